"""What hatch reads of a note, and how much each occurrence counts (issue 13).

The reader keeps what the author wrote: inline code and identifiers (whole and split),
the words of link targets, code blocks as a field of their own. Each occurrence counts
once (a title repeated as the first heading too), phrases never weigh in a vector, and a
keyword's weight is the one ``pairs`` compares, whatever ``--limit`` asks to list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hatch_cli.core.pairing.keywords import DocFreq, weights
from hatch_cli.core.reading import lexicon
from hatch_cli.core.reading.terms import NoteTerms, analyse
from hatch_cli.core.reading.tokens import identifier_parts, url_words
from hatch_cli.models import Block, Note
from hatch_cli.notes import parse_note
from tests.conftest import write_note


def read(markdown: str, lang: str = "en") -> NoteTerms:
    note = parse_note(markdown, "note.md")
    if lang != note.lang:
        note = Note(path=note.path, title=note.title, lang=lang, blocks=note.blocks)
    return analyse(note, keep_sentences=False)


# --------------------------------------------------------------------------- identifiers


@pytest.mark.parametrize(
    ("token", "whole", "parts"),
    [
        ("after_commit", "after_commit", ["after", "commit"]),
        ("torch.zeros", "torch.zeros", ["torch", "zeros"]),
        ("ActiveRecord", "ActiveRecord", ["Active", "Record"]),
        ("ActiveRecord::Base", "ActiveRecord::Base", ["Active", "Record", "Base"]),
        ("HTTPServer", "HTTPServer", ["HTTP", "Server"]),
        ("JSONDecodeError", "JSONDecodeError", ["JSON", "Decode", "Error"]),
        ("pre-commit", "pre-commit", ["pre", "commit"]),
        ("pytest", "", ["pytest"]),
        ("__init__", "", ["init"]),
        # numbers are ignored: never words, and no whole form with a digit in it
        ("0.63.1", "", []),
        ("utf8", "", ["utf"]),
        ("IPv6", "", ["IPv"]),
        # abbreviations are not identifiers
        ("e.g", "", ["e", "g"]),
    ],
)
def test_identifier_parts(token: str, whole: str, parts: list[str]) -> None:
    assert identifier_parts(token) == (whole, parts)


def test_inline_code_is_read_whole_and_split_and_remembered_as_code() -> None:
    terms = read(
        "# Callbacks\n\nUse `after_commit` and `ActiveRecord::Base` with `torch.zeros()`.\n"
    )
    code = terms.fields["code"]
    for term in ("after_commit", "commit", "activerecord::base", "activ", "record", "base"):
        assert term in code, term
    assert {"torch.zeros", "torch", "zero"} <= set(code)
    assert terms.is_code("after_commit") and terms.is_code("torch.zeros")
    assert not terms.is_code("commit")


def test_identifiers_in_prose_are_read_as_in_code() -> None:
    terms = read("# Notes\n\nThe django.db module and snake_case_names, version 0.63.1.\n")
    assert {"django.db", "django", "db", "snake_case_nam", "snake", "case", "name"} - {
        "snake_case_nam"
    } <= set(terms.fields["text"])
    assert "snake_case_names" in terms.fields["text"]
    assert not any(char.isdigit() for term in terms.counts for char in term)


def test_code_words_meet_the_same_words_in_prose() -> None:
    terms = read("# Testing\n\nI like pytest.\n\nRun `pytest` again.\n")
    assert terms.fields["text"]["pytest"] == 1
    assert terms.fields["code"]["pytest"] == 1
    assert terms.counts["pytest"] == 2


def test_fenced_code_is_its_own_field() -> None:
    terms = read(
        "# Zeros\n\nMake a tensor.\n\n```python\nx = torch.zeros(3)\ny = torch.zeros(4)\n```\n"
    )
    assert terms.fields["fence"]["torch.zeros"] == 2
    assert "torch.zeros" not in terms.fields.get("text", {})
    assert terms.is_code("torch.zeros")


# --------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (
            "https://docs.python.org/3/library/re.html?highlight=sub#re.sub",
            ["docs", "python", "library", "re"],
        ),
        ("https://www.example.com/", ["example"]),
        ("http://localhost:8001/db/table", ["localhost", "db", "table"]),
        (
            "https://github.com/simonw/til/blob/ce3f9a0b/README.md",
            ["github", "simonw", "til", "blob", "README"],
        ),
        ("../notes/other-note.md", ["notes", "other", "note"]),
        ("mailto:someone@example.com", []),
    ],
)
def test_url_words(url: str, words: list[str]) -> None:
    assert url_words(url) == words


def test_link_targets_and_bare_urls_are_read_as_link_words() -> None:
    terms = read(
        "# Links\n\nSee [the guide](https://packaging.pypa.io/en/stable/version.html?x=querytext)"
        " and https://sqlite.org/lang_select.html here.\n"
    )
    link = terms.fields["link"]
    assert {"packag", "pypa", "stabl", "version", "sqlite", "lang", "select"} <= set(link)
    assert not {"https", "io", "org", "html", "querytext", "x"} & set(terms.counts)
    # the link's own text is prose, read once
    assert terms.fields["text"]["guid"] == 1


def test_an_autolink_is_read_once() -> None:
    terms = read("# Site\n\nGo to <https://datasette.io/plugins> now.\n")
    assert terms.counts["datasett"] == 1
    assert terms.counts["plugin"] == 1


def test_html_link_targets_are_link_words() -> None:
    terms = read('# Post\n\nRead the <a href="https://challenge.gov/prizes">prize page</a>.\n')
    assert {"challeng", "prize"} <= set(terms.fields["link"])


# --------------------------------------------------------------------------- CJK


def test_japanese_text_with_code_and_a_url() -> None:
    terms = read(
        "# 学習データ\n\n`pandas.DataFrame` で学習データを読む。"
        "詳しくは https://pandas.pydata.org/docs を見る。\n",
        lang="ja",
    )
    assert {"pandas.dataframe", "panda", "data", "frame"} <= set(terms.fields["code"])
    assert {"panda", "pydata", "doc"} <= set(terms.fields["link"])
    assert any("学習" in term for term in terms.counts)
    assert "pandas.dataframe" in terms.counts


def test_chinese_text_keeps_its_words() -> None:
    terms = read("# 机器学习\n\n机器学习需要数据。`numpy` 很有用。\n", lang="zh")
    assert "numpi" in terms.fields["code"]
    assert any(len(term) > 1 and not term.isascii() for term in terms.counts)


# --------------------------------------------------------------------------- counted once


def test_a_title_that_is_also_the_first_heading_counts_once() -> None:
    twice = read("---\ntitle: Sourdough starter\n---\n# Sourdough starter\n\nFeed it flour.\n")
    once = read("# Sourdough starter\n\nFeed it flour.\n")
    assert twice.counts["sourdough"] == once.counts["sourdough"] == 1
    assert twice.fields["title"]["sourdough"] == 1
    assert "sourdough" not in twice.fields.get("heading", {})


def test_a_title_unlike_the_heading_counts_as_well() -> None:
    terms = read("---\ntitle: Rye bread\n---\n# Sourdough starter\n\nFeed it flour.\n")
    assert terms.fields["title"]["rye"] == 1
    assert terms.fields["heading"]["sourdough"] == 1


def test_phrases_are_kept_for_display_but_never_weighed() -> None:
    note = parse_note("# Training data\n\nTraining data matters. Training data again.\n", "n.md")
    shown = analyse(note)
    assert shown.counts["train data"] == 3
    assert shown.display("train data") == "Training data"
    assert not any(" " in term for term in weights(shown))
    assert not any(" " in term for term in analyse(note, keep_surfaces=False).counts)


def test_no_term_no_other_note_has_and_none_every_note_has() -> None:
    stem = lexicon.stemmer("en")
    shared, lonely, everywhere = stem("kayaks"), stem("paddles"), stem("rivers")
    docfreq = DocFreq(n_docs=10, df={shared: 3, lonely: 1, everywhere: 10}, share=0.4)
    assert docfreq.factor(shared) == 1.0
    assert docfreq.factor(lonely) == 0.0
    assert docfreq.factor(everywhere) == 0.0
    note = Note(path="n.md", title="Kayaks", blocks=(Block("paragraph", "paddles rivers kayaks"),))
    assert set(weights(analyse(note), docfreq)) == {shared}
    # Two notes alone: the prior is all there is, every term weighs.
    assert set(weights(analyse(note))) == {shared, lonely, everywhere}


# --------------------------------------------------------------------------- --limit


def _weights(data: dict[str, Any]) -> dict[tuple[str, str], float]:
    return {
        (entry["path"], keyword["stem"]): keyword["weight"]
        for entry in data["notes"]
        for keyword in entry["keywords"]
    }


NOTES = Path(__file__).resolve().parent.parent / "notes"


@pytest.mark.parametrize("target", ["folder", "file"])
def test_keyword_weights_do_not_depend_on_limit(invoke: Any, target: str) -> None:
    path = str(NOTES) if target == "folder" else str(NOTES / "curation-as-care.md")
    found = {
        limit: _weights(json.loads(invoke("keywords", path, "--format", "json",
                                          "--limit", str(limit), "--no-cache").stdout))
        for limit in (1, 5, 64, 80)
    }  # fmt: skip
    longest = found[80]
    for limit, weighed in found.items():
        assert weighed, limit
        for key, weight in weighed.items():
            assert weight == longest[key], (limit, key)


def test_keywords_list_the_pairing_vector(invoke: Any, tmp_path: Path) -> None:
    for name, text in {
        "a.md": "# Kayak rolls\n\nA kayak roll needs a hip snap.\n",
        "b.md": "# Kayak trips\n\nA kayak trip needs a dry bag.\n",
        "c.md": "# Rye bread\n\nRye bread needs a starter.\n",
    }.items():
        write_note(tmp_path, name, text)
    data = json.loads(invoke("keywords", str(tmp_path), "--format", "json").stdout)
    first = data["notes"][0]
    assert [keyword["text"].lower() for keyword in first["keywords"]] == ["kayak"]
    assert first["keywords"][0]["weight"] == 1.0


def test_notes_that_share_an_identifier_pair_on_it(invoke: Any, tmp_path: Path) -> None:
    notes = {
        "callbacks.md": "# Rails callbacks\n\nUse `after_commit` so the job sees the row.\n",
        "jobs.md": "# Background jobs\n\nEnqueue from `after_commit`, never earlier.\n\n"
        "```ruby\nafter_commit :enqueue_job\n```\n",
        "bread.md": "# Rye bread\n\nRye needs a long proof.\n",
        "loaf.md": "# A loaf\n\nThe rye loaf proofed overnight.\n",
    }
    for name, text in notes.items():
        write_note(tmp_path, name, text)
    data = json.loads(invoke("pairs", str(tmp_path), "--format", "json", "--no-cache").stdout)
    pairs = {(pair["a"], pair["b"]): pair["shared"] for pair in data["pairs"]}
    assert "after_commit" in pairs[("callbacks.md", "jobs.md")]
    assert ("bread.md", "callbacks.md") not in pairs


def test_unrelated_notes_share_no_noise_theme(invoke: Any) -> None:
    """The two sample notes meet only on words each says in passing ("bigger", "worse"):
    they share no theme; related sample notes keep naming theirs."""

    def shared(a: str, b: str) -> list[str]:
        result = invoke("combine", str(NOTES / a), str(NOTES / b), "-f", "json")
        assert result.exit_code == 0, result.stderr
        return list(json.loads(result.stdout)["shared_keywords"])

    assert shared("japan-ai-training-copyright.md", "pm-to-product-leader.md") == []
    assert {"curation", "taste"} <= set(shared("curation-as-care.md", "brands-as-curators.md"))
    assert "deck" in shared("make-it-stick-book-notes.md", "spaced-repetition-deck.md")


def test_link_words_show_as_written() -> None:
    note = parse_note(
        "# Slides\n\nSee [them](https://www.slideshare.net/DigitalGov/prizes).\n", "n.md"
    )
    terms = analyse(note)
    assert terms.display("slideshar") == "slideshare"
    assert terms.display("digit") == "Digital"  # DigitalGov: CamelCase words
