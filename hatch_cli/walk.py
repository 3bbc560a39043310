"""The input edge for folders: which notes a set of paths names.

A folder is walked recursively for ``*.md`` and ``*.markdown``; hidden folders and files
(``.obsidian``, ``.git``, ``.trash``) are skipped; a symlink is followed unless it leads
back into a folder already being walked (a loop) or to a file already collected.
``--glob`` keeps only matching paths, ``--exclude`` drops matching paths (both matched
against the path relative to the folder given, and against the file name).
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from hatch_cli.core.text import shown_path
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
    seen_files: set[tuple[int, int]] = set()
    for given in paths:
        try:
            info = os.stat(given)
        except FileNotFoundError:
            raise NoteError("no such file or folder", given) from None
        except OSError as err:
            raise NoteError(err.strerror or "cannot be read", given) from None
        if stat.S_ISDIR(info.st_mode):
            found.folders += 1
            _walk_folder(given, found, seen_files, globs, excludes)
        elif (info.st_dev, info.st_ino) not in seen_files:
            # A file named on the command line is read whatever its suffix, shown as given.
            seen_files.add((info.st_dev, info.st_ino))
            found.files.append(NoteFile(given, shown_path(given)))
    found.files.sort(key=lambda item: item.shown)
    return found


def _walk_folder(
    root: str,
    found: Walk,
    seen_files: set[tuple[int, int]],
    globs: Sequence[str],
    excludes: Sequence[str],
) -> None:
    root_info = os.stat(root)
    # (folder on disk, its path relative to root, the folders above it: for loop checks)
    stack: list[tuple[str, str, frozenset[tuple[int, int]]]] = [
        (root, "", frozenset({(root_info.st_dev, root_info.st_ino)}))
    ]
    while stack:
        folder, rel, ancestors = stack.pop()
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
            except OSError:
                found.skipped.append(SkippedNote(path=shown, reason="broken symlink"))
                continue
            key = (info.st_dev, info.st_ino)
            if stat.S_ISDIR(info.st_mode):
                if key in ancestors:
                    continue  # a symlink back up the tree: never follow a loop
                stack.append((entry.path, shown, ancestors | {key}))
            elif stat.S_ISREG(info.st_mode) and entry.name.lower().endswith(NOTE_SUFFIXES):
                if not _selected(shown, globs, excludes) or key in seen_files:
                    continue
                seen_files.add(key)
                found.files.append(NoteFile(entry.path, shown))


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
