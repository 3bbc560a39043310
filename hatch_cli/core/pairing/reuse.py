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

The vectors themselves are the last run's where nothing they depend on moved
(``vectors_again``): a note's vector follows only its own entries and the vault's rarity
of its terms. After an edit the notes that changed are weighed and sorted again, and of
the notes with a term whose document frequency or burstiness moved, those where that
term is or would now be among the kept (its weight reaches the note's ``cut``), or whose
code's share follows it (a note with fenced code); the rest keep their rows of the last
run's vectors, the same values a full build gives (a common word the edit added moves
thousands of notes' rarity a little, and almost none of their vectors).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hatch_cli.core.pairing.keywords import FENCE_SHARE
from hatch_cli.core.pairing.products import exact_scores
from hatch_cli.core.pairing.rarity import Rarity, weights_in
from hatch_cli.core.pairing.topk import Candidate, Candidates, ordered
from hatch_cli.core.pairing.vectors import Vectors, as_csr, strongest_terms

#: Rounding in scores and norms: bounds are checked with this much room.
SLACK = 1e-9
#: Notes that may have drifted past ``theta`` and still be rescored one by one: at most
#: this many, and this share of the vault (past it, a full ranking is as quick).
MOVED_MAX = 4000
MOVED_SHARE = 0.05


@dataclass(frozen=True)
class Previous:
    """The last run's vectors and the rarity they were weighed with, in this run's terms
    and rows: ``rows[i]`` is the row note ``i`` had then (-1 for none); the vectors'
    ``terms`` are ids of this run's vocabulary (ids past it for terms it no longer has);
    ``df`` and ``burst`` by this run's term id (-1 and nan for a term the last run did not
    have), with the ``scalars`` of its ``Rarity`` (notes, share, gamma, length); ``cut``
    by this run's row (``Vectors.cut``, 0 for a new note)."""

    rows: Any
    indptr: Any
    terms: Any
    weights: Any
    cut: Any
    df: Any
    burst: Any
    scalars: tuple[int, float, float, float]


def rarity_scalars(found: Rarity, n_docs: int) -> tuple[int, float, float, float]:
    """What, besides each term's ``df`` and ``burst``, every note's weights follow."""
    return (n_docs, float(found.share), float(found.gamma), float(found.length))


#: Past this share of the notes to weigh again, ``vectors_again`` leaves it to a full build.
REBUILD_SHARE = 0.5


def vectors_again(
    indptr: Any,
    terms: Any,
    columns: tuple[Any, Any, Any],
    vocab: Sequence[str],
    found: Rarity,
    previous: Previous,
    *,
    size: int,
    code_share: Any = FENCE_SHARE,
) -> tuple[Vectors, Any] | None:
    """This run's vectors (as ``vectors.build_vectors`` on every note's
    ``rarity.weights_in`` with each note's ``code_share`` would give them) from
    ``previous``: only the notes that are new or share a term whose ``df`` or ``burst``
    moved are weighed and sorted again; and which notes those are (a mask: the others'
    vectors are the last run's, they did not drift). None when the vault's scalars moved
    (every weight did) or most notes must be weighed again (a full build is as quick)."""
    n_notes = len(indptr) - 1
    if rarity_scalars(found, n_notes) != previous.scalars:
        return None
    moved_term = (found.df != previous.df) | (found.burst != previous.burst)
    rows = np.repeat(np.arange(n_notes, dtype=np.int64), np.diff(indptr))
    has_moved = np.bincount(rows[moved_term[terms]], minlength=n_notes) > 0
    # Notes whose last vector had a moved term (ids past this vocabulary are terms gone,
    # in notes gone), or with fenced code (its share follows every term's weight): again.
    width = max(len(moved_term), int(previous.terms.max(initial=-1)) + 1)
    moved_then = np.ones(width, dtype=bool)
    moved_then[: len(moved_term)] = moved_term
    n_then = len(previous.indptr) - 1
    rows_then = np.repeat(np.arange(n_then, dtype=np.int64), np.diff(previous.indptr))
    hit_then = np.bincount(rows_then[moved_then[previous.terms]], minlength=n_then) > 0
    had = previous.rows >= 0
    hit = np.zeros(n_notes, dtype=bool)
    hit[had] = hit_then[previous.rows[had]]
    code = np.bincount(rows[columns[1] > 0], minlength=n_notes) > 0
    again = ~had | (has_moved & (hit | code))
    # Every note that may change, weighed now (a note's weights are its own entries'):
    # of those not settled yet, does a moved term reach the cut (or weigh anything, in a
    # note that kept fewer than ``size``)? Then its kept terms may change.
    looked = np.flatnonzero(has_moved | ~had)
    take, looked_indptr = gather(indptr, looked)
    looked_terms = terms[take]
    looked_weight = weights_in(
        found, looked_indptr, looked_terms, *(column[take] for column in columns),
        n_docs=n_notes, code_share=code_share if np.isscalar(code_share) else code_share[looked],
    )  # fmt: skip
    looked_rows = np.repeat(np.arange(len(looked), dtype=np.int64), np.diff(looked_indptr))
    cut = previous.cut[looked][looked_rows]
    reach = (
        moved_term[looked_terms]
        & ~again[looked][looked_rows]
        & np.where(cut > 0, looked_weight >= cut, looked_weight > 0)
    )
    again[looked[np.bincount(looked_rows[reach], minlength=len(looked)) > 0]] = True
    redo = np.flatnonzero(again)
    if len(redo) > REBUILD_SHARE * n_notes:
        return None
    take, sub_indptr = gather(looked_indptr, np.searchsorted(looked, redo))
    sub_terms, weight = looked_terms[take], looked_weight[take]
    # Ties by term, as ``build_vectors``: a rank among the terms of these notes will do.
    by_string = sorted(np.unique(sub_terms).tolist(), key=vocab.__getitem__)
    tie_rank = np.zeros(len(vocab), dtype=np.int64)
    tie_rank[np.asarray(by_string, dtype=np.int64)] = np.arange(len(by_string), dtype=np.int64)
    new_indptr, _, new_terms, new_weights, new_cut = strongest_terms(
        sub_indptr, sub_terms, weight, tie_rank, size=size
    )
    # Every row from one pool: the last run's entries, then the ones weighed now.
    base = len(previous.terms)
    starts = np.zeros(n_notes, dtype=np.int64)
    lengths = np.zeros(n_notes, dtype=np.int64)
    kept = ~again
    old = previous.rows[kept]
    starts[kept] = previous.indptr[old]
    lengths[kept] = previous.indptr[old + 1] - previous.indptr[old]
    starts[redo] = base + new_indptr[:-1]
    lengths[redo] = np.diff(new_indptr)
    pick, out_indptr = _runs(starts, lengths)
    out_terms = np.concatenate((previous.terms, new_terms)).astype(np.int32)[pick]
    out_weights = np.concatenate((previous.weights, new_weights))[pick]
    out_rows = np.repeat(np.arange(n_notes, dtype=np.int64), lengths)
    out_cut = previous.cut.copy()
    out_cut[redo] = new_cut
    vectors = Vectors(
        indptr=out_indptr, rows=out_rows, terms=out_terms, weights=out_weights, vocab=vocab,
        matrix=as_csr(out_weights, out_terms, out_indptr, (n_notes, len(vocab))), cut=out_cut,
    )  # fmt: skip
    return vectors, again


def gather(indptr: Any, rows: Any) -> tuple[Any, Any]:
    """The entries of ``rows`` (in that order) of flat arrays split by ``indptr``: their
    indices, and the indptr of those rows alone."""
    rows = np.asarray(rows, dtype=np.int64)
    return _runs(indptr[rows], indptr[rows + 1] - indptr[rows])


def _runs(starts: Any, lengths: Any) -> tuple[Any, Any]:
    """The indices of runs ``starts[i]:starts[i] + lengths[i]`` one after another, and
    where each begins among them (an indptr)."""
    ends = np.cumsum(lengths, dtype=np.int64)
    take = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
    take += np.repeat(np.asarray(starts, dtype=np.int64) - (ends - lengths), lengths)
    return take, np.concatenate(([0], ends)).astype(np.int64)


def drift(
    vectors: Vectors,
    old_rows: Any,
    old_indptr: Any,
    old_terms: Any,
    old_weights: Any,
    only: Any = None,
) -> Any:
    """How far each note's vector moved since the last run: the norm of new minus old
    (``inf`` for a note that had none). ``old_rows[i]`` is the row note ``i`` had then
    (-1 for none); the old vectors' terms are ids of this run's vocabulary, or ids past it
    for terms it no longer has. With ``only`` (a mask), the other notes' vectors are
    known to be the last run's (``vectors_again``): they moved by 0."""
    n_notes = len(vectors.indptr) - 1
    old_rows = np.asarray(old_rows, dtype=np.int64)
    had = old_rows >= 0
    moved = np.zeros(n_notes, dtype=np.float64)
    chosen = np.flatnonzero(had if only is None else had & only)
    lengths = old_indptr[old_rows[chosen] + 1] - old_indptr[old_rows[chosen]]
    take, indptr = _runs(old_indptr[old_rows[chosen]], lengths)
    width = max(len(vectors.vocab), int(old_terms.max(initial=-1)) + 1)
    shape = (len(chosen), width)
    old = as_csr(old_weights[take], old_terms[take], indptr, shape)
    take, indptr = gather(vectors.indptr, chosen)
    new = as_csr(vectors.weights[take], vectors.terms[take], indptr, shape)
    difference = (new - old).tocsr()
    moved[chosen] = np.sqrt(np.asarray(difference.multiply(difference).sum(axis=1)).ravel())
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
