"""Notes whose vectors are identical, ranked once. Pure.

A vault of many tiny notes on a small vocabulary (50,000 notes of five words out of 20)
holds few distinct vectors: most notes have a twin, and twins score 1 with each other and
the same as each other with every third note. The top-k join's work grows with the
square of the notes that share terms, so ranking each distinct vector once and then
naming the notes behind it keeps that work to the square of the distinct vectors.

Exact: identical rows give bitwise identical products, so a pair of notes scores what
the pair of their vectors scores, and the answer is the one ``topk.best_pairs`` gives
without this (``tests/test_topk.py`` checks it against a brute force).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from hatch_cli.core.pairing.vectors import Vectors, as_csr

#: Rank twins once only when the distinct vectors are at most this share of the notes.
TWIN_SHARE = 0.75


@dataclass(frozen=True)
class Twins:
    """The distinct vectors of a vault (``distinct``: one row for each) and the notes that
    have each (``members[g]``: their rows, ascending)."""

    distinct: Vectors
    members: list[Any]
    first: Any  # the row of each distinct vector's first note

    def pairs(self, g: int, h: int) -> Iterator[tuple[int, int]]:
        """The pairs of notes behind the pair of vectors (g, h), ``g == h`` meaning two
        notes of the same vector: in (a, b) order, a < b."""
        if g == h:
            rows = self.members[g].tolist()
            for i, a in enumerate(rows):
                for b in rows[i + 1 :]:
                    yield a, b
            return
        left, right = set(self.members[g].tolist()), self.members[h].tolist()
        mine = self.members[g].tolist()
        for a in sorted(left | set(right)):
            others = right if a in left else mine
            for b in others:
                if b > a:
                    yield a, b

    def behind(self, g: int, h: int) -> int:
        """How many pairs of notes the pair of vectors (g, h) stands for."""
        size = len(self.members[g])
        return size * (size - 1) // 2 if g == h else size * len(self.members[h])

    def score_of_nth(self, found: list[tuple[int, int, float]], n: int) -> float | None:
        """The score of the ``n``-th best pair of notes behind ``found`` (pairs of vectors
        with their scores), or None if they stand for fewer than ``n``."""
        total = 0
        for g, h, value in sorted(found, key=lambda item: -item[2]):
            total += self.behind(g, h)
            if total >= n:
                return value
        return None


def find_twins(vectors: Vectors) -> Twins | None:
    """The vault's distinct vectors, if few enough of them (``TWIN_SHARE``) to be worth
    ranking apart; else None."""
    n_notes = len(vectors.indptr) - 1
    if n_notes < 4:
        return None
    key = np.stack([_row_hash(vectors, seed) for seed in (1, 2)], axis=1)
    _, first, group = np.unique(key, axis=0, return_index=True, return_inverse=True)
    group = group.ravel()
    if len(first) > TWIN_SHARE * n_notes or not _same_rows(vectors, first[group]):
        return None
    order = np.argsort(group, kind="stable")  # rows by group, ascending within each
    bounds = np.searchsorted(group[order], np.arange(len(first) + 1))
    members = [order[bounds[g] : bounds[g + 1]] for g in range(len(first))]
    return Twins(distinct=_rows(vectors, first), members=members, first=first)


def _row_hash(vectors: Vectors, seed: int) -> Any:
    """A 64-bit hash of each row's terms, weights and their order (wrapping sums)."""
    with np.errstate(over="ignore"):
        position = np.arange(len(vectors.terms), dtype=np.uint64) - vectors.indptr[
            vectors.rows
        ].astype(np.uint64)
        entry = (
            vectors.terms.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15 * seed % 2**64)
            ^ np.ascontiguousarray(vectors.weights).view(np.uint64)
            * np.uint64(0xC2B2AE3D27D4EB4F + seed)
        ) + position * np.uint64(0x165667B19E3779F9 ^ seed)
        entry ^= entry >> np.uint64(29)
        total = np.concatenate((np.zeros(1, np.uint64), np.cumsum(entry, dtype=np.uint64)))
        lengths = np.diff(vectors.indptr).astype(np.uint64)
        return (total[vectors.indptr[1:]] - total[vectors.indptr[:-1]]) ^ lengths * np.uint64(
            0xD6E8FEB86659FD93
        )


def _same_rows(vectors: Vectors, other: Any) -> bool:
    """Whether every row holds exactly what row ``other[row]`` holds (hashes can collide)."""
    lengths = np.diff(vectors.indptr)
    if not np.array_equal(lengths, lengths[other]):
        return False
    shift = vectors.indptr[other][vectors.rows] - vectors.indptr[vectors.rows]
    twin = np.arange(len(vectors.terms)) + shift
    return bool(
        np.array_equal(vectors.terms, vectors.terms[twin])
        and np.array_equal(vectors.weights, vectors.weights[twin])
    )


def _rows(vectors: Vectors, rows: Any) -> Vectors:
    """The vectors of ``rows`` only, as a vault of their own."""
    lengths = np.diff(vectors.indptr)[rows]
    indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    entries = np.concatenate(
        [np.arange(vectors.indptr[row], vectors.indptr[row + 1]) for row in rows]
    ) if len(rows) else np.zeros(0, dtype=np.int64)  # fmt: skip
    terms, weights = vectors.terms[entries], vectors.weights[entries]
    return Vectors(
        indptr=indptr,
        rows=np.repeat(np.arange(len(rows), dtype=np.int64), lengths),
        terms=terms,
        weights=weights,
        vocab=vectors.vocab,
        matrix=as_csr(weights, terms, indptr, (len(rows), len(vectors.vocab))),
    )


def expand(
    twins: Twins,
    group_pairs: list[tuple[int, int, float]],
    limit: int,
    ordered: Callable[[Any, Any, Any, int, float], list[Any]],
    min_score: float,
) -> list[Any]:
    """The ``limit`` best pairs of notes behind ``group_pairs`` (pairs of distinct vectors
    with their scores, among them every pair scoring at least the ``limit``-th best
    note pair): at most ``limit`` note pairs from each, the first in (a, b) order, then
    ``ordered`` (passed in: ``topk``'s) picks the best."""
    a: list[int] = []
    b: list[int] = []
    score: list[float] = []
    for g, h, value in group_pairs:
        for count, (x, y) in enumerate(twins.pairs(g, h)):
            if count == limit:
                break
            a.append(x)
            b.append(y)
            score.append(value)
    return ordered(
        np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64), np.asarray(score), limit,
        min_score,
    )  # fmt: skip
