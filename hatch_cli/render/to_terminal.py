"""Outline -> Rich renderables for a terminal.

Note text only ever enters Rich as ``Text`` objects, never as markup strings: a note that
says ``[bold]`` or ``[/x]`` prints those characters, and control characters were already
made visible when the note was read.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from hatch_cli.core.text import make_inert
from hatch_cli.models import Outline


def _inert(text: str, style: str = "") -> Text:
    """Note text as a ``Text``: never markup, and no control character reaches Rich."""
    return Text(make_inert(text), style=style)


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
    line = _inert(title, style="italic")
    line.append(": ")
    line.append(_inert(text))
    return line


def outline_renderable(outline: Outline) -> RenderableType:
    """The outline as one Rich renderable, top to bottom like the Markdown."""
    titles = {source.path: source.title for source in outline.sources}
    byline = Text(
        f"{outline.date} · {outline.reading_time_minutes} min read · "
        f"relatedness {outline.relatedness:.2f}",
        style="dim",
    )
    parts: list[RenderableType] = [
        Panel(Group(_inert(outline.title, style="bold"), byline), border_style="magenta"),
        Padding(_inert(outline.intro), (0, 1, 1, 1)),
        _heading("Shared themes"),
    ]
    if not outline.themes:
        parts.append(Padding(Text("These notes share no keywords.", style="italic"), (0, 1, 1, 1)))
    for theme in outline.themes:
        parts.append(Padding(_inert(theme.keyword, style="bold green"), (0, 1)))
        rows = [
            ("•", _attributed(titles.get(line.source, line.source), line.text))
            for line in theme.support
        ]
        parts.append(Padding(_items(rows), (0, 1, 1, 2)))
    parts.append(_heading("What each note brings"))
    for points in outline.key_points:
        parts.append(Padding(_inert(points.title, style="bold"), (0, 1)))
        parts.append(Padding(_items(("•", _inert(point)) for point in points.points), (0, 1, 1, 2)))
    parts.append(_heading("Actionable advice"))
    advice = ((f"{number}.", _inert(item.text)) for number, item in enumerate(outline.advice, 1))
    parts.append(Padding(_items(advice), (0, 1, 1, 2)))
    parts += [_heading("Conclusion"), Padding(_inert(outline.conclusion), (0, 1, 1, 1))]
    parts.append(_heading("Sources"))
    sources = (
        ("•", _inert(source.title).append(f"  {make_inert(source.path)}", style="dim"))
        for source in outline.sources
    )
    parts.append(Padding(_items(sources), (0, 1, 0, 2)))
    return Group(*parts)
