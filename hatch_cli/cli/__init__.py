"""The command line: argv -> ``api`` -> ``render`` -> stdout or a file.

The only package that knows about argv, stdout/stderr and exit codes. Each command is a
function in its own module (``combine``, ``vault_commands``, ``ideas``,
``config_command``), registered here in the order a user meets them; ``common`` and
``options`` hold what they share and import none of them; ``conventions`` makes usage
errors one line and help readable; ``manpage`` writes ``hatch --help-man``. Every
``HatchError`` becomes one line on stderr and its documented exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from hatch_cli import __version__
from hatch_cli.cli import combine, config_command, ideas, vault_commands
from hatch_cli.cli.conventions import HatchCommand, HatchGroup

app = typer.Typer(
    name="hatch",
    cls=HatchGroup,
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


def _version(value: bool) -> None:
    if value:
        print(f"hatch {__version__}")
        raise typer.Exit()


def _manual(ctx: typer.Context, value: bool) -> None:
    if value:
        from hatch_cli.cli.manpage import manual

        print(manual(ctx), end="")
        raise typer.Exit()


@app.callback()
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
_COMMANDS: dict[str, Callable[..., Any]] = {
    "combine": combine.combine,
    "pairs": vault_commands.pairs,
    "keywords": vault_commands.keywords,
    "ideas": ideas.ideas,
    "schema": combine.schema,
    "config": config_command.config,
}
SUMMARIES = {
    "combine": "Merge two or more notes into one outline (or article) of what they share.",
    "pairs": "Rank which notes of a vault are worth combining.",
    "keywords": "Show each note's keywords and their weights.",
    "ideas": "Hatch a vault's best pairs into new notes in a folder.",
    "schema": "Print the JSON Schema of a JSON output.",
    "config": "Show the defaults config files set, and where each comes from.",
}
for _name, _command in _COMMANDS.items():
    app.command(_name, cls=HatchCommand, short_help=SUMMARIES[_name])(_command)


def main() -> None:
    """Entry point of the ``hatch`` and ``hatch-notes`` console scripts."""
    from hatch_cli.cli.common import stop_on_signals

    with stop_on_signals():
        app()
