"""Pairs by words and meaning: the lexical cosine mixed with an embedding cosine. Pure.

A pair's hybrid score is ``(1 - w) * lexical + w * embedding``, both cosines in [0, 1]
(an embedding cosine below 0 counts as 0). The best pairs are found exactly, by chunks of
rows multiplied with the rows after them (the embeddings densely, the keyword vectors
sparsely), up to ``EXACT_MAX_NOTES`` notes; above that, each note's nearest neighbours by
meaning (an approximate index, ``usearch``) and its best partners by words are the
candidates, and only they are scored. usearch (the ``embed`` extra) is imported only
there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from hatch_cli.core.pairing import topk
from hatch_cli.core.pairing.products import CHUNK_ROWS, exact_scores
from hatch_cli.core.pairing.vectors import Vectors

#: Up to this many notes every pair is scored (chunked products: 10,000 notes take about a
#: second on two cores); above it, candidates come from an approximate index.
EXACT_MAX_NOTES = 20_000
#: Nearest neighbours by meaning each note brings as candidates above ``EXACT_MAX_NOTES``.
NEIGHBOURS = 32


@dataclass(frozen=True)
class Scored:
    """A pair of rows with its hybrid score and the two scores it mixes."""

    a: int
    b: int
    score: float
    lexical: float
    embedding: float


def mix(lexical: Any, embedding: Any, weight: float) -> Any:
    """The hybrid score of arrays of lexical and embedding cosines."""
    return (1.0 - weight) * lexical + weight * np.clip(embedding, 0.0, 1.0)


def best_pairs(
    vectors: Vectors,
    embeddings: Any,
    *,
    weight: float,
    limit: int,
    min_score: float = 0.0,
    row: int | None = None,
    exact_max: int | None = None,
) -> list[Scored]:
    """The ``limit`` best pairs (all when 0) by hybrid score above ``min_score``; of note
    ``row`` only, if given. ``embeddings`` is a float32 array (notes x dims) of unit rows;
    an all-zero row (a note without an embedding) scores by words alone."""
    n_notes = embeddings.shape[0]
    if row is not None:
        others = np.array([i for i in range(n_notes) if i != row], dtype=np.int64)
        a, b = np.minimum(others, row), np.maximum(others, row)
        return _ordered(*_scored(vectors, embeddings, a, b, weight), limit, min_score)
    if n_notes <= (EXACT_MAX_NOTES if exact_max is None else exact_max):
        return _exact(vectors, embeddings, weight, limit, min_score)
    a, b = _candidates(vectors, embeddings, limit)
    return _ordered(*_scored(vectors, embeddings, a, b, weight), limit, min_score)


def _scored(
    vectors: Vectors, embeddings: Any, a: Any, b: Any, weight: float
) -> tuple[Any, Any, Any, Any, Any]:
    lexical = exact_scores(vectors, a, b)
    embedding = np.einsum("ij,ij->i", embeddings[a], embeddings[b]).astype(np.float64)
    return a, b, mix(lexical, embedding, weight), lexical, embedding


def _exact(
    vectors: Vectors, embeddings: Any, weight: float, limit: int, min_score: float
) -> list[Scored]:
    """Every pair scored, a chunk of rows at a time against the rows after it; each chunk
    keeps its ``limit`` best (or all above ``min_score``), so memory stays flat."""
    n_notes = embeddings.shape[0]
    matrix = vectors.matrix
    kept: list[tuple[Any, Any]] = []
    for start in range(0, n_notes, CHUNK_ROWS):
        end = min(start + CHUNK_ROWS, n_notes)
        dense = embeddings[start:end] @ embeddings[start:].T
        lexical = (matrix[start:end] @ matrix[start:].T).toarray()
        # Row i of the chunk is note start + i, column j note start + j: keep j > i.
        flat = np.triu(mix(lexical, dense, weight), k=1).ravel()
        if limit and flat.size > limit:
            best = np.argpartition(flat, flat.size - limit)[flat.size - limit :]
        else:
            best = np.arange(flat.size)
        best = best[flat[best] > min_score]
        rows, cols = np.divmod(best, n_notes - start)
        kept.append((rows + start, cols + start))
    if not kept:
        return []
    a = np.concatenate([part[0] for part in kept]).astype(np.int64)
    b = np.concatenate([part[1] for part in kept]).astype(np.int64)
    return _ordered(*_scored(vectors, embeddings, a, b, weight), limit, min_score)


def _candidates(vectors: Vectors, embeddings: Any, limit: int) -> tuple[Any, Any]:
    """Above ``EXACT_MAX_NOTES``: each note's nearest neighbours by meaning (usearch) and
    the best pairs by words, as row pairs ``a < b``."""
    from usearch.index import Index  # the embed extra: only a vault this big needs it

    n_notes, dims = embeddings.shape
    index = Index(ndim=dims, metric="ip", dtype="f32")
    keys = np.arange(n_notes, dtype=np.uint64)
    index.add(keys, embeddings)
    found = index.search(embeddings, NEIGHBOURS + 1)
    rows = np.repeat(np.arange(n_notes, dtype=np.int64), found.keys.shape[1])
    cols = found.keys.reshape(-1).astype(np.int64)
    valid = (cols != rows) & (cols < n_notes)
    rows, cols = rows[valid], cols[valid]
    words = topk.best_pairs(vectors, limit=max(limit, n_notes) * 2)
    rows = np.concatenate([rows, [c.a for c in words]]).astype(np.int64)
    cols = np.concatenate([cols, [c.b for c in words]]).astype(np.int64)
    a, b = np.minimum(rows, cols), np.maximum(rows, cols)
    unique = np.unique(a * n_notes + b)
    return unique // n_notes, unique % n_notes


def _ordered(
    a: Any, b: Any, score: Any, lexical: Any, embedding: Any, limit: int, min_score: float
) -> list[Scored]:
    """Best first (full-precision score, then rows), above ``min_score``, ``limit`` of them."""
    items = [
        Scored(int(x), int(y), min(1.0, float(s)), float(lex), float(emb))
        for x, y, s, lex, emb in zip(a, b, score, lexical, embedding, strict=True)
        if s > min_score
    ]
    items.sort(key=lambda item: (-item.score, item.a, item.b))
    return items[:limit] if limit else items
