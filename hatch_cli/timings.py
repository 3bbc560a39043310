"""Where a run's time goes, for ``benchmarks/pairs_speed.py``: with ``HATCH_TIMINGS`` set
in the environment, each ``phase`` prints its wall time to stderr when it ends
(``hatch-timing: read 1.234``). Without it (every normal run) a phase does nothing, and
nothing is printed: this is a hook for measuring, not part of any output."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator

TIMINGS_ENV = "HATCH_TIMINGS"


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    """Time the block under ``name`` (printed only with ``HATCH_TIMINGS`` set)."""
    if not os.environ.get(TIMINGS_ENV):
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        print(f"hatch-timing: {name} {time.perf_counter() - start:.3f}", file=sys.stderr)
