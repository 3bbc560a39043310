"""Outline -> Rich renderables for a terminal.

Note text only ever enters Rich as ``Text`` objects, never as markup strings: a note that
says ``[bold]`` or ``[/x]`` prints those characters, and control characters were already
made visible when the note was read. Inline code is shown in its own style.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from hatch_cli.core.inert import make_inert
from hatch_cli.core.phrasebook import phrasebook
from hatch_cli.core.text import CODE_SPAN
from hatch_cli.models import Outline

CODE_STYLE = "bold magenta"


def inert(text: str, style: str = "") -> Text:
    """Note text as a ``Text``: never markup, no control character, code styled."""
    text = make_inert(text)
    if "`" not in text:
        return Text(text, style=style)
    out = Text(style=style)
    for i, part in enumerate(CODE_SPAN.split(text)):
        out.append(part, style=CODE_STYLE if i % 2 else "")
    return out


def _heading(label: str) -> Rule:
    return Rule(Text(label, style="bold cyan"), align="left", style="cyan")


def _items(rows: Iterable[tuple[str, Text]]) -> Table:
    """Bulleted or numbered lines whose wrapped text stays indented under its first word."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for marker, text in rows:
        grid.add_row(marker, text)
    return grid


def _attributed(title: str, text: str) -> Text:
    line = inert(title, style="italic")
    line.append(": ")
    line.append(inert(text))
    return line


#: How the terminal says what a relatedness was computed in.
SCORED_IN = {"notes": "(the notes alone)", "vault": "(in the vault)"}


def outline_renderable(outline: Outline) -> RenderableType:
    """The outline as one Rich renderable, top to bottom like the Markdown."""
    book = phrasebook(outline.lang)
    titles = {source.path: source.title for source in outline.sources}
    byline = Text(
        f"{outline.date} · {outline.reading_time_minutes} min · "
        f"relatedness {outline.relatedness:.2f} {SCORED_IN[outline.scored_in]}",
        style="dim",
    )
    parts: list[RenderableType] = [
        Panel(Group(inert(outline.title, style="bold"), byline), border_style="magenta")
    ]
    if outline.intro:
        parts.append(Padding(inert(outline.intro), (0, 1, 1, 1)))
    if outline.related:
        parts.append(_heading(book.heading("themes")))
        for theme in outline.themes:
            keyword = inert(theme.keyword, style=CODE_STYLE if theme.code else "bold green")
            parts.append(Padding(keyword, (0, 1)))
            rows = [
                ("•", _attributed(titles.get(line.source, line.source), line.text))
                for line in theme.support
            ]
            parts.append(Padding(_items(rows), (0, 1, 1, 2)))
        if not outline.themes and book.writes_sentences:
            words = [f"`{w}`" if w in outline.code_keywords else w for w in outline.shared_keywords]
            unsaid = book.shared_unsaid(words[:5])
            parts.append(Padding(inert(unsaid, style="italic"), (0, 1, 1, 1)))
    parts.append(_heading(book.heading("brings")))
    for points in outline.key_points:
        parts.append(Padding(inert(points.title, style="bold"), (0, 1)))
        parts.append(Padding(_items(("•", inert(point)) for point in points.points), (0, 1, 1, 2)))
    if outline.questions:
        parts.append(_heading(book.heading("connect")))
        questions = (("?", inert(question)) for question in outline.questions)
        parts.append(Padding(_items(questions), (0, 1, 1, 2)))
    if outline.advice:
        parts.append(_heading(book.heading("advice")))
        advice = ((f"{n}.", inert(item.text)) for n, item in enumerate(outline.advice, 1))
        parts.append(Padding(_items(advice), (0, 1, 1, 2)))
    if outline.conclusion:
        parts += [
            _heading(book.heading("conclusion")),
            Padding(inert(outline.conclusion), (0, 1, 1, 1)),
        ]
    parts.append(_heading(book.heading("sources")))
    sources = (
        ("•", inert(source.title).append(f"  {make_inert(source.where())}", style="dim"))
        for source in outline.sources
    )
    parts.append(Padding(_items(sources), (0, 1, 0, 2)))
    return Group(*parts)
