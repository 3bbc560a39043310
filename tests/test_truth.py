"""hatch's own sentences are true of the notes in front of them (issue 26, items 4-8):
each template sentence's condition, near-duplicates in pairs/combine/ideas, no empty
section, titles and conclusions from the notes' prose, and the terminal's details."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text

from hatch_cli.core.pairing.overlap import duplicates, runs
from hatch_cli.core.writing import truth
from hatch_cli.core.writing.phrasebook import ENGLISH, LANGUAGES, phrasebook
from hatch_cli.core.writing.prose import as_sentence
from hatch_cli.ideas import choose_pairs
from hatch_cli.models import SupportLine, Theme
from hatch_cli.render.wrapping import CLOSING, Wrapped, wrap
from hatch_cli.reports import NotePair
from tests.conftest import write_note

# Two notes that say nearly the same thing: a yearly report written again.
REPORT_2023 = """# Garden club report 2023

The garden club met every second Saturday of the month at the community hall on Elm Street.
Members brought seedlings to swap and we kept a shared list of who grows which tomato variety.
The compost bins behind the hall were turned twice this year by volunteers from the club.
Next year we plan to add a rain barrel beside the greenhouse door.
This year the club planted forty tomato seedlings in the raised beds.
"""
REPORT_2024 = """# Garden club report 2024

The garden club met every second Saturday of the month at the community hall on Elm Street.
Members brought seedlings to swap and we kept a shared list of who grows which tomato variety.
The compost bins behind the hall were turned twice this year by volunteers from the club.
Next year we plan to add a rain barrel beside the greenhouse door.
This year a late frost took half the tomato seedlings, so the club replanted in June.
"""
# Two notes on one subject that say different things.
KAYAK = """# Sea kayak tides

A sea kayak trip starts with the tide table: paddle out on the ebb, back on the flood.
Strong tide races form where the harbour narrows, so a sea kayak crosses at slack water.
"""
PADDLE = """# Harbour paddling

The harbour mouth runs fast on a spring tide, and a sea kayak needs slack water to cross.
I check the tide table the night before every sea kayak trip and plan the crossing.
"""


def _theme(keyword: str, *sources: str) -> Theme:
    support = tuple(SupportLine(source=s, text=f"{keyword} in {s} matters here") for s in sources)
    return Theme(keyword=keyword, stem=keyword, weight=0.1, support=support)


# --------------------------------------------------------------------------- conditions


def test_all_notes_quoted_only_when_every_theme_quotes_every_note() -> None:
    assert truth.quotes_every_note([_theme("a", "x", "y"), _theme("b", "x", "y")], 2)
    assert not truth.quotes_every_note([_theme("a", "x", "y", "z"), _theme("b", "x", "y")], 3)
    assert not truth.quotes_every_note([], 2)  # no theme: nothing is quoted below


def test_a_line_answers_only_a_question() -> None:
    assert truth.answers("Is it still curation when an algorithm selects?")
    assert truth.answers("「本当にそうか？」")
    assert not truth.answers("The app was created for fishermen.")


@pytest.mark.parametrize(
    ("lang", "agreeing"),
    [("en", "comes"), ("en", " is where"), ("en", "beyond it"), ("de", "steht"), ("es", " va ")],
)
def test_no_verb_agrees_with_a_keyword_in_number(lang: str, agreeing: str) -> None:
    """"Participants comes first", "Tide is where": a verb that agrees with the keyword
    it follows is wrong for half the keywords, so no phrasebook sentence has one."""
    book = phrasebook(lang)
    for themes in (["participants"], ["tide"], ["tide", "harbour"]):
        brings = [("A", "x"), ("B", "y")]
        said = book.lead_theme(themes[0]) + book.conclusion_related(themes, brings)
        assert agreeing not in said


def test_every_phrasebook_writes_each_new_sentence() -> None:
    for lang in sorted(LANGUAGES):
        book = phrasebook(lang)
        assert book.quoted_each(2) and book.overlap(["A", "B"])
        assert "{name}" in book.answer and all("{name}" in v for pair in book.voices for v in pair)


def test_three_notes_are_not_all_quoted_when_a_theme_quotes_two(invoke, tmp_path: Path) -> None:
    a = write_note(tmp_path, "a.md", KAYAK)
    b = write_note(tmp_path, "b.md", PADDLE)
    c = write_note(
        tmp_path,
        "c.md",
        "# Tide tables\n\nA tide table lists high and low water for each harbour.\n"
        "Reading a tide table takes practice before a trip.\n",
    )
    result = invoke("combine", str(a), str(b), str(c), "--format", "json")
    outline = json.loads(result.stdout)
    assert outline["related"]
    every = all(len({line["source"] for line in t["support"]}) == 3 for t in outline["themes"])
    assert not every  # a theme quotes two of the three notes
    assert "quoted below on each theme" not in outline["intro"]
    assert "beyond it" not in outline["conclusion"]


def test_both_notes_quoted_when_they_are(invoke, tmp_path: Path) -> None:
    a = write_note(tmp_path, "a.md", KAYAK)
    b = write_note(tmp_path, "b.md", PADDLE)
    outline = json.loads(invoke("combine", str(a), str(b), "--format", "json").stdout)
    assert outline["intro"].endswith("Both notes are quoted below on each theme.")
    assert not truth.false_sentences(_outline(outline))


def _outline(data: dict[str, Any]) -> Any:
    from pydantic import TypeAdapter

    from hatch_cli.models import Outline

    return TypeAdapter(Outline).validate_python(data)


def test_false_sentences_finds_a_quote_claim_no_theme_bears_out() -> None:
    from hatch_cli.core.writing.article import write_article
    from tests.test_article import outline_of

    outline = outline_of(themes=(_theme("taste", "dir/a.md", "b.md"),), shared=("taste",))
    claim = ENGLISH.quoted_each(2)
    assert truth.false_sentences(outline.__class__(**{**_fields(outline), "intro": claim})) == []
    lonely = outline_of(themes=(_theme("taste", "dir/a.md"),), shared=("taste",))
    assert truth.false_sentences(lonely.__class__(**{**_fields(lonely), "intro": claim})) == [
        claim
    ]
    article = write_article(outline)
    assert truth.false_sentences(outline, article) == []
    twins = outline.__class__(**{**_fields(outline), "duplicates": True})
    assert truth.false_sentences(twins, article)  # "start in different places": false now
    walk = ENGLISH.article_walkthrough(["taste"])
    thin = article.__class__(**{**_fields(article), "intro": (*article.intro, walk)})
    assert truth.false_sentences(outline, thin) == [walk]  # no "Where they meet" section


def _fields(outline: Any) -> dict[str, Any]:
    return {name: getattr(outline, name) for name in outline.__dataclass_fields__}


# --------------------------------------------------------------------------- near-duplicates


def test_overlap_rule() -> None:
    a, b = runs([REPORT_2023]), runs([REPORT_2024])
    assert duplicates(a, b)
    assert not duplicates(runs([KAYAK]), runs([PADDLE]))  # one subject, different words
    # A note of a few words whose title the other quotes is not its duplicate.
    assert not duplicates(runs(["How to check the version"]), runs([KAYAK + " How to check"]))


def test_pairs_mark_near_duplicates(invoke, tmp_path: Path) -> None:
    write_note(tmp_path, "garden-2023.md", REPORT_2023)
    write_note(tmp_path, "garden-2024.md", REPORT_2024)
    write_note(tmp_path, "kayak.md", KAYAK)
    write_note(tmp_path, "paddle.md", PADDLE)
    data = json.loads(invoke("pairs", str(tmp_path), "--format", "json").stdout)
    marked = {(p["a"], p["b"]): p["duplicate"] for p in data["pairs"]}
    assert marked[("garden-2023.md", "garden-2024.md")] is True
    assert marked[("kayak.md", "paddle.md")] is False
    markdown = invoke("pairs", str(tmp_path), "--format", "markdown").stdout
    assert markdown.count("near-duplicates") == 1
    rich = invoke("pairs", str(tmp_path), "--format", "rich").stdout
    assert "near-duplicates" in rich and "shared: " in rich
    assert "score: 0 to 1" in rich and "score: 0 to 1" in markdown


def test_combine_says_near_duplicates_overlap_and_what_each_lacks(invoke, tmp_path) -> None:
    a = write_note(tmp_path, "garden-2023.md", REPORT_2023)
    b = write_note(tmp_path, "garden-2024.md", REPORT_2024)
    outline = json.loads(invoke("combine", str(a), str(b), "--format", "json").stdout)
    assert outline["duplicates"] is True
    assert "say nearly the same thing" in outline["intro"]
    shared = set(REPORT_2023.splitlines()) & set(REPORT_2024.splitlines())
    for entry in outline["key_points"]:
        assert not set(entry["points"]) & shared  # only what the other note lacks
    article = invoke("combine", str(a), str(b), "--style", "article").stdout
    assert "start in different places" not in article
    assert "say nearly the same thing" in article


def test_ideas_hatch_near_duplicates_only_when_asked(invoke, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    write_note(vault, "garden-2023.md", REPORT_2023)
    write_note(vault, "garden-2024.md", REPORT_2024)
    write_note(vault, "kayak.md", KAYAK)
    write_note(vault, "paddle.md", PADDLE)
    out = str(tmp_path / "ideas")
    args = ("ideas", str(vault), "-o", out, "--count", "1", "--dry-run", "--format", "json")
    chosen = json.loads(invoke(*args).stdout)["ideas"]
    assert [(i["pair"]["a"], i["pair"]["b"]) for i in chosen] == [("kayak.md", "paddle.md")]
    chosen = json.loads(invoke(*args, "--include-duplicates").stdout)["ideas"]
    assert chosen[0]["pair"]["duplicate"] is True


def test_choose_pairs_takes_duplicates_last() -> None:
    twin = NotePair("a.md", "b.md", 0.9, ("x",), False)
    other = NotePair("c.md", "d.md", 0.4, ("y",), False)
    pairs = [twin, other]
    assert choose_pairs(pairs, set(), 1, duplicate=lambda p: p is twin) == [other]
    assert choose_pairs(pairs, set(), 2, duplicate=lambda p: p is twin) == [twin, other]
    assert choose_pairs(pairs, set(), 1) == [twin]


# --------------------------------------------------------------------------- sections


def test_no_empty_or_thin_sections(invoke, tmp_path: Path) -> None:
    a = write_note(tmp_path, "a.md", "# Tides\n\nA sea kayak trip waits for slack tide water.\n")
    b = write_note(tmp_path, "b.md", "# Slack\n\nSlack tide water is when a sea kayak trip goes.\n")
    outline = invoke("combine", str(a), str(b), "--format", "markdown").stdout
    assert "nothing beyond" not in outline
    assert "What each note brings" not in outline  # neither note has a line of its own
    article = invoke("combine", str(a), str(b), "--style", "article").stdout
    assert "says little" not in article
    assert "## Where they meet" not in article  # one theme: it would hold no quote
    assert "walks through where they meet" not in article


def test_an_ideas_rerun_with_nothing_new_says_so(invoke, vault, tmp_path: Path) -> None:
    out = str(tmp_path / "ideas")
    invoke("ideas", str(vault), "-o", out, "--count", "1")
    rerun = invoke("ideas", str(vault), "-o", out, "--count", "1", "--format", "rich")
    assert rerun.exit_code == 0
    assert f"No new notes in {out}" in rerun.stdout


# --------------------------------------------------------------------------- titles


def test_title_leads_with_a_word_both_notes_say_not_an_author_or_site(invoke, tmp_path) -> None:
    front = "---\nauthor: Mark Padgham\nsite: ropensci.org\n---\n"
    a = write_note(
        tmp_path,
        "a.md",
        front + "# Checks\n\nPackage checks run on every push to ropensci.org.\n"
        "A package check reports the failing tests in the package.\n",
    )
    b = write_note(
        tmp_path,
        "b.md",
        front + "# Reviews\n\nA package review reads the checks of the package first.\n"
        "Reviewers see package checks on ropensci.org before they start.\n",
    )
    title = json.loads(invoke("combine", str(a), str(b), "--format", "json").stdout)["title"]
    assert not title.startswith(("Padgham", "Mark", "Ropensci", "ropensci"))


# --------------------------------------------------------------------------- to the letter


def test_no_ascii_period_after_japanese_text() -> None:
    assert as_sentence("学習データを確認する") == "学習データを確認する。"
    assert as_sentence("学習データを確認する、") == "学習データを確認する。"
    assert as_sentence("「学習データ」") == "「学習データ」。"  # a closing bracket of theirs
    assert as_sentence("『本』") == "『本』。"
    assert as_sentence("a list item") == "a list item."


def test_a_wrapped_line_never_starts_with_closing_punctuation() -> None:
    text = Text("日本語の文章です、これは長い文です。「引用」の後、読点が来る。" * 3)
    for width in range(4, 30):
        lines = wrap(text, width)
        assert "".join(line.plain for line in lines) == text.plain
        assert all(line.plain[:1] not in CLOSING for line in lines), width


def test_a_wrapped_line_never_breaks_a_path_that_fits() -> None:
    path = "notes/2024/a-long-note-name.md"
    console = Console(width=40, color_system=None)
    with console.capture() as seen:
        console.print(Wrapped(Text(f"Written to the vault under {path} today")))
    assert any(line.startswith(path) for line in seen.get().splitlines())


def test_plurals_agree(invoke, tmp_path: Path) -> None:
    write_note(tmp_path, "a.md", KAYAK)
    write_note(tmp_path, "b.md", PADDLE)
    (tmp_path / "c.md").write_bytes(b"")
    markdown = invoke("pairs", str(tmp_path), "--format", "markdown").stdout
    assert "Skipped 1 note:" in markdown and "note(s)" not in markdown
    out = str(tmp_path / "ideas")
    dry = invoke("ideas", str(tmp_path), "-o", out, "--count", "1", "--dry-run")
    assert "dry run: 1 note, nothing written" in dry.stderr


def test_llm_dry_run_prints_the_prompt_without_the_llm_library(
    invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "llm", None)  # import llm now fails, as if absent
    a = write_note(tmp_path, "a.md", KAYAK)
    b = write_note(tmp_path, "b.md", PADDLE)
    result = invoke("combine", str(a), str(b), "--llm", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "slack water" in result.stdout  # the notes' text, in the prompt
    assert "nothing sent" in result.stderr


def test_a_name_with_a_capital_inside_keeps_its_case() -> None:
    from hatch_cli.core.writing.phrasebook import cap

    assert ENGLISH.title_related("rOpenSci", ["A", "B"]) == "rOpenSci: A and B"
    assert cap("iPhone apps") == "iPhone apps"
    assert cap("shortfin mako") == "Shortfin mako"


def test_a_title_does_not_lead_with_what_the_titles_say_in_another_form(invoke, tmp_path) -> None:
    """ "Upgrade: Upgrading …": the lead repeats the titles; a word both notes say that no
    title has goes first."""
    a = write_note(
        tmp_path,
        "a.md",
        "# Upgrading Python packages\n\nUpgrade the package with pip, then upgrade its "
        "dependencies. An upgrade that breaks the tests is rolled back, and the lockfile "
        "records it.\n",
    )
    b = write_note(
        tmp_path,
        "b.md",
        "# Upgrading npm packages\n\nI upgrade each package after reading its changelog. "
        "Every upgrade is one commit, so a bad upgrade is easy to undo; the lockfile "
        "records it.\n",
    )
    outline = json.loads(invoke("combine", str(a), str(b), "--format", "json").stdout)
    assert outline["shared_keywords"][0] == "upgrade"
    assert outline["title"].startswith("Lockfile: ")
