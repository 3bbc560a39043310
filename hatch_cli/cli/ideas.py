"""``hatch ideas``: argv -> ``api.plan_ideas`` -> ``api.hatch_ideas`` (files in OUTDIR)
-> each new note listed as it is written, or the report at the end."""

from __future__ import annotations

import contextlib
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from hatch_cli.cli.common import (
    emit,
    failures_as_exit_codes,
    model_watcher,
    notify,
    open_in_editor,
    print_contract,
    progress_bar,
    say,
    warn,
    warn_skipped,
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
from hatch_cli.errors import UsageError
from hatch_cli.render import LINES, Format, Style, text

if TYPE_CHECKING:
    from hatch_cli.api import Brief, HatchedIdea, IdeasReport


class Links(StrEnum):
    """What ``--links`` accepts."""

    none = "none"
    wiki = "wiki"


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
    include_duplicates: Annotated[
        bool,
        typer.Option(
            "--include-duplicates",
            help="Also hatch pairs of near-duplicates (notes that say nearly the same "
            "thing, as hatch pairs marks them), which are otherwise taken only when no other "
            "pair is left.",
        ),
    ] = False,
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
        Format,
        typer.Option(
            "--format",
            "-f",
            help="What stdout lists: paths (one a line, as written), json, jsonl (one "
            "object a line, as written), markdown or rich. auto: rich in a terminal, paths "
            "in a pipe or file.",
            case_sensitive=False,
        ),
    ] = Format.auto,
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
    with failures_as_exit_codes(debug, quiet):
        # The library loads when a command runs, not for --help or completion.
        from hatch_cli.api import (
            IdeasReport,
            choose_model,
            dry_run_model,
            hatch_ideas,
            plan_ideas,
            resolve_date,
        )
        from hatch_cli.render import choose_format

        check_llm_options(ctx, llm, "model", "timeout", "note_words", "strict")
        if llm and given(ctx, "style") and style != Style.article:
            raise UsageError("--llm writes articles; leave out --style outline")
        if outdir == "-":
            raise UsageError("-o names the folder the new notes go into; '-' (stdout) is none")
        if open_after and dry_run:
            raise UsageError("--open opens the first note written; with --dry-run none is")
        listing = Listing(choose_format(output_format, IdeasReport, sys.stdout.isatty()), outdir)
        when = resolve_date(date)
        with progress_bar() as progress:
            plan = plan_ideas(
                vault, outdir, count=count, min_score=min_score, unlinked=unlinked,
                per_note=per_note, include_hatched=include_hatched,
                include_duplicates=include_duplicates, embed=embed_choice(embed, embed_model),
                embed_weight=embed_weight, date=when,
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
        choose = dry_run_model if dry_run else choose_model
        chosen = choose(model) if llm and plan.ideas else None
        if chosen is not None:
            listing.model = chosen.model_id
        watching = model_watcher() if chosen is not None else contextlib.nullcontext()
        with watching as watcher:
            report = hatch_ideas(
                plan, style=style, wikilinks=links == Links.wiki, dry_run=dry_run, model=chosen,
                note_words=note_words, timeout=timeout, strict=strict, watcher=watcher,
                warn=warn, notify=notify, status=say, each=listing.add,
            )  # fmt: skip
        if dry_run and plan.ideas:
            sent = "sent or " if llm else ""
            notes = f"{len(plan.ideas)} note{'' if len(plan.ideas) == 1 else 's'}"
            say(f"dry run: {notes}, nothing {sent}written")
        listing.finish(report)
        if open_after and listing.first_written is not None:
            open_in_editor(listing.first_written)


class Listing:
    """What ``ideas`` says about the new notes as it goes: a status line on stderr for
    each (unless the Rich list on stdout says it all), and on stdout their paths or JSON
    Lines as they are written, or a list (Rich, Markdown, JSON) at the end."""

    def __init__(self, fmt: Format, outdir: str) -> None:
        self.fmt = fmt
        self.outdir = outdir
        self.model = ""  # the model writing the articles (--llm)
        self.first_written: str | None = None

    def add(self, idea: HatchedIdea, brief: Brief | None) -> None:
        """One note written, planned or hatched by another run meanwhile: said on stderr
        (with the size of its prompt, for a dry run with a model) and listed."""
        if idea.status == "written" and self.first_written is None:
            self.first_written = idea.path
        if self.fmt != Format.rich:
            size = f"; a prompt of {brief.words:,} words for {self.model}" if brief else ""
            say(_status_line(idea, self.outdir) + size)
        if self.fmt in LINES:
            emit(text(idea, self.fmt))

    def finish(self, report: IdeasReport) -> None:
        """The whole list, for the formats that print one at the end."""
        if self.fmt not in LINES:
            print_contract(report, self.fmt)


def _status_line(idea: HatchedIdea, outdir: str) -> str:
    pair = idea.pair
    about = f"“{pair.title_a or pair.a}” + “{pair.title_b or pair.b}”, score {pair.score:.4f}"
    if idea.status == "hatched meanwhile":
        return f"{about}: hatched into {outdir} by another run meanwhile; not written again"
    verb = "would write" if idea.status == "planned" else "wrote"
    return f"{verb} {idea.path}: “{idea.title}” from {about}"
