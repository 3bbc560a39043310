"""The command line: argv -> ``api`` -> ``render`` -> stdout or a file.

The only package that knows about argv, stdout/stderr and exit codes. Each command is a
function in its own module (``combine``, ``vault_commands``, ``ideas``,
``config_command``), registered here in the order a user meets them; ``common`` and
``options`` hold what they share and import none of them; ``conventions`` makes usage
errors one line and help readable; ``manpage`` writes ``hatch --help-man``. Every
``HatchError`` becomes one line on stderr and its documented exit code.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from types import MappingProxyType
from typing import Annotated, Any

import typer

from hatch_cli import __version__
from hatch_cli.cli.common import stop_on_signals
from hatch_cli.cli.conventions import HatchCommand, HatchGroup


def _version(value: bool) -> None:
    if value:
        print(f"hatch {__version__}")
        raise typer.Exit()


def _manual(ctx: typer.Context, value: bool) -> None:
    if value:
        from hatch_cli.cli.manpage import manual  # only --help-man

        print(manual(ctx), end="")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
    help_man: Annotated[
        bool,
        typer.Option(
            "--help-man",
            callback=_manual,
            is_eager=True,
            help="Print the manual page (roff) of every command: hatch --help-man | man -l -",
        ),
    ] = False,
) -> None:
    """Hatch new ideas out of your own markdown notes."""


#: The commands, in the order ``--help`` lists them (the order a user meets them), with
#: the one line ``hatch --help`` shows for each.
class _Commands(Mapping[str, Callable[..., Any]]):
    """Each command's function by name, its module imported when it is first asked for:
    a run imports its own command's module, not the others' (``hatch combine`` has no use
    for those of ``pairs``, ``ideas`` and ``config``: about 7 ms of its start-up)."""

    WHERE = MappingProxyType(
        {
            "combine": ("combine", "combine"),
            "pairs": ("vault_commands", "pairs"),
            "keywords": ("vault_commands", "keywords"),
            "ideas": ("ideas", "ideas"),
            "schema": ("combine", "schema"),
            "config": ("config_command", "config"),
        }
    )

    def __getitem__(self, name: str) -> Callable[..., Any]:
        module, function = self.WHERE[name]
        found: Callable[..., Any] = getattr(
            importlib.import_module(f"{__name__}.{module}"), function
        )
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.WHERE)

    def __len__(self) -> int:
        return len(self.WHERE)


_COMMANDS = _Commands()
SUMMARIES = {
    "combine": "Merge two or more notes into one outline (or article) of what they share.",
    "pairs": "Rank which notes of a vault are worth combining.",
    "keywords": "Show each note's keywords and their weights.",
    "ideas": "Hatch a vault's best pairs into new notes in a folder.",
    "schema": "Print the JSON Schema of a JSON output.",
    "config": "Show the defaults config files set, and where each comes from.",
}


class _Hatch(HatchGroup):
    """hatch's group, knowing every command's function even when it holds one command
    (config files are checked against all of them)."""

    functions = _COMMANDS


def build_app(names: Iterable[str] = _COMMANDS) -> typer.Typer:
    """The ``hatch`` app with the commands ``names`` (all by default)."""
    built = typer.Typer(
        name="hatch",
        cls=_Hatch,
        help=(
            "Hatch new ideas out of your own markdown notes.\n\n"
            "Combine two or more notes into one merged outline of what they share and what "
            "each brings; find which notes of a vault are worth combining; hatch the best "
            "pairs into new notes.\n\n"
            "Examples:\n\n"
            "  hatch combine notes/curation-as-care.md notes/taste-is-a-filter.md\n\n"
            "  hatch pairs notes/\n\n"
            "  hatch ideas ~/vault -o ~/vault/Ideas --dry-run"
        ),
        epilog=(
            "Each command has its own help: hatch COMMAND -h. Defaults for any option can come "
            "from hatch.toml in the vault or the user's config.toml (hatch config shows them). "
            "The manual: hatch --help-man | man -l -. hatch is also installed as hatch-notes, "
            "for systems where PyPA's Hatch owns the name hatch."
        ),
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(_root)
    for name in names:
        built.command(name, cls=HatchCommand, short_help=SUMMARIES[name])(_COMMANDS[name])
    return built


def __getattr__(name: str) -> Any:
    # ``app``, the whole app (every command: tests, the root's help), built when first
    # asked for; a run builds the one it needs (``app_for``).
    if name == "app":
        return _whole()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _whole() -> typer.Typer:
    return build_app()


def app_for(argv: Sequence[str]) -> typer.Typer:
    """The app a run needs: for ``hatch COMMAND ...``, one that holds that command alone.

    Typer builds Click's objects for every registered command at each start, about 12 ms
    for all six against 4 for one: a third of what ``hatch combine`` may add to start-up.
    The root's help, the manual and shell completion list every command, so they get the
    whole app (as do tests, through ``app``)."""
    name = argv[0] if argv else ""
    completing = any(var.startswith("_") and var.endswith("_COMPLETE") for var in os.environ)
    return _app_of(name) if name in _COMMANDS and not completing else _whole()


@cache
def _app_of(name: str) -> typer.Typer:
    return build_app([name])


def main() -> None:
    """Entry point of the ``hatch`` and ``hatch-notes`` console scripts."""
    with stop_on_signals():
        app_for(sys.argv[1:])()
