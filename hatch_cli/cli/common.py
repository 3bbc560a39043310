"""What every command shares: its failures as one line and an exit code, signals, stdout
and stderr helpers, the progress bar and the model watcher (the options they share are in
``options``).

Imports nothing from the command modules, so they can all import it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import typer

from hatch_cli.errors import ExitCode, HatchError, Terminated, TooFewNotes
from hatch_cli.render import Format, console, model_view, text, trim_line_ends, view

if TYPE_CHECKING:
    from rich.console import RenderableType

    from hatch_cli.api import Progress, SkippedNote


#: The notices said in this run (``notify``).
_NOTIFIED: set[str] = set()
#: Whether this run was asked for quiet (``-q``): notices, progress and status lines off.
_QUIET = [False]


@contextlib.contextmanager
def failures_as_exit_codes(debug: bool, quiet: bool = False) -> Iterator[None]:
    """Turn every failure into one stderr line and a documented exit code; with ``quiet``,
    say nothing on stderr but warnings and errors."""
    _NOTIFIED.clear()  # a new run (tests run many in one process)
    _QUIET[0] = quiet
    try:
        yield
    except HatchError as err:
        if isinstance(err, TooFewNotes):
            warn_skipped(err.skipped)
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
    any error: no partial output, one line on stderr, exit 130 or 143 (``failures_as_exit_codes``).
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
    except Terminated:  # raised outside any command's failures_as_exit_codes (while parsing argv)
        raise SystemExit(int(ExitCode.TERMINATED)) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _kill_workers() -> None:
    workers = sys.modules.get("hatch_cli.vault.workers")  # never imported just for this
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


def warn_skipped(skipped: Sequence[SkippedNote]) -> None:
    """One warning line for each note passed over."""
    for item in skipped:
        warn(item.path, f"{item.reason} (skipped)")


def say(message: str) -> None:
    """A status line on stderr (what was written, what a dry run would do); not with -q."""
    if not _QUIET[0]:
        print(f"hatch: {message}", file=sys.stderr, flush=True)


def notify(message: str) -> None:
    """One notice line on stderr, once a run (steps that open the same cache or model may
    each have the same thing to say)."""
    if message in _NOTIFIED or _QUIET[0]:
        return
    _NOTIFIED.add(message)
    print(f"hatch: note: {message}", file=sys.stderr)


#: How much of a result goes to stdout in one write.
EMIT_CHUNK = 64 * 1024


def emit(text: str) -> None:
    """The result, on stdout, a pipe's worth at a time: a reader that has gone away
    (``| head -1``) is then noticed at the next write (some kernels accept one huge write
    whole) and the run ends with exit 141."""
    for start in range(0, len(text), EMIT_CHUNK):
        sys.stdout.write(text[start : start + EMIT_CHUNK])
    sys.stdout.flush()


def print_contract(contract: Any, fmt: Format) -> None:
    """A result on stdout: its Rich view for ``--format rich``, else its text."""
    if fmt == Format.rich:
        show(view(contract))
    else:
        emit(text(contract, fmt))


def show(renderable: RenderableType) -> None:
    """A Rich view on stdout, without the spaces Rich pads its lines with (they make a
    copied or captured view hard to use)."""
    terminal = console()
    with terminal.capture() as captured:
        terminal.print(renderable)
    emit(trim_line_ends(captured.get()))


# Show a progress bar (on stderr, in a terminal) only for vaults that take a while.
PROGRESS_MIN_NOTES = 1000


class _LazyBar:
    """A progress callback that starts a transient Rich bar on stderr at its first call,
    if the work is big enough to be worth one (the total is known only then)."""

    def __init__(self, label: str, after: str | None = None) -> None:
        self.label = label
        self.after = after  # what the bar says once reading is done (no total: a pulse)
        self.started = False
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.started:
            self.started = True
            # read_vault counts each note twice (two passes).
            if total < 2 * PROGRESS_MIN_NOTES:
                return
            # Rich's progress bar: only for work big enough to show one.
            from rich.progress import Progress as Bar

            self.bar = Bar(console=console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        if self.bar is None:
            return
        if done >= total and self.after is not None:
            self.bar.update(self.task, description=self.after, total=None)
        else:
            self.bar.update(self.task, completed=done)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@contextlib.contextmanager
def progress_bar(
    label: str = "reading notes", after: str | None = None
) -> Iterator[Progress | None]:
    """A progress callback for a vault read: a bar on stderr in a terminal, else None;
    ``after`` is what it says (a pulse, until the block ends) once the notes are read."""
    if _QUIET[0] or not sys.stderr.isatty():
        yield None
        return
    bar = _LazyBar(label, after)
    try:
        yield bar
    finally:
        bar.stop()


class LiveWatcher:
    """The model at work, on stderr in a terminal: a spinner until its first words, then
    the last lines of what it has written so far (Rich Live, cleared when done)."""

    TAIL_LINES = 8

    def __init__(self) -> None:
        self.live: Any = None
        self.model = ""
        self.problems = ""  # why the model is asked again, until that answer is done
        self.pieces: list[str] = []

    def waiting(self, model: str) -> None:
        from rich.live import Live  # Rich's live view: only --llm

        self.model = model
        self.pieces = []
        if self.live is None:
            self.live = Live(console=console(stderr=True), transient=True, refresh_per_second=12)
            self.live.start()
        self.live.update(self._view())

    def text(self, piece: str) -> None:
        self.pieces.append(piece)
        if self.live is not None:
            self.live.update(self._view())

    def retrying(self, problems: str) -> None:
        self.problems = problems

    def finished(self) -> None:
        self.problems = ""  # the next answer (hatch ideas: the next note's) is a new one
        if self.live is not None:
            self.live.stop()
            self.live = None

    def _view(self) -> RenderableType:
        written = "".join(self.pieces)
        return model_view(self.model, written, self.problems, self.live.console, self.TAIL_LINES)


@contextlib.contextmanager
def model_watcher() -> Iterator[LiveWatcher | None]:
    """A watcher of the model for ``api.write_with_model``: live on stderr in a terminal,
    else None (a pipe or a log gets only the result, and so does -q)."""
    if _QUIET[0] or not sys.stderr.isatty():
        yield None
        return
    watcher = LiveWatcher()
    try:
        yield watcher
    finally:
        watcher.finished()


def open_in_editor(path: str) -> None:
    """``--open``: the file hatch wrote in ``$VISUAL`` or ``$EDITOR`` (a command line, split
    as a shell splits it), else in the system's default app for it. The file is written
    either way: an editor that can't start is a warning, not a failed run."""
    import shlex  # only --open
    import subprocess

    editor = os.environ.get("VISUAL", "").strip() or os.environ.get("EDITOR", "").strip()
    if not editor:
        if typer.launch(path) != 0:
            warn(path, "written, but no app opened it; set VISUAL or EDITOR")
        return
    try:
        subprocess.run([*shlex.split(editor), path], check=False)
    except (OSError, ValueError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        warn(path, f"written, but the editor {editor!r} could not start: {reason}")
