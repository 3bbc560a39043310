"""``hatch combine`` and ``hatch schema``: argv -> ``api.combine_notes`` -> a renderer."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from hatch_cli.cli.common import (
    DateOption,
    DebugOption,
    Errors,
    ErrorsOption,
    FormatOption,
    LangOption,
    NoCacheOption,
    StyleOption,
    emit,
    notify,
    one_door_out,
    show,
    warn,
)
from hatch_cli.errors import UsageError
from hatch_cli.render import Format, Style


def combine(
    notes: Annotated[
        list[str],
        typer.Argument(
            metavar="NOTE...",
            help="Two or more markdown notes; '-' reads one note from stdin.",
            show_default=False,
        ),
    ],
    output_format: FormatOption = Format.auto,
    style: StyleOption = Style.outline,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of stdout; '-' is stdout. Only a "
            "regular file is written: never a device, FIFO or symlink.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --output replace an existing file.")
    ] = False,
    date: DateOption = None,
    min_shared: Annotated[
        int,
        typer.Option(
            "--min-shared",
            min=0,
            help="Exit with code 4 when the notes share fewer keywords than this.",
        ),
    ] = 0,
    themes: Annotated[int, typer.Option("--themes", min=0, help="Shared themes to show.")] = 5,
    advice: Annotated[int, typer.Option("--advice", min=0, help="Actionable advice items.")] = 3,
    points: Annotated[int, typer.Option("--points", min=0, help="Key points per note.")] = 3,
    errors: ErrorsOption = Errors.STRICT,
    lang: LangOption = None,
    vault: Annotated[
        str | None,
        typer.Option(
            "--vault",
            metavar="FOLDER",
            help="Weigh words by how common they are in this folder of notes too, and leave "
            "out its template text, as hatch pairs does: relatedness is then the pairs score.",
        ),
    ] = None,
    no_cache: NoCacheOption = False,
    debug: DebugOption = False,
) -> None:
    """Combine notes into one merged outline: shared themes, key points, advice.

    Reads YAML, TOML or JSON frontmatter and a Markdown body from each note, finds the
    keywords the notes share and prints a merged outline. In a terminal it is shown with
    Rich; piped or redirected it is a Markdown note (with frontmatter) or --format json.

    Examples:

      hatch combine notes/curation-as-care.md notes/taste-is-a-filter.md

      hatch combine a.md b.md --format json | jq .shared_keywords

      hatch combine a.md b.md -o idea.md --date 2024-05-31

      hatch combine a.md b.md --style article

      hatch combine vault/a.md vault/b.md --vault vault/
    """
    with one_door_out(debug):
        from hatch_cli.api import combine_notes, resolve_date
        from hatch_cli.core.combine import CombineOptions
        from hatch_cli.render import choose_format, outline_text, outline_view

        if output == "-":  # -o - is stdout, as in most tools
            output = None
        when = resolve_date(date)
        overwrite = "pass --force to overwrite it"
        if output is not None:  # before the work: a bad target fails fast
            from hatch_cli.output import check_target

            check_target(output, force=force, inputs=notes, hint=overwrite)
        fmt = choose_format(output_format, output is None and sys.stdout.isatty(), lists=False)
        outline = combine_notes(
            notes,
            date=when,
            options=CombineOptions(themes=themes, advice=advice, points=points),
            errors=errors.value,
            lang=lang,
            vault=vault,
            use_cache=not no_cache,
            min_shared=min_shared,
            warn=warn,
            notify=notify,
        )
        if fmt == Format.rich and output is None:
            show(outline_view(outline, style))
            return
        text = outline_text(outline, fmt, style)
        if output is None:
            emit(text)
            return
        from hatch_cli.output import write_atomic

        write_atomic(output, text, force=force, inputs=notes, hint=overwrite)
        print(f"hatch: wrote {output}", file=sys.stderr)


def schema(
    name: Annotated[
        str,
        typer.Argument(help="Which contract: outline, pairs or keywords."),
    ] = "outline",
    debug: DebugOption = False,
) -> None:
    """Print the JSON Schema of hatch's JSON output (the Outline by default).

    Example: hatch schema > outline.schema.json
    """
    with one_door_out(debug):
        import json

        from hatch_cli.models import json_schema
        from hatch_cli.reports import CONTRACTS

        model = CONTRACTS.get(name.lower())
        if model is None:
            raise UsageError(f"no schema named {name!r}; choose outline, pairs or keywords")
        emit(json.dumps(json_schema(model), indent=2, sort_keys=True) + "\n")
