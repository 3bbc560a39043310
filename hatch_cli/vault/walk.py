"""The input edge for folders: which notes a set of paths names.

A folder is walked recursively for ``*.md`` and ``*.markdown``; hidden folders and files
(``.obsidian``, ``.git``, ``.trash``) are skipped; a symlink is followed unless it leads
to a folder or file already met (by device and inode: a loop or a DAG of links is walked
once); what is reached without a symlink is shown by that path.
``--glob`` keeps only matching paths, ``--exclude`` drops matching paths (both matched
against the path relative to the folder given, and against the file name).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from hatch_cli.core.reading.inert import shown_path
from hatch_cli.errors import NoteError
from hatch_cli.reports import SkippedNote

NOTE_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class NoteFile:
    """A note found on disk: where to read it, and the path to show for it."""

    disk: str
    shown: str


@dataclass
class Walk:
    """What walking the arguments found: notes to read, and paths passed over."""

    files: list[NoteFile] = field(default_factory=list)
    skipped: list[SkippedNote] = field(default_factory=list)
    folders: int = 0


def walk(paths: Sequence[str], *, globs: Sequence[str] = (), excludes: Sequence[str] = ()) -> Walk:
    """Expand files and folders into notes, sorted by shown path, duplicates removed.

    A path that does not exist raises ``NoteError``: a typo in a folder name should not
    look like an empty vault.
    """
    found = Walk()
    seen = _Seen()
    for given in paths:
        try:
            info = os.stat(given)
        except FileNotFoundError:
            raise NoteError("no such file or folder", given) from None
        except OSError as err:
            raise NoteError(err.strerror or "cannot be read", given) from None
        if stat.S_ISDIR(info.st_mode):
            found.folders += 1
            _walk_folder(given, _key(info), found, seen, globs, excludes)
        elif seen.first_file(_key(info)):
            # A file named on the command line is read whatever its suffix, shown as given.
            found.files.append(NoteFile(given, shown_path(given)))
    found.files.sort(key=lambda item: item.shown)
    return found


@dataclass
class _Seen:
    """The real folders and files (device and inode) a walk has met: each is taken once,
    however many symlinks lead to it, so symlinks that form a loop or a DAG (two links to
    one folder at every level) cost one visit a folder, not one a path."""

    folders: set[tuple[int, int]] = field(default_factory=set)
    files: set[tuple[int, int]] = field(default_factory=set)

    def first_folder(self, key: tuple[int, int]) -> bool:
        return _first(self.folders, key)

    def first_file(self, key: tuple[int, int]) -> bool:
        return _first(self.files, key)


def _first(seen: set[tuple[int, int]], key: tuple[int, int]) -> bool:
    if key in seen:
        return False
    seen.add(key)
    return True


def _key(info: os.stat_result) -> tuple[int, int]:
    return (info.st_dev, info.st_ino)


def _walk_folder(
    root: str,
    root_key: tuple[int, int],
    found: Walk,
    seen: _Seen,
    globs: Sequence[str],
    excludes: Sequence[str],
) -> None:
    """Walk one folder given on the command line. Folders and notes reached through a
    symlink wait until everything reached without one is walked, so a note is shown by
    its real path when it has one in the vault, whatever the names sort like, else by
    its shortest route (the first-sorted of equal ones)."""
    # (folder or note on disk, its path relative to root, its device and inode). Linked
    # folders are taken first in, first out: a note is shown by its shortest route.
    direct: list[tuple[str, str, tuple[int, int]]] = [(root, "", root_key)]
    linked: deque[tuple[str, str, tuple[int, int]]] = deque()
    linked_notes: list[tuple[str, str, tuple[int, int]]] = []
    while direct or linked:
        folder, rel, key = direct.pop() if direct else linked.popleft()
        if not seen.first_folder(key):
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as err:
            found.skipped.append(
                SkippedNote(path=rel or ".", reason=f"folder not read: {err.strerror}")
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            shown = shown_path(f"{rel}/{entry.name}" if rel else entry.name)
            try:
                info = entry.stat()  # follows symlinks
            except OSError as err:
                found.skipped.append(SkippedNote(path=shown, reason=_stat_problem(entry, err)))
                continue
            item = (entry.path, shown, _key(info))
            if stat.S_ISDIR(info.st_mode):
                (linked if entry.is_symlink() else direct).append(item)
            elif stat.S_ISREG(info.st_mode) and entry.name.lower().endswith(NOTE_SUFFIXES):
                if not _selected(shown, globs, excludes):
                    continue
                if entry.is_symlink():
                    linked_notes.append(item)
                elif seen.first_file(item[2]):
                    found.files.append(NoteFile(entry.path, shown))
    for disk, shown, key in linked_notes:
        if seen.first_file(key):
            found.files.append(NoteFile(disk, shown))


def _stat_problem(entry: os.DirEntry[str], err: OSError) -> str:
    """Why an entry of a folder could not be looked at, in the user's words."""
    if err.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(err, PermissionError):
        if entry.is_symlink():
            return "permission denied (a folder on the symlink's way cannot be searched)"
        return "permission denied (its folder can be listed but not searched)"
    if isinstance(err, FileNotFoundError) and entry.is_symlink():
        return "broken symlink (it points to nothing)"
    if isinstance(err, FileNotFoundError):
        return "vanished while the folder was read"
    return err.strerror or "cannot be looked at"


def _selected(shown: str, globs: Sequence[str], excludes: Sequence[str]) -> bool:
    """``--glob`` patterns keep, ``--exclude`` patterns drop (path or file name matches)."""

    def matches(pattern: str) -> bool:
        pure = PurePosixPath(shown)
        return (
            fnmatch.fnmatchcase(shown, pattern)
            or fnmatch.fnmatchcase(pure.name, pattern)
            or pure.match(pattern)
        )

    if globs and not any(matches(pattern) for pattern in globs):
        return False
    return not any(matches(pattern) for pattern in excludes)
