"""Where a block or a piece of markup was in a note's body: its lines. Pure.

Taking template tags out of a body (``markup.without_templates``) can join or add lines,
so the lines of what pulldown-cmark reads are mapped back to the lines as written.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True)
class Dropped:
    """A template tag or shortcode taken out of a text: its name, where it was (a byte
    range of the text's UTF-8) and how many line ends what stands in its place has."""

    name: str
    start: int
    end: int
    newlines: int = 0


def in_code(span: tuple[int, int], code: Sequence[tuple[int, int]]) -> bool:
    """Whether a byte range starts or ends in one of ``code``'s."""
    return any(start <= span[0] < end or start < span[1] <= end for start, end in code)


def source_lines(source: str, dropped: Sequence[Dropped]) -> list[int] | None:
    """For each line of what ``without_templates`` made of ``source``, the line of
    ``source`` it came from (0 is the first); None when they are the same lines."""
    data = source.encode()
    if all(item.newlines == data.count(b"\n", item.start, item.end) for item in dropped):
        return None
    lines = [0]
    line = position = 0
    for item in dropped:
        for _ in range(data.count(b"\n", position, item.start)):
            line += 1
            lines.append(line)
        last = line + data.count(b"\n", item.start, item.end)
        lines += [min(line + step, last) for step in range(1, item.newlines + 1)]
        line, position = last, item.end
    lines += range(line + 1, line + 1 + data.count(b"\n", position))
    return lines


class Lines:
    """Byte offsets of a text -> lines of the body (1 is the first), through what
    ``markup.without_templates`` made of its lines (``source_lines``)."""

    def __init__(self, text: str, source: list[int] | None = None) -> None:
        lengths = map((1).__add__, map(len, text.encode().split(b"\n")))
        self.starts = list(accumulate(lengths, initial=0))
        self.source = source

    def line(self, offset: int) -> int:
        line = bisect_right(self.starts, offset) - 1
        if self.source is not None:
            line = self.source[min(line, len(self.source) - 1)]
        return line + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The lines of the bytes from ``start`` to ``end`` (excluded)."""
        return self.line(start), self.line(max(start, end - 1))
