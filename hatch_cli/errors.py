"""Exit codes and the errors that carry them.

Every failure hatch knows about is a ``HatchError`` with an exit code; ``cli`` is the
only place that turns one into a line on stderr and a process exit status.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """The documented exit statuses of every hatch command (the README table mirrors this)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    BAD_NOTE = 3
    NOTHING_TO_COMBINE = 4
    OUTPUT_EXISTS = 5
    OUTPUT_FAILED = 6
    MODEL_UNAVAILABLE = 7
    MODEL_FAILED = 8
    BAD_REPLY = 9
    UNVERIFIED_QUOTES = 10
    INTERRUPTED = 130
    BROKEN_PIPE = 141
    TERMINATED = 143


#: What each exit status means, in a sentence (``hatch --help-man``; the README's table
#: says the same at more length).
EXIT_MEANINGS = {
    ExitCode.OK: "The output was written.",
    ExitCode.ERROR: "An unexpected internal error (a bug: run again with --debug and report it).",
    ExitCode.USAGE: "Bad options or arguments, a bad --date or --lang, a config file hatch "
    "can't use, a note named twice.",
    ExitCode.BAD_NOTE: "A note is missing, not a regular file, unreadable, not UTF-8, empty "
    "or has malformed frontmatter (or over 1 MiB of it).",
    ExitCode.NOTHING_TO_COMBINE: "Fewer than two notes (one for keywords), or fewer shared "
    "keywords than --min-shared.",
    ExitCode.OUTPUT_EXISTS: "--output names an existing file (without --force) or an input.",
    ExitCode.OUTPUT_FAILED: "--output (or OUTDIR) could not be written.",
    ExitCode.MODEL_UNAVAILABLE: "--llm or --embed cannot start: llm not installed, an unknown "
    "model, a missing key.",
    ExitCode.MODEL_FAILED: "The model failed: no network, --timeout, a rate limit, bad "
    "embedding vectors.",
    ExitCode.BAD_REPLY: "The model's answer had the wrong shape, or was too big to read, twice.",
    ExitCode.UNVERIFIED_QUOTES: "With --strict: the article quotes a passage, or gives a link, "
    "in none of the notes.",
    ExitCode.INTERRUPTED: "Ctrl-C (SIGINT).",
    ExitCode.BROKEN_PIPE: "The reader of stdout went away (hatch ... | head -1).",
    ExitCode.TERMINATED: "SIGTERM.",
}


class HatchError(Exception):
    """A failure hatch expected: one line for the user and an exit code."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def line(self) -> str:
        """The one stderr line: ``hatch: error: PATH: problem``."""
        # errors loads at every start; this only for an error.
        from hatch_cli.core.reading.inert import shown_path

        where = f"{shown_path(self.path)}: " if self.path else ""
        return f"hatch: error: {where}{self.message}"


class NoteError(HatchError):
    """A note cannot be read or parsed (missing, not UTF-8, broken frontmatter, empty)."""

    exit_code = ExitCode.BAD_NOTE


class NothingToCombine(HatchError):
    """Fewer than two usable notes, or fewer shared keywords than ``--min-shared`` asks."""

    exit_code = ExitCode.NOTHING_TO_COMBINE


class TooFewNotes(NothingToCombine):
    """Fewer readable notes than a vault command needs; ``skipped`` holds the notes it
    passed over (``reports.SkippedNote``s), which the CLI warns about before the error."""

    def __init__(self, message: str, path: str | None, skipped: tuple[Any, ...]) -> None:
        super().__init__(message, path)
        self.skipped = skipped


class OutputExists(HatchError):
    """The output file exists and ``--force`` was not given, or it is one of the inputs."""

    exit_code = ExitCode.OUTPUT_EXISTS


class OutputFailed(HatchError):
    """The output could not be written (no permission, disk full, missing folder)."""

    exit_code = ExitCode.OUTPUT_FAILED


class UsageError(HatchError):
    """An option value that Typer accepted but hatch cannot use (a bad ``--date``)."""

    exit_code = ExitCode.USAGE


class ModelUnavailable(HatchError):
    """``--llm`` or ``--embed`` cannot start: the ``llm`` library is missing, the model is
    unknown or not chosen, or it needs a key that is not set (or that its provider
    refused)."""

    exit_code = ExitCode.MODEL_UNAVAILABLE


class ModelFailed(HatchError):
    """The model was asked and failed: no network, a timeout, a rate limit, an error from
    its provider. Trying again later may work."""

    exit_code = ExitCode.MODEL_FAILED


class BadReply(HatchError):
    """The model's answer was empty, had the wrong shape or was too big to read, twice (it
    was asked again once, told what was wrong)."""

    exit_code = ExitCode.BAD_REPLY


class UnverifiedQuotes(HatchError):
    """With ``--strict``: the article quotes a passage, or gives a link, that is in none of
    the notes."""

    exit_code = ExitCode.UNVERIFIED_QUOTES


class Terminated(BaseException):
    """SIGTERM arrived (``timeout``, a CI job cancelled, systemd stopping a unit): the run
    stops as it does for Ctrl-C. A ``BaseException``, like ``KeyboardInterrupt``, so that
    no ``except Exception`` on the way swallows it."""
