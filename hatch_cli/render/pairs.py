"""Pairs and keywords reports -> Markdown, JSON Lines, or Rich renderables.

Markdown and JSONL are plain strings that never pass through Rich. In the Rich view, note
text (paths, titles, keywords) only ever enters as ``Text``, never as markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hatch_cli.render.to_json import to_json_line
from hatch_cli.render.to_markdown import escape
from hatch_cli.reports import KeywordsReport, PairsReport

if TYPE_CHECKING:
    from rich.console import RenderableType


def _code(text: str) -> str:
    """Inline code that survives backticks in the text: fenced by more of them than its
    longest run (CommonMark's rule)."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def pairs_markdown(report: PairsReport) -> str:
    """A numbered Markdown list: score, the two paths, what they share, whether linked."""
    lines = [f"# Note pairs ({report.notes} notes)", ""]
    if not report.pairs:
        lines.append("No pairs scored above the minimum.")
    for number, pair in enumerate(report.pairs, 1):
        linked = " (already linked)" if pair.linked else ""
        lines.append(f"{number}. {pair.score:.4f} {_code(pair.a)} + {_code(pair.b)}{linked}")
        if pair.shared:
            lines.append(f"   - shared: {', '.join(map(escape, pair.shared))}")
    if report.skipped:
        lines += ["", f"Skipped {len(report.skipped)} note(s):", ""]
        lines += [f"- {_code(item.path)}: {item.reason}" for item in report.skipped]
    return "\n".join(lines) + "\n"


def pairs_jsonl(report: PairsReport) -> str:
    """One ``NotePair`` object per line, best first (no envelope)."""
    return "".join(to_json_line(pair) for pair in report.pairs)


def pairs_renderable(report: PairsReport) -> RenderableType:
    """A Rich table of the pairs."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"Note pairs ({report.notes} notes)"), title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column("score", justify="right")
    table.add_column("notes")
    table.add_column("shared")
    for number, pair in enumerate(report.pairs, 1):
        notes = Text(pair.a)
        notes.append("\n")
        notes.append(pair.b)
        if pair.linked:
            notes.append("\n(already linked)", style="dim")
        table.add_row(
            Text(str(number)),
            Text(f"{pair.score:.4f}", style="bold"),
            notes,
            Text(", ".join(pair.shared), style="green"),
        )
    return table


def keywords_markdown(report: KeywordsReport) -> str:
    """One section per note: its keywords with weight and count."""
    lines: list[str] = []
    for entry in report.notes:
        lines += [f"## {escape(entry.title)}", "", f"{_code(entry.path)} ({entry.lang})", ""]
        lines += [
            f"- {escape(keyword.text)} ({keyword.weight:.4f}, {keyword.count}x)"
            for keyword in entry.keywords
        ]
        lines.append("")
    if report.skipped:
        lines += [f"Skipped {len(report.skipped)} note(s):", ""]
        lines += [f"- {_code(item.path)}: {item.reason}" for item in report.skipped]
        lines.append("")
    return "\n".join(lines) if lines else "No notes.\n"


def keywords_jsonl(report: KeywordsReport) -> str:
    """One ``NoteKeywords`` object per line."""
    return "".join(to_json_line(entry) for entry in report.notes)


def keywords_renderable(report: KeywordsReport) -> RenderableType:
    """One Rich table per note."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    tables: list[RenderableType] = []
    for entry in report.notes:
        title = Text(entry.title, style="bold")
        title.append(f"  {entry.path}", style="dim")
        table = Table(title=title, title_justify="left")
        table.add_column("keyword")
        table.add_column("weight", justify="right")
        table.add_column("count", justify="right")
        for keyword in entry.keywords:
            table.add_row(
                Text(keyword.text), Text(f"{keyword.weight:.4f}"), Text(str(keyword.count))
            )
        tables.append(table)
    return Group(*tables)
