"""The arrays the scoring rule (``keywords.weigh``) computes on: a vault's in numpy, one
note's in plain Python. Pure.

The rule is written once, in numpy's arithmetic and names (``log``, ``where``...), plus
two sums over each note's entries. A vault runs it on numpy arrays (``vault_ops``); a
note alone runs it on ``Column``s (``ONE_NOTE``), so ``hatch combine`` never imports
numpy, which would cost more than its whole start-up budget. Each side keeps its own
functions and its own way of adding (``math.fsum`` for a note, ``numpy.bincount`` for a
vault), so both give the numbers they gave when the rule was written twice.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat
from typing import Any, Protocol


class ArrayOps(Protocol):
    """What ``keywords.weigh`` needs beyond arithmetic: numpy's functions of that name,
    and, for the notes' entries, each note's sum (``note_sums``) and a value per note
    spread over its entries (``per_entry``)."""

    def log(self, x: Any, /) -> Any: ...
    def sqrt(self, x: Any, /) -> Any: ...
    def power(self, x: Any, y: Any, /) -> Any: ...
    def minimum(self, x: Any, y: Any, /) -> Any: ...
    def where(self, condition: Any, yes: Any, no: Any, /) -> Any: ...
    def note_sums(self, x: Any, /) -> Any: ...
    def per_entry(self, x: Any, /) -> Any: ...


class Column:
    """One note's entries, with numpy's arithmetic: entry by entry, a number standing for
    every entry."""

    __slots__ = ("values",)

    def __init__(self, values: Iterable[Any]) -> None:
        self.values = list(values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __add__(self, other: Any) -> Column:
        return _entrywise(operator.add, self, other)

    def __radd__(self, other: Any) -> Column:
        return _entrywise(operator.add, other, self)

    def __mul__(self, other: Any) -> Column:
        return _entrywise(operator.mul, self, other)

    def __rmul__(self, other: Any) -> Column:
        return _entrywise(operator.mul, other, self)

    def __truediv__(self, other: Any) -> Column:
        return _entrywise(operator.truediv, self, other)

    def __rtruediv__(self, other: Any) -> Column:
        return _entrywise(operator.truediv, other, self)

    def __and__(self, other: Any) -> Column:
        return _entrywise(operator.and_, self, other)

    def __ge__(self, other: Any) -> Column:
        return _entrywise(operator.ge, self, other)

    def __lt__(self, other: Any) -> Column:
        return _entrywise(operator.lt, self, other)


def _each(function: Callable[..., Any], *args: Any) -> Any:
    """``function`` entry by entry when an argument is a ``Column``, else on the numbers."""
    if any(isinstance(arg, Column) for arg in args):
        return _entrywise(function, *args)
    return function(*args)


def _entrywise(function: Callable[..., Any], *args: Any) -> Column:
    return Column(
        map(function, *(arg.values if isinstance(arg, Column) else repeat(arg) for arg in args))
    )


def _where(condition: Any, yes: Any, no: Any) -> Any:
    return yes if condition else no


class _OneNote:
    """``ArrayOps`` for the entries of one note, as ``Column``s or numbers."""

    __slots__ = ()

    @staticmethod
    def log(x: Any, /) -> Any:
        return _each(math.log, x)

    @staticmethod
    def sqrt(x: Any, /) -> Any:
        return _each(math.sqrt, x)

    @staticmethod
    def power(x: Any, y: Any, /) -> Any:
        return _each(pow, x, y)

    @staticmethod
    def minimum(x: Any, y: Any, /) -> Any:
        return _each(min, x, y)

    @staticmethod
    def where(condition: Any, yes: Any, no: Any, /) -> Any:
        return _each(_where, condition, yes, no)

    @staticmethod
    def note_sums(x: Column, /) -> float:
        return math.fsum(x)

    @staticmethod
    def per_entry(x: Any, /) -> Any:
        return x


#: A note alone: a vault of one row.
ONE_NOTE: ArrayOps = _OneNote()


class _Vault:
    """``ArrayOps`` for numpy arrays of a vault's entries, note ``i`` owning entries
    ``indptr[i]:indptr[i+1]``."""

    __slots__ = ("n_notes", "np", "rows")

    def __init__(self, indptr: Any) -> None:
        import numpy as np

        self.np = np
        self.n_notes = len(indptr) - 1
        self.rows = np.repeat(np.arange(self.n_notes, dtype=np.int64), np.diff(indptr))

    def log(self, x: Any, /) -> Any:
        return self.np.log(x)

    def sqrt(self, x: Any, /) -> Any:
        return self.np.sqrt(x)

    def power(self, x: Any, y: Any, /) -> Any:
        return self.np.power(x, y)

    def minimum(self, x: Any, y: Any, /) -> Any:
        return self.np.minimum(x, y)

    def where(self, condition: Any, yes: Any, no: Any, /) -> Any:
        return self.np.where(condition, yes, no)

    def note_sums(self, x: Any, /) -> Any:
        return self.np.bincount(self.rows, weights=x, minlength=self.n_notes)

    def per_entry(self, x: Any, /) -> Any:
        return x[self.rows]


def vault_ops(indptr: Any) -> ArrayOps:
    """``ArrayOps`` for a vault's numpy arrays, by ``indptr`` (imports numpy)."""
    return _Vault(indptr)
