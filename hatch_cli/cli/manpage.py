"""``hatch --help-man``: the manual page, written from the commands themselves.

The page is built from the same Click command tree ``--help`` prints, so it can't drift
from the code: every command's usage, help text and options, then the exit statuses,
the environment and the config files. Output is roff for ``man -l -`` (or
``hatch --help-man > hatch.1``); nothing in it depends on the clock, so it is
byte-identical from one run to the next.
"""

from __future__ import annotations

import inspect
import re

from typer import _click as click
from typer.core import TyperArgument, TyperGroup

from hatch_cli import __version__
from hatch_cli.cli.conventions import argument_name, tidy_help
from hatch_cli.errors import EXIT_MEANINGS, ExitCode

#: The variables hatch reads, and what for.
ENVIRONMENT = {
    "HATCH_CONFIG_DIR": "Folder of the user's config.toml (default: the platform's user "
    "config folder, e.g. ~/.config/hatch-notes).",
    "HATCH_CACHE_DIR": "Folder of the cache of unchanged notes (default: the user cache folder).",
    "HATCH_NO_CACHE": "Set to 1 to read every note afresh (--no-cache).",
    "HATCH_EMBED_MODEL": "The embedding model of --embed (--embed-model).",
    "SOURCE_DATE_EPOCH": "Pins the date of what is hatched (as --date does), for "
    "byte-identical output.",
    "NO_COLOR": "No colour in the terminal view.",
    "VISUAL, EDITOR": "The editor --open starts.",
}
FILES = {
    "hatch.toml": "The vault's defaults: the nearest one in the current folder or a folder "
    "given on the command line, or above it up to a repository's root or the home folder. "
    "Top-level keys apply to every command with that option; a [pairs], [ideas]... table "
    "to one command. It may not set output, paths, vault, for, open, llm, model, embed, "
    "embed-model or quiet (ignored, with a warning).",
    "config.toml": "The user's defaults, in HATCH_CONFIG_DIR or the platform's user config "
    "folder; the vault's file wins over it, the environment and the command line over "
    "both. hatch config shows what is in force. A config file another user owns, or that "
    "others can write, is ignored.",
}
_LEADING_DOT = re.compile(r"^([.'])", re.MULTILINE)


def manual(ctx: click.Context) -> str:
    """The roff page for the app whose root context is ``ctx``."""
    root = ctx.find_root()
    group = root.command
    lines = [
        f'.TH HATCH 1 "" "hatch {__version__}" "User Commands"',
        ".SH NAME",
        r"hatch \- hatch new ideas out of your own markdown notes",
        ".SH SYNOPSIS",
        r".B hatch",
        r"[\fIOPTIONS\fR] \fICOMMAND\fR [\fIARGS\fR]...",
        ".SH DESCRIPTION",
        *_text(group.help or ""),
        ".SH OPTIONS",
        *_options(group, root),
        ".SH COMMANDS",
    ]
    if isinstance(group, TyperGroup):
        for name in group.list_commands(root):
            command = group.get_command(root, name)
            if command is None or command.hidden:
                continue
            sub = click.Context(command, info_name=name, parent=root)
            usage = " ".join(command.collect_usage_pieces(sub))
            lines += [f'.SS "hatch {name} {_escape(usage)}"', *_text(command.help or "")]
            lines += _options(command, sub)
    lines += [".SH EXIT STATUS"]
    for code in ExitCode:
        lines += [".TP", rf"\fB{int(code)}\fR ({code.name})", _escape(EXIT_MEANINGS[code])]
    lines += [".SH ENVIRONMENT"]
    for name, meaning in ENVIRONMENT.items():
        lines += [".TP", rf"\fB{name}\fR", _escape(meaning)]
    lines += [".SH FILES"]
    for name, meaning in FILES.items():
        lines += [".TP", rf"\fI{name}\fR", _escape(meaning)]
    lines += [
        ".SH NOTES",
        _escape(
            "hatch is also installed as hatch-notes, for systems where PyPA's Hatch owns "
            "the name hatch. Shell completion: hatch --install-completion, or "
            "hatch --show-completion SHELL to see the script."
        ),
        ".SH SEE ALSO",
        r"\fBllm\fR(1)",
    ]
    return "\n".join(lines) + "\n"


def _options(command: click.Command, ctx: click.Context) -> list[str]:
    """``.TP`` entries: each argument, then each option with its help."""
    out: list[str] = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if isinstance(param, TyperArgument):
            out += [".TP", rf"\fI{_escape(argument_name(param))}\fR", _escape(param.help or "")]
            continue
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, help_text = record
        out += [".TP", _option_names(names), _escape(tidy_help(help_text))]
    return out


def _option_names(names: str) -> str:
    """``-o, --output FILE`` with the flags in bold and the value in italics."""
    flags, _, value = names.rpartition(" ")
    if not flags or value.startswith("-"):
        flags, value = names, ""
    shown = rf"\fB{_escape(flags)}\fR"
    return f"{shown} \\fI{_escape(value)}\\fR" if value else shown


def _text(help_text: str) -> list[str]:
    """A help text as roff paragraphs; indented lines (the examples) kept as they are."""
    out: list[str] = []
    for paragraph in inspect.cleandoc(help_text).split("\n\n"):
        lines = paragraph.splitlines()
        if not lines:
            continue
        if all(line.startswith(" ") for line in lines):
            out += [".PP", ".RS 4", ".nf", *(_escape(line.strip()) for line in lines), ".fi", ".RE"]
        else:
            out += [".PP", _escape(" ".join(line.strip() for line in lines))]
    return out


def _escape(text: str) -> str:
    """Text that roff prints as written: backslashes and hyphens escaped, no line taken
    for a request because it starts with a dot."""
    text = text.replace("\\", r"\e").replace("-", r"\-")
    return _LEADING_DOT.sub(r"\\&\1", text)
