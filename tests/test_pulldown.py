"""The vault reader's parser (pulldown-cmark, ``core.pulldown``) gives the blocks, code spans
and link targets markdown-it-py gives (``core.text``): on our own examples, on Markdown
that CommonMark leaves to the parser, and on every CommonMark spec example."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hatch_cli.core.inert import make_inert
from hatch_cli.core.pulldown import parse_body_fast
from hatch_cli.core.text import Body, parse_body
from tests.commonmark_examples import EXAMPLES
from tests.conftest import SHARED

COMMONMARK = SHARED / "corpora" / "commonmark" / "commonmark.json"

#: Spec examples where the two parsers are known to read a body differently (none now).
KNOWN_DIFFERENCES: dict[int, str] = {}


def structure(body: Body) -> tuple[Any, ...]:
    """What hatch uses of a parsed body: each block's kind, text (code spans between
    backticks), section and link targets; the links, tags and first H1."""
    blocks = [(block.kind, block.text, block.section, block.urls) for block in body.blocks]
    return blocks, body.links, body.tags, body.first_h1


def assert_same(markdown: str) -> None:
    text = make_inert(markdown)
    assert structure(parse_body_fast(text)) == structure(parse_body(text))


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_our_examples(name):
    assert_same(EXAMPLES[name][0])


@pytest.mark.parametrize(
    "markdown",
    [
        # an escape or an entity starts no tag or wikilink; an escaped backslash does not count
        "a \\#notag \\[\\[notlink]] &#35;nor &#91;&#91;this]] but #tag and [[a link|alias]]",
        "\\\\#tag and \\\\[[link]] \\\\\\#notag",
        # autolinks: their text decoded, their targets percent-encoded; mail gets mailto:
        "<https://x.org/search?q=%22a%22&t=1> and <me@example.org> and <http://x.org/ä>",
        # targets as markdown-it normalises them: spaces, non-ASCII, an empty user part
        "[s](<my file.md>) [u](/ä/ö) [at](http://@handle) [e]() [ref][r]\n\n[r]: /ref%20x",
        # one tilde is text to markdown-it, two strike through
        "~one~ and ~~two~~ and a~b~c",
        # images leave their alt text out, links and code inside them too
        "![alt *em* [in](http://in.org) `code`](p.png) after",
        # HTML: hrefs of inline and block HTML go to the next block with text
        '<div><a href="http://block.org/p">x</a></div>\n\nnext <a href="http://inline.org">y</a>',
        '<a href="http://only.org">\n',
        # headings, tables, quotes in items, code in quotes
        "# One\n\n## Two ##\n\n| a | `b|c` |\n|---|---|\n| \\| | d |\n\n- item\n  > quote\n"
        "  ```\n  code\n  ```\n\n> quoted\n>\n>     indented code\n",
        "Setext\n===\n\ntext\n---\n\n* a\n\n  b\n* c\n",
    ],
)
def test_what_commonmark_leaves_to_the_parser(markdown):
    assert_same(markdown)


@pytest.mark.shared
def test_every_commonmark_spec_example():
    """Every example of the CommonMark spec reads the same, or is a known difference."""
    if not COMMONMARK.exists():
        pytest.skip("../shared/corpora/commonmark is not here")
    examples = json.loads(COMMONMARK.read_text(encoding="utf-8"))
    differ = []
    for example in examples:
        text = make_inert(example["markdown"])
        if structure(parse_body_fast(text)) != structure(parse_body(text)):
            differ.append(example["example"])
    assert sorted(differ) == sorted(KNOWN_DIFFERENCES)
