"""The exact top-k join: the best pairs of a vault's vectors without an N x N matrix. Pure.

* scores come from sparse products over row chunks (an inverted index in C); each chunk
  meets only the rows after it, and chunks run on threads (``products``, the pieces the
  joins here share);
* for the best ``limit`` pairs, a seed floor and a prefix join on each note's rarer terms
  (``best_pairs``) skip most pairs yet stay exact; each chunk keeps only what can still
  be among the best, so memory stays flat as N grows. The join still grows faster than N
  when thousands of notes share one topic's words (see benchmarks/README.md);
* notes with identical vectors (``twins``) are ranked once, and a term among the
  strongest of thousands of notes seeds only the notes it weighs most in, so a vault of
  tiny notes on a small vocabulary does not cost a share of all N² pairs.

Its contract is its brute-force test (``tests/test_topk.py``): the same pairs as scoring
every pair. Order everywhere: score descending (full precision), then row indices.

The seed, the prefix join with its two bounds and the twins path are one algorithm, kept
together; what they share (the chunked products, the threads, exact scoring) is
``products``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from hatch_cli.core.pairing.products import (
    UpperProducts,
    best_of,
    every_pair,
    exact_scores,
    masked_rows,
    ordered_arrays,
    per_chunk,
    top_terms,
)
from hatch_cli.core.pairing.twins import Twins, expand, find_twins
from hatch_cli.core.pairing.vectors import Vectors

#: Strongest terms per note that the seed pass joins on (see ``best_pairs``).
SEED_TERMS = 3
#: Notes a term pairs in the seed pass, at most: those it weighs most in. A term among the
#: strongest of thousands of notes (a vault on a small vocabulary) would otherwise make the
#: seed score a share of all N² pairs: 50,000 notes on 20 words took 37 s and 900 MB. The
#: seed only sets a floor that real pairs reach, so this never changes the answer.
SEED_POSTINGS = 1024
#: Pairs of each chunk the seed pass scores exactly (more when ``limit`` asks for more).
#: At 10,000 notes, 400 raised the seed's floor from 0.76 (20) to 0.81 of the true 0.82.
SEED_KEEP = 400
#: The common terms a note leaves out of the join weigh at most this share of the floor.
#: Leaving out less (a longer rare part) costs a bigger product but leaves fewer pairs to
#: score exactly. best_pairs on 2 threads, by share (0.8 / 0.85 / 0.9 / 0.95 / 1.0): 10,000
#: notes 0.35 / 0.31 / 0.31 / 0.33 / 0.49 s; 100,000 notes (0.85 / 0.9 / 0.95) 13.5 / 13.0
#: / 14.2 s (with both bounds of ``pairs_above``).
LEFT_OUT_SHARE = 0.9
_SLACK = 1e-9


@dataclass(frozen=True)
class Candidates:
    """Every pair (rows ``a < b``) that scored at least ``floor``, with its score: what
    a rerun's ranking starts from (``core.pairing.reuse``)."""

    a: Any
    b: Any
    score: Any
    floor: float


@dataclass(frozen=True)
class Candidate:
    """A pair of notes (row indices, ``a < b``) and its score."""

    a: int
    b: int
    score: float


def best_pairs(
    vectors: Vectors, *, limit: int, min_score: float = 0.0, workers: int = 1
) -> list[Candidate]:
    """The ``limit`` best pairs scoring above ``min_score`` (every one when ``limit`` is 0).

    Exact. A cheap seed pass (notes that share one of their ``SEED_TERMS`` strongest
    terms) scores some real pairs; the ``limit``-th best of them is a floor the answer
    must reach. Then a prefix join (``pairs_above``) finds every pair that can reach it,
    comparing only the rarer terms of each note, and scores those exactly. Sparse products
    of ``CHUNK_ROWS`` notes at a time: never a dense N x N matrix, nor a loop over pairs.
    The chunks run on ``workers`` threads (see ``_per_chunk``); the answer is the same.
    Order: ``ordered``'s.
    """
    if limit and (twins := find_twins(vectors)) is not None:
        return _best_pairs_of_twins(twins, limit, min_score, workers)
    floor = min_score
    if limit:
        seed = _seed_scores(vectors, keep=max(SEED_KEEP, 2 * limit), workers=workers)
        if len(seed) >= limit:
            floor = max(min_score, float(np.sort(seed)[-limit]) - 1e-4)
    if floor <= 0:
        return _all_pairs(vectors, limit, min_score, workers=workers)
    found = pairs_above(vectors, floor, workers=workers, keep=limit)
    if not len(found[2]):
        return []
    return ordered(*found, limit, min_score)


#: Pairs of each chunk kept as candidates for the next run (``core.pairing.reuse``).
CANDIDATE_KEEP = 256


def best_pairs_and_candidates(
    vectors: Vectors, *, limit: int, min_score: float = 0.0, workers: int = 1
) -> tuple[list[Candidate], Candidates | None]:
    """``best_pairs``, and every pair scoring at least the floor it ranked above (as far
    as a chunk's ``CANDIDATE_KEEP`` best reach): what a rerun starts from
    (``core.pairing.reuse``). No candidates for a vault of twins or without a floor."""
    if not limit or find_twins(vectors) is not None:
        return best_pairs(vectors, limit=limit, min_score=min_score, workers=workers), None
    seed = _seed_scores(vectors, keep=max(SEED_KEEP, 2 * limit), workers=workers)
    if len(seed) < limit:
        return best_pairs(vectors, limit=limit, min_score=min_score, workers=workers), None
    floor = max(min_score, float(np.sort(seed)[-limit]) - 1e-4)
    if floor <= 0:
        return best_pairs(vectors, limit=limit, min_score=min_score, workers=workers), None
    dropped: list[float] = []
    keep = max(CANDIDATE_KEEP, limit)
    a, b, score = pairs_above(vectors, floor, workers=workers, keep=keep, dropped=dropped)
    found = ordered(a, b, score, limit, min_score) if len(score) else []
    least = max([floor, *(value + _SLACK for value in dropped)])
    chosen = np.minimum(score, 1.0) >= least
    return found, Candidates(a[chosen], b[chosen], np.minimum(score[chosen], 1.0), least)


def _best_pairs_of_twins(
    twins: Twins, limit: int, min_score: float, workers: int
) -> list[Candidate]:
    """``best_pairs`` of a vault where many notes share their vector (``core.pairing.twins``):
    pairs of distinct vectors, then the notes behind them. Exact.

    Notes of one vector score what it scores with itself (about 1): when those pairs are
    ``limit`` or more, only the pairs of distinct vectors scoring as much can be in the
    answer (``pairs_above`` at that score, which few reach); else the best pairs of
    distinct vectors are ranked first. Either way every pair of vectors scoring at least
    the ``limit``-th best pair of notes is taken: a tie may hold pairs that come first.
    """
    distinct = twins.distinct
    multi = np.flatnonzero(np.asarray([len(rows) for rows in twins.members]) > 1)
    own = np.minimum(exact_scores(distinct, multi, multi), 1.0)
    found = [(int(g), int(g), float(value)) for g, value in zip(multi, own, strict=True)]
    found = [item for item in found if item[2] > min_score]
    least = twins.score_of_nth(found, limit)
    if least is None:
        cross = best_pairs(distinct, limit=limit, min_score=min_score, workers=workers)
        found += [(item.a, item.b, item.score) for item in cross]
        least = twins.score_of_nth(found, limit) if len(cross) == limit else None
    if least is not None:
        a, b, score = pairs_above(distinct, least, workers=workers)
        score = np.minimum(score, 1.0)
        have = {(g, h) for g, h, _ in found}
        found += [
            (int(g), int(h), float(value))
            for g, h, value in zip(a, b, score, strict=True)
            if value >= least and (int(g), int(h)) not in have
        ]
    return expand(twins, found, limit, ordered, min_score)


def _seed_scores(vectors: Vectors, *, keep: int, workers: int = 1) -> Any:
    """Exact scores of some real pairs, found cheaply: notes sharing one of their
    ``SEED_TERMS`` strongest terms, the ``keep`` best of each chunk by that shared part."""
    strong = masked_rows(vectors, _seed_terms(vectors))
    upper = UpperProducts(strong)

    def chunk(start: int) -> Any:
        a, b, partial = upper.pairs(start)
        if len(partial) > keep:
            best = np.argpartition(partial, len(partial) - keep)[len(partial) - keep :]
            a, b = a[best], b[best]
        return exact_scores(vectors, a, b)

    found = per_chunk(chunk, strong.shape[0], workers)
    return np.concatenate(found) if found else np.zeros(0)


def _seed_terms(vectors: Vectors) -> Any:
    """Mask of the entries the seed joins on: each note's ``SEED_TERMS`` strongest, and of
    each term only the ``SEED_POSTINGS`` notes it weighs most in (ties: lower rows)."""
    mask = top_terms(vectors, SEED_TERMS)
    where = np.flatnonzero(mask)
    terms = vectors.terms[where]
    if np.bincount(terms).max(initial=0) <= SEED_POSTINGS:
        return mask
    order = np.lexsort((-vectors.weights[where], terms))  # by term, then weight descending
    by_term = terms[order]
    rank = np.arange(len(order)) - np.searchsorted(by_term, by_term, side="left")
    mask[where[order[rank >= SEED_POSTINGS]]] = False
    return mask


def pairs_above(
    vectors: Vectors,
    threshold: float,
    *,
    workers: int = 1,
    keep: int = 0,
    dropped: list[float] | None = None,
) -> tuple[Any, Any, Any]:
    """Every pair (a < b) scoring at least ``threshold``, with its score; with ``keep``,
    only the pairs that can be among the ``keep`` best (each chunk's ``keep`` best, in
    ``ordered``'s order: the best overall are among them), so that a vault where
    millions of pairs tie at the top holds a few of them at a time, not all.

    A prefix join (as in all-pairs similarity search): terms are put in one global order,
    commonest first (vault document frequency, then term). Each note leaves out its
    commonest terms while their weights have norm below ``LEFT_OUT_SHARE * threshold``;
    the rest is its *rare part*. Of two notes, take the one whose rare part starts later
    in that order (at a rarer term): every term it shares in its rare part is in the
    other's rare part too, so the pair's score is at most what their rare parts share
    plus what that note left out can add (``_bound``). Only pairs whose rare parts meet
    are enumerated (a sparse product of rare parts), and only those whose bound reaches
    the threshold are scored exactly. Two bounds prune: ``_bound`` and, for what is left,
    the norm of the other note's entries on terms commoner than where the later note's
    rare part starts (``_PrefixNorms``), the only terms its left-out part can meet.
    """
    mask, left_out, starts = _rare_parts(vectors, LEFT_OUT_SHARE * threshold)
    rare = masked_rows(vectors, mask)
    upper = UpperProducts(rare)
    prefix = _PrefixNorms(vectors, starts)
    # A pair whose rare parts share less than this can't reach the threshold, whatever its
    # notes left out: it is dropped before anything else is computed for it.
    least = threshold - float(left_out.max(initial=0.0)) - _SLACK

    def chunk(start: int) -> tuple[Any, Any, Any]:
        a, b, partial = upper.pairs(start, at_least=least)
        a_later = starts[a] >= starts[b]
        later_left_out = np.where(a_later, left_out[a], left_out[b])
        near = _bound(partial, later_left_out) >= threshold - _SLACK
        a, b, partial, a_later, later_left_out = (
            a[near],
            b[near],
            partial[near],
            a_later[near],
            later_left_out[near],
        )
        other_norm = prefix.norm(np.where(a_later, b, a), np.where(a_later, a, b))
        near = partial + later_left_out * other_norm >= threshold - _SLACK
        a, b = a[near], b[near]
        score = exact_scores(vectors, a, b)
        good = score >= threshold - _SLACK
        return best_of(a[good], b[good], score[good], keep, dropped)

    found = per_chunk(chunk, rare.shape[0], workers)
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return tuple(np.concatenate([part[i] for part in found]) for i in range(3))  # type: ignore[return-value]


def _bound(partial: Any, left_out: Any) -> Any:
    """The most a pair can score, given what its rare parts share (``partial``) and the
    norm ``x`` left out by the note whose rare part starts later (a unit vector).

    The rest of the score is that note's left-out part times the other note's entries on
    those terms (Cauchy-Schwarz: at most ``x`` times their norm). Those entries are not
    the ones the rare parts share, whose norm is at least ``partial / sqrt(1 - x²)``
    (the later note's rare part has norm ``sqrt(1 - x²)``); a unit vector has norm 1 in
    all, so the rest is at most ``x * sqrt(1 - partial² / (1 - x²))``. The square root is
    kept at 1e-6 or more, so that rounding near 0 can never prune a pair it should not.
    """
    rare_norm_sq = np.maximum(1.0 - left_out * left_out, 1e-12)
    rest = np.maximum(1e-12, 1.0 - partial * partial / rare_norm_sq)
    return partial + left_out * np.sqrt(rest)


class _PrefixNorms:
    """For each note, the norm of its entries on terms commoner than a given one (bucketed).

    In ``pairs_above``, what the later note ``x`` left out holds only terms commoner than
    where its rare part starts, so it adds at most its norm times the other note's norm
    on those terms. That norm is kept per note at ``buckets`` rank boundaries (quantiles of
    where rare parts start); a lookup takes the first boundary at or after ``x``'s start,
    which counts a few terms too many: never less than the true norm, so the bound holds.
    Stored as float32 rounded up; the table has at most about 8 million cells.
    """

    def __init__(self, vectors: Vectors, starts: Any) -> None:
        n_notes = len(vectors.indptr) - 1
        ranks = _commonness(vectors)[vectors.terms]
        buckets = min(128, max(16, 2**23 // max(n_notes, 1)))
        quantiles = np.quantile(starts, np.linspace(0, 1, buckets)) if n_notes else []
        # The last boundary is past every rank: its column is a note's whole norm.
        last = len(vectors.vocab) + 1
        self.bounds = np.unique(np.append(np.asarray(quantiles, dtype=np.int64), last))
        self.bucket = np.searchsorted(self.bounds, starts, side="left")
        # An entry counts for boundary k when its rank is below bounds[k].
        column = np.searchsorted(self.bounds, ranks, side="right")
        width = len(self.bounds)
        cells = np.bincount(
            vectors.rows * width + column, weights=vectors.weights**2, minlength=n_notes * width
        ).reshape(n_notes, width)
        norms = np.sqrt(np.cumsum(cells, axis=1)) * (1 + 1e-6)
        self.table = norms.astype(np.float32)

    def norm(self, notes: Any, later: Any) -> Any:
        """Each ``notes[i]``'s norm on the terms commoner than where ``later[i]``'s rare part
        starts (or a little more)."""
        return self.table[notes, self.bucket[later]].astype("float64")


def _commonness(vectors: Vectors) -> Any:
    """Every term's rank in the join's global order: commonest (most notes) first."""
    df = np.bincount(vectors.terms, minlength=len(vectors.vocab))
    by_commonness = np.lexsort((np.arange(len(df)), -df))
    commonness = np.empty(len(df), dtype=np.int64)
    commonness[by_commonness] = np.arange(len(df))
    return commonness


def _rare_parts(vectors: Vectors, left_out_norm: float) -> tuple[Any, Any, Any]:
    """For ``pairs_above``: the mask of every note's rare part (all but its commonest terms,
    whose weights have norm below ``left_out_norm``), the norm each note left out, and
    the global rank (0: commonest) of the term where each note's rare part starts."""
    n_notes = len(vectors.indptr) - 1
    ranks = _commonness(vectors)[vectors.terms]
    order = np.lexsort((ranks, vectors.rows))  # each note's entries, commonest first
    square = vectors.weights[order] ** 2
    total = np.cumsum(square)
    starts_at = vectors.indptr[:-1]
    before_row = np.concatenate(([0.0], total))[starts_at]
    running = total - before_row[vectors.rows[order]]  # norm² of the commonest so far
    left = running < left_out_norm * left_out_norm * (1 - 1e-6)
    mask = np.ones(len(order), dtype=bool)
    mask[order[left]] = False
    left_count = np.bincount(vectors.rows[order[left]], minlength=n_notes)
    left_out = np.sqrt(np.bincount(vectors.rows[order[left]], weights=square[left],
                                   minlength=n_notes))  # fmt: skip
    # The first entry kept (in commonest-first order) is where the rare part starts; a
    # note with no entries never meets another, so its value does not matter.
    first_kept = np.minimum(starts_at + left_count, max(len(order) - 1, 0))
    sorted_ranks = ranks[order]
    starts = sorted_ranks[first_kept] if len(order) else np.zeros(n_notes, dtype=np.int64)
    return mask, left_out, starts


def _all_pairs(vectors: Vectors, limit: int, min_score: float, workers: int = 1) -> list[Candidate]:
    """Every pair scoring above ``min_score`` (the best ``limit`` of them, all when 0)."""
    return _candidates(*every_pair(vectors, min_score, workers=workers, keep=limit))


def partners(vectors: Vectors, row: int, *, limit: int, min_score: float = 0.0) -> list[Candidate]:
    """The best partners of one note (``--for``): one sparse row product, exact."""
    product = (vectors.matrix[[row]] @ vectors.matrix.T).tocoo()
    others = product.col.astype(np.int64)
    others = others[others != row]
    a, b = np.minimum(others, row), np.maximum(others, row)
    # Scored as best_pairs scores them, so a pair shows the same score in both lists.
    return ordered(a, b, exact_scores(vectors, a, b), limit, min_score)


def ordered(a: Any, b: Any, score: Any, limit: int, min_score: float) -> list[Candidate]:
    """The pairs scoring above ``min_score``, best first (full-precision score, capped at
    1, then the row indices), the first ``limit`` of them (all when 0)."""
    return _candidates(*ordered_arrays(a, b, score, limit, min_score))


def _candidates(a: Any, b: Any, score: Any) -> list[Candidate]:
    return [Candidate(*item) for item in zip(a.tolist(), b.tolist(), score.tolist(), strict=True)]
