"""The library layer: the CLI's commands as functions, and one rule for every command."""

from __future__ import annotations

import pytest

from hatch_cli import api
from hatch_cli.errors import NoteError, NothingToCombine
from tests.conftest import NOTES, write_note


@pytest.mark.slow
def test_combine_in_a_vault_and_pairs_agree_on_score_and_shared_keywords() -> None:
    """The same pair of the same vault: one score, one list of what it shares."""
    report = api.rank_pairs([str(NOTES)], limit=0)
    assert len(report.pairs) > 50
    for pair in report.pairs:
        outline = api.combine_notes(
            [str(NOTES / pair.a), str(NOTES / pair.b)], vault=str(NOTES), date="2024-05-31"
        )
        assert outline.relatedness == pair.score
        assert list(outline.shared_keywords[: len(pair.shared)]) == list(pair.shared)


def test_ideas_rank_as_pairs_do(tmp_path) -> None:
    plan = api.plan_ideas(str(NOTES), str(tmp_path / "ideas"), count=3)
    ranked = api.rank_pairs([str(NOTES)], limit=0).pairs
    assert plan.ideas[0].pair == ranked[0]
    assert all(idea.pair in ranked for idea in plan.ideas)
    assert not (tmp_path / "ideas").exists()  # planning writes nothing


def test_errors_carry_their_exit_codes(tmp_path) -> None:
    with pytest.raises(NothingToCombine):
        api.combine_notes([str(NOTES / "curation-as-care.md")])
    with pytest.raises(NoteError) as caught:
        api.combine_notes([str(tmp_path / "missing.md"), str(NOTES / "curation-as-care.md")])
    assert caught.value.exit_code == 3


def test_a_vault_lists_what_it_skipped_unless_strict(tmp_path) -> None:
    write_note(tmp_path, "a.md", "# A\n\nCuration and taste in a museum.\n")
    write_note(tmp_path, "b.md", "# B\n\nA museum curator and her taste.\n")
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe not text")
    report = api.rank_pairs([str(tmp_path)])
    assert report.notes == 2
    assert [item.path for item in report.skipped] == ["bad.md"]
    with pytest.raises(NoteError):
        api.rank_pairs([str(tmp_path)], strict=True)
