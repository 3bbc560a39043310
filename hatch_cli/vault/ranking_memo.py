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
    from hatch_cli.core.pairing.rarity import Rarity
    from hatch_cli.core.pairing.reuse import Previous
    from hatch_cli.core.pairing.topk import Candidates
    from hatch_cli.vault.arrays import Vault
    from hatch_cli.vault.cache import NoteCache

_VERSION = "hatch-ranking-3"


@dataclass
class Memo:
    """A vault's vectors as last ranked (``keys`` of its rows, its ``vocab``, the vectors'
    arrays), the rarity they were weighed with (``df`` and ``burst`` by term, its
    ``scalars``: ``reuse.rarity_scalars``) and the candidate pairs of each (limit,
    min_score) asked."""

    keys: list[bytes]
    state: bytes  # what else the vectors depend on: the vault's template text
    vocab: list[str]
    indptr: Any
    terms: Any
    weights: Any
    df: Any
    burst: Any
    scalars: tuple[int, float, float, float]
    cut: Any  # by row, ``Vectors.cut``
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


def of(vault: Vault, vectors: Vectors, found: Rarity) -> Memo:
    """A memo of this run's vectors, weighed with the rarity ``found`` (candidates are
    added as pairs are ranked)."""
    from hatch_cli.core.pairing.reuse import rarity_scalars  # a rerun's only

    return Memo(
        keys=list(vault.keys),
        state=vault_state(vault),
        vocab=list(vault.vocab),
        indptr=np.asarray(vectors.indptr, dtype=np.int64),
        terms=np.asarray(vectors.terms, dtype=np.int32),
        weights=np.asarray(vectors.weights, dtype=np.float64),
        df=np.asarray(found.df, dtype=np.int64),
        burst=np.asarray(found.burst, dtype=np.float64),
        scalars=rarity_scalars(found, len(vault.keys)),
        cut=np.asarray(vectors.cut, dtype=np.float64),
    )


def previous_of(memo: Memo, vault: Vault) -> Previous | None:
    """The memo's vectors and rarity in this vault's rows and terms (``reuse.Previous``),
    when its notes can be told apart and its template text is this vault's; else None."""
    from hatch_cli.core.pairing.reuse import Previous  # a rerun's only

    if len(set(memo.keys)) != len(memo.keys) or memo.state != vault_state(vault):
        return None
    row_now = {key: row for row, key in enumerate(vault.keys)}
    new_row = np.asarray([row_now.get(key, -1) for key in memo.keys], dtype=np.int64)
    old_row = np.full(len(vault.keys), -1, dtype=np.int64)
    alive = new_row >= 0
    old_row[new_row[alive]] = np.flatnonzero(alive)
    if memo.vocab == vault.vocab:
        term_map = np.arange(len(memo.vocab), dtype=np.int64)
    else:
        term_now = {term: index for index, term in enumerate(vault.vocab)}
        extra = len(vault.vocab)
        found = [term_now.get(term, -1) for term in memo.vocab]
        term_map = np.asarray(found, dtype=np.int64).reshape(-1)
        gone = term_map < 0
        term_map[gone] = extra + np.arange(int(gone.sum()), dtype=np.int64)
    there = term_map < len(vault.vocab)
    df = np.full(len(vault.vocab), -1, dtype=np.int64)
    burst = np.full(len(vault.vocab), np.nan, dtype=np.float64)
    df[term_map[there]] = memo.df[there]
    burst[term_map[there]] = memo.burst[there]
    cut = np.zeros(len(vault.keys), dtype=np.float64)
    had = old_row >= 0
    cut[had] = memo.cut[old_row[had]]
    return Previous(
        rows=old_row, indptr=memo.indptr, terms=term_map[memo.terms], weights=memo.weights,
        cut=cut, df=df, burst=burst, scalars=memo.scalars,
    )  # fmt: skip


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
        cut=memo.cut,
    )


def previous_candidates(
    memo: Memo,
    vault: Vault,
    vectors: Vectors,
    limit: int,
    min_score: float,
    same: bool,
    previous: Previous | None = None,
    again: Any = None,
) -> tuple[Candidates, Any] | None:
    """The last run's candidates for (limit, min_score) in this run's rows, and how far
    each note's vector drifted since (``core.pairing.reuse.drift``; nowhere when the vault is the
    ``same``, and only the notes weighed ``again`` when the others kept their vectors);
    None without them. ``previous``: the memo in this run's terms, if made already."""
    # reuse and topk: only a rerun that reuses its candidates (``ranking.Ranking``).
    from hatch_cli.core.pairing.reuse import drift
    from hatch_cli.core.pairing.topk import Candidates

    found = memo.candidates.get((limit, min_score))
    if found is None or len(set(memo.keys)) != len(memo.keys):
        return None
    a, b, score, floor = found
    if same:
        return Candidates(a, b, score, floor), np.zeros(len(vault.keys))
    if previous is None:
        previous = previous_of(memo, vault)
        if previous is None:
            return None
    old_row = previous.rows
    new_row = np.full(len(memo.keys), -1, dtype=np.int64)
    had = old_row >= 0
    new_row[old_row[had]] = np.flatnonzero(had)
    moved = drift(vectors, old_row, previous.indptr, previous.terms, previous.weights, again)
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
            np.ascontiguousarray(memo.weights, dtype="<f8"),
            np.ascontiguousarray(memo.df, dtype="<i8"),
            np.ascontiguousarray(memo.burst, dtype="<f8"), list(memo.scalars),
            np.ascontiguousarray(memo.cut, dtype="<f8"), candidates,
        )
    )  # fmt: skip


def _decode(fields: Any) -> Memo:
    (version, raw_keys, state, vocab, indptr, terms, weights, df, burst, scalars, cut,
     candidates) = fields  # fmt: skip
    if version != _VERSION or not isinstance(raw_keys, memoryview) or len(raw_keys) % 16:
        raise ValueError("not a memo")
    if not isinstance(state, memoryview):
        raise ValueError("not a memo")
    keys, state = bytes(raw_keys), bytes(state)
    if not all(isinstance(raw, memoryview) for raw in (indptr, terms, weights, df, burst, cut)):
        raise TypeError("not bytes")
    n_docs, share, gamma, length = scalars
    if not isinstance(n_docs, int) or not all(isinstance(x, float) for x in scalars[1:]):
        raise TypeError("not numbers")
    if not all(isinstance(term, str) for term in vocab):
        raise TypeError("not text")
    memo = Memo(
        keys=[keys[at : at + 16] for at in range(0, len(keys), 16)],
        state=state,
        vocab=list(vocab),
        indptr=np.frombuffer(indptr, dtype="<i8").astype(np.int64),
        terms=np.frombuffer(terms, dtype="<i4").astype(np.int32),
        weights=np.frombuffer(weights, dtype="<f8").astype(np.float64),
        df=np.frombuffer(df, dtype="<i8").astype(np.int64),
        burst=np.frombuffer(burst, dtype="<f8").astype(np.float64),
        scalars=(n_docs, share, gamma, length),
        cut=np.frombuffer(cut, dtype="<f8").astype(np.float64),
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
    if not len(memo.df) == len(memo.burst) == len(memo.vocab) or len(memo.cut) != n_rows:
        raise ValueError("bad rarity")
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
