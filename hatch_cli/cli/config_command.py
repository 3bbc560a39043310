"""``hatch config``: the defaults in force from config files, and where each comes from."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from hatch_cli.cli.common import emit, one_door_out
from hatch_cli.cli.options import DebugOption


def config(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FOLDER]...",
            help="Look for the vault's hatch.toml from these folders (default: the current one).",
            show_default=False,
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Show the defaults config files set, and where each one comes from.

    hatch reads its defaults from the vault's hatch.toml (in the current folder or above
    it, or in a folder the command line names) and from the user's config.toml (in the
    platform's config folder, or HATCH_CONFIG_DIR). The command line wins over the
    environment, which wins over the vault's file, which wins over the user's.

    Examples:

      hatch config

      hatch config ~/vault
    """
    with one_door_out(debug):
        from hatch_cli.cli import COMMANDS
        from hatch_cli.config import load, user_config, vault_config

        starts = [*(paths or []), os.getcwd()]
        _, settings = load(COMMANDS, starts)
        vault_file = vault_config(starts)
        lines = [
            f"# user file: {user_config()}{'' if user_config().is_file() else ' (none)'}",
            f"# vault file: {vault_file if vault_file else '(none)'}",
        ]
        for setting in sorted(settings, key=lambda s: (s.command, s.option)):
            lines.append(
                f"{setting.command} --{setting.option} = {setting.value!r}  # {setting.source}"
            )
        from hatch_cli.config import options_of

        for command, options in sorted(options_of(COMMANDS).items()):
            for option in options.values():
                if option.envvar and option.envvar in os.environ:
                    value = os.environ[option.envvar]
                    lines.append(f"{command} --{option.flag} = {value!r}  # ${option.envvar}")
        if not settings:
            lines.append("# no defaults from files: hatch's own apply (see each command's --help)")
        emit("\n".join(lines) + "\n")
