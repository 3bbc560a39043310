"""Sentences: where a block's text is split, on the cases that used to cut quotes short.

Pure tests of ``core.reading.sentences``; the CLI's side is the golden case ``abbreviations``.
"""

from __future__ import annotations

import pytest

from hatch_cli.core.reading.sentences import sentences
from hatch_cli.core.reading.terms import analyse
from hatch_cli.models import Block, Note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Add a license, e.g. Apache 2.0 or MIT. Then publish it.",
            ["Add a license, e.g. Apache 2.0 or MIT.", "Then publish it."],
        ),
        (
            "Add a license, e.g., Apache 2.0. Then publish it.",
            ["Add a license, e.g., Apache 2.0.", "Then publish it."],
        ),
        ("Use a linter, i.e. ruff. It helps.", ["Use a linter, i.e. ruff.", "It helps."]),
        (
            "Bring pens, paper, etc. to the meeting. Then sit.",
            ["Bring pens, paper, etc. to the meeting.", "Then sit."],
        ),
        (
            "The U.S. government published it. Read it.",
            ["The U.S. government published it.", "Read it."],
        ),
        ("It shipped on Jan. 5 last year. Good.", ["It shipped on Jan. 5 last year.", "Good."]),
        (
            "Dr. Smith wrote No. 5 of the series. It sold well.",
            ["Dr. Smith wrote No. 5 of the series.", "It sold well."],
        ),
        ("Ask Dr. Who about it. Then go.", ["Ask Dr. Who about it.", "Then go."]),
        ("Pi is about 3.14 here. Fine.", ["Pi is about 3.14 here.", "Fine."]),
        ("Upgrade to v1.2.3 today. It fixes bugs.", ["Upgrade to v1.2.3 today.", "It fixes bugs."]),
        ("She paused... then left. The end.", ["She paused... then left.", "The end."]),
        ("He paused… then left. The end.", ["He paused… then left.", "The end."]),
        (
            'He said "Stop. Now." and left. Then rain.',
            ['He said "Stop. Now." and left.', "Then rain."],
        ),
        (
            "She wrote “Stop. Now.” and left. Then rain.",
            ["She wrote “Stop. Now.” and left.", "Then rain."],
        ),
        (
            "See the docs (they are long. Read them.) for more. Next.",
            ["See the docs (they are long. Read them.) for more.", "Next."],
        ),
        ("Run [this. Then that] first. Next.", ["Run [this. Then that] first.", "Next."]),
        ("Call `os.path. Join` here. Next.", ["Call `os.path. Join` here.", "Next."]),
        ("Is it fast? Yes! It is.", ["Is it fast?", "Yes!", "It is."]),
        ("I live in the U.S. It is big.", ["I live in the U.S.", "It is big."]),
    ],
)
def test_english_sentences_end_where_they_end(text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "ja",
            "これはペンです。あれは本です！本当？はい。",
            ["これはペンです。", "あれは本です！", "本当？", "はい。"],
        ),
        (
            "zh",
            "这是一支笔。那是一本书！真的吗？是的。",
            ["这是一支笔。", "那是一本书！", "真的吗？", "是的。"],
        ),
        (
            "ja",
            "彼は「こんにちは。元気？」と言った。そして去った。",
            ["彼は「こんにちは。元気？」と言った。", "そして去った。"],
        ),
        ("ja", "定めている。2018年の改正で入った。", ["定めている。", "2018年の改正で入った。"]),
        ("de", "Das ist z.B. gut. Und das auch.", ["Das ist z.B. gut.", "Und das auch."]),
        (
            "de",
            "Er kam am 3. Januar an. Dann ging er.",
            ["Er kam am 3. Januar an.", "Dann ging er."],
        ),
        ("pl", "Weź np. to, e.g. tamto. Potem idź.", ["Weź np. to, e.g. tamto.", "Potem idź."]),
        ("es", "¿Qué es esto? Es un ejemplo.", ["¿Qué es esto?", "Es un ejemplo."]),
    ],
)
def test_sentences_in_other_languages(lang: str, text: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected


def test_tags_that_close_a_paragraph_are_not_words_of_its_last_sentence() -> None:
    text = "It competes with them in a style a client would know. copyright ai"
    assert sentences(text, "en", ("copyright", "ai")) == [
        "It competes with them in a style a client would know.",
        "copyright ai",
    ]
    # Words that are not tags stay in the sentence (sentencex goes on before lowercase).
    assert sentences(text, "en", ("copyright",)) == [text]


def test_a_long_block_splits_as_a_short_one_would() -> None:
    """A block over sentencex's part size reaches it in parts, cut at a sentence end."""
    sentence = "We chose a license, e.g. Apache 2.0, for the U.S. team on Jan. 5 of this year."
    found = sentences(" ".join([sentence] * 60), "en")
    assert found == [sentence] * 60


def test_a_lone_surrogate_is_split_by_hand() -> None:
    assert sentences("One \ud800 here. Two there.", "en") == ["One \ud800 here.", "Two there."]


def test_a_quoted_sentence_of_a_note_is_not_cut_at_an_abbreviation() -> None:
    note = Note(
        path="a.md",
        title="Licenses",
        blocks=(Block("paragraph", "Add a license, e.g. Apache 2.0 or MIT. Publish it then."),),
    )
    assert [s.text for s in analyse(note).sentences if s.kind == "paragraph"] == [
        "Add a license, e.g. Apache 2.0 or MIT.",
        "Publish it then.",
    ]
