"""The options more than one command takes, and the checks between them.

Imports nothing from the command modules, so they can all import it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from hatch_cli.errors import UsageError
from hatch_cli.render import Format, Style


class Errors(StrEnum):
    """What ``--errors`` accepts (upper-case names: a member named ``replace`` would hide
    ``str.replace``)."""

    STRICT = "strict"
    REPLACE = "replace"


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
        metavar="DATE",
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
        metavar="LANG",
        help="Language of every note (ISO 639-1: en, de, ja, ...), instead of each "
        "note's frontmatter lang or the language detected from its text.",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="Say nothing on stderr but warnings and errors: no notices, progress or status lines.",
    ),
]
OpenOption = Annotated[
    bool,
    typer.Option(
        "--open",
        help="Open what was written in $VISUAL or $EDITOR (else the system's default app).",
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
        metavar="SHARE",
        min=0.0,
        max=1.0,
        help="With --embed: the share of meaning in the score, 0 to 1 (default 0.4).",
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
