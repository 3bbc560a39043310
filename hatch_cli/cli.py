"""The command line: options -> read notes -> pure core -> render -> stdout or a file.

This is the only module that knows about argv, stdout/stderr and exit codes. Every
``HatchError`` becomes one line on stderr and its documented exit code (see ``errors``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from hatch_cli import __version__
from hatch_cli.errors import ExitCode, HatchError, NothingToCombine, UsageError
from hatch_cli.render import OutputFormat, choose_format

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="hatch",
    help=(
        "Hatch new ideas out of your own markdown notes.\n\n"
        "Combine two or more notes into one merged outline of what they share and what "
        "each brings.\n\n"
        "Example: hatch combine notes/curation-as-care.md notes/taste-is-a-filter.md"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"hatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Hatch new ideas out of your own markdown notes."""


def fail(message: str, code: ExitCode) -> NoReturn:
    print(f"hatch: error: {message}", file=sys.stderr)
    raise typer.Exit(int(code))


@contextlib.contextmanager
def one_door_out(debug: bool) -> Iterator[None]:
    """Turn every failure into one stderr line and a documented exit code."""
    try:
        yield
    except HatchError as err:
        if debug:
            raise
        print(err.line(), file=sys.stderr)
        raise typer.Exit(int(err.exit_code)) from None
    except BrokenPipeError:
        # The reader went away (`| head -1`): stop quietly, and keep Python from
        # complaining when it flushes stdout at exit.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(int(ExitCode.BROKEN_PIPE)) from None
    except KeyboardInterrupt:
        print("hatch: interrupted", file=sys.stderr)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except typer.Exit:
        raise
    except Exception as err:
        if debug:
            raise
        print(
            f"hatch: error: internal error: {type(err).__name__}: {err} "
            "(run again with --debug for a traceback)",
            file=sys.stderr,
        )
        raise typer.Exit(int(ExitCode.ERROR)) from None


def resolve_date(option: str | None, environ: dict[str, str] | os._Environ[str]) -> dt.date:
    """``--date`` wins, then ``SOURCE_DATE_EPOCH`` (UTC), then today."""
    if option:
        try:
            return dt.date.fromisoformat(option)
        except ValueError:
            raise UsageError(f"--date {option!r} is not a date like 2024-05-31") from None
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None
    return dt.date.today()


def emit(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help="auto: Rich in a terminal, Markdown in a pipe or file. Or rich, markdown, json.",
        case_sensitive=False,
    ),
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show a traceback instead of a one-line error.")
]


@app.command()
def combine(
    notes: Annotated[
        list[str],
        typer.Argument(
            metavar="NOTE...",
            help="Two or more markdown notes; '-' reads one note from stdin.",
            show_default=False,
        ),
    ],
    output_format: FormatOption = OutputFormat.auto,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --output replace an existing file.")
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Date of the outline, YYYY-MM-DD. Default: SOURCE_DATE_EPOCH, else today.",
        ),
    ] = None,
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
    errors: Annotated[
        str,
        typer.Option(
            "--errors",
            help="What to do with bytes that are not UTF-8: strict (fail) or replace.",
        ),
    ] = "strict",
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
    """
    with one_door_out(debug):
        _combine(
            notes,
            output_format,
            output,
            force,
            date,
            min_shared,
            themes,
            advice,
            points,
            errors,
        )


def _combine(
    paths: list[str],
    output_format: OutputFormat,
    output: str | None,
    force: bool,
    date: str | None,
    min_shared: int,
    themes: int,
    advice: int,
    points: int,
    errors: str,
) -> None:
    from hatch_cli.core.combine import CombineOptions
    from hatch_cli.core.combine import combine as combine_notes
    from hatch_cli.notes import read_note

    if errors not in ("strict", "replace"):
        raise UsageError(f"--errors {errors!r}: use strict or replace")
    when = resolve_date(date, os.environ)
    if len(paths) < 2:
        raise NothingToCombine(f"combine needs at least two notes, got {len(paths)}")
    if paths.count("-") > 1:
        raise UsageError("'-' (stdin) can be given only once")
    notes = [read_note(path, errors=errors) for path in paths]
    outline = combine_notes(
        notes, date=when, options=CombineOptions(themes=themes, advice=advice, points=points)
    )
    if len(outline.shared_keywords) < min_shared:
        raise NothingToCombine(
            f"the notes share {len(outline.shared_keywords)} keywords, "
            f"fewer than --min-shared {min_shared}"
        )
    fmt = choose_format(output_format.value, output is None and sys.stdout.isatty())
    if fmt == "rich" and output is None:
        from hatch_cli.render.to_terminal import outline_renderable

        _console().print(outline_renderable(outline))
        return
    text = _render_outline_text(outline, fmt)
    if output is None:
        emit(text)
        return
    from hatch_cli.output import write_atomic

    write_atomic(output, text, force=force, inputs=paths)
    print(f"hatch: wrote {output}", file=sys.stderr)


def _render_outline_text(outline: object, fmt: str) -> str:
    from hatch_cli.models import Outline

    assert isinstance(outline, Outline)
    if fmt == "json":
        from hatch_cli.render.to_json import to_json

        return to_json(outline)
    if fmt == "rich":
        from hatch_cli.render.to_terminal import outline_renderable

        return _plain_rich(outline_renderable(outline))
    from hatch_cli.render.to_markdown import to_markdown

    return to_markdown(outline)


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _plain_rich(renderable: object) -> str:
    """A Rich view rendered without colour, for ``--format rich -o FILE``."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, highlight=False, color_system=None, width=100).print(renderable)
    return buffer.getvalue()


@app.command()
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

        from hatch_cli.models import CONTRACTS, json_schema

        model = CONTRACTS.get(name.lower())
        if model is None:
            fail(f"no schema named {name!r}; choose outline, pairs or keywords", ExitCode.USAGE)
        emit(json.dumps(json_schema(model), indent=2, sort_keys=True) + "\n")


# The vault commands (pairs, keywords) live in their own module and register on ``app``.
from hatch_cli import cli_vault  # noqa: E402,F401


def main() -> None:
    """Entry point of the ``hatch`` and ``hatch-notes`` console scripts."""
    app()
