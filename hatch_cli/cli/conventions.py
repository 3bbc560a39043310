"""The command line's manners: what makes hatch behave like the tools people already know.

- A usage error (unknown option, bad value, missing argument) is one ``hatch: error:``
  line that points at ``--help``, exit 2, like every other error hatch reports; Click's
  own four-line block never shows.
- Defaults come from config files (``config.load``) through Click's
  ``default_map``, so the command line and the environment still win over them; what
  a file may not set is one warning line a key. Shell completion reads them silently
  and leaves out a file it can't use: a Tab never prints an error.
- Usage lines and help show names a person reads (``NOTE...``, ``FOLDER``, ``N``), not
  Python types, and no ``x>=0`` range notation.

``HatchGroup`` is the app's class and ``HatchCommand`` every command's.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NoReturn

import typer
from typer import _click as click
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperArgument, TyperCommand, TyperGroup
from typer.exceptions import Abort

from hatch_cli.errors import ExitCode, HatchError

# Click's notation for a number's range ("x>=0", "0.0<=x<=1.0"): noise in a help line.
_RANGE = re.compile(r"^(?:-?[\d.]+<=?)?x(?:[<>]=?-?[\d.]+)?$")
_EXTRA = re.compile(r"\s*\[([^\[\]]*)\]$")


class HatchGroup(TyperGroup):
    """The ``hatch`` app: config defaults in, usage errors out as one line."""

    #: Every command's function by name, when the group may hold fewer (see ``cli.app_for``).
    functions: Mapping[str, Callable[..., Any]] = MappingProxyType({})

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        argv = sys.argv[1:] if args is None else list(args)
        prog_name = prog_name or click.utils._detect_program_name()
        try:
            if "default_map" not in extra:
                completing = _completing(prog_name, complete_var)
                extra["default_map"] = _defaults(self, argv, quiet=completing)
            result = super().main(argv, prog_name, complete_var, False, **extra)
        except HatchError as err:  # a config file hatch can't use
            _exit(err.line(), err.exit_code)
        except NoArgsIsHelpError as err:
            _exit(err.format_message(), ExitCode.USAGE)
        except UsageError as err:
            _exit(usage_error_line(err), ExitCode.USAGE)
        except ClickException as err:
            _exit(f"hatch: error: {_one_line(err.format_message())}", ExitCode(err.exit_code))
        except Abort:
            _exit("hatch: interrupted", ExitCode.INTERRUPTED)
        sys.exit(result if isinstance(result, int) else 0)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        format_parameters(self, ctx, formatter)
        self.format_commands(ctx, formatter)


class HatchCommand(TyperCommand):
    """One hatch command: readable usage line and help."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        format_parameters(self, ctx, formatter)


def _completing(prog_name: str, complete_var: str | None) -> bool:
    """Whether this run completes a shell's command line (Click's ``_HATCH_COMPLETE``)."""
    name = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
    return bool(os.environ.get(name))


def _defaults(group: HatchGroup, argv: Sequence[str], quiet: bool) -> dict[str, Any]:
    """The config files' default map; what they may not set, a warning line each.
    ``quiet`` (completion): no warning, and a file hatch can't use is left out."""
    # Config files are read when a command runs, not when the app is built.
    from hatch_cli.cli.common import warn
    from hatch_cli.config import load, starts_from
    from hatch_cli.core.reading.inert import shown_path

    loaded = load(command_functions(group), starts_from(argv), lenient=quiet)
    if not quiet:
        for ignored in loaded.ignored:
            warn(shown_path(ignored.source), ignored.problem())
    return loaded.default_map


def click_commands(group: TyperGroup) -> dict[str, click.Command]:
    """Each command's Click object by name: all of them, also when the group was built
    with one (then built here, for ``hatch config`` alone)."""
    functions = command_functions(group)
    if functions.keys() <= group.commands.keys():
        return {name: group.commands[name] for name in functions}
    built = typer.Typer()
    for name, function in functions.items():
        built.command(name)(function)
    whole = typer.main.get_command(built)
    assert isinstance(whole, TyperGroup)
    return dict(whole.commands)


def command_functions(group: TyperGroup) -> Mapping[str, Callable[..., Any]]:
    """Each command's Python function (what ``config`` reads the options of), by name: all
    of them, also when the group was built with one (``HatchGroup.functions``, whose
    modules load only when asked for: ``config.load`` asks only when a file is there)."""
    if isinstance(group, HatchGroup) and group.functions:
        return group.functions
    return {
        name: inspect.unwrap(command.callback)
        for name, command in group.commands.items()
        if command.callback is not None
    }


def argument_name(param: TyperArgument) -> str:
    """An argument as usage shows it: its metavar (``NOTE...``), else its name in capitals."""
    return param.metavar or (param.name or "").upper()


def format_parameters(
    command: click.Command, ctx: click.Context, formatter: click.HelpFormatter
) -> None:
    """The Arguments and Options sections: each argument by its name and help alone (no
    type, no ``[required]``), each option as Click writes it less range notation."""
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if isinstance(param, TyperArgument):
            arguments.append((argument_name(param), param.help or ""))
            continue
        record = param.get_help_record(ctx)
        if record is not None:
            options.append((record[0], tidy_help(record[1])))
    if arguments:
        with formatter.section("Arguments"):
            formatter.write_dl(arguments)
    if options:
        with formatter.section("Options"):
            formatter.write_dl(options)


def tidy_help(text: str) -> str:
    """An option's help without Click's range notation in its ``[...]`` extras."""
    found = _EXTRA.search(text)
    if found is None:
        return text
    kept = [part for part in found.group(1).split("; ") if not _RANGE.match(part.strip())]
    head = text[: found.start()]
    return f"{head}  [{'; '.join(kept)}]" if kept else head


def usage_error_line(err: UsageError) -> str:
    """``hatch: error: <what Click says>`` and where to look, on one line."""
    where = err.ctx.command_path if err.ctx is not None else "hatch"
    message = _one_line(err.format_message()).rstrip(".")
    if message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    return f"hatch: error: {message} (see '{where} --help')"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _exit(line: str, code: ExitCode) -> NoReturn:
    print(line, file=sys.stderr)
    sys.exit(int(code))
