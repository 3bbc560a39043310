"""What reading one note of a vault yields, and its encoding as a cache entry.

A ``Reading`` is what pass 2 of ``read_vault`` keeps of a note (its weighted candidate
terms, or why it was skipped); ``cache`` stores its bytes. Decoding checks the shape of
what it finds: a damaged entry is ``None``, a miss, never a crash.
"""

from __future__ import annotations

import hashlib
import itertools
import marshal
import math
import os
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hatch_cli.vault.columns import COLUMNS, empty_columns


class CacheSpace:
    """The namespaces of the cache's keys (the first part given ``NoteCache.key``), one for
    each kind of value, with the module that writes it and the one that says what it holds.
    A new kind of value is a namespace here."""

    UNITS = b"units"  # a note's line and paragraph hashes (``read``, ``cache_entries``)
    NOTE = b"note"  # a note's reading (``read``, ``cache_entries.Reading``)
    FORMS = b"forms"  # how a note writes its terms (``forms``, for hatch keywords)
    FACTS = b"facts"  # what a note tells of its pairs (``facts``, for pairs --limit 0)
    VAULT = b"vault"  # a vault's snapshot, stored in parts (``snapshot``, ``stored_fields``)
    RANKING = b"ranking"  # a vault's last ranking (``ranking_memo``)
    EMBED = b"embed"  # a note's embedding (``embedding``, ``cache_entries.encode_vector``)
    EMBED_SIZE = b"embed-size"  # the size of a model's embeddings (``embedding``)


@dataclass(frozen=True)
class Reading:
    """What pass 2 keeps of one note (what a cache entry holds): its weighted candidate
    terms with a value of each column (``arrays.COLUMNS``), or why it was skipped.
    ``units`` are the unit hashes of its blocks and ``repeated`` those the vault repeats
    (and that were dropped): an entry is only good for a vault that repeats the same ones."""

    units: tuple[int, ...] = ()
    repeated: tuple[int, ...] = ()
    skipped: str | None = None
    title: str = ""
    lang: str = ""
    links: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    columns: dict[str, array[Any]] = field(default_factory=empty_columns)
    hatched: bool = False
    """whether the note is one hatch wrote (it has ``hatched_from``)"""

    def encode(self) -> bytes:
        return marshal.dumps(
            (
                array("Q", self.units).tobytes(), array("Q", self.repeated).tobytes(),
                self.skipped, self.title, self.lang, self.links, self.terms,
                *(self.columns[column.name].tobytes() for column in COLUMNS), self.hatched,
            )
        )  # fmt: skip

    @classmethod
    def decode(cls, value: bytes) -> Reading | None:
        """The reading stored in ``value``, or None if it is not one: damaged, or of other
        types or shapes than ``encode`` writes (a miss then, never a crash nor a different
        output)."""
        try:
            fields = marshal.loads(value)
        except Exception:  # marshal raises several types on bytes it did not write
            return None
        if not (isinstance(fields, tuple) and len(fields) == len(_FIELD_TYPES)):
            return None
        if not all(isinstance(item, kind) for item, kind in zip(fields, _FIELD_TYPES, strict=True)):
            return None
        units_raw, repeated_raw, skipped, title, lang, links, terms = fields[:7]
        hatched = fields[-1]
        if not (_all_str(links) and _all_str(terms) and len(set(terms)) == len(terms)):
            return None
        units = decode_units(units_raw, ordered=False)
        repeated = decode_units(repeated_raw, ordered=False)
        if units is None or repeated is None or not set(repeated) <= set(units):
            return None
        columns = {}
        for column, raw in zip(COLUMNS, fields[7:-1], strict=True):
            found = _array(column.typecode, raw)
            if found is None or len(found) != len(terms) or not _valid(found):
                return None
            columns[column.name] = found
        return cls(
            units=tuple(units), repeated=tuple(repeated), skipped=skipped, title=title,
            lang=lang, links=links, terms=terms, columns=columns, hatched=hatched,
        )  # fmt: skip


def _valid(values: array[Any]) -> bool:
    """Whether a column's values are what a reading writes: finite, never below 0."""
    return all(math.isfinite(value) and value >= 0 for value in values)


#: The type of each field ``Reading.encode`` writes, in order (``skipped`` may be None).
_FIELD_TYPES: tuple[type | tuple[type, ...], ...] = (
    bytes, bytes, (str, type(None)), str, str, tuple, tuple, *(bytes for _ in COLUMNS), bool,
)  # fmt: skip


def _all_str(items: tuple[object, ...]) -> bool:
    return all(isinstance(item, str) for item in items)


def _array(typecode: str, value: bytes) -> array[Any] | None:
    found = array(typecode)
    try:
        found.frombytes(value)
    except ValueError:  # not a whole number of items
        return None
    return found


def entry_key(build: bytes, *parts: bytes) -> bytes:
    """A hash of ``build`` and ``parts``, each length-prefixed so that no two different
    lists of parts can run together into the same bytes (``NoteCache.key``)."""
    digest = hashlib.blake2b(build, digest_size=16)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


#: Bump when what ``embedding`` embeds of a note changes: cached embeddings then miss.
EMBED_TEXT_VERSION = b"hatch-embed-text-2"


def note_fingerprint(
    data: bytes, name: str, errors: str, lang: str | None, repeated: Sequence[int]
) -> bytes:
    """What a note's text as hatch reads it depends on (its bytes, its file name, the
    reading options, the template text left out of it), hashed: how its embedding is
    found again. Not hatch's code, unlike the cache key of its reading: re-embedding a
    vault for every upgrade would cost API calls (``EMBED_TEXT_VERSION`` changes instead
    when what is embedded does)."""
    digest = hashlib.blake2b(EMBED_TEXT_VERSION, digest_size=16)
    for part in (data, os.fsencode(name), f"{errors}\0{lang or ''}".encode()):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    digest.update(array("Q", repeated).tobytes())
    return digest.digest()


def encode_units(units: list[int]) -> bytes:
    """Pass 1's unit hashes of a note, as a cache value."""
    return array("Q", units).tobytes()


def decode_units(value: object, *, ordered: bool = True) -> list[int] | None:
    """The unit hashes stored in ``value``, or None if it is not a list of them (as pass 1
    stores them: ``ordered``, each once)."""
    if not isinstance(value, bytes):
        return None
    units = _array("Q", value)
    if units is None:
        return None
    found = units.tolist()
    if ordered and any(later <= earlier for earlier, later in itertools.pairwise(found)):
        return None
    return found


def encode_vector(vector: Any) -> bytes:
    """An embedding as a cache value: float16 (half the bytes; cosines move by ~1e-3)."""
    import numpy as np

    return bytes(np.asarray(vector, dtype="<f2").tobytes())


def decode_vector(value: bytes) -> Any:
    """The embedding stored in ``value`` as float32, or None if it is not one."""
    import numpy as np

    if not value or len(value) % 2:
        return None
    vector = np.frombuffer(value, dtype="<f2").astype(np.float32)
    return vector if np.all(np.isfinite(vector)) else None
