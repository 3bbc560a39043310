"""Renderers: the edge where an ``Outline`` (or a report) becomes text.

The format is chosen once, here, from the ``--format`` option and whether stdout is a
terminal (``choose_format``); nothing downstream looks at the environment again. Then
``outline_text``/``report_text`` give the bytes for stdout or a file, and
``outline_view``/``report_view`` the Rich renderable for a terminal, printed by a console
from ``console``, the one place a Rich ``Console`` is made. Markdown and JSON are plain
strings that never pass through Rich, so they can't pick up escape codes.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from hatch_cli.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from hatch_cli.models import Article, Outline
    from hatch_cli.reports import IdeasReport, KeywordsReport, PairsReport


class Format(StrEnum):
    """What ``--format`` accepts; ``jsonl`` (a JSON object a line) only for lists."""

    auto = "auto"
    rich = "rich"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"


class Style(StrEnum):
    """What ``--style`` accepts: the merged outline, or the same outline as an article."""

    outline = "outline"
    article = "article"


def choose_format(requested: str, stdout_is_tty: bool, *, lists: bool = True) -> Format:
    """``auto`` is Rich in a terminal and Markdown in a pipe or file; anything else as asked
    (``jsonl`` only where the output is a list: ``lists``)."""
    if requested == Format.auto:
        return Format.rich if stdout_is_tty else Format.markdown
    if requested == Format.jsonl and not lists:
        raise UsageError("--format jsonl is for lists (pairs, keywords); use json here")
    return Format(requested)


def console(*, stderr: bool = False, file: Any = None, plain: bool = False) -> Console:
    """The Rich console every terminal view is printed with: stdout (or ``stderr``, or a
    ``file``), no highlighting of note text; ``plain`` is colourless at 100 columns, for
    ``--format rich -o FILE``."""
    from rich.console import Console

    if plain:
        return Console(file=file, highlight=False, color_system=None, width=100)
    return Console(file=file, stderr=stderr, highlight=False, soft_wrap=False)


def outline_view(outline: Outline, style: Style = Style.outline) -> RenderableType:
    """The outline (or article) as a Rich renderable for a terminal."""
    if style == Style.article:
        from hatch_cli.core.article import write_article

        return article_view(write_article(outline))
    from hatch_cli.render.to_terminal import outline_renderable

    return outline_renderable(outline)


def article_view(article: Article) -> RenderableType:
    """An article (hatch's or a model's) as a Rich renderable for a terminal."""
    from rich.markdown import Markdown

    from hatch_cli.render.to_article import article_body

    # Every text in the article is Markdown-escaped, so it stays inert here.
    return Markdown(article_body(article))


def article_text(article: Article, fmt: Format, *, wikilinks: bool = False) -> str:
    """An article as the text of a file or a pipe in ``fmt``: a note with frontmatter,
    the ``Article`` contract as JSON, or the terminal view without colour."""
    if fmt == Format.rich:
        return plain_text(article_view(article))
    if fmt == Format.json:
        from hatch_cli.render.to_json import to_json

        return to_json(article)
    from hatch_cli.render.to_article import to_article

    return to_article(article, wikilinks=wikilinks)


def outline_text(
    outline: Outline, fmt: Format, style: Style = Style.outline, *, wikilinks: bool = False
) -> str:
    """The outline as the text of a file or a pipe in ``fmt`` (with ``Style.article``, the
    article written from it: its JSON is the ``Article`` contract)."""
    if fmt == Format.rich:
        return plain_text(outline_view(outline, style))
    if style == Style.article:
        from hatch_cli.core.article import write_article

        return article_text(write_article(outline), fmt, wikilinks=wikilinks)
    if fmt == Format.json:
        from hatch_cli.render.to_json import to_json

        return to_json(outline)
    from hatch_cli.render.to_markdown import to_markdown

    return to_markdown(outline)


def report_view(report: PairsReport | KeywordsReport | IdeasReport) -> RenderableType:
    """A pairs, keywords or ideas report as a Rich renderable."""
    from hatch_cli.render import pairs
    from hatch_cli.reports import IdeasReport, PairsReport

    if isinstance(report, PairsReport):
        return pairs.pairs_renderable(report)
    if isinstance(report, IdeasReport):
        return pairs.ideas_renderable(report)
    return pairs.keywords_renderable(report)


def report_text(report: PairsReport | KeywordsReport | IdeasReport, fmt: Format) -> str:
    """A pairs, keywords or ideas report as text in ``fmt``."""
    from hatch_cli.render import pairs
    from hatch_cli.reports import IdeasReport, PairsReport

    if fmt == Format.json:
        from hatch_cli.render.to_json import to_json

        return to_json(report)
    if fmt == Format.rich:
        return plain_text(report_view(report))
    if isinstance(report, PairsReport):
        return pairs.pairs_jsonl(report) if fmt == Format.jsonl else pairs.pairs_markdown(report)
    if isinstance(report, IdeasReport):
        return pairs.ideas_jsonl(report) if fmt == Format.jsonl else pairs.ideas_markdown(report)
    if fmt == Format.jsonl:
        return pairs.keywords_jsonl(report)
    return pairs.keywords_markdown(report)


def plain_text(renderable: RenderableType) -> str:
    """A Rich view rendered without colour, for ``--format rich`` into a file or pipe."""
    import io

    buffer = io.StringIO()
    console(file=buffer, plain=True).print(renderable)
    return trim_line_ends(buffer.getvalue())


# The end of a line as Rich writes it: the spaces it pads with, between style codes.
_LINE_TAIL = re.compile(r"(?:[ ]|\x1b\[[0-9;]*m)+$", re.MULTILINE)


def trim_line_ends(text: str) -> str:
    """Rich's output without the spaces it pads lines with (style codes kept): padding
    makes a copied or saved view hard to use."""
    return _LINE_TAIL.sub(lambda tail: tail.group(0).replace(" ", ""), text)
