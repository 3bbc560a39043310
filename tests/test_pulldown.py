"""The one Markdown reader (``core.reading.pulldown`` over pulldown-cmark, with
``core.reading.markup``): typed blocks, and markup a reader never sees never read as words.

The CommonMark spec examples check the reader against the spec itself: each example's
text, as hatch reads it, is the text of the HTML the spec renders it to (read by
``html.parser``, as hatch reads HTML)."""

from __future__ import annotations

import json
import re

import pytest

from hatch_cli.core.reading import markup, shortcodes
from hatch_cli.core.reading.inert import make_inert
from hatch_cli.core.reading.pulldown import parse_body, reads_as_itself
from hatch_cli.core.reading.text import BARE_URL, CODE_SPAN, WORD, Body, _plain, code_span
from hatch_cli.errors import NoteError
from hatch_cli.models import Block
from hatch_cli.notes import read_note
from tests.conftest import SHARED, write_note

COMMONMARK = SHARED / "corpora" / "commonmark" / "commonmark.json"

#: Spec examples whose text hatch reads otherwise than the spec's HTML shows it, and why.
KNOWN_DIFFERENCES = {
    148: "a <pre> that a blank line ends: what follows is Markdown, not preformatted",
    173: "an unclosed <style> ends at its first blank line: the rest of the note is read",
    626: "html.parser reads '<!-->' as the start of a comment; the spec as a whole one",
}


def blocks(markdown: str) -> list[Block]:
    return parse_body(make_inert(markdown)).blocks


def texts(markdown: str) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in blocks(markdown)]


def _words(found: list[str]) -> list[str]:
    return [word for text in found for word in WORD.findall(text)]


@pytest.mark.shared
def test_every_commonmark_spec_example_reads_as_the_spec_renders_it():
    if not COMMONMARK.exists():
        pytest.skip("../shared/corpora/commonmark is not here")
    examples = json.loads(COMMONMARK.read_text(encoding="utf-8"))
    differ = {}
    for example in examples:
        read = blocks(example["markdown"])
        shown, _ = markup.html_blocks(example["html"], code_span)
        got = [
            _words([b.text for b in read if b.kind != "code"]),
            _words([b.text for b in read if b.kind == "code"]),
        ]
        expected = [
            _words([_plain(b.text, Body()) for b in shown if b.kind != "code"]),
            _words([b.text for b in shown if b.kind == "code"]),
        ]
        if got != expected:
            differ[example["example"]] = (got, expected)
    assert sorted(differ) == sorted(KNOWN_DIFFERENCES), differ


# --- blocks and their kinds --------------------------------------------------------------


def test_each_kind_of_block_with_what_it_knows():
    read = blocks(
        "# Title\n\nIntro with `code` and a [link](https://x.org/a).\n\n"
        "- one\n  - two\n\n> quoted\n> > deeper\n\n"
        "Install it like so:\n\n```python\npip install x\n```\n\n    indented()\n\n"
        "| name | age |\n| --- | --- |\n| `Old Name` | 42 |\n"
    )
    assert [(b.kind, b.text, b.level) for b in read] == [
        ("heading", "Title", 1),
        ("paragraph", "Intro with `code` and a link.", 0),
        ("item", "one", 1),
        ("item", "two", 2),
        ("quote", "quoted", 1),
        ("quote", "deeper", 2),
        ("paragraph", "Install it like so:", 0),
        ("code", "pip install x", 0),
        ("code", "indented()", 0),
        ("row", "name | age", 0),
        ("row", "`Old Name` | 42", 0),
    ]
    assert read[1].urls == ("https://x.org/a",)
    assert (read[7].info, read[7].lead) == ("python", "Install it like so:")
    assert (read[8].info, read[8].lead) == ("", "")
    assert read[10].cells == ("`Old Name`", "42")
    assert all(block.section == "Title" for block in read[1:])


KINDS = (
    "# Title\n\nIntro that runs\nover two lines.\n\n"  # 1, 3-4
    "1. [x] done task\n2. [ ] open task\n   - nested\n\n"  # 6, 7, 8
    "> quoted\n\n```python\nx = 1\n```\n\n    indented()\n\n"  # 10, 12-14, 16
    "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n"  # 18, 20
    "Cite[^n] and ![A *chart*](img/chart.png) and $x^2$.\n\n$$\nE = mc^2\n$$\n\n"  # 22, 24-26
    "<div>\n<p>Raw HTML text.</p>\n</div>\n\n"  # 28-30
    '{{< figure\n  src="a.jpg"\n>}}\n\n'  # 32-34: one line once the tag is out
    "After the figure.\n[youtube=https://y.example/v]\n\n[^n]: The footnote.\n"  # 36-37, 39
)


def test_blocks_know_their_lines_and_kind_and_marks_keep_what_is_no_text():
    body = parse_body(KINDS)
    got = [
        (b.kind, b.text, b.span, b.level, b.ordered, b.task, b.fenced, b.html, b.footnote)
        for b in body.blocks
    ]
    assert got == [
        ("heading", "Title", (1, 1), 1, False, None, False, False, ""),
        ("paragraph", "Intro that runs over two lines.", (3, 4), 0, False, None, False, False, ""),
        ("item", "done task", (6, 6), 1, True, True, False, False, ""),
        ("item", "open task", (7, 7), 1, True, False, False, False, ""),
        ("item", "nested", (8, 8), 2, False, None, False, False, ""),
        ("quote", "quoted", (10, 10), 1, False, None, False, False, ""),
        ("code", "x = 1", (12, 14), 0, False, None, True, False, ""),
        ("code", "indented()", (16, 16), 0, False, None, False, False, ""),
        ("row", "a | b", (18, 18), 0, False, None, False, False, ""),
        ("row", "1 | 2", (20, 20), 0, False, None, False, False, ""),
        ("paragraph", "Cite and and $x^2$.", (22, 22), 0, False, None, False, False, ""),
        ("paragraph", "$$ E = mc^2 $$", (24, 26), 0, False, None, False, False, ""),
        ("paragraph", "Raw HTML text.", (28, 30), 0, False, None, False, True, ""),
        ("paragraph", "After the figure.", (36, 37), 0, False, None, False, False, ""),
        ("paragraph", "The footnote.", (39, 39), 0, False, None, False, False, "n"),
    ]
    assert body.blocks[9].cells == ("1", "2")
    assert [(m.kind, m.text, m.target, m.span, m.display) for m in body.marks] == [
        ("image", "A chart", "img/chart.png", (22, 22), False),
        ("math", "x^2", "", (22, 22), False),
        ("math", "E = mc^2", "", (24, 26), True),
        ("template", "figure", "", (32, 34), False),
        ("shortcode", "youtube", "", (37, 37), False),
    ]


def test_lines_are_the_body_s_and_a_summary_s_blocks_have_none(tmp_path):
    path = write_note(tmp_path, "a.md", "---\ntitle: A\n---\n\nFirst.\n\n{% raw %}\n\nLast.\n")
    note = read_note(str(path))
    assert [(b.text, b.span) for b in note.blocks] == [("First.", (2, 2)), ("Last.", (6, 6))]
    assert [(m.kind, m.text, m.span) for m in note.marks] == [("template", "raw", (4, 4))]
    path = write_note(tmp_path, "b.md", "---\ntitle: B\nsummary: A *link* post.\n---\n")
    assert [(b.text, b.span) for b in read_note(str(path)).blocks] == [("A link post.", (0, 0))]


def test_a_code_block_knows_only_a_sentence_that_introduces_it():
    read = blocks("First point. Then run:\n\n```\nmake\n```\n\nNo colon here.\n\n```\nls\n```\n")
    assert [b.lead for b in read if b.kind == "code"] == ["Then run:", ""]


def test_a_note_twenty_five_quotes_deep_is_read_by_combine_too(invoke, tmp_path):
    deep = write_note(tmp_path, "deep.md", "> " * 25 + "Deep words about kayak paddles.\n")
    other = write_note(tmp_path, "other.md", "# Other\n\nKayak paddles are long.\n")
    result = invoke("combine", str(deep), str(other), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["shared_keywords"] == ["kayak paddles"]


def test_task_boxes_footnote_marks_and_heading_ids_are_not_text():
    assert texts("## Why We Did It {#toc0}\n\n- [ ] Try it[^1]\n\n[^1]: From a talk.\n") == [
        ("heading", "Why We Did It"),
        ("item", "Try it"),
        ("paragraph", "From a talk."),
    ]


def test_an_escaped_or_entity_sign_starts_no_tag_or_wikilink():
    body = parse_body("a \\#notag \\[\\[notlink]] &#35;nor but #tag and [[a link|alias]]")
    assert body.blocks[0].text == "a #notag [[notlink]] #nor but tag and alias"
    assert (body.tags, body.links) == (["tag"], ["a link"])


def test_link_targets_as_written():
    body = parse_body("[s](<my file.md>) [u](/ä/ö) <https://x.org/?q=%22a%22> <me@example.org>")
    assert body.blocks[0].urls == ("my file.md", "/ä/ö")
    assert body.links == ["my file.md", "/ä/ö", "https://x.org/?q=%22a%22", "mailto:me@example.org"]


# --- template tags -------------------------------------------------------------------------


def test_shortcodes_are_dropped_and_paired_ones_keep_their_text():
    read = texts(
        '{{< legacy-img src="2016/01/600-x-400-Dominoes-falling.jpg" alt="Dominoes" >}}\n\n'
        "Words before {{< tweet 123 >}} and after.\n\n"
        "{{% note %}}A note's own text.{{% /note %}}\n\n"
        '{{< figure src="a.png" caption="[Photo](https://unsplash.com/x) of `r`." >}}\n\n'
        "{% if page.x %}Liquid keeps this.{% endif %} {{ site.title }} {# a comment #}\n"
    )
    assert read == [
        ("paragraph", "Words before and after."),
        ("paragraph", "A note's own text."),
        ("paragraph", "Liquid keeps this."),
    ]


def test_wordpress_shortcodes_are_dropped_and_paired_ones_keep_their_text():
    body = parse_body(
        "[youtube=http://www.youtube.com/watch?v=PtXsAIoRqb4&w=600]\n\n"
        "> Watch it [youtube https://www.youtube.com/watch?v=zBLxKcLIIWg] now.\n\n"
        '[caption id="attachment_7" align="alignnone" width="300"]<img src="a/b-c.jpg"> '
        "A caption in prose.[/caption]\n\n"
        '[gallery ids="1,2"]Gallery words.[/gallery] [soundcloud url=&#8221;https://x.org/t/9&#8221;]\n\n'
        "An aside [sic] and [the author] stay, as do input[type=a], [a link](u), "
        "`[youtube=http://code.example]`, [bold]x[/bold], [/x] and [link=https://y.example]l[/link].\n"
    )
    assert [(b.kind, b.text) for b in body.blocks] == [
        ("quote", "Watch it now."),
        ("paragraph", "A caption in prose."),
        ("paragraph", "Gallery words."),
        (
            "paragraph",
            "An aside [sic] and [the author] stay, as do input[type=a], a link, "
            "`[youtube=http://code.example]`, [bold]x[/bold], [/x] and "
            "[link=https://y.example]l[/link].",
        ),
    ]
    urls = [url for block in body.blocks for url in block.urls]
    assert urls[:4] == [
        "http://www.youtube.com/watch?v=PtXsAIoRqb4&w=600",
        "https://www.youtube.com/watch?v=zBLxKcLIIWg",
        "a/b-c.jpg",
        "https://x.org/t/9",
    ]
    assert [(m.kind, m.text) for m in body.marks if m.kind == "shortcode"] == [
        ("shortcode", name)
        for name in ("youtube", "youtube", "caption", "caption", "gallery", "gallery", "soundcloud")
    ]


def test_finding_shortcodes_is_linear():
    # Openers that never close, and tags with attributes one after the other.
    hostile = "[a=http://x " * 100_000 + "\n" + "[b k=v] " * 100_000
    assert (
        shortcodes.without_shortcodes(hostile) == "[a=http://x " * 100_000 + "\n" + "  " * 100_000
    )


def test_a_ref_shortcode_gives_its_link_text_and_target():
    body = parse_body(
        'Read about [UX]({{< ref "communities/user-experience.md" >}}) here, and '
        '<a href="{{< tmp "events/a call.md" >}}" target="_blank">this call</a>, and '
        "[that post]({% post_url 2010-07-08-name %}).\n"
    )
    assert body.blocks[0].text == "Read about UX here, and this call, and that post."
    assert body.blocks[0].urls == (
        "communities/user-experience.md",
        "events/a%20call.md",
        "2010-07-08-name",
    )


def test_template_tags_in_code_are_code():
    read = texts(
        "Use `{% block sidebar %}` here{% if x %}.\n\n"
        "```\n{{< figure src=x >}}\n{% for a in b %}\n```\n"
    )
    assert read == [
        ("paragraph", "Use `{% block sidebar %}` here ."),
        ("code", "{{< figure src=x >}}\n{% for a in b %}"),
    ]


def test_highlight_pairs_are_code_and_comment_pairs_are_gone():
    read = blocks(
        "{% highlight ruby %}\ndef x; end\n{% endhighlight %}\n\n"
        "{{< highlight go >}}\nfunc main() {}\n{{< /highlight >}}\n\n"
        "{% comment %}Draft text.{% endcomment %}Shown text.\n"
    )
    assert [(b.kind, b.text, b.info) for b in read] == [
        ("code", "def x; end", "ruby"),
        ("code", "func main() {}", "go"),
        ("paragraph", "Shown text.", ""),
    ]


def test_finding_template_tags_is_linear():
    # Openers with no closer: each kind's closer is looked for once, not once per opener.
    # The one tag found is the last "{%" near enough to the "%}" (MAX_TAG_CHARS).
    hostile = "{%{{<{#" * 50_000 + "%}"
    start = hostile.index("{%", len(hostile) - 2 - markup.MAX_TAG_CHARS)
    assert markup.without_templates(hostile) == (hostile[:start] + " ", [])


def test_an_image_is_no_text_and_its_file_counts_as_a_link_target():
    body = parse_body(
        '{{< legacy-img src="2016/01/Dominoes-falling.jpg" alt="Dominoes" >}}\n\n'
        "Words ![an alt text](shots/before-after.png) and "
        '<img src="team/photo.jpg" alt="A photo"> more words.\n\n'
        '<p><img src="html/chart.png" alt="A chart">A chart of reading times.</p>\n'
    )
    assert [(b.text, b.urls) for b in body.blocks] == [
        (
            "Words and more words.",
            ("2016/01/Dominoes-falling.jpg", "shots/before-after.png", "team/photo.jpg"),
        ),
        ("A chart of reading times.", ("html/chart.png",)),
    ]
    assert body.links == []  # an image links to no note
    assert parse_body("Text that is not inert: \x027\x03.").blocks[0].text == (
        "Text that is not inert: ."
    )  # a model's answer is read as it is


# --- HTML ---------------------------------------------------------------------------------


def test_an_html_bodied_note_reads_as_its_prose():
    body = parse_body(
        '<p>\n  <a href="https://s3.amazonaws.com/digitalgov/THunderclap.jpg">'
        '{{< legacy-img src="2013/08/THunderclap.jpg" alt="Thunderclap logo" >}}</a>'
        "Thunderclap is the <strong>latest</strong> platform, with "
        '<a href="{{< ref "terms.md" >}}" target="_blank">federal terms</a> &#8212; 66.\n</p>\n\n'
        "<h2>Why</h2>\n<ul><li>one</li><li>two <code>x_y</code></li></ul>\n"
        "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>\n"
    )
    assert [(b.kind, b.text, b.section) for b in body.blocks] == [
        ("paragraph", "Thunderclap is the latest platform, with federal terms — 66.", ""),
        ("heading", "Why", "Why"),
        ("item", "one", "Why"),
        ("item", "two `x_y`", "Why"),
        ("row", "a | b", "Why"),
        ("row", "1 | 2", "Why"),
    ]
    assert body.blocks[0].urls == (
        "https://s3.amazonaws.com/digitalgov/THunderclap.jpg",
        "terms.md",
        "2013/08/THunderclap.jpg",
    )
    assert body.blocks[1].level == 2
    assert "terms.md" in body.links


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>\nsecret()\n</script>\n<p>Visible words.</p>\n",
        "<p><style>.secret {}</style>Visible words.</p>\n",
        "<template>\n<p>secret</p>\n</template>\n<p>Visible words.</p>\n",
        "<!-- secret --><p>Visible words.</p>\n",
        "<div title=\"secret\" data-x='secret'>Visible words.</div>\n",
        "Visible <script>secret()</script><!-- secret --> <span class=secret>words.</span>\n",
        '![secret alt](secret.jpg)\n\n<p><img src="secret.png" alt="secret">Visible words.</p>\n',
    ],
)
def test_what_html_hides_is_never_read_and_what_it_shows_is(markdown):
    assert " ".join(b.text for b in blocks(markdown)) == "Visible words."


@pytest.mark.parametrize(
    "head",
    [
        "<STYLE>\nbody { color: red }\n</STYLE>",  # uppercase: pulldown-cmark ends on lowercase
        "<pre>\npreformatted\n</style>",  # any of the four closing tags ends it
        "<script>\nvar a = 1;\n\nvar b = 2;",  # unclosed: it ends at its first blank line
        "<!-- an unclosed comment",
        "<textarea>\nx\n</TEXTAREA>",
    ],
)
def test_a_mismatched_or_unclosed_raw_html_block_never_swallows_the_note(head):
    read = texts(f"{head}\n\nThe rest of the *note* is read.\n\n# And its heading\n")
    assert read[-2:] == [
        ("paragraph", "The rest of the note is read."),
        ("heading", "And its heading"),
    ]


def test_a_closed_script_with_blank_lines_stays_closed():
    read = texts("<script>\nvar a = 1;\n\nvar b = 'secret';\n</script>\n<p>After it.</p>\n")
    assert read == [("paragraph", "After it.")]


def test_raw_html_in_fenced_code_is_code():
    read = texts("```\n<STYLE>\n</STYLE>\n```\n\n<p>After.</p>\n")
    assert read == [("code", "<STYLE>\n</STYLE>"), ("paragraph", "After.")]


# --- reads_as_itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("[[notes/a|A note]]", True),
        ("just words", True),
        ("*stressed*", False),
        ("<b>html</b>", False),
        ("AT&amp;T", False),
        ("a \\# sign", False),
        ("# heading", False),
        ("1. item", False),
        ("[x](y)", False),
    ],
)
def test_reads_as_itself(text, plain):
    assert reads_as_itself(text) is plain


# --- web-published notes ------------------------------------------------------------------

# What a prose block of a web-published note must not hold: template tags, HTML tags,
# attributes, image files, entities (bare URLs, which a reader does see, left out).
LEFTOVER_MARKUP = re.compile(
    r"\{\{|\}\}|\{%|%\}|</?(?:p|a|img|div|span)\b|src=|\.jpe?g\b|&#?\w+;"
    r"|\[/?(?:youtube|caption|soundcloud|gallery|embed)\b"
)


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("corpus", ["gov-dev", "ropensci-dev"])
def test_web_published_notes_read_as_their_prose(corpus):
    """Every note of the two web-published corpora (HTML bodies, Hugo shortcodes,
    entities) is read, none as empty, and its prose holds none of its markup."""
    folder = SHARED / "corpora" / corpus / "notes"
    if not folder.is_dir():
        pytest.skip(f"../shared/corpora/{corpus} is not here")
    leftovers = []
    for path in sorted(folder.glob("*.md")):
        note = read_note(str(path))
        for block in note.blocks:
            if block.kind != "code":
                prose = BARE_URL.sub(" ", CODE_SPAN.sub(" ", block.text))
                leftovers += [(path.name, m.group()) for m in LEFTOVER_MARKUP.finditer(prose)]
    assert leftovers == []


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("corpus", ["til-dev", "til-jonasbn", "gov-dev", "ropensci-dev"])
def test_pairs_and_combine_read_every_dev_note_alike(corpus):
    """``hatch pairs`` (the vault's reader: bytes, workers, frontmatter, blocks) and
    ``hatch combine`` read every note of the dev corpora alike: the same notes read and
    skipped, the same titles, and the same count of every term pairs keeps (combine's note
    without the vault's recurring blocks, as ``combine --vault`` reads it)."""
    from hatch_cli import api
    from hatch_cli.core.reading.boilerplate import strip_recurring
    from hatch_cli.core.reading.terms import analyse

    folder = SHARED / "corpora" / corpus / "notes"
    if not folder.is_dir():
        pytest.skip(f"../shared/corpora/{corpus} is not here")
    vault, _ = api.open_vault([str(folder)], use_cache=False)
    rows = {disk: row for row, disk in enumerate(vault.disks)}
    disagree = []
    for path in sorted(folder.glob("*.md")):
        try:
            (note,) = api.read_notes([str(path)])
        except NoteError as err:
            disagree += [(path.name, "combine skips it", err.message)] if str(path) in rows else []
            continue
        row = rows.get(str(path))
        if row is None:
            disagree.append((path.name, "pairs skips it", ""))
            continue
        counts = analyse(strip_recurring(note, vault.recurring), keep_sentences=False).counts
        differ = {t: (n, counts[t]) for t, n in vault.term_counts(row).items() if counts[t] != n}
        if differ or vault.titles[row] != note.title:
            disagree.append((path.name, vault.titles[row], str(differ)))
    assert vault.paths and disagree == []
