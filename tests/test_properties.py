"""Hypothesis properties of the reader and the combiner, on arbitrary notes.

The default profile keeps this short for CI; HYPOTHESIS_PROFILE=long runs it for minutes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from hatch_cli.core.combine import combine
from hatch_cli.errors import NoteError
from hatch_cli.models import Outline, validate
from hatch_cli.notes import parse_note
from hatch_cli.render.to_json import to_json
from hatch_cli.render.to_markdown import to_markdown

DAY = dt.date(2024, 5, 31)

WORDS = st.sampled_from(
    """
    curation taste museum copyright training data Japan AI model learning spaced repetition
    product strategy team leader café naïve 東京 データ émoji🙂 the and of
    """.split()  # noqa: SIM905
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)
FRAGMENT = st.one_of(
    SENTENCE,
    SENTENCE.map(lambda s: f"# {s}"),
    SENTENCE.map(lambda s: f"## {s}"),
    SENTENCE.map(lambda s: f"- {s}"),
    SENTENCE.map(lambda s: f"1. {s}"),
    SENTENCE.map(lambda s: f"> {s}"),
    SENTENCE.map(lambda s: f"[[{s}|alias]] and #{s.split()[0]}"),
    SENTENCE.map(lambda s: f"```\n{s}\n```"),
    SENTENCE.map(lambda s: f"<div>{s}</div>"),
    SENTENCE.map(lambda s: f"[{s}](https://example.com/{len(s)}) **{s}** `{s}`"),
    st.text(max_size=80),
)
BODY = st.lists(FRAGMENT, max_size=8).map("\n\n".join)
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates().map(dt.date.isoformat),
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FRONTMATTER = st.dictionaries(
    st.sampled_from(["title", "tags", "date", "lang", "author", "hatched_from", "x"]),
    VALUE,
    max_size=5,
)


def note_text(meta: dict[str, object], body: str) -> str:
    if not meta:
        return body
    return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n" + body


def _parse(text: str, path: str):
    try:
        return parse_note(text, path)
    except NoteError:
        return None  # the documented failure: an empty or malformed note


@given(FRONTMATTER, BODY, FRONTMATTER, BODY)
def test_combine_never_raises_and_renders_valid_outputs(meta_a, body_a, meta_b, body_b):
    a = _parse(note_text(meta_a, body_a), "a.md")
    b = _parse(note_text(meta_b, body_b), "b.md")
    if a is None or b is None:
        return
    outline = combine([a, b], date=DAY)
    assert validate(Outline, to_json(outline)) == outline
    markdown = to_markdown(outline)
    again = parse_note(markdown, "idea.md")
    assert again.title == " ".join(outline.title.split())
    assert list(again.hatched_from) == ["a.md", "b.md"]


@given(BODY, BODY)
def test_shared_keywords_are_symmetric(body_a, body_b):
    a = _parse("# First\n\n" + body_a, "a.md")
    b = _parse("# Second\n\n" + body_b, "b.md")
    assert a is not None and b is not None
    ab = combine([a, b], date=DAY)
    ba = combine([b, a], date=DAY)
    assert set(ab.shared_keywords) == set(ba.shared_keywords)
    assert ab.relatedness == ba.relatedness


@given(BODY)
def test_a_note_combined_with_itself_is_fully_related(body):
    a = _parse("# Same title words\n\n" + body, "a.md")
    assert a is not None
    outline = combine([a, dataclasses.replace(a, path="b.md")], date=DAY)
    assert outline.relatedness > 0.99
