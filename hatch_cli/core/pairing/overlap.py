"""How much of one note another note already says: near-duplicates. Pure.

Two notes are near-duplicates when most runs of five words of the shorter one (its
sentences and headings, as read) stand in the other one too: a call repeated each year, a
yearly report on the same template, a note copied and edited. Hatching them gives "merge
these", not a new idea, so ``hatch pairs`` names them, ``hatch combine`` says they overlap
and ``hatch ideas`` leaves them for last.

The rule was set on the four dev corpora (benchmarks/README.md). Among each one's 300 best
pairs in ``hatch pairs`` (template lines a vault repeats left out) it flags 0 in gov-dev,
9 in ropensci-dev (yearly reviews, a call repeated each year), 0 in til-dev and 3 in
til-jonasbn (the same note written again for another tool); ``MIN_SHARED`` keeps out a
note of a few words whose title another note links to. The pairs just below (0.3-0.5)
are series that share a paragraph and say different things: two posts on one app, entries
of one catalogue. A score alone does not tell them apart: translations and notes on one
subject score as high and share no run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from hatch_cli.core.reading.terms import NoteTerms

#: Words in a run.
RUN = 5
#: The share of the shorter note's runs the other one has, from which they are duplicates.
DUPLICATE_SHARE = 0.5
#: Runs they must share at least: a note of a dozen words whose title another note links
#: to is not its duplicate.
MIN_SHARED = 10

_WORD = re.compile(r"[^\W_]+")


@cache
def _wide_word() -> re.Pattern[str]:
    """Words where a CJK character is a word of its own (those scripts put no spaces
    between words). Compiled for a text that has such a character: its ranges cost
    milliseconds to compile, a share of ``hatch combine``'s start-up."""
    return re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|[^\W_]+")


def _words(text: str) -> list[str]:
    wide = max(text, default="") >= "\u3040"  # the first of those characters
    return (_wide_word() if wide else _WORD).findall(text)


def runs(texts: Iterable[str]) -> frozenset[tuple[str, ...]]:
    """The runs of ``RUN`` words of a note's texts, case folded."""
    words = [word.casefold() for text in texts for word in _words(text)]
    return frozenset(tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1))


def note_runs(terms: NoteTerms) -> frozenset[tuple[str, ...]]:
    """The runs of a note read with its sentences."""
    return runs(sentence.text for sentence in terms.sentences)


def duplicates(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> bool:
    """Whether two notes (their ``runs``) say nearly the same thing: half the shorter
    one's runs or more, and ``MIN_SHARED`` runs at least, are in the other one too."""
    shared = len(a & b)
    return shared >= MIN_SHARED and shared >= DUPLICATE_SHARE * min(len(a), len(b))
