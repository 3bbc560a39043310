"""The last ranking of a vault, kept in the cache: its vectors and its candidate pairs.

A rerun of ``hatch pairs`` on a vault that did not change has the same vectors (building
them sorts every entry of the vault: seconds at 100,000 notes) and the same best pairs; a
rerun after an edit has nearly the same, and ``core.pairing.reuse`` proves from the last run's
candidate pairs which pairs are best without ranking the vault again. This module stores
and finds them (one entry a vault, next to its snapshot), knowing notes by their keys
(``Vault.keys``), so that rows may move between runs. Anything that does not decode to
what ``encode`` wrote, or a vault whose notes can't be told apart by key, means ranking
from scratch: the answer is the same either way.
"""

from __future__ import annotations

import hashlib
import os
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from hatch_cli.core.pairing.vectors import Vectors, as_csr
from hatch_cli.vault.cache_entries import CacheSpace
from hatch_cli.vault.stored_fields import field_pieces, read_fields

if TYPE_CHECKING:
    from hatch_cli.core.pairing.topk import Candidates
    from hatch_cli.vault.arrays import Vault
    from hatch_cli.vault.cache import NoteCache

_VERSION = "hatch-ranking-2"


@dataclass
class Memo:
    """A vault's vectors as last ranked (``keys`` of its rows, its ``vocab``, the vectors'
    arrays) and the candidate pairs of each (limit, min_score) asked."""

    keys: list[bytes]
    state: bytes  # what else the vectors depend on: the vault's template text
    vocab: list[str]
    indptr: Any
    terms: Any
    weights: Any
    candidates: dict[tuple[int, float], tuple[Any, Any, Any, float]] = field(default_factory=dict)


def memo_name(cache: NoteCache, vault: Vault) -> bytes:
    return cache.key(CacheSpace.RANKING, vault.name)


def vault_state(vault: Vault) -> bytes:
    """A hash of the vault's recurring text (what, besides its notes, its vectors follow)."""
    return hashlib.blake2b(array("Q", sorted(vault.recurring)).tobytes(), digest_size=16).digest()


def usable(vault: Vault) -> bool:
    """Whether the vault's notes can be told apart by key (each has one, and only one)."""
    return bool(vault.name) and b"" not in vault.keys and len(set(vault.keys)) == len(vault.keys)


def load(cache: NoteCache, vault: Vault) -> Memo | None:
    """The memo of this vault's last ranking, if there is a good one."""
    if not usable(vault) or not os.path.exists(cache.path):
        return None
    reader = cache.reader()
    try:
        value = reader.vault(memo_name(cache, vault))
    finally:
        reader.close()
    if value is None:
        return None
    try:
        return _decode(read_fields(value))
    except Exception:  # damaged or foreign: rank from scratch
        return None


def save(cache: NoteCache, vault: Vault, vectors: Vectors, memo: Memo) -> None:
    """Store ``memo`` (this run's ranking) for the next run; not when the cache file is
    gone (reading found it damaged and deleted it: the next run starts a new one)."""
    if not usable(vault) or not os.path.exists(cache.path):
        return
    writer = cache.writer()
    try:
        writer.put_vault(memo_name(cache, vault), _encode(memo))
    finally:
        writer.close(prune=False)


def of(vault: Vault, vectors: Vectors) -> Memo:
    """A memo of this run's vectors (candidates are added as pairs are ranked)."""
    return Memo(
        keys=list(vault.keys),
        state=vault_state(vault),
        vocab=list(vault.vocab),
        indptr=np.asarray(vectors.indptr, dtype=np.int64),
        terms=np.asarray(vectors.terms, dtype=np.int32),
        weights=np.asarray(vectors.weights, dtype=np.float64),
    )


def same_vault(memo: Memo, vault: Vault) -> bool:
    """Whether the memo's vectors are this vault's: the same notes in the same order, the
    same template text and vocabulary."""
    return (
        memo.keys == vault.keys and memo.state == vault_state(vault) and memo.vocab == vault.vocab
    )


def vectors_of(memo: Memo, vault: Vault) -> Vectors:
    """The memo's vectors, for the same vault (``same_vault``)."""
    n_notes = len(memo.indptr) - 1
    rows = np.repeat(np.arange(n_notes, dtype=np.int64), np.diff(memo.indptr))
    return Vectors(
        indptr=memo.indptr,
        rows=rows,
        terms=memo.terms,
        weights=memo.weights,
        vocab=vault.vocab,
        matrix=as_csr(memo.weights, memo.terms, memo.indptr, (n_notes, len(vault.vocab))),
    )


def previous_candidates(
    memo: Memo, vault: Vault, vectors: Vectors, limit: int, min_score: float, same: bool
) -> tuple[Candidates, Any] | None:
    """The last run's candidates for (limit, min_score) in this run's rows, and how far
    each note's vector drifted since (``core.pairing.reuse.drift``; nowhere when the vault is the
    ``same``); None without them."""
    # reuse and topk: only a rerun that reuses its candidates (``ranking.Ranking``).
    from hatch_cli.core.pairing.reuse import drift
    from hatch_cli.core.pairing.topk import Candidates

    found = memo.candidates.get((limit, min_score))
    if found is None or len(set(memo.keys)) != len(memo.keys):
        return None
    a, b, score, floor = found
    if same:
        return Candidates(a, b, score, floor), np.zeros(len(vault.keys))
    row_now = {key: row for row, key in enumerate(vault.keys)}
    new_row = np.asarray([row_now.get(key, -1) for key in memo.keys], dtype=np.int64)
    old_row = np.full(len(vault.keys), -1, dtype=np.int64)
    alive = new_row >= 0
    old_row[new_row[alive]] = np.flatnonzero(alive)
    term_now = {term: index for index, term in enumerate(vault.vocab)}
    extra = len(vault.vocab)
    term_map = np.empty(len(memo.vocab), dtype=np.int64)
    for index, term in enumerate(memo.vocab):
        found_id = term_now.get(term)
        if found_id is None:
            found_id, extra = extra, extra + 1
        term_map[index] = found_id
    moved = drift(vectors, old_row, memo.indptr, term_map[memo.terms], memo.weights)
    pa, pb = new_row[a], new_row[b]
    both = (pa >= 0) & (pb >= 0)
    first, second = np.minimum(pa, pb)[both], np.maximum(pa, pb)[both]
    return Candidates(first, second, score[both], floor), moved


def _encode(memo: Memo) -> Iterator[Any]:
    """The memo's pieces to store (``stored_fields.field_pieces``), its arrays as they are."""
    candidates = {
        key: (a.astype("<i8").tobytes(), b.astype("<i8").tobytes(), s.astype("<f8").tobytes(), f)
        for key, (a, b, s, f) in memo.candidates.items()
    }
    return field_pieces(
        (
            _VERSION, b"".join(memo.keys), memo.state, memo.vocab,
            np.ascontiguousarray(memo.indptr, dtype="<i8"),
            np.ascontiguousarray(memo.terms, dtype="<i4"),
            np.ascontiguousarray(memo.weights, dtype="<f8"), candidates,
        )
    )  # fmt: skip


def _decode(fields: Any) -> Memo:
    version, raw_keys, state, vocab, indptr, terms, weights, candidates = fields
    if version != _VERSION or not isinstance(raw_keys, memoryview) or len(raw_keys) % 16:
        raise ValueError("not a memo")
    if not isinstance(state, memoryview):
        raise ValueError("not a memo")
    keys, state = bytes(raw_keys), bytes(state)
    if not all(isinstance(raw, memoryview) for raw in (indptr, terms, weights)):
        raise TypeError("not bytes")
    if not all(isinstance(term, str) for term in vocab):
        raise TypeError("not text")
    memo = Memo(
        keys=[keys[at : at + 16] for at in range(0, len(keys), 16)],
        state=state,
        vocab=list(vocab),
        indptr=np.frombuffer(indptr, dtype="<i8").astype(np.int64),
        terms=np.frombuffer(terms, dtype="<i4").astype(np.int32),
        weights=np.frombuffer(weights, dtype="<f8").astype(np.float64),
    )
    n_rows, n_entries = len(memo.keys), len(memo.terms)
    if len(memo.indptr) != n_rows + 1 or memo.indptr[0] != 0 or memo.indptr[-1] != n_entries:
        raise ValueError("bad rows")
    if np.any(np.diff(memo.indptr) < 0) or len(memo.weights) != n_entries:
        raise ValueError("bad rows")
    if n_entries and not (memo.terms.min() >= 0 and memo.terms.max() < len(memo.vocab)):
        raise ValueError("bad terms")
    if not np.all(np.isfinite(memo.weights)):
        raise ValueError("bad weights")
    for (limit, min_score), (a, b, s, floor) in candidates.items():
        pa = np.frombuffer(a, dtype="<i8").astype(np.int64)
        pb = np.frombuffer(b, dtype="<i8").astype(np.int64)
        ps = np.frombuffer(s, dtype="<f8").astype(np.float64)
        if not (len(pa) == len(pb) == len(ps)) or not isinstance(floor, float):
            raise ValueError("bad candidates")
        if len(pa) and not (pa.min() >= 0 and pb.max() < n_rows and np.all(pa < pb)):
            raise ValueError("bad candidates")
        memo.candidates[(int(limit), float(min_score))] = (pa, pb, ps, floor)
    return memo
