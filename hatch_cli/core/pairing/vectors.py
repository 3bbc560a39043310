"""Keyword vectors of a whole vault as flat arrays: each note's term weights in the vault
(``rarity.vault_weights``), cut to its strongest terms and normalised. Pure.

Every row is the vector ``top_vector(weights(terms, docfreq), VECTOR_SIZE)`` of that note
with the vault ``DocFreq``, so a pair's cosine here is the score ``combine --vault``
reports. scipy is imported only where a sparse matrix is made (it takes several times
numpy's time to import).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np

from hatch_cli.core.pairing.keywords import VECTOR_SIZE

if TYPE_CHECKING:
    import numpy.typing as npt


@dataclass(frozen=True)
class Vectors:
    """Every note's normalised keyword vector, as flat arrays sorted by row, strongest first.

    Row ``i`` is entries ``indptr[i]:indptr[i+1]`` of ``terms`` (ids into ``vocab``) and
    ``weights``; ``matrix`` is the same as a scipy CSR matrix (notes x terms).
    """

    indptr: npt.NDArray[np.int64]
    rows: npt.NDArray[np.int64]
    terms: npt.NDArray[np.int32]
    weights: npt.NDArray[np.float64]
    vocab: Sequence[str]
    matrix: Any
    cut: Any = None
    """by row, the weight (before normalising) of its weakest kept term when it kept
    ``size`` of them, else 0: what a term left out weighed less than (``reuse``)"""


def build_vectors(
    indptr: npt.NDArray[np.int64],
    terms: npt.NDArray[np.int32],
    weight: npt.NDArray[np.float64],
    vocab: Sequence[str],
    *,
    size: int = VECTOR_SIZE,
    workers: int = 1,
) -> Vectors:
    """Vault vectors from each note's term weights (``rarity.vault_weights``): keep the
    ``size`` strongest terms that weigh anything (ties by term, as ``top_vector``),
    L2-normalise."""
    new_indptr, kept_rows, kept_terms, normalised, cut = strongest_terms(
        indptr, terms, weight, term_order(vocab), size=size, workers=workers
    )
    return Vectors(
        indptr=new_indptr,
        rows=kept_rows,
        terms=kept_terms,
        weights=normalised,
        vocab=vocab,
        matrix=as_csr(normalised, kept_terms, new_indptr, (len(indptr) - 1, len(vocab))),
        cut=cut,
    )


def strongest_terms(
    indptr: Any, terms: Any, weight: Any, tie_rank: Any, *, size: int, workers: int = 1
) -> tuple[Any, Any, Any, Any, Any]:
    """Each note's ``size`` strongest terms that weigh anything, ties by ``tie_rank`` (by
    term id: any rank in the order of the terms' strings), L2-normalised: the indptr, rows,
    terms, weights and cut of ``Vectors``. Each note's vector is its own entries' alone."""
    n_notes = len(indptr) - 1
    rows = np.repeat(np.arange(n_notes, dtype=np.int64), np.diff(indptr))
    order = _strongest_first_split(rows, indptr, weight, tie_rank[terms], workers)
    position = np.arange(len(order), dtype=np.int64) - indptr[rows]
    keep = order[(position < size) & (weight[order] > 0)]  # a term weighing nothing is left out
    kept_rows, kept_terms, kept_weight = rows[keep], terms[keep], weight[keep]
    norms = np.sqrt(np.bincount(kept_rows, weights=kept_weight * kept_weight, minlength=n_notes))
    norms[norms == 0] = 1.0
    new_indptr = np.zeros(n_notes + 1, dtype=np.int64)
    np.cumsum(np.bincount(kept_rows, minlength=n_notes), out=new_indptr[1:])
    full = np.flatnonzero(np.diff(new_indptr) == size)
    cut = np.zeros(n_notes, dtype=np.float64)
    cut[full] = kept_weight[new_indptr[full + 1] - 1]
    return new_indptr, kept_rows, kept_terms, kept_weight / norms[kept_rows], cut


#: Entries below which ``build_vectors`` sorts on one thread.
SPLIT_MIN_ENTRIES = 1_000_000


def _strongest_first_split(rows: Any, indptr: Any, weight: Any, tie_rank: Any, workers: int) -> Any:
    """``strongest_first`` on ``workers`` threads: each sorts a run of whole rows (numpy
    sorts without the GIL), so the order is the same as one sort's."""
    n_notes = len(indptr) - 1
    if workers < 2 or len(rows) < SPLIT_MIN_ENTRIES or n_notes < workers:
        return strongest_first(rows, weight, tie_rank)
    cuts = [int(indptr[n_notes * part // workers]) for part in range(workers + 1)]
    parts = list(pairwise(cuts))
    with ThreadPoolExecutor(workers) as pool:
        found = list(
            pool.map(
                lambda part: (
                    strongest_first(
                        rows[part[0] : part[1]],
                        weight[part[0] : part[1]],
                        tie_rank[part[0] : part[1]],
                    )
                    + part[0]
                ),
                parts,
            )
        )
    return np.concatenate(found)


def strongest_first(rows: Any, weight: Any, tie_rank: Any) -> Any:
    """The order of entries by row, then weight (descending), then ``tie_rank``: the order
    of ``np.lexsort((tie_rank, -weight, rows))``, in two sorts instead of three.

    Equal weights in a row (about one entry in seven: unknown words weigh the same) are
    put in ``tie_rank`` order afterwards, by a sort of those entries only. At 100,000
    notes (10 million entries) this takes 2.5 s where the lexsort took 4.
    """
    by_weight = np.argsort(-weight, kind="stable")
    order = by_weight[np.argsort(rows[by_weight], kind="stable")]
    sorted_rows, sorted_weight = rows[order], weight[order]
    tie = (sorted_weight[1:] == sorted_weight[:-1]) & (sorted_rows[1:] == sorted_rows[:-1])
    if tie.any():
        run = np.cumsum(np.concatenate(([True], ~tie)))  # runs of equal (row, weight)
        in_tie = np.zeros(len(order), dtype=bool)
        in_tie[1:] |= tie
        in_tie[:-1] |= tie
        where = np.flatnonzero(in_tie)
        members = order[where]
        order[where] = members[np.lexsort((tie_rank[members], run[where]))]
    return order


def as_csr(data: Any, indices: Any, indptr: Any, shape: tuple[int, int]) -> Any:
    # scipy takes several times numpy's time to import: only a sparse matrix needs it.
    from scipy import sparse  # type: ignore[import-untyped]

    return sparse.csr_matrix((data.copy(), indices.copy(), indptr.copy()), shape=shape)


def term_order(vocab: Sequence[str]) -> npt.NDArray[np.int64]:
    """Rank of each term in sorted order: the tie-break of ``top_vector``."""
    rank = np.empty(len(vocab), dtype=np.int64)
    rank[sorted(range(len(vocab)), key=vocab.__getitem__)] = np.arange(len(vocab))
    return rank


def row_vector(vectors: Vectors, row: int) -> dict[str, float]:
    """One note's vector as ``pairing`` takes it: term -> weight, strongest first."""
    start, end = int(vectors.indptr[row]), int(vectors.indptr[row + 1])
    return {
        vectors.vocab[int(term)]: float(weight)
        for term, weight in zip(vectors.terms[start:end], vectors.weights[start:end], strict=True)
    }
