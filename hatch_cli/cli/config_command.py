"""``hatch config``: the defaults in force from config files and the environment, where
each one comes from, and what was ignored and why. Its output is itself a config file."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from hatch_cli.cli.common import emit, failures_as_exit_codes
from hatch_cli.cli.options import DebugOption

if TYPE_CHECKING:
    # The command tree, read only by hatch config.
    from typer import _click as click


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
    the current folder, or in a folder the command line names, or above it up to the
    repository's root or the home folder) and from the user's config.toml
    (HATCH_CONFIG_DIR, else the platform's config folder). The command line wins over the
    environment, the environment over the vault's file, the vault's file over the
    user's. A vault's file may not set where files are read or written, --open, --llm,
    --model, --embed, --embed-model or --quiet; a file another user owns or others can
    write is ignored. The output is itself a config file (TOML), grouped by command,
    each value followed by where it comes from; what was ignored or overridden, and why,
    is in comments. Keys at the top of a file apply to every command that has the
    option; a [pairs], [ideas]... table to one command.

    Examples:

      hatch config

      hatch config ~/vault

      hatch config > ~/.config/hatch-notes/config.toml.new
    """
    with failures_as_exit_codes(debug):
        # hatch config's own work, when it runs.
        from hatch_cli.config import load, toml_value, user_config, vault_config
        from hatch_cli.core.reading.inert import shown_path

        root = ctx.find_root()
        starts = [*(paths or []), os.getcwd()]
        loaded = load(_functions(root), starts)
        user, vault = user_config(), vault_config(starts)
        lines = [
            f"# user file: {shown_path(str(user))}{'' if user.is_file() else ' (none)'}",
            f"# vault file: {shown_path(str(vault)) if vault else '(none)'}",
            *(f"# {shown_path(item.source)}: {item.problem()}" for item in loaded.ignored),
        ]
        chosen: dict[str, dict[str, tuple[Any, str]]] = {}
        comments: dict[str, dict[str, list[str]]] = {}
        for setting in loaded.settings:
            source = shown_path(setting.source)
            chosen.setdefault(setting.command, {})[setting.option] = (setting.value, source)
        for found in _environment(root):
            source, notes = f"${found.envvar}", comments.setdefault(found.command, {})
            if found.problem is not None:
                why = f"{source} can't be used (a run stops with exit 2): {found.problem}"
                notes.setdefault(found.flag, []).append(f"# {found.flag}: {why}")
                continue
            values = chosen.setdefault(found.command, {})
            if found.flag in values:
                value, where = values[found.flag]
                shown = toml_value(value) or "…"
                notes.setdefault(found.flag, []).append(
                    f"# {found.flag} = {shown}  # {where}, overridden by {source}"
                )
            values[found.flag] = (found.value, source)
        if not chosen and not comments:
            lines.append("# no defaults set: hatch's own apply (see each command's -h)")
        for command in _functions(root):
            values, notes = chosen.get(command, {}), comments.get(command, {})
            if not values and not notes:
                continue
            lines += ["", f"[{command}]"]
            for key in sorted(values.keys() | notes.keys()):
                if key in values:
                    value, source = values[key]
                    text = toml_value(value)
                    lines.append(
                        f"{key} = {text}  # {source}"
                        if text is not None
                        else f"# {key}: not shown, it is not UTF-8 (a config file can't "
                        f"hold it)  # {source}"
                    )
                lines += notes.get(key, [])
        emit("\n".join(lines) + "\n")


def _functions(root: click.Context) -> Mapping[str, Any]:
    from hatch_cli.cli.conventions import command_functions

    return command_functions(root.command)  # type: ignore[arg-type]


class _FromEnvironment(NamedTuple):
    command: str
    flag: str
    envvar: str
    value: Any  # as the option takes it, the type a config file gives (True, not "1")
    problem: str | None  # why the variable's text is no value of the option


def _environment(root: click.Context) -> Iterator[_FromEnvironment]:
    """Each option's value from its environment variable, converted by the option itself
    # The command tree, read only by hatch config.
    (as a run does), so that ``hatch config`` shows it in a config file's type."""
    from typer import _click as click

    from hatch_cli.cli.conventions import click_commands
    from hatch_cli.config import options_of
    from hatch_cli.core.reading.inert import make_inert

    commands = click_commands(root.command)  # type: ignore[arg-type]
    for name, options in options_of(_functions(root)).items():
        command = commands[name]
        params = {param.name: param for param in command.params}
        context = click.Context(command, info_name=name, parent=root)
        for option in options.values():
            param = params.get(option.name)
            if option.envvar is None or param is None:
                continue
            text = param.value_from_envvar(context)
            if text is None:
                continue  # unset or empty: a run takes no value from it either
            try:
                value = param.process_value(context, text)
            except click.ClickException as err:
                why = make_inert(" ".join(err.format_message().split()))
                yield _FromEnvironment(name, option.flag, option.envvar, None, why)
                continue
            yield _FromEnvironment(name, option.flag, option.envvar, value, None)
