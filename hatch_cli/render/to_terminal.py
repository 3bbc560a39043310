"""Contracts -> Rich renderables for a terminal: the outline, the article, the vault
commands' reports, and a language model at work.

Note text only ever enters Rich as ``Text`` objects, never as markup strings: a note that
says ``[bold]`` or ``[/x]`` prints those characters, and control characters were already
made visible when the note was read. Inline code is shown in its own style.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from hatch_cli.core.reading.inert import make_inert
from hatch_cli.core.reading.text import CODE_SPAN
from hatch_cli.core.writing.phrasebook import phrasebook
from hatch_cli.core.writing.prose import count_words, counted, shorten
from hatch_cli.models import Article, Code, Outline
from hatch_cli.render.to_markdown import DUPLICATES, IDEA_STATUS, MEANING_ONLY, SCORE_MEANS
from hatch_cli.render.wrapping import Wrapped, WrappedMarkdown

if TYPE_CHECKING:
    from hatch_cli.reports import IdeasReport, KeywordsReport, NotePair, PairsReport

#: How the terminal shows a keyword or inline code the notes write as code.
CODE_STYLE = "bold magenta"
#: How it shows a code block quoted with its sentence.
CODE_BLOCK_STYLE = "magenta"


def inert(text: str, style: str = "") -> Text:
    """Note text as a ``Text``: never markup, no control character, code styled."""
    text = make_inert(text)
    if "`" not in text:
        return Text(text, style=style)
    out = Text(style=style)
    for i, part in enumerate(CODE_SPAN.split(text)):
        out.append(part, style=CODE_STYLE if i % 2 else "")
    return out


def _code_rows(
    rows: Iterable[tuple[str, Text]], blocks: Iterable[Code], cut: Callable[[int], str]
) -> list[tuple[str, Text]]:
    """List rows, each followed by the code blocks that come after it (``Code.after``):
    the code as written, in its own style, then what was cut from it."""
    blocks = list(blocks)
    out: list[tuple[str, Text]] = []
    for at, row in enumerate(rows):
        out.append(row)
        for block in blocks:
            if block.after == at:
                shown = Text(make_inert(block.text), style=CODE_BLOCK_STYLE)
                if block.lines_left_out:
                    shown.append("\n" + cut(block.lines_left_out), style="dim")
                out.append(("", shown))
    return out


def _heading(label: str) -> Rule:
    return Rule(Text(label, style="bold cyan"), align="left", style="cyan")


def _items(rows: Iterable[tuple[str, Text]]) -> Table:
    """Bulleted or numbered lines whose wrapped text stays indented under its first word."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for marker, text in rows:
        grid.add_row(marker, Wrapped(text))
    return grid


def _attributed(title: str, text: str) -> Text:
    line = inert(title, style="italic")
    line.append(": ")
    line.append(inert(text))
    return line


def outline_renderable(outline: Outline) -> RenderableType:
    """The outline as one Rich renderable, top to bottom like the Markdown."""
    book = phrasebook(outline.lang)
    titles = {source.path: source.title for source in outline.sources}
    byline = Text(
        book.outline_byline(
            outline.date,
            outline.reading_time_minutes,
            f"{outline.relatedness:.2f}",
            outline.scored_in == "notes",
        ),
        style="dim",
    )
    parts: list[RenderableType] = [
        Panel(Group(Wrapped(inert(outline.title, style="bold")), byline), border_style="magenta")
    ]
    if outline.intro:
        parts.append(Padding(Wrapped(inert(outline.intro)), (0, 1, 1, 1)))
    if outline.related:
        parts.append(_heading(book.heading("themes")))
        for theme in outline.themes:
            keyword = inert(theme.keyword, style=CODE_STYLE if theme.code else "bold green")
            parts.append(Padding(Wrapped(keyword), (0, 1)))
            rows = [
                ("•", _attributed(titles.get(line.source, line.source), line.text))
                for line in theme.support
            ]
            parts.append(Padding(_items(rows), (0, 1, 1, 2)))
        if not outline.themes and book.writes_sentences:
            words = [f"`{w}`" if w in outline.code_keywords else w for w in outline.shared_keywords]
            unsaid = book.shared_unsaid(words[:5])
            parts.append(Padding(Wrapped(inert(unsaid, style="italic")), (0, 1, 1, 1)))
    brought = [points for points in outline.key_points if points.points]
    if brought:
        parts.append(_heading(book.heading("brings")))
    for points in brought:
        parts.append(Padding(Wrapped(inert(points.title, style="bold")), (0, 1)))
        rows = _code_rows(
            (("•", inert(point)) for point in points.points), points.code, book.code_cut
        )
        parts.append(Padding(_items(rows), (0, 1, 1, 2)))
    if outline.questions:
        parts.append(_heading(book.heading("questions" if outline.related else "connect")))
        questions = (("?", inert(question)) for question in outline.questions)
        parts.append(Padding(_items(questions), (0, 1, 1, 2)))
    if outline.advice:
        parts.append(_heading(book.heading("advice")))
        advice = []
        for n, item in enumerate(outline.advice, 1):
            advice += _code_rows([(f"{n}.", inert(item.text))], item.code, book.code_cut)
        parts.append(Padding(_items(advice), (0, 1, 1, 2)))
    if outline.conclusion:
        parts += [
            _heading(book.heading("conclusion")),
            Padding(Wrapped(inert(outline.conclusion)), (0, 1, 1, 1)),
        ]
    parts.append(_heading(book.heading("sources")))
    sources = (
        ("•", inert(source.title).append(f"  {make_inert(source.where())}", style="dim"))
        for source in outline.sources
    )
    parts.append(Padding(_items(sources), (0, 1, 0, 2)))
    return Group(*parts)


def article_renderable(article: Article) -> RenderableType:
    """An article (hatch's or a model's) as Rich renders its Markdown."""
    from hatch_cli.render.to_article import article_body

    # Every text in the article is Markdown-escaped, so it stays inert here.
    return WrappedMarkdown(article_body(article))


# --------------------------------------------------------------------------- reports
# Note text (paths, titles, keywords) only ever enters as ``Text``, never as markup.


def pairs_renderable(report: PairsReport) -> RenderableType:
    """The pairs as a numbered list a person scans: each note by its title with its path
    dim beside it, then what they share. Long titles and paths wrap; nothing is cut."""
    header = Text(f"Note pairs ({counted(report.notes, 'note')})", style="bold")
    if not report.pairs:
        return Group(header, Text("No pairs scored above the minimum.", style="dim"))
    header.append(f"\n{SCORE_MEANS}", style="dim")
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
        if pair.duplicate:
            about.append(f"{DUPLICATES}\n", style="yellow")
        about.append_text(_shared_text(pair))
        grid.add_row(Text(f"{number}."), _score_text(pair), Wrapped(about))
        if number < len(report.pairs):
            grid.add_row("", "", "")
    return Group(header, grid)


def _shared_text(pair: NotePair) -> Text:
    if not pair.shared and pair.embedding:
        return Text(MEANING_ONLY, style="italic")
    text = Text("shared: " if pair.shared else "", style="dim")
    for number, word in enumerate(pair.shared):
        if number:
            text.append(", ", style="green")
        text.append(word, style=CODE_STYLE if word in pair.code else "green")
    return text


def _score_text(pair: NotePair) -> Text:
    text = Text(f"{pair.score:.4f}", style="bold")
    if pair.embedding is not None:
        text.append(f"\nwords {pair.lexical or 0:.2f}\nmeaning {pair.embedding:.2f}", style="dim")
    return text


def keywords_renderable(report: KeywordsReport) -> RenderableType:
    """One Rich table per note."""
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


def ideas_renderable(report: IdeasReport) -> RenderableType:
    """The new notes as a list: each title bold with its path dim beside it, then the two
    notes it comes from; long lines wrap, nothing is cut."""
    done = "nothing written, dry run" if report.dry_run else "written"
    if not report.ideas:
        return Wrapped(Text(f"No new notes in {report.outdir} ({done}).", style="bold"))
    header = Wrapped(Text(f"New notes in {report.outdir} ({done})", style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for number, idea in enumerate(report.ideas, 1):
        about = Text(idea.title, style="bold")
        about.append(f" {idea.path}", style="dim")
        about.append(IDEA_STATUS[idea.status], style="yellow")
        pair = idea.pair
        about.append(f"\nfrom {pair.title_a or pair.a}", style="")
        about.append(f" {pair.a}" if pair.title_a else "", style="dim")
        about.append(f" + {pair.title_b or pair.b}")
        about.append(f" {pair.b}" if pair.title_b else "", style="dim")
        about.append(f", score {pair.score:.4f}")
        grid.add_row(Text(f"{number}."), Wrapped(about))
    return Group(header, grid)


# --------------------------------------------------------------------------- --llm


def model_renderable(
    model: str, written: str, problems: str, console: Console, tail_lines: int
) -> RenderableType:
    """A model at work (``combine --llm``): a spinner until its first words, then how many
    it has written and the last ``tail_lines`` lines of them as ``console`` wraps them;
    ``problems``: why its first answer is being asked for again."""
    from rich.spinner import Spinner

    note = f" ({shorten(f'asking again: {problems}', 100)})" if problems else ""
    if not written:
        return Spinner("dots", text=Text(f"waiting for {model}{note}…"))
    header = Spinner("dots", text=Text(f"{model} is writing: {count_words(written)} words{note}"))
    width = max(20, console.width - 2)
    recent = Text(make_inert(written[-width * tail_lines * 2 :]), style="dim")
    lines = recent.wrap(console, width)
    return Group(header, Text("\n").join(lines[-tail_lines:]))
