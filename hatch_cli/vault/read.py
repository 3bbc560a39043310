"""Reading a vault: every note's keyword candidates as flat arrays, in parallel when it pays
and from the cache when a note has not changed.

Reading is two passes over the files:

1. *Recurring text* (cheap, no Markdown parse): every line, and every paragraph of
   consecutive lines, of every note is reduced to its words and hashed; a unit found in
   ``RECURRING_MIN_NOTES`` or more notes is a template line (``## Summary``, ``Status::
   draft``, a boilerplate footer), see ``core.reading.boilerplate``.
2. *Keywords*: each note is parsed, its blocks that are recurring text are dropped, and
   its terms are counted (``keywords.term_weights``: sublinear counts in its text and in
   its code blocks, and the word-frequency prior). The languages of a chunk's notes are
   told, and their prose counted and weighed, all at once (``engine``). Only those and
   the counts of the terms leave the worker, as flat arrays; the vault's weighting
   (``keywords.vault_weights``) and ``DocFreq`` are computed from them afterwards.

Each file is read once a run: the bytes pass 1 (or a rerun's hashing) read are the bytes
pass 2 parses, so a note edited while hatch runs reads as it was or as it is, never as
a mix of both (its template lines of one, its text of the other). Bytes are held for
pass 2 up to ``HOLD_BYTES_PER_NOTE`` a note on average; a note past that is read again,
and used only if it still has the bytes first read (``Again``).

A run of them (``rerun.read_vault``) puts the chunks together, and a rerun with a cache
takes the notes whose bytes it knows from the vault's snapshot (``snapshot``) and reads
only the others through the same passes.

Notes that can't be read are skipped and reported, never fatal (``--strict`` decides).

Why it is long: the two passes and a rerun's hashing share the one read of each file
(``Source``, ``Again``); kept together, that each file is read once is easier to check.
"""

from __future__ import annotations

import dataclasses
import os
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hatch_cli.core.reading.boilerplate import block_units, strip_recurring, unit_hashes
from hatch_cli.core.reading.inert import shown_path
from hatch_cli.core.reading.terms import analyse
from hatch_cli.core.reading.text import MAX_BODY_CHARS, analysed_part
from hatch_cli.errors import NoteError
from hatch_cli.models import Note
from hatch_cli.notes import language_sample, note_from_bytes, read_bytes
from hatch_cli.vault.cache_entries import (
    CacheSpace,
    Reading,
    decode_units,
    encode_units,
    entry_key,
    note_fingerprint,
)
from hatch_cli.vault.columns import COLUMNS, empty_columns
from hatch_cli.vault.engine import Weighed, detect_languages, weigh_notes
from hatch_cli.vault.snapshot import FileRead, Kind

if TYPE_CHECKING:
    from hatch_cli.core.reading.terms import NoteTerms
    from hatch_cli.vault.cache import CacheReader, NoteCache

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
    columns: dict[str, array[Any]] = field(default_factory=empty_columns)
    new: list[tuple[bytes, bytes]] = field(default_factory=list)
    used: list[bytes] = field(default_factory=list)
    hatched: int = 0  # notes hatch wrote, left out
    changed: list[int] = field(default_factory=list)  # positions read again as other bytes
    fingerprints: list[bytes] = field(default_factory=list)  # of each note read (``_fingerprint``)
    #: With a cache: (position, note key, what it read as) of each note whose reading
    #: follows from its bytes alone, for the vault's snapshot (``snapshot``).
    known: list[tuple[int, bytes, FileRead]] = field(default_factory=list)
    #: (position, problem) of each note read with a problem worked around (``--errors
    #: replace``): said on stderr, as ``combine`` says it.
    warnings: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class UnitsChunk:
    """Pass 1 of a run of notes: each note's unit hashes (empty if unreadable), and whether
    they came from the cache (if not, the note is new or changed: pass 2 need not look);
    what the read found of each, for pass 2 (``Source``); the positions of notes read
    again (``Again``) as other bytes."""

    units: list[array[int]] = field(default_factory=list)  # 8 bytes a hash, not a Python int
    cached: list[bool] = field(default_factory=list)
    new: list[tuple[bytes, bytes]] = field(default_factory=list)
    used: list[bytes] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)


#: Pass 1's work for one chunk: (notes, what a read of them found already (None: read them
#: now), the cache, whether to look in it, --errors, --lang).
UnitsJob = tuple[list[str], "list[Source] | None", "NoteCache | None", bool, str, "str | None"]


def units_chunk(job: UnitsJob) -> UnitsChunk:
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
                out.units.append(array("Q"))
                out.cached.append(False)
                continue
            # The reader analyses no more than this of a body (a few bytes a character).
            head = found[: 4 * MAX_BODY_CHARS]
            key = cache.key(CacheSpace.UNITS, head) if cache is not None else b""
            stored = reader.get(key) if reader is not None else None
            units = decode_units(stored) if stored is not None else None
            out.cached.append(units is not None)
            if units is None:
                text = analysed_part(head.decode("utf-8", errors="replace"))
                units = sorted(unit_hashes(text))
                if cache is not None:
                    out.new.append((key, encode_units(units)))
            out.units.append(array("Q", units))
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


def notes_chunk(job: NotesJob) -> Chunk:
    """Pass 2: parse the bytes the run's read found (``Source``), strip recurring blocks,
    analyse; keep each note's weighted candidates (from the cache when it holds this note,
    read with the same recurring blocks; looked for only where ``probes`` says pass 1
    found the note there)."""
    disks, sources, errors, recurring, lang, cache, probes, keep_hatched = job
    chunk = Chunk()
    vocab: dict[str, int] = {}
    reader = cache.reader() if cache is not None and any(probes) else None
    # (position, bytes, file name, key, its reading or the parse to weigh, whether it may
    # be cached, whether it was read now)
    read: list[tuple[int, bytes, str, bytes, Reading | Parsed | Note, bool, bool]] = []
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
            found: Reading | Parsed | Note | None = None
            cacheable = True
            if cache is not None:
                key = (
                    source.key
                    if isinstance(source, Again)
                    else note_key(cache, data, name, errors, lang)
                )
                if reader is not None and probes[position]:
                    found = _cached_reading(reader, key, recurring)
            fresh = found is None
            if found is None:
                heard: list[str] = []
                found, cacheable = _parse(data, name, errors, heard)
                chunk.warnings += [(position, problem) for problem in heard]
                # Kept out of the cache, so that every run reads it again and warns again.
                cacheable = cacheable and not heard
            read.append((position, data, name, key, found, cacheable, fresh))
    finally:
        if reader is not None:
            reader.close()
            chunk.used = reader.stale
    # The languages of the notes parsed now that don't say theirs, told at once; their
    # terms counted, and the per-word work of them all done at once (``engine``).
    untold = [item[4] for item in read if isinstance(item[4], Note) and not item[4].lang]
    samples = [language_sample(note.title, note.blocks) for note in untold] if lang is None else []
    told = iter(detect_languages(samples) if samples else ())
    analysed: list[tuple[int, bytes, str, bytes, Reading | Parsed, bool, bool]] = []
    for position, data, name, key, found, cacheable, fresh in read:
        if isinstance(found, Note):
            if lang is None and not found.lang:
                found = dataclasses.replace(found, lang=next(told))
            found, keep = _analyse(found, recurring, lang)
            cacheable = cacheable and keep
        analysed.append((position, data, name, key, found, cacheable, fresh))
    parsed = [item[4] for item in analysed if isinstance(item[4], Parsed)]
    weighed = iter(weigh_notes([found.terms for found in parsed]) if parsed else ())
    for position, data, name, key, found, cacheable, fresh in analysed:
        reading = found if isinstance(found, Reading) else found.reading(next(weighed))
        if cache is not None and cacheable and fresh:
            chunk.new.append((key, reading.encode()))
        if reading.hatched and not keep_hatched:
            chunk.hatched += 1
            kind = Kind.HATCHED
        elif reading.skipped is None:
            _pack(chunk, vocab, position, reading)
            print_ = note_fingerprint(data, name, errors, lang, reading.repeated)
            chunk.fingerprints.append(print_)
            kind = Kind.ROW
        else:
            chunk.skipped.append((position, reading.skipped))
            kind = Kind.SKIPPED
        if cache is not None and cacheable:
            read_as = FileRead(kind, reason=reading.skipped or "", blocks=reading.units)
            read_as.repeated = reading.repeated
            chunk.known.append((position, key, read_as))
    chunk.vocab = list(vocab)
    return chunk


def note_key(
    cache: NoteCache | None, data: bytes, name: str, errors: str, lang: str | None
) -> bytes:
    """The cache key of a note's reading: its bytes, its file's ``name`` and the reading
    options (without a cache, the same hash for another build).

    The name, not the folders: a note's reading is made from these alone (``_parse``;
    the name is what a note without a title is titled by, ``notes.name_title``), so a
    note moved to another folder, or a vault copied elsewhere, still hits."""
    options = f"{errors}\0{lang or ''}".encode()
    parts = (CacheSpace.NOTE, options, os.fsencode(name), data)
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


def keys_chunk(
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
    if reading is None or reading.repeated != tuple(u for u in reading.units if u in recurring):
        return None
    return reading


@dataclass
class Parsed:
    """A note parsed now, its terms to count and weigh with the others (``engine``)."""

    note: Note
    units: list[int]
    repeated: tuple[int, ...]
    terms: NoteTerms

    def reading(self, weighed: Weighed) -> Reading:
        """Its reading, with its terms weighed (``engine.weigh_notes``)."""
        names, *values = weighed
        found: list[Any] = values
        note = self.note
        return Reading(
            units=tuple(self.units),
            repeated=self.repeated,
            title=note.title,
            lang=note.lang,
            links=note.links,
            terms=tuple(names),
            columns={
                column.name: array(column.typecode, value)
                for column, value in zip(COLUMNS, found, strict=True)
            },
            hatched=bool(note.hatched_from),
        )


def _parse(data: bytes, name: str, errors: str, heard: list[str]) -> tuple[Reading | Note, bool]:
    """A note parsed from its bytes and its file's ``name`` (what ``note_key`` holds:
    nothing else of its path may reach it), its language not told yet when it does not
    say it (``detect_languages`` tells many at once), or why it is skipped, as a reading;
    and whether it may be cached (a failure that does not follow from the note's bytes
    alone may not); problems worked around go to ``heard``."""

    def warn(_: str, problem: str) -> None:
        heard.append(problem)

    try:
        return note_from_bytes(data, shown_path(name), errors=errors, warn=warn, detect=False), True
    except NoteError as err:
        return Reading(skipped=err.message), True
    except (ValueError, TypeError, RecursionError, MemoryError) as err:
        return Reading(skipped=f"could not be parsed ({type(err).__name__})"), False


def _analyse(
    note: Note, recurring: frozenset[int], lang: str | None
) -> tuple[Reading | Parsed, bool]:
    """A parsed note's terms, to weigh with the others (``engine``), or why it is
    skipped; and whether that may be cached (as ``_parse``)."""
    units: list[int] = []
    try:
        note = _in_lang(note, lang)
        blocks = block_units(note)
        units = [unit for unit in blocks if unit >= 0]
        note = strip_recurring(note, recurring, blocks)
        # Counts only (display forms are read again for the few notes that are shown);
        # the prose is counted with the other notes' (``engine``).
        terms = analyse(note, keep_sentences=False, keep_surfaces=False, defer_prose=True)
    except NoteError as err:
        repeated = tuple(unit for unit in units if unit in recurring)
        return Reading(units=tuple(units), repeated=repeated, skipped=err.message), True
    except (ValueError, TypeError, RecursionError, MemoryError) as err:
        return Reading(skipped=f"could not be parsed ({type(err).__name__})"), False
    repeated = tuple(unit for unit in units if unit in recurring)
    return Parsed(note, units, repeated, terms), True


def _pack(chunk: Chunk, vocab: dict[str, int], position: int, reading: Reading) -> None:
    chunk.ok.append(position)
    chunk.titles.append(reading.title)
    chunk.langs.append(reading.lang)
    chunk.links.append(reading.links)
    chunk.lengths.append(len(reading.terms))
    # Ids in order of first appearance, as one at a time would give, in C loops.
    new = [term for term in reading.terms if term not in vocab]
    vocab.update(zip(new, range(len(vocab), len(vocab) + len(new)), strict=True))
    chunk.terms.extend(map(vocab.__getitem__, reading.terms))
    for column in COLUMNS:
        chunk.columns[column.name].extend(reading.columns[column.name])


def _in_lang(note: Note, lang: str | None) -> Note:
    return dataclasses.replace(note, lang=lang) if lang else note
