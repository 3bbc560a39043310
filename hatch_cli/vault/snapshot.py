"""A read vault kept whole in the cache, so that a rerun reads no note that has not changed.

Taking 100,000 notes one by one from the cache (a lookup, a decode and a merge each) cost
a rerun about 12 s; a snapshot is the merged vault's arrays in one entry, plus what each
file read as: its note key (``NoteCache.key`` of its bytes, name and the reading
options), its pass-1 units (what recurring text is counted from) and its block units and
the units of those the vault repeats. A rerun hashes every file, takes the rows of
the files whose key it knows, reads the others, and puts the vault together in walk order
with term ids numbered by first occurrence, as a first run numbers them: the same vault,
so the same output. When the vault's recurring text changes, the notes whose blocks it
touches are read again.

Stored as fields (``stored_fields.field_pieces``: arrays raw, the rest with ``marshal``), in
parts of bounded size; anything that does not decode to
the shape ``encode`` writes is no snapshot (the notes are then read one by one).
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from hatch_cli.vault.arrays import Vault
from hatch_cli.vault.cache_entries import CacheSpace
from hatch_cli.vault.columns import COLUMNS
from hatch_cli.vault.stored_fields import field_pieces, read_fields

if TYPE_CHECKING:
    from hatch_cli.vault.cache import NoteCache
    from hatch_cli.vault.walk import NoteFile

_VERSION = "hatch-vault-3"


class Kind(IntEnum):
    """What a file read as (stored as one byte a file)."""

    ROW = 0  # a row of the vault
    HATCHED = 1  # a note hatch wrote, left out
    SKIPPED = 2  # a note skipped for what it holds


KINDS = frozenset(Kind)


@dataclass
class FileRead:
    """What one file read as (``kind``): its ``row`` of the vault, or the ``reason`` it was
    skipped; its pass-1 units, block units and the block units the vault repeats
    (``repeated``), as arrays of unsigned 64-bit hashes."""

    kind: Kind
    row: int = -1
    reason: str = ""
    units: Any = ()
    blocks: Any = ()
    repeated: Any = ()
    disk: str = ""  # the file it was read from, and its ``read.stat_of`` then
    stat: bytes = b""


@dataclass
class Snapshot:
    """A vault and what each file read as, by note key (``index`` into the lists)."""

    vault: Vault
    keys: list[bytes] = field(default_factory=list)
    kinds: bytes = b""
    rows: Any = None
    reasons: list[str] = field(default_factory=list)
    units: tuple[Any, Any] = ((0,), ())
    blocks: tuple[Any, Any] = ((0,), ())
    repeated: tuple[Any, Any] = ((0,), ())
    index: dict[bytes, int] = field(default_factory=dict)
    disks: list[str] = field(default_factory=list)
    stats: list[bytes] = field(default_factory=list)
    by_disk: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, vault: Vault, known: Sequence[tuple[bytes, FileRead]]) -> Snapshot:
        return cls(
            vault=vault,
            keys=[key for key, _ in known],
            kinds=bytes(item.kind for _, item in known),
            rows=array("q", [item.row for _, item in known]),
            reasons=[item.reason for _, item in known],
            units=_flat([item.units for _, item in known]),
            blocks=_flat([item.blocks for _, item in known]),
            repeated=_flat([item.repeated for _, item in known]),
            disks=[item.disk for _, item in known],
            stats=[item.stat for _, item in known],
        )

    def key_by_stat(self, disk: str, stat: bytes) -> bytes:
        """The note key of ``disk`` if the file was read with this ``stat`` (a trusted
        one, ``read.stat_of``) when the snapshot was made, else b""."""
        index = self.by_disk.get(disk)
        if not stat or index is None or self.stats[index] != stat:
            return b""
        return self.keys[index]

    def known(self, key: bytes) -> FileRead | None:
        """What the file with this note key read as, if the snapshot knows it."""
        index = self.index.get(key)
        if index is None:
            return None
        return FileRead(
            Kind(self.kinds[index]), int(self.rows[index]), self.reasons[index],
            _part(self.units, index), _part(self.blocks, index), _part(self.repeated, index),
        )  # fmt: skip

    def brief(self, key: bytes) -> FileRead | None:
        """``known`` without the file's units, blocks and repeated units (what assembling a vault
        needs, when no new snapshot is made of it)."""
        index = self.index.get(key)
        if index is None:
            return None
        return FileRead(Kind(self.kinds[index]), int(self.rows[index]), self.reasons[index])

    def units_of(self, key: bytes) -> Any:
        """The pass-1 units of the file with this (known) note key."""
        return _part(self.units, self.index[key])

    def encode(self) -> Iterator[Any]:
        """The pieces of this snapshot to store (``CacheWriter.put_vault``): its arrays
        as they are in memory, so that no copy of the whole is made."""
        v = self.vault
        return field_pieces(
            (
                _VERSION, b"".join(self.keys), self.kinds, self.rows, self.reasons,
                *map(_contiguous, self.units), *map(_contiguous, self.blocks),
                *map(_contiguous, self.repeated), array("Q", sorted(v.recurring)),
                v.titles, v.langs, [list(links) for links in v.links], v.vocab,
                v.indptr, v.terms, *(v.columns[column.name] for column in COLUMNS),
                v.fingerprints, self.disks, self.stats,
            )
        )  # fmt: skip

    @classmethod
    def decode(cls, value: Any, errors: str, lang: str | None) -> Snapshot | None:
        """The snapshot in ``value`` (a buffer), or None if it is not one ``encode`` wrote."""
        try:
            return _decode(read_fields(value), errors, lang)
        except Exception:  # damaged or foreign bytes of any kind: no snapshot
            return None


def _contiguous(values: Any) -> Any:
    import numpy as np

    return np.ascontiguousarray(values)


def _part(flat: tuple[Any, Any], index: int) -> Any:
    ends, values = flat
    return values[ends[index] : ends[index + 1]]


def _flat(lists: Sequence[Any]) -> tuple[Any, Any]:
    import numpy as np

    lengths = np.fromiter((len(items) for items in lists), dtype=np.int64, count=len(lists))
    ends = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    values = (
        np.concatenate([np.asarray(items, dtype=np.uint64) for items in lists])
        if lists
        else np.zeros(0, dtype=np.uint64)
    )
    return ends, values.astype(np.uint64)


def _unflat(raw_ends: Any, raw_values: Any, count: int) -> tuple[Any, Any]:
    import numpy as np

    if not (isinstance(raw_ends, memoryview) and isinstance(raw_values, memoryview)):
        raise TypeError("not bytes")
    ends = np.frombuffer(raw_ends, dtype=np.int64).copy()
    values = np.frombuffer(raw_values, dtype=np.uint64).copy()
    if len(ends) != count + 1 or ends[0] != 0 or ends[-1] != len(values):
        raise ValueError("bad lengths")
    if count and np.any(np.diff(ends) < 0):
        raise ValueError("bad lengths")
    return ends, values


def _typed(code: str, raw: object) -> array[Any]:
    if not isinstance(raw, memoryview):
        raise TypeError("not bytes")
    found = array(code)
    found.frombytes(raw)
    return found


def _decode(fields: Any, errors: str, lang: str | None) -> Snapshot:
    (version, raw_keys, raw_kinds, rows, reasons, units_ends, units, blocks_ends, blocks,
     repeated_ends, repeated, recurring, titles, langs, links, vocab, indptr, terms,
     *columns, prints, disks, stats) = fields  # fmt: skip
    if version != _VERSION or not isinstance(raw_keys, memoryview) or len(raw_keys) % 16:
        raise ValueError("not a snapshot of this kind")
    if not isinstance(raw_kinds, memoryview) or len(columns) != len(COLUMNS):
        raise TypeError("not bytes")
    keys, kinds = bytes(raw_keys), bytes(raw_kinds)
    count = len(keys) // 16
    row_of = _typed("q", rows)
    if not (len(kinds) == len(row_of) == len(reasons) == count):
        raise ValueError("bad lengths")
    if not (len(disks) == len(stats) == count):
        raise ValueError("bad lengths")
    if not all(isinstance(d, str) for d in disks) or not all(isinstance(t, bytes) for t in stats):
        raise TypeError("not text")
    vault = Vault(
        paths=[], disks=[], titles=list(titles), langs=list(langs),
        links=[tuple(item) for item in links], vocab=list(vocab), indptr=_typed("q", indptr),
        terms=_typed("i", terms),
        columns={c.name: _typed(c.typecode, raw) for c, raw in zip(COLUMNS, columns, strict=True)},
        skipped=[], recurring=frozenset(_typed("Q", recurring)), errors=errors, lang=lang,
        fingerprints=list(prints),
    )  # fmt: skip
    n_rows = len(vault.indptr) - 1
    n_entries = len(vault.terms)
    if not (len(vault.titles) == len(vault.langs) == len(vault.links) == n_rows):
        raise ValueError("bad rows")
    if len(vault.fingerprints) != n_rows or vault.indptr[0] != 0:
        raise ValueError("bad rows")
    if vault.indptr[-1] != n_entries or any(
        len(part) != n_entries for part in vault.columns.values()
    ):
        raise ValueError("bad entries")
    if n_entries and not 0 <= min(vault.terms) <= max(vault.terms) < len(vault.vocab):
        raise ValueError("bad terms")
    all_str = (*vault.titles, *vault.langs, *vault.vocab, *reasons)
    if not all(isinstance(item, str) for item in all_str):
        raise TypeError("not text")
    if not all(isinstance(item, str) for links in vault.links for item in links):
        raise TypeError("not text")
    if not all(isinstance(item, bytes) for item in vault.fingerprints):
        raise TypeError("not bytes")
    key_list = [keys[16 * index : 16 * index + 16] for index in range(count)]
    for kind, row in zip(kinds, row_of, strict=True):
        if kind not in KINDS or (kind == Kind.ROW) != (0 <= row < n_rows):
            raise ValueError("bad kind")
    return Snapshot(
        vault=vault, keys=key_list, kinds=kinds, rows=row_of, reasons=list(reasons),
        units=_unflat(units_ends, units, count), blocks=_unflat(blocks_ends, blocks, count),
        repeated=_unflat(repeated_ends, repeated, count),
        index={key: index for index, key in enumerate(key_list)},
        disks=list(disks), stats=list(stats),
        by_disk={disk: index for index, disk in enumerate(disks)},
    )  # fmt: skip


def snapshot_name(
    cache: NoteCache, files: Sequence[NoteFile], errors: str, lang: str | None, hatched: bool
) -> bytes:
    """The name of a vault's snapshot: its folders (where its files are) and the options
    that change reading, so that editing, adding or removing notes keeps the name."""
    folders = sorted({os.fsencode(os.path.dirname(item.disk)) for item in files})
    options = f"{errors}\0{lang or ''}\0{int(hatched)}".encode()
    return cache.key(CacheSpace.VAULT, options, b"\0".join(folders))


def assemble(
    source_of: Sequence[int],
    row_of: Sequence[int],
    files: Sequence[NoteFile],
    sources: Sequence[Vault],
    errors: str,
    lang: str | None,
    recurring: frozenset[int],
) -> Vault:
    """A vault of file ``i``'s row ``row_of[i]`` of ``sources[source_of[i]]`` (a file with
    ``source_of[i]`` < 0 is no row) in walk order, with term ids numbered by first
    occurrence (as a first run numbers them). Taken a run of rows at a time: after an
    edit, a vault is a few runs of the last one's rows around the notes read again.
    Skipped notes and the hatched count are the caller's to add."""
    import numpy as np

    vocab: list[str] = []
    term_ids: dict[str, int] = {}
    term_maps = [
        np.asarray([intern_id(term, term_ids, vocab) for term in source.vocab] or [0])
        for source in sources
    ]
    where = np.asarray(source_of, dtype=np.int64)
    kept = np.flatnonzero(where >= 0)
    source, row = where[kept], np.asarray(row_of, dtype=np.int64)[kept]
    starts = np.ones(len(kept), dtype=bool)
    starts[1:] = (source[1:] != source[:-1]) | (row[1:] != row[:-1] + 1)
    first = np.flatnonzero(starts).tolist()
    runs = [
        (sources[int(source[a])], int(source[a]), int(row[a]), int(row[a]) + b - a)
        for a, b in zip(first, [*first[1:], len(kept)][: len(first)], strict=True)
    ]
    vault = Vault.empty(recurring, errors, lang)
    shown = [files[i] for i in kept.tolist()]
    vault.paths = [item.shown for item in shown]
    vault.disks = [item.disk for item in shown]
    lengths, terms_parts = [], []
    columns: dict[str, list[Any]] = {column.name: [] for column in COLUMNS}
    for found, index, start, end in runs:
        vault.titles += found.titles[start:end]
        vault.langs += found.langs[start:end]
        vault.links += found.links[start:end]
        vault.fingerprints += found.fingerprints[start:end]
        indptr = np.frombuffer(found.indptr, dtype=np.int64)
        lengths.append(np.diff(indptr[start : end + 1]))
        low, high = int(indptr[start]), int(indptr[end])
        terms_parts.append(term_maps[index][np.frombuffer(found.terms, dtype=np.int32)[low:high]])
        for column in COLUMNS:
            columns[column.name].append(found.column(column.name)[low:high])
    length = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)
    kept_terms = np.concatenate(terms_parts) if terms_parts else np.zeros(0, dtype=np.int64)
    # Term ids by first occurrence, as the first run (which meets the notes in this order).
    order = by_first_occurrence(kept_terms, len(vocab))
    renumber = np.zeros(len(vocab) or 1, dtype=np.int32)
    renumber[order] = np.arange(len(order), dtype=np.int32)
    vault.vocab = [vocab[int(term)] for term in order]
    vault.indptr.frombytes(_raw(np.cumsum(length, dtype=np.int64)))
    vault.terms.frombytes(_raw(renumber[kept_terms]))
    for column in COLUMNS:
        parts = columns[column.name]
        if parts:
            vault.columns[column.name].frombytes(_raw(np.concatenate(parts)))
    return vault


def _raw(values: Any) -> memoryview:
    """A numpy array's bytes, without a copy (for ``array.frombytes``)."""
    import numpy as np

    return np.ascontiguousarray(values).data.cast("B")


def by_first_occurrence(values: Any, size: int) -> Any:
    """The distinct ``values`` (ints in ``range(size)``) in the order they first occur:
    each value's first position by one pass (``np.minimum.at``), then a sort of the
    distinct values only (not of every value, as ``np.unique`` would)."""
    import numpy as np

    values = np.asarray(values)
    first = np.full(max(size, 1), len(values), dtype=np.int64)
    np.minimum.at(first, values, np.arange(len(values), dtype=np.int64))
    present = np.flatnonzero(first < len(values))
    return present[np.argsort(first[present], kind="stable")]


def intern_id(term: str, ids: dict[str, int], vocab: list[str]) -> int:
    """``term``'s number in ``vocab`` (``ids`` its index), added at the end if new."""
    found = ids.get(term)
    if found is None:
        found = ids[term] = len(vocab)
        vocab.append(term)
    return found
