"""The command line: argv -> ``api`` -> ``render`` -> stdout or a file.

The only package that knows about argv, stdout/stderr and exit codes. Each command is a
function in its own module (``combine``, ``vault_commands``, ``ideas``), registered here in the
order a user meets them; ``common`` holds what they share and imports none of them.
Every ``HatchError`` becomes one line on stderr and its documented exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from hatch_cli import __version__
from hatch_cli.cli import combine, ideas, vault_commands

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


#: The commands, in the order ``--help`` lists them (the order a user meets them).
COMMANDS: dict[str, Callable[..., Any]] = {
    "combine": combine.combine,
    "pairs": vault_commands.pairs,
    "keywords": vault_commands.keywords,
    "ideas": ideas.ideas,
    "schema": combine.schema,
}
for _name, _command in COMMANDS.items():
    app.command(_name)(_command)


def main() -> None:
    """Entry point of the ``hatch`` and ``hatch-notes`` console scripts."""
    from hatch_cli.cli.common import stop_on_signals

    with stop_on_signals():
        app()
