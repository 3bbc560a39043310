"""The output edge: stdout, or a file written atomically that never clobbers by surprise."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from hatch_cli.errors import OutputExists, OutputFailed


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def check_target(path: str, *, force: bool = False, inputs: Iterable[str] = ()) -> None:
    """Raise now what ``write_atomic`` would refuse (an input, a folder, an existing file
    without ``force``): before a slow step, such as asking a model, is wasted."""
    target = Path(path)
    for source in inputs:
        if source != "-" and _same_file(target, Path(source)):
            raise OutputExists(
                "is one of the input notes; hatch never writes onto its inputs", path
            )
    if target.is_dir():
        raise OutputFailed("is a folder; give a file name", path)
    if target.exists() and not force:
        raise OutputExists("already exists; pass --force to overwrite it", path)


def write_atomic(path: str, text: str, *, force: bool = False, inputs: Iterable[str] = ()) -> None:
    """Write ``text`` to ``path`` via a temp file and a rename: all of it or nothing.

    Refuses to write onto one of ``inputs``, and onto any existing file unless ``force``.
    """
    target = Path(path)
    check_target(path, force=force, inputs=inputs)
    folder = target.parent if str(target.parent) else Path(".")
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        if force:
            os.replace(tmp_name, target)
        else:
            # link() fails if the target appeared meanwhile: no overwrite even in a race.
            try:
                os.link(tmp_name, target)
            except FileExistsError:
                raise OutputExists("already exists; pass --force to overwrite it", path) from None
            except OSError:
                os.replace(tmp_name, target)
    except FileNotFoundError:
        raise OutputFailed("its folder does not exist", path) from None
    except PermissionError:
        raise OutputFailed("permission denied", path) from None
    except OSError as err:
        raise OutputFailed(err.strerror or "cannot be written", path) from None
    finally:
        if tmp_name:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
