"""What every command shares: the one door out (errors to one line and an exit code),
stdout and stderr helpers, and the options more than one command takes.

Imports nothing from the command modules, so they can all import it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hatch_cli.errors import ExitCode, HatchError, Terminated
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
        _say("hatch: interrupted")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except Terminated:
        _say("hatch: terminated")
        raise typer.Exit(int(ExitCode.TERMINATED)) from None
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


def _say(line: str) -> None:
    """A last line on stderr, which may be closed by now."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


#: Seconds a stopped run has to end by itself (its ``finally`` blocks: temporary files
#: removed, the cache closed) before it is ended outright.
STOP_GRACE = 1.0
_EXIT_OF = {signal.SIGINT: ExitCode.INTERRUPTED, signal.SIGTERM: ExitCode.TERMINATED}


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """While the block runs, SIGINT and SIGTERM end the whole run within about a second.

    The handler kills the reading workers at once (``workers.kill_workers``), then raises
    ``KeyboardInterrupt`` or ``Terminated`` in the main thread, so the run unwinds as for
    any error: no partial output, one line on stderr, exit 130 or 143 (``one_door_out``).
    Should the unwinding hang (a pool's queue left half-written), a timer ends the
    process after ``STOP_GRACE`` seconds with the same code; a second signal ends it at
    once. For the console script only: a library caller keeps its own handlers.
    """
    stopping: list[int] = []

    def stop(signum: int, frame: object) -> None:
        code = int(_EXIT_OF[signal.Signals(signum)])
        _kill_workers()
        if stopping:
            os._exit(code)
        stopping.append(code)
        timer = threading.Timer(STOP_GRACE, _end_now, (code,))
        timer.daemon = True
        timer.start()
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Terminated

    previous = {signum: signal.signal(signum, stop) for signum in _EXIT_OF}
    try:
        yield
    except Terminated:  # raised outside any command's one_door_out (while parsing argv)
        raise SystemExit(int(ExitCode.TERMINATED)) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _kill_workers() -> None:
    workers = sys.modules.get("hatch_cli.workers")  # never imported just for this
    if workers is not None:
        workers.kill_workers()


def _end_now(code: int) -> None:
    _kill_workers()
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


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
