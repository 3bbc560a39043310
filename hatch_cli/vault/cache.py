"""A cache of what reading a note yields, so that a rerun on a vault parses only the notes
that changed.

Reading is most of what ``hatch pairs`` costs on a large vault (over a millisecond a
note a core: Markdown parse, language guess, keywords), and vaults change a few notes at
a time. What reading a note yields depends only on its bytes, its file's name (a note
without a title is named after it, never after its folders), the options that change
reading (``--errors``, ``--lang``) and the code that reads it, so an entry's key is a
hash of all of these: a note that changed in any way simply misses. The one input from
outside the note, which of its blocks the vault repeats, is checked on every hit (see
``read``).

The cache is one SQLite file per build of hatch (its code and the versions of the
libraries that read notes) in the user's cache folder, or ``HATCH_CACHE_DIR``; entries
unused for ``KEEP_DAYS`` days are dropped. It only ever saves time: a cache that can't
be opened, read or written is passed over, and the output is the same with it, without
it (``--no-cache``) or with a stale one. A cache folder others could tamper with (not
the user's, or writable by others) is not used, with one notice; no file of the cache
is ever opened through a symlink; an entry that does not decode to what hatch wrote
(``cache_entries``) is a miss. Nor does the cache fill its disk: it writes nothing that
would leave less than ``FREE_RESERVE`` free (room for the output), and keeps its
write-ahead log short (``WAL_LIMIT``; given back when a write finds the disk full), with
one notice when it stops for lack of room.

Why it is long: it is all of hatch's access to the SQLite file (its tables, lookups,
writes in bounded parts, pruning). Where the file lives and the checks that keep it safe
to open are in ``cache_files``; what the stored values hold (and the namespaces of their
keys, ``CacheSpace``) in ``cache_entries`` and ``stored_fields``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hatch_cli.vault.cache_entries import entry_key
from hatch_cli.vault.cache_files import (
    CACHE_DIR_ENV,
    COMPANIONS,
    build_fingerprint,
    cache_dir,
    create_private,
    file_problem,
    folder_problem,
)

#: Anything with the buffer protocol (bytes, an ``array``, a numpy array).
Buffer = Any

#: Entries (and the files of other hatch builds) unused this many days are deleted.
KEEP_DAYS = 30
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries "
    "(key BLOB PRIMARY KEY, value BLOB NOT NULL, used INTEGER NOT NULL)"
)
# The day entries were last pruned: pruning reads the whole table, so once a day at most.
_PRUNED_SCHEMA = "CREATE TABLE IF NOT EXISTS pruned (day INTEGER NOT NULL)"
# Whole read vaults (``snapshot``) and their last rankings, each as ``parts`` rows of at
# most ``PART_BYTES`` (numbered from 0): what a rerun takes instead of its notes. Stored
# whole, a 100,000-note snapshot (hundreds of megabytes) was held three times at once
# (its bytes, SQLite's copy of the bound value, and the record it wrote).
_VAULTS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS vault_parts (name BLOB NOT NULL, part INTEGER NOT NULL, "
    "parts INTEGER NOT NULL, value BLOB NOT NULL, used INTEGER NOT NULL, "
    "PRIMARY KEY (name, part))"
)
#: The most bytes of a stored vault one row holds.
PART_BYTES = 16 << 20
#: The cache writes nothing that would leave its disk with less free than this: a nearly
#: full disk keeps room for the output (and for everything else on it).
FREE_RESERVE = 64 << 20
#: The write-ahead log is cut back to this once checkpointed (it grows to the size of the
#: writes between two checkpoints: a stored vault, hundreds of megabytes at 100,000 notes).
WAL_LIMIT = 4 << 20


@dataclass(frozen=True)
class NoteCache:
    """Where the cache file is, the build it belongs to, and today's day number.

    Picklable (a plain value), so that reading workers can open it themselves: an SQLite
    connection must never cross a ``fork``.
    """

    path: str
    build: bytes
    today: int = field(default_factory=lambda: int(time.time() // 86400))
    #: Hears, once, that the cache could not be written for lack of space.
    notify: Callable[[str], None] | None = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        # Reading workers only look entries up: they have nothing to say, nor any way to.
        return {**self.__dict__, "notify": None}

    def key(self, *parts: bytes) -> bytes:
        """The entry key of a note: a hash of this build and ``parts``."""
        return entry_key(self.build, *parts)

    def reader(self) -> CacheReader:
        return CacheReader(self)

    def writer(self) -> CacheWriter:
        return CacheWriter(self)


class CacheReader:
    """Looks entries up; any SQLite problem makes every lookup a miss. ``stale`` collects
    the keys found that were last used before today (for the writer to mark used)."""

    def __init__(self, cache: NoteCache) -> None:
        self.today = cache.today
        self.stale: list[bytes] = []
        self._connection: sqlite3.Connection | None = None
        if os.path.lexists(cache.path) and file_problem(cache.path) is None:
            try:
                self._connection = sqlite3.connect(cache.path, timeout=5)
                # One read transaction for all lookups: SQLite then takes its snapshot of
                # the file once, not once a note (a fifth of the time of a lookup).
                self._connection.execute("BEGIN")
            except sqlite3.Error:
                self.close()

    def get(self, key: bytes) -> bytes | None:
        """The value stored under ``key``, if any."""
        if self._connection is None:
            return None
        try:
            row = self._connection.execute(
                "SELECT value, used FROM entries WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error:
            self.close()
            return None
        if row is None or not isinstance(row[0], bytes):
            return None
        if row[1] != self.today:
            self.stale.append(key)
        return row[0]

    def vault(self, name: bytes) -> bytearray | None:
        """The value stored under ``name`` by ``CacheWriter.put_vault``, if all its parts
        are there (put back together part by part, in one buffer)."""
        if self._connection is None:
            return None
        try:
            sizes = self._connection.execute(
                "SELECT count(*), min(parts), max(parts), min(part), max(part), "
                "sum(length(value)) FROM vault_parts WHERE name = ?",
                (name,),
            ).fetchone()
            count, parts, most, first, last, total = sizes
            if not count or parts != most or count != parts or (first, last) != (0, parts - 1):
                return None
            value = bytearray(total)
            at = 0
            for part, (chunk,) in enumerate(
                self._connection.execute(
                    "SELECT value FROM vault_parts WHERE name = ? ORDER BY part", (name,)
                )
            ):
                if part >= parts or not isinstance(chunk, bytes) or at + len(chunk) > total:
                    return None
                value[at : at + len(chunk)] = chunk
                at += len(chunk)
                del chunk
        except sqlite3.Error:  # no such table yet, or a damaged file
            return None
        return value if at == total else None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class _NoRoom(Exception):
    """A write would leave the cache's disk with less than ``FREE_RESERVE`` free."""


class CacheWriter:
    """Stores new entries and marks used ones, a transaction at a time; opened on first use,
    given up at the first SQLite or file-system error (silently, but for a disk with no
    room left: ``FREE_RESERVE``)."""

    def __init__(self, cache: NoteCache) -> None:
        self.cache = cache
        self._connection: sqlite3.Connection | None = None
        self._broken = False

    def add(self, entries: Iterable[tuple[bytes, bytes]], used: Iterable[bytes]) -> None:
        connection = self._connect()
        if connection is None:
            return
        entries = list(entries)
        today = self.cache.today
        try:
            self._room(sum(len(key) + len(value) for key, value in entries))
            with connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO entries (key, value, used) VALUES (?, ?, ?)",
                    ((key, value, today) for key, value in entries),
                )
                connection.executemany(
                    "UPDATE entries SET used = ? WHERE key = ?", ((today, key) for key in used)
                )
            _checkpoint(connection)
        except (sqlite3.Error, OSError, _NoRoom) as err:
            self._give_up(err)

    def put_vault(self, name: bytes, pieces: Iterable[Buffer]) -> None:
        """Store the concatenation of ``pieces`` under ``name`` (replacing what is there),
        in rows of at most ``PART_BYTES``: neither this nor SQLite holds it whole."""
        connection = self._connect()
        if connection is None:
            return
        today = self.cache.today
        try:
            with connection:
                connection.execute("DELETE FROM vault_parts WHERE name = ?", (name,))
                count = 0
                for part in _parts(pieces):
                    self._room(len(part))  # else the old one is kept, whole
                    connection.execute(
                        "INSERT INTO vault_parts (name, part, parts, value, used) "
                        "VALUES (?, ?, -1, ?, ?)",
                        (name, count, part, today),
                    )
                    count += 1
                connection.execute("UPDATE vault_parts SET parts = ? WHERE name = ?", (count, name))
            _checkpoint(connection)
        except (sqlite3.Error, OSError, _NoRoom) as err:
            self._give_up(err)

    def close(self, *, prune: bool = True) -> None:
        """Drop what has not been used for ``KEEP_DAYS`` days, here (once a day) and in
        other builds' files, then close (without pruning when the run is stopping)."""
        connection = self._connection
        if connection is None:
            return
        if prune:
            try:
                with connection:
                    _prune(connection, self.cache.today)
            except sqlite3.Error:
                pass
        connection.close()
        self._connection = None
        if prune:
            _remove_stale_files(Path(self.cache.path))

    def _connect(self) -> sqlite3.Connection | None:
        if self._connection is not None or self._broken:
            return self._connection
        try:
            folder = os.path.dirname(self.cache.path)
            os.makedirs(folder, mode=0o700, exist_ok=True)
            # Checked again now that it exists: another user may have made it meanwhile.
            if folder_problem(folder) is not None:
                raise OSError(f"{folder}: not a safe cache folder")
            self._room(0)
            create_private(self.cache.path)
            if file_problem(self.cache.path) is not None:
                raise OSError(f"{self.cache.path}: not a safe cache file")
            connection = sqlite3.connect(self.cache.path, timeout=5)
            # WAL: reading workers and this writer never block each other. No syncs: an
            # OS crash may then damage the file, which the next run deletes (_give_up);
            # syncing cost a first run over 5% of its time on 40,000 notes. The log is
            # cut back to WAL_LIMIT once checkpointed, and deleted with the last connection.
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute(f"PRAGMA journal_size_limit={WAL_LIMIT}")
            connection.execute(_SCHEMA)
            connection.execute(_PRUNED_SCHEMA)
            connection.execute(_VAULTS_SCHEMA)
            connection.commit()
            _checkpoint(connection)
        except (sqlite3.Error, OSError, _NoRoom) as err:
            self._give_up(err)
            return None
        self._connection = connection
        return connection

    def _room(self, size: int) -> None:
        """Raise ``_NoRoom`` unless writing ``size`` bytes leaves the disk ``FREE_RESERVE``
        free: twice (into the log, then the database), and the log there is once more (a
        checkpoint copies it into the database). A disk that can't say has room."""
        try:
            free = shutil.disk_usage(os.path.dirname(self.cache.path)).free
        except OSError:
            return
        try:
            log = os.stat(self.cache.path + "-wal").st_size
        except OSError:
            log = 0
        if free < FREE_RESERVE + 2 * size + log:
            raise _NoRoom

    def _give_up(self, err: Exception) -> None:
        """Stop writing for this run; a damaged file (not merely a locked or read-only one)
        is deleted, so that the next run starts a new one. For a disk with no room left,
        the log of what was being written is cut back and ``notify`` hears it once."""
        self._broken = True
        full = isinstance(err, _NoRoom) or _no_space(err)
        if self._connection is not None:
            if full:  # the log holds what was rolled back: give its space back, unless
                # readers hold it (then the last connection to close deletes it)
                with contextlib.suppress(sqlite3.Error):
                    self._connection.execute("PRAGMA busy_timeout = 0")
                    self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._connection.close()
            self._connection = None
        if full and self.cache.notify is not None:
            folder = os.path.dirname(self.cache.path)
            self.cache.notify(
                f"the cache in {folder} is not written: its disk has less than "
                f"{FREE_RESERVE >> 20} MiB free (the output is the same; make room, or set "
                f"{CACHE_DIR_ENV} to a folder on another disk)"
            )
        if isinstance(err, sqlite3.DatabaseError) and not isinstance(err, sqlite3.OperationalError):
            for suffix in ("", *COMPANIONS):
                with contextlib.suppress(OSError):
                    os.unlink(self.cache.path + suffix)  # a symlink itself, never its target


def _checkpoint(connection: sqlite3.Connection) -> None:
    """Copy what was just written from the log into the database, without waiting for
    readers: the log then holds little but a write under way, which a write that finds
    the disk full rolls back and gives back (``CacheWriter._give_up``)."""
    connection.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _no_space(err: Exception) -> bool:
    """Whether ``err`` says the disk is full."""
    if isinstance(err, sqlite3.Error):
        return (getattr(err, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_FULL
    return isinstance(err, OSError) and err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", None))


def _parts(pieces: Iterable[Buffer]) -> Iterator[bytes]:
    """The bytes of ``pieces`` in rows of ``PART_BYTES`` (the last one shorter)."""
    part = bytearray()
    for piece in pieces:
        view = memoryview(piece).cast("B")
        at = 0
        while at < len(view):
            take = min(PART_BYTES - len(part), len(view) - at)
            part += view[at : at + take]
            at += take
            if len(part) == PART_BYTES:
                yield bytes(part)
                part.clear()
        view.release()
    if part:
        yield bytes(part)


def _prune(connection: sqlite3.Connection, today: int) -> None:
    """Delete the entries unused for ``KEEP_DAYS`` days, once a day (it reads every row)."""
    if connection.execute("SELECT 1 FROM pruned WHERE day = ?", (today,)).fetchone():
        return
    connection.execute("DELETE FROM entries WHERE used < ?", (today - KEEP_DAYS,))
    connection.execute("DELETE FROM vault_parts WHERE used < ?", (today - KEEP_DAYS,))
    connection.execute("DELETE FROM pruned")
    connection.execute("INSERT INTO pruned (day) VALUES (?)", (today,))


def _remove_stale_files(current: Path) -> None:
    cutoff = time.time() - KEEP_DAYS * 86400
    try:
        candidates = list(current.parent.glob("notes-*.sqlite3*"))
    except OSError:
        return
    for path in candidates:
        if path.name.startswith(current.name):
            continue
        try:
            if path.lstat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


def open_cache(notify: Callable[[str], None] | None = None) -> NoteCache | None:
    """The cache for this build, or None when its folder can't even be named, or is not
    safe to use (then ``notify`` hears why, once: the output is the same without it;
    it also hears when the cache stops writing for lack of room)."""
    try:
        build = build_fingerprint()
        folder = cache_dir()
    except (OSError, ImportError):
        return None
    path = os.path.join(folder, f"notes-{build.hex()[:16]}.sqlite3")
    problem = folder_problem(folder)
    if problem is None and os.path.isdir(folder):
        problem = file_problem(path)
    if problem is not None:
        if notify is not None:
            notify(
                f"the cache in {folder} is not used: {problem} (the output is the same; "
                f"set {CACHE_DIR_ENV} to a folder of your own, or pass --no-cache)"
            )
        return None
    return NoteCache(path=path, build=build, notify=notify)
