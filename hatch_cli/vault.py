"""The input edge for folders: walk a vault, read its notes (in parallel when it pays), and
hand the core compact per-note keyword candidates.

Walk rules: a folder is walked recursively for ``*.md`` and ``*.markdown``; hidden folders
and files (``.obsidian``, ``.git``, ``.trash``) are skipped; a symlink is followed unless it
leads back into a folder already being walked (a loop) or to a file already collected.
``--glob`` keeps only matching paths, ``--exclude`` drops matching paths (both matched
against the path relative to the folder given, and against the file name).

Reading a vault is two passes over the files:

1. *Recurring text* (cheap, no Markdown parse): every line, and every paragraph of
   consecutive lines, of every note is reduced to its words and hashed; a unit found in
   ``RECURRING_MIN_NOTES`` or more notes is a template line (``## Summary``, ``Status::
   draft``, a boilerplate footer), see ``core.rank.unit_key``.
2. *Keywords*: each note is parsed, its blocks that are recurring text are dropped, and
   its terms are counted (``keywords.term_weights``: sublinear counts in its text and in
   its code blocks, and the word-frequency prior). Only those and the counts of the terms
   leave the worker, as flat arrays; the vault's weighting (``keywords.vault_weights``)
   and ``DocFreq`` are computed from them afterwards.

Notes that can't be read are skipped and reported, never fatal (``--strict`` decides).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import marshal
import os
import stat
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, TypeVar

from hatch_cli.core.keywords import DocFreq, analyse, term_weights, vault_docfreq
from hatch_cli.core.rank import (
    RECURRING_MIN_NOTES,
    block_units,
    strip_recurring,
    unit_hashes,
)
from hatch_cli.core.text import MAX_BODY_CHARS, analysed_part, shown_path
from hatch_cli.errors import NoteError
from hatch_cli.models import Note
from hatch_cli.notes import note_from_bytes, read_bytes, read_note
from hatch_cli.reports import SkippedNote

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from hatch_cli.cache import CacheReader, NoteCache

    #: Pass 2's work for one chunk: (notes, --errors, recurring units, --lang, the cache,
    #: whether to look each note up in it).
    NotesJob = tuple[list[str], str, frozenset[int], str | None, NoteCache | None, list[bool]]

J = TypeVar("J")
R = TypeVar("R")

NOTE_SUFFIXES = (".md", ".markdown")
# Below this many notes a process pool costs more to start than it saves (~1 ms a note).
PARALLEL_MIN_NOTES = 400
CHUNK_NOTES = 250

#: Called with (notes done, notes in all) while a vault is read.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class NoteFile:
    """A note found on disk: where to read it, and the path to show for it."""

    disk: str
    shown: str


@dataclass
class Walk:
    """What walking the arguments found: notes to read, and paths passed over."""

    files: list[NoteFile] = field(default_factory=list)
    skipped: list[SkippedNote] = field(default_factory=list)
    folders: int = 0


def walk(paths: Sequence[str], *, globs: Sequence[str] = (), excludes: Sequence[str] = ()) -> Walk:
    """Expand files and folders into notes, sorted by shown path, duplicates removed.

    A path that does not exist raises ``NoteError``: a typo in a folder name should not
    look like an empty vault.
    """
    found = Walk()
    seen_files: set[tuple[int, int]] = set()
    for given in paths:
        try:
            info = os.stat(given)
        except FileNotFoundError:
            raise NoteError("no such file or folder", given) from None
        except OSError as err:
            raise NoteError(err.strerror or "cannot be read", given) from None
        if stat.S_ISDIR(info.st_mode):
            found.folders += 1
            _walk_folder(given, found, seen_files, globs, excludes)
        elif (info.st_dev, info.st_ino) not in seen_files:
            # A file named on the command line is read whatever its suffix, shown as given.
            seen_files.add((info.st_dev, info.st_ino))
            found.files.append(NoteFile(given, shown_path(given)))
    found.files.sort(key=lambda item: item.shown)
    return found


def _walk_folder(
    root: str,
    found: Walk,
    seen_files: set[tuple[int, int]],
    globs: Sequence[str],
    excludes: Sequence[str],
) -> None:
    root_info = os.stat(root)
    # (folder on disk, its path relative to root, the folders above it: for loop checks)
    stack: list[tuple[str, str, frozenset[tuple[int, int]]]] = [
        (root, "", frozenset({(root_info.st_dev, root_info.st_ino)}))
    ]
    while stack:
        folder, rel, ancestors = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as err:
            found.skipped.append(
                SkippedNote(path=rel or ".", reason=f"folder not read: {err.strerror}")
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            shown = shown_path(f"{rel}/{entry.name}" if rel else entry.name)
            try:
                info = entry.stat()  # follows symlinks
            except OSError:
                found.skipped.append(SkippedNote(path=shown, reason="broken symlink"))
                continue
            key = (info.st_dev, info.st_ino)
            if stat.S_ISDIR(info.st_mode):
                if key in ancestors:
                    continue  # a symlink back up the tree: never follow a loop
                stack.append((entry.path, shown, ancestors | {key}))
            elif stat.S_ISREG(info.st_mode) and entry.name.lower().endswith(NOTE_SUFFIXES):
                if not _selected(shown, globs, excludes) or key in seen_files:
                    continue
                seen_files.add(key)
                found.files.append(NoteFile(entry.path, shown))


def _selected(shown: str, globs: Sequence[str], excludes: Sequence[str]) -> bool:
    """``--glob`` patterns keep, ``--exclude`` patterns drop (path or file name matches)."""

    def matches(pattern: str) -> bool:
        pure = PurePosixPath(shown)
        return (
            fnmatch.fnmatchcase(shown, pattern)
            or fnmatch.fnmatchcase(pure.name, pattern)
            or pure.match(pattern)
        )

    if globs and not any(matches(pattern) for pattern in globs):
        return False
    return not any(matches(pattern) for pattern in excludes)


# --------------------------------------------------------------------------- reading


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


@dataclass
class UnitsChunk:
    """Pass 1 of a run of notes: each note's unit hashes (empty if unreadable), and whether
    they came from the cache (if not, the note is new or changed: pass 2 need not look)."""

    units: list[list[int]] = field(default_factory=list)
    cached: list[bool] = field(default_factory=list)
    new: list[tuple[bytes, bytes]] = field(default_factory=list)
    used: list[bytes] = field(default_factory=list)


def _units_chunk(job: tuple[list[str], NoteCache | None, bool]) -> UnitsChunk:
    """Pass 1: hashes of the line and paragraph units of each note (empty if unreadable),
    looked up in the cache when ``probe`` (there is one to look in)."""
    disks, cache, probe = job
    out = UnitsChunk()
    reader = cache.reader() if cache is not None and probe else None
    try:
        for disk in disks:
            try:
                with open(disk, "rb") as handle:
                    # The reader analyses no more than this of a body (a few bytes a character).
                    data = handle.read(4 * MAX_BODY_CHARS)
            except OSError:
                out.units.append([])
                out.cached.append(False)
                continue
            key = cache.key(b"units", data) if cache is not None else b""
            units = _cached_units(reader, key) if reader is not None else None
            out.cached.append(units is not None)
            if units is None:
                text = analysed_part(data.decode("utf-8", errors="replace"))
                units = sorted(unit_hashes(text))
                if cache is not None:
                    out.new.append((key, array("Q", units).tobytes()))
            out.units.append(units)
    finally:
        if reader is not None:
            reader.close()
            out.used = reader.stale
    return out


def _cached_units(reader: CacheReader, key: bytes) -> list[int] | None:
    found = reader.get(key)
    if found is None:
        return None
    units = array("Q")
    try:
        units.frombytes(found)
    except ValueError:
        return None
    return units.tolist()


@dataclass(frozen=True)
class Reading:
    """What pass 2 keeps of one note (what a cache entry holds): its weighted candidate
    terms, or why it was skipped. ``units`` are the unit hashes of its blocks and ``hits``
    those the vault repeats (and that were dropped): an entry is only good for a vault
    that repeats the same ones."""

    units: tuple[int, ...] = ()
    hits: tuple[int, ...] = ()
    skipped: str | None = None
    title: str = ""
    lang: str = ""
    links: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    text_tf: array[float] = field(default_factory=lambda: array("d"))
    fence_tf: array[float] = field(default_factory=lambda: array("d"))
    info: array[float] = field(default_factory=lambda: array("d"))
    counts: array[int] = field(default_factory=lambda: array("i"))

    def encode(self) -> bytes:
        return marshal.dumps(
            (
                array("Q", self.units).tobytes(), array("Q", self.hits).tobytes(), self.skipped,
                self.title, self.lang, self.links, self.terms, self.text_tf.tobytes(),
                self.fence_tf.tobytes(), self.info.tobytes(), self.counts.tobytes(),
            )
        )  # fmt: skip

    @classmethod
    def decode(cls, value: bytes) -> Reading | None:
        """The reading stored in ``value``, or None if it is not one (a damaged entry)."""
        try:
            fields = marshal.loads(value)
            units, hits, counts = array("Q"), array("Q"), array("i")
            text_tf, fence_tf, info = array("d"), array("d"), array("d")
            units.frombytes(fields[0])
            hits.frombytes(fields[1])
            text_tf.frombytes(fields[7])
            fence_tf.frombytes(fields[8])
            info.frombytes(fields[9])
            counts.frombytes(fields[10])
            reading = cls(
                units=tuple(units), hits=tuple(hits), skipped=fields[2], title=fields[3],
                lang=fields[4], links=fields[5], terms=fields[6], text_tf=text_tf,
                fence_tf=fence_tf, info=info, counts=counts,
            )  # fmt: skip
        except (ValueError, EOFError, TypeError, IndexError):
            return None
        size = len(reading.terms)
        if not size == len(text_tf) == len(fence_tf) == len(info) == len(counts):
            return None
        return reading


def _notes_chunk(job: NotesJob) -> Chunk:
    """Pass 2: read, strip recurring blocks, analyse; keep each note's weighted candidates
    (from the cache when it holds this note, read with the same recurring blocks; looked
    for only where ``probes`` says pass 1 found the note there)."""
    disks, errors, recurring, lang, cache, probes = job
    chunk = Chunk()
    vocab: dict[str, int] = {}
    reader = cache.reader() if cache is not None and any(probes) else None
    try:
        for position, disk in enumerate(disks):
            try:
                data = read_bytes(disk)
            except NoteError as err:
                chunk.skipped.append((position, err.message))
                continue
            key = b""
            reading = None
            if cache is not None:
                options = f"{errors}\0{lang or ''}".encode()
                # The file's name, not its folder: only the name (as a title) can change
                # what a note reads as, so a note moved to another folder still hits.
                key = cache.key(b"note", options, os.fsencode(os.path.basename(disk)), data)
                if reader is not None and probes[position]:
                    reading = _cached_reading(reader, key, recurring)
            if reading is None:
                reading, cacheable = _read(data, disk, errors, recurring, lang)
                if cache is not None and cacheable:
                    chunk.new.append((key, reading.encode()))
            _pack(chunk, vocab, position, reading)
    finally:
        if reader is not None:
            reader.close()
            chunk.used = reader.stale
    chunk.vocab = list(vocab)
    return chunk


def _cached_reading(reader: CacheReader, key: bytes, recurring: frozenset[int]) -> Reading | None:
    """The cached reading of a note, if it was read with the same recurring blocks."""
    found = reader.get(key)
    reading = Reading.decode(found) if found is not None else None
    if reading is None or reading.hits != tuple(u for u in reading.units if u in recurring):
        return None
    return reading


def _read(
    data: bytes, disk: str, errors: str, recurring: frozenset[int], lang: str | None
) -> tuple[Reading, bool]:
    """A note's reading from its bytes, and whether it may be cached (a failure that does
    not follow from the note's bytes alone may not)."""
    units: list[int] = []
    try:
        note = _in_lang(note_from_bytes(data, shown_path(disk), errors=errors), lang)
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
    )
    return reading, True


def _pack(chunk: Chunk, vocab: dict[str, int], position: int, reading: Reading) -> None:
    if reading.skipped is not None:
        chunk.skipped.append((position, reading.skipped))
        return
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


@dataclass
class Vault:
    """The notes of a vault as flat arrays: the input of ``core.rank``.

    Note ``i`` owns entries ``indptr[i]:indptr[i+1]`` of ``terms`` (ids into ``vocab``),
    ``text_tf``, ``fence_tf`` and ``info`` (what its weight is made of, see
    ``keywords.term_weights``) and ``counts``; ``display_forms`` gives how a note writes
    its terms.
    """

    paths: list[str]
    disks: list[str]
    titles: list[str]
    langs: list[str]
    links: list[tuple[str, ...]]
    vocab: list[str]
    indptr: array[int]
    terms: array[int]
    text_tf: array[float]
    fence_tf: array[float]
    info: array[float]
    counts: array[int]
    skipped: list[SkippedNote]
    recurring: frozenset[int]
    # Interning tables, used only while chunks are merged in.
    _term_ids: dict[str, int] = field(default_factory=dict, repr=False)
    errors: str = "strict"
    lang: str | None = None  # --lang: every note's language, instead of its own

    def display_forms(self, row: int) -> dict[str, str]:
        """Term -> how note ``row`` writes it, read again on demand: ranking needs no
        surface forms, and keeping them for every note of a vault costs as much as the
        rest of the analysis."""
        try:
            note = read_note(self.disks[row], errors=self.errors)
            note = strip_recurring(_in_lang(note, self.lang), self.recurring)
        except NoteError:
            return {}
        terms = analyse(note, keep_sentences=False)
        return {term: terms.display(term) for term in terms.surfaces}

    def docfreq(self) -> DocFreq:
        """What the vault says about the rarity of its terms (``keywords.vault_docfreq``)."""
        return vault_docfreq(self.terms, self.info, self.vocab, len(self.paths))


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
) -> Vault:
    """Read every note (skipping bad ones), in a process pool when the vault is large;
    with a ``cache``, what an unchanged note yields is taken from it (see ``cache``)."""
    disks = [item.disk for item in files]
    chunks = [disks[start : start + CHUNK_NOTES] for start in range(0, len(disks), CHUNK_NOTES)]
    count = workers if workers is not None else default_workers(len(files))
    total = 2 * len(files)
    done = 0

    def tick(amount: int) -> None:
        nonlocal done
        done += amount
        if progress is not None:
            progress(done, total)

    pool = _pool(count) if count > 1 else None
    # Opened on its first write, which comes after the pool has forked its workers.
    writer = cache.writer() if cache is not None else None
    # A cache file that is not there yet has nothing to look up.
    probe = cache is not None and os.path.exists(cache.path)
    try:
        unit_lists: list[list[int]] = []
        cached: list[list[bool]] = []
        for found in _map(pool, _units_chunk, [(chunk, cache, probe) for chunk in chunks]):
            unit_lists += found.units
            cached.append(found.cached)
            if writer is not None:
                writer.add(found.new, found.used)
            tick(len(found.units))
        recurring = recurring_units(unit_lists)
        del unit_lists
        jobs: list[NotesJob] = [
            (chunk, errors, recurring, lang, cache, probes)
            for chunk, probes in zip(chunks, cached, strict=True)
        ]
        vault = _empty_vault(recurring)
        vault.errors = errors
        vault.lang = lang
        start = 0
        for chunk_files, result in zip(chunks, _map(pool, _notes_chunk, jobs), strict=True):
            _merge(vault, files[start : start + len(chunk_files)], result)
            if writer is not None:
                writer.add(result.new, result.used)
            start += len(chunk_files)
            tick(len(chunk_files))
        vault._term_ids.clear()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if writer is not None:
            writer.close()
    return vault


def recurring_units(unit_lists: Iterable[list[int]]) -> frozenset[int]:
    """Hashes of the units that occur in ``RECURRING_MIN_NOTES`` notes or more."""
    seen: dict[int, int] = {}
    for units in unit_lists:
        for unit in units:
            seen[unit] = seen.get(unit, 0) + 1
    return frozenset(unit for unit, notes in seen.items() if notes >= RECURRING_MIN_NOTES)


def _empty_vault(recurring: frozenset[int]) -> Vault:
    return Vault(
        paths=[], disks=[], titles=[], langs=[], links=[], vocab=[],
        indptr=array("q", [0]), terms=array("i"), text_tf=array("d"), fence_tf=array("d"),
        info=array("d"), counts=array("i"), skipped=[], recurring=recurring,
    )  # fmt: skip


def _merge(vault: Vault, files: Sequence[NoteFile], chunk: Chunk) -> None:
    term_map = [_intern(term, vault._term_ids, vault.vocab) for term in chunk.vocab]
    for position, reason in chunk.skipped:
        vault.skipped.append(SkippedNote(path=files[position].shown, reason=reason))
    end = vault.indptr[-1]
    for position, length in zip(chunk.ok, chunk.lengths, strict=True):
        vault.paths.append(files[position].shown)
        vault.disks.append(files[position].disk)
        end += length
        vault.indptr.append(end)
    vault.titles += chunk.titles
    vault.langs += chunk.langs
    vault.links += chunk.links
    vault.terms.extend(map(term_map.__getitem__, chunk.terms))
    vault.text_tf.extend(chunk.text_tf)
    vault.fence_tf.extend(chunk.fence_tf)
    vault.info.extend(chunk.info)
    vault.counts.extend(chunk.counts)


def _intern(text: str, index: dict[str, int], table: list[str]) -> int:
    found = index.get(text)
    if found is None:
        found = index[text] = len(table)
        table.append(text)
    return found


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


def _pool(workers: int) -> ProcessPoolExecutor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork starts workers in milliseconds and shares the loaded lexicon; where it is not
    # available (Windows, macOS default) the platform default works too, only slower.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _map(
    pool: ProcessPoolExecutor | None, function: Callable[[J], R], jobs: Sequence[J]
) -> Iterator[R]:
    if pool is None:
        return map(function, jobs)
    return pool.map(function, jobs)


def read_one(path: str, shown: str, *, errors: str = "strict") -> Note:
    """Read one note for display purposes, under the path it is shown as."""
    return dataclasses.replace(read_note(path, errors=errors), path=shown)


@dataclass(frozen=True)
class VaultContext:
    """What ``hatch combine --vault FOLDER`` needs to score notes as ``hatch pairs`` does."""

    docfreq: DocFreq
    recurring: frozenset[int]

    def prepare(self, note: Note) -> Note:
        """The note without the template text of the vault (as ``pairs`` reads it)."""
        return strip_recurring(note, self.recurring)

    def vector(self, note: Note) -> dict[str, float]:
        """The note's keyword vector in this vault: the one ``hatch pairs`` compares."""
        from hatch_cli.core.keywords import top_vector, weights
        from hatch_cli.core.pairing import VECTOR_SIZE

        terms = analyse(self.prepare(note), keep_sentences=False)
        return top_vector(weights(terms, self.docfreq), VECTOR_SIZE)


def vault_context(
    paths: Sequence[str], *, errors: str = "strict", cache: NoteCache | None = None
) -> VaultContext:
    """Read a vault (bad notes skipped) for its ``DocFreq`` and recurring template text."""
    found = walk(paths)
    vault = read_vault(found.files, errors=errors, cache=cache)
    return VaultContext(docfreq=vault.docfreq(), recurring=vault.recurring)
