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
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from hatch_cli import __version__
from hatch_cli.errors import ExitCode, HatchError, NothingToCombine, UsageError
from hatch_cli.render import OutputFormat, choose_format

if TYPE_CHECKING:
    from rich.console import Console

    from hatch_cli.models import Note

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
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp") from None
    return dt.date.today()


def warn(path: str, problem: str) -> None:
    """One warning line on stderr: something hatch worked around, and where."""
    print(f"hatch: warning: {path}: {problem}", file=sys.stderr)


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
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of every note (ISO 639-1: en, de, ja, ...), instead of each "
        "note's frontmatter lang or the language detected from its text.",
    ),
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show a traceback instead of a one-line error.")
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        envvar="HATCH_NO_CACHE",
        help="Read every note of the vault afresh, without the cache of unchanged notes "
        "(it lives in HATCH_CACHE_DIR or the user cache folder; the output is the same).",
    ),
]


class Style(StrEnum):
    """What ``--style`` accepts: the merged outline, or the same outline as an article."""

    outline = "outline"
    article = "article"


StyleOption = Annotated[
    Style,
    typer.Option(
        "--style",
        help="outline: themes, key points, advice as lists. article: the same as a short "
        "piece that reads top to bottom.",
        case_sensitive=False,
    ),
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
    style: StyleOption = Style.outline,
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
            lang,
            style=style,
            vault=vault,
            use_cache=not no_cache,
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
    lang: str | None = None,
    style: Style = Style.outline,
    vault: str | None = None,
    use_cache: bool = True,
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
    notes = [read_note(path, errors=errors, warn=warn) for path in paths]
    if lang is not None:
        notes = _with_lang(notes, lang)
    _suggest_cjk_extra(notes)
    docfreq = None
    if vault is not None:
        from hatch_cli.cache import open_cache
        from hatch_cli.vault import vault_context

        cache = open_cache() if use_cache else None
        context = vault_context([vault], errors=errors, cache=cache)
        notes = [context.prepare(note) for note in notes]
        docfreq = context.docfreq
    outline = combine_notes(
        notes,
        date=when,
        docfreq=docfreq,
        options=CombineOptions(themes=themes, advice=advice, points=points),
    )
    if len(outline.shared_keywords) < min_shared:
        raise NothingToCombine(
            f"the notes share {len(outline.shared_keywords)} keywords, "
            f"fewer than --min-shared {min_shared}"
        )
    fmt = choose_format(output_format.value, output is None and sys.stdout.isatty())
    if fmt == "rich" and output is None:
        from hatch_cli.render.to_terminal import outline_renderable

        view = _article_view(outline) if style == Style.article else outline_renderable(outline)
        _console().print(view)
        return
    text = _render_outline_text(outline, fmt, style)
    if output is None:
        emit(text)
        return
    from hatch_cli.output import write_atomic

    write_atomic(output, text, force=force, inputs=paths)
    print(f"hatch: wrote {output}", file=sys.stderr)


def language_code(lang: str) -> str:
    """The ISO 639-1 code ``--lang`` names (``ja-JP`` -> ``ja``), or a usage error."""
    code = lang.strip().lower().replace("_", "-").split("-", 1)[0]
    if not (2 <= len(code) <= 3 and code.isascii() and code.isalpha()):
        raise UsageError(f"--lang {lang!r} is not a language code like en, de or ja")
    return code


def _with_lang(notes: list[Note], lang: str) -> list[Note]:
    """Every note in the language of ``--lang``."""
    import dataclasses

    code = language_code(lang)
    return [dataclasses.replace(note, lang=code) for note in notes]


def _suggest_cjk_extra(notes: list[Note]) -> None:
    """One stderr line when a Japanese or Chinese note is split without its analyser."""
    langs = sorted({note.lang for note in notes if note.lang in ("ja", "zh")})
    if not langs:
        return  # English and the like: never import the segmenter
    from hatch_cli.core.segment import EXTRA_OF, NAME_OF, has_analyser

    missing = [lang for lang in langs if not has_analyser(lang)]
    if missing:
        extras = ",".join(EXTRA_OF[lang] for lang in missing)
        names = " and ".join(NAME_OF[lang] for lang in missing)
        print(
            f"hatch: note: {names} notes are split into words by a simple "
            f"fallback; for better keywords: pip install 'hatch-notes[{extras}]'",
            file=sys.stderr,
        )


def _article_view(outline: object) -> object:
    """The article as Rich Markdown (note text in it is escaped, so it stays inert)."""
    from rich.markdown import Markdown

    from hatch_cli.models import Outline
    from hatch_cli.render.to_article import article_body

    assert isinstance(outline, Outline)
    return Markdown(article_body(outline))


def _render_outline_text(outline: object, fmt: str, style: Style = Style.outline) -> str:
    from hatch_cli.models import Outline

    assert isinstance(outline, Outline)
    if fmt == "json":
        from hatch_cli.render.to_json import to_json

        return to_json(outline)
    if fmt == "rich":
        from hatch_cli.render.to_terminal import outline_renderable

        if style == Style.article:
            return _plain_rich(_article_view(outline))
        return _plain_rich(outline_renderable(outline))
    if style == Style.article:
        from hatch_cli.render.to_article import to_article

        return to_article(outline)
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

        from hatch_cli.models import json_schema
        from hatch_cli.reports import CONTRACTS

        model = CONTRACTS.get(name.lower())
        if model is None:
            fail(f"no schema named {name!r}; choose outline, pairs or keywords", ExitCode.USAGE)
        emit(json.dumps(json_schema(model), indent=2, sort_keys=True) + "\n")


# The vault commands (pairs, keywords; ideas) live in their own modules and register on ``app``.
from hatch_cli import cli_ideas, cli_vault  # noqa: E402,F401


def main() -> None:
    """Entry point of the ``hatch`` and ``hatch-notes`` console scripts."""
    app()
