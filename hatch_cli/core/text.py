"""Markdown body -> plain-text blocks, via markdown-it-py tokens.

What the author wrote becomes text: prose, inline code (kept in the text between
backticks, so the keyword reader knows it for code and a renderer can show it as code),
and fenced or indented code as blocks of their own (kind ``code``). The targets of
Markdown links and of HTML ``<a href>`` are kept with their block (``Block.urls``); bare
URLs stay in the text. HTML and images are dropped. Wikilinks read as their text
(``[[target|alias]]`` -> ``alias``) and are recorded as links, as are Markdown links;
inline ``#tags`` are collected and their word kept in the text.

Frontmatter strings read as a page's reader saw them (``decode_entities``), and a body with
no text has the frontmatter's prose instead, if any (``frontmatter_prose``).
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from hatch_cli.models import Block, BlockKind

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

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
# The target of an HTML link (<a href="...">), in inline or block HTML.
_HTML_HREF = re.compile(r"<a\s[^>]*?\bhref\s*=\s*[\"']([^\"'<>]+)[\"']", re.IGNORECASE)


@dataclass
class Body:
    """What the body of a note holds, ready to become a ``Note``."""

    blocks: list[Block] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    first_h1: str | None = None


@cache
def _markdown() -> MarkdownIt:
    # Imported here so that commands which never parse Markdown don't pay for it.
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.core.ruler.at("inline", _inline_unless_plain)
    # Escapes and entities stay ``text_special`` tokens: an escaped '#' or '[' is a
    # character, never the start of a tag or a wikilink (``_inline_text``).
    md.disable("text_join")
    return md


# Characters that start an inline rule of the parser above (escape, code span,
# strikethrough, emphasis, link or image, autolink or HTML, entity). Inline text with none
# of them parses to its own text and line breaks, whatever else it holds.
_INLINE_MARKUP = re.compile(r"[\\`~*_\[<&]")


def _inline_unless_plain(state: StateCore) -> None:
    """markdown-it's ``inline`` core rule, minus the parse of inline text without markup.

    Most lines of prose hold no inline markup at all; for them the inline parser (about
    a third of a vault's parse time) would only hand back their text. Such a line gets
    one ``text`` token with its content (line breaks in it read as spaces, as the
    ``softbreak`` tokens would; ``tests/test_robustness.py`` checks the two agree).
    """
    from markdown_it.token import Token

    md = state.md
    for token in state.tokens:
        if token.type != "inline":
            continue
        if _INLINE_MARKUP.search(token.content) is None:
            token.children = [Token("text", "", 0, content=token.content)]
        else:
            token.children = []
            md.inline.parse(token.content, md, state.env, token.children)


# The most of a body hatch analyses (512 Ki characters, about 80,000 words). Text beyond
# it (cut at the end of the last line before it, or in a very long line at a space) is
# not read: that keeps the time and memory of a huge note bounded (markdown-it's tokens
# for 50 MB take gigabytes) and never touches a note of ordinary size.
MAX_BODY_CHARS = 512 * 1024
# markdown-it's time goes by blocks and delimiters, not characters: 512 Ki characters of
# prose parse in a quarter of a second, of one-letter setext headings ("a\n=\n") or of
# emphasis ("*a*"), a hundred thousand blocks or delimiters, in seconds (5 to 10 s for
# `hatch keywords`, which parses a note twice). So the analysed part also ends before its
# 32 Ki-th line end or markup character: prose has one in 50 to 100 characters, so for
# it the cap is 1.5 MB or more away, past MAX_BODY_CHARS.
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


def parse_body(markdown: str) -> Body:
    """Split a Markdown body into headings, paragraphs, list items and quotes.

    Only its first ``MAX_BODY_CHARS`` are read (see ``analysed_part``).
    """
    body = Body()
    tokens = _markdown().parse(analysed_part(markdown))
    containers: list[str] = []
    section = ""
    heading_level = 0
    pending_urls: list[str] = []  # targets of HTML links between blocks of text
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open", "blockquote_open", "list_item_open"):
            containers.append(kind)
        elif kind in (
            "bullet_list_close",
            "ordered_list_close",
            "blockquote_close",
            "list_item_close",
        ):
            if containers:
                containers.pop()
        elif kind == "heading_open":
            heading_level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
        elif kind == "inline":
            urls: list[str] = []
            text = _inline_text(token.children or [], body, urls)
            if not text:
                pending_urls += urls
                continue
            block_kind = _block_kind(containers, heading_level)
            if block_kind == "heading":
                section = text
                if heading_level == 1 and body.first_h1 is None:
                    body.first_h1 = text
                heading_level = 0
            if pending_urls:
                urls, pending_urls = pending_urls + urls, []
            body.blocks.append(Block(block_kind, text, section, tuple(urls)))
        elif kind == "heading_close":
            heading_level = 0
        elif kind in ("fence", "code_block"):
            if token.content.strip():
                body.blocks.append(Block("code", token.content.rstrip("\n"), section))
        elif kind == "html_block" and "href" in token.content:
            pending_urls += _HTML_HREF.findall(token.content)
    if pending_urls and body.blocks:
        last = body.blocks[-1]
        body.blocks[-1] = Block(last.kind, last.text, last.section, last.urls + tuple(pending_urls))
    return body


def _block_kind(containers: list[str], heading_level: int) -> BlockKind:
    if heading_level:
        return "heading"
    for container in reversed(containers):
        if container == "list_item_open":
            return "item"
        if container == "blockquote_open":
            return "quote"
    return "paragraph"


def _inline_text(children: list[Token], body: Body, urls: list[str]) -> str:
    """The text of an inline token, code spans between backticks; link targets to ``urls``."""
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind == "text":
            parts.append(child.content)
        elif kind == "text_special":  # \# or &#35;: marked so that _plain leaves it be
            parts.append(_LITERAL + child.content)
        elif kind == "code_inline":
            parts.append(code_span(child.content))
        elif kind in ("softbreak", "hardbreak", "image"):
            # An image's alt text is rarely the author's words.
            parts.append(" ")
        elif kind == "html_inline":
            parts.append(" ")
            if "href" in child.content:
                urls += _HTML_HREF.findall(child.content)
        elif kind == "link_open":
            href = child.attrs.get("href")
            if isinstance(href, str) and href:
                body.links.append(href)
                # An autolink's text is its target: it is read there, not twice.
                if child.markup != "autolink":
                    urls.append(href)
    return _plain("".join(parts), body)


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


def reads_as_itself(text: str) -> bool:
    """Whether one line of Markdown is plain text to the parser: no emphasis, code, HTML,
    link, entity or escape in it, so it renders as exactly these characters."""
    children = _markdown().parseInline(text)[0].children or []
    return len(children) == 1 and children[0].type == "text" and children[0].content == text


