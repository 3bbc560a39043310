"""``hatch ideas``: argv -> ``api.plan_ideas`` -> a renderer per idea -> files in OUTDIR."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from hatch_cli.cli.common import model_watcher, notify, one_door_out, progress_bar, warn
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
    from hatch_cli.ideas import IdeasPlan
    from hatch_cli.reports import NotePair


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
        int, typer.Option("--count", "-n", min=1, help="How many new notes to write, at most.")
    ] = 3,
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score",
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
    with one_door_out(debug):
        from hatch_cli.api import plan_ideas, resolve_date
        from hatch_cli.ideas import write_idea
        from hatch_cli.render import Format, outline_text

        check_llm_options(ctx, llm, "model", "timeout", "note_words", "strict")
        if llm and given(ctx, "style") and style != Style.article:
            raise UsageError("--llm writes articles; leave out --style outline")
        if outdir == "-":
            raise UsageError("-o names the folder the new notes go into; '-' (stdout) is none")
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
            print(f"hatch: nothing new to hatch into {outdir}: {why}", file=sys.stderr)
            return
        wikilinks = links == Links.wiki
        if llm:
            _with_model(
                plan, model=model, timeout=timeout, note_words=note_words, strict=strict,
                dry_run=dry_run, wikilinks=wikilinks,
            )  # fmt: skip
            return
        if dry_run:
            for idea in plan.ideas:
                print(f"hatch: would write {idea.path} ({_about(idea.pair)})", file=sys.stderr)
                print(idea.path)
            print(f"hatch: dry run: {len(plan.ideas)} notes, nothing written", file=sys.stderr)
            return
        texts = [
            outline_text(i.outline, Format.markdown, style, wikilinks=wikilinks) for i in plan.ideas
        ]
        _make_folder(outdir)
        for idea, text in zip(plan.ideas, texts, strict=True):
            path = write_idea(idea, text)
            if path is None:
                _written_meanwhile(idea.pair, outdir)
                continue
            print(f"hatch: wrote {path} ({_about(idea.pair)})", file=sys.stderr)
            print(path, flush=True)


def _with_model(
    plan: IdeasPlan,
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
            size = f"a prompt of {brief.words:,} words for {chosen.model_id}"
            print(f"hatch: would write {idea.path} ({_about(idea.pair)}; {size})", file=sys.stderr)
            print(idea.path)
        print(f"hatch: dry run: {total} notes, nothing sent or written", file=sys.stderr)
        return
    _make_folder(plan.outdir)
    for number, idea in enumerate(plan.ideas, 1):
        print(
            f"hatch: [{number}/{total}] {chosen.model_id} is writing {idea.path} "
            f"({_about(idea.pair)})",
            file=sys.stderr,
        )
        with model_watcher() as watcher:
            article = write_with_model(
                idea.outline, idea.notes, model=chosen, note_words=note_words,
                timeout=timeout, strict=strict, watcher=watcher, warn=warn, notify=notify,
            )  # fmt: skip
        path = write_idea(idea, article_text(article, Format.markdown, wikilinks=wikilinks))
        if path is None:
            _written_meanwhile(idea.pair, plan.outdir)
            continue
        print(f"hatch: [{number}/{total}] wrote {path}", file=sys.stderr)
        print(path, flush=True)


def _make_folder(outdir: str) -> None:
    from hatch_cli.errors import OutputFailed
    from hatch_cli.output import output_problem

    try:
        os.makedirs(outdir, exist_ok=True)
    except OSError as err:
        raise OutputFailed(output_problem(err), outdir) from None


def _written_meanwhile(pair: NotePair, outdir: str) -> None:
    print(
        f"hatch: {_about(pair)}: hatched into {outdir} by another run meanwhile; not written again",
        file=sys.stderr,
    )


def _about(pair: NotePair) -> str:
    return f"{pair.a} + {pair.b}, score {pair.score:.4f}"
