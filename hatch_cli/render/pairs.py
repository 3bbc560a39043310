"""The vault commands' reports (pairs, keywords, ideas) -> Markdown, JSON Lines, or Rich
renderables.

Markdown and JSONL are plain strings that never pass through Rich. In the Rich view, note
text (paths, titles, keywords) only ever enters as ``Text``, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hatch_cli.render.to_json import to_json_line
from hatch_cli.render.to_markdown import code as _code
from hatch_cli.render.to_markdown import escape
from hatch_cli.reports import IdeasReport, KeywordsReport, NotePair, PairsReport

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
    """A numbered Markdown list: score, the two notes by title and path, what they share,
    whether they already link."""
    lines = [f"# Note pairs ({report.notes} notes)", ""]
    if not report.pairs:
        lines.append("No pairs scored above the minimum.")
    for number, pair in enumerate(report.pairs, 1):
        linked = " (already linked)" if pair.linked else ""
        notes = f"{_note_markdown(pair.title_a, pair.a)} + {_note_markdown(pair.title_b, pair.b)}"
        lines.append(f"{number}. {pair.score:.4f} {notes}{linked}")
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


def _note_markdown(title: str, path: str) -> str:
    return f"{escape(title)} ({_code(path)})" if title else _code(path)


def pairs_jsonl(report: PairsReport) -> str:
    """One ``NotePair`` object per line, best first (no envelope)."""
    return "".join(to_json_line(pair) for pair in report.pairs)


def pairs_renderable(report: PairsReport) -> RenderableType:
    """The pairs as a numbered list a person scans: each note by its title with its path
    dim beside it, then what they share. Long titles and paths wrap; nothing is cut."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    header = Text(f"Note pairs ({report.notes} notes)", style="bold")
    if not report.pairs:
        return Group(header, Text("No pairs scored above the minimum.", style="dim"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for number, pair in enumerate(report.pairs, 1):
        about = Text()
        for title, path in ((pair.title_a, pair.a), (pair.title_b, pair.b)):
            if title:
                about.append(title, style="bold")
                about.append(" ")
            about.append(path, style="dim")
            about.append("\n")
        if pair.linked:
            about.append("(already linked)\n", style="dim")
        about.append_text(_shared_text(pair))
        grid.add_row(Text(f"{number}."), _score_text(pair), about)
        if number < len(report.pairs):
            grid.add_row("", "", "")
    return Group(header, grid)


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


#: How a listing of ``hatch ideas`` words each status.
_IDEA_STATUS = {
    "written": "",
    "planned": "",
    "hatched meanwhile": " (not written: another run hatched this pair meanwhile)",
}


def ideas_markdown(report: IdeasReport) -> str:
    """A numbered Markdown list of the new notes: title and path, then the pair."""
    done = "nothing written, dry run" if report.dry_run else "written"
    lines = [f"# New notes in {escape(report.outdir, literal=True)} ({done})", ""]
    if not report.ideas:
        lines.append("None.")
    for number, idea in enumerate(report.ideas, 1):
        status = _IDEA_STATUS[idea.status]
        lines.append(f"{number}. {_note_markdown(idea.title, idea.path)}{status}")
        pair = idea.pair
        notes = f"{_note_markdown(pair.title_a, pair.a)} + {_note_markdown(pair.title_b, pair.b)}"
        lines.append(f"   - from {notes}, score {pair.score:.4f}")
    if report.skipped:
        lines += ["", f"Skipped {len(report.skipped)} note(s):", ""]
        lines += [f"- {_code(item.path)}: {escape(item.reason)}" for item in report.skipped]
    return "\n".join(lines) + "\n"


def ideas_renderable(report: IdeasReport) -> RenderableType:
    """The new notes as a list: each title bold with its path dim beside it, then the two
    notes it comes from; long lines wrap, nothing is cut."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    done = "nothing written, dry run" if report.dry_run else "written"
    header = Text(f"New notes in {report.outdir} ({done})", style="bold")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for number, idea in enumerate(report.ideas, 1):
        about = Text(idea.title, style="bold")
        about.append(f" {idea.path}", style="dim")
        about.append(_IDEA_STATUS[idea.status], style="yellow")
        pair = idea.pair
        about.append(f"\nfrom {pair.title_a or pair.a}", style="")
        about.append(f" {pair.a}" if pair.title_a else "", style="dim")
        about.append(f" + {pair.title_b or pair.b}")
        about.append(f" {pair.b}" if pair.title_b else "", style="dim")
        about.append(f", score {pair.score:.4f}")
        grid.add_row(Text(f"{number}."), about)
    return Group(header, grid)


def ideas_jsonl(report: IdeasReport) -> str:
    """One ``HatchedIdea`` object per line."""
    return "".join(to_json_line(idea) for idea in report.ideas)
