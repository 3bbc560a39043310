"""The fields of a value stored whole for a vault (its snapshot, its last ranking), in a
form written and read back without a copy of the whole: each field a kind (``R``, raw
bytes; ``M``, ``marshal``) and a length (8 bytes, little-endian), then its bytes. Raw
fields (arrays) are written from their own memory and read back as views of the buffer
``CacheReader.vault`` fills.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator
from typing import Any

_RAW, _MARSHAL = b"R", b"M"


def field_pieces(fields: Iterable[Any]) -> Iterator[Any]:
    """The pieces to ``put_vault`` for ``fields``: buffers (``bytes``, ``array``, numpy
    arrays, C-contiguous) are stored raw, anything else with ``marshal``."""
    for item in fields:
        # bytes, an ``array`` (``buffer_info``) or a numpy array (``__array_interface__``)
        raw = isinstance(item, (bytes, bytearray, memoryview))
        if raw or hasattr(item, "buffer_info") or hasattr(item, "__array_interface__"):
            view = memoryview(item).cast("B")
            yield _RAW + len(view).to_bytes(8, "little")
            yield view
        else:
            data = marshal.dumps(item)
            yield _MARSHAL + len(data).to_bytes(8, "little")
            yield data
            del data


def read_fields(value: Any) -> list[Any]:
    """The fields ``field_pieces`` wrote into ``value``: raw ones as memoryviews of it, the
    others decoded. Raises on anything else."""
    view = memoryview(value)
    fields: list[Any] = []
    at = 0
    while at < len(view):
        kind, size = bytes(view[at : at + 1]), int.from_bytes(view[at + 1 : at + 9], "little")
        at += 9
        if at + size > len(view) or kind not in (_RAW, _MARSHAL):
            raise ValueError("not fields")
        part = view[at : at + size]
        fields.append(part if kind == _RAW else marshal.loads(part))
        at += size
    return fields
