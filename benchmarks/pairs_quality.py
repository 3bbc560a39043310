#!/usr/bin/env python3
"""Pairing quality of ``hatch pairs`` on til-dev, next to a TF-IDF baseline.

Usage (from the repository root, in the venv that has hatch installed):

    python benchmarks/pairs_quality.py [CORPUS]     # default ../shared/corpora/til-dev

Runs ../shared/bench/topic_pairs_eval.py, which calls
``hatch pairs CORPUS/notes --format json --limit 0 --min-score 0`` and scores the ranking
of every note's partners against hidden topics: precision@1 and MAP, next to scikit-learn
TF-IDF measured in the same run. Prints both and the hatch/TF-IDF ratios (above 1 is
better). Needs scikit-learn: ``pip install -e '.[bench]'``.
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


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED / "corpora" / "til-dev"
    evaluator = SHARED / "bench" / "topic_pairs_eval.py"
    if not evaluator.exists() or not (corpus / "labels.tsv").exists():
        sys.exit(f"benchmark: needs {evaluator} and {corpus}/labels.tsv (../shared/)")
    need_sklearn()
    env = dict(os.environ, HATCH_CMD=shlex.join(hatch_command()))
    result = subprocess.run(
        [sys.executable, str(evaluator), str(corpus)], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"benchmark: evaluator failed: {result.stderr.strip()[-400:]}")
    print(result.stdout, end="")
    scores = {
        match["system"]: (float(match["p1"]), float(match["map"]))
        for match in re.finditer(
            r"\S+ (?P<system>\w+) p@1=(?P<p1>[\d.]+) map=(?P<map>[\d.]+)", result.stdout
        )
    }
    (hatch_p1, hatch_map), (base_p1, base_map) = scores["hatch"], scores["tfidf"]
    print(f"ratio hatch/tfidf: p@1 {hatch_p1 / base_p1:.3f}  map {hatch_map / base_map:.3f}")


if __name__ == "__main__":
    main()
