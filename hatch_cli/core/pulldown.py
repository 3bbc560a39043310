"""Markdown body -> the blocks ``text.parse_body`` gives, via pyromark (pulldown-cmark, in
Rust). Pure.

The vault reader parses every note of a vault, and markdown-it-py's parse was a quarter
of its time (about 0.3 ms a note); pulldown-cmark's events cost a twentieth of that. What
hatch keeps of a body is the same either way: blocks (kind, text, section), inline code
between backticks, link targets, wikilinks and inline tags, so the two are checked to
agree on the CommonMark spec examples (``tests/test_pulldown.py``) and on the dev corpora
(``benchmarks/parser_agreement.py``). Where CommonMark leaves room, this module does what
markdown-it-py does:

* an escaped or entity character (``\\#``, ``&#35;``) starts no tag or wikilink: it is
  marked as ``text`` marks markdown-it's ``text_special`` tokens (pulldown-cmark says so
  only through source ranges, so those are asked for when a body has a ``\\`` or ``&``);
* an e-mail autolink's target is ``mailto:...`` and link targets are percent-encoded as
  markdown-it normalises them (``normalize_target``);
* a single ``~`` around a word is text, as markdown-it's strikethrough reads only ``~~``.

Known differences (also in ``benchmarks/README.md``; none in the spec examples): a link to
a ``javascript:``, ``vbscript:``, ``file:`` or ``data:`` target is a link here and literal
text in markdown-it; content nested deeper than markdown-it's 20 levels is read here; a run
of three tildes (``~~~a~~~``) is text here and ``~a~`` there; a line indented less than
its list item's text, after a paragraph in it, continues that paragraph here and is a code
block there (one note of gov-dev: ``</p>`` read as code once less).

pyromark is imported on first use: ``hatch combine`` never parses with it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from hatch_cli.core.text import _HTML_HREF, _LITERAL, Body, _plain, analysed_part, code_span
from hatch_cli.models import Block, BlockKind

# Events that open or close a block: the inline text gathered so far is a block of its own.
_BLOCK_EVENTS = frozenset(
    {
        "Paragraph",
        "Heading",
        "BlockQuote",
        "CodeBlock",
        "HtmlBlock",
        "List",
        "Item",
        "Table",
        "TableHead",
        "TableRow",
        "TableCell",
    }
)
_HEADING_LEVELS = {f"H{level}": level for level in range(1, 7)}


@cache
def _options() -> Any:
    import pyromark

    return pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH


def normalize_target(url: str) -> str:
    """A link target as markdown-it-py's ``normalizeLink`` writes it (percent-encoded,
    punycode host, an empty user part dropped): the same function, so the same target."""
    from markdown_it.common.normalize_url import normalizeLink

    return str(normalizeLink(url))


def autolink_text(url: str) -> str:
    """An autolink's text as markdown-it-py writes it (``normalizeLinkText``: decoded)."""
    from markdown_it.common.normalize_url import normalizeLinkText

    return str(normalizeLinkText(url))


class _Blocks:
    """Turns pulldown-cmark's events into ``Body`` blocks, as ``text.parse_body`` does."""

    def __init__(self) -> None:
        self.body = Body()
        self.containers: list[str] = []  # "item" or "quote", innermost last
        self.heading = 0
        self.section = ""
        self.parts: list[str] = []
        self.urls: list[str] = []
        self.pending_urls: list[str] = []  # targets of HTML links between blocks of text

    def flush(self) -> None:
        """The inline text gathered so far as a block (none if it holds no text)."""
        if not self.parts:
            if self.urls:
                self.pending_urls += self.urls
                self.urls = []
            return
        body = self.body
        urls, self.urls = self.urls, []
        text = _plain("".join(self.parts), body)
        self.parts.clear()
        if not text:
            self.pending_urls += urls
            return
        kind: BlockKind = "paragraph"
        if self.heading:
            kind = "heading"
            self.section = text
            if self.heading == 1 and body.first_h1 is None:
                body.first_h1 = text
        elif self.containers:
            kind = "item" if self.containers[-1] == "item" else "quote"
        if self.pending_urls:
            urls, self.pending_urls = self.pending_urls + urls, []
        body.blocks.append(Block(kind, text, self.section, tuple(urls)))

    def finish(self) -> Body:
        self.flush()
        body = self.body
        if self.pending_urls and body.blocks:
            last = body.blocks[-1]
            body.blocks[-1] = Block(
                last.kind, last.text, last.section, last.urls + tuple(self.pending_urls)
            )
        return body


def parse_body_fast(markdown: str) -> Body:
    """``text.parse_body`` of a body, parsed by pulldown-cmark (its first
    ``MAX_BODY_CHARS``, as there)."""
    import pyromark

    text = analysed_part(markdown)
    reader = _Blocks()
    if "\\" in text or "&" in text or "~" in text:
        source = text.encode()
        events = _marked(pyromark.events_with_range(text, options=_options()), source)
    else:
        events = pyromark.events(text, options=_options())
    _read_events(reader, events)
    return reader.finish()


def _marked(ranged: Any, source: bytes) -> Any:
    """Events with their source ranges -> events, where a text that starts with an escaped
    or entity character is marked (``_LITERAL``) and a single-``~`` strikethrough is
    given back as the text it is to markdown-it."""
    for event, where in ranged:
        if type(event) is dict:
            text = event.get("Text")
            start = where["start"]
            if text is not None:
                if source[start : where["end"]] != text.encode() or _escaped(source, start):
                    yield {"Text": _LITERAL + text}
                    continue
            elif event.get("Start", event.get("End")) == "Strikethrough" and (
                source[start : start + 2] != b"~~"
            ):
                yield {"Text": "~"}
                continue
        yield event


def _escaped(source: bytes, start: int) -> bool:
    """Whether the character at ``start`` follows an escaping backslash (an odd run)."""
    run = 0
    while start - run > 0 and source[start - run - 1] == 0x5C:
        run += 1
    return run % 2 == 1


def _read_events(reader: _Blocks, events: Any) -> None:
    parts = reader.parts
    image_depth = 0
    in_autolink = False  # its text is written by ``_link``, as markdown-it writes it
    code: list[str] | None = None
    html: list[str] | None = None
    for event in events:
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
            elif not (image_depth or in_autolink):
                parts.append(value)
        elif kind == "Code":
            if not image_depth:
                parts.append(code_span(value))
        elif kind == "Start":
            name = value if type(value) is str else next(iter(value))
            if name in _BLOCK_EVENTS:
                reader.flush()
                if name == "Heading":
                    reader.heading = _HEADING_LEVELS.get(value[name]["level"], 1)
                elif name == "Item":
                    reader.containers.append("item")
                elif name == "BlockQuote":
                    reader.containers.append("quote")
                elif name == "CodeBlock":
                    code = []
                elif name == "HtmlBlock":
                    html = []
            elif name == "Image":
                if not image_depth:
                    parts.append(" ")  # an image's alt text is rarely the author's words
                image_depth += 1
            elif name == "Link" and not image_depth:
                in_autolink = _link(reader, value[name])
        elif kind == "End":
            name = value if type(value) is str else next(iter(value))
            if name in _BLOCK_EVENTS:
                reader.flush()
                if name == "Heading":
                    reader.heading = 0
                elif name in ("Item", "BlockQuote"):
                    if reader.containers:
                        reader.containers.pop()
                elif name == "CodeBlock" and code is not None:
                    content = "".join(code)
                    if content.strip():
                        reader.body.blocks.append(
                            Block("code", content.rstrip("\n"), reader.section)
                        )
                    code = None
                elif name == "HtmlBlock" and html is not None:
                    content = "".join(html)
                    if "href" in content:
                        reader.pending_urls += _HTML_HREF.findall(content)
                    html = None
            elif name == "Image":
                image_depth -= 1
            elif name == "Link":
                in_autolink = False
        elif kind == "InlineHtml":
            if not image_depth:
                parts.append(" ")
                if "href" in value:
                    reader.urls += _HTML_HREF.findall(value)
        elif kind == "Html" and html is not None:
            html.append(value)


def _link(reader: _Blocks, link: dict[str, Any]) -> bool:
    """Record a link's target; whether it is an autolink (whose text is then written)."""
    target = link.get("dest_url") or ""
    kind = link.get("link_type")
    if kind in ("Autolink", "Email"):
        reader.parts.append(autolink_text(target))
        href = normalize_target("mailto:" + target if kind == "Email" else target)
        if href:
            reader.body.links.append(href)  # its text is its target: read there, not twice
        return True
    if target:
        href = normalize_target(target)
        if href:
            reader.body.links.append(href)
            reader.urls.append(href)
    return False
