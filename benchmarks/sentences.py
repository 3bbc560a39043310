#!/usr/bin/env python3
"""How well hatch splits notes into sentences: a count on real notes (a benchmark, not a test).

Usage (from the repository root, in the venv that has hatch installed):

    python benchmarks/sentences.py [--notes 300] [--show 5]

Reads ``--notes`` notes drawn at random (fixed seed) from the four dev corpora in
../shared/corpora/ as ``hatch combine`` reads them, takes every sentence hatch could quote
(``core.writing.quoting.quotable``: from a paragraph, list item or blockquote, three words or
more, not ending in a colon) and counts those that

- end in an abbreviation ("e.g.", "U.S.", "Jan.", "Dr.", "No."): the sentence was most
  likely cut there; "etc." apart, as it also ends sentences;
- start mid-sentence: with a lowercase letter or a digit. "after a split" counts only
  those that do not open their block (a list item may start in lowercase; a sentence
  after another in the same block should not).

Then it times the split alone over the same notes' text (seconds per MB). It imports
only what both the old and the new code have, so it measures either: run it on a
checkout of the commit before a change for the "before" column.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from hatch_cli.core.reading.terms import analyse  # noqa: E402
from hatch_cli.core.writing.quoting import quotable  # noqa: E402
from hatch_cli.errors import NoteError  # noqa: E402
from hatch_cli.notes import read_note  # noqa: E402

NAMES = ("til-dev", "til-jonasbn", "gov-dev", "ropensci-dev")
ABBREVIATION_END = re.compile(
    r"(?:^|[\s(\[\"'“])(?:e\.g|i\.e|cf|vs|al|approx|U\.S|U\.K|[Jj]an|[Ff]eb|[Mm]ar|[Aa]pr"
    r"|[Jj]un|[Jj]ul|[Aa]ug|[Ss]ept?|[Oo]ct|[Nn]ov|[Dd]ec|Dr|Mr|Mrs|Ms|Prof|No|Nos|Fig|Inc|Ltd"
    r"|Co|St|Jr|Sr)\.[\"'”’)\]]*$"
)

ETC_END = re.compile(r"\betc\.[\"'”’)\]]*$")


def splitter() -> Callable[[str, str], list[str]]:
    """The split being measured, old or new."""
    try:
        from hatch_cli.core.reading.sentences import sentences
    except ImportError:  # before issue 25: a hand-written split in core.reading.text
        from hatch_cli.core.reading.text import sentences as old  # type: ignore[attr-defined]

        return lambda text, lang: old(text)
    return sentences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=300, help="how many notes (300)")
    parser.add_argument("--show", type=int, default=5, help="examples of each kind to print")
    parser.add_argument(
        "--corpora", type=Path, default=REPO.parent / "shared" / "corpora", help="their folder"
    )
    args = parser.parse_args()
    paths = sorted(str(path) for name in NAMES for path in (args.corpora / name).rglob("*.md"))
    chosen = random.Random("hatch-sentences").sample(paths, min(args.notes, len(paths)))
    total = skipped = 0
    abbreviation: list[str] = []
    etc: list[str] = []
    lowercase: list[str] = []
    after_split: list[str] = []
    texts: list[tuple[str, str]] = []
    for path in chosen:
        try:
            note = read_note(path)
        except NoteError:
            skipped += 1
            continue
        blocks = [block.text for block in note.blocks]
        texts += [(block.text, note.lang) for block in note.blocks if block.kind != "code"]
        for sentence in analyse(note).sentences:
            if not quotable(sentence):
                continue
            total += 1
            text = sentence.text
            if ABBREVIATION_END.search(text):
                abbreviation.append(text)
            elif ETC_END.search(text):
                etc.append(text)
            first = text.lstrip("\"'“‘(*_[")[:1]
            if first.islower() or first.isdigit():
                lowercase.append(text)
                if not any(block.startswith(text) for block in blocks):
                    after_split.append(text)
    split = splitter()
    start = time.perf_counter()
    for text, lang in texts:
        split(text, lang)
    seconds = time.perf_counter() - start
    megabytes = sum(len(text.encode()) for text, _ in texts) / 1e6
    print(f"{len(chosen)} notes ({skipped} unreadable), {total} quotable sentences")
    for label, found in (
        ("end in an abbreviation", abbreviation),
        ('end in "etc."', etc),
        ("start in lowercase or a digit", lowercase),
        ("  of them after a split", after_split),
    ):
        print(f"{label}: {len(found)}")
        for text in found[: args.show]:
            print(f"    {text[-90:] if found in (abbreviation, etc) else text[:90]!r}")
    print(f"split: {seconds:.2f} s for {megabytes:.2f} MB, {seconds / megabytes:.2f} s/MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
