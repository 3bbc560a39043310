"""``hatch ideas``: argv -> ``api.plan_ideas`` -> a renderer per idea -> files in OUTDIR."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from hatch_cli.cli.common import (
    DateOption,
    DebugOption,
    Errors,
    ErrorsOption,
    NoCacheOption,
    notify,
    one_door_out,
    progress_bar,
    warn,
)
from hatch_cli.cli.vault_commands import warn_skipped
from hatch_cli.render import Style

if TYPE_CHECKING:
    from hatch_cli.reports import NotePair


class Links(StrEnum):
    """What ``--links`` accepts."""

    none = "none"
    wiki = "wiki"


def ideas(
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
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be written; write nothing.")
    ] = False,
    date: DateOption = None,
    errors: ErrorsOption = Errors.STRICT,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Hatch the best pairs of a vault into new notes, one readable article per pair.

    Ranks the vault's pairs exactly as `hatch pairs` does and writes the best --count of
    them into OUTDIR, each as a note with frontmatter (title, date, tags from the shared
    keywords, hatched_from with the sources' paths relative to VAULT). Pairs scoring
    --min-score or less are skipped, and so are pairs already hatched into OUTDIR (found
    from the hatched_from of the notes there), so a rerun adds only new ideas. File names
    come from the titles; an existing file is never overwritten (a -2, -3... suffix is
    added instead). OUTDIR inside VAULT is left out of the pairing. The paths written go
    to stdout, one a line; messages go to stderr.

    Examples:

      hatch ideas notes/ -o /tmp/ideas

      hatch ideas ~/vault -o ~/vault/Ideas --links wiki --count 5

      hatch ideas ~/vault -o ~/vault/Ideas --dry-run
    """
    with one_door_out(debug):
        from hatch_cli.api import plan_ideas, resolve_date
        from hatch_cli.errors import OutputFailed, UsageError
        from hatch_cli.ideas import write_idea
        from hatch_cli.output import output_problem
        from hatch_cli.render import Format, outline_text

        if outdir == "-":
            raise UsageError("-o names the folder the new notes go into; '-' (stdout) is none")
        when = resolve_date(date)
        with progress_bar() as progress:
            plan = plan_ideas(
                vault, outdir, count=count, min_score=min_score, unlinked=unlinked, date=when,
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
        if dry_run:
            for idea in plan.ideas:
                print(f"hatch: would write {idea.path} ({_about(idea.pair)})", file=sys.stderr)
                print(idea.path)
            print(f"hatch: dry run: {len(plan.ideas)} notes, nothing written", file=sys.stderr)
            return
        wikilinks = links == Links.wiki
        texts = [
            outline_text(i.outline, Format.markdown, style, wikilinks=wikilinks) for i in plan.ideas
        ]
        try:
            os.makedirs(outdir, exist_ok=True)
        except OSError as err:
            raise OutputFailed(output_problem(err), outdir) from None
        for idea, text in zip(plan.ideas, texts, strict=True):
            path = write_idea(idea, text)
            if path is None:
                print(
                    f"hatch: {_about(idea.pair)}: hatched into {outdir} by another run "
                    "meanwhile; not written again",
                    file=sys.stderr,
                )
                continue
            print(f"hatch: wrote {path} ({_about(idea.pair)})", file=sys.stderr)
            print(path, flush=True)


def _about(pair: NotePair) -> str:
    return f"{pair.a} + {pair.b}, score {pair.score:.4f}"
