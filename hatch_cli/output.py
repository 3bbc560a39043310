"""The output edge: stdout, or a file written atomically that never clobbers by surprise.

``-o`` only ever makes or replaces a regular file: a device, FIFO or socket at the target
(``/dev/null``, ``/dev/stdout``), or a symlink, is refused whatever ``--force`` says, since
renaming onto it would replace the device or link with a file. A name ending in ``/``
names a folder. Every OS error on the way is one ``OutputFailed`` line.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable

from hatch_cli.errors import OutputExists, OutputFailed
from hatch_cli.notes import file_kind

#: The temporary file's name starts with this (and a piece of the target's name).
_TEMP_PREFIX = ".hatch-"


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def output_problem(err: OSError) -> str:
    """An ``OSError`` on an output path in the user's words."""
    known = {
        getattr(errno, "EDQUOT", -1): "disk quota exceeded",
        errno.ENOENT: "its folder does not exist",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENAMETOOLONG: "the name is too long for the file system",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EISDIR: "is a folder; give a file name",
        errno.ENOSPC: "no space left on the device",
        errno.EROFS: "the file system is read-only",
        errno.ELOOP: "too many symlinks on the way",
    }
    return known.get(err.errno or 0) or err.strerror or "cannot be written"


def check_target(path: str, *, force: bool, inputs: Iterable[str] = (), hint: str = "") -> None:
    """Refuse what ``write_atomic`` must never write onto: an input note (by any name), a
    folder, anything but a regular file (a device, FIFO, socket or a symlink), and an
    existing file unless ``force`` (``hint`` says how to allow that)."""
    for source in inputs:
        if source != "-" and _same_file(path, source):
            raise OutputExists(
                "is one of the input notes; hatch never writes onto its inputs", path
            )
    if path.endswith(("/", os.sep)):
        try:
            is_folder = os.path.isdir(path)
        except (OSError, ValueError):
            is_folder = False
        if is_folder:
            raise OutputFailed("is a folder; give a file name", path)
        raise OutputFailed("names a folder (it ends in '/') that does not exist", path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as err:
        raise OutputFailed(output_problem(err), path) from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputFailed("is a folder; give a file name", path)
    if stat.S_ISLNK(info.st_mode):
        try:
            kind = file_kind(os.stat(path).st_mode)
        except OSError:
            kind = "nothing (a broken symlink)"
        if kind != "a regular file":
            raise OutputFailed(
                f"is a symlink to {kind}; hatch writes only regular files (-o - for stdout)",
                path,
            )
        raise OutputFailed(
            "is a symlink; hatch replaces only regular files: give the path it points to", path
        )
    if not stat.S_ISREG(info.st_mode):
        raise OutputFailed(
            f"is {file_kind(info.st_mode)}; hatch writes only regular files (-o - for stdout)",
            path,
        )
    if not force:
        raise OutputExists(f"already exists{'; ' + hint if hint else ''}", path)


def write_atomic(
    path: str,
    text: str,
    *,
    force: bool = False,
    inputs: Iterable[str] = (),
    hint: str = "",
) -> None:
    """Write ``text`` to ``path`` via a temp file and a rename: all of it or nothing.

    Refuses to write onto one of ``inputs``, onto anything but a regular file, and onto
    an existing file unless ``force`` (``hint``: how the caller's user allows that).
    """
    check_target(path, force=force, inputs=inputs, hint=hint)
    folder = os.path.dirname(path) or "."
    tmp_name = ""
    try:
        # A short fixed prefix: the target's own name may already be as long as allowed.
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=_TEMP_PREFIX, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        if force:
            # Checked again just before: what is there now must still be a regular file.
            check_target(path, force=True)
            os.replace(tmp_name, path)
        else:
            # link() fails if the target appeared meanwhile: no overwrite even in a race.
            try:
                os.link(tmp_name, path)
            except FileExistsError:
                raise OutputExists(f"already exists{'; ' + hint if hint else ''}", path) from None
            except OSError as err:
                if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                    raise
                # No hard links on this file system: an exclusive create, then the rename.
                _claim(path)
                os.replace(tmp_name, path)
    except OSError as err:
        raise OutputFailed(output_problem(err), path) from None
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _claim(path: str) -> None:
    """Create ``path`` empty if nothing is there (else ``OutputExists``): what a file system
    without hard links offers instead of ``link`` to refuse a file that appeared meanwhile."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0))
    except FileExistsError:
        raise OutputExists("already exists", path) from None
    os.close(fd)
