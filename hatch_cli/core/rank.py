"""Vault pairing: keyword vectors of many notes -> their best pairs. Pure: no I/O.

Every note's vector is ``pairing``'s vector (``top_vector(weights(terms, docfreq),
VECTOR_SIZE)``) with the vault's ``DocFreq``, so a pair's score is the same cosine that
``hatch combine a b --vault FOLDER`` reports. What this module adds is scale:

* the vectors are rows of one sparse matrix (at most ``VECTOR_SIZE`` terms a note), and
  scores come from sparse products over row chunks (an inverted index in C), so there is
  never an N x N dense matrix, nor a Python loop over pairs;
* only the best candidates of each chunk are kept, so memory stays flat as N grows.

It also knows what a vault repeats: ``unit_key`` reduces a line or block to its words,
and a unit that recurs verbatim in ``RECURRING_MIN_NOTES`` notes or more is template
text, dropped before a note's keywords are counted (``strip_recurring``). Words that
merely recur (in many notes, not verbatim) are weighed down by the vault ``DocFreq``.

numpy and scipy are imported inside the functions that need them, so importing this
module (as ``hatch combine`` may) costs nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hatch_cli.core.keywords import MIN_THEME_INFO, DocFreq, informativeness
from hatch_cli.core.pairing import VECTOR_SIZE, shared_terms
from hatch_cli.models import Note

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

#: A line or paragraph found verbatim in this many notes is template text, not content.
RECURRING_MIN_NOTES = 3
#: Shared keywords listed per pair.
SHARED_LIMIT = 10
#: Rows per sparse product: bounds the memory of one chunk of scores.
CHUNK_ROWS = 1024

_UNIT_WORD = re.compile(r"[^\W_]+")
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+", re.IGNORECASE)
_LIST_MARK = re.compile(r"^\s*(?:(?:[-*+>]|#{1,6}|\d{1,9}[.)])\s+)+")
_WIKI_ALIAS = re.compile(r"\[\[[^\]|]*\|")


def unit_key(text: str) -> str:
    """A line or block reduced to its lowercase words: how recurring text is recognised."""
    return " ".join(_UNIT_WORD.findall(text.lower()))


def _hash(key: str) -> int:
    # A stable hash (not hash()): workers and runs must agree on it.
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


def _line_key(line: str) -> str:
    line = _LIST_MARK.sub("", line)
    line = _WIKI_ALIAS.sub("[[", line)  # [[target|alias]] reads as its alias
    line = _URL.sub(" ", _LINK_TARGET.sub("]", line))
    return unit_key(line)


def unit_hashes(markdown: str) -> set[int]:
    """Hashes of a note's units: each line, and each paragraph of two or more lines."""
    found: set[int] = set()
    group: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        key = _line_key(line) if line.strip() else ""
        if key:
            found.add(_hash(key))
            group.append(key)
            continue
        if len(group) > 1:
            found.add(_hash(" ".join(group)))
        group = []
    return found


def strip_recurring(note: Note, recurring: frozenset[int]) -> Note:
    """The note without the blocks whose text recurs across the vault."""
    if not recurring:
        return note
    kept = tuple(
        block
        for block in note.blocks
        if not (key := unit_key(block.text)) or _hash(key) not in recurring
    )
    return note if len(kept) == len(note.blocks) else dataclasses.replace(note, blocks=kept)


# --------------------------------------------------------------------------- vectors


@dataclass(frozen=True)
class Vectors:
    """Every note's normalised keyword vector, as the rows of a CSR matrix."""

    matrix: Any  # scipy.sparse.csr_matrix, n_notes x n_terms, rows sorted strongest first
    vocab: Sequence[str]


def factor_table(df: npt.NDArray[np.int64], n_docs: int) -> npt.NDArray[np.float64]:
    """``DocFreq.factor`` of every term, computed once per distinct document frequency."""
    import numpy as np

    values, inverse = np.unique(df, return_inverse=True)
    per_value = [DocFreq(n_docs, {"": int(value)}).factor("") for value in values]
    return np.asarray(per_value, dtype=np.float64)[inverse]


def build_vectors(
    indptr: npt.NDArray[np.int64],
    terms: npt.NDArray[np.int32],
    prior: npt.NDArray[np.float64],
    vocab: Sequence[str],
    *,
    size: int = VECTOR_SIZE,
) -> Vectors:
    """Vault vectors from each note's prior weights: scale by the vault ``DocFreq``, keep
    the ``size`` strongest terms (ties by term, as ``top_vector``), L2-normalise."""
    import numpy as np
    from scipy import sparse  # type: ignore[import-untyped]

    n_notes = len(indptr) - 1
    df = np.bincount(terms, minlength=len(vocab)).astype(np.int64)
    weight = prior * factor_table(df, n_notes)[terms]
    rows = np.repeat(np.arange(n_notes, dtype=np.int64), np.diff(indptr))
    rank = term_order(vocab)
    order = np.lexsort((rank[terms], -weight, rows))
    position = np.arange(len(order), dtype=np.int64) - indptr[rows]
    keep = order[position < size]
    kept_rows, kept_terms, kept_weight = rows[keep], terms[keep], weight[keep]
    norms = np.sqrt(np.bincount(kept_rows, weights=kept_weight * kept_weight, minlength=n_notes))
    norms[norms == 0] = 1.0
    new_indptr = np.zeros(n_notes + 1, dtype=np.int64)
    np.cumsum(np.bincount(kept_rows, minlength=n_notes), out=new_indptr[1:])
    matrix = sparse.csr_matrix(
        (kept_weight / norms[kept_rows], kept_terms, new_indptr), shape=(n_notes, len(vocab))
    )
    return Vectors(matrix=matrix, vocab=vocab)


def term_order(vocab: Sequence[str]) -> npt.NDArray[np.int64]:
    """Rank of each term in sorted order: the tie-break of ``top_vector``."""
    import numpy as np

    rank = np.empty(len(vocab), dtype=np.int64)
    rank[sorted(range(len(vocab)), key=vocab.__getitem__)] = np.arange(len(vocab))
    return rank


def row_vector(vectors: Vectors, row: int) -> dict[str, float]:
    """One note's vector as ``pairing`` takes it: term -> weight, strongest first."""
    matrix = vectors.matrix
    start, end = int(matrix.indptr[row]), int(matrix.indptr[row + 1])
    return {
        vectors.vocab[int(term)]: float(weight)
        for term, weight in zip(matrix.indices[start:end], matrix.data[start:end], strict=True)
    }


# --------------------------------------------------------------------------- pairs


@dataclass(frozen=True)
class Candidate:
    """A pair of notes (row indices, ``a < b``) and its score."""

    a: int
    b: int
    score: float


def best_pairs(
    vectors: Vectors, *, limit: int, min_score: float = 0.0, rows: Iterable[int] | None = None
) -> list[Candidate]:
    """The ``limit`` best pairs above ``min_score`` (every one when ``limit`` is 0).

    With ``rows``, only pairs that involve one of those notes (``--for``). Order: score
    (rounded to 4 places, as printed) descending, then row indices, i.e. paths when the
    rows are sorted by path.
    """
    import numpy as np

    matrix = vectors.matrix
    n_notes = matrix.shape[0]
    transposed = matrix.T.tocsr()
    chosen = sorted(set(rows)) if rows is not None else None
    found_a: list[npt.NDArray[np.int64]] = []
    found_b: list[npt.NDArray[np.int64]] = []
    found_s: list[npt.NDArray[np.float64]] = []
    floor = min_score
    query_rows = np.asarray(chosen if chosen is not None else range(n_notes), dtype=np.int64)
    for start in range(0, len(query_rows), CHUNK_ROWS):
        block = query_rows[start : start + CHUNK_ROWS]
        product = (matrix[block] @ transposed).tocoo()
        a = block[product.row]
        b = product.col.astype(np.int64)
        score = product.data
        # Each unordered pair once: for --for, every partner; otherwise only b > a.
        mask = (b != a) & (score > floor)
        if chosen is None:
            mask &= b > a
        a, b, score = a[mask], b[mask], score[mask]
        if limit and len(score) > limit:
            # Keep a chunk's best (with ties and a rounding margin), raise the floor.
            cut = np.partition(score, len(score) - limit)[len(score) - limit]
            keep = score >= cut - 1e-4
            a, b, score = a[keep], b[keep], score[keep]
        found_a.append(a)
        found_b.append(b)
        found_s.append(score)
        if limit:
            every = np.concatenate(found_s)
            if len(every) > limit:
                cut = float(np.partition(every, len(every) - limit)[len(every) - limit])
                floor = max(floor, cut - 1e-4)
    if not found_s:
        return []
    all_a, all_b, all_s = np.concatenate(found_a), np.concatenate(found_b), np.concatenate(found_s)
    if chosen is not None:
        # --for: the partner is b; put the pair in path order.
        all_a, all_b = np.minimum(all_a, all_b), np.maximum(all_a, all_b)
        pairs = {(int(x), int(y)): float(s) for x, y, s in zip(all_a, all_b, all_s, strict=True)}
        triples = [(x, y, s) for (x, y), s in pairs.items()]
    else:
        triples = [
            (int(x), int(y), float(s)) for x, y, s in zip(all_a, all_b, all_s, strict=True)
        ]
    triples = [(x, y, min(1.0, s)) for x, y, s in triples if s > min_score]
    triples.sort(key=lambda item: (-round(item[2], 4), item[0], item[1]))
    if limit:
        triples = triples[:limit]
    return [Candidate(x, y, s) for x, y, s in triples]


def pair_shared(
    va: Mapping[str, float],
    vb: Mapping[str, float],
    display: Callable[[str], str],
    lang: str,
    *,
    limit: int = SHARED_LIMIT,
) -> list[str]:
    """Display forms of the keywords two vectors share, strongest first, as ``combine``
    lists them: too-common words left out, a word left out when a phrase has it."""
    shared = [
        term
        for term, _ in shared_terms([va, vb])
        if informativeness(term, lang) >= MIN_THEME_INFO
    ]
    chosen: list[str] = []
    for term in shared:
        words = set(term.split(" "))
        if any(words <= set(other.split(" ")) for other in chosen):
            continue
        chosen = [other for other in chosen if not set(other.split(" ")) < words]
        chosen.append(term)
    return [display(term) for term in chosen[:limit]]


# --------------------------------------------------------------------------- links

_LINK_EXT = re.compile(r"\.(?:md|markdown)$", re.IGNORECASE)


def link_key(target: str) -> str:
    """What a link names: its last path part, without anchor, extension or case."""
    from urllib.parse import unquote

    target = unquote(target.split("#", 1)[0].split("?", 1)[0]).strip().rstrip("/")
    return _LINK_EXT.sub("", target.rsplit("/", 1)[-1]).strip().lower()


def linked_pairs(
    paths: Sequence[str], titles: Sequence[str], links: Sequence[Sequence[str]]
) -> set[tuple[int, int]]:
    """Pairs of notes (row indices, ``a < b``) where either links to the other, by file
    name (``[[note]]``, ``[x](note.md)``, ``[x](../dir/note.md)``) or by title."""
    names: dict[str, list[int]] = {}
    for row, (path, title) in enumerate(zip(paths, titles, strict=True)):
        for key in {link_key(path), title.strip().lower()}:
            if key:
                names.setdefault(key, []).append(row)
    found: set[tuple[int, int]] = set()
    for row, targets in enumerate(links):
        for target in targets:
            if "://" in target or target.startswith("mailto:"):
                continue
            for other in names.get(link_key(target), ()):
                if other != row:
                    found.add((min(row, other), max(row, other)))
    return found
