"""Markdown body -> typed blocks of plain text, by pulldown-cmark (pyromark, in Rust): the one
parser every command reads notes with. Pure.

``combine``, ``pairs``, ``keywords``, ``ideas``, ``--embed`` and the ``--llm`` brief all
read a note through ``parse_body``, so they read it alike. What the author wrote becomes
blocks (``models.Block``), each with the lines of the body it was read from: headings
(with their level), paragraphs, list items (how deeply nested, numbered or not, their task
box) and quotes (how deeply nested), table rows (with their cells), and fenced or
indented code (with its info string, and the sentence that introduces it when one does:
"... like so:"); a block knows whether it was read from raw HTML or a footnote. Inline
code and math stay in the text as written (``text.code_span``, ``$x^2$``). Link
targets are kept with their block (``Block.urls``) and the note (``Body.links``);
wikilinks read as their text and inline ``#tags`` are collected (``text._plain``). What
is no text (images with their alt text, template tags and shortcodes, math) is kept apart,
with its lines (``Body.marks``).

What a reader never sees is never read (``markup``): template tags of static-site
generators, HTML tags and attributes and what ``<script>``, ``<style>`` and
``<template>`` hold, footnote marks and task-list boxes. The text of HTML is read as
prose. An image is no text: its file is one of its block's ``urls``, whose words count
for pairing and are never shown (``terms``). A raw-HTML block a parser would let run to
the end of the note is closed first.

Why it is long: pulldown-cmark's events are one stream for every kind of block, read in
one pass (``_read_events``) that keeps what each block needs of the blocks around it.

Events come with source ranges: each block's lines (``spans``), and text from an escaped or
entity character (``\\#``, ``&#35;``: no tag or wikilink). pyromark: imported when first used.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from hatch_cli.core.reading import markup, shortcodes
from hatch_cli.core.reading.sentences import sentences
from hatch_cli.core.reading.spans import Dropped, Lines, source_lines
from hatch_cli.core.reading.text import _LITERAL, Body, _plain, analysed_part, code_span
from hatch_cli.models import Block, BlockKind, Mark

# Events that open or close a block of text: the inline text gathered so far is a block.
_BLOCK_EVENTS = frozenset({"Paragraph", "Heading", "BlockQuote", "CodeBlock", "HtmlBlock", "List"})
_BLOCK_EVENTS |= {"Item", "FootnoteDefinition", "Table"}
_ROW_EVENTS = frozenset({"TableHead", "TableRow"})
_HEADING_LEVELS = {f"H{level}": level for level in range(1, 7)}
# A footnote mark with no note, which pulldown-cmark leaves as text ("[", "^1", "]"): dropped.
_UNDEFINED_NOTE = re.compile(r"\^[\w-]+")
# Kinds of block whose last sentence may introduce the code block after them.
_PROSE = frozenset({"paragraph", "item", "quote"})


@cache
def _options() -> Any:
    import pyromark  # ~25 ms to import: paid only when Markdown is read

    options = pyromark.Options
    return (
        options.ENABLE_TABLES
        | options.ENABLE_STRIKETHROUGH
        | options.ENABLE_GFM  # a GitHub alert's "[!WARNING]" is markup, not text
        | options.ENABLE_FOOTNOTES
        | options.ENABLE_TASKLISTS
        | options.ENABLE_HEADING_ATTRIBUTES
        | options.ENABLE_MATH
    )


class _Blocks:
    """Turns pulldown-cmark's events into a ``Body``'s blocks."""

    def __init__(self) -> None:
        self.body = Body()
        self.lines = Lines("")
        self.start = -1  # where the text gathered so far starts and ends (bytes)
        self.end = -1
        self.items: list[tuple[bool, bool | None]] = []  # (ordered, task) of open items
        self.ordered: list[bool] = []  # whether each open list is numbered
        self.footnote = ""
        self.plain = 0  # words of the block being read outside its links
        self.html_block = False
        self.containers: list[str] = []  # "item" or "quote", innermost last
        self.heading = 0
        self.section = ""
        self.parts: list[str] = []
        self.urls: list[str] = []
        self.pending_urls: list[str] = []  # targets of HTML links between blocks of text
        self.cells: list[str] | None = None  # the cells of the table row being read
        self.images: list[str] = []  # the files of the images marked in the text

    def unmarked(self, text: str, urls: list[str]) -> str:
        """``text`` without its images' marks; their files go to ``urls`` (their words
        count for pairing as a link target's do, and are never shown)."""
        if markup.IMAGE not in text:
            return text

        def file(mark: re.Match[str]) -> str:
            index = int(mark.group(1))
            if index < len(self.images):  # else the text had the mark itself (not inert)
                urls.append(self.images[index])
            return " "

        return markup.IMAGE_MARK.sub(file, text)

    def at(self, where: dict[str, int]) -> None:
        """The text gathered so far reaches over ``where`` (a byte range; events come in
        the order of the text)."""
        if self.start < 0:
            self.start = where["start"]
        self.end = where["end"]

    def span(self) -> tuple[int, int]:
        """The lines of the text gathered so far (and forget where it was)."""
        start, end, self.start, self.end = self.start, self.end, -1, -1
        return self.lines.span(start, end) if start >= 0 else (0, 0)

    def flush(self) -> None:
        """The inline text gathered so far as a block (none if it holds no text)."""
        plain, self.plain = self.plain, 0
        if not self.parts:
            self.start = -1
            if self.urls:
                self.pending_urls += self.urls
                self.urls = []
            return
        urls, self.urls = self.urls, []
        text = _plain(self.unmarked("".join(self.parts), urls), self.body)
        self.parts.clear()
        if not text:
            self.start = -1
            self.pending_urls += urls
            return
        span = self.span()
        kind: BlockKind = "paragraph"
        level = len(self.containers)
        if self.heading:
            kind, level = "heading", self.heading
        elif self.containers:
            kind = "item" if self.containers[-1] == "item" else "quote"
        self.add(kind, text, span, urls, level)
        self.body.blocks[-1].linked = bool(urls) and plain <= 2  # "GitHub: [A guide](url)"

    def add(
        self,
        kind: BlockKind,
        text: str,
        span: tuple[int, int],
        urls: list[str] | tuple[str, ...] = (),
        level: int = 0,
        cells: tuple[str, ...] = (),
    ) -> None:
        """A block of text (a heading is the section of what follows it)."""
        body = self.body
        if kind == "heading":
            self.section = text
            if level == 1 and body.first_h1 is None:
                body.first_h1 = text
        if self.pending_urls:
            urls, self.pending_urls = [*self.pending_urls, *urls], []
        block = Block(kind, text, self.section, tuple(urls), level, cells=cells, span=span)
        block.html, block.footnote = self.html_block, self.footnote
        if kind == "item" and self.items and not self.html_block:
            block.ordered, block.task = self.items[-1]
        body.blocks.append(block)

    def cell(self) -> None:
        """The inline text gathered so far as a cell of the row being read."""
        if self.cells is not None:
            self.cells.append(_plain(self.unmarked("".join(self.parts), self.urls), self.body))
        self.parts.clear()

    def row(self, span: tuple[int, int]) -> None:
        cells, self.cells = self.cells or [], None
        self.start = self.end = -1
        if any(cells):
            urls, self.urls = self.urls, []
            self.add("row", " | ".join(cells), span, urls, cells=tuple(cells))

    def code(self, content: str, info: str, span: tuple[int, int], fenced: bool) -> None:
        """A code block, with the sentence that introduces it ("... like so:"), if one does."""
        if not content.strip():
            return
        blocks = self.body.blocks
        lead = ""
        if blocks and blocks[-1].kind in _PROSE and blocks[-1].text.endswith((":", "：")):
            lead = (sentences(blocks[-1].text) or [""])[-1]
        block = Block("code", content.rstrip("\n"), self.section, info=info.strip(), lead=lead)
        block.span, block.fenced, block.html = span, fenced, self.html_block
        block.footnote = self.footnote
        blocks.append(block)

    def html(self, content: str, span: tuple[int, int]) -> None:
        """An HTML block: its text, block by block (each with the lines of the whole block)."""
        found, urls = markup.html_blocks(content, code_span, self.images)
        self.html_block = True
        for block in found:
            if block.kind == "code":
                self.code(block.text, "", span, False)
                continue
            self.body.links += block.urls
            targets = list(block.urls)
            text = _plain(self.unmarked(block.text, targets), self.body)
            if not text:
                self.pending_urls += targets
                continue
            kind = block.kind
            level = block.level or len(self.containers)
            if kind == "paragraph" and self.containers:
                kind = "item" if self.containers[-1] == "item" else "quote"
            cells = tuple(_plain(self.unmarked(cell, []), self.body) for cell in block.cells)
            self.add(kind, text, span, targets, level, cells)
        self.html_block = False
        self.body.links += urls
        self.pending_urls += urls

    def finish(self) -> Body:
        self.flush()
        body = self.body
        if self.pending_urls and body.blocks:
            last = body.blocks[-1]
            last.urls = last.urls + tuple(self.pending_urls)
        return body


def parse_body(markdown: str) -> Body:
    """A Markdown body as blocks of plain text (its first ``MAX_BODY_CHARS``: see
    ``text.analysed_part``)."""
    import pyromark  # ~25 ms to import: paid only when Markdown is read

    text = markup.close_raw_html(analysed_part(markdown))
    reader = _Blocks()
    lines = None
    if markup.has_templates(text):
        templates: list[Dropped] = []
        source = text
        text, reader.images = markup.without_templates(text, _code_ranges(text), templates)
        # A tag may have held the closer of a raw-HTML block (``<script>{{</script>>}}``):
        # closed again, it still ends at its first blank line, not at the end of the note.
        text = markup.close_raw_html(text)
        lines = source_lines(source, templates)
        written = Lines(source)
        for tag in templates:  # where they were in the text as written
            span = written.span(tag.start, tag.end)
            reader.body.marks.append(Mark("template", tag.name, span=span))
    if shortcodes.has_shortcodes(text):
        taken: list[Dropped] = []
        before = Lines(text, lines)  # taking shortcodes out moves no line
        text = shortcodes.without_shortcodes(text, _code_ranges(text), reader.images, taken)
        for tag in taken:
            span = before.span(tag.start, tag.end)
            reader.body.marks.append(Mark("shortcode", tag.name, span=span))
    reader.lines = Lines(text, lines)
    ranged = pyromark.events_with_range(text, options=_options())
    if "\\" in text or "&" in text:
        ranged = _marked(ranged, text.encode())
    _read_events(reader, ranged)
    body = reader.finish()
    body.marks.sort(key=lambda mark: mark.span)
    return body


def _code_ranges(text: str) -> list[tuple[int, int]]:
    """Where ``text``'s code spans and code blocks are (byte ranges of its UTF-8)."""
    import pyromark  # ~25 ms to import: paid only when Markdown is read

    found = []
    for event, where in pyromark.events_with_range(text, options=_options()):
        if type(event) is dict and ("Code" in event or (_name(event.get("Start")) == "CodeBlock")):
            found.append((where["start"], where["end"]))
    return found


def _name(value: Any) -> str:
    return value if type(value) is str else next(iter(value)) if value else ""


def _marked(ranged: Any, source: bytes) -> Any:
    """Events with their source ranges, where a text that starts with an escaped or entity
    character is marked (``_LITERAL``)."""
    for event, where in ranged:
        if type(event) is dict:
            text = event.get("Text")
            if text is not None:
                start = where["start"]
                if source[start : where["end"]] != text.encode() or _escaped(source, start):
                    yield {"Text": _LITERAL + text}, where
                    continue
        yield event, where


def _escaped(source: bytes, start: int) -> bool:
    """Whether the character at ``start`` follows an escaping backslash (an odd run)."""
    run = 0
    while start - run > 0 and source[start - run - 1] == 0x5C:
        run += 1
    return run % 2 == 1


def _read_events(reader: _Blocks, events: Any) -> None:
    """Read pulldown-cmark's events, each with its byte range (``where``)."""
    parts = reader.parts
    image_depth = 0
    image: tuple[str, list[str], int] = ("", [], 0)  # an image's file, alt text and start
    in_autolink = in_link = False  # an autolink's text is its target, written by ``_link``
    hidden: list[str] = []  # inline <script>, <style>, <template> being skipped
    code_from: list[int] = []  # where the text of an inline <code> starts in ``parts``
    code: list[str] | None = None
    info = ""
    fenced = False
    html: list[str] | None = None
    block_start = 0  # where the code block, HTML block or table row being read starts
    for event, where in events:
        if type(event) is str:  # SoftBreak, HardBreak, Rule
            if event in ("SoftBreak", "HardBreak"):
                if not image_depth:
                    parts.append(" ")
            else:
                reader.flush()
            continue
        ((kind, value),) = event.items()
        if kind == "Text":
            if code is not None:
                code.append(value)
            elif html is not None:
                html.append(value)
            elif image_depth:
                image[1].append(value)
            elif not (in_autolink or hidden):
                if value == "]" and parts[-2:-1] == ["["] and _UNDEFINED_NOTE.fullmatch(parts[-1]):
                    del parts[-2:]
                else:
                    parts.append(value)
                    reader.plain += 0 if in_link else len(value.split())
                if reader.start < 0:  # reader.at(where), inline: the commonest event
                    reader.start = where["start"]
                reader.end = where["end"]
        elif kind == "Code":
            if image_depth:
                image[1].append(value)
            elif not hidden:
                parts.append(code_span(value))
                reader.plain += 1
                reader.at(where)
        elif kind in ("InlineMath", "DisplayMath"):
            # Read as it was written: the TeX is the author's, kept with its block.
            display = kind == "DisplayMath"
            if not (image_depth or hidden):
                parts.append(f"$${value}$$" if display else f"${value}$")
                reader.at(where)
            span = reader.lines.span(where["start"], where["end"])
            reader.body.marks.append(Mark("math", value.strip(), span=span, display=display))
        elif kind == "Start":
            name = _name(value)
            if name in _BLOCK_EVENTS:
                reader.flush()
                hidden.clear()
                code_from.clear()
                block_start = where["start"]
                if name == "Heading":
                    reader.heading = _HEADING_LEVELS.get(value[name]["level"], 1)
                elif name == "List":
                    reader.ordered.append(value[name] is not None)
                elif name == "Item":
                    reader.containers.append("item")
                    reader.items.append((bool(reader.ordered[-1:] == [True]), None))
                elif name == "BlockQuote":
                    reader.containers.append("quote")
                elif name == "CodeBlock":
                    code = []
                    block = value[name] if type(value) is dict else None
                    fenced = type(block) is dict
                    info = block.get("Fenced", "") if type(block) is dict else ""
                elif name == "HtmlBlock":
                    html = []
                elif name == "FootnoteDefinition":
                    reader.footnote = value[name] or ""
            elif name in _ROW_EVENTS:
                reader.flush()
                reader.cells = []
                block_start = where["start"]
            elif name == "TableCell":
                parts.clear()
            elif name == "Image":
                if not image_depth:  # no text: its file counts as a link target does
                    target = value[name].get("dest_url") or ""
                    mark = markup.image_mark(reader.images, target) if target else ""
                    parts.append(f" {mark} ")
                    reader.at(where)
                    image = (target, [], where["start"])
                image_depth += 1
            elif name == "Link" and not image_depth:
                in_autolink, in_link = _link(reader, value[name]), True
        elif kind == "End":
            name = _name(value)
            if name in _BLOCK_EVENTS:
                reader.flush()
                hidden.clear()
                code_from.clear()
                if name == "Heading":
                    reader.heading = 0
                elif name == "List":
                    if reader.ordered:
                        reader.ordered.pop()
                elif name in ("Item", "BlockQuote"):
                    if reader.containers:
                        reader.containers.pop()
                    if name == "Item" and reader.items:
                        reader.items.pop()
                elif name == "CodeBlock" and code is not None:
                    span = reader.lines.span(block_start, where["end"])
                    reader.code("".join(code), info, span, fenced)
                    code = None
                elif name == "HtmlBlock" and html is not None:
                    reader.html("".join(html), reader.lines.span(block_start, where["end"]))
                    html = None
                elif name == "FootnoteDefinition":
                    reader.footnote = ""
            elif name == "TableCell":
                reader.cell()
            elif name in _ROW_EVENTS:
                reader.row(reader.lines.span(block_start, where["end"]))
            elif name == "Image":
                image_depth -= 1
                if not image_depth:
                    span = reader.lines.span(image[2], where["end"])
                    alt = " ".join("".join(image[1]).split())
                    reader.body.marks.append(Mark("image", alt, image[0], span))
            elif name == "Link":
                in_autolink = in_link = False
        elif kind == "TaskListMarker":
            if reader.items:
                reader.items[-1] = (reader.items[-1][0], bool(value))
        elif kind == "InlineHtml":
            if not image_depth:
                _inline_html(reader, value, hidden, code_from)
                reader.at(where)
        elif kind == "Html" and html is not None:
            html.append(value)


def _inline_html(reader: _Blocks, html: str, hidden: list[str], code_from: list[int]) -> None:
    """A tag of inline HTML: never text itself; what it holds is read (but for a script,
    style or template), a link's target kept, ``<code>`` read as code."""
    tag = markup.inline_tag(html)
    parts = reader.parts
    if hidden:
        if tag.name == hidden[-1]:
            if tag.closing:
                hidden.pop()
            else:
                hidden.append(tag.name)
        return
    if tag.name in markup.HIDDEN and not tag.closing:
        hidden.append(tag.name)
    elif tag.name == "code":
        if not tag.closing:
            code_from.append(len(parts))
        elif code_from:
            start = code_from.pop()
            parts[start:] = [code_span("".join(parts[start:]))]
    elif tag.space:
        parts.append(" ")
    if tag.href:
        reader.urls.append(tag.href)
        reader.body.links.append(tag.href)
    if tag.src:
        parts.append(markup.image_mark(reader.images, tag.src))


def _link(reader: _Blocks, link: dict[str, Any]) -> bool:
    """Record a link's target; whether it is an autolink (whose text is then written)."""
    target = link.get("dest_url") or ""
    kind = link.get("link_type")
    if kind in ("Autolink", "Email"):
        reader.parts.append(target)
        if target:
            # its text is its target: read there, not twice
            reader.body.links.append("mailto:" + target if kind == "Email" else target)
        return True
    if target:
        reader.body.links.append(target)
        reader.urls.append(target)
    return False


def reads_as_itself(text: str) -> bool:
    """Whether one line of Markdown is plain text to the parser: no emphasis, code, HTML,
    link, entity or escape in it, nor a block of another kind, so it renders as exactly
    these characters."""
    import pyromark  # ~25 ms to import: paid only when Markdown is read

    events: list[Any] = list(pyromark.events(text))
    if events[:1] != [{"Start": "Paragraph"}] or events[-1:] != [{"End": "Paragraph"}]:
        return False
    inner = events[1:-1]
    return all(type(event) is dict and "Text" in event for event in inner) and (
        "".join(event["Text"] for event in inner) == text
    )
