#!/usr/bin/env python3
"""Pairing quality of ``hatch pairs`` on the dev corpora, next to TF-IDF and BM25.

Usage (from the repository root, in the venv that has hatch installed):

    python benchmarks/pairs_quality.py [CORPUS …]   # default: til-dev, til-jonasbn, gov-dev

Runs ../shared/bench/topic_pairs_eval.py once per corpus, with ``--system all``: it calls
``hatch pairs CORPUS/notes --format json --limit 0 --min-score 0`` and scores the ranking
of every note's partners against hidden topics (precision@1 and MAP), next to scikit-learn
TF-IDF and Okapi BM25 measured in the same run. Prints one table: each system's p@1 and
MAP per corpus, and hatch's ratio to the better baseline (1 or more: at or above both).
Needs scikit-learn: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SHARED, hatch_command, need_sklearn

CORPORA = ("til-dev", "til-jonasbn", "gov-dev")
SYSTEMS = ("hatch", "tfidf", "bm25")
_LINE = re.compile(r"\S+ (?P<system>\w+) p@1=(?P<p1>[\d.]+) map=(?P<map>[\d.]+)")


def evaluate(corpus: Path) -> dict[str, tuple[float, float]]:
    """p@1 and MAP of each system on one corpus, from one run of the evaluator."""
    evaluator = SHARED / "bench" / "topic_pairs_eval.py"
    if not evaluator.exists() or not (corpus / "labels.tsv").exists():
        sys.exit(f"benchmark: needs {evaluator} and {corpus}/labels.tsv (../shared/)")
    env = dict(os.environ, HATCH_CMD=shlex.join(hatch_command()))
    result = subprocess.run(
        [sys.executable, str(evaluator), str(corpus), "--system", "all"],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"benchmark: evaluator failed on {corpus.name}: {result.stderr.strip()[-400:]}")
    return {
        match["system"]: (float(match["p1"]), float(match["map"]))
        for match in _LINE.finditer(result.stdout)
    }


def main() -> None:
    need_sklearn()
    corpora = [Path(arg) for arg in sys.argv[1:]] or [SHARED / "corpora" / c for c in CORPORA]
    found = {}
    for corpus in corpora:
        found[corpus.name] = scores = evaluate(corpus)
        print(
            f"{corpus.name}: "
            + "  ".join(f"{s} {scores[s][0]:.3f}/{scores[s][1]:.3f}" for s in SYSTEMS),
            file=sys.stderr,
            flush=True,
        )
    print("| corpus | metric | hatch | tfidf | bm25 | hatch / best baseline |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    every = True
    for name, scores in found.items():
        for index, metric in enumerate(("p@1", "MAP")):
            hatch = scores["hatch"][index]
            best = max(scores["tfidf"][index], scores["bm25"][index])
            every &= hatch >= best
            row = " | ".join(f"{scores[s][index]:.3f}" for s in SYSTEMS)
            print(f"| {name} | {metric} | {row} | {hatch / best:.3f} |")
    print()
    print(
        "hatch is at or above both baselines on every figure"
        if every
        else "hatch is below a baseline on at least one figure (ratio under 1)"
    )


if __name__ == "__main__":
    main()
