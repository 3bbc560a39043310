#!/usr/bin/env python3
"""Build ``ja-javascript-info``: a Japanese dev corpus for pairing quality, with topics.

Usage:

    git clone https://github.com/javascript-tutorial/ja.javascript.info /tmp/ja.javascript.info
    python benchmarks/corpora/ja_javascript_info.py /tmp/ja.javascript.info OUTDIR

The source is the Japanese translation of The Modern JavaScript Tutorial (javascript.info,
CC BY-NC-SA 4.0; see README.md here). Each chapter's ``article.md`` is a note; its topic is
its section's folder (``1-js/05-data-types``; the parts 3-9, which have no sections, by part:
``5-network``). Articles mostly in English (not translated yet) are left out. Writes
``OUTDIR/notes/NNNN.md`` (the article unchanged, opaque names) and ``OUTDIR/labels.tsv``
(id, topic, source path), the layout ``../shared/bench/topic_pairs_eval.py`` reads; the
labels this makes from commit 44bb200 are kept next to this script (``ja-javascript-info.tsv``)
to check a rebuild against. Works on a checkout or a bare clone (``git show``).
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

# Kana and kanji: a note is Japanese when they are at least this share of its letters.
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
LETTER = re.compile(r"[A-Za-z\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
MIN_JAPANESE = 0.3
SECTIONED = ("1-js", "2-ui")


def files(source: Path) -> dict[str, str]:
    """Every ``article.md`` of the repository, by path: from a checkout, else from git."""
    if (source / "1-js").is_dir():
        return {
            str(path.relative_to(source)): path.read_text(encoding="utf-8")
            for path in sorted(source.rglob("article.md"))
        }
    listed = _git(source, "ls-tree", "-r", "--name-only", "HEAD").split()
    return {
        path: _git(source, "show", f"HEAD:{path}")
        for path in sorted(listed)
        if path.endswith("/article.md")
    }


def _git(source: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(source), *args], check=True, capture_output=True, text=True
    ).stdout


def topic(path: str) -> str:
    parts = path.split("/")
    return "/".join(parts[:2]) if parts[0] in SECTIONED else parts[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a clone of ja.javascript.info")
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    notes = args.out / "notes"
    notes.mkdir(parents=True, exist_ok=True)
    rows = ["id\ttopic\tsource_path"]
    for path, text in files(args.source).items():
        letters = len(LETTER.findall(text))
        if not letters or len(JAPANESE.findall(text)) / letters < MIN_JAPANESE:
            continue
        note_id = f"{len(rows):04d}"
        (notes / f"{note_id}.md").write_text(text, encoding="utf-8")
        rows.append(f"{note_id}\t{topic(path)}\t{path}")
    (args.out / "labels.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows) - 1} notes, {len({r.split(chr(9))[1] for r in rows[1:]})} topics")


if __name__ == "__main__":
    main()
