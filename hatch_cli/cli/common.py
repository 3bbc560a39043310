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

from hatch_cli.errors import ExitCode, HatchError, UsageError
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
        help="With --embed: the share of meaning in the score, 0 to 1 (default 0.25).",
    ),
]


# --------------------------------------------------------------------------- --llm

#: --timeout and --note-words by default (``llm_writer.TIMEOUT``, ``brief.NOTE_WORDS``,
#: repeated here so that a command without --llm imports neither; a test checks they agree).
TIMEOUT = 300.0
NOTE_WORDS = 6000
PRIVACY = (
    "--llm sends the notes' text to the chosen model's provider (a local model keeps it on "
    "this machine); without --llm, hatch sends nothing anywhere."
)
LlmOption = Annotated[
    bool,
    typer.Option(
        "--llm",
        help="Have a language model write the article, through the llm library (pip install "
        "'hatch-notes[llm]'): llm's default model, or the one --model names. hatch checks "
        "its quotes against the notes and adds the frontmatter. " + PRIVACY,
    ),
]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        metavar="NAME",
        envvar="HATCH_LLM_MODEL",
        help="The model --llm uses, by id or alias as `llm models` lists them (--llm is a "
        "plain switch: write --llm --model NAME). Default: HATCH_LLM_MODEL, else llm's "
        "default model (llm models default).",
    ),
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        min=0.1,
        help="With --llm: give up (exit 8) when the model sends nothing for this long, "
        "before its first words or between two pieces.",
    ),
]
NoteWordsOption = Annotated[
    int,
    typer.Option(
        "--note-words",
        metavar="N",
        min=200,
        help="With --llm: send at most N words of the notes' text, shared fairly among them "
        "(a longer note keeps its beginning; the output says which were trimmed). Lower it "
        "for a small local model.",
    ),
]
StrictQuotesOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="With --llm: fail (exit 10) instead of warning when the article quotes a "
        "passage that is in none of the notes.",
    ),
]


def embed_choice(embed: bool, model: str | None) -> bool | str:
    """``--embed``/``--embed-model`` as ``api`` takes them: False, True or a model name."""
    if model:
        return model
    return embed


def given(ctx: typer.Context, name: str) -> bool:
    """Whether the option ``name`` was given on the command line (not a default or an
    environment variable)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"


def check_llm_options(ctx: typer.Context, llm: bool, *names: str) -> None:
    """A usage error for an option that only means something with --llm, given without it."""
    if llm:
        return
    for name in names:
        if given(ctx, name):
            flag = "--" + name.replace("_", "-")
            raise UsageError(f"{flag} is an option of --llm; add --llm")


class LiveWatcher:
    """The model at work, on stderr in a terminal: a spinner until its first words, then
    the last lines of what it has written so far (Rich Live, cleared when done)."""

    TAIL_LINES = 8

    def __init__(self) -> None:
        self.live: Any = None
        self.model = ""
        self.note = ""
        self.pieces: list[str] = []

    def waiting(self, model: str) -> None:
        from rich.live import Live

        from hatch_cli.render import console

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
        from hatch_cli.core.prose import shorten

        self.note = shorten(f"asking again: {problems}", 100)

    def finished(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None

    def _view(self) -> RenderableType:
        from rich.console import Group
        from rich.spinner import Spinner
        from rich.text import Text

        from hatch_cli.core.prose import count_words
        from hatch_cli.core.text import make_inert

        note = f" ({self.note})" if self.note else ""
        written = "".join(self.pieces)
        if not written:
            return Spinner("dots", text=Text(f"waiting for {self.model}{note}…"))
        header = Spinner(
            "dots", text=Text(f"{self.model} is writing: {count_words(written)} words{note}")
        )
        console = self.live.console
        width = max(20, console.width - 2)
        recent = Text(make_inert(written[-width * self.TAIL_LINES * 2 :]), style="dim")
        lines = recent.wrap(console, width)
        return Group(header, Text("\n").join(lines[-self.TAIL_LINES :]))


@contextlib.contextmanager
def model_watcher() -> Iterator[LiveWatcher | None]:
    """A watcher of the model for ``api.write_with_model``: live on stderr in a terminal,
    else None (a pipe or a log gets only the result)."""
    if not sys.stderr.isatty():
        yield None
        return
    watcher = LiveWatcher()
    try:
        yield watcher
    finally:
        watcher.finished()
