"""Fuzzing hostile notes (issue #4, case 6): random frontmatter values (nested, unicode,
numbers, dates, nulls; as YAML or JSON) and random Markdown fragments (nesting, code,
HTML, tables, control characters, emoji, invalid UTF-8) through the loader, keywords,
pairing, the combiner and every renderer.

The only exception allowed is ``NoteError`` (a bad or empty note). Markdown output must
read back as a note, JSON output must validate against the published schema, and the Rich
view may hold no escape sequence but Rich's own colour codes.

The default ("ci") profile keeps this to a few seconds; ``HYPOTHESIS_PROFILE=long`` runs
thousands of examples. ``test_properties.py`` holds the gentler combine properties.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from hatch_cli.core.pairing.keywords import VECTOR_SIZE, note_keywords, top_vector, weights
from hatch_cli.core.pairing.similarity import relatedness, score
from hatch_cli.core.reading.terms import analyse
from hatch_cli.core.writing.article import write_article
from hatch_cli.core.writing.combine import combine
from hatch_cli.errors import NoteError
from hatch_cli.models import Note, Outline, json_schema, validate
from hatch_cli.notes import decode_note, parse_note, read_note
from hatch_cli.render.to_article import to_article
from hatch_cli.render.to_json import to_json
from hatch_cli.render.to_markdown import to_markdown
from hatch_cli.render.to_terminal import outline_renderable
from hatch_cli.reports import CONTRACTS
from tests.conftest import BODY, SENTENCE

# Hypothesis explores for a while: the slow tier (pytest -m 'not slow' skips it).
pytestmark = pytest.mark.slow

DAY = dt.date(2024, 5, 31)
OUTLINE_SCHEMA = json_schema(CONTRACTS["outline"])
SGR = re.compile(r"\x1b\[[0-9;]*m")
RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Fewer examples for the tests that run a whole pipeline per example; the long profile
# scales them up with everything else.
_DEFAULT = settings.default
PIPELINE = settings(
    max_examples=max(20, (_DEFAULT.max_examples if _DEFAULT else 100) // 2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# --- strategies (the note bodies' are in conftest: test_properties uses them too) -------

SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    SENTENCE,
    st.dates(),
    st.datetimes(),
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=16,
)
KEY = st.one_of(
    st.sampled_from(
        ["title", "tags", "tag", "date", "created", "lang", "language", "hatched_from"]
    ),
    st.text(max_size=10),
)
FRONTMATTER = st.dictionaries(KEY, VALUE, max_size=6)


def yaml_block(meta: dict[Any, Any]) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"


def json_block(meta: dict[Any, Any]) -> str:
    return "{\n" + json.dumps(meta, ensure_ascii=False, default=str)[1:-1] + "\n}\n"


@st.composite
def note_bytes(draw: st.DrawFn) -> bytes:
    """A note's bytes: maybe a BOM, maybe frontmatter (YAML or JSON), a body, maybe bad bytes."""
    meta = draw(FRONTMATTER)
    head = draw(st.sampled_from([yaml_block, json_block, lambda meta: ""]))(meta)
    data = (head + draw(BODY)).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    for _ in range(draw(st.integers(0, 2))):
        spot = draw(st.integers(0, len(data)))
        data = (
            data[:spot] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"])) + data[spot:]
        )
    return bytes(data)


# --- checks ----------------------------------------------------------------------------


def load(data: bytes, path: str) -> Note | None:
    """The loader with ``--errors replace``: a ``Note`` or the documented ``NoteError``."""
    try:
        return parse_note(decode_note(data, path, errors="replace"), path)
    except NoteError as err:
        assert err.path == path and err.message and "\n" not in err.message
        return None


def assert_inert(note: Note) -> None:
    texts = [note.title, *note.tags, *(block.text for block in note.blocks), note.date or ""]
    for text in texts:
        assert not RAW_CONTROLS.search(text.replace("\n", "")), text
    assert note.title.strip()


def rich_text(outline: Outline) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=80, force_terminal=True, color_system="truecolor")
    console.print(outline_renderable(outline))
    return buffer.getvalue()


# --- tests -----------------------------------------------------------------------------


@given(note_bytes())
def test_loader_returns_an_inert_note_or_a_note_error(data):
    note = load(data, "fuzz.md")
    if note is not None:
        assert_inert(note)
    try:
        strict = parse_note(decode_note(data, "fuzz.md"), "fuzz.md")
    except NoteError:
        return
    assert note is not None and strict == note  # valid UTF-8: replace changes nothing


@given(note_bytes())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_loader_from_disk(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "disk.md"
        path.write_bytes(data)
        try:
            note = read_note(str(path), errors="replace")
        except NoteError as err:
            assert err.path == str(path)
            note = None
        assert path.read_bytes() == data  # never modified
    if note is not None:
        assert note == load(data, str(path))


@given(st.lists(note_bytes(), min_size=2, max_size=3))
@PIPELINE
def test_keywords_pairing_combine_and_every_renderer(notes_bytes):
    notes = [load(data, f"n{number}.md") for number, data in enumerate(notes_bytes)]
    usable = [note for note in notes if note is not None]
    if len(usable) < 2:
        return
    vectors = []
    for note in usable:
        assert isinstance(note_keywords(note, limit=10), list)
        vectors.append(top_vector(weights(analyse(note, keep_sentences=False)), VECTOR_SIZE))
    for first in vectors:
        for second in vectors:
            assert 0.0 <= score(first, second) <= 1.0
            # symmetric up to rounding (pairing.score sums in the first vector's order)
            assert math.isclose(score(first, second), score(second, first), abs_tol=1e-12)
    assert 0.0 <= relatedness(vectors) <= 1.0

    outline = combine(usable, date=DAY)
    # JSON: valid against the schema, and read back the same
    text = to_json(outline)
    jsonschema.validate(json.loads(text), OUTLINE_SCHEMA)
    assert validate(Outline, text) == outline
    # Markdown (outline and article): a note hatch reads back, with the same title
    for markdown in (to_markdown(outline), to_article(write_article(outline))):
        assert not RAW_CONTROLS.search(markdown.replace("\n", ""))
        again = parse_note(markdown, "idea.md")
        assert again.title == " ".join(outline.title.split())
        assert list(again.hatched_from) == [note.path for note in usable]
    # Rich: nothing but Rich's own colour codes
    shown = SGR.sub("", rich_text(outline))
    assert "\x1b" not in shown
    assert not RAW_CONTROLS.search(shown.replace("\n", ""))


# --- markup a reader never sees ---------------------------------------------------------

# Pieces of template tags and raw HTML, open and closed, in any order and case.
MARKUP = st.lists(
    st.sampled_from(
        ["<script>", "</script>", "<STYLE>", "</style>", "</STYLE>", "<pre>", "</pre>",
         "<textarea>", "<template>", "</template>", "<!--", "-->", "<p>", "</p>", "<div>",
         "{{<", ">}}", "{{%", "%}}", "{%", "%}", "{{", "}}", "{#", "#}", " ref ", '"x.md"',
         '<a href="', '">', "](", "[", "]", "(", ")", "\n", "\n\n", " ", "> ", "- ", "word"]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@given(MARKUP)
@example("<script>{{</script>>}}")  # a template tag that held the closer of a raw block
def test_no_markup_swallows_the_rest_of_a_note(head):
    from hatch_cli.core.reading.pulldown import parse_body

    blocks = parse_body(f"{head}\n\nThe closing words.\n").blocks
    assert blocks[-1].text.endswith("The closing words.")
