"""The process pool that reads a large vault, and how it stops.

Workers are forked (they start in milliseconds and share the loaded lexicon) and belong to
the run that made them: they ignore SIGINT (a terminal's Ctrl-C reaches the whole
process group; the main process decides what happens), take SIGTERM's default action,
and on Linux die with the main process (``PR_SET_PDEATHSIG``), so no worker outlives
hatch holding its stdout and stderr open. When the run stops early (an error, Ctrl-C,
SIGTERM) the workers are killed, not waited for: waiting on a pool whose queues an
interrupt left half-written can hang for ever.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.process import BaseProcess

J = TypeVar("J")
R = TypeVar("R")

# Below this many notes a process pool costs more to start than it saves (~1 ms a note).
PARALLEL_MIN_NOTES = 400


def default_workers(notes: int) -> int:
    """Processes to read a vault of ``notes`` with (threads to rank it with): the usable
    CPUs, up to 8, or 1 for a vault too small to gain from more."""
    if notes < PARALLEL_MIN_NOTES:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


#: The pools alive now: what ``kill_workers`` stops (a signal handler has no other way in).
_LIVE: set[ProcessPoolExecutor] = set()
_PR_SET_PDEATHSIG = 1


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of ``workers`` processes (None for one: the work runs here), shut down
    normally at the end, or its workers killed if the block raises (anything, Ctrl-C
    and SIGTERM included)."""
    if workers <= 1:
        yield None
        return
    pool = _start(workers)
    _LIVE.add(pool)
    try:
        yield pool
    except BaseException:
        _stop(pool)
        raise
    else:
        pool.shutdown()
    finally:
        _LIVE.discard(pool)


def in_order(
    pool: ProcessPoolExecutor | None, function: Callable[[J], R], jobs: Sequence[J]
) -> Iterator[R]:
    """``function`` of every job, in order: here, or on the pool's workers.

    Not ``pool.map``: when the run stops early it cancels the futures left, and Python
    3.11's pool then trips over them as it finds its workers killed (a traceback from its
    manager thread). Left pending, they are failed by the pool as it should.
    """
    if pool is None:
        return map(function, jobs)
    futures = [pool.submit(function, job) for job in jobs]
    return (future.result() for future in futures)


def kill_workers() -> None:
    """Kill every worker of every live pool, now (safe in a signal handler: it only sends
    signals, and takes no lock the interrupted code may hold)."""
    for pool in list(_LIVE):
        for process in _processes(pool):
            with contextlib.suppress(Exception):
                process.kill()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Kill the workers, reap them, and let the pool go without waiting on its queues.

    The pool's manager thread then finds its workers dead and cleans up; it is given a
    moment for that (never waited on for ever), or Python's exit would race it for the
    pipe it closes (an "Exception ignored" traceback on stderr)."""
    processes = _processes(pool)
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=1)
    manager = getattr(pool, "_executor_manager_thread", None)  # private, as _processes
    with contextlib.suppress(Exception):
        pool.shutdown(wait=False)
    if manager is not None:
        with contextlib.suppress(Exception):
            manager.join(timeout=1)


def _processes(pool: ProcessPoolExecutor) -> list[BaseProcess]:
    # ProcessPoolExecutor keeps its workers in a private dict (pid -> Process) that the
    # standard library itself uses to terminate a broken pool; there is no public way.
    found: dict[int, BaseProcess] = getattr(pool, "_processes", None) or {}
    try:
        return list(found.values())
    except RuntimeError:  # changed size meanwhile (a worker starting): take what is there
        return list(found.copy().values())


def _start(workers: int) -> ProcessPoolExecutor:
    # Only a vault large enough for a pool loads these; a small one is read in-process.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if sys.platform.startswith("linux"):
        import ctypes  # noqa: F401  (imported once here, not in every worker)
    # fork where there is one; elsewhere (Windows, macOS default) the platform default
    # works too, only slower.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_worker_started,
        initargs=(os.getpid(),),
    )


#: Whether this process is a worker that may use the columnar engine (``engine``): one
#: forked from a process that had not loaded Polars. A forked child of a process whose
#: Polars has started its threads can hang in it, so the main process (which forks the
#: workers) never loads it, and a worker of one that did (a test, a library user who
#: imports Polars) counts in Python, with the same result.
_ENGINE = False


def engine_allowed() -> bool:
    """Whether this process may count in the columnar engine (``_ENGINE``)."""
    return _ENGINE


def _worker_started(parent: int) -> None:
    """In each worker, first: leave Ctrl-C to the main process, and die with it."""
    global _ENGINE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _ENGINE = "polars" not in sys.modules
    # One thread of the columnar engine a worker: the workers are as many as the CPUs
    # already. Read when Polars is first imported, which is in the worker.
    os.environ.setdefault("POLARS_MAX_THREADS", "1")
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL))
    if os.getppid() != parent:  # the main process is gone already
        os._exit(1)
