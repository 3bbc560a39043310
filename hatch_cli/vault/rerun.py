"""One read of a vault (``read_vault``): every note through ``read``'s two passes, in
parallel when it pays, or a rerun from the vault's snapshot that reads only the notes it
does not know; the chunks put together into one ``Vault``, the same either way.

Why it is long: the first read of a vault and the rerun from its snapshot share the
chunking and the merge, and must give the same vault; kept side by side they are easier
to check against each other.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from hatch_cli.core.reading.boilerplate import RECURRING_MIN_NOTES
from hatch_cli.reports import SkippedNote
from hatch_cli.vault.arrays import Vault
from hatch_cli.vault.columns import COLUMNS
from hatch_cli.vault.read import (
    CHUNK_NOTES,
    Again,
    Chunk,
    Progress,
    Source,
    UnitsJob,
    keys_chunk,
    notes_chunk,
    stat_of,
    units_chunk,
)
from hatch_cli.vault.snapshot import FileRead, Kind, Snapshot, assemble, intern_id, snapshot_name
from hatch_cli.vault.walk import NoteFile
from hatch_cli.vault.workers import default_workers, in_order, worker_pool

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from hatch_cli.vault.cache import CacheWriter, NoteCache
    from hatch_cli.vault.read import NotesJob


def read_vault(
    files: Sequence[NoteFile],
    *,
    errors: str = "strict",
    lang: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    cache: NoteCache | None = None,
    include_hatched: bool = False,
) -> Vault:
    """Read every note (skipping bad ones), in a process pool when the vault is large;
    with a ``cache``, a rerun takes the notes that did not change from the vault's
    snapshot (``snapshot``), else from their entries (see ``cache``).
    Notes hatch wrote (they have ``hatched_from``) are left out unless
    ``include_hatched``: they would pair best with their own sources."""
    count = workers if workers is not None else default_workers(len(files))
    run = VaultRead(files, errors, lang, cache, include_hatched, progress)
    name = snapshot_name(cache, files, errors, lang, include_hatched) if cache and files else b""
    # Opened on its first write, which comes after the pool has forked its workers.
    writer = run.writer = cache.writer() if cache is not None else None
    try:
        with worker_pool(count) as pool:
            found = None
            if name and cache is not None:
                previous = _load_snapshot(cache, name, errors, lang)
                if previous is not None:
                    found = run.rerun(pool, previous)
            if found is None:
                found = run.read_all(pool)
        vault, snapshot = found
        vault.name = name
        vault.cache = cache
        if writer is not None and snapshot is not None:
            writer.put_vault(name, snapshot.encode())
    except BaseException:
        if writer is not None:
            writer.close(prune=False)  # the run is stopping: no pruning of the day now
        raise
    if writer is not None:
        writer.close()
    return vault


#: A rerun stores the vault's snapshot again when it read this share of the notes again
#: or more (or the vault has fewer than ``REWRITE_ALWAYS_BELOW`` notes).
REWRITE_SHARE = 0.01
REWRITE_ALWAYS_BELOW = 2000
#: A rerun reads at most this share of a vault's notes again through its snapshot (and
#: at least ``REREAD_MIN``); past it, notes are read one by one (their cache entries).
REREAD_SHARE = 0.2
REREAD_MIN = 64


def _load_snapshot(cache: NoteCache, name: bytes, errors: str, lang: str | None) -> Snapshot | None:
    if not os.path.exists(cache.path):
        return None
    reader = cache.reader()
    try:
        value = reader.vault(name)
    finally:
        reader.close()
    return Snapshot.decode(value, errors, lang) if value is not None else None


class VaultRead:
    """One read of a vault: all its notes (``read_all``), or a rerun from a snapshot."""

    def __init__(
        self,
        files: Sequence[NoteFile],
        errors: str,
        lang: str | None,
        cache: NoteCache | None,
        include_hatched: bool,
        progress: Progress | None,
    ) -> None:
        self.files = files
        self.errors, self.lang, self.cache = errors, lang, cache
        self.include_hatched = include_hatched
        disks = [item.disk for item in files]
        self.chunks = [disks[at : at + CHUNK_NOTES] for at in range(0, len(disks), CHUNK_NOTES)]
        self.writer: CacheWriter | None = None
        self.progress = progress
        self.done = 0

    def tick(self, amount: int) -> None:
        self.done += amount
        if self.progress is not None:
            self.progress(self.done, 2 * len(self.files))

    def store(self, new: list[tuple[bytes, bytes]], used: list[bytes]) -> None:
        if self.writer is not None:
            self.writer.add(new, used)

    def read_all(self, pool: ProcessPoolExecutor | None) -> tuple[Vault, Snapshot | None]:
        """Pass 1 (units, for recurring text) and pass 2 (readings) over every note, on
        the bytes pass 1 read."""
        cache = self.cache
        # Taken before any note is read: what a rerun trusts a file's key by (``stat_of``).
        stats = [stat_of(item.disk) for item in self.files] if cache is not None else []
        # A cache file that is not there yet has nothing to look up.
        probe = cache is not None and os.path.exists(cache.path)
        unit_lists: list[Sequence[int]] = []
        cached: list[list[bool]] = []
        sources: list[list[Source]] = []
        units_jobs: list[UnitsJob] = [
            (chunk, None, cache, probe, self.errors, self.lang) for chunk in self.chunks
        ]
        for found in in_order(pool, units_chunk, units_jobs):
            unit_lists += found.units
            cached.append(found.cached)
            sources.append(found.sources)
            self.store(found.new, found.used)
            self.tick(len(found.units))
        recurring = recurring_units(unit_lists)
        jobs: list[NotesJob] = [
            (chunk, read, self.errors, recurring, self.lang, cache, probes, self.include_hatched)
            for chunk, read, probes in zip(self.chunks, sources, cached, strict=True)
        ]
        del sources  # each chunk's bytes go with its job
        vault = Vault.empty(recurring, self.errors, self.lang)
        term_ids: dict[str, int] = {}
        known: list[tuple[bytes, FileRead]] = []
        start = 0
        results = in_order(pool, notes_chunk, jobs)
        if pool is not None:  # submitted: each chunk's bytes go when its worker is done
            jobs.clear()
        for chunk_files, result in zip(self.chunks, results, strict=True):
            first = len(vault.paths)
            rows = {position: first + index for index, position in enumerate(result.ok)}
            _merge(vault, term_ids, self.files[start : start + len(chunk_files)], result)
            vault.hatched += result.hatched
            vault.keys += [b""] * len(result.ok)
            for position, key, item in result.known:
                item.units = unit_lists[start + position]
                item.row = rows.get(position, -1)
                item.disk, item.stat = self.files[start + position].disk, stats[start + position]
                if item.row >= 0:
                    vault.keys[item.row] = key
                known.append((key, item))
            self.store(result.new, result.used)
            start += len(chunk_files)
            self.tick(len(chunk_files))
        return vault, Snapshot.of(vault, known) if cache is not None else None

    def rerun(
        self, pool: ProcessPoolExecutor | None, previous: Snapshot
    ) -> tuple[Vault, Snapshot | None] | None:
        """The vault from ``previous`` and the notes it does not know (read now); None when
        too many changed (``REREAD_SHARE``), or a note changed as it was read (the read
        of every note then gives one vault). The snapshot to store, if it changed."""
        cache = self.cache
        assert cache is not None
        keys, stats, hashed, sources = self._keys(pool, previous)
        files = self.files
        # Files hashed although they did not change (their times were too recent to trust
        # when the snapshot was made, or were touched since): a new snapshot spares the
        # next reruns hashing them again, once they are many.
        stale = hashed >= REWRITE_SHARE * len(files) or (
            len(files) < REWRITE_ALWAYS_BELOW and hashed > 0
        )
        if keys == previous.keys and not stale:  # the same files and bytes, in order
            self.tick(len(self.files))
            return self._unchanged(previous), None
        limit = max(REREAD_MIN, REREAD_SHARE * len(files))
        misses = [
            i for i, key in enumerate(keys) if isinstance(key, bytes) and key not in previous.index
        ]
        if len(misses) > limit:
            return None
        fresh_units = units_chunk(
            (
                [files[i].disk for i in misses],
                [sources[i] for i in misses],
                cache, True, self.errors, self.lang,
            )
        )  # fmt: skip
        self.store(fresh_units.new, fresh_units.used)
        if fresh_units.changed:
            return None
        units_of = dict(zip(misses, fresh_units.units, strict=True))
        recurring = _recurring_again(previous, keys, units_of)
        if recurring != previous.vault.recurring:
            # Notes whose blocks became, or stopped being, template text read again.
            changed = recurring ^ previous.vault.recurring
            for i, key in enumerate(keys):
                item = previous.known(key) if i not in units_of and isinstance(key, bytes) else None
                if item is not None and not changed.isdisjoint(item.blocks.tolist()):
                    misses.append(i)
            misses.sort()
            if len(misses) > limit:
                return None
        # The notes read again for their blocks are read now, and must have the bytes
        # whose units the snapshot has (``Again``).
        job = [files[i].disk for i in misses]
        read: list[Source] = [
            sources[i] if i in sources else Again(cast(bytes, keys[i])) for i in misses
        ]
        chunk = notes_chunk(
            (job, read, self.errors, recurring, self.lang, cache, [True] * len(job),
             self.include_hatched)
        )  # fmt: skip
        self.store(chunk.new, chunk.used)
        if chunk.changed:
            return None
        fresh = Vault.empty(recurring, self.errors, self.lang)
        _merge(fresh, {}, [files[i] for i in misses], chunk)
        # A snapshot of 100,000 notes is hundreds of megabytes: rewritten only once the
        # notes read again are many (until then each rerun reads them again, from their
        # cache entries), so that a rerun after one edit costs what a rerun does.
        rewrite = len(files) < REWRITE_ALWAYS_BELOW or len(misses) >= REWRITE_SHARE * len(files)
        rewrite = stale or (rewrite and (bool(misses) or recurring != previous.vault.recurring))
        vault, known = self._assemble(
            keys, stats, misses, previous, fresh, chunk, units_of, recurring, full=rewrite
        )
        self.tick(len(files))
        return vault, Snapshot.of(vault, known) if rewrite else None

    def _keys(
        self, pool: ProcessPoolExecutor | None, previous: Snapshot
    ) -> tuple[list[bytes | str], list[bytes], int, dict[int, Source]]:
        """Each file's note key (or why it can't be read) and its ``stat_of``: the key the
        snapshot has for it when its file is as it was then, else its bytes hashed now;
        how many files were hashed whose key the snapshot has and whose times can be
        trusted now (a new snapshot would know them by their stat); and what the read
        found of each file hashed whose key the snapshot does not have (for the passes)."""
        cache = self.cache
        assert cache is not None
        stats = [stat_of(item.disk) for item in self.files]
        keys: list[bytes | str] = [
            previous.key_by_stat(item.disk, stat)
            for item, stat in zip(self.files, stats, strict=True)
        ]
        todo = [i for i, key in enumerate(keys) if not key]
        self.tick(len(self.files) - len(todo))
        disks = [self.files[i].disk for i in todo]
        chunks = [disks[at : at + CHUNK_NOTES] for at in range(0, len(disks), CHUNK_NOTES)]
        jobs = [(chunk, cache, self.errors, self.lang) for chunk in chunks]
        found: list[tuple[bytes | str, Source]] = []
        # A few files (one chunk, as after an edit) are hashed here: forking the workers
        # now, with the snapshot loaded, would cost more time and memory than they save.
        for part in in_order(pool if len(jobs) > 1 else None, keys_chunk, jobs):
            found += part
            self.tick(len(part))
        hashed = 0
        sources: dict[int, Source] = {}
        for i, (key, source) in zip(todo, found, strict=True):
            keys[i] = key
            known = isinstance(key, bytes) and key in previous.index
            hashed += bool(stats[i]) and known
            if isinstance(key, bytes) and not known:
                sources[i] = source
        return keys, stats, hashed, sources

    def _unchanged(self, previous: Snapshot) -> Vault:
        """The vault of ``previous`` as it is, when every file reads as it did (their
        blocks too, so the recurring text is the same): only its paths are this run's."""
        vault = previous.vault
        vault.paths, vault.disks, vault.skipped, vault.keys = [], [], [], []
        vault.hatched = 0
        for item, key, kind, reason in zip(
            self.files, previous.keys, previous.kinds, previous.reasons, strict=True
        ):
            if kind == Kind.ROW:
                vault.paths.append(item.shown)
                vault.disks.append(item.disk)
                vault.keys.append(key)
            elif kind == Kind.SKIPPED:
                vault.skipped.append(SkippedNote(path=item.shown, reason=reason))
            else:
                vault.hatched += 1
        return vault

    def _assemble(
        self,
        keys: list[bytes | str],
        stats: list[bytes],
        misses: list[int],
        previous: Snapshot,
        fresh: Vault,
        chunk: Chunk,
        units_of: Mapping[int, Sequence[int]],
        recurring: frozenset[int],
        *,
        full: bool,
    ) -> tuple[Vault, list[tuple[bytes, FileRead]]]:
        """The vault in walk order: rows of ``previous`` and of ``fresh`` (the notes read
        now, in ``chunk``), skipped notes and the hatched count; and, when ``full`` (a new
        snapshot is to be made), what each file read as."""
        position_of = {i: position for position, i in enumerate(misses)}
        fresh_rows = {position: row for row, position in enumerate(chunk.ok)}
        fresh_skipped = dict(chunk.skipped)
        fresh_known = {position: (key, item) for position, key, item in chunk.known}
        kinds, rows, reasons = previous.kinds, previous.rows, previous.reasons
        index = previous.index
        source_of: list[int] = []  # 0: a row of the snapshot's vault, 1: of ``fresh``
        row_of: list[int] = []
        skipped: list[SkippedNote] = []
        known: list[tuple[bytes, FileRead]] = []
        row_keys: list[bytes] = []
        hatched = 0
        for i, (item, key) in enumerate(zip(self.files, keys, strict=True)):
            source, row, found_key = -1, -1, b""
            entry: FileRead | None = None
            if isinstance(key, str):  # can't be read now
                skipped.append(SkippedNote(path=item.shown, reason=key))
            elif i in position_of:
                position = position_of[i]
                if position in fresh_rows:
                    source, row = 1, fresh_rows[position]
                elif position in fresh_skipped:
                    skipped.append(SkippedNote(path=item.shown, reason=fresh_skipped[position]))
                else:
                    hatched += 1
                if position in fresh_known:
                    found_key, entry = fresh_known[position]
                    entry.units = units_of[i] if i in units_of else previous.units_of(found_key)
            else:
                at = index[key]
                kind, found_key = kinds[at], key
                if kind == Kind.ROW:
                    source, row = 0, rows[at]
                elif kind == Kind.SKIPPED:
                    skipped.append(SkippedNote(path=item.shown, reason=reasons[at]))
                else:
                    hatched += 1
                if full:
                    entry = previous.known(key)
            if entry is not None:
                entry.disk, entry.stat = item.disk, stats[i]
                entry.row = len(row_keys) if source >= 0 else -1
                known.append((found_key, entry))
            if source >= 0:
                row_keys.append(found_key)
            source_of.append(source)
            row_of.append(row)
        vault = assemble(
            source_of, row_of, self.files, [previous.vault, fresh], self.errors, self.lang,
            recurring,
        )  # fmt: skip
        vault.skipped = skipped
        vault.hatched = hatched
        vault.keys = row_keys
        vault.warnings = fresh.warnings  # notes warned about are never in a snapshot
        return vault, known


def recurring_units(unit_lists: Iterable[Sequence[int]]) -> frozenset[int]:
    """Hashes of the units that occur in ``RECURRING_MIN_NOTES`` notes or more (each note's
    units are distinct)."""
    import numpy as np

    arrays = [np.asarray(units, dtype=np.uint64) for units in unit_lists]
    if not arrays:
        return frozenset()
    return recurring_of(np.concatenate(arrays))


def recurring_of(units: Any) -> frozenset[int]:
    """``recurring_units`` of every note's units one after another (a numpy array)."""
    import numpy as np

    values, notes = np.unique(units, return_counts=True)
    return frozenset(values[notes >= RECURRING_MIN_NOTES].tolist())


def _recurring_again(
    previous: Snapshot, keys: Sequence[bytes | str], units_of: Mapping[int, Sequence[int]]
) -> frozenset[int]:
    """``recurring_units`` of a rerun's notes: file ``i``'s units are ``units_of[i]`` if it
    was read now, else the snapshot's of its key (taken from its flat arrays at once, each
    as many times as files have that key: a copy of a note counts twice)."""
    import numpy as np

    units_of_key = [
        previous.index[key]
        for i, key in enumerate(keys)
        if isinstance(key, bytes) and i not in units_of
    ]
    ends, values = previous.units
    times = np.bincount(np.asarray(units_of_key, dtype=np.int64), minlength=len(ends) - 1)
    taken = np.repeat(values, np.repeat(times, np.diff(ends)))
    fresh = [np.asarray(units, dtype=np.uint64) for units in units_of.values()]
    return recurring_of(np.concatenate([taken, *fresh]))


def _merge(vault: Vault, term_ids: dict[str, int], files: Sequence[NoteFile], chunk: Chunk) -> None:
    term_map = [intern_id(term, term_ids, vault.vocab) for term in chunk.vocab]
    for position, reason in chunk.skipped:
        vault.skipped.append(SkippedNote(path=files[position].shown, reason=reason))
    vault.warnings += [(files[position].shown, problem) for position, problem in chunk.warnings]
    end = vault.indptr[-1]
    for position, length in zip(chunk.ok, chunk.lengths, strict=True):
        vault.paths.append(files[position].shown)
        vault.disks.append(files[position].disk)
        end += length
        vault.indptr.append(end)
    vault.fingerprints += chunk.fingerprints
    vault.titles += chunk.titles
    vault.langs += chunk.langs
    vault.links += chunk.links
    vault.terms.extend(map(term_map.__getitem__, chunk.terms))
    for column in COLUMNS:
        vault.columns[column.name].extend(chunk.columns[column.name])
