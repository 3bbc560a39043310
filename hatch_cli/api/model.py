"""``hatch combine --llm`` as functions: a language model chosen, the brief it would be
sent, and the article it writes, checked. The ``llm`` library is imported only by them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hatch_cli.api.common import Notify
from hatch_cli.models import Note, Outline
from hatch_cli.notes import Warn

if TYPE_CHECKING:
    from hatch_cli.core.llm.brief import Brief
    from hatch_cli.llm_writer import LanguageModel, Watcher
    from hatch_cli.models import Article


def choose_model(name: str | None = None) -> LanguageModel:
    """A language model through the ``llm`` library, by model id or alias (``llm models``
    lists them); None: ``llm``'s default model (``llm models default``). Raises
    ``ModelUnavailable`` when ``llm`` is not installed or knows no such model."""
    from hatch_cli.llm_writer import choose_model as choose  # the llm library: only --llm

    return choose(name)


def dry_run_model(name: str | None = None) -> LanguageModel:
    """The model a dry run names (``--llm --dry-run``): ``choose_model``'s, or without the
    ``llm`` library a stand-in by that name that answers in Markdown. Sends nothing."""
    from hatch_cli.llm_writer import dry_run_model as stand_in

    return stand_in(name)


def model_brief(
    outline: Outline,
    notes: Sequence[Note],
    *,
    model: LanguageModel | None = None,
    note_words: int | None = None,
) -> Brief:
    """What ``write_with_model`` would send for ``outline`` (``hatch combine --llm
    --dry-run``): the prompts, the JSON schema of the answer if ``model`` takes one
    (without a model: Markdown), the notes that were trimmed. Sends nothing."""
    from hatch_cli.core.llm.brief import NOTE_WORDS, make_brief  # only --llm

    return make_brief(
        outline,
        notes,
        json_answer=model is not None and model.json_answer,
        note_words=NOTE_WORDS if note_words is None else note_words,
    )


def write_with_model(
    outline: Outline,
    notes: Sequence[Note],
    *,
    model: LanguageModel | str | None = None,
    note_words: int | None = None,
    timeout: float | None = None,
    strict: bool = False,
    watcher: Watcher | None = None,
    warn: Warn | None = None,
    notify: Notify | None = None,
) -> Article:
    """The article of ``outline`` written by a language model, checked.

    ``notes`` are the notes the outline combines (``read_notes``; their text, trimmed to
    ``note_words`` words, is sent to ``model``: a ``choose_model`` result, a model name,
    or None for ``llm``'s default). An answer of the wrong shape (empty, a part missing,
    not one section per note, not exactly three pieces of advice) is asked for once more,
    saying what was wrong; a second wrong answer (or one too big to read) is ``BadReply``.
    Passages the article quotes, and links it gives, that are in none of the notes are
    listed in ``unverified_quotes`` and passed to ``warn`` (``strict``:
    ``UnverifiedQuotes`` instead). The title, date, tags, sources and
    reading time are hatch's. ``watcher`` sees the answer as it streams; ``notify`` hears
    which notes were trimmed. Failures of the model are ``ModelUnavailable`` or
    ``ModelFailed``, each with one line to show.
    """
    from hatch_cli.llm_writer import LanguageModel, write_article  # the llm library: only --llm

    chosen = model if isinstance(model, LanguageModel) else choose_model(model)
    return write_article(
        chosen, outline, notes, note_words=note_words, timeout=timeout, strict=strict,
        watcher=watcher, warn=warn, notify=notify,
    )  # fmt: skip
