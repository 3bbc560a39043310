#!/usr/bin/env python3
"""Speed and memory of ``hatch pairs VAULT --limit 20`` against a TF-IDF baseline.

Usage (from the repository root, in the venv that has hatch installed):

    python benchmarks/pairs_speed.py                  # 1,000 / 10,000 / 100,000 notes
    python benchmarks/pairs_speed.py --sizes 1000 10000 --runs 3

Vaults come from ../shared/bench/make_vault.py when it is there (else a generator of our
own with topic structure) and are cached in $TMPDIR/hatch-bench/. The baseline is
../shared/bench/baseline_pairs_sklearn.py (scikit-learn TfidfVectorizer plus a chunked
sparse product with per-row top-k), measured in the same run. It needs scikit-learn:
``pip install -e '.[bench]'``. Prints median wall time and peak memory (summed RSS of the
process and its workers) of each, and hatch/baseline ratios (below 1 is better).

hatch is measured twice, as its cache of read notes makes a rerun much faster than a
first run (the baseline has no cache):

* ``cold``: every run starts with an empty cache (a fresh ``HATCH_CACHE_DIR``), so it
  reads and parses every note, and also pays for filling the cache;
* ``warm``: after one untimed run fills the cache, as when a vault is ranked again with
  few notes changed since (a rerun, ``--for`` on another note, ``hatch ideas``).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (1 above 10,000)")
    parser.add_argument("--no-baseline", action="store_true", help="measure hatch only")
    args = parser.parse_args()
    baseline = SHARED / "bench" / "baseline_pairs_sklearn.py"
    with_baseline = not args.no_baseline
    if with_baseline:
        need_sklearn()
        if not baseline.exists():
            sys.exit(f"benchmark: {baseline} is not here; use --no-baseline")
    print(
        f"{'notes':>7}  {'hatch':<5} {'s':>7} {'MiB':>6}  {'base s':>8} {'MiB':>6}  "
        f"{'time x':>6} {'mem x':>6}"
    )
    for size in args.sizes:
        folder = vault(size)
        runs = args.runs if size <= 10000 else 1
        hatch = [*hatch_command(), "pairs", str(folder), "--limit", "20", "--format", "json"]
        results = {name: _median(hatch_runs(hatch, runs, warm=name == "warm"))
                   for name in ("cold", "warm")}  # fmt: skip
        if with_baseline:
            base = [sys.executable, str(baseline), str(folder), "--top", "20"]
            base_s, base_mb = _median([measure(base) for _ in range(runs)])
        for name, (hatch_s, hatch_mb) in results.items():
            line = f"{size:>7}  {name:<5} {hatch_s:>7.2f} {hatch_mb:>6.0f}"
            if with_baseline:
                line += f"  {base_s:>8.2f} {base_mb:>6.0f}"
                line += f"  {hatch_s / base_s:>6.2f} {hatch_mb / base_mb:>6.2f}"
            print(line, flush=True)


def hatch_runs(command: list[str], runs: int, *, warm: bool) -> list[tuple[float, int]]:
    """``runs`` measured runs of hatch, each with an empty cache, or all with one filled
    by an untimed first run."""
    samples = []
    with tempfile.TemporaryDirectory(prefix="hatch-bench-cache-") as folder:
        env = {**os.environ, "HATCH_CACHE_DIR": folder}
        env.pop("HATCH_NO_CACHE", None)
        if warm:
            measure(command, env)
        for run in range(runs):
            if not warm:
                env["HATCH_CACHE_DIR"] = os.path.join(folder, str(run))
            samples.append(measure(command, env))
    return samples


def _median(samples: list[tuple[float, int]]) -> tuple[float, float]:
    return (
        statistics.median(wall for wall, _ in samples),
        statistics.median(peak for _, peak in samples) / 2**20,
    )


if __name__ == "__main__":
    main()
