"""A rerun's best pairs from the last run's, exactly, when few notes moved. Pure.

Ranking a large vault from scratch is its slowest step after reading (a seed, then a
prefix join that meets hundreds of millions of pairs at 100,000 notes). A rerun after an
edit changes few vectors much: the edited note's, and a little every note that shares a
term with it (its document frequencies moved). So the last run keeps ``Candidates``:
every pair that scored at least a ``floor`` then. For unit vectors, a pair's score moves
by at most the sum of how far its two vectors moved (``drift``: Cauchy-Schwarz), so a pair
that was below the floor and whose notes both drifted less than ``theta`` is below
``floor + 2 * theta`` now. ``reuse_pairs`` rescores the old candidates and scores every
pair of the notes that drifted more (new notes included) exactly; when the ``limit``-th
best of those beats ``floor + 2 * theta``, no other pair can reach it, and the answer is
the one a full ranking gives (``tests/test_topk.py`` compares them). Otherwise it says
so (None), and the caller ranks from scratch.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from hatch_cli.core.pairing.products import exact_scores
from hatch_cli.core.pairing.topk import Candidate, Candidates, ordered
from hatch_cli.core.pairing.vectors import Vectors, as_csr

#: Rounding in scores and norms: bounds are checked with this much room.
SLACK = 1e-9
#: Notes that may have drifted past ``theta`` and still be rescored one by one: at most
#: this many, and this share of the vault (past it, a full ranking is as quick).
MOVED_MAX = 4000
MOVED_SHARE = 0.05


def drift(
    vectors: Vectors, old_rows: Any, old_indptr: Any, old_terms: Any, old_weights: Any
) -> Any:
    """How far each note's vector moved since the last run: the norm of new minus old
    (``inf`` for a note that had none). ``old_rows[i]`` is the row note ``i`` had then
    (-1 for none); the old vectors' terms are ids of this run's vocabulary, or ids past it
    for terms it no longer has."""
    n_notes = len(vectors.indptr) - 1
    old_rows = np.asarray(old_rows, dtype=np.int64)
    had = old_rows >= 0
    lengths = np.zeros(n_notes, dtype=np.int64)
    starts = np.zeros(n_notes, dtype=np.int64)
    lengths[had] = old_indptr[old_rows[had] + 1] - old_indptr[old_rows[had]]
    starts[had] = old_indptr[old_rows[had]]
    ends = np.cumsum(lengths)
    take = np.arange(int(ends[-1]) if n_notes else 0, dtype=np.int64)
    take += np.repeat(starts - (ends - lengths), lengths)
    width = max(len(vectors.vocab), int(old_terms.max(initial=-1)) + 1)
    indptr = np.concatenate(([0], ends)).astype(np.int64)
    old = as_csr(old_weights[take], old_terms[take], indptr, (n_notes, width))
    new = as_csr(vectors.weights, vectors.terms, vectors.indptr, (n_notes, width))
    difference = (new - old).tocsr()
    moved = np.sqrt(np.asarray(difference.multiply(difference).sum(axis=1)).ravel())
    moved[~had] = np.inf
    return moved


def reuse_pairs(
    vectors: Vectors, previous: Candidates, moved: Any, *, limit: int, min_score: float
) -> tuple[list[Candidate], Candidates] | None:
    """The ``limit`` best pairs scoring above ``min_score``, from ``previous`` (in this
    run's rows) and the notes that ``moved`` (``drift``) far; and the candidates to keep
    for the next run. None when that can't be proved to be the answer."""
    n_notes = len(vectors.indptr) - 1
    if not limit or len(previous.a) < limit:
        return None
    score = np.minimum(exact_scores(vectors, previous.a, previous.b), 1.0)
    above = np.sort(score[score > min_score])
    if len(above) < limit:
        return None
    theta = (float(above[-limit]) - previous.floor) / 4
    if theta <= SLACK:
        return None
    far = np.flatnonzero(moved > theta)
    if len(far) > min(MOVED_MAX, max(64, MOVED_SHARE * n_notes)):
        return None
    a, b, score = _with_rows(vectors, far, previous.a, previous.b, score)
    best = ordered(a, b, score, limit, min_score)
    # What any pair not scored here is below: it was below the floor, and each of its
    # notes drifted at most as far as the farthest of those not rescored.
    near = moved[moved <= theta]
    ceiling = previous.floor + 2 * float(near.max(initial=0.0)) + SLACK
    if len(best) < limit or not ceiling < best[-1].score:
        return None
    keep = score >= ceiling
    return best, Candidates(a[keep], b[keep], score[keep], ceiling)


def _with_rows(vectors: Vectors, rows: Any, a: Any, b: Any, score: Any) -> tuple[Any, Any, Any]:
    """The pairs (a, b) with their scores, and every pair of a note in ``rows`` with a note
    it shares a term with, scored exactly (each pair once)."""
    if len(rows):
        product = (vectors.matrix[rows] @ vectors.matrix.T).tocoo()
        mine = np.asarray(rows, dtype=np.int64)[product.row]
        other = product.col.astype(np.int64)
        distinct = mine != other
        first = np.minimum(mine, other)[distinct]
        second = np.maximum(mine, other)[distinct]
        a = np.concatenate((a, first))
        b = np.concatenate((b, second))
        score = np.concatenate((score, np.minimum(exact_scores(vectors, first, second), 1.0)))
    n_notes = len(vectors.indptr) - 1
    _, unique = np.unique(a * max(n_notes, 1) + b, return_index=True)
    return a[unique], b[unique], score[unique]
