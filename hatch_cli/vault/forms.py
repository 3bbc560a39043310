"""How each note of a vault writes its terms (``TermForms``), for ``hatch keywords``.

A keyword is shown as its note writes it, and marked when the note writes it as code;
both need the note read again with its phrases and surface forms, which the vault's read
leaves out (it costs as much as the rest of the analysis). So they are kept in the cache,
under what the note's text as read depends on (``Vault.fingerprints``), and a rerun on an
unchanged vault reads no note again. A note is kept only if its bytes are still those the
vault read (else it is read again next time too, as it is now).
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from hatch_cli.core.reading.terms import analyse
from hatch_cli.errors import NoteError
from hatch_cli.vault.cache_entries import CacheSpace
from hatch_cli.vault.read import note_key

if TYPE_CHECKING:
    from hatch_cli.core.reading.terms import NoteTerms
    from hatch_cli.models import Note
    from hatch_cli.vault.arrays import Vault
    from hatch_cli.vault.cache import CacheReader, CacheWriter

#: Notes read again between two writes to the cache (and two calls of ``progress``).
BATCH = 200
T = TypeVar("T")


@dataclass(frozen=True)
class TermForms:
    """How one note writes its candidate terms: each one's most frequent written form,
    where that is not the term itself (``shown``), the terms it mostly writes as code, and
    those found only in its link targets (``unread``: never shown)."""

    shown: dict[str, str]
    code: frozenset[str]
    unread: frozenset[str] = frozenset()

    def display(self, term: str) -> str:
        return self.shown.get(term, term)

    def is_code(self, term: str) -> bool:
        return term in self.code

    @classmethod
    def of(cls, terms: NoteTerms | None, candidates: Iterable[str]) -> TermForms:
        """The forms of ``candidates`` in a note read again (None: it can't be now)."""
        if terms is None:
            return cls({}, frozenset())
        linked_only = terms.linked_only()
        shown: dict[str, str] = {}
        code: set[str] = set()
        for term in candidates:
            written = terms.display(term)
            if written != term:
                shown[term] = written
            if terms.is_code(term):
                code.add(term)
        unread = frozenset(term for term in candidates if term in linked_only)
        return cls(shown, frozenset(code), unread)

    def encode(self) -> bytes:
        return marshal.dumps(
            (tuple(self.shown.items()), tuple(sorted(self.code)), tuple(sorted(self.unread)))
        )

    @classmethod
    def decode(cls, value: bytes) -> TermForms | None:
        """The forms stored in ``value``, or None if it is not what ``encode`` writes."""
        try:
            shown, code, unread = marshal.loads(value)
            pairs = [(term, written) for term, written in shown]
        except Exception:  # damaged or foreign bytes of any kind, or an older entry: a miss
            return None
        strings = [*(item for pair in pairs for item in pair), *code, *unread]
        if not isinstance(code, tuple) or not isinstance(unread, tuple):
            return None
        if not all(isinstance(item, str) for item in strings):
            return None
        return cls(dict(pairs), frozenset(code), frozenset(unread))


def term_forms(vault: Vault, progress: Callable[[int], None] | None = None) -> Iterator[TermForms]:
    """Each note's ``TermForms``, in row order: from the vault's cache when it has them,
    else read again (``Vault.note``) and kept there. ``progress`` hears how many notes are
    done, now and then."""
    return per_note(
        vault, CacheSpace.FORMS, TermForms.decode, TermForms.encode, _read_again, progress
    )


def per_note(
    vault: Vault,
    space: bytes,
    decode: Callable[[bytes], T | None],
    encode: Callable[[T], bytes],
    read_again: Callable[[Vault, int], tuple[T, bool]],
    progress: Callable[[int], None] | None = None,
) -> Iterator[T]:
    """What each note of ``vault`` reads as again (``read_again``: it and whether the note
    has the bytes the vault read), in row order: from the vault's cache (namespace
    ``space``, under the note's ``Vault.fingerprints``) when it has it, else read again
    and kept there. ``progress`` hears how many notes are done, now and then."""
    cache = vault.cache
    reader = cache.reader() if cache is not None else None
    writer = cache.writer() if cache is not None else None
    new: list[tuple[bytes, bytes]] = []
    try:
        for row in range(len(vault.paths)):
            key = b""
            if cache is not None and row < len(vault.keys) and vault.keys[row]:
                key = cache.key(space, vault.fingerprints[row])
            stored = reader.get(key) if reader is not None and key else None
            found = decode(stored) if stored is not None else None
            if found is None:
                found, same = read_again(vault, row)
                if key and same:
                    new.append((key, encode(found)))
            yield found
            if (row + 1) % BATCH == 0:
                _store(writer, new, reader)
                if progress is not None:
                    progress(row + 1)
        _store(writer, new, reader)
    finally:
        if reader is not None:
            reader.close()
        if writer is not None:
            writer.close()
    if progress is not None:
        progress(len(vault.paths))


def read_again_checked(vault: Vault, row: int) -> tuple[list[str], Note | None, bool]:
    """Note ``row``'s candidate terms, the note read again (None if it can't be now), and
    whether it has the bytes the vault read (only then is what it reads as kept)."""
    start, end = vault.indptr[row], vault.indptr[row + 1]
    candidates = [vault.vocab[term] for term in vault.terms[start:end]]
    try:
        data, note = vault.read_again(row)
    except NoteError:
        return candidates, None, False
    name = os.path.basename(vault.disks[row])
    same = note_key(vault.cache, data, name, vault.errors, vault.lang) == vault.keys[row]
    return candidates, note, same


def _read_again(vault: Vault, row: int) -> tuple[TermForms, bool]:
    """Note ``row``'s forms read again, and whether it has the bytes the vault read."""
    candidates, note, same = read_again_checked(vault, row)
    if note is None:
        return TermForms.of(None, candidates), False
    return TermForms.of(analyse(note, keep_sentences=False), candidates), same


def _store(
    writer: CacheWriter | None, new: list[tuple[bytes, bytes]], reader: CacheReader | None
) -> None:
    """Write the forms read so far, and mark the entries found as used today."""
    if writer is None or reader is None:
        return
    if new or reader.stale:
        writer.add(new, reader.stale)
    new.clear()
    reader.stale = []
