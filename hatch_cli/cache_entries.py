"""What reading one note of a vault yields, and its encoding as a cache entry.

A ``Reading`` is what pass 2 of ``read_vault`` keeps of a note (its weighted candidate
terms, or why it was skipped); ``cache`` stores its bytes. Decoding checks the shape of
what it finds: a damaged entry is ``None``, a miss, never a crash.
"""

from __future__ import annotations

import itertools
import marshal
import math
from array import array
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
    prior: array[float] = field(default_factory=lambda: array("d"))
    counts: array[int] = field(default_factory=lambda: array("i"))

    def encode(self) -> bytes:
        return marshal.dumps(
            (
                array("Q", self.units).tobytes(), array("Q", self.hits).tobytes(), self.skipped,
                self.title, self.lang, self.links, self.terms,
                self.prior.tobytes(), self.counts.tobytes(),
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
        units_raw, hits_raw, skipped, title, lang, links, terms, prior_raw, counts_raw = fields
        if not (_all_str(links) and _all_str(terms) and len(set(terms)) == len(terms)):
            return None
        units = decode_units(units_raw, ordered=False)
        hits = decode_units(hits_raw, ordered=False)
        prior, counts = _array("d", prior_raw), _array("i", counts_raw)
        if units is None or hits is None or prior is None or counts is None:
            return None
        if not (len(terms) == len(prior) == len(counts)) or not set(hits) <= set(units):
            return None
        if not all(math.isfinite(weight) and weight > 0 for weight in prior):
            return None
        if not all(count > 0 for count in counts):
            return None
        return cls(
            units=tuple(units), hits=tuple(hits), skipped=skipped, title=title, lang=lang,
            links=links, terms=terms, prior=prior, counts=counts,
        )  # fmt: skip


#: The type of each field ``Reading.encode`` writes, in order (``skipped`` may be None).
_FIELD_TYPES: tuple[type | tuple[type, ...], ...] = (
    bytes, bytes, (str, type(None)), str, str, tuple, tuple, bytes, bytes,
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
