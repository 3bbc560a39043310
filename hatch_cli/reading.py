"""Reading a vault: every note's keyword candidates as flat arrays, in parallel when it pays
and from the cache when a note has not changed.

Reading is two passes over the files:

1. *Recurring text* (cheap, no Markdown parse): every line, and every paragraph of
   consecutive lines, of every note is reduced to its words and hashed; a unit found in
   ``RECURRING_MIN_NOTES`` or more notes is a template line (``## Summary``, ``Status::
   draft``, a boilerplate footer), see ``core.boilerplate``.
2. *Keywords*: each note is parsed, its blocks that are recurring text are dropped, and
   its terms are counted (``keywords.term_weights``: sublinear counts in its text and in
   its code blocks, and the word-frequency prior). Only those and the counts of the terms
   leave the worker, as flat arrays; the vault's weighting (``keywords.vault_weights``)
   and ``DocFreq`` are computed from them afterwards.

Each file is read once a run: the bytes pass 1 (or a rerun's hashing) read are the bytes
pass 2 parses, so a note edited while hatch runs reads as it was or as it is, never as
a mix of both (its template lines of one, its text of the other). Bytes are held for
pass 2 up to ``HOLD_BYTES_PER_NOTE`` a note on average; a note past that is read again,
and used only if it still has the bytes first read (``Again``).

A rerun with a cache takes the notes whose bytes it knows from the vault's snapshot
(``snapshot``) and reads only the others; see ``_Run.rerun``.

Notes that can't be read are skipped and reported, never fatal (``--strict`` decides).

Why it is long: the first read of a vault and the rerun from its snapshot share the two
passes, the chunking and the merge, and must give the same vault; kept side by side
they are easier to check against each other.
"""

from __future__ import annotations

import dataclasses
import os
import time
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from hatch_cli.cache_entries import (
    Reading,
    decode_units,
    encode_units,
    entry_key,
    note_fingerprint,
)
from hatch_cli.core.boilerplate import (
    RECURRING_MIN_NOTES,
    block_units,
    strip_recurring,
    unit_hashes,
)
from hatch_cli.core.inert import shown_path
from hatch_cli.core.keywords import term_weights
from hatch_cli.core.terms import NoteTerms, analyse
from hatch_cli.core.text import MAX_BODY_CHARS, analysed_part
from hatch_cli.errors import NoteError
from hatch_cli.models import Note
from hatch_cli.notes import note_from_bytes, read_bytes, read_note
from hatch_cli.reports import SkippedNote
from hatch_cli.snapshot import (
    HATCHED,
    ROW,
    SKIPPED,
    Known,
    Snapshot,
    assemble,
    intern_id,
    snapshot_name,
)
from hatch_cli.vault import Vault
from hatch_cli.walk import NoteFile
from hatch_cli.workers import in_order, worker_pool

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from hatch_cli.cache import CacheReader, CacheWriter, NoteCache

    #: Pass 2's work for one chunk: (notes, what the run's read of each found, --errors,
    #: recurring units, --lang, the cache, whether to look each note up in it, whether to
    #: keep notes hatch wrote).
    NotesJob = tuple[
        list[str],
        list["Source"],
        str,
        frozenset[int],
        str | None,
        NoteCache | None,
        list[bool],
        bool,
    ]


# Below this many notes a process pool costs more to start than it saves (~1 ms a note).
PARALLEL_MIN_NOTES = 400
CHUNK_NOTES = 250
#: The bytes a chunk's read holds for the later passes, on average a note (a chunk of big
#: notes reads the ones past it again): what a run holds grows with the notes, not with
#: their size. A vault's notes are a few KiB each.
HOLD_BYTES_PER_NOTE = 64 << 10


@dataclass(frozen=True)
class Again:
    """A note whose bytes were not held for a later pass: read again then, and used only
    if they still have this note key (``note_key``: the bytes the first read found)."""

    key: bytes


#: What the run's one read of a note found, for a later pass: its bytes, why it can't be
#: read (a message), or ``Again``.
Source = bytes | str | Again
#: A message for a note read twice with different bytes (``Again``).
CHANGED = "changed while hatch ran: its bytes differ from a moment ago"


#: Called with (notes done, notes in all) while a vault is read.
Progress = Callable[[int, int], None]


@dataclass
class Chunk:
    """What a worker sends back for a run of notes: flat arrays and a local vocabulary,
    and the cache entries it made (``new``) or used from an earlier day (``used``)."""

    ok: list[int] = field(default_factory=list)  # positions (in the chunk) of notes read
    titles: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    links: list[tuple[str, ...]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    vocab: list[str] = field(default_factory=list)
    lengths: array[int] = field(default_factory=lambda: array("i"))
    terms: array[int] = field(default_factory=lambda: array("i"))
    text_tf: array[float] = field(default_factory=lambda: array("d"))
    fence_tf: array[float] = field(default_factory=lambda: array("d"))
    info: array[float] = field(default_factory=lambda: array("d"))
    counts: array[int] = field(default_factory=lambda: array("i"))
    new: list[tuple[bytes, bytes]] = field(default_factory=list)
    used: list[bytes] = field(default_factory=list)
    hatched: int = 0  # notes hatch wrote, left out
    changed: list[int] = field(default_factory=list)  # positions read again as other bytes
    fingerprints: list[bytes] = field(default_factory=list)  # of each note read (``_fingerprint``)
    #: With a cache: (position, note key, what it read as) of each note whose reading
    #: follows from its bytes alone, for the vault's snapshot (``snapshot``).
    known: list[tuple[int, bytes, Known]] = field(default_factory=list)
    #: (position, problem) of each note read with a problem worked around (``--errors
    #: replace``): said on stderr, as ``combine`` says it.
    warnings: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class UnitsChunk:
    """Pass 1 of a run of notes: each note's unit hashes (empty if unreadable), and whether
    they came from the cache (if not, the note is new or changed: pass 2 need not look);
    what the read found of each, for pass 2 (``Source``); the positions of notes read
    again (``Again``) as other bytes."""

    units: list[list[int]] = field(default_factory=list)
    cached: list[bool] = field(default_factory=list)
    new: list[tuple[bytes, bytes]] = field(default_factory=list)
    used: list[bytes] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)


#: Pass 1's work for one chunk: (notes, what a read of them found already (None: read them
#: now), the cache, whether to look in it, --errors, --lang).
UnitsJob = tuple[list[str], "list[Source] | None", "NoteCache | None", bool, str, "str | None"]


def _units_chunk(job: UnitsJob) -> UnitsChunk:
    """Pass 1: hashes of the line and paragraph units of each note (empty if unreadable),
    looked up in the cache when ``probe`` (there is one to look in); each note read now,
    or taken from ``sources`` (a rerun's hashing read it)."""
    disks, sources, cache, probe, errors, lang = job
    out = UnitsChunk()
    reader = cache.reader() if cache is not None and probe else None
    held = HOLD_BYTES_PER_NOTE * len(disks)
    try:
        for position, disk in enumerate(disks):
            if sources is None:
                found = _read_bytes(disk)
                source: Source = found
                if isinstance(found, bytes) and len(found) > held:
                    source = Again(note_key(cache, found, os.path.basename(disk), errors, lang))
                elif isinstance(found, bytes):
                    held -= len(found)
            else:
                source = sources[position]
                found, same = _bytes_of(disk, source, cache, errors, lang)
                if not same:
                    out.changed.append(position)
            out.sources.append(source)
            if not isinstance(found, bytes):  # pass 2 says why
                out.units.append([])
                out.cached.append(False)
                continue
            # The reader analyses no more than this of a body (a few bytes a character).
            head = found[: 4 * MAX_BODY_CHARS]
            key = cache.key(b"units", head) if cache is not None else b""
            stored = reader.get(key) if reader is not None else None
            units = decode_units(stored) if stored is not None else None
            out.cached.append(units is not None)
            if units is None:
                text = analysed_part(head.decode("utf-8", errors="replace"))
                units = sorted(unit_hashes(text))
                if cache is not None:
                    out.new.append((key, encode_units(units)))
            out.units.append(units)
    finally:
        if reader is not None:
            reader.close()
            out.used = reader.stale
    return out


def _read_bytes(disk: str) -> bytes | str:
    """A note's bytes, or why they can't be read."""
    try:
        return read_bytes(disk)
    except NoteError as err:
        return err.message


def _bytes_of(
    disk: str, source: Source, cache: NoteCache | None, errors: str, lang: str | None
) -> tuple[bytes | str, bool]:
    """The bytes of a note as the run's read found them (``source``), or why it can't be
    read; and whether those are what the read found (not when it is read again, ``Again``,
    and can't be now or has other bytes: ``CHANGED``)."""
    if not isinstance(source, Again):
        return source, True
    found = _read_bytes(disk)
    if not isinstance(found, bytes):
        return found, False
    if note_key(cache, found, os.path.basename(disk), errors, lang) != source.key:
        return CHANGED, False
    return found, True


def _notes_chunk(job: NotesJob) -> Chunk:
    """Pass 2: parse the bytes the run's read found (``Source``), strip recurring blocks,
    analyse; keep each note's weighted candidates (from the cache when it holds this note,
    read with the same recurring blocks; looked for only where ``probes`` says pass 1
    found the note there)."""
    disks, sources, errors, recurring, lang, cache, probes, keep_hatched = job
    chunk = Chunk()
    vocab: dict[str, int] = {}
    reader = cache.reader() if cache is not None and any(probes) else None
    try:
        for position, (disk, source) in enumerate(zip(disks, sources, strict=True)):
            data, same = _bytes_of(disk, source, cache, errors, lang)
            if not same:
                chunk.changed.append(position)
            if isinstance(data, str):
                chunk.skipped.append((position, data))
                continue
            name = os.path.basename(disk)
            key = b""
            reading = None
            cacheable = True
            if cache is not None:
                key = (
                    source.key
                    if isinstance(source, Again)
                    else note_key(cache, data, name, errors, lang)
                )
                if reader is not None and probes[position]:
                    reading = _cached_reading(reader, key, recurring)
            if reading is None:
                heard: list[str] = []
                reading, cacheable = _read(data, name, errors, recurring, lang, heard)
                chunk.warnings += [(position, problem) for problem in heard]
                # Kept out of the cache, so that every run reads it again and warns again.
                cacheable = cacheable and not heard
                if cache is not None and cacheable:
                    chunk.new.append((key, reading.encode()))
            if reading.hatched and not keep_hatched:
                chunk.hatched += 1
                kind = HATCHED
            elif reading.skipped is None:
                _pack(chunk, vocab, position, reading)
                chunk.fingerprints.append(note_fingerprint(data, name, errors, lang, reading.hits))
                kind = ROW
            else:
                chunk.skipped.append((position, reading.skipped))
                kind = SKIPPED
            if cache is not None and cacheable:
                known = Known(kind, reason=reading.skipped or "", blocks=reading.units)
                known.hits = reading.hits
                chunk.known.append((position, key, known))
    finally:
        if reader is not None:
            reader.close()
            chunk.used = reader.stale
    chunk.vocab = list(vocab)
    return chunk


def note_key(
    cache: NoteCache | None, data: bytes, name: str, errors: str, lang: str | None
) -> bytes:
    """The cache key of a note's reading: its bytes, its file's ``name`` and the reading
    options (without a cache, the same hash for another build).

    The name, not the folders: a note's reading is made from these alone (``_read``;
    the name is what a note without a title is titled by, ``notes.name_title``), so a
    note moved to another folder, or a vault copied elsewhere, still hits."""
    options = f"{errors}\0{lang or ''}".encode()
    parts = (b"note", options, os.fsencode(name), data)
    return cache.key(*parts) if cache is not None else entry_key(b"", *parts)


#: A file changed less than this long before it was looked at (ns) is hashed again by
#: the next run, however its ``os.stat`` looks: a change in the same clock tick could
#: leave its times and size as they were.
RACY_NS = 2_000_000_000


def stat_of(disk: str) -> bytes:
    """What a rerun trusts a file's key by: its device, inode, size, modification and
    change times (``os.stat``), taken before the file is read; b"" when it can't be
    trusted (no stat, or changed within ``RACY_NS`` of now, so that a change in the same
    tick as this look would go unseen). Any later write moves its change time."""
    now = time.time_ns()
    try:
        found = os.stat(disk)
    except OSError:
        return b""
    if max(found.st_mtime_ns, found.st_ctime_ns) > now - RACY_NS:
        return b""
    fields = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)
    return b"".join(value.to_bytes(16, "little", signed=True) for value in fields)


def _keys_chunk(
    job: tuple[list[str], NoteCache, str, str | None],
) -> list[tuple[bytes | str, Source]]:
    """The note key of each file (``note_key``), or why it can't be read, and what this
    read found, for the passes that follow (a rerun's first step when the vault has a
    snapshot)."""
    disks, cache, errors, lang = job
    found: list[tuple[bytes | str, Source]] = []
    held = HOLD_BYTES_PER_NOTE * len(disks)
    for disk in disks:
        data = _read_bytes(disk)
        if isinstance(data, str):
            found.append((data, data))
            continue
        key = note_key(cache, data, os.path.basename(disk), errors, lang)
        if len(data) <= held:
            held -= len(data)
            found.append((key, data))
        else:
            found.append((key, Again(key)))
    return found


def _cached_reading(reader: CacheReader, key: bytes, recurring: frozenset[int]) -> Reading | None:
    """The cached reading of a note, if it was read with the same recurring blocks."""
    found = reader.get(key)
    reading = Reading.decode(found) if found is not None else None
    if reading is None or reading.hits != tuple(u for u in reading.units if u in recurring):
        return None
    return reading


def _read(
    data: bytes,
    name: str,
    errors: str,
    recurring: frozenset[int],
    lang: str | None,
    heard: list[str],
) -> tuple[Reading, bool]:
    """A note's reading from its bytes and its file's ``name`` (what ``note_key`` holds:
    nothing else of its path may reach it), and whether it may be cached (a failure that
    does not follow from the note's bytes alone may not); problems worked around go to
    ``heard``."""
    units: list[int] = []

    def warn(_: str, problem: str) -> None:
        heard.append(problem)

    try:
        note = note_from_bytes(data, shown_path(name), errors=errors, warn=warn)
        note = _in_lang(note, lang)
        blocks = block_units(note)
        units = [unit for unit in blocks if unit >= 0]
        note = strip_recurring(note, recurring, blocks)
        # Counts only: display forms are read again for the few notes that are shown.
        terms = analyse(note, keep_sentences=False, keep_surfaces=False)
        names, text_tf, fence_tf, info = term_weights(terms)
    except NoteError as err:
        hits = tuple(unit for unit in units if unit in recurring)
        return Reading(units=tuple(units), hits=hits, skipped=err.message), True
    except (ValueError, TypeError, RecursionError, MemoryError) as err:
        return Reading(skipped=f"could not be parsed ({type(err).__name__})"), False
    reading = Reading(
        units=tuple(units),
        hits=tuple(unit for unit in units if unit in recurring),
        title=note.title,
        lang=note.lang,
        links=note.links,
        terms=tuple(names),
        text_tf=array("d", text_tf),
        fence_tf=array("d", fence_tf),
        info=array("d", info),
        counts=array("i", [terms.counts[term] for term in names]),
        hatched=bool(note.hatched_from),
    )
    return reading, True


def _pack(chunk: Chunk, vocab: dict[str, int], position: int, reading: Reading) -> None:
    chunk.ok.append(position)
    chunk.titles.append(reading.title)
    chunk.langs.append(reading.lang)
    chunk.links.append(reading.links)
    chunk.lengths.append(len(reading.terms))
    for term in reading.terms:
        term_id = vocab.get(term)
        if term_id is None:
            term_id = vocab[term] = len(vocab)
        chunk.terms.append(term_id)
    chunk.text_tf.extend(reading.text_tf)
    chunk.fence_tf.extend(reading.fence_tf)
    chunk.info.extend(reading.info)
    chunk.counts.extend(reading.counts)


def _in_lang(note: Note, lang: str | None) -> Note:
    return dataclasses.replace(note, lang=lang) if lang else note


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
    run = _Run(files, errors, lang, cache, include_hatched, progress)
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


class _Run:
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
        unit_lists: list[list[int]] = []
        cached: list[list[bool]] = []
        sources: list[list[Source]] = []
        units_jobs: list[UnitsJob] = [
            (chunk, None, cache, probe, self.errors, self.lang) for chunk in self.chunks
        ]
        for found in in_order(pool, _units_chunk, units_jobs):
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
        vault = _empty_vault(recurring, self.errors, self.lang)
        term_ids: dict[str, int] = {}
        known: list[tuple[bytes, Known]] = []
        start = 0
        for chunk_files, result in zip(
            self.chunks, in_order(pool, _notes_chunk, jobs), strict=True
        ):
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
        fresh_units = _units_chunk(
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
        recurring = recurring_units(
            units_of[i] if i in units_of else previous.units_of(key)
            for i, key in enumerate(keys)
            if isinstance(key, bytes)
        )
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
        chunk = _notes_chunk(
            (job, read, self.errors, recurring, self.lang, cache, [True] * len(job),
             self.include_hatched)
        )  # fmt: skip
        self.store(chunk.new, chunk.used)
        if chunk.changed:
            return None
        fresh = _empty_vault(recurring, self.errors, self.lang)
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
        for part in in_order(pool if len(jobs) > 1 else None, _keys_chunk, jobs):
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
            if kind == ROW:
                vault.paths.append(item.shown)
                vault.disks.append(item.disk)
                vault.keys.append(key)
            elif kind == SKIPPED:
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
        units_of: dict[int, list[int]],
        recurring: frozenset[int],
        *,
        full: bool,
    ) -> tuple[Vault, list[tuple[bytes, Known]]]:
        """The vault in walk order: rows of ``previous`` and of ``fresh`` (the notes read
        now, in ``chunk``), skipped notes and the hatched count; and what each file read as."""
        position_of = {i: position for position, i in enumerate(misses)}
        fresh_rows = {position: row for row, position in enumerate(chunk.ok)}
        fresh_skipped = dict(chunk.skipped)
        fresh_known = {position: (key, item) for position, key, item in chunk.known}
        parts: list[tuple[Vault, int] | None] = []
        skipped: list[SkippedNote] = []
        known: list[tuple[bytes, Known]] = []
        row_keys: list[bytes] = []
        hatched = 0
        row = 0
        for i, (item, key) in enumerate(zip(self.files, keys, strict=True)):
            part: tuple[Vault, int] | None = None
            entry: Known | None = None
            if isinstance(key, str):  # can't be read now
                skipped.append(SkippedNote(path=item.shown, reason=key))
            elif i in position_of:
                position = position_of[i]
                if position in fresh_rows:
                    part = (fresh, fresh_rows[position])
                elif position in fresh_skipped:
                    skipped.append(SkippedNote(path=item.shown, reason=fresh_skipped[position]))
                else:
                    hatched += 1
                if position in fresh_known:
                    found_key, entry = fresh_known[position]
                    entry.units = units_of[i] if i in units_of else previous.units_of(found_key)
                    known.append((found_key, entry))
            else:
                entry = previous.known(key) if full else previous.brief(key)
                assert entry is not None
                if entry.kind == ROW:
                    part = (previous.vault, entry.row)
                elif entry.kind == SKIPPED:
                    skipped.append(SkippedNote(path=item.shown, reason=entry.reason))
                else:
                    hatched += 1
                known.append((key, entry))
            if entry is not None:
                entry.disk, entry.stat = item.disk, stats[i]
            if part is not None:
                if entry is not None:
                    entry.row = row
                row_keys.append(known[-1][0] if entry is not None else b"")
                row += 1
            parts.append(part)
        sources = [previous.vault, fresh]
        vault = assemble(parts, self.files, sources, self.errors, self.lang, recurring)
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
    values, notes = np.unique(np.concatenate(arrays), return_counts=True)
    return frozenset(values[notes >= RECURRING_MIN_NOTES].tolist())


def _empty_vault(recurring: frozenset[int], errors: str, lang: str | None) -> Vault:
    return Vault(
        paths=[], disks=[], titles=[], langs=[], links=[], vocab=[],
        indptr=array("q", [0]), terms=array("i"), text_tf=array("d"), fence_tf=array("d"),
        info=array("d"), counts=array("i"), skipped=[], recurring=recurring, errors=errors,
        lang=lang,
    )  # fmt: skip


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
    vault.text_tf.extend(chunk.text_tf)
    vault.fence_tf.extend(chunk.fence_tf)
    vault.info.extend(chunk.info)
    vault.counts.extend(chunk.counts)


def default_workers(notes: int) -> int:
    """Processes to read a vault of ``notes`` with (threads to rank it with): the usable
    CPUs, up to 8, or 1 for a vault too small to gain from more."""
    if notes < PARALLEL_MIN_NOTES:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def read_one(path: str, shown: str, *, errors: str = "strict") -> Note:
    """Read one note again (for display), under the path it is shown as; a ``NoteError``
    names that path too."""
    try:
        note = read_note(path, errors=errors)
    except NoteError as err:
        raise NoteError(err.message, shown) from None
    return dataclasses.replace(note, path=shown)


def reread(vault: Vault, row: int, *, sentences: bool = False) -> NoteTerms | None:
    """Note ``row``'s terms with how it writes them and its phrases (and its sentences,
    if asked), read again on demand: ranking needs none of them, and keeping them for
    every note of a vault costs as much as the rest of the analysis. None if the note
    can no longer be read."""
    try:
        note = read_note(vault.disks[row], errors=vault.errors)
        note = strip_recurring(_in_lang(note, vault.lang), vault.recurring)
    except NoteError:
        return None
    return analyse(note, keep_sentences=sentences)
