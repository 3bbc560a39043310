"""Vault pairing: keyword vectors of many notes -> their best pairs. Pure: no I/O.

Every note's vector is ``pairing``'s vector (``top_vector(weights(terms, docfreq),
VECTOR_SIZE)``) with the vault's ``DocFreq``, computed for all notes at once by
``keywords.vault_weights``, so a pair's score is the same cosine that ``hatch combine a b
--vault FOLDER`` reports. What this module adds is scale:

* the vectors are rows of one sparse matrix (at most ``VECTOR_SIZE`` terms a note), and
  scores come from sparse products over row chunks (an inverted index in C), so there is
  never an N x N dense matrix, nor a Python loop over pairs; each chunk meets only the
  rows after it, and chunks run on threads (the products release the GIL);
* for the best ``limit`` pairs, a seed floor and a prefix join on each note's rarer terms
  (``best_pairs``) skip most pairs yet stay exact; what is left per chunk is small, so
  memory stays flat as N grows. The join still grows faster than N when thousands of
  notes share one topic's words (see benchmarks/README.md).

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from hatch_cli.core.keywords import MIN_THEME_INFO, informativeness
from hatch_cli.core.pairing import VECTOR_SIZE, naming_floor, shared_terms
from hatch_cli.models import Note

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

#: A line or paragraph found verbatim in this many notes is template text, not content.
RECURRING_MIN_NOTES = 3
#: Shared keywords listed per pair.
SHARED_LIMIT = 10
#: Rows per sparse product: bounds the memory of one chunk of scores.
CHUNK_ROWS = 256

R = TypeVar("R")

_UNIT_WORD = re.compile(r"[^\W_]+")
# What a line of Markdown source holds besides its words. Applied to a whole note at once,
# so none of them may match across a line end ([^\S\n]: whitespace but a newline).
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:[^\S\n]+\"[^\"\n]*\")?\)")
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+", re.IGNORECASE)
_LIST_MARK = re.compile(r"^[^\S\n]*(?:(?:[-*+>]|#{1,6}|\d{1,9}[.)])[^\S\n]+)+", re.MULTILINE)
_WIKI_ALIAS = re.compile(r"\[\[[^\]|\n]*\|")


def unit_key(text: str) -> str:
    """A line or block reduced to its lowercase words: how recurring text is recognised."""
    return " ".join(_UNIT_WORD.findall(text.lower()))


def _hash(key: str) -> int:
    # A stable hash (not hash()): workers and runs must agree on it.
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


def unit_hashes(markdown: str) -> set[int]:
    """Hashes of a note's units: each line, and each paragraph of two or more lines.

    A line's unit is its words without list or heading marks, link targets and URLs
    (``[[target|alias]]`` reads as its alias). The marks are removed from the whole
    note in three regex passes rather than three per line (URLs only from the lines that
    have one): this runs on every note of a vault before anything else.
    """
    text = _LIST_MARK.sub("", "\n".join(markdown.splitlines()))
    text = _WIKI_ALIAS.sub("[[", text)
    text = _LINK_TARGET.sub("]", text).lower()
    found: set[int] = set()
    group: list[str] = []
    words = _UNIT_WORD.findall
    for line in [*text.split("\n"), ""]:
        if "://" in line or "www." in line:  # on the whole note, a third of the time
            line = _URL.sub(" ", line)
        key = " ".join(words(line))
        if key:
            found.add(_hash(key))
            group.append(key)
            continue
        if len(group) > 1:
            found.add(_hash(" ".join(group)))
        group = []
    return found


def block_units(note: Note) -> list[int]:
    """The unit hash of each of a note's blocks (-1 for a block with no words): what
    ``strip_recurring`` looks up."""
    return [_hash(key) if (key := unit_key(block.text)) else -1 for block in note.blocks]


def strip_recurring(
    note: Note, recurring: frozenset[int], units: Sequence[int] | None = None
) -> Note:
    """The note without the blocks whose text recurs across the vault (``units``: its
    ``block_units``, when the caller has them already)."""
    if not recurring:
        return note
    if units is None:
        units = block_units(note)
    kept = tuple(
        block for block, unit in zip(note.blocks, units, strict=True) if unit not in recurring
    )
    return note if len(kept) == len(note.blocks) else dataclasses.replace(note, blocks=kept)


# --------------------------------------------------------------------------- vectors


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


def build_vectors(
    indptr: npt.NDArray[np.int64],
    terms: npt.NDArray[np.int32],
    weight: npt.NDArray[np.float64],
    vocab: Sequence[str],
    *,
    size: int = VECTOR_SIZE,
) -> Vectors:
    """Vault vectors from each note's term weights (``keywords.vault_weights``): keep the
    ``size`` strongest terms that weigh anything (ties by term, as ``top_vector``),
    L2-normalise."""
    import numpy as np

    n_notes = len(indptr) - 1
    rows = np.repeat(np.arange(n_notes, dtype=np.int64), np.diff(indptr))
    order = strongest_first(rows, weight, term_order(vocab)[terms])
    position = np.arange(len(order), dtype=np.int64) - indptr[rows]
    keep = order[(position < size) & (weight[order] > 0)]  # a term weighing nothing is left out
    kept_rows, kept_terms, kept_weight = rows[keep], terms[keep], weight[keep]
    norms = np.sqrt(np.bincount(kept_rows, weights=kept_weight * kept_weight, minlength=n_notes))
    norms[norms == 0] = 1.0
    new_indptr = np.zeros(n_notes + 1, dtype=np.int64)
    np.cumsum(np.bincount(kept_rows, minlength=n_notes), out=new_indptr[1:])
    normalised = kept_weight / norms[kept_rows]
    return Vectors(
        indptr=new_indptr,
        rows=kept_rows,
        terms=kept_terms,
        weights=normalised,
        vocab=vocab,
        matrix=_csr(normalised, kept_terms, new_indptr, (n_notes, len(vocab))),
    )


def strongest_first(rows: Any, weight: Any, tie_rank: Any) -> Any:
    """The order of entries by row, then weight (descending), then ``tie_rank``: the order
    of ``np.lexsort((tie_rank, -weight, rows))``, in two sorts instead of three.

    Equal weights in a row (about one entry in seven: unknown words weigh the same) are
    put in ``tie_rank`` order afterwards, by a sort of those entries only. At 100,000
    notes (10 million entries) this takes 2.5 s where the lexsort took 4.
    """
    import numpy as np

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


def _csr(data: Any, indices: Any, indptr: Any, shape: tuple[int, int]) -> Any:
    from scipy import sparse  # type: ignore[import-untyped]

    return sparse.csr_matrix((data.copy(), indices.copy(), indptr.copy()), shape=shape)


def term_order(vocab: Sequence[str]) -> npt.NDArray[np.int64]:
    """Rank of each term in sorted order: the tie-break of ``top_vector``."""
    import numpy as np

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


# --------------------------------------------------------------------------- pairs

#: Strongest terms per note that the seed pass joins on (see ``best_pairs``).
SEED_TERMS = 3
#: Pairs of each chunk the seed pass scores exactly (more when ``limit`` asks for more).
#: At 10,000 notes, 400 raised the seed's floor from 0.76 (20) to 0.81 of the true 0.82.
SEED_KEEP = 400
#: The common terms a note leaves out of the join weigh at most this share of the floor.
#: Leaving out less (a longer rare part) costs a bigger product but leaves fewer pairs to
#: score exactly. best_pairs on 2 threads, by share (0.8 / 0.85 / 0.9 / 0.95 / 1.0): 10,000
#: notes 0.35 / 0.31 / 0.31 / 0.33 / 0.49 s; 100,000 notes (0.85 / 0.9 / 0.95) 13.5 / 13.0
#: / 14.2 s (with both bounds of ``_rare_join``).
LEFT_OUT_SHARE = 0.9
_SLACK = 1e-9


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
    must reach. Then a prefix join (``_rare_join``) finds every pair that can reach it,
    comparing only the rarer terms of each note, and scores those exactly. Sparse products
    of ``CHUNK_ROWS`` notes at a time: never a dense N x N matrix, nor a loop over pairs.
    The chunks run on ``workers`` threads (see ``_per_chunk``); the answer is the same.
    Order: score (rounded to 4 places, as printed) descending, then row indices.
    """
    import numpy as np

    floor = min_score
    if limit:
        seed = _seed_scores(vectors, keep=max(SEED_KEEP, 2 * limit), workers=workers)
        if len(seed) >= limit:
            floor = max(min_score, float(np.sort(seed)[-limit]) - 1e-4)
    if floor <= 0:
        return _all_pairs(vectors, limit, min_score, workers=workers)
    found = _rare_join(vectors, floor, workers=workers)
    if not len(found[2]):
        return []
    return _ordered(*found, limit, min_score)


def _seed_scores(vectors: Vectors, *, keep: int, workers: int = 1) -> Any:
    """Exact scores of some real pairs, found cheaply: notes sharing one of their
    ``SEED_TERMS`` strongest terms, the ``keep`` best of each chunk by that shared part."""
    import numpy as np

    strong = _masked_rows(vectors, _top_terms(vectors, SEED_TERMS))
    upper = _UpperProducts(strong)

    def chunk(start: int) -> Any:
        a, b, partial = upper.pairs(start)
        if len(partial) > keep:
            best = np.argpartition(partial, len(partial) - keep)[len(partial) - keep :]
            a, b = a[best], b[best]
        return _dots(vectors, a, b)

    found = _per_chunk(chunk, strong.shape[0], workers)
    return np.concatenate(found) if found else np.zeros(0)


def _rare_join(vectors: Vectors, threshold: float, *, workers: int = 1) -> tuple[Any, Any, Any]:
    """Every pair (a < b) scoring at least ``threshold``, with its score.

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
    import numpy as np

    mask, left_out, starts = _rare_parts(vectors, LEFT_OUT_SHARE * threshold)
    rare = _masked_rows(vectors, mask)
    upper = _UpperProducts(rare)
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
        score = _dots(vectors, a, b)
        good = score >= threshold - _SLACK
        return a[good], b[good], score[good]

    found = _per_chunk(chunk, rare.shape[0], workers)
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
    import numpy as np

    rare_norm_sq = np.maximum(1.0 - left_out * left_out, 1e-12)
    rest = np.maximum(1e-12, 1.0 - partial * partial / rare_norm_sq)
    return partial + left_out * np.sqrt(rest)


class _PrefixNorms:
    """For each note, the norm of its entries on terms commoner than a given one (bucketed).

    In ``_rare_join``, what the later note ``x`` left out holds only terms commoner than
    where its rare part starts, so it adds at most its norm times the other note's norm
    on those terms. That norm is kept per note at ``buckets`` rank boundaries (quantiles of
    where rare parts start); a lookup takes the first boundary at or after ``x``'s start,
    which counts a few terms too many: never less than the true norm, so the bound holds.
    Stored as float32 rounded up; the table has at most about 8 million cells.
    """

    def __init__(self, vectors: Vectors, starts: Any) -> None:
        import numpy as np

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
    import numpy as np

    df = np.bincount(vectors.terms, minlength=len(vectors.vocab))
    by_commonness = np.lexsort((np.arange(len(df)), -df))
    commonness = np.empty(len(df), dtype=np.int64)
    commonness[by_commonness] = np.arange(len(df))
    return commonness


def _rare_parts(vectors: Vectors, left_out_norm: float) -> tuple[Any, Any, Any]:
    """For ``_rare_join``: the mask of every note's rare part (all but its commonest terms,
    whose weights have norm below ``left_out_norm``), the norm each note left out, and
    the global rank (0: commonest) of the term where each note's rare part starts."""
    import numpy as np

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
    """Every pair scoring above ``min_score``: sparse products of ``CHUNK_ROWS`` notes at a
    time with all notes (C loops over an inverted index, never a dense N x N matrix)."""
    import numpy as np

    upper = _UpperProducts(vectors.matrix)

    def chunk(start: int) -> tuple[Any, Any, Any]:
        a, b, score = upper.pairs(start)
        keep = score > min_score
        return a[keep], b[keep], score[keep]

    found = _per_chunk(chunk, vectors.matrix.shape[0], workers)
    if not found:
        return []
    a, b, score = (np.concatenate([part[i] for part in found]) for i in range(3))
    return _ordered(a, b, score, limit, min_score)


def _per_chunk(function: Callable[[int], R], n_rows: int, workers: int) -> list[R]:
    """``function(start)`` for the first row of every chunk of ``CHUNK_ROWS``, in order.

    With ``workers`` > 1 the chunks run on that many threads: a chunk's time is spent in
    scipy's sparse product and numpy's array operations, which release the GIL, so two
    threads take about half the time (measured at 10,000 and 100,000 notes) without the
    copies and start-up of processes.
    """
    starts = range(0, n_rows, CHUNK_ROWS)
    if workers <= 1 or len(starts) < 2:
        return [function(start) for start in starts]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, starts))


class _UpperProducts:
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
        import numpy as np

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


def partners(vectors: Vectors, row: int, *, limit: int, min_score: float = 0.0) -> list[Candidate]:
    """The best partners of one note (``--for``): one sparse row product, exact."""
    import numpy as np

    product = (vectors.matrix[[row]] @ vectors.matrix.T).tocoo()
    others = product.col.astype(np.int64)
    mask = others != row
    others, score = others[mask], product.data[mask]
    a, b = np.minimum(others, row), np.maximum(others, row)
    return _ordered(a, b, score, limit, min_score)


def _ordered(a: Any, b: Any, score: Any, limit: int, min_score: float) -> list[Candidate]:
    triples = [
        (int(x), int(y), min(1.0, float(s)))
        for x, y, s in zip(a, b, score, strict=True)
        if s > min_score
    ]
    triples.sort(key=lambda item: (-round(item[2], 4), item[0], item[1]))
    if limit:
        triples = triples[:limit]
    return [Candidate(x, y, s) for x, y, s in triples]


def _top_terms(vectors: Vectors, count: int) -> Any:
    """Mask of each row's ``count`` strongest entries."""
    import numpy as np

    position = np.arange(len(vectors.rows), dtype=np.int64) - vectors.indptr[vectors.rows]
    return position < count


def _masked_rows(vectors: Vectors, mask: Any) -> Any:
    """The vectors' matrix with only the ``mask``ed entries (weights unchanged)."""
    import numpy as np

    n_notes = len(vectors.indptr) - 1
    indptr = np.zeros(n_notes + 1, dtype=np.int64)
    np.cumsum(np.bincount(vectors.rows[mask], minlength=n_notes), out=indptr[1:])
    shape = (n_notes, len(vectors.vocab))
    return _csr(vectors.weights[mask], vectors.terms[mask], indptr, shape)


def _dots(vectors: Vectors, a: Any, b: Any, batch: int = 65536) -> Any:
    """Exact cosines of the pairs (a[i], b[i])."""
    import numpy as np

    out = np.empty(len(a), dtype=np.float64)
    if not len(a):
        return out
    matrix = vectors.matrix
    for start in range(0, len(a), batch):
        left = matrix[a[start : start + batch]]
        right = matrix[b[start : start + batch]]
        out[start : start + batch] = np.asarray(left.multiply(right).sum(axis=1)).ravel()
    return out


def pair_shared(
    va: Mapping[str, float],
    vb: Mapping[str, float],
    display: Callable[[str], str],
    langs: Sequence[str],
    *,
    limit: int = SHARED_LIMIT,
) -> list[str]:
    """Display forms of the keywords two vectors share, strongest first, as ``combine``
    lists them: too-common words left out, a word left out when a phrase has it, and none
    when the strongest carries less than ``naming_floor``."""
    found = [
        (term, part)
        for term, part in shared_terms([va, vb])
        if max(informativeness(term, lang) for lang in langs) >= MIN_THEME_INFO
    ]
    if not found or found[0][1] < naming_floor([va, vb]):
        return []
    shared = [term for term, _ in found]
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
