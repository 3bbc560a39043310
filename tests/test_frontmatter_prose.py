"""A note whose text is all in its frontmatter (a link post, a bookmark) is read from its
summary, and HTML character references in frontmatter strings read as their characters:
through the CLI (``combine``, ``pairs``, ``keywords``) on real files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hatch_cli.core.reading.text import decode_entities
from hatch_cli.notes import parse_note
from tests.conftest import write_note

LINK_POST = """---
title: 'SQLite&#8217;s full-text search'
summary: 'SQLite has a **full-text search** extension, [FTS5](https://sqlite.org/fts5.html):
  create a virtual table and query it with MATCH &ndash; bm25 ranks the results.'
link: https://sqlite.org/fts5.html
---
"""
BOOKMARK = """---
title: Ranking full-text search results
description: FTS5 virtual tables in SQLite support bm25 ranking of full-text search
  results, and the snippet function highlights the matching text.
---
"""
BREAD = """---
title: Sourdough starter
excerpt: Feed the sourdough starter with rye flour and water; bake the loaf when the
  levain smells sweet and the dough is airy.
---
"""
TITLE_ONLY = "---\ntitle: A bookmark with a title and nothing else\n---\n"


def test_combine_reads_notes_whose_text_is_their_frontmatter(invoke: Any, tmp_path: Path):
    a = write_note(tmp_path, "link-post.md", LINK_POST)
    b = write_note(tmp_path, "bookmark.md", BOOKMARK)
    result = invoke("combine", str(a), str(b), "--format", "json", "--date", "2024-05-31")
    assert result.exit_code == 0, result.stderr
    outline = json.loads(result.stdout)
    assert [source["title"] for source in outline["sources"]] == [
        "SQLite’s full-text search",
        "Ranking full-text search results",
    ]
    quoted = [line["text"] for theme in outline["themes"] for line in theme["support"]]
    # The summary's Markdown and entities read as a reader sees them.
    assert any("SQLite has a full-text search extension, FTS5" in text for text in quoted)
    assert not any("&" in text or "**" in text or "](" in text for text in quoted)


def test_combine_markdown_shows_a_decoded_title_once(invoke: Any, tmp_path: Path):
    a = write_note(tmp_path, "link-post.md", LINK_POST)
    b = write_note(tmp_path, "bookmark.md", BOOKMARK)
    result = invoke("combine", str(a), str(b), "--format", "markdown", "--date", "2024-05-31")
    assert result.exit_code == 0, result.stderr
    assert "SQLite’s full-text search" in result.stdout
    assert "&#8217;" not in result.stdout and "&amp;" not in result.stdout


def test_pairs_pairs_notes_whose_text_is_their_frontmatter(invoke: Any, tmp_path: Path):
    vault = tmp_path / "vault"
    for name, text in (("link-post", LINK_POST), ("bookmark", BOOKMARK), ("bread", BREAD)):
        write_note(vault, f"{name}.md", text)
    write_note(vault, "title-only.md", TITLE_ONLY)
    result = invoke("pairs", str(vault), "--format", "json", "--no-cache")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    best = report["pairs"][0]
    assert {best["a"], best["b"]} == {"link-post.md", "bookmark.md"}
    assert "SQLite’s full-text search" in (best["title_a"], best["title_b"])
    assert "MATCH" in best["shared"]
    # A title alone is still an empty note: a label has nothing to quote or pair on.
    assert report["skipped"] == [
        {"path": "title-only.md", "reason": "empty note: no text in its body"}
    ]


def test_keywords_of_a_link_post_come_from_its_summary(invoke: Any, tmp_path: Path):
    vault = tmp_path / "vault"
    write_note(vault, "link-post.md", LINK_POST)
    write_note(vault, "bookmark.md", BOOKMARK)
    result = invoke("keywords", str(vault), "--format", "json", "--no-cache")
    assert result.exit_code == 0, result.stderr
    notes = {note["path"]: note for note in json.loads(result.stdout)["notes"]}
    assert notes["link-post.md"]["title"] == "SQLite’s full-text search"
    assert "virtual" in [keyword["text"] for keyword in notes["link-post.md"]["keywords"]]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("CDC&#8217;s Solve the Outbreak App", "CDC’s Solve the Outbreak App"),
        ("&#8220;Glanceable&#8221; Moment", "“Glanceable” Moment"),
        ("Regulations.gov &#8211; Usability", "Regulations.gov – Usability"),
        ("Tips &amp; tricks", "Tips & tricks"),
        ("Escaping &amp;amp; in HTML", "Escaping &amp; in HTML"),  # decoded once only
        ("AT&T and R&D", "AT&T and R&D"),
        ("&copy without a semicolon", "&copy without a semicolon"),
        ("&#x2019;", "’"),
    ],
)
def test_entities_in_frontmatter_strings_are_decoded_once(raw: str, shown: str):
    assert decode_entities(raw) == shown
    note = parse_note(f"---\ntitle: '{raw}'\ntags: ['{raw}']\n---\nSome body text.\n", "n.md")
    assert note.title == shown
    assert note.tags == (shown,)


def test_a_control_character_from_an_entity_is_made_inert():
    note = parse_note("---\ntitle: 'a&#27;[31mred'\n---\nSome body text.\n", "n.md")
    assert "\x1b" not in note.title
