"""Defaults for any option from a config file: the vault's ``hatch.toml`` and the user's.

Precedence, highest first: the command line, the environment (the ``HATCH_*`` variables
an option names), the vault's ``hatch.toml`` (the nearest one in the current folder or
above it, or in a folder given on the command line or above it), the user's
``config.toml`` (in the platform's config folder, ``platformdirs``), hatch's own defaults.

A file holds option names (long form, ``-`` or ``_``) with values: at the top for every
command that has the option, in a ``[pairs]``, ``[ideas]``... table for one command::

    lang = "en"                 # every command with --lang
    [pairs]
    limit = 20
    [ideas]
    output = "Ideas"            # a path is relative to the file's folder
    links = "wiki"

An unknown key or a value of the wrong type is one error line naming the file and the
key. ``hatch config`` prints what is in force and where each value comes from.
"""

from __future__ import annotations

import os
import sys
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from hatch_cli.errors import UsageError

#: The vault's config file, looked for in a folder and its parents.
VAULT_FILE = "hatch.toml"
#: The user's config file, in ``platformdirs.user_config_dir("hatch-notes")``.
USER_FILE = "config.toml"
CONFIG_DIR_ENV = "HATCH_CONFIG_DIR"
#: Options whose value is a path: relative to the config file's folder.
PATH_OPTIONS = frozenset({"output", "outdir", "vault", "paths", "for_note"})
#: Options that make no sense as a default (they act once, or only on the command line).
NOT_CONFIGURABLE = frozenset({"debug", "version", "help", "dry_run", "force", "notes"})


class ConfigError(UsageError):
    """A config file that can't be read or holds a key or value hatch can't use."""


class Setting(NamedTuple):
    """One value in force from a file: for which command, which option, from where."""

    command: str
    option: str
    value: Any
    source: str


class Option(NamedTuple):
    """What a config file may set for one parameter of one command."""

    name: str  # the Python parameter name (``output_format``)
    flag: str  # the long option without dashes (``format``), or the argument's name
    kind: Any  # the annotation's type (int, bool, an Enum, list[str] ...)
    envvar: str | None


def user_config() -> Path:
    """Where the user's config file is (it need not exist): ``HATCH_CONFIG_DIR``, else the
    platform's user config folder for hatch-notes."""
    folder = os.environ.get(CONFIG_DIR_ENV)
    if not folder and sys.platform.startswith("linux"):
        # What platformdirs answers on Linux, without its import on every start.
        base = os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
        folder = os.path.join(base, "hatch-notes")
    if not folder:
        import platformdirs

        folder = platformdirs.user_config_dir("hatch-notes", appauthor=False)
    return Path(folder) / USER_FILE


def vault_config(starts: Sequence[str]) -> Path | None:
    """The nearest ``hatch.toml`` in one of ``starts`` (folders, or the folders of files)
    or a folder above it; the first start that has one wins."""
    for start in starts:
        try:
            folder = Path(start).resolve()
        except (OSError, RuntimeError):
            continue
        if not folder.is_dir():
            folder = folder.parent
        for candidate in (folder, *folder.parents):
            found = candidate / VAULT_FILE
            if found.is_file():
                return found
    return None


def options_of(commands: Mapping[str, Callable[..., Any]]) -> dict[str, dict[str, Option]]:
    """For each command, its configurable parameters by long option name."""
    from typer.models import ArgumentInfo, OptionInfo

    out: dict[str, dict[str, Option]] = {}
    for command, function in commands.items():
        hints = typing.get_type_hints(function, include_extras=True)
        found: dict[str, Option] = {}
        for name, hint in hints.items():
            if name == "return" or name in NOT_CONFIGURABLE:
                continue
            args = typing.get_args(hint)
            info = next((a for a in args if isinstance(a, OptionInfo | ArgumentInfo)), None)
            if info is None:
                continue
            flag = name
            if isinstance(info, OptionInfo):
                # In Annotated[..., typer.Option("--output", "-o")] the first name lands
                # in ``default``.
                decls = [info.default, *(info.param_decls or ())]
                longs = [d for d in decls if isinstance(d, str) and d.startswith("--")]
                flag = longs[0][2:] if longs else name.replace("_", "-")
            envvar = info.envvar if isinstance(info.envvar, str) else None
            found[flag.replace("-", "_")] = Option(name, flag, args[0], envvar)
        out[command] = found
    return out


def load(
    commands: Mapping[str, Callable[..., Any]], starts: Sequence[str]
) -> tuple[dict[str, dict[str, Any]], list[Setting]]:
    """The default map the command line starts from (user file, then the vault file over
    it), and every setting in force with its source."""
    files = [path for path in (user_config(), vault_config(starts)) if path and path.is_file()]
    default_map: dict[str, dict[str, Any]] = {}
    settings: list[Setting] = []
    if not files:
        return default_map, settings  # the common case: no introspection at start-up
    known = options_of(commands)
    for path in files:
        for setting, name in _settings(path, known):
            default_map.setdefault(setting.command, {})[name] = setting.value
            settings = [
                s for s in settings if (s.command, s.option) != (setting.command, setting.option)
            ]
            settings.append(setting)
    return default_map, settings


def _settings(path: Path, known: dict[str, dict[str, Option]]) -> Iterator[tuple[Setting, str]]:
    import tomllib  # only when there is a file: not on every start

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(f"config file cannot be read: {err.strerror}", str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"config file is not valid TOML: {err}", str(path)) from None
    for key, value in data.items():
        if isinstance(value, dict):
            if key not in known:
                raise ConfigError(f"[{key}] is not a hatch command", str(path))
            for option, item in value.items():
                yield _setting(path, known, key, option, item, f"[{key}] ")
            continue
        takers = [command for command, options in known.items() if _key(key) in options]
        if not takers:
            raise ConfigError(f"{key!r} is an option of no hatch command", str(path))
        for command in takers:
            yield _setting(path, known, command, key, value, "")


def _key(text: str) -> str:
    return text.replace("-", "_")


def _setting(
    path: Path, known: dict[str, dict[str, Option]], command: str, key: str, value: Any, where: str
) -> tuple[Setting, str]:
    option = known[command].get(_key(key))
    if option is None:
        raise ConfigError(f"{where}{key!r} is not an option of hatch {command}", str(path))
    try:
        converted = _convert(value, option.kind, option.name, path.parent)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"{where}{key} = {value!r}: {err}", str(path)) from None
    return Setting(command, option.flag, converted, str(path)), option.name


def _convert(value: Any, kind: Any, name: str, folder: Path) -> Any:
    """A value of a config file as the option takes it (paths relative to ``folder``)."""
    origin = typing.get_origin(kind)
    if origin is typing.Union or origin is types.UnionType:
        choices = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        kind = choices[0] if len(choices) == 1 else kind
        origin = typing.get_origin(kind)
    if origin is list:
        items = value if isinstance(value, list) else [value]
        return [_convert(item, typing.get_args(kind)[0], name, folder) for item in items]
    if kind is bool:
        if not isinstance(value, bool):
            raise TypeError("expected true or false")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("expected a whole number")
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError("expected a number")
        return float(value)
    if isinstance(kind, type) and issubclass(kind, Enum):
        choices = [member.value for member in kind]
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(map(str, choices))}")
        return value
    if not isinstance(value, str):
        raise TypeError("expected a string")
    if name in PATH_OPTIONS:
        return str(folder / Path(value).expanduser())
    return value


def starts_from(argv: Sequence[str]) -> list[str]:
    """Where to look for the vault's ``hatch.toml``: the folders (and notes) the command
    line names, then the current folder."""
    named = [arg for arg in argv if not arg.startswith("-") and os.path.exists(arg)]
    return [*named, os.getcwd()]
