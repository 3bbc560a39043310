"""``hatch combine --style article``: the outline as a short piece, through the real CLI."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from hatch_cli.core.prose import count_words
from hatch_cli.errors import ExitCode
from hatch_cli.models import Outline, Source, SupportLine, Theme
from hatch_cli.notes import read_note
from hatch_cli.render.to_article import article_body, to_article
from tests.conftest import NOTES, write_note

CURATION = "notes/curation-as-care.md"
BRANDS = "notes/brands-as-curators.md"
AI = "notes/japan-ai-training-copyright.md"
CREATORS = "notes/creators-and-ai-training.md"
PM = "notes/pm-to-product-leader.md"
SOURDOUGH = "notes/sourdough-starter-log.md"
SECTIONS = ["## Where they meet", "## Actionable advice", "## Conclusion"]


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(NOTES.parent)


def article(invoke, *args: str) -> str:
    result = invoke("combine", *args, "--style", "article", "--date", "2024-05-31")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return str(result.stdout)


def body_of(text: str) -> str:
    return text.split("\n---\n", 1)[1]


def test_article_has_the_shape_of_a_hatched_piece(invoke):
    text = article(invoke, CURATION, BRANDS)
    assert text.startswith("---\ntitle: ")
    body = body_of(text).lstrip("\n")
    lines = body.splitlines()
    assert lines[0].startswith("# Taste: Curation as care")
    byline = lines[2]
    assert byline.startswith("*2024-05-31 · from “Curation as care” and “Brands as curators” · ")
    assert byline.endswith(" min read*")
    # an intro paragraph that quotes both notes, before any section
    intro = lines[4]
    assert intro.count("“") >= 4 and not intro.startswith("#")
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## Curation as care", "## Brands as curators", *SECTIONS]
    advice = re.findall(r"^(\d+)\. ", body, re.MULTILINE)
    assert advice == ["1", "2", "3"]
    meet = body.split("## Where they meet")[1].split("## Actionable advice")[0]
    assert "**Taste.**" in meet
    assert meet.count("“Curation as care”") >= 1 and meet.count("“Brands as curators”") >= 1


def test_every_quoted_line_is_verbatim_from_the_notes(invoke):
    text = body_of(article(invoke, CURATION, BRANDS))
    sources = " ".join(
        " ".join(Path(path).read_text(encoding="utf-8").split()) for path in (CURATION, BRANDS)
    )
    quotes = re.findall(r"(?:answers|says|adds|this way|In “[^”]+”|in “[^”]+”): “([^”]+)”", text)
    assert len(quotes) >= 4
    for quote in quotes:
        assert quote.rstrip(".") in sources, quote


def test_reading_time_is_225_words_a_minute(invoke):
    text = article(invoke, PM, str(NOTES / "one-on-ones-that-work.md"), "--advice", "9")
    body = body_of(text)
    below_byline = body.split(" min read*\n\n", 1)[1]
    minutes = max(1, math.ceil(count_words(below_byline) / 225))
    assert f'reading_time: "{minutes} min"' in text
    assert f"· {minutes} min read*" in body
    assert len(re.findall(r"^\d+\. ", body, re.MULTILINE)) == 9


def test_article_reads_back_as_a_note(invoke, tmp_path):
    text = article(invoke, CURATION, BRANDS)
    data = json.loads(
        invoke("combine", CURATION, BRANDS, "-f", "json", "--date", "2024-05-31").stdout
    )
    note = read_note(str(write_note(tmp_path, "idea.md", text)))
    assert note.title == data["title"]
    assert list(note.hatched_from) == [CURATION, BRANDS]
    assert note.date == "2024-05-31"
    assert "curation" in note.tags
    again = invoke("combine", str(tmp_path / "idea.md"), CURATION, "--style", "article")
    assert again.exit_code == 0, again.stderr


def test_json_is_the_same_outline_whatever_the_style(invoke):
    plain = invoke("combine", AI, CREATORS, "-f", "json")
    styled = invoke("combine", AI, CREATORS, "-f", "json", "--style", "article")
    assert styled.exit_code == 0
    assert styled.stdout == plain.stdout


def test_article_is_byte_identical_on_a_rerun(invoke):
    for fmt in ("markdown", "rich"):
        runs = [invoke("combine", AI, CREATORS, "--style", "article", "-f", fmt) for _ in "ab"]
        assert runs[0].stdout == runs[1].stdout
        assert runs[0].stdout


def test_unrelated_notes_still_make_an_article(invoke):
    body = body_of(article(invoke, PM, SOURDOUGH))
    assert "## Where they meet" in body
    assert len(re.findall(r"^\d+\. ", body, re.MULTILINE)) == 3
    assert "## Conclusion" in body


def test_article_to_a_file(invoke, tmp_path):
    target = tmp_path / "piece.md"
    result = invoke("combine", CURATION, BRANDS, "--style", "article", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "wrote" in result.stderr
    assert "## Where they meet" in target.read_text(encoding="utf-8")


def test_unknown_style_is_a_usage_error(invoke):
    result = invoke("combine", CURATION, BRANDS, "--style", "essay")
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""


HOSTILE = (
    '---\ntitle: "Curation [bold]matters[/bold] [link](http://x) *now*"\n---\n'
    "Curation needs taste, and [/x] stays as it is, said the [bold]curator[/bold].\n"
)


def test_note_text_stays_inert_in_the_terminal_and_in_markdown(invoke, tmp_path):
    a = write_note(tmp_path, "a.md", HOSTILE)
    b = write_note(tmp_path, "b.md", "# Taste\n\nCuration and taste go together, says [red] me.\n")
    rich = invoke("combine", str(a), str(b), "--style", "article", "-f", "rich")
    assert rich.exit_code == 0, rich.stderr
    flat = " ".join(rich.stdout.split())
    assert "Curation [bold]matters[/bold] [link](http://x) *now*" in flat
    assert "[/x] stays as it is" in flat
    assert "[red] me." in flat
    assert "\x1b" not in rich.stdout
    md = invoke("combine", str(a), str(b), "--style", "article")
    assert "\\[link\\](http://x) \\*now\\*" in md.stdout
    assert read_note(str(write_note(tmp_path, "idea.md", md.stdout))).title.startswith("Curation")


# --- the pure renderer ------------------------------------------------------------------


def outline_of(*, themes: tuple[Theme, ...] = (), shared: tuple[str, ...] = ()) -> Outline:
    return Outline(
        title="Taste: A and B",
        date="2024-05-31",
        intro="",
        relatedness=0.5,
        shared_keywords=shared,
        themes=themes,
        key_points=(),
        advice=(),
        conclusion="",
        sources=(Source(path="dir/a.md", title="A [x]|y"), Source(path="b.md", title="B")),
        word_count=0,
        reading_time_minutes=1,
    )


def test_wikilinks_name_the_sources_in_the_byline():
    text = article_body(outline_of(), wikilinks=True)
    assert "from [[dir/a|A x y]] and [[b|B]] · 1 min read" in text
    assert "[[" not in article_body(outline_of())


def test_a_line_quoted_once_is_not_quoted_again():
    line_a = SupportLine(source="dir/a.md", text="Taste and curation make a collection worth it")
    line_b = SupportLine(source="b.md", text="Good taste is a filter on the whole collection")
    line_c = SupportLine(source="b.md", text="A collection grows by careful taste and choice")
    themes = (
        Theme(keyword="taste", stem="tast", weight=0.2, support=(line_a, line_b)),
        Theme(keyword="collection", stem="collect", weight=0.1, support=(line_a, line_c)),
    )
    text = to_article(outline_of(themes=themes, shared=("taste", "collection")))
    assert text.count(line_a.text) == 1
    assert "has it in the line quoted above" in text
    assert "**Collection.**" in text


def test_tags_and_titles_are_named_not_quoted():
    themes = (
        Theme(
            keyword="taste",
            stem="tast",
            weight=0.2,
            support=(
                SupportLine(source="dir/a.md", text="taste"),
                SupportLine(source="b.md", text="B"),
            ),
        ),
    )
    text = article_body(outline_of(themes=themes, shared=("taste",)))
    assert "“taste.”" not in text
    assert "The notes share taste" in text
