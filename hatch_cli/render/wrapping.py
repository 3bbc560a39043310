"""Where a terminal line may break: hatch's own wrap for Rich text.

Rich breaks a line at spaces and folds anything longer by cells, so Japanese text may
start a line with "、" or "」", and a path may be cut in the middle (copied from the
screen, it no longer names the file). Here a line breaks at a space, or between two
characters of a script written without spaces, but never before closing punctuation
(``、。」`` and the like) nor after an opening one; a word with a slash or a backslash (a
path) is never broken: it goes whole onto the next line, and is folded only if it is
longer than a whole line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Markdown, MarkdownElement, Paragraph
from rich.measure import Measurement
from rich.text import Text

#: No line starts with these (Japanese and Chinese closing punctuation, small kana marks).
CLOSING = "、。，．・：；！？」』）］｝〕〉》】〙〗〟’”ー…‥々ゝゞヽヾ"
#: No line ends with these.
OPENING = "「『（［｛〔〈《【〘〖〝‘“"
_WIDE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_WORD = re.compile(r"\S+")
_PATH = re.compile(r"[/\\]")


def breaks(text: str) -> list[int]:
    """The offsets where a line of ``text`` may break (the start of what follows)."""
    found: list[int] = []
    for word in _WORD.finditer(text):
        start, end = word.span()
        if start:
            found.append(start)
        if _PATH.search(word.group()):
            continue
        for at in range(start + 1, end):
            before, after = text[at - 1], text[at]
            wide = _WIDE.match(before) or _WIDE.match(after)
            if wide and after not in CLOSING and before not in OPENING:
                found.append(at)
    return found


def wrap(text: Text, width: int) -> list[Text]:
    """``text`` in lines of ``width`` cells at most, broken only where ``breaks`` allows
    (a piece longer than a line is folded)."""
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        lines += _wrap_line(line, max(1, width))
    return lines


def _wrap_line(line: Text, width: int) -> Iterator[Text]:
    plain = line.plain
    cuts: list[int] = []
    start, last = 0, None
    for at in [*breaks(plain), len(plain)]:
        if cell_len(plain[start:at].rstrip()) <= width:
            last = at
            continue
        if last is not None and last > start:
            cuts.append(last)
            start = last
        while cell_len(plain[start:at].rstrip()) > width:  # one piece longer than a line
            fold = start + 1
            while cell_len(plain[start : fold + 1]) <= width:
                fold += 1
            cuts.append(fold)
            start = fold
        last = at
    for piece in line.divide(cuts):
        piece.rstrip()
        yield piece


class Wrapped:
    """A ``Text`` that Rich lays out with ``wrap``'s breaks."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = wrap(self.text, options.max_width)
        out = Text("\n").join(lines)
        out.no_wrap = True
        out.end = self.text.end
        yield out

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        cuts = breaks(plain)
        pieces = [plain[a:b] for a, b in zip([0, *cuts], [*cuts, len(plain)], strict=True)]
        longest = max((cell_len(piece.rstrip()) for piece in pieces), default=0)
        widest = max((cell_len(line) for line in plain.split("\n")), default=0)
        return Measurement(min(longest, options.max_width), min(widest, options.max_width))


class WrappedParagraph(Paragraph):
    """A Markdown paragraph laid out with ``wrap``'s breaks."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        self.text.justify = self.justify
        yield Wrapped(self.text)


class WrappedMarkdown(Markdown):
    """Rich's Markdown, its paragraphs laid out with ``wrap``'s breaks."""

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements,
        "paragraph_open": WrappedParagraph,
    }
