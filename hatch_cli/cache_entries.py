"""What reading one note of a vault yields, and its encoding as a cache entry.

A ``Reading`` is what pass 2 of ``read_vault`` keeps of a note (its weighted candidate
terms, or why it was skipped); ``cache`` stores its bytes. Decoding checks the shape of
what it finds: a damaged entry is ``None``, a miss, never a crash.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


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
    hatched: bool = False
    """whether the note is one hatch wrote (it has ``hatched_from``)"""

    def encode(self) -> bytes:
        return marshal.dumps(
            (
                array("Q", self.units).tobytes(), array("Q", self.hits).tobytes(), self.skipped,
                self.title, self.lang, self.links, self.terms, self.text_tf.tobytes(),
                self.fence_tf.tobytes(), self.info.tobytes(), self.counts.tobytes(),
                self.hatched,
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
                fence_tf=fence_tf, info=info, counts=counts, hatched=fields[11],
            )  # fmt: skip
        except (ValueError, EOFError, TypeError, IndexError):
            return None
        if not len(reading.terms) == len(text_tf) == len(fence_tf) == len(info) == len(counts):
            return None
        return reading


#: Bump when what ``embedding`` embeds of a note changes: cached embeddings then miss.
EMBED_TEXT_VERSION = b"hatch-embed-text-1"


def note_fingerprint(
    data: bytes, name: str, errors: str, lang: str | None, hits: Sequence[int]
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
    digest.update(array("Q", hits).tobytes())
    return digest.digest()


def encode_units(units: list[int]) -> bytes:
    """Pass 1's unit hashes of a note, as a cache value."""
    return array("Q", units).tobytes()


def decode_units(value: bytes) -> list[int] | None:
    """The unit hashes stored in ``value``, or None if it is not a list of them."""
    units = array("Q")
    try:
        units.frombytes(value)
    except ValueError:
        return None
    return units.tolist()


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
