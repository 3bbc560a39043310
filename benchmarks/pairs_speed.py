#!/usr/bin/env python3
"""Speed and memory of ``hatch pairs VAULT --limit 20`` against a TF-IDF baseline.

Usage (from the repository root, in the venv that has hatch installed):

    python benchmarks/pairs_speed.py                  # 1,000 / 10,000 / 100,000 notes
    python benchmarks/pairs_speed.py --sizes 1000 10000 --runs 3
    python benchmarks/pairs_speed.py --sizes 100000 --no-baseline   # hatch only

Vaults come from ../shared/bench/make_vault.py when it is there (else a generator of our
own with topic structure) and are cached in $TMPDIR/hatch-bench/. hatch runs on a copy of
each (the one-edit rows change a note of the copy; the cached vault is never touched).
The baseline is ../shared/bench/baseline_pairs_sklearn.py (scikit-learn TfidfVectorizer
plus a chunked sparse product with per-row top-k), measured in the same run. It needs
scikit-learn: ``pip install -e '.[bench]'``. Prints median wall time and peak memory
(summed RSS of the process and its workers) of each, hatch/baseline ratios (below 1 is
better), and where hatch's time goes.

hatch is measured three ways, as its cache makes a rerun much faster than a first run
(the baseline has no cache):

* ``cold``: every run starts with an empty cache (a fresh ``HATCH_CACHE_DIR``), so it
  reads and parses every note, and also pays for filling the cache;
* ``warm``: the same vault again, with the cache the last cold run filled (a rerun);
* ``edit``: after those, one note is changed (a line appended) before each run: a rerun
  after editing one note.

Phases come from ``HATCH_TIMINGS=1`` (each phase's wall time on stderr, see
``hatch_cli/timings.py``): ``read`` (walking and reading the notes, from the cache when
it can), ``weigh`` (the vault's term weights and vectors), ``rank`` (the top-k join) and
``describe`` (what each listed pair shares) and ``write`` (the output); ``other`` is the
rest of the wall time (interpreter start, imports, workers' start and end).

Every figure is also quoted against the read floor (``../shared/bench/read_floor.py``:
read every file, parse its frontmatter, count its words, on 2 processes), measured in the
same run (``floor`` seconds, ``x floor`` the ratio). Vaults up to ``--every-max-notes``
notes get three more rows: ``--limit 0`` (every pair, JSON Lines), first on the warm
cache (``all first``: each note's facts for describing pairs are read once) and again
(``all warm``), next to ``--limit 20`` again on the same cache (``20 warm``).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import CACHE, SHARED, hatch_command, measure, need_sklearn

WORDS = [f"{a}{b}{c}" for a in "bcdfgklmnprstvz" for b in "aeiou" for c in "lmnrstx"]


def own_vault(count: int, folder: Path, seed: int = 7) -> None:
    """A vault with 200 latent topics, for when ../shared is not here."""
    rnd = random.Random(seed)
    topics = [rnd.sample(WORDS, 60) for _ in range(200)]
    general = WORDS[:80]
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        topic = topics[rnd.randrange(len(topics))]
        words = [
            rnd.choice(general) if rnd.random() < 0.4 else topic[int(rnd.expovariate(1 / 15)) % 60]
            for _ in range(rnd.randint(80, 300))
        ]
        body = "\n\n".join(
            " ".join(words[i : i + 30]).capitalize() + "." for i in range(0, len(words), 30)
        )
        title = " ".join(words[:4]).capitalize()
        (folder / f"note-{number:06d}.md").write_text(f"---\ntitle: {title}\n---\n\n{body}\n")


def vault(count: int) -> Path:
    folder = CACHE / f"vault-{count}"
    if (folder / ".complete").exists():
        return folder
    maker = SHARED / "bench" / "make_vault.py"
    print(f"making a vault of {count} notes in {folder} ...", file=sys.stderr, flush=True)
    if maker.exists():
        subprocess.run(
            [sys.executable, str(maker), str(count), str(folder)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    else:
        own_vault(count, folder)
    (folder / ".complete").write_text("")
    return folder


PHASES = ("read", "weigh", "rank", "describe", "write", "other")
#: Which timing lines (``hatch_cli/timings.py``) make up each phase of the table.
PHASE_PARTS = {"read": ("walk", "read"), "weigh": ("weigh",), "rank": ("rank",),
               "describe": ("describe",), "write": ("write",)}  # fmt: skip


def read_floor(folder: Path) -> float:
    """Seconds ``../shared/bench/read_floor.py`` takes to read ``folder`` (2 processes):
    the floor every hatch figure is quoted against, measured in the same run."""
    floor = SHARED / "bench" / "read_floor.py"
    if not floor.exists():
        return float("nan")
    found = subprocess.run(
        [sys.executable, str(floor), str(folder), "--jobs", "2"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    # "read floor: N notes in S s (J jobs)"
    return float(found.stdout.split(" in ")[1].split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (1 above 10,000)")
    parser.add_argument("--no-baseline", action="store_true", help="measure hatch only")
    parser.add_argument(
        "--every-min-score", type=float, default=0.0,
        help="--min-score of the --limit 0 rows (every pair above it; 0: every pair)",
    )  # fmt: skip
    parser.add_argument(
        "--every-max-notes", type=int, default=1000,
        help="vaults above this many notes get no --limit 0 rows (their pairs are too many)",
    )  # fmt: skip
    args = parser.parse_args()
    baseline = SHARED / "bench" / "baseline_pairs_sklearn.py"
    with_baseline = not args.no_baseline
    if with_baseline:
        need_sklearn()
        if not baseline.exists():
            sys.exit(f"benchmark: {baseline} is not here; use --no-baseline")
    print(
        f"{'notes':>7}  {'hatch':<9} {'s':>7} {'MiB':>6} {'floor':>6} {'x floor':>7}  "
        + " ".join(f"{name:>8}" for name in PHASES)
        + (f"  {'base s':>8} {'MiB':>6}  {'time x':>6} {'mem x':>6}" if with_baseline else "")
    )
    for size in args.sizes:
        folder = vault(size)
        runs = args.runs if size <= 10000 else 1
        with tempfile.TemporaryDirectory(prefix="hatch-bench-run-") as scratch:
            copy = Path(scratch) / f"vault-{size}"
            shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(".complete"))
            # A note written in the last 2 s is hashed on a rerun, however its times look
            # (``vault.read.RACY_NS``): a vault is not usually that fresh.
            time.sleep(3)
            floor = statistics.median(read_floor(folder) for _ in range(runs))
            every = size <= args.every_max_notes
            results = hatch_rows(copy, runs, Path(scratch), every, args.every_min_score)
        if with_baseline:
            base = [sys.executable, str(baseline), str(folder), "--top", "20"]
            base_s, base_mb = _median([measure(base) for _ in range(runs)])
        for name, (hatch_s, hatch_mb, phases) in results.items():
            line = f"{size:>7}  {name:<9} {hatch_s:>7.2f} {hatch_mb:>6.0f} {floor:>6.2f} "
            line += f"{hatch_s / floor:>7.2f}  "
            line += " ".join(f"{phases[phase]:>8.2f}" for phase in PHASES)
            if with_baseline:
                line += f"  {base_s:>8.2f} {base_mb:>6.0f}"
                line += f"  {hatch_s / base_s:>6.2f} {hatch_mb / base_mb:>6.2f}"
            print(line, flush=True)


def hatch_rows(
    folder: Path, runs: int, scratch: Path, every: bool = False, every_min_score: float = 0.0
) -> dict[str, tuple[float, float, dict[str, float]]]:
    """Median wall time, peak MiB and phase times of ``runs`` cold, warm and one-edit runs
    of hatch on ``folder`` (a copy: the edit runs change one of its notes); with
    ``every``, then ``--limit 0`` runs (every pair above ``every_min_score``, JSON Lines):
    the first one on the warm cache (each note's facts read again and kept), then reruns."""
    command = [*hatch_command(), "pairs", str(folder), "--limit", "20", "--format", "json"]
    env = {**os.environ, "HATCH_TIMINGS": "1"}
    env.pop("HATCH_NO_CACHE", None)
    # As an installed hatch runs: with its bytecode (pip writes it), not compiled each run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    rows = {}
    cold = []
    for run in range(runs):
        env["HATCH_CACHE_DIR"] = str(scratch / f"cache-cold-{run}")
        cold.append(_timed(command, env))
    rows["cold"] = _summary(cold)
    # The last cold run filled its cache: the warm runs start from it, as a rerun does.
    rows["warm"] = _summary([_timed(command, env) for _ in range(runs)])
    notes = sorted(folder.glob("*.md"))
    edited = notes[len(notes) // 2]
    edits = []
    for run in range(runs):
        with edited.open("a", encoding="utf-8") as handle:
            handle.write(f"\nA line the benchmark added on its edit run {run}.\n")
        edits.append(_timed(command, env))
    rows["edit"] = _summary(edits)
    if every:
        listing = [*hatch_command(), "pairs", str(folder), "--limit", "0", "--format", "jsonl"]
        listing += ["--min-score", str(every_min_score)]
        rows["all first"] = _summary([_timed(listing, env)])
        rows["all warm"] = _summary([_timed(listing, env) for _ in range(runs)])
        rows["20 warm"] = _summary([_timed(command, env) for _ in range(runs)])
    return rows


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, int, dict[str, float]]:
    """One measured run: wall seconds, peak bytes, and its phases (``PHASES``)."""
    stderr: list[bytes] = []
    wall, peak = measure(command, env, stderr)
    parts: dict[str, float] = {}
    for line in stderr[0].decode(errors="replace").splitlines():
        if line.startswith("hatch-timing: "):
            _, name, seconds = line.split()
            parts[name] = parts.get(name, 0.0) + float(seconds)
    phases = {
        phase: sum(parts.get(part, 0.0) for part in names) for phase, names in PHASE_PARTS.items()
    }
    phases["other"] = wall - sum(phases.values())
    return wall, peak, phases


def _summary(
    samples: list[tuple[float, int, dict[str, float]]],
) -> tuple[float, float, dict[str, float]]:
    wall, peak = _median([(wall, peak) for wall, peak, _ in samples])
    phases = {phase: statistics.median(s[2][phase] for s in samples) for phase in PHASES}
    return wall, peak, phases


def _median(samples: list[tuple[float, int]]) -> tuple[float, float]:
    return (
        statistics.median(wall for wall, _ in samples),
        statistics.median(peak for _, peak in samples) / 2**20,
    )


if __name__ == "__main__":
    main()
