"""Renderers: the edge where a contract (an ``Outline``, an ``Article``, a report) becomes
text, looked up in one table.

``RENDERERS`` says which function writes each contract in each format. The format is
chosen once, from ``--format`` and whether stdout is a terminal (``choose_format``: the
one "auto" rule); nothing downstream looks at the environment again. ``text`` gives the
bytes for stdout or a file, ``view`` the Rich renderable for a terminal, printed by a
console from ``console``, the one place a Rich ``Console`` is made. Markdown, JSON and
paths are plain strings that never pass through Rich, so they can't pick up escape codes.

Nothing here builds a contract: hatch's article is written from the outline before it
comes here (``api.write_article``). A renderer module is imported only when its format is
used, so a command pays at start-up for none it does not print.
"""

from __future__ import annotations

import importlib
import io
import re
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from hatch_cli.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from rich.console import Console, RenderableType

    from hatch_cli.core.llm.brief import Brief


class Format(StrEnum):
    """What ``--format`` accepts (each contract takes those it has a renderer for)."""

    auto = "auto"
    rich = "rich"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"
    paths = "paths"


class Style(StrEnum):
    """What ``--style`` accepts: the merged outline, or the article written from it."""

    outline = "outline"
    article = "article"


class Renderer(NamedTuple):
    """A renderer: ``function`` of the module ``render.<module>``, imported on first use.
    ``wikilinks``: it can name the sources as [[wikilinks]] (``--links wiki``)."""

    module: str
    function: str
    wikilinks: bool = False


_JSON = Renderer("to_json", "to_json")
#: Which renderer writes each contract (by class name) in each format; Rich gives a
#: renderable (``view``), the others text. A new format is a member of ``Format``, a
#: ``to_<format>.py`` module and its rows here.
RENDERERS: dict[tuple[Format, str], Renderer] = {
    (Format.rich, "Outline"): Renderer("to_terminal", "outline_renderable"),
    (Format.rich, "Article"): Renderer("to_terminal", "article_renderable"),
    (Format.rich, "PairsReport"): Renderer("to_terminal", "pairs_renderable"),
    (Format.rich, "KeywordsReport"): Renderer("to_terminal", "keywords_renderable"),
    (Format.rich, "IdeasReport"): Renderer("to_terminal", "ideas_renderable"),
    (Format.markdown, "Outline"): Renderer("to_markdown", "to_markdown"),
    (Format.markdown, "Article"): Renderer("to_article", "to_article", wikilinks=True),
    (Format.markdown, "PairsReport"): Renderer("to_markdown", "pairs_markdown"),
    (Format.markdown, "KeywordsReport"): Renderer("to_markdown", "keywords_markdown"),
    (Format.markdown, "IdeasReport"): Renderer("to_markdown", "ideas_markdown"),
    (Format.json, "Outline"): _JSON,
    (Format.json, "Article"): _JSON,
    (Format.json, "PairsReport"): _JSON,
    (Format.json, "KeywordsReport"): _JSON,
    (Format.json, "IdeasReport"): _JSON,
    (Format.jsonl, "PairsReport"): Renderer("to_json", "pairs_jsonl"),
    (Format.jsonl, "KeywordsReport"): Renderer("to_json", "keywords_jsonl"),
    (Format.jsonl, "IdeasReport"): Renderer("to_json", "ideas_jsonl"),
    (Format.jsonl, "HatchedIdea"): Renderer("to_json", "to_json_line"),
    (Format.paths, "IdeasReport"): Renderer("to_paths", "ideas_paths"),
    (Format.paths, "HatchedIdea"): Renderer("to_paths", "idea_path"),
}
#: What "auto" is in a pipe or a file, where it is not Markdown: ``hatch ideas`` lists the
#: paths of the notes it writes, for shell loops.
PIPED = {"IdeasReport": Format.paths}
#: Formats of one line an item: a list in one of them can be printed an item at a time,
#: as each is made (``hatch ideas`` writes its notes one by one).
LINES = frozenset({Format.jsonl, Format.paths})
#: What a format that a contract has no renderer for is for instead.
_MEANT_FOR = {Format.jsonl: "lists (pairs, keywords)", Format.paths: "hatch ideas"}


def choose_format(requested: str, contract: type, stdout_is_tty: bool) -> Format:
    """The format to print a ``contract`` in: ``auto`` is Rich in a terminal and in a pipe
    or file Markdown (or the contract's own, ``PIPED``); anything else as asked, if the
    contract has a renderer for it (a usage error if not)."""
    if requested == Format.auto:
        return Format.rich if stdout_is_tty else PIPED.get(contract.__name__, Format.markdown)
    chosen = Format(requested)
    if (chosen, contract.__name__) not in RENDERERS:
        meant = _MEANT_FOR.get(chosen, "other outputs")
        raise UsageError(f"--format {chosen} is for {meant}; use json here")
    return chosen


def text(contract: Any, fmt: Format, *, wikilinks: bool = False) -> str:
    """``contract`` as the text of a file or a pipe in ``fmt`` (Rich: the terminal view
    without colour); ``wikilinks``: sources as [[wikilinks]] where the format has them."""
    if fmt == Format.rich:
        return plain_text(view(contract))
    renderer = RENDERERS[fmt, type(contract).__name__]
    write: Callable[..., str] = _function(renderer)
    return write(contract, wikilinks=wikilinks) if renderer.wikilinks else write(contract)


def pairs_text(report: Any, columns: Iterable[Any], fmt: Format) -> Iterator[str]:
    """A ``PairsReport`` (``report``, without its pairs) and its pairs as they come, as
    ``PairColumns`` (``columns``), in ``fmt`` (json or jsonl), a piece at a time: the
    bytes ``text`` gives for the whole report (``to_json.pairs_stream``)."""
    from hatch_cli.render.to_json import pairs_stream

    return pairs_stream(report, columns, fmt.value)


def view(contract: Any) -> RenderableType:
    """``contract`` as a Rich renderable for a terminal."""
    show: Callable[[Any], RenderableType] = _function(
        RENDERERS[Format.rich, type(contract).__name__]
    )
    return show(contract)


def _function(renderer: Renderer) -> Any:
    module = importlib.import_module(f"{__name__}.{renderer.module}")
    return getattr(module, renderer.function)


def brief_text(brief: Brief) -> str:
    """What ``--llm --dry-run`` prints: the system prompt, the prompt, the schema if any."""
    import json  # only --llm --dry-run prints a brief

    from hatch_cli.core.writing.prose import count_words

    parts = [
        f"--- system prompt ({count_words(brief.system):,} words) ---\n{brief.system}",
        f"--- prompt ({count_words(brief.prompt):,} words) ---\n{brief.prompt}",
    ]
    if brief.schema is not None:
        schema = json.dumps(brief.schema, indent=2, sort_keys=True)
        parts.append(f"--- JSON schema of the answer ---\n{schema}")
    return "\n\n".join(parts) + "\n"


def model_view(
    model: str, written: str, problems: str, console: Console, tail_lines: int
) -> RenderableType:
    """A language model at work, for a live view on stderr (``to_terminal``)."""
    # Rich's renderables: only a live view.
    from hatch_cli.render.to_terminal import model_renderable

    return model_renderable(model, written, problems, console, tail_lines)


def console(*, stderr: bool = False, file: Any = None, plain: bool = False) -> Console:
    """The Rich console every terminal view is printed with: stdout (or ``stderr``, or a
    ``file``), no highlighting of note text; ``plain`` is colourless at 100 columns, for
    ``--format rich -o FILE``."""
    from rich.console import Console  # Rich loads when a view is shown, not with render

    if plain:
        return Console(file=file, highlight=False, color_system=None, width=100)
    return Console(file=file, stderr=stderr, highlight=False, soft_wrap=False)


def plain_text(renderable: RenderableType) -> str:
    """A Rich view rendered without colour, for ``--format rich`` into a file or pipe."""
    buffer = io.StringIO()
    console(file=buffer, plain=True).print(renderable)
    return trim_line_ends(buffer.getvalue())


# The end of a line as Rich writes it: the spaces it pads with, between style codes.
_LINE_TAIL = re.compile(r"(?:[ ]|\x1b\[[0-9;]*m)+$", re.MULTILINE)


def trim_line_ends(text: str) -> str:
    """Rich's output without the spaces it pads lines with (style codes kept): padding
    makes a copied or saved view hard to use."""
    return _LINE_TAIL.sub(lambda tail: tail.group(0).replace(" ", ""), text)
