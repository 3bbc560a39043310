"""The plain text of a note's blocks: what ``pulldown`` reads a body into, and the rules
for it. Pure.

What a block's text is (``Body``: wikilinks read as their text, inline ``#tags``
collected, inline code between backticks: ``code_span``) and how much of a body is read
(``analysed_part``); sentences are ``sentences``' and inert text ``inert``'s.

Frontmatter strings read as a page's reader saw them (``decode_entities``), and a body with
no text has the frontmatter's prose instead, if any (``frontmatter_prose``).
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from hatch_cli.models import Block, Mark

#: A word: letters only (any script), with inner apostrophes ("Japan's", "don't").
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# [[target]], [[target|alias]], [[target#heading|alias]], ![[embed]]
_WIKILINK = re.compile(r"!?\[\[([^\[\]|#^\n]*)(?:[#^][^\[\]|\n]*)?(?:\|([^\[\]\n]*))?\]\]")
# A bare URL, without the punctuation that usually follows one in prose.
BARE_URL = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+?(?=[),.;:!?\]'\"]*(?:\s|$))", re.IGNORECASE
)
# Put before a character that came from an escape or an entity (``\#``, ``&#91;``): no
# tag or wikilink starts there. NUL never reaches the parser (``inert.make_inert`` first).
_LITERAL = "\x00"
_INLINE_TAG = re.compile(r"(?<![\w&/#\x00])#([^\W\d_][\w/-]*)")


@dataclass
class Body:
    """What the body of a note holds, ready to become a ``Note``."""

    blocks: list[Block] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    first_h1: str | None = None
    marks: list[Mark] = field(default_factory=list)


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


#: Frontmatter fields that hold prose a note's body may lack (link posts and bookmarks),
#: read in this order when the body has no text. A title alone is not among them: a label
#: has nothing to quote, and pairing on a few words of it is mostly noise.
PROSE_FIELDS = ("summary", "description", "deck", "excerpt")


def frontmatter_prose(metadata: Mapping[str, object]) -> str:
    """The prose of a note's frontmatter (``PROSE_FIELDS``) as Markdown paragraphs: each
    text once, and none that only repeats the title."""
    title = " ".join(str(metadata.get("title", "")).split()).casefold()
    found: dict[str, str] = {}
    for name in PROSE_FIELDS:
        value = metadata.get(name)
        if isinstance(value, str) and value.strip():
            found.setdefault(" ".join(value.split()).casefold(), value.strip())
    found.pop(title, None)
    return "\n\n".join(found.values())


# An HTML character reference with its semicolon (``&#8217;``, ``&#x2019;``, ``&rsquo;``):
# Hugo and WordPress exports write titles and summaries so. Without the semicolon
# (``AT&T``, ``&copy``) it is text, as CommonMark reads a body.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str) -> str:
    """A frontmatter string with its HTML character references decoded, once (``&amp;amp;``
    is ``&amp;``): what a reader of the page saw (``CDC&#8217;s`` is ``CDC’s``)."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda match: html.unescape(match.group()), text)
