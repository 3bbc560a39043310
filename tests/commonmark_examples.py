"""Our own small examples of every CommonMark construct (and the two GFM extensions hatch
enables), as note bodies: what hatch must read as text, and what it must leave out.

They always run (``tests/test_robustness.py``); the full CommonMark spec examples in
``../shared/corpora/commonmark/commonmark.json`` run as well when that folder is there.
Template tags and HTML are markup a reader never sees: only the text HTML shows is read.
Each example is ``(markdown, words that must be in the note's text, words that must not)``
(a note's text: its blocks', code blocks included; inline code stands between backticks);
an example whose first list is empty must be refused as an empty note.
"""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "tabs": (
        "\tindented code alpha\n\n-\tlistitem bravo\n",
        ("listitem bravo", "indented code alpha"),
        ("\t",),
    ),
    "thematic-breaks": ("***\n---\n___\n\nafter breaks\n", ("after breaks",), ()),
    "atx-headings": ("# Top heading\n\n###### Deep heading ###\n", ("Top heading",), ("###",)),
    "setext-headings": ("Setext title\n============\n\nBody line\n", ("Setext title",), ()),
    "indented-code": (
        "Prose first\n\n    codeindented = 1\n",
        ("Prose first", "codeindented = 1"),
        (),
    ),
    "fenced-code": ("Prose\n\n```python\ncodefenced = 1\n```\n", ("Prose", "codefenced"), ("```",)),
    "tilde-fence": ("Prose\n\n~~~\ncodetilde\n~~~\n", ("Prose", "codetilde"), ("~",)),
    "unclosed-fence": ("Prose\n\n```\ncodeunclosed\n", ("Prose", "codeunclosed"), ("```",)),
    "html-block": ("<div>\nhtmltext\n</div>\n\nProse after\n", ("htmltext", "Prose after"), ("<",)),
    "html-script": (
        "<script>\nsecretscript()\n</script>\n\nProse after\n",
        ("Prose after",),
        ("secret",),
    ),
    "html-comment": ("<!-- secretcomment -->\n\nVisible prose\n", ("Visible prose",), ("secret",)),
    "html-unclosed": ("<STYLE>\np { }\n</STYLE>\n\nVisible prose\n", ("Visible prose",), ("p {",)),
    "link-reference": (
        '[label]: https://example.com "Title"\n\nSee [the label][label] here\n',
        ("See the label here",),
        ("Title",),
    ),
    "paragraphs": ("First para\nsame para\n\nSecond para\n", ("First para same para",), ()),
    "blank-lines": ("\n\n\nAfter blanks\n\n\n", ("After blanks",), ()),
    "block-quotes": ("> Quoted words\n> > nested quote\n", ("Quoted words", "nested quote"), ()),
    "list-items": ("1. first item\n2) second item\n- bullet item\n", ("first item",), ()),
    "loose-list": ("- one loose\n\n- two loose\n\n  continued\n", ("one loose", "continued"), ()),
    "backslash-escapes": (r"\*not emphasis\* and \[not link\]", ("*not emphasis*",), ()),
    "entities": ("AT&amp;T &copy; &#35; &#x22;quoted&#x22;\n", ("AT&T ©",), ("&amp;",)),
    "code-spans": ("Prose with `code_span` inside\n", ("Prose with `code_span` inside",), ()),
    "emphasis": ("*em* and **strong** and ***both***\n", ("em and strong and both",), ("*",)),
    "links": ("[link text](https://example.com/x) after\n", ("link text after",), ()),
    "images": ("![secretalt](pic.png) caption words\n", ("caption words",), ("secret",)),
    "autolinks": ("Mail <mailto:a@b.c> or <https://example.com>\n", ("Mail",), ()),
    "raw-html": ("Inline <span>kept words</span> here\n", ("kept words",), ("<span>",)),
    "hard-breaks": ("line one  \nline two\\\nline three\n", ("line one line two",), ()),
    "soft-breaks": ("soft one\nsoft two\n", ("soft one soft two",), ()),
    "table": ("| head a | head b |\n| --- | --- |\n| cell c | cell d |\n", ("cell c",), ("---",)),
    "strikethrough": ("~~struck words~~ stay\n", ("struck words stay",), ("~",)),
    "only-code": ("```\ncode only\n```\n", ("code only",), ("```",)),
    "only-html": ("<table><tr><td>htmlcell</td></tr></table>\n", ("htmlcell",), ("<",)),
    "only-shortcodes": ('{{< figure src="a.jpg" >}}\n\n{% include x.html %}\n', (), ()),
    "shortcodes": (
        '{{% note %}}kept words{{% /note %}} {{< img src="secret.jpg" >}}\n',
        ("kept words",),
        ("secret", "{{"),
    ),
}
