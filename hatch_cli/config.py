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
    links = "wiki"

An unknown key or a value of the wrong type is one error line naming the file and the
key. ``hatch config`` prints what is in force and where each value comes from.

Trust, as git treats a repository's config: a vault may come from anyone (a clone, a
download), so its ``hatch.toml`` may say how notes are read, scored and shown, but not
where files are read or written, what program starts, what is sent to a model, or
whether hatch stays quiet (``USER_ONLY``): those keys are ignored with a warning. A file
that another user (not root) owns, or that others can write, is ignored whole, the
user's own file too. The search for a vault's file stops at a repository's root (a
folder with ``.git``) or the home folder, and never reads one at the filesystem's root.

Why it is long: finding a file, deciding whether to trust it, reading it and checking
each key against every command's options are one path that every start takes; split,
each part would import the others' types and rules.
"""

from __future__ import annotations

import math
import os
import stat
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
#: Options (by key, ``-`` as ``_``) only the command line, the environment or the user's
#: own file may set: where files are read or written (and every option of
#: ``PATH_OPTIONS``), what program starts, what is sent to a model, and ``quiet`` (a vault
#: that silences hatch would hide what it did). A vault's file may not.
USER_ONLY = frozenset(
    {"output", "paths", "vault", "for", "open", "llm", "model", "embed", "embed_model", "quiet"}
)
#: A config file larger than this is refused before it is parsed (real ones are < 1 KiB).
MAX_BYTES = 1024 * 1024
_USER_ONLY_WHY = "only the command line or the user's config.toml may set it"
_CHECKS_OWNERS = os.name == "posix"


class ConfigError(UsageError):
    """A config file that can't be read or holds a key or value hatch can't use."""


class Setting(NamedTuple):
    """One value in force from a file: for which command, which option, from where."""

    command: str
    option: str
    value: Any
    source: str


class Ignored(NamedTuple):
    """A file, or one key of it, that hatch passed over and why: a warning for a run, a
    comment for ``hatch config``."""

    source: str
    key: str  # "'output'", "[ideas] 'output'", or "" for the whole file
    why: str

    def problem(self) -> str:
        """What the warning says after the file's name."""
        return f"{self.key} ignored: {self.why}" if self.key else f"ignored: {self.why}"


class Loaded(NamedTuple):
    """What the config files set: Click's default map, each setting in force with its
    source, and what was ignored."""

    default_map: dict[str, dict[str, Any]]
    settings: list[Setting]
    ignored: list[Ignored]


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
        import platformdirs  # only when HATCH_CONFIG_DIR is not set

        folder = platformdirs.user_config_dir("hatch-notes", appauthor=False)
    return Path(folder) / USER_FILE


def vault_config(starts: Sequence[str]) -> Path | None:
    """The nearest ``hatch.toml`` in one of ``starts`` (folders, or the folders of files)
    or a folder above it, up to the vault's root (``_climb``); the first start that has
    one wins."""
    home = _home()
    for start in starts:
        try:
            folder = Path(start).resolve()
        except (OSError, RuntimeError):
            continue
        if not folder.is_dir():
            folder = folder.parent
        for candidate in _climb(folder, home):
            found = candidate / VAULT_FILE
            if found.is_file():
                return found
    return None


def _home() -> Path | None:
    try:
        return Path(os.path.expanduser("~")).resolve()
    except (OSError, RuntimeError):
        return None


def _climb(folder: Path, home: Path | None) -> Iterator[Path]:
    """``folder`` and the folders above it, up to the first that is a repository's root
    (holds ``.git``, a folder or a worktree's file) or the home folder: a vault's root.
    Never the filesystem's root, whose ``hatch.toml`` would apply to every folder."""
    for candidate in (folder, *folder.parents):
        if candidate == candidate.parent:
            return
        yield candidate
        if candidate == home or os.path.lexists(candidate / ".git"):
            return


def trust_problem(info: os.stat_result, uid: int) -> str | None:
    """Why a config file with this ``stat`` must not be used by user ``uid``, or None.

    Like git's ``safe.directory``: a file another user (not root) owns could set defaults
    for this one. Like ssh's config: a file others can write is as good as theirs; a
    group-writable file is fine only if the group is the user's own (the group named
    after them that is their primary one, as ``umask 002`` systems make it)."""
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if not _CHECKS_OWNERS:
        return None
    if info.st_uid not in (uid, 0):
        return f"it belongs to another user (uid {info.st_uid})"
    if info.st_mode & stat.S_IWOTH:
        return "anyone can write it (chmod o-w)"
    if info.st_mode & stat.S_IWGRP and not _own_group(info.st_gid, info.st_uid):
        return f"its group (gid {info.st_gid}) can write it (chmod g-w)"
    return None


def _own_group(gid: int, uid: int) -> bool:
    """Whether ``gid`` is the private group of user ``uid``: named after them, their
    primary group, and no one else listed in it."""
    try:
        import grp  # POSIX only: absent on Windows
        import pwd

        group, owner = grp.getgrgid(gid), pwd.getpwuid(uid)
    except (ImportError, KeyError):
        return False
    return (
        group.gr_name == owner.pw_name
        and owner.pw_gid == gid
        and set(group.gr_mem) <= {owner.pw_name}
    )


def options_of(commands: Mapping[str, Callable[..., Any]]) -> dict[str, dict[str, Option]]:
    """For each command, its configurable parameters by long option name."""
    from typer.models import ArgumentInfo, OptionInfo  # the CLI's types: only hatch config asks

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
    commands: Mapping[str, Callable[..., Any]], starts: Sequence[str], *, lenient: bool = False
) -> Loaded:
    """The default map the command line starts from (user file, then the vault file over
    it), every setting in force with its source, and what was ignored. ``lenient``: a file
    hatch can't use is left out instead of being an error (shell completion)."""
    pairs = ((user_config(), True), (vault_config(starts), False))
    files = [(path, own) for path, own in pairs if path is not None and path.is_file()]
    loaded = Loaded({}, [], [])
    if not files:
        return loaded  # the common case: no introspection at start-up
    known: dict[str, dict[str, Option]] | None = None
    for path, own in files:
        try:
            text, problem = _read(path)
            if problem is not None:
                loaded.ignored.append(Ignored(str(path), "", problem))
                continue
            known = known or options_of(commands)
            found, ignored = _settings(path, text, known, own)
        except ConfigError:
            if not lenient:
                raise
            continue
        loaded.ignored.extend(ignored)
        for setting, name in found:
            loaded.default_map.setdefault(setting.command, {})[name] = setting.value
            loaded.settings[:] = [
                s
                for s in loaded.settings
                if (s.command, s.option) != (setting.command, setting.option)
            ]
            loaded.settings.append(setting)
    return loaded


def _read(path: Path) -> tuple[str, str | None]:
    """The text of a config file, or why it is not trusted (checked on the open file, so
    it can't be swapped between the check and the read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        with open(os.open(path, flags), "rb") as file:
            problem = trust_problem(os.fstat(file.fileno()), _uid())
            if problem is not None:
                return "", problem
            data = file.read(MAX_BYTES + 1)
    except OSError as err:
        raise ConfigError(f"config file cannot be read: {err.strerror}", str(path)) from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"config file is over {MAX_BYTES // 1024 // 1024} MiB", str(path))
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as err:
        raise ConfigError(f"config file is not valid TOML: {err}", str(path)) from None


def _uid() -> int:
    return os.geteuid() if _CHECKS_OWNERS else 0


def _settings(
    path: Path, text: str, known: dict[str, dict[str, Option]], own: bool
) -> tuple[list[tuple[Setting, str]], list[Ignored]]:
    """The settings of one file, and its keys ignored (``USER_ONLY`` ones, unless ``own``:
    the user's file)."""
    import tomllib  # only when there is a file: not on every start

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"config file is not valid TOML: {err}", str(path)) from None
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise ConfigError("config file nests arrays or tables too deep", str(path)) from None
    found: list[tuple[Setting, str]] = []
    ignored: list[Ignored] = []
    for key, value in data.items():
        if isinstance(value, dict):
            if key not in known:
                raise ConfigError(f"[{key}] is not a hatch command", str(path))
            for option, item in value.items():
                taken = known[key].get(_key(option))
                if not own and taken is not None and user_only(taken):
                    ignored.append(Ignored(str(path), f"[{key}] {option!r}", _USER_ONLY_WHY))
                    continue
                found.append(_setting(path, known, key, option, item, f"[{key}] "))
            continue
        takers = [command for command, options in known.items() if _key(key) in options]
        if not takers:
            raise ConfigError(f"{key!r} is an option of no hatch command", str(path))
        if not own and any(user_only(known[command][_key(key)]) for command in takers):
            ignored.append(Ignored(str(path), repr(key), _USER_ONLY_WHY))
            continue
        found += [_setting(path, known, command, key, value, "") for command in takers]
    return found, ignored


def user_only(option: Option) -> bool:
    """Whether only the command line, the environment or the user's file may set it."""
    return _key(option.flag) in USER_ONLY or option.name in PATH_OPTIONS


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


# TOML's basic string: a quote, a backslash and control characters other than tab escaped.
_TOML_ESCAPES = {code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F)}
_TOML_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\t"): "\t", ord("\n"): "\\n"})


def toml_value(value: Any) -> str | None:
    """``value`` as a config file writes it (TOML), or None if TOML can't hold it (a lone
    surrogate: bytes of a name or variable that are not UTF-8)."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return repr(value) if math.isfinite(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return None
        return '"' + value.translate(_TOML_ESCAPES) + '"'
    if isinstance(value, list | tuple):
        items = [toml_value(item) for item in value]
        return None if None in items else "[" + ", ".join(map(str, items)) + "]"
    return None
