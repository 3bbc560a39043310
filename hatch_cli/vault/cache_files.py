"""Where the cache lives and whether it is safe to use there, and which build of hatch a
cache file belongs to (``build_fingerprint``).

The cache folder may be shared, or writable by someone else: then a file there could be
a symlink to another file (which SQLite would open, change and chmod) or an attacker's
database. So the folder must be the user's own and writable by no one else, the
database and its companion files regular files of the user's, never symlinks; the
database is created without following a symlink. Anything else: the cache is not used.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
from importlib.util import find_spec
from pathlib import Path

CACHE_DIR_ENV = "HATCH_CACHE_DIR"
# The libraries (top-level modules) whose versions can change what a note reads as.
_READING_LIBRARIES = (
    "pyromark",
    "yaml",
    "frontmatter",
    "Stemmer",
    "sudachipy",
    "sudachidict_core",
    "rjieba",
    "polars",  # its regex tokenises a vault's prose (vault/engine.py)
)
#: The files SQLite keeps next to a database, which it opens by name.
COMPANIONS = ("-wal", "-shm", "-journal")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_CHECKS_OWNERS = os.name == "posix"


def folder_problem(folder: str) -> str | None:
    """Why ``folder`` is not a safe place for the cache, or None: also while it does not
    exist (the writer makes it, the user's and private) or can't be reached (then the
    writer fails to make it and passes over the cache, as over any error)."""
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return _owner_problem(info, "folder") if stat.S_ISDIR(info.st_mode) else None


def file_problem(path: str) -> str | None:
    """Why the database at ``path`` (or one of its companions) must not be opened, or None.

    A file that is not there is no problem: SQLite makes it in the (checked) folder."""
    for name in (path, *(path + suffix for suffix in COMPANIONS)):
        try:
            info = os.lstat(name)
        except FileNotFoundError:
            continue
        except OSError as err:
            return f"{os.path.basename(name)}: {err.strerror}"
        if not stat.S_ISREG(info.st_mode):
            return f"{os.path.basename(name)} is not a regular file (a symlink?)"
        problem = _owner_problem(info, "file")
        if problem is not None:
            return f"{os.path.basename(name)}: {problem}"
    return None


def _owner_problem(info: os.stat_result, what: str) -> str | None:
    if not _CHECKS_OWNERS:
        return None
    if info.st_uid != os.geteuid():
        return f"the {what} belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"the {what} can be written by other users"
    return None


def create_private(path: str) -> None:
    """Make sure the database is a file of the user's, readable by no one else (it holds
    note titles and words), without following a symlink put in its place."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) != 0o600:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def cache_dir() -> str:
    """``HATCH_CACHE_DIR``, else the platform's user cache folder for hatch."""
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen:
        return chosen
    import platformdirs  # only without HATCH_CACHE_DIR; if missing, open_cache gives None

    return platformdirs.user_cache_dir("hatch-notes", appauthor=False)


@functools.cache
def build_fingerprint() -> bytes:
    """What identifies this build's reading of notes: Python, the reading libraries (where
    each is installed, with its size and time: an upgrade rewrites it), hatch's own source
    and data files. Any change starts a new cache file.

    Found without importing the libraries, nor ``importlib.metadata`` (which alone takes
    longer than reading a small vault); once a process (hashing the source takes about
    15 ms, and a run opens the cache two or three times), as the code that runs is the
    code the process loaded."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode())
    for name in _READING_LIBRARIES:
        try:
            spec = find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        digest.update(f"{name}={origin}{_stamp(origin) if origin else ''};".encode())
    package = Path(__file__).resolve().parents[1]  # hatch_cli, all of it
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(str(path.relative_to(package)).encode())
        if path.suffix == ".py":
            digest.update(path.read_bytes())
        else:  # data files (word lists): size and time, not megabytes of bytes
            digest.update(_stamp(str(path)).encode())
    return digest.digest()


def _stamp(path: str) -> str:
    try:
        info = os.stat(path)
    except OSError:
        return ":missing"
    return f":{info.st_size}:{info.st_mtime_ns}"
