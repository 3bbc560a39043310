"""What every command shares: the one door out (errors to one line and an exit code),
stdout and stderr helpers, and the options more than one command takes.

Imports nothing from the command modules, so they can all import it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hatch_cli.errors import ExitCode, HatchError
from hatch_cli.render import Format, Style

if TYPE_CHECKING:
    from rich.console import RenderableType

    from hatch_cli.reading import Progress


class Errors(StrEnum):
    """What ``--errors`` accepts (upper-case names: a member named ``replace`` would hide
    ``str.replace``)."""

    STRICT = "strict"
    REPLACE = "replace"


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


def warn(path: str, problem: str) -> None:
    """One warning line on stderr: something hatch worked around, and where."""
    print(f"hatch: warning: {path}: {problem}", file=sys.stderr)


def notify(message: str) -> None:
    """One notice line on stderr."""
    print(f"hatch: note: {message}", file=sys.stderr)


def emit(text: str) -> None:
    """The result, on stdout."""
    sys.stdout.write(text)
    sys.stdout.flush()


def show(renderable: RenderableType) -> None:
    """A Rich view on stdout."""
    from hatch_cli.render import console

    console().print(renderable)


# Show a progress bar (on stderr, in a terminal) only for vaults that take a while.
PROGRESS_MIN_NOTES = 1000


class _LazyBar:
    """A progress callback that starts a transient Rich bar on stderr at its first call,
    if the work is big enough to be worth one (the total is known only then)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.started = False
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.started:
            self.started = True
            # read_vault counts each note twice (two passes).
            if total < 2 * PROGRESS_MIN_NOTES:
                return
            from rich.progress import Progress as Bar

            from hatch_cli.render import console

            self.bar = Bar(console=console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        if self.bar is not None:
            self.bar.update(self.task, completed=done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextlib.contextmanager
def progress_bar(label: str = "reading notes") -> Iterator[Progress | None]:
    """A progress callback for a vault read: a bar on stderr in a terminal, else None."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = _LazyBar(label)
    try:
        yield bar
    finally:
        bar.stop()


# --------------------------------------------------------------------------- options

FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="auto: Rich in a terminal, Markdown in a pipe or file. Or rich, markdown, json "
        "(and jsonl, one JSON object a line, for lists).",
        case_sensitive=False,
    ),
]
StyleOption = Annotated[
    Style,
    typer.Option(
        "--style",
        help="outline: themes, key points, advice as lists. article: the same as a short "
        "piece that reads top to bottom.",
        case_sensitive=False,
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        help="Date of what is hatched, YYYY-MM-DD. Default: SOURCE_DATE_EPOCH, else today.",
    ),
]
ErrorsOption = Annotated[
    Errors,
    typer.Option(
        "--errors",
        help="Bytes that are not UTF-8: strict (fail, or skip the note in a vault) or replace.",
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
IncludeHatchedOption = Annotated[
    bool,
    typer.Option(
        "--include-hatched",
        help="Also pair the notes hatch wrote (those with hatched_from), which are left out "
        "by default: they pair best with their own sources.",
    ),
]
EmbedOption = Annotated[
    bool,
    typer.Option(
        "--embed",
        help="Score by meaning as well as words, with an embedding model of the llm library "
        "(llm's default one, or --embed-model): the notes' text goes to that model's "
        "provider, so a local model keeps it on this machine. Needs "
        "pip install 'hatch-notes[embed]'.",
    ),
]
EmbedModelOption = Annotated[
    str | None,
    typer.Option(
        "--embed-model",
        metavar="MODEL",
        envvar="HATCH_EMBED_MODEL",
        help="The embedding model for --embed (implies it), as `llm embed-models` lists them.",
    ),
]
EmbedWeightOption = Annotated[
    float | None,
    typer.Option(
        "--embed-weight",
        min=0.0,
        max=1.0,
        help="With --embed: the share of meaning in the score, 0 to 1 (default 0.5).",
    ),
]


def embed_choice(embed: bool, model: str | None) -> bool | str:
    """``--embed``/``--embed-model`` as ``api`` takes them: False, True or a model name."""
    if model:
        return model
    return embed
