"""Pairs and keywords reports -> Markdown, JSON Lines, or Rich renderables.

Markdown and JSONL are plain strings that never pass through Rich. In the Rich view, note
text (paths, titles, keywords) only ever enters as ``Text``, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hatch_cli.render.to_json import to_json_line
from hatch_cli.render.to_markdown import code as _code
from hatch_cli.render.to_markdown import escape
from hatch_cli.reports import KeywordsReport, NotePair, PairsReport

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

#: How the terminal shows a keyword the notes write as code.
CODE_STYLE = "bold magenta"
#: What a pair related by meaning (--embed) but sharing no keyword says instead of a list.
MEANING_ONLY = "no shared keyword: related in meaning"


def _shared_markdown(pair: NotePair) -> str:
    return ", ".join(_code(word) if word in pair.code else escape(word) for word in pair.shared)


def _shared_text(pair: NotePair) -> Text:
    from rich.text import Text

    if not pair.shared and pair.embedding:
        return Text(MEANING_ONLY, style="italic")
    text = Text(style="green")
    for number, word in enumerate(pair.shared):
        if number:
            text.append(", ")
        text.append(word, style=CODE_STYLE if word in pair.code else "")
    return text


def pairs_markdown(report: PairsReport) -> str:
    """A numbered Markdown list: score, the two paths, what they share, whether linked."""
    lines = [f"# Note pairs ({report.notes} notes)", ""]
    if not report.pairs:
        lines.append("No pairs scored above the minimum.")
    for number, pair in enumerate(report.pairs, 1):
        linked = " (already linked)" if pair.linked else ""
        lines.append(f"{number}. {pair.score:.4f} {_code(pair.a)} + {_code(pair.b)}{linked}")
        if pair.shared:
            lines.append(f"   - shared: {_shared_markdown(pair)}")
        elif pair.embedding:
            lines.append(f"   - {MEANING_ONLY}")
        if pair.embedding is not None:
            lines.append(f"   - words {pair.lexical or 0:.4f}, meaning {pair.embedding:.4f}")
    if report.skipped:
        lines += ["", f"Skipped {len(report.skipped)} note(s):", ""]
        lines += [f"- {_code(item.path)}: {escape(item.reason)}" for item in report.skipped]
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
            _score_text(pair),
            notes,
            _shared_text(pair),
        )
    return table


def _score_text(pair: NotePair) -> Text:
    from rich.text import Text

    text = Text(f"{pair.score:.4f}", style="bold")
    if pair.embedding is not None:
        text.append(f"\nwords {pair.lexical or 0:.2f}\nmeaning {pair.embedding:.2f}", style="dim")
    return text


def keywords_markdown(report: KeywordsReport) -> str:
    """One section per note: its keywords with weight and count."""
    lines: list[str] = []
    for entry in report.notes:
        lines += [f"## {escape(entry.title)}", "", f"{_code(entry.path)} ({entry.lang})", ""]
        lines += [
            f"- {_code(keyword.text) if keyword.code else escape(keyword.text)} "
            f"({keyword.weight:.4f}, {keyword.count}x)"
            for keyword in entry.keywords
        ]
        lines.append("")
    if report.skipped:
        lines += [f"Skipped {len(report.skipped)} note(s):", ""]
        lines += [f"- {_code(item.path)}: {escape(item.reason)}" for item in report.skipped]
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
            shown = Text(keyword.text, style=CODE_STYLE if keyword.code else "")
            table.add_row(shown, Text(f"{keyword.weight:.4f}"), Text(str(keyword.count)))
        tables.append(table)
    return Group(*tables)
