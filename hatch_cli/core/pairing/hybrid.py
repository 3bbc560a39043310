"""Pairs by words and meaning: the lexical cosine mixed with an embedding cosine. Pure.

A pair's hybrid score is ``(1 - w) * lexical + w * embedding``, both cosines in [0, 1]
(an embedding cosine below 0 counts as 0), the embedding cosine taken once the vault's
mean embedding is out of every note's (``centred``, where the measurements that chose it
are). The best pairs are found exactly, by chunks of
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
#: The vault's mean embedding is shrunk toward none as if this many more notes sat at the
#: origin (``centred``): in a vault of a few notes the mean is mostly those notes
#: themselves, and taking it all out would set them against each other (two notes would
#: come out opposite). On the dev corpora (412 to 1,161 notes) 0, 10 and 50 give the same
#: figures to within two notes' best partner.
MEAN_PRIOR_NOTES = 10


@dataclass(frozen=True)
class Scored:
    """A pair of rows with its hybrid score and the two scores it mixes."""

    a: int
    b: int
    score: float
    lexical: float
    embedding: float


def centred(embeddings: Any) -> Any:
    """The embeddings (unit rows, a float32 array) with the vault's mean embedding taken
    out of each and made unit rows again; a zero row (a note without an embedding) stays
    zero and is left out of the mean.

    Why: a sentence model puts every text of a kind in a narrow cone (all-MiniLM-L6-v2's
    cosines over the dev corpora's pairs average 0.13 to 0.33, twice the spread of the
    keyword cosines), and some notes sit near its axis, close to everything. What the
    notes of one vault share (their language, their field) is in every note's vector, as
    a word every note uses is in every keyword vector; the mean is the embedding's
    counterpart of the keywords' vault IDF. Out of the vectors, it leaves the direction
    that tells a note from the rest of this vault, and the cosine of two notes is how far
    they go the same way from the vault's centre (below 0: no nearer than two notes
    picked at random, counted as 0 by ``mix``).

    Measured with all-MiniLM-L6-v2 on the four dev corpora together (p@1 / MAP;
    benchmarks/README, issue 27). Mixed raw, no weight from 0.1 to 0.6 kept the hybrid at
    or above words alone on all four: til-dev's p@1 stayed under it up to 0.35
    (0.556-0.560 against 0.565), gov-dev's MAP from 0.4 up. Centred, the embedding alone
    is better on three (til-dev 0.579 / 0.395 against 0.556 / 0.374, ropensci-dev 0.683 /
    0.394 against 0.645 / 0.371; gov-dev's p@1 0.923 against 0.929), and every weight from
    0.375 to 0.425 keeps the hybrid at or above words alone and the embedding alone, raw
    or centred, on all four (``embedding.EMBED_WEIGHT``). Measured and not kept, each on
    the raw and the centred embeddings: the embedding rescaled to the keyword cosines'
    spread over the vault's pairs (in effect a weight per vault: one weight held,
    centred, with margins as thin); reciprocal rank fusion (til-dev's p@1 up to 0.604,
    but gov-dev's under words alone at every weight); each note's scores standardised
    (gov-dev under words alone at every weight, in p@1 or MAP); the top principal
    components taken out with the mean (the first costs gov-dev 0.024 MAP: the topics
    live there).
    """
    present = np.any(embeddings != 0, axis=1)
    n_present = int(np.count_nonzero(present))
    if not n_present:
        return embeddings
    # Zero rows add nothing to the sum; the prior's notes only to the count (the shrink).
    mean = embeddings.sum(axis=0, dtype=np.float64) / (n_present + MEAN_PRIOR_NOTES)
    out = embeddings - mean.astype(np.float32)  # the one copy (100,000 notes: 150 MB)
    out[~present] = 0.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out


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
    an all-zero row (a note without an embedding) scores by words alone. They are used as
    given: ``centred`` them first (``embedding.vault_embeddings`` does)."""
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
    cosine = np.einsum("ij,ij->i", embeddings[a], embeddings[b]).astype(np.float64)
    embedding = np.clip(cosine, 0.0, 1.0)  # what ``mix`` counts, as each pair shows it
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
