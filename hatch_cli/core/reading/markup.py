"""Markup a reader never sees, taken out of a note's Markdown before and while it is read.
Pure.

Notes published by static-site generators and web exports hold more than Markdown:
template tags (Hugo shortcodes ``{{< figure src="a.jpg" >}}``, Jekyll and Nunjucks
``{% … %}`` and ``{{ … }}``) and HTML. The page a reader saw had neither: it had the text
they frame. So:

* template tags outside code are dropped (``without_templates``). The text between a
  paired tag's two halves stays (``{{% note %}}text{{% /note %}}`` is ``text``); a
  highlight pair is a code block; a comment pair goes with what it holds. A tag in a link
  target or an HTML attribute (``[UX]({{< ref "ux.md" >}})``) gives the target it names,
  so the link reads as a link; an image's (``{{< figure src="a.jpg" >}}``) leaves a mark
  (``IMAGE``) where its file was, so that the file counts as an image's does.
* WordPress shortcodes are dropped the same way (``shortcodes``).
* HTML is read for its text (``html_blocks`` for HTML blocks, ``inline_tag`` for the
  tags inside Markdown), by the standard library's ``html.parser``: tags, attributes and
  comments are never read, nor what ``<script>``, ``<style>`` or ``<template>`` hold;
  an image is no text (its alt text is rarely the author's prose; its file is kept as a
  link target is, words for pairing that are never shown).
* a raw-HTML block that a parser would let run to the end of the note (``<STYLE>`` closed
  by ``</STYLE>``, ``<pre>`` by ``</style>``, an unclosed ``<script>`` or comment) is
  closed where a reader's browser would have shown the text again (``close_raw_html``).

Why it is long: three kinds of markup, each read in time linear in the note whatever it
holds (a hostile note of openers and no closers costs one pass).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from hatch_cli.core.reading.spans import Dropped, in_code
from hatch_cli.models import BlockKind

# --------------------------------------------------------------------------- templates

#: The most characters one template tag may span (a long figure caption is a few hundred).
MAX_TAG_CHARS = 4096
# How each kind of template tag opens and closes. ``{{<``/``{{%``: Hugo shortcodes;
# ``{%``: Liquid, Jekyll, Nunjucks tags; ``{{``: their output (and Hugo's comments
# ``{{/* */}}``); ``{#``: Nunjucks and Jinja comments.
_CLOSERS = {b"{{<": b">}}", b"{{%": b"%}}", b"{%": b"%}", b"{{": b"}}", b"{#": b"#}"}
_OPENER = re.compile(rb"\{\{[<%]?|\{[%#]")
_NAME = re.compile(rb"[\s<%*#-]*(/?)[\s*]*([\w.-]*)")
_QUOTED = re.compile(rb"\"([^\"\n]*)\"|'([^'\n]*)'")
# Tags that name a link target: Hugo's ref and relref, Jekyll's link and post_url.
_LINK_TAGS = frozenset({b"ref", b"relref", b"link", b"post_url"})
# Pairs whose text is code (Hugo's and Jekyll's highlight), or never shown (comments).
_CODE_PAIRS = frozenset({b"highlight"})
_HIDDEN_PAIRS = frozenset({b"comment"})
# Before a tag, what makes it a link target: "](" or "]: " (Markdown) or "=" (an attribute).
_TARGET_BEFORE = re.compile(rb"(?:\]\(|\]:[ \t]*|=[ \t]*[\"']?)[ \t]*\Z")
_SRC = re.compile(rb"\bsrc\s*=\s*(?:\"([^\"\n]*)\"|'([^'\n]*)')")
#: Where a template tag showed an image: ``IMAGE``, the index of its file in the list
#: ``without_templates`` returns, ``IMAGE_END``. Control characters: never in a note's text
#: when it is parsed (``text.make_inert`` comes first), and kept as text by the parser.
IMAGE, IMAGE_END = "\x02", "\x03"
IMAGE_MARK = re.compile("\x02(\\d+)\x03")


def image_mark(images: list[str], file: str) -> str:
    """The mark of an image whose file is ``file`` (added to ``images``)."""
    images.append(file)
    return f"{IMAGE}{len(images) - 1}{IMAGE_END}"


@dataclass(frozen=True)
class _Tag:
    start: int
    end: int
    closing: bool
    name: bytes
    inner: bytes


def has_templates(text: str) -> bool:
    """Whether ``text`` may hold a template tag (most notes don't: nothing else runs)."""
    return "{{" in text or "{%" in text or "{#" in text


def _tags(source: bytes) -> list[_Tag]:
    """The template tags of ``source``, in order, none inside another.

    Linear in the length however the text is made: each kind's closer is searched for
    once, not once per opener (text full of ``{%`` and no ``%}`` costs one search)."""
    found: list[_Tag] = []
    next_closer: dict[bytes, int] = {}
    position = 0
    while (match := _OPENER.search(source, position)) is not None:
        opener = match.group()
        closer = _CLOSERS[opener]
        end = next_closer.get(opener, -2)
        if end != -1 and end < match.end():
            end = next_closer[opener] = source.find(closer, match.end())
        if end == -1 or end - match.start() > MAX_TAG_CHARS:
            position = match.start() + 1
            continue
        inner = source[match.end() : end]
        name = _NAME.match(inner)
        closing, word = (name.group(1), name.group(2)) if name else (b"", b"")
        if word.startswith(b"end"):  # Liquid's {% endhighlight %}
            closing, word = b"/", word[3:]
        found.append(_Tag(match.start(), end + len(closer), bool(closing), word.lower(), inner))
        position = end + len(closer)
    return found


def without_templates(
    text: str, code: Sequence[tuple[int, int]] = (), dropped: list[Dropped] | None = None
) -> tuple[str, list[str]]:
    """``text`` without its template tags, except in ``code`` (byte ranges of its UTF-8
    encoding: code spans and blocks, where a tag is what the author shows); and the files
    of the images they showed. Each tag (a pair: its first half) taken out is added to
    ``dropped``.

    A link or attribute tag gives the target it names (percent-encoded, so the link still
    parses); an image's tag becomes its mark (``IMAGE``); any other tag becomes a space,
    or nothing inside a link target."""
    source = text.encode()
    tags = [tag for tag in _tags(source) if not _in_code(tag, code)]
    images: list[str] = []
    if not tags:
        return text, images
    out: list[bytes] = []
    position = 0
    index = 0
    while index < len(tags):
        tag = tags[index]
        out.append(source[position : tag.start])
        position = tag.end
        index += 1
        if not tag.closing and tag.name in _HIDDEN_PAIRS | _CODE_PAIRS:
            close = next(
                (
                    i
                    for i in range(index, len(tags))
                    if tags[i].closing and tags[i].name == tag.name
                ),
                None,
            )
            if close is not None:
                if tag.name in _CODE_PAIRS:
                    out.append(_fence(tag, source[tag.end : tags[close].start]))
                else:
                    out.append(b" ")
                position = tags[close].end
                index = close + 1
                _drop(dropped, tag, position, out[-1])
                continue
        out.append(_replacement(tag, b"".join(out[-1:]), images))
        _drop(dropped, tag, tag.end, out[-1])
    out.append(source[position:])
    return b"".join(out).decode("utf-8", errors="replace"), images


def _drop(dropped: list[Dropped] | None, tag: _Tag, end: int, replacement: bytes) -> None:
    if dropped is not None:
        name = tag.name.decode("utf-8", errors="replace")
        dropped.append(Dropped(name, tag.start, end, replacement.count(b"\n")))


def _in_code(tag: _Tag, code: Sequence[tuple[int, int]]) -> bool:
    """Whether a tag starts or ends in code (code inside a tag, in a caption, is the tag's)."""
    return in_code((tag.start, tag.end), code)


def _replacement(tag: _Tag, before: bytes, images: list[str]) -> bytes:
    """What stands in a tag's place: the target it names where a link target is expected,
    else nothing there; an image's mark (its file added to ``images``) or a space anywhere
    else."""
    if _TARGET_BEFORE.search(before[-64:]) is None:
        src = _SRC.search(tag.inner)
        if src is None or not (file := (src.group(1) or src.group(2) or b"").strip()):
            return b" "
        return f" {image_mark(images, file.decode('utf-8', errors='replace'))} ".encode()
    target = b""
    quoted = _QUOTED.search(tag.inner)
    if quoted is not None:
        target = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
    elif tag.name in _LINK_TAGS:
        words = tag.inner.strip(b" \t\n<>%-").split()
        target = words[1] if len(words) > 1 else b""
    return quote(target.strip(), safe="/#:?&=%@+,;.~_-!$*").encode()


def _fence(tag: _Tag, code: bytes) -> bytes:
    """A highlight pair as a fenced code block, its language as the info string."""
    words = tag.inner.strip(b" \t\n<>%-").split()
    info = words[1] if len(words) > 1 else b""
    fence = b"~" * max(3, 1 + max((len(run) for run in re.findall(rb"~+", code)), default=0))
    return b"\n" + fence + info + b"\n" + code.strip(b"\n") + b"\n" + fence + b"\n"


# --------------------------------------------------------------------------- raw HTML

# A line that starts a raw-HTML block a parser reads to a closing tag (CommonMark's
# first two kinds of HTML block), and the closing tags that end it. CommonMark ends
# the first kind at any of the four closing tags, in any case; pulldown-cmark only at
# the one that opened it, in lower case, so a web clipping's ``<STYLE>`` hid the rest.
_RAW_TAG = re.compile(r"<(?:script|pre|style|textarea)\b|<!--", re.IGNORECASE)
_RAW_START = re.compile(
    r"^(?:[ \t]*>)*[ \t]{0,3}<(?:(script|pre|style|textarea)(?=[\s>]|$)|(!--))", re.IGNORECASE
)
_RAW_END = re.compile(r"</(?:script|pre|style|textarea)\s*>", re.IGNORECASE)
_FENCE = re.compile(r"^(?:[ \t]*>)*[ \t]{0,3}(`{3,}|~{3,})")


def close_raw_html(text: str) -> str:
    """``text`` with each raw-HTML block of the first two kinds closed where CommonMark
    closes it (at any of the four closing tags, in any case: written here as the tag a
    parser looks for), or, unclosed, at its first blank line, not at the end of the note.

    Outside fenced code only; a note with none of these tags is returned as it is.
    Linear: where the next closing tag and blank line are is found once per line."""
    if _RAW_TAG.search(text) is None:
        return text
    lines = text.split("\n")
    next_end = _next_line(lines, lambda line: _RAW_END.search(line) is not None)
    next_comment_end = _next_line(lines, lambda line: "-->" in line)
    next_blank = _next_line(lines, lambda line: not line.strip())
    fence = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        marker = _FENCE.match(line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = ""
        elif marker:
            fence = marker.group(1)
        elif (start := _RAW_START.match(line)) is not None:
            tag = start.group(1)
            pattern = _RAW_END if tag else _COMMENT_END
            closer = f"</{tag.lower()}>" if tag else "-->"
            if pattern.search(line, start.end()) is not None:
                last = index
            else:
                last = (next_end if tag else next_comment_end)[index + 1]
            if last < len(lines):
                found = pattern.search(lines[last], start.end() if last == index else 0)
                if found is not None:
                    line = lines[last]
                    lines[last] = f"{line[: found.start()]}{closer}{line[found.end() :]}"
            else:  # unclosed: up to its first blank line
                last = max(index, next_blank[index + 1] - 1)
                lines[last] += closer if tag else " -->"
            index = last
        index += 1
    return "\n".join(lines)


_COMMENT_END = re.compile("-->")


def _next_line(lines: list[str], test: Callable[[str], bool]) -> list[int]:
    """For each line, the index of the first line from it on that passes ``test``
    (``len(lines)`` when none does), with one more entry for the end."""
    found = [len(lines)] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        found[index] = index if test(lines[index]) else found[index + 1]
    return found


# --------------------------------------------------------------------------- HTML text

#: Elements whose content is never read.
HIDDEN = frozenset({"script", "style", "template"})
# Elements that hold phrasing: their tags join the text around them without a space.
_INLINE = frozenset(
    """a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q rp rt ruby s samp
    small span strike strong sub sup time tt u var""".split()  # noqa: SIM905
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
# Elements that give the text in them its kind of block (the innermost wins).
_KINDS: dict[str, BlockKind] = {
    "li": "item",
    "dt": "item",
    "dd": "item",
    "blockquote": "quote",
    **dict.fromkeys(_HEADINGS, "heading"),
}
_CELLS = frozenset({"td", "th"})
_ROWS = frozenset({"tr"})


@dataclass
class HtmlBlock:
    """A block of text read from HTML: its kind, text, link targets, heading level and
    table cells."""

    kind: BlockKind
    text: str
    urls: tuple[str, ...] = ()
    level: int = 0
    cells: tuple[str, ...] = ()


@dataclass
class _State:
    blocks: list[HtmlBlock] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    open: list[str] = field(default_factory=list)  # elements that give a kind, innermost last
    hidden: list[str] = field(default_factory=list)
    cells: list[str] | None = None
    pre: int = 0
    code_from: list[int] = field(default_factory=list)


class _HtmlText:
    """HTML -> ``HtmlBlock``s: the text a browser shows, block by block (the handlers of
    an ``html.parser.HTMLParser``, which ``html_blocks`` gives them to)."""

    def __init__(self, code_span: Callable[[str], str], images: list[str]) -> None:
        self.state = _State()
        self.code_span = code_span
        self.images = images

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        state = self.state
        if state.hidden:
            if tag == state.hidden[-1]:
                state.hidden.append(tag)
            return
        if tag in HIDDEN:
            state.hidden.append(tag)
            return
        if tag == "a":
            state.urls += [value for name, value in attrs if name == "href" and value]
        elif tag == "img" and not state.pre:
            state.parts += [
                image_mark(self.images, src) for name, src in attrs if name == "src" and src
            ]
        if tag == "br":
            state.parts.append("\n" if state.pre else " ")
        elif tag == "code" and not state.pre:
            state.code_from.append(len(state.parts))
        elif tag not in _INLINE and tag != "img":
            self.flush()
            if tag == "pre":
                state.pre += 1
            elif tag in _ROWS:
                state.cells = []
            elif tag in _KINDS:
                state.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <br/>, <img/>: nothing to close

    def handle_endtag(self, tag: str) -> None:
        state = self.state
        if state.hidden:
            if tag == state.hidden[-1]:
                state.hidden.pop()
            return
        if tag == "code" and state.code_from:
            start = state.code_from.pop()
            code = "".join(state.parts[start:])
            del state.parts[start:]
            state.parts.append(self.code_span(code))
        elif tag not in _INLINE and tag not in ("img", "br"):
            self.flush(cell=tag in _CELLS)
            if tag == "pre" and state.pre:
                state.pre -= 1
            elif tag in _ROWS:
                self.end_row()
            elif tag in _KINDS and tag in state.open:
                while state.open and state.open.pop() != tag:
                    pass

    def handle_data(self, data: str) -> None:
        if not self.state.hidden:
            self.state.parts.append(data)

    def flush(self, cell: bool = False) -> None:
        """The text gathered so far as a block (or a cell of the row being read)."""
        state = self.state
        if state.code_from:  # an unclosed <code>: its text is code up to here
            start = state.code_from.pop(0)
            state.parts[start:] = [self.code_span("".join(state.parts[start:]))]
            state.code_from.clear()
        raw = "".join(state.parts)
        state.parts.clear()
        if state.pre:
            text = raw.strip("\n")
            if text.strip():
                state.blocks.append(HtmlBlock("code", text))
            return
        text = " ".join(raw.split())
        if state.cells is not None and (cell or text):
            state.cells.append(text)
            return
        if not text:
            return
        kind: BlockKind = "paragraph"
        level = 0
        if state.open:
            inner = state.open[-1]
            kind = _KINDS[inner]
            level = _HEADINGS.get(inner, 0)
        urls, state.urls = tuple(state.urls), []
        state.blocks.append(HtmlBlock(kind, text, urls, level))

    def end_row(self) -> None:
        state = self.state
        cells, state.cells = state.cells or [], None
        if any(cells):
            urls, state.urls = tuple(state.urls), []
            state.blocks.append(HtmlBlock("row", " | ".join(cells), urls, cells=tuple(cells)))

    def finish(self) -> tuple[list[HtmlBlock], list[str]]:
        """The blocks read, and the link targets of no block (no text followed them)."""
        state = self.state
        state.hidden.clear()
        self.flush()
        if state.cells is not None:
            self.end_row()
        return state.blocks, state.urls


def html_blocks(
    html: str, code_span: Callable[[str], str], images: list[str] | None = None
) -> tuple[list[HtmlBlock], list[str]]:
    """The text of an HTML block, block by block (headings, paragraphs, list items,
    quotes, table rows, preformatted code), with inline ``<code>`` written by
    ``code_span`` and an image as its mark (its file added to ``images``); and the
    targets of its links that no text followed."""
    # Imported here: a note without HTML never pays for html.parser (nor html.entities).
    from html.parser import HTMLParser

    reader = _HtmlText(code_span, [] if images is None else images)
    parser = HTMLParser(convert_charrefs=True)
    for handler in _HANDLERS:
        setattr(parser, handler, getattr(reader, handler))
    parser.feed(html)
    parser.close()
    return reader.finish()


_HANDLERS = ("handle_starttag", "handle_startendtag", "handle_endtag", "handle_data")


# One tag of inline HTML: "<" or "</", its name, and the rest up to ">".
_INLINE_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# The attribute that names a link's target, an image's file.
_ATTRIBUTE = {
    tag: re.compile(rf"""\s{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
    for tag, name in (("a", "href"), ("img", "src"))
}


@dataclass(frozen=True)
class InlineTag:
    """What one piece of inline HTML is to the text around it."""

    name: str
    """the element's name in lower case ('' for a comment or declaration)"""
    closing: bool
    href: str = ""
    """a link's target"""
    src: str = ""
    """an image's file"""
    space: bool = False
    """whether it stands between words (``<br>``, a block element), not inside one"""


def inline_tag(html: str) -> InlineTag:
    """Read one piece of inline HTML (a tag, a comment, a declaration)."""
    match = _INLINE_TAG.match(html)
    if match is None:
        return InlineTag("", False)
    name = match.group(2).lower()
    found = None
    if name in ("a", "img") and not match.group(1):
        found = _ATTRIBUTE[name].search(html)
    value = next((group for group in found.groups() if group is not None), "") if found else ""
    if "&" in value:
        from html import unescape  # ~15 ms to import, for the rare attribute with entities

        value = unescape(value)
    href, src = (value, "") if name == "a" else ("", value)
    return InlineTag(name, bool(match.group(1)), href, src, name not in _INLINE)
