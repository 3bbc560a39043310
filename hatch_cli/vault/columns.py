"""The per-term columns of a vault, defined once: each (note, term) entry of a vault has a
term and a value of each column of ``COLUMNS``. The reader, the cache entries, the merge,
the snapshot and the vectors all go over that list, so a new column is one line there
(and, if it weighs, its value in ``keywords.term_weights`` and ``keywords.weigh``).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Column:
    """A per-term column: one value for each (note, term) entry of the vault."""

    name: str
    typecode: str
    """of its ``array`` (``DTYPES`` has its numpy dtype)"""
    weighs: bool
    """whether ``keywords.weigh`` takes it (the weighing columns come in the order that
    function and ``keywords.term_weights`` give and take them)"""


#: The columns each (note, term) entry has besides its term, in the order they are stored
#: (cache entries, snapshots). A new column is a line here.
COLUMNS: tuple[Column, ...] = (
    Column("text_tf", "d", weighs=True),  # its sublinear count in text (title, tags boosted)
    Column("fence_tf", "d", weighs=True),  # its sublinear count in fenced code
    Column("informativeness", "d", weighs=True),  # how much the word tells, by the language
    Column("counts", "i", weighs=False),  # how often the note has it
)
#: numpy's dtype of each ``array`` typecode the columns use.
DTYPES = {"d": "<f8", "i": "<i4", "q": "<i8"}


def empty_columns() -> dict[str, array[Any]]:
    """Every column, empty."""
    return {column.name: array(column.typecode) for column in COLUMNS}
