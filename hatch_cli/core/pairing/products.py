"""Sparse products of a vault's vectors, a chunk of rows at a time: every pair once, on
threads, scored exactly. The pieces ``topk``'s joins share. Pure.

Each chunk of ``CHUNK_ROWS`` notes meets only the rows after it (``UpperProducts``), the
chunks run on threads (``per_chunk``; the products release the GIL), each keeps only
what can still be among the best (``best_of``), and every listed pair is scored the one
way (``exact_scores``).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np

from hatch_cli.core.pairing.vectors import Vectors, as_csr

#: Rows per sparse product: bounds the memory of one chunk of scores.
CHUNK_ROWS = 256
R = TypeVar("R")


def per_chunk(function: Callable[[int], R], n_rows: int, workers: int) -> list[R]:
    """``function(start)`` for the first row of every chunk of ``CHUNK_ROWS``, in order.

    With ``workers`` > 1 the chunks run on that many threads: a chunk's time is spent in
    scipy's sparse product and numpy's array operations, which release the GIL, so two
    threads take about half the time (measured at 10,000 and 100,000 notes) without the
    copies and start-up of processes.
    """
    starts = range(0, n_rows, CHUNK_ROWS)
    if workers <= 1 or len(starts) < 2:
        return [function(start) for start in starts]
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        found = list(pool.map(function, starts))
    except BaseException:
        # Stopping (Ctrl-C, an error): no chunk starts after this, and none is waited for.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return found


class UpperProducts:
    """Scores of each chunk of rows with the rows after it: every pair once (a < b).

    A chunk's product with all rows would score each pair twice (once from either
    side) and throw half away. Instead the transposes of ``SUFFIXES`` row suffixes are
    kept (starting at chunk boundaries), and a chunk is multiplied with the last one that
    still holds all rows after it: about 6% of the work is thrown away, not 50%.
    """

    SUFFIXES = 8

    def __init__(self, matrix: Any) -> None:
        rows = matrix.shape[0]
        firsts = sorted(
            {
                rows * part // self.SUFFIXES // CHUNK_ROWS * CHUNK_ROWS
                for part in range(self.SUFFIXES)
            }
        )
        self.matrix = matrix
        self.suffixes = [(first, matrix[first:].T.tocsr()) for first in firsts]

    def pairs(self, start: int, at_least: float | None = None) -> tuple[Any, Any, Any]:
        """The entries (a, b, value) of the chunk from row ``start``, ``a < b`` (and
        ``value >= at_least``: that test comes first, so a caller that drops most entries
        pays for the rest only on the few it keeps)."""
        first, transposed = next(item for item in reversed(self.suffixes) if item[0] <= start)
        product = (self.matrix[start : start + CHUNK_ROWS] @ transposed).tocsr()
        if at_least is None:
            counts = np.diff(product.indptr)
            a = np.repeat(np.arange(start, start + len(counts), dtype=np.int64), counts)
            b = product.indices.astype(np.int64) + first
            values = product.data
        else:
            kept = np.flatnonzero(product.data >= at_least)
            a = np.searchsorted(product.indptr, kept, side="right") - 1 + start
            b = product.indices[kept].astype(np.int64) + first
            values = product.data[kept]
        upper = b > a
        return a[upper], b[upper], values[upper]


def best_of(
    a: Any, b: Any, score: Any, keep: int, dropped: list[float] | None = None
) -> tuple[Any, Any, Any]:
    """The ``keep`` best of these pairs in ``topk.ordered``'s order (all of them when 0); the
    best score of those left out goes to ``dropped``."""
    if not keep or len(score) <= keep:
        return a, b, score
    order = np.lexsort((b, a, -np.minimum(score, 1.0)))
    best = order[:keep]
    if dropped is not None:
        dropped.append(float(score[order[keep:]].max()))
    return a[best], b[best], score[best]


def top_terms(vectors: Vectors, count: int) -> Any:
    """Mask of each row's ``count`` strongest entries."""
    position = np.arange(len(vectors.rows), dtype=np.int64) - vectors.indptr[vectors.rows]
    return position < count


def masked_rows(vectors: Vectors, mask: Any) -> Any:
    """The vectors' matrix with only the ``mask``ed entries (weights unchanged)."""
    n_notes = len(vectors.indptr) - 1
    indptr = np.zeros(n_notes + 1, dtype=np.int64)
    np.cumsum(np.bincount(vectors.rows[mask], minlength=n_notes), out=indptr[1:])
    shape = (n_notes, len(vectors.vocab))
    return as_csr(vectors.weights[mask], vectors.terms[mask], indptr, shape)


def exact_scores(vectors: Vectors, a: Any, b: Any, batch: int = 65536) -> Any:
    """Exact cosines of the pairs (a[i], b[i]): how every listed pair is scored."""
    out = np.empty(len(a), dtype=np.float64)
    if not len(a):
        return out
    matrix = vectors.matrix
    for start in range(0, len(a), batch):
        left = matrix[a[start : start + batch]]
        right = matrix[b[start : start + batch]]
        out[start : start + batch] = np.asarray(left.multiply(right).sum(axis=1)).ravel()
    return out


def every_pair(
    vectors: Vectors, min_score: float, *, workers: int = 1, keep: int = 0
) -> tuple[Any, Any, Any]:
    """Every pair scoring above ``min_score`` as arrays (rows ``a``, ``b``, scores) in
    ``topk.ordered``'s order (each chunk's best ``keep`` only, when not 0): sparse products of
    ``CHUNK_ROWS`` notes at a time with all notes (C loops over an inverted index, never
    a dense N x N matrix)."""
    upper = UpperProducts(vectors.matrix)

    def chunk(start: int) -> tuple[Any, Any, Any]:
        a, b, score = upper.pairs(start)
        above = score > min_score
        return best_of(a[above], b[above], score[above], keep)

    found = per_chunk(chunk, vectors.matrix.shape[0], workers)
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float64)
    a, b, score = (np.concatenate([part[i] for part in found]) for i in range(3))
    return ordered_arrays(a, b, score, keep, min_score)


def ordered_arrays(
    a: Any, b: Any, score: Any, limit: int, min_score: float
) -> tuple[Any, Any, Any]:
    """The pairs scoring above ``min_score`` as arrays (rows ``a``, ``b``, scores), best
    first (full-precision score, capped at 1, then the row indices), the first ``limit``
    of them (all when 0): ``topk.ordered``'s order."""
    score = np.minimum(np.asarray(score, dtype=np.float64), 1.0)
    above = score > min_score
    a, b, score = np.asarray(a)[above], np.asarray(b)[above], score[above]
    order = np.lexsort((b, a, -score))
    if limit:
        order = order[:limit]
    return a[order].astype(np.int64), b[order].astype(np.int64), score[order]
