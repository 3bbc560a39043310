"""The edge to a language model: Simon Willison's ``llm`` library, imported only here and
only for ``--llm``.

``choose_model`` finds the model the user asked for (or ``llm``'s default, ``llm models
default``) among those ``llm`` and its plugins know; ``write_article`` is the whole of
``api.write_with_model``: the brief (``core.llm.brief``), the request, one retry when the
answer has the wrong shape (``core.llm.reply``), the quote and link check
(``core.llm.grounding``), the article framed by hatch. ``ask`` sends one ``Brief`` and
returns the text of its answer. The answer is streamed: each piece goes to the
``Watcher`` as it arrives (the command line draws it in a terminal), and reading stops
once it is longer than ``reply.MAX_REPLY_CHARS`` (``parse_reply`` then says so). The
model runs in a worker thread so that ``timeout`` bounds the wait for every piece (the
first, then each next one) whatever the plugin does, and Ctrl-C stops hatch at once.

Whatever goes wrong becomes a ``HatchError`` with one line to show: the library missing,
an unknown model, a missing key (``ModelUnavailable``); no network, a timeout, a rate
limit, any error the provider or plugin raised (``ModelFailed``, its message trimmed and
made inert, since it comes from outside). Nothing here reads notes or writes files.
"""

from __future__ import annotations

import importlib
import queue
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from hatch_cli.core.llm.brief import NOTE_WORDS, Brief, make_brief, with_problems
from hatch_cli.core.llm.grounding import unverified_links, unverified_quotes
from hatch_cli.core.llm.reply import MAX_REPLY_CHARS, model_article, parse_reply
from hatch_cli.core.reading.inert import make_inert
from hatch_cli.core.writing.prose import shorten
from hatch_cli.errors import (
    BadReply,
    HatchError,
    ModelFailed,
    ModelUnavailable,
    UnverifiedQuotes,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from hatch_cli.models import Article, Note, Outline

#: Seconds to wait for the model's next piece of text (the first, or the next) by default.
TIMEOUT = 300.0
#: The longest a provider's message is shown, in characters.
MESSAGE_CHARS = 200
#: Pieces of an answer the model's thread may hand over before hatch reads them: memory
#: stays bounded by ``reply.MAX_REPLY_CHARS`` however fast the model writes.
PIECES_AHEAD = 64
INSTALL = "pip install 'hatch-notes[llm]'"


class Watcher(Protocol):
    """Told what the model is doing, to show it (the command line's live view)."""

    def waiting(self, model: str) -> None:
        """The request is sent; nothing has come back yet."""

    def text(self, piece: str) -> None:
        """A piece of the answer arrived."""

    def retrying(self, problems: str) -> None:
        """The answer had the wrong shape; the model is asked again."""

    def finished(self) -> None:
        """The answer is complete (or the request failed)."""


@dataclass(frozen=True)
class LanguageModel:
    """A model chosen through ``llm``: its id, whether it takes a JSON schema and whether
    it streams, and the ``llm`` model object itself."""

    model_id: str
    json_answer: bool
    handle: Any
    streams: bool = True


def load_llm() -> Any:
    """The ``llm`` module, or ``ModelUnavailable`` saying how to install it."""
    try:
        return importlib.import_module("llm")
    except ModuleNotFoundError as err:
        if err.name not in ("llm", None):
            raise ModelUnavailable(
                f"the llm library could not load {err.name!r}: reinstall it with {INSTALL}"
            ) from err
        raise ModelUnavailable(
            f"--llm needs the llm library, which is not installed: {INSTALL}"
        ) from None
    except ImportError as err:
        raise ModelUnavailable(f"the llm library could not be loaded: {_message(err)}") from err


def choose_model(name: str | None = None) -> LanguageModel:
    """The model ``name`` names (a model id or alias), or llm's default model."""
    llm = load_llm()
    try:
        model = llm.get_model(name) if name else llm.get_model()
    except llm.UnknownModelError:
        asked = name or _default_name(llm)
        raise ModelUnavailable(
            f"unknown model {make_inert(asked)!r}: `llm models` lists the models you have "
            "(a plugin adds more: llm install llm-ollama, say)"
        ) from None
    except Exception as err:
        raise ModelUnavailable(f"llm could not list its models: {_message(err)}") from err
    model_id = str(getattr(model, "model_id", name or "model"))
    return LanguageModel(
        model_id=model_id,
        json_answer=bool(getattr(model, "supports_schema", False)),
        handle=model,
        streams=bool(getattr(model, "can_stream", True)),
    )


def dry_run_model(name: str | None = None) -> LanguageModel:
    """The model a dry run names: ``choose_model``'s, or without the llm library a stand-in
    by ``name`` that answers in Markdown, so the prompt can be read before installing it
    (a dry run sends nothing)."""
    try:
        return choose_model(name)
    except ModelUnavailable:
        try:
            importlib.import_module("llm")
        except ModuleNotFoundError as err:
            if err.name in ("llm", None):
                return LanguageModel(model_id=name or "llm's default model", json_answer=False,
                                     handle=None, streams=False)  # fmt: skip
        raise


def check_key(model: LanguageModel) -> None:
    """``ModelUnavailable`` now if the model needs a key that is not set, rather than after
    the notes were read and the request built."""
    if not getattr(model.handle, "needs_key", None):
        return
    llm = load_llm()
    try:
        model.handle.get_key()
    except llm.NeedsKeyException as err:
        raise ModelUnavailable(f"{_message(err)}", model.model_id) from None


def write_article(
    model: LanguageModel,
    outline: Outline,
    notes: Sequence[Note],
    *,
    note_words: int | None = None,
    timeout: float | None = None,
    strict: bool = False,
    watcher: Watcher | None = None,
    warn: Callable[[str, str], None] | None = None,
    notify: Callable[[str], None] | None = None,
) -> Article:
    """``api.write_with_model``: brief the model, ask it (once more if the answer has the
    wrong shape, saying what was wrong), check the quotes and links, frame the article."""
    check_key(model)
    words = NOTE_WORDS if note_words is None else note_words
    brief = make_brief(outline, notes, json_answer=model.json_answer, note_words=words)
    if notify is not None:
        for cut in brief.trimmed:
            notify(
                f"{cut.path}: the model gets the first {cut.words_sent} of its {cut.words} "
                "words (--note-words)"
            )
    wait = TIMEOUT if timeout is None else timeout
    answer = ask(model, brief, timeout=wait, watcher=watcher)
    parsed = parse_reply(answer, brief.sources)
    if parsed.draft is None:
        if watcher is not None:
            watcher.retrying("; ".join(parsed.problems))
        answer = ask(model, with_problems(brief, parsed.problems), timeout=wait, watcher=watcher)
        parsed = parse_reply(answer, brief.sources)
    if parsed.draft is None:
        if not answer.strip():
            raise BadReply("it returned nothing, twice (it was asked again once)", model.model_id)
        told = "; ".join(parsed.problems)
        raise BadReply(f"its answer had the wrong shape, twice: {told}", model.model_id)
    quotes = unverified_quotes(parsed.draft.texts(), notes)
    links = unverified_links(parsed.draft.texts(), notes)
    unverified = quotes + links
    if unverified and strict:
        raise UnverifiedQuotes(_strict_problem(quotes, links), model.model_id)
    if warn is not None:
        for passage in quotes:
            said = f"quotes a passage found in none of the notes: “{_short(passage)}”"
            warn(model.model_id, said)
        for link in links:
            warn(model.model_id, f"gives a link found in none of the notes: {_short(link)}")
    return model_article(
        parsed.draft, outline, model=model.model_id, unverified=unverified, trimmed=brief.trimmed
    )


def _strict_problem(quotes: Sequence[str], links: Sequence[str]) -> str:
    """The one line of ``--strict``: what the article has that no note has, the first of it."""
    said = []
    if quotes:
        said.append(f"quotes {len(quotes)} passage{'s' if len(quotes) > 1 else ''}")
    if links:
        said.append(f"gives {len(links)} link{'s' if len(links) > 1 else ''}")
    first = f"“{_short(quotes[0])}”" if quotes else _short(links[0])
    return f"the article {' and '.join(said)} found in none of the notes (--strict): {first}"


def _short(passage: str) -> str:
    return shorten(" ".join(make_inert(passage).split()), 120)


def ask(model: LanguageModel, brief: Brief, *, timeout: float, watcher: Watcher | None) -> str:
    """Send ``brief`` to ``model`` and return its whole answer, streamed to ``watcher``.

    Raises ``ModelFailed`` (or ``ModelUnavailable`` for a key problem) on any failure,
    including ``timeout`` seconds without a new piece of text."""
    pieces: queue.Queue[tuple[str, Any]] = queue.Queue(PIECES_AHEAD)
    stop = threading.Event()  # set when hatch reads no more: the worker stops too

    def hand(kind: str, value: Any) -> bool:
        """Give the main thread a piece; False once it reads no more."""
        while not stop.is_set():
            try:
                pieces.put((kind, value), timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            options: dict[str, Any] = {"system": brief.system, "stream": model.streams}
            if brief.schema is not None:
                options["schema"] = brief.schema
            response = model.handle.prompt(brief.prompt, **options)
            for piece in response:
                if not hand("text", piece):
                    return
            hand("done", None)
        except BaseException as err:  # handed to the main thread, which decides
            hand("error", err)

    if watcher is not None:
        watcher.waiting(model.model_id)
    worker = threading.Thread(target=work, name="hatch-model", daemon=True)
    worker.start()
    answer: list[str] = []
    size = 0
    try:
        while True:
            try:
                kind, value = pieces.get(timeout=timeout)
            except queue.Empty:
                waited = "sent nothing" if not answer else "stopped sending"
                raise ModelFailed(
                    f"{waited} for {timeout:g} seconds (--timeout)", model.model_id
                ) from None
            if kind == "done":
                return "".join(answer)
            if kind == "error":
                if isinstance(value, KeyboardInterrupt):
                    raise value
                raise failure(value, model.model_id)
            text = str(value)
            answer.append(text)
            if watcher is not None and text:
                watcher.text(text)
            size += len(text)
            if size > MAX_REPLY_CHARS:
                return "".join(answer)  # too long to use: parse_reply says so
    finally:
        stop.set()
        if watcher is not None:
            watcher.finished()


def failure(err: BaseException, model_id: str) -> HatchError:
    """What an exception from ``llm`` or its plugin means, as one line for the user."""
    if isinstance(err, HatchError):
        return err
    llm = load_llm()
    message = _message(err)
    if isinstance(err, llm.NeedsKeyException):
        return ModelUnavailable(message, model_id)
    status = getattr(err, "status_code", None)
    if isinstance(status, int):
        if status in (401, 403):
            return ModelUnavailable(
                f"the provider refused the key (HTTP {status}): {message}", model_id
            )
        if status == 429:
            return ModelFailed(f"rate limited by the provider (HTTP 429): {message}", model_id)
        return ModelFailed(f"the provider answered HTTP {status}: {message}", model_id)
    name = type(err).__name__
    if isinstance(err, TimeoutError) or "Timeout" in name:
        return ModelFailed(f"the request timed out: {message}", model_id)
    if isinstance(err, ConnectionError | OSError) or "Connect" in name or "Network" in name:
        return ModelFailed(f"could not reach the model: {message}", model_id)
    if isinstance(err, llm.ModelError):
        return ModelFailed(message, model_id)
    return ModelFailed(f"{name}: {message}", model_id)


def _message(err: BaseException) -> str:
    """An exception's message as one short, inert line: a provider's own error message
    when its body has one (OpenAI-style ``{"error": {"message": ...}}``)."""
    body = getattr(err, "body", None)
    text = ""
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            text = inner["message"]
        elif isinstance(inner, str):
            text = inner
    if not text:
        text = str(getattr(err, "message", "") or err) or type(err).__name__
    return shorten(" ".join(make_inert(text).split()), MESSAGE_CHARS)


def _default_name(llm: Any) -> str:
    try:
        return str(llm.get_default_model())
    except Exception:
        return "the default model"
