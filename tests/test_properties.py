"""Algebraic properties of the score and the combiner, on arbitrary Markdown bodies.

The bodies come from the fuzzing strategies in ``conftest`` (``test_fuzz`` also checks that
the whole pipeline never raises and renders valid outputs). The default profile keeps this
short for CI; HYPOTHESIS_PROFILE=long runs it for minutes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given

from hatch_cli.core.writing.combine import combine
from hatch_cli.errors import NoteError
from hatch_cli.models import Note
from hatch_cli.notes import parse_note
from tests.conftest import BODY

# Hypothesis explores for a while: the slow tier (pytest -m 'not slow' skips it).
pytestmark = pytest.mark.slow

DAY = dt.date(2024, 5, 31)


def _parse(text: str, path: str) -> Note | None:
    try:
        return parse_note(text, path)
    except NoteError:
        return None  # the documented failure: an empty or malformed note


@given(BODY, BODY)
def test_shared_keywords_and_score_are_symmetric(body_a, body_b):
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
