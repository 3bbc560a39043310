"""What hatch writes, hatch (and python-frontmatter, and a Markdown renderer) reads back as
written, whatever titles, tags and file names the notes have (issue 15).

Titles, tags and file names come from Hypothesis, with the characters that broke it
before weighted in: those YAML may not hold raw (U+FFFE, U+FFFF, other non-characters,
C1 controls, U+2028), whitespace that folds (tabs, runs of spaces, no-break spaces) and
Markdown, HTML and Obsidian markup (``<img …>``, ``[[a|b]]``, ``#tag``, ``$x$``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import frontmatter
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hatch_cli.cli import app
from hatch_cli.notes import read_note
from hatch_cli.render.to_markdown import tag_of
from tests.conftest import markdown_events

pytestmark = pytest.mark.slow  # Hypothesis: the slow tier

TRICKY = [
    "\ufffe", "\uffff", "\U0001fffe", "\ufdd0", "\x85", "\x9b", "\u2028", "\u2029", "\ufeff",
    "\t", "  ", "\u00a0", "\u3000", "\x1b", "\r", "\n",
    "<img src=x onerror=alert(1)>", "<b>", "&amp;", "&#35;", "[[a|b]]", "]]", "|", "[x](y)",
    "#tag", " #", "$x$", "==hi==", "%%c%%", "^block", "~~s~~", "*e*", "_u_", "`c`", "\\",
    "---", "- ", "1. ", "> ", "=", "\"", "'", ": ", ",", "…",
]  # fmt: skip
TEXT = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.characters(codec="utf-8", exclude_categories=["Cs"])),
    min_size=1,
    max_size=12,
).map("".join)
# A file name: no '/' or NUL, under the 255-byte limit (the suffix added later).
NAME = TEXT.map(lambda text: text.replace("/", "-").replace("\x00", "")).filter(
    lambda name: name.strip(".") != "" and len(name.encode("utf-8")) <= 120
)
BODY = (
    "Curation is care for a collection: a museum curator chooses what the public sees.\n\n"
    "- Taste in curation grows from looking at many collections.\n"
)
# What a CommonMark renderer may make of the body: text, inline code (backticks in a title
# or a note's line are code, as hatch reads them) and hatch's own emphasis, in blocks.
UNSAFE = {"Html", "InlineHtml", "HtmlBlock", "Link", "Image", "FootnoteReference"}
WIKILINK = re.compile(r"\[\[(.*?)\]\]")


def write(folder: Path, name: str, title: str, tags: list[str]) -> str:
    """A note whose frontmatter holds ``title`` and ``tags`` exactly (YAML escapes)."""
    head = yaml.safe_dump({"title": title, "tags": tags}, allow_unicode=False, width=10**6)
    path = folder / f"{name}.md"
    path.write_bytes(f"---\n{head}---\n{BODY}".encode())
    return str(path)


def expected_tags(keywords: list[str]) -> list[str]:
    return [tag for tag in dict.fromkeys(tag_of(word) for word in keywords[:8]) if tag]


def assert_inert(markdown: str, titles: list[str]) -> None:
    """The body renders as text, inline code and hatch's own emphasis only: no HTML, link
    or image from a title; the first heading reads as the outline's title (its code
    between backticks); every wikilink is one Obsidian reads as a link and nothing else."""
    body = frontmatter.loads(markdown).content
    events = markdown_events(body)
    assert not [name for name, _ in events if name in UNSAFE], body
    start = next(i for i, (name, value) in enumerate(events) if name == "Heading")
    end = next(i for i, (name, _) in enumerate(events) if i > start and name == "Heading")
    shown = "".join(
        f"`{value}`" if name == "Code" else str(value) if name == "Text" else ""
        for name, value in events[start + 1 : end]
    )
    assert shown == titles[0]
    for inner in WIKILINK.findall(body):
        assert "[" not in inner and inner.count("|") <= 1, inner
        assert not re.search(r"\$|==|%%|[#^]", inner), inner


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title_a=TEXT, title_b=TEXT, tags=st.lists(TEXT, max_size=4), name_a=NAME, name_b=NAME)
# Found by Hypothesis: the article's sentences name both titles, and the backtick ending one
# paired with another into a code span, which left "#tag" to be read back as a tag.
@example(title_a="\ufffe", title_b="#tag`", tags=[], name_a="\ufffe", name_b="\ufffe-2")
@example(title_a="a `b", title_b="c` #d", tags=[], name_a="a", name_b="b")
def test_combine_output_reads_back_as_written(tmp_path_factory, title_a, title_b, tags, name_a,
                                              name_b):  # fmt: skip
    folder = tmp_path_factory.mktemp("readback")
    if name_a == name_b:
        name_b += "-2"
    paths = [write(folder, name_a, title_a, tags), write(folder, name_b, title_b, tags)]
    runner = CliRunner()
    outline = runner.invoke(app, ["combine", "-f", "json", "--", *paths])
    assert outline.exit_code == 0, outline.stderr
    data = json.loads(outline.stdout)
    sources = [source["path"] for source in data["sources"]]
    for style in ("outline", "article"):
        result = runner.invoke(app, ["combine", "-f", "markdown", "--style", style, "--", *paths])
        assert result.exit_code == 0, result.stderr
        meta = frontmatter.loads(result.stdout).metadata  # python-frontmatter, PyYAML
        assert meta["title"] == data["title"]
        assert meta["tags"] == expected_tags(data["shared_keywords"])
        assert meta["hatched_from"] == sources
        written = folder / "out" / f"{style}.md"
        written.parent.mkdir(exist_ok=True)
        written.write_text(result.stdout, encoding="utf-8")
        note = read_note(str(written))  # and hatch itself
        assert note.title == data["title"]
        assert list(note.tags) == expected_tags(data["shared_keywords"])
        assert list(note.hatched_from) == sources
        assert_inert(result.stdout, [data["title"]])
    shutil.rmtree(folder)


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    max_examples=25,
)
@given(title_a=TEXT, title_b=TEXT, name_a=NAME, name_b=NAME)
def test_ideas_with_wikilinks_read_back_and_a_rerun_writes_nothing(title_a, title_b, name_a,
                                                                   name_b):  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        vault, out = Path(tmp) / "vault", Path(tmp) / "ideas"
        vault.mkdir()
        if name_a.casefold() == name_b.casefold():
            name_b += "-2"
        paths = [write(vault, name_a, title_a, []), write(vault, name_b, title_b, [])]
        runner = CliRunner()
        command = ["ideas", str(vault), "-o", str(out), "--links", "wiki", "--no-cache",
                   "--min-score", "0"]  # fmt: skip
        result = runner.invoke(app, command)
        names = sorted(os.path.relpath(path, vault) for path in paths)
        hidden = [name for name in names if name.startswith(".")]
        unrecordable = [name for name in names if re.search(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]", name)]
        if hidden or unrecordable:  # walked past, or refused with a warning: fewer than two
            assert result.exit_code == 4, result.stderr
            return
        assert result.exit_code == 0, result.stderr
        (written,) = result.stdout.splitlines()
        text = Path(written).read_text(encoding="utf-8")
        note = read_note(written)
        assert sorted(note.hatched_from) == names
        sources = frontmatter.loads(text).metadata["hatched_from"]
        assert isinstance(sources, list) and sorted(sources) == names
        assert_inert(text, [note.title])
        again = runner.invoke(app, command)
        assert again.exit_code == 0, again.stderr
        assert again.stdout == ""
        assert len(list(out.iterdir())) == 1
