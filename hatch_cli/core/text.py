"""The plain text of a note's blocks: what ``pulldown`` reads a body into, and the rules
for it. Pure.

What a block's text is (``Body``: wikilinks read as their text, inline ``#tags``
collected, inline code between backticks: ``code_span``), how much of a body is read
(``analysed_part``), how it splits into sentences, and how text from outside is made
inert before it is shown (``make_inert``, ``shown_path``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from hatch_cli.models import Block

#: A word: letters only (any script), with inner apostrophes ("Japan's", "don't").
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# [[target]], [[target|alias]], [[target#heading|alias]], ![[embed]]
_WIKILINK = re.compile(r"!?\[\[([^\[\]|#^\n]*)(?:[#^][^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
# A bare URL, without the punctuation that usually follows one in prose.
BARE_URL = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+?(?=[),.;:!?\]'\"]*(?:\s|$))", re.IGNORECASE
)
# Put before a character that came from an escape or an entity (``\#``, ``&#91;``): no
# tag or wikilink starts there. NUL never reaches the parser (``make_inert`` first).
_LITERAL = "\x00"
_INLINE_TAG = re.compile(r"(?<![\w&/#\x00])#([^\W\d_][\w/-]*)")
# The end of a sentence: its punctuation and any closing quote or bracket (kept with the
# sentence), then the space before the next one.
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)\]]*(?=\s)")


@dataclass
class Body:
    """What the body of a note holds, ready to become a ``Note``."""

    blocks: list[Block] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    first_h1: str | None = None


# The most of a body hatch analyses (512 Ki characters, about 80,000 words). Text beyond
# it (cut at the end of the last line before it, or in a very long line at a space) is
# not read: that keeps the time and memory of a huge note bounded and never touches a
# note of ordinary size.
MAX_BODY_CHARS = 512 * 1024
# Reading a body costs by its blocks and delimiters (each an event walked in Python, a
# block of HTML read by html.parser), not by its characters: 512 Ki characters of
# one-letter setext headings ("a\n=\n") or of emphasis ("*a*") are a hundred thousand of
# them. So the analysed part also ends before its 32 Ki-th line end or markup character:
# prose has one in 50 to 100 characters, so for it the cap is 1.5 MB or more away, past
# MAX_BODY_CHARS.
MAX_BODY_MARKS = 32 * 1024
_MARKS = re.compile(r"[\n\\`*_~\[\]<&|]")


def count_marks(text: str) -> int:
    """The line ends and markup characters in ``text`` (what ``MAX_BODY_MARKS`` counts)."""
    return len(_MARKS.findall(text))


def analysed_part(markdown: str) -> str:
    """The first ``MAX_BODY_CHARS`` of a body, and fewer if they hold more than
    ``MAX_BODY_MARKS`` line ends and markup characters, ending at a line end (or a
    space)."""
    if len(markdown) <= MAX_BODY_MARKS:
        return markdown  # it can't hold more marks than characters
    end = min(len(markdown), MAX_BODY_CHARS)
    marks = _MARKS.finditer(markdown, 0, end)
    past = next(itertools.islice(marks, MAX_BODY_MARKS, None), None)
    if past is not None:
        end = past.start()
    elif end == len(markdown):
        return markdown
    head = markdown[:end]
    cut = head.rfind("\n")
    if cut < end // 2:
        cut = max(cut, head.rfind(" "))
    # A line end or space that would lose most of it: one huge run of text, cut inside.
    return head[: cut + 1] if cut >= end // 2 else head


def code_span(code: str) -> str:
    """Inline code as it stands in a block's text: between backticks, on one line, with
    no backtick inside (so ``CODE_SPAN`` finds it again)."""
    code = " ".join(code.replace("`", " ").split())
    return f"`{code}`" if code else " "


# Inline code in a block's text (see ``code_span``).
CODE_SPAN = re.compile(r"`([^`]+)`")


def _plain(text: str, body: Body) -> str:
    """Wikilinks to their text, inline tags collected (URLs stay: keywords skip them)."""

    def wikilink(match: re.Match[str]) -> str:
        target = match.group(1).replace(_LITERAL, "").strip()
        alias = match.group(2)
        if target:
            body.links.append(target)
        shown = alias if alias is not None else target.rsplit("/", 1)[-1]
        return shown.strip()

    # The substring tests skip the regexes for the many blocks that can't match them.
    if "[[" in text:
        text = _WIKILINK.sub(wikilink, text)
    if "#" in text:
        body.tags += _INLINE_TAG.findall(text)
        text = _INLINE_TAG.sub(r"\1", text)
    if _LITERAL in text:
        text = text.replace(_LITERAL, "")
    return " ".join(text.split())  # every run of whitespace as one space, as \s+ matches


def sentences(text: str) -> list[str]:
    """Split a block's text into sentences (a heading or list item is usually just one);
    a closing quote or bracket stays with the sentence it ends."""
    found: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        found.append(text[start : end.end()].strip())
        start = end.end()
    found.append(text[start:].strip())
    return [part for part in found if part]


# C0 and C1 control characters except tab and newline: shown as visible pictures so that a
# note can never move the cursor, change colours or titles, or hide text in any output.
_CONTROLS = {code: 0x2400 + code for code in range(0x20) if code not in (0x09, 0x0A)}
_CONTROLS[0x7F] = 0x2421
_CONTROLS.update(dict.fromkeys(range(128, 160), 65533))
# Lone surrogates (a file name's undecodable bytes, a JSON "\\ud800") can't be written as
# UTF-8 at all: they become U+FFFD too.
_CONTROLS.update(dict.fromkeys(range(0xD800, 0xE000), 0xFFFD))
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters that show as nothing: the soft hyphen, zero-width spaces and joiners, bidi
# marks and isolates, blank fillers (Hangul, Braille), variation selectors, tags.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)


def shown_path(path: str) -> str:
    """A file name as hatch prints it: control characters (a newline too: ``␤``) made
    visible and undecodable bytes as U+FFFD; the file is still opened by its real name."""
    return make_inert(path).replace("\n", "\u2424")


def make_inert(text: str) -> str:
    """Replace control characters (ESC, CR, NUL, C1 codes) with visible symbols, and lone
    surrogates with U+FFFD."""
    return text.translate(_CONTROLS)


def well_formed(text: str) -> str:
    """``text`` with lone surrogates as U+FFFD: text from outside (a model's JSON
    ``"\\ud800"``) that could not otherwise be written as UTF-8."""
    if _LONE_SURROGATE.search(text) is None:
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


def without_invisible(text: str) -> str:
    """``text`` without the characters that show as nothing (zero-width spaces and
    joiners, soft hyphens, bidi marks): what is compared by how it reads (a quote with a
    note, a note with the prompt's boundary) is compared without them."""
    return INVISIBLE.sub("", text)
