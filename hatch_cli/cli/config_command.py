"""``hatch config``: the defaults in force from config files and the environment, and
where each one comes from."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from hatch_cli.cli.common import emit, one_door_out
from hatch_cli.cli.options import DebugOption


def config(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FOLDER...",
            help="Look for the vault's hatch.toml from these folders (default: the current one).",
            show_default=False,
        ),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Show the defaults config files set, and where each one comes from.

    hatch reads defaults for any option from the vault's hatch.toml (the nearest one in
    the current folder, or in a folder the command line names, or above it) and from the
    user's config.toml (HATCH_CONFIG_DIR, else the platform's config folder). The command
    line wins over the environment, the environment over the vault's file, the vault's
    file over the user's. The output is itself TOML, grouped by command, each value
    followed by where it comes from. Keys at the top of a file apply to every command
    that has the option; a [pairs], [ideas]... table to one command.

    Examples:

      hatch config

      hatch config ~/vault

      hatch config ~/vault > ~/vault/hatch.toml.example
    """
    with one_door_out(debug):
        import json

        from hatch_cli.cli.conventions import command_functions
        from hatch_cli.config import load, options_of, user_config, vault_config

        commands = command_functions(ctx.find_root().command)  # type: ignore[arg-type]
        starts = [*(paths or []), os.getcwd()]
        _, settings = load(commands, starts)
        user, vault = user_config(), vault_config(starts)
        lines = [
            f"# user file: {user}{'' if user.is_file() else ' (none)'}",
            f"# vault file: {vault if vault else '(none)'}",
        ]
        found: dict[str, list[tuple[str, Any, str]]] = {}
        for setting in settings:
            found.setdefault(setting.command, []).append(
                (setting.option, setting.value, setting.source)
            )
        for command, options in options_of(commands).items():
            for option in options.values():
                if option.envvar and option.envvar in os.environ:
                    value = os.environ[option.envvar]
                    found.setdefault(command, []).append((option.flag, value, f"${option.envvar}"))
        if not found:
            lines.append("# no defaults set: hatch's own apply (see each command's -h)")
        for command in commands:
            if command not in found:
                continue
            lines += ["", f"[{command}]"]
            for key, value, source in sorted(found[command]):
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}  # {source}")
        emit("\n".join(lines) + "\n")
