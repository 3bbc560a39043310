"""Shared helpers of the benchmarks: find ../shared, run a command and measure it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# ``HATCH_SHARED`` where the checkout is not next to it (a git worktree elsewhere).
SHARED = Path(os.environ.get("HATCH_SHARED", REPO.parent / "shared"))
# Not under a hidden folder: the baseline skips every path with a part starting with ".".
CACHE = Path(os.environ.get("HATCH_BENCH_VAULTS", Path(tempfile.gettempdir()) / "hatch-bench"))
INSTALL_HINT = (
    "the baseline needs scikit-learn (and numpy, scipy, python-frontmatter): "
    f"run  {sys.executable} -m pip install -e '{REPO}[bench]'"
)


def need_sklearn() -> None:
    """Exit with an install hint when scikit-learn is missing."""
    try:
        import sklearn  # noqa: F401
    except ImportError:
        sys.exit(f"benchmark: {INSTALL_HINT}")


def hatch_command() -> list[str]:
    """``hatch`` as this interpreter runs it (so a venv's checkout is what is measured)."""
    return [sys.executable, "-m", "hatch_cli"]


def processes() -> Iterator[tuple[int, list[bytes]]]:
    """Every process (Linux ``/proc``): its pid and the fields of its ``stat`` after the
    command name (state, parent, process group, ..., resident pages at index 21)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        yield int(entry), fields


def _tree_rss(root: int) -> int:
    """Sum of the resident memory (bytes) of a process and all its descendants (Linux)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for pid, fields in processes():
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    seen: set[int] = set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def measure(
    command: list[str], env: dict[str, str] | None = None, stderr: list[bytes] | None = None
) -> tuple[float, int]:
    """Wall seconds and peak memory (bytes) of a command, its worker processes included;
    what it wrote on stderr goes to ``stderr`` if given.

    Memory is sampled every 20 ms as the summed RSS of the process tree (on Linux), and is
    never less than the kernel's own peak for the main process (``wait4``).
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            if os.path.isdir("/proc"):
                peak = max(peak, _tree_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stderr is not None
    errors = process.stderr.read()
    if stderr is not None:
        stderr.append(errors)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"benchmark: {' '.join(command)} exited {process.returncode}: {errors[-400:]!r}")
    return wall, max(peak, usage.ru_maxrss * 1024)
