"""``hatch pairs`` and ``hatch keywords``: argv -> ``api.rank_pairs``/``api.vault_keywords``
-> a renderer. Bad notes are warned about on stderr (``--strict``: fail)."""

from __future__ import annotations

import itertools
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from hatch_cli.cli.common import (
    emit,
    failures_as_exit_codes,
    notify,
    print_contract,
    progress_bar,
    warn,
    warn_skipped,
)
from hatch_cli.cli.options import (
    DebugOption,
    EmbedModelOption,
    EmbedOption,
    EmbedWeightOption,
    Errors,
    ErrorsOption,
    FormatOption,
    IncludeHatchedOption,
    LangOption,
    NoCacheOption,
    QuietOption,
    embed_choice,
)
from hatch_cli.render import Format, choose_format, pairs_text

if TYPE_CHECKING:
    from hatch_cli.api import KeywordsReport, PairsReport, Progress, VaultOptions

PathsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH...",
        help="Notes and/or folders (walked recursively for *.md and *.markdown).",
        show_default=False,
    ),
]
GlobOption = Annotated[
    list[str] | None,
    typer.Option(
        "--glob", metavar="PATTERN", help="Only notes whose path or name matches (repeatable)."
    ),
]
ExcludeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="PATTERN",
        help="Leave out notes whose path or name matches (repeatable).",
    ),
]
StrictOption = Annotated[
    bool,
    typer.Option("--strict", help="Fail (exit 3) on the first bad note instead of skipping it."),
]


def pairs(
    paths: PathsArgument,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            "-n",
            metavar="N",
            min=0,
            help=(
                "Pairs to list; 0 lists every pair above --min-score (with --format jsonl,"
                " one line a pair, written as they come)."
            ),
        ),
    ] = 10,
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score",
            metavar="SCORE",
            min=0.0,
            max=1.0,
            help="Only pairs scoring above this (0 to 1).",
        ),
    ] = 0.0,
    for_note: Annotated[
        str | None,
        typer.Option("--for", metavar="NOTE", help="Only the best partners of this note."),
    ] = None,
    unlinked: Annotated[
        bool,
        typer.Option("--unlinked", help="Only pairs whose notes don't link to each other yet."),
    ] = False,
    glob: GlobOption = None,
    exclude: ExcludeOption = None,
    include_hatched: IncludeHatchedOption = False,
    embed: EmbedOption = False,
    embed_model: EmbedModelOption = None,
    embed_weight: EmbedWeightOption = None,
    output_format: FormatOption = Format.auto,
    strict: StrictOption = False,
    errors: ErrorsOption = Errors.STRICT,
    lang: LangOption = None,
    no_cache: NoCacheOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Find which notes of a vault are worth combining: the best-scoring pairs.

    Each note becomes a vector of its strongest keywords, weighed against the whole vault:
    words and template lines that recur across it (headings like "## Summary",
    boilerplate, Dataview fields) count for little, so notes pair on what they are about.
    A pair's score is the relatedness `hatch combine A B --vault FOLDER` reports (0 to 1);
    "shared" lists the keywords behind it, and "linked" says whether one note already
    links to the other ([[wikilink]] or Markdown link). Notes hatch wrote are left out
    (--include-hatched keeps them). Bad notes are skipped with a warning on stderr
    (exit 0) unless --strict.

    Examples:

      hatch pairs notes/

      hatch pairs ~/vault --unlinked --limit 20

      hatch pairs ~/vault --for ideas/taste.md --limit 5

      hatch pairs ~/vault --format json --limit 0 --min-score 0.3 | jq '.pairs[0]'

      hatch pairs ~/vault --limit 0 --min-score 0 --format jsonl > every-pair.jsonl
    """
    with failures_as_exit_codes(debug, quiet):
        # The library (and the timings of its phases) load when a command runs.
        from hatch_cli.api import PairsReport, rank_pairs
        from hatch_cli.timings import phase

        fmt = choose_format(output_format, PairsReport, sys.stdout.isatty())
        if not limit and fmt in (Format.json, Format.jsonl):
            _stream_pairs(
                paths, fmt, min_score=min_score, for_note=for_note, unlinked=unlinked,
                embed=embed_choice(embed, embed_model), embed_weight=embed_weight,
                options=_vault_options(glob, exclude, strict, errors, lang, no_cache, None),
                include_hatched=include_hatched,
            )  # fmt: skip
            return
        with progress_bar(after="ranking pairs") as progress:
            options = _vault_options(glob, exclude, strict, errors, lang, no_cache, progress)
            options["include_hatched"] = include_hatched
            report = rank_pairs(
                paths,
                limit=limit,
                min_score=min_score,
                for_note=for_note,
                unlinked=unlinked,
                embed=embed_choice(embed, embed_model),
                embed_weight=embed_weight,
                **options,
            )
        with phase("write"):
            _print(report, fmt)


def keywords(
    paths: PathsArgument,
    limit: Annotated[
        int, typer.Option("--limit", "-n", metavar="N", min=1, help="Keywords per note.")
    ] = 10,
    glob: GlobOption = None,
    exclude: ExcludeOption = None,
    output_format: FormatOption = Format.auto,
    strict: StrictOption = False,
    errors: ErrorsOption = Errors.STRICT,
    lang: LangOption = None,
    no_cache: NoCacheOption = False,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Show each note's keywords and their weights, strongest first.

    A keyword is a word (by its Snowball stem) or a 2-3 word phrase. Its weight is how much
    it characterises the note: its count (more in the title, tags and headings) times how
    rare the word is in the language. When a folder is given, the whole folder is the
    vault: words and lines that recur across it weigh less, so what you see is what makes
    each note distinctive there (the same vectors `hatch pairs` compares).

    Examples:

      hatch keywords notes/taste-is-a-filter.md

      hatch keywords ~/vault --limit 5 --format jsonl
    """
    with failures_as_exit_codes(debug, quiet):
        from hatch_cli.api import KeywordsReport, vault_keywords  # the library, when a command runs

        fmt = choose_format(output_format, KeywordsReport, sys.stdout.isatty())
        with progress_bar() as progress:
            options = _vault_options(glob, exclude, strict, errors, lang, no_cache, progress)
            report = vault_keywords(paths, limit=limit, **options)
        _print(report, fmt)


def _stream_pairs(
    paths: list[str],
    fmt: Format,
    *,
    min_score: float,
    for_note: str | None,
    unlinked: bool,
    embed: bool | str,
    embed_weight: float | None,
    options: VaultOptions,
    include_hatched: bool,
) -> None:
    """Every pair (``--limit 0``) in JSON or JSON Lines, written as the pairs come
    (``api.stream_pairs``): the same bytes as the report printed whole."""
    from hatch_cli.api import stream_pairs
    from hatch_cli.timings import phase

    with progress_bar(after="ranking pairs") as progress:
        options["progress"] = progress
        options["include_hatched"] = include_hatched
        stream = stream_pairs(
            paths, min_score=min_score, for_note=for_note, unlinked=unlinked, embed=embed,
            embed_weight=embed_weight, **options,
        )  # fmt: skip
    warn_skipped(stream.report.skipped)
    # The first columns are made when asked for: ranking and describing every pair (their
    # own phases), before the writing of them starts.
    first = next(stream.columns, None)
    columns = itertools.chain([first] if first is not None else [], stream.columns)
    pieces: list[str] = []
    size = 0
    with phase("write"):
        for piece in pairs_text(stream.report, columns, fmt):
            pieces.append(piece)
            size += len(piece)
            if size >= STREAM_CHUNK:
                emit("".join(pieces))
                pieces, size = [], 0
        emit("".join(pieces))


#: Characters of pairs written at once when they stream.
STREAM_CHUNK = 1 << 16


def _vault_options(
    glob: list[str] | None,
    exclude: list[str] | None,
    strict: bool,
    errors: Errors,
    lang: str | None,
    no_cache: bool,
    progress: Progress | None,
) -> VaultOptions:
    """The options of a vault command as ``api.open_vault`` takes them."""
    return {
        "globs": glob or (),
        "excludes": exclude or (),
        "strict": strict,
        "errors": errors.value,
        "lang": lang,
        "use_cache": not no_cache,
        "progress": progress,
        "warn": warn,
        "notify": notify,
    }


def _print(report: PairsReport | KeywordsReport, fmt: Format) -> None:
    warn_skipped(report.skipped)
    print_contract(report, fmt)
