"""``hatch ideas``: argv -> ``api.plan_ideas`` -> a renderer per idea -> files in OUTDIR."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from hatch_cli.cli.common import (
    emit,
    model_watcher,
    notify,
    one_door_out,
    open_in_editor,
    progress_bar,
    say,
    show,
    warn,
)
from hatch_cli.cli.options import (
    NOTE_WORDS,
    TIMEOUT,
    DateOption,
    DebugOption,
    EmbedModelOption,
    EmbedOption,
    EmbedWeightOption,
    Errors,
    ErrorsOption,
    IncludeHatchedOption,
    LlmOption,
    ModelOption,
    NoCacheOption,
    NoteWordsOption,
    QuietOption,
    StrictQuotesOption,
    TimeoutOption,
    check_llm_options,
    embed_choice,
    given,
)
from hatch_cli.cli.vault_commands import warn_skipped
from hatch_cli.errors import UsageError
from hatch_cli.render import Style

if TYPE_CHECKING:
    from collections.abc import Sequence

    from hatch_cli.ideas import IdeasPlan, PlannedIdea
    from hatch_cli.reports import HatchedIdea, NotePair, SkippedNote

    Status = Literal["written", "planned", "hatched meanwhile"]


class Links(StrEnum):
    """What ``--links`` accepts."""

    none = "none"
    wiki = "wiki"


class IdeasFormat(StrEnum):
    """What ``ideas --format`` accepts: ``paths`` is a path a line (for shell loops)."""

    auto = "auto"
    rich = "rich"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"
    paths = "paths"


def _format(requested: IdeasFormat) -> IdeasFormat:
    """``auto``: Rich in a terminal, paths in a pipe or file."""
    if requested == IdeasFormat.auto:
        return IdeasFormat.rich if sys.stdout.isatty() else IdeasFormat.paths
    return requested


def ideas(
    ctx: typer.Context,
    vault: Annotated[
        str,
        typer.Argument(metavar="VAULT", help="The folder of notes to pair.", show_default=False),
    ],
    outdir: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            metavar="OUTDIR",
            help="Folder to write the new notes into (created if missing).",
            show_default=False,
        ),
    ],
    count: Annotated[
        int,
        typer.Option(
            "--count", "-n", metavar="N", min=1, help="How many new notes to write, at most."
        ),
    ] = 3,
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score",
            metavar="SCORE",
            min=0.0,
            max=1.0,
            help="Skip pairs scoring this or less (the score of hatch pairs, 0 to 1).",
        ),
    ] = 0.05,
    links: Annotated[
        Links,
        typer.Option(
            "--links",
            help="wiki: name the sources as [[wikilinks]] in the byline (Obsidian). "
            "none: plain titles.",
            case_sensitive=False,
        ),
    ] = Links.none,
    style: Annotated[
        Style,
        typer.Option(
            "--style",
            help="article (default) or outline, as in hatch combine.",
            case_sensitive=False,
        ),
    ] = Style.article,
    unlinked: Annotated[
        bool,
        typer.Option("--unlinked", help="Only pairs whose notes don't link to each other yet."),
    ] = False,
    per_note: Annotated[
        int,
        typer.Option(
            "--per-note",
            metavar="N",
            min=1,
            help="How many of the new notes one note may be a source of.",
        ),
    ] = 1,
    include_hatched: IncludeHatchedOption = False,
    embed: EmbedOption = False,
    embed_model: EmbedModelOption = None,
    embed_weight: EmbedWeightOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be written; write nothing.")
    ] = False,
    date: DateOption = None,
    errors: ErrorsOption = Errors.STRICT,
    no_cache: NoCacheOption = False,
    llm: LlmOption = False,
    model: ModelOption = None,
    timeout: TimeoutOption = TIMEOUT,
    note_words: NoteWordsOption = NOTE_WORDS,
    strict: StrictQuotesOption = False,
    output_format: Annotated[
        IdeasFormat,
        typer.Option(
            "--format",
            "-f",
            help="What stdout lists: paths (one a line, as written), json, jsonl (one "
            "object a line, as written), markdown or rich. auto: rich in a terminal, paths "
            "in a pipe or file.",
            case_sensitive=False,
        ),
    ] = IdeasFormat.auto,
    open_after: Annotated[
        bool,
        typer.Option(
            "--open",
            help="Open the first note written in $VISUAL or $EDITOR (else the system's "
            "default app).",
        ),
    ] = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Hatch the best pairs of a vault into new notes, one readable article per pair.

    Ranks the vault's pairs exactly as `hatch pairs` does and writes --count of them into
    OUTDIR: good pairs from different corners of the vault, no note in more than
    --per-note of them. Each is a note with frontmatter (title, date, tags from the shared
    keywords, hatched_from with the sources' paths relative to VAULT). Pairs scoring
    --min-score or less are skipped, and so are pairs already hatched into OUTDIR (found
    from the hatched_from of the notes there), so a rerun adds only new ideas. File names
    come from the titles; an existing file is never overwritten (a -2, -3... suffix is
    added instead). OUTDIR inside VAULT is left out of the pairing. The paths written go
    to stdout, one a line; messages go to stderr.

    With --llm, a language model writes each article (see hatch combine --help), and
    each note is written as soon as its article is done: a run that is stopped keeps the
    notes it finished, and a rerun writes the rest. --llm sends the notes' text to the
    chosen model's provider (a local model keeps it on this machine); without --llm,
    hatch sends nothing anywhere.

    Examples:

      hatch ideas notes/ -o /tmp/ideas

      hatch ideas ~/vault -o ~/vault/Ideas --links wiki --count 5

      hatch ideas ~/vault -o ~/vault/Ideas --dry-run

      hatch ideas ~/vault -o ~/vault/Ideas --llm --model llama3.2
    """
    with one_door_out(debug, quiet):
        from hatch_cli.api import plan_ideas, resolve_date
        from hatch_cli.ideas import write_idea
        from hatch_cli.render import Format, outline_text

        check_llm_options(ctx, llm, "model", "timeout", "note_words", "strict")
        if llm and given(ctx, "style") and style != Style.article:
            raise UsageError("--llm writes articles; leave out --style outline")
        if outdir == "-":
            raise UsageError("-o names the folder the new notes go into; '-' (stdout) is none")
        if open_after and dry_run:
            raise UsageError("--open opens the first note written; with --dry-run none is")
        listing = Listing(_format(output_format), outdir, dry_run)
        when = resolve_date(date)
        with progress_bar() as progress:
            plan = plan_ideas(
                vault, outdir, count=count, min_score=min_score, unlinked=unlinked,
                per_note=per_note, include_hatched=include_hatched,
                embed=embed_choice(embed, embed_model), embed_weight=embed_weight, date=when,
                errors=errors.value, use_cache=not no_cache, progress=progress, warn=warn,
                notify=notify,
            )  # fmt: skip
        warn_skipped(plan.skipped)
        if not plan.ideas:
            why = (
                f"the {min(count, plan.ranked)} best pairs are already hatched there"
                if plan.ranked
                else f"no pair scores above --min-score {min_score}"
            )
            say(f"nothing new to hatch into {outdir}: {why}")
            listing.finish(plan.skipped)
            return
        wikilinks = links == Links.wiki
        if llm:
            _with_model(
                plan, listing, model=model, timeout=timeout, note_words=note_words,
                strict=strict, dry_run=dry_run, wikilinks=wikilinks,
            )  # fmt: skip
        elif dry_run:
            for idea in plan.ideas:
                listing.add(idea.path, idea.outline.title, "planned", idea.pair)
            say(f"dry run: {len(plan.ideas)} notes, nothing written")
        else:
            texts = [
                outline_text(i.outline, Format.markdown, style, wikilinks=wikilinks)
                for i in plan.ideas
            ]
            _make_folder(outdir)
            for idea, text in zip(plan.ideas, texts, strict=True):
                listing.written(idea, write_idea(idea, text), idea.outline.title)
        listing.finish(plan.skipped)
        if open_after and listing.first_written is not None:
            open_in_editor(listing.first_written)


class Listing:
    """What ``ideas`` says about the new notes as it goes: a status line on stderr for
    each (unless the Rich list on stdout says it all), and on stdout their paths or JSON
    Lines as they are written, or a list (Rich, Markdown, JSON) at the end."""

    def __init__(self, fmt: IdeasFormat, outdir: str, dry_run: bool) -> None:
        self.fmt = fmt
        self.outdir = outdir
        self.dry_run = dry_run
        self.ideas: list[HatchedIdea] = []
        self.first_written: str | None = None

    def written(self, idea: PlannedIdea, path: str | None, title: str) -> None:
        """One note written to ``path``, or None: another run hatched its pair meanwhile."""
        if path is None:
            self.add(idea.path, title, "hatched meanwhile", idea.pair)
            return
        if self.first_written is None:
            self.first_written = path
        self.add(path, title, "written", idea.pair)

    def add(self, path: str, title: str, status: Status, pair: NotePair, detail: str = "") -> None:
        """One note, said on stderr (with ``detail`` after it) and listed."""
        from hatch_cli.render.to_json import to_json_line
        from hatch_cli.reports import HatchedIdea

        idea = HatchedIdea(path=path, title=title, status=status, pair=pair)
        self.ideas.append(idea)
        if self.fmt != IdeasFormat.rich:
            say(_status_line(idea, self.outdir) + detail)
        if self.fmt == IdeasFormat.paths and status != "hatched meanwhile":
            emit(path + "\n")
        elif self.fmt == IdeasFormat.jsonl:
            emit(to_json_line(idea))

    def finish(self, skipped: Sequence[SkippedNote]) -> None:
        """The whole list, for the formats that print one."""
        from hatch_cli.render import Format, report_text, report_view
        from hatch_cli.reports import IdeasReport

        if self.fmt in (IdeasFormat.paths, IdeasFormat.jsonl):
            return
        report = IdeasReport(
            outdir=self.outdir, dry_run=self.dry_run, ideas=tuple(self.ideas),
            skipped=tuple(skipped),
        )  # fmt: skip
        if self.fmt == IdeasFormat.rich:
            show(report_view(report))
        else:
            emit(report_text(report, Format(self.fmt.value)))


def _status_line(idea: HatchedIdea, outdir: str) -> str:
    pair = idea.pair
    about = f"“{pair.title_a or pair.a}” + “{pair.title_b or pair.b}”, score {pair.score:.4f}"
    if idea.status == "hatched meanwhile":
        return f"{about}: hatched into {outdir} by another run meanwhile; not written again"
    verb = "would write" if idea.status == "planned" else "wrote"
    return f"{verb} {idea.path}: “{idea.title}” from {about}"


def _with_model(
    plan: IdeasPlan,
    listing: Listing,
    *,
    model: str | None,
    timeout: float,
    note_words: int,
    strict: bool,
    dry_run: bool,
    wikilinks: bool,
) -> None:
    """``ideas --llm``: each article written by a model, each note written as soon as its
    article is done (so a run that stops keeps what it finished)."""
    from hatch_cli.api import choose_model, model_brief, write_with_model
    from hatch_cli.ideas import write_idea
    from hatch_cli.render import Format, article_text

    chosen = choose_model(model)
    total = len(plan.ideas)
    if dry_run:
        for idea in plan.ideas:
            brief = model_brief(idea.outline, idea.notes, model=chosen, note_words=note_words)
            size = f"; a prompt of {brief.words:,} words for {chosen.model_id}"
            listing.add(idea.path, idea.outline.title, "planned", idea.pair, size)
        say(f"dry run: {total} notes, nothing sent or written")
        return
    _make_folder(plan.outdir)
    for number, idea in enumerate(plan.ideas, 1):
        say(f"[{number}/{total}] {chosen.model_id} is writing {idea.path}")
        with model_watcher() as watcher:
            article = write_with_model(
                idea.outline, idea.notes, model=chosen, note_words=note_words,
                timeout=timeout, strict=strict, watcher=watcher, warn=warn, notify=notify,
            )  # fmt: skip
        path = write_idea(idea, article_text(article, Format.markdown, wikilinks=wikilinks))
        listing.written(idea, path, article.title)


def _make_folder(outdir: str) -> None:
    from hatch_cli.errors import OutputFailed
    from hatch_cli.output import output_problem

    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as err:
        raise OutputFailed(output_problem(err), outdir) from None
