"""``hatch combine --style article``: the outline as a short piece, through the real CLI."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from pathlib import Path

import jsonschema
import pytest

from hatch_cli.core.writing.article import write_article
from hatch_cli.core.writing.prose import count_words
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
    # the notes tell the reader to do nothing: no advice section; the question one leaves
    # open (not answered after it) is asked where they meet, as a question
    assert headings == ["## Curation as care", "## Brands as curators", *SECTIONS[::2]]
    assert not re.findall(r"^(\d+)\. ", body, re.MULTILINE)
    meet = body.split("## Where they meet")[1].split("## Conclusion")[0]
    assert meet.endswith(
        "The notes leave these questions open:\n\n"
        "- What does a curator owe the artists whose work stays in storage and is never shown?\n\n"
    )
    assert "Taste. " in meet
    assert meet.count("“Curation as care”") >= 1 and meet.count("“Brands as curators”") >= 1


def test_three_real_pieces_of_advice_are_three_things_to_try(invoke):
    body = body_of(article(invoke, "notes/influence-without-authority.md", PM))
    assert "Three things to try next:" in body
    assert len(re.findall(r"^\d+\. .* \*\(from “", body, re.MULTILINE)) == 3


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
    text = article(invoke, PM, str(NOTES / "influence-without-authority.md"), "--advice", "9")
    data = json.loads(
        invoke("combine", PM, str(NOTES / "influence-without-authority.md"), "--advice", "9",
               "--style", "article", "-f", "json").stdout
    )  # fmt: skip
    body = body_of(text)
    below_byline = body.split(" min read*\n\n", 1)[1]
    # the count is of the words (not the Markdown), so it is near the rendered text's
    assert abs(count_words(below_byline) - data["word_count"]) <= 0.1 * data["word_count"]
    minutes = max(1, math.ceil(data["word_count"] / 225))
    assert data["reading_time_minutes"] == minutes
    assert f'reading_time: "{minutes} min"' in text
    assert f"· {minutes} min read*" in body
    assert len(re.findall(r"^\d+\. ", body, re.MULTILINE)) >= 4


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


def test_json_of_an_article_is_the_article_contract(invoke):
    outline = json.loads(invoke("combine", AI, CREATORS, "-f", "json").stdout)
    piece = json.loads(invoke("combine", AI, CREATORS, "-f", "json", "--style", "article").stdout)
    jsonschema.validate(piece, json.loads(invoke("schema", "article").stdout))
    assert piece["title"] == outline["title"]
    assert piece["advice"] == outline["advice"]
    assert [s["heading"] for s in piece["sections"]] == [s["title"] for s in outline["sources"]]


def test_article_is_byte_identical_on_a_rerun(invoke):
    for fmt in ("markdown", "rich"):
        runs = [invoke("combine", AI, CREATORS, "--style", "article", "-f", fmt) for _ in "ab"]
        assert runs[0].stdout == runs[1].stdout
        assert runs[0].stdout


def test_unrelated_notes_make_a_contrast_not_a_meeting(invoke):
    body = body_of(article(invoke, AI, PM))
    assert "These notes share no subject:" in body
    assert "## Where they meet" not in body
    connect = body.split("## What could connect them")[1].split("## ")[0]
    assert re.findall(r"^- .*\?$", connect, re.MULTILINE)
    assert "## Conclusion" in body
    # the title names both notes, and no word they happen to share leads it
    assert body.lstrip().startswith("# Japan Says AI Training Is Fair Game Under Copyright Law and")


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


# --- the pure writer and renderer ------------------------------------------------------


def outline_of(*, themes: tuple[Theme, ...] = (), shared: tuple[str, ...] = ()) -> Outline:
    return Outline(
        title="Taste: A and B",
        date="2024-05-31",
        lang="en",
        intro="",
        relatedness=0.5,
        scored_in="notes",
        related=True,
        shared_keywords=shared,
        code_keywords=tuple(theme.keyword for theme in themes if theme.code),
        themes=themes,
        key_points=(),
        advice=(),
        questions=(),
        conclusion="",
        sources=(Source(path="dir/a.md", title="A [x]|y"), Source(path="b.md", title="B")),
        word_count=0,
        reading_time_minutes=1,
    )


def test_wikilinks_name_the_sources_in_the_byline():
    text = article_body(write_article(outline_of()), wikilinks=True)
    assert "from [[dir/a|A x y]] and [[b|B]] · 1 min read" in text
    assert "[[" not in article_body(write_article(outline_of()))


def test_a_line_quoted_once_is_not_quoted_again():
    line_a = SupportLine(source="dir/a.md", text="Taste and curation make a collection worth it")
    line_b = SupportLine(source="b.md", text="Good taste is a filter on the whole collection")
    line_c = SupportLine(source="b.md", text="A collection grows by careful taste and choice")
    themes = (
        Theme(keyword="taste", stem="tast", weight=0.2, support=(line_a, line_b)),
        Theme(keyword="collection", stem="collect", weight=0.1, support=(line_a, line_c)),
    )
    text = to_article(write_article(outline_of(themes=themes, shared=("taste", "collection"))))
    assert text.count(line_a.text) == 1
    assert "has it in the line quoted above" in text
    assert "Collection. " in text


def test_inline_code_stays_code_in_every_renderer():
    line_a = SupportLine(source="dir/a.md", text="Run `git filter-repo` on a fresh clone first")
    line_b = SupportLine(
        source="b.md", text="The `--path` option of `git filter-repo` keeps a folder"
    )
    theme = Theme(keyword="filter-repo", stem="filter-repo", weight=0.2, support=(line_a, line_b))
    themes = (dataclasses.replace(theme, code=True),)
    text = to_article(write_article(outline_of(themes=themes, shared=("filter-repo",))))
    assert "Run `git filter-repo` on a fresh clone first" in text
    assert "come back to `filter-repo`" in text  # a keyword written as code is named as code
    assert "The `--path` option of `git filter-repo` keeps a folder" in text
