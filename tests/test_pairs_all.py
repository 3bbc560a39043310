"""Every pair at once (``hatch pairs --limit 0``): described for all pairs with array
operations (``core.pairing.sharing``) and written as they come, it must say of each pair
exactly what describing the pairs one at a time says (``--limit N``)."""

from __future__ import annotations

import json
import marshal
import random
from pathlib import Path
from typing import Any

import pytest

from hatch_cli import api
from hatch_cli.render import Format, pairs_text, text
from hatch_cli.reports import NotePair, PairColumns, PairsReport, SkippedNote
from hatch_cli.vault import facts
from tests.conftest import GOLDEN, NOTES, SHARED, write_note

#: The notes of the golden cases, each read as a vault.
VAULTS = sorted(
    path for path in [*GOLDEN.glob("*/notes"), *GOLDEN.glob("*/vault")] if path.is_dir()
)


def _every_pair_one_at_a_time(folder: Path) -> PairsReport:
    """Every pair, each described alone: ``--limit N`` with N the number of pairs."""
    count = len(api.rank_pairs([str(folder)], limit=0, use_cache=False).pairs)
    return api.rank_pairs([str(folder)], limit=max(1, count), use_cache=False)


@pytest.mark.parametrize("folder", [NOTES, *VAULTS], ids=lambda path: path.parent.name)
def test_every_pair_at_once_is_every_pair_one_at_a_time(folder: Path) -> None:
    at_once = api.rank_pairs([str(folder)], limit=0, use_cache=False)
    one_by_one = _every_pair_one_at_a_time(folder)
    assert at_once.pairs == one_by_one.pairs[: len(at_once.pairs)]
    assert len(at_once.pairs) == len(one_by_one.pairs) or not one_by_one.pairs


def test_the_sample_notes_have_pairs_of_every_kind() -> None:
    """What the test above compares: pairs with phrases, code and several ways of writing
    a keyword, so each path of the rule is taken."""
    pairs = api.rank_pairs([str(NOTES)], limit=0, use_cache=False).pairs
    assert any(" " in item for pair in pairs for item in pair.shared)  # a shared phrase
    assert any(pair.shared for pair in pairs) and any(not pair.shared for pair in pairs)


def _vault_of_duplicates(folder: Path) -> Path:
    text_ = (
        "Rotate the garden beds each spring so that tomatoes never follow potatoes, and "
        "keep a notebook of what grew where, with the yield of each bed and the weather. "
    )
    write_note(folder, "beds.md", f"---\ntitle: Garden beds\n---\n{text_ * 3}\n")
    write_note(folder, "beds-copy.md", f"# Beds again\n\n{text_ * 3} One more line here.\n")
    write_note(folder, "tomato.md", "# Tomatoes\n\nStake the tomatoes the day they go in.\n")
    write_note(folder, "soil.md", "# Soil\n\nA notebook of the beds, the weather and soil.\n")
    return folder


def test_near_duplicates_and_links_are_marked_as_one_at_a_time(tmp_path: Path) -> None:
    folder = _vault_of_duplicates(tmp_path / "vault")
    write_note(folder, "links.md", "# Links\n\nSee [[tomato]] and the garden beds notebook.\n")
    at_once = api.rank_pairs([str(folder)], limit=0, use_cache=False).pairs
    assert any(pair.duplicate for pair in at_once)
    assert any(pair.linked for pair in at_once)
    assert at_once == _every_pair_one_at_a_time(folder).pairs
    unlinked = api.rank_pairs([str(folder)], limit=0, unlinked=True, use_cache=False).pairs
    assert unlinked == tuple(pair for pair in at_once if not pair.linked)
    partners = api.rank_pairs([str(folder)], limit=0, for_note=str(folder / "beds.md")).pairs
    assert partners and all("beds.md" in (pair.a, pair.b) for pair in partners)
    one_by_one = api.rank_pairs([str(folder)], limit=99, for_note=str(folder / "beds.md"))
    assert partners == one_by_one.pairs


def test_the_cli_streams_the_bytes_of_the_whole_report(invoke: Any, tmp_path: Path) -> None:
    folder = str(NOTES)
    every = invoke("pairs", folder, "--limit", "0", "--min-score", "0", "--format", "json")
    lines = invoke("pairs", folder, "--limit", "0", "--min-score", "0", "--format", "jsonl")
    assert every.exit_code == 0 and lines.exit_code == 0
    report = json.loads(every.stdout)
    count = len(report["pairs"])
    assert count > 50
    assert [json.loads(line) for line in lines.stdout.splitlines()] == report["pairs"]
    # --limit N (one at a time) prints the same bytes as --limit 0 (all at once, streamed)
    whole = invoke("pairs", folder, "--limit", str(count), "--min-score", "0", "--format", "json")
    assert whole.stdout == every.stdout
    first = invoke("pairs", folder, "--limit", "20", "--format", "jsonl")
    assert first.stdout.splitlines() == lines.stdout.splitlines()[:20]


def test_a_rerun_reads_what_each_note_tells_from_the_cache(
    invoke: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HATCH_CACHE_DIR", str(tmp_path / "cache"))
    folder = str(_vault_of_duplicates(tmp_path / "vault"))
    first = invoke("pairs", folder, "--limit", "0", "--format", "jsonl")
    read_again: list[int] = []
    original = facts._read_again

    def counted(vault: Any, row: int) -> Any:
        read_again.append(row)
        return original(vault, row)

    monkeypatch.setattr(facts, "_read_again", counted)
    second = invoke("pairs", folder, "--limit", "0", "--format", "jsonl")
    assert first.exit_code == second.exit_code == 0
    assert second.stdout == first.stdout and first.stdout
    assert read_again == []


def test_facts_that_are_not_what_encode_wrote_are_a_miss() -> None:
    assert facts.decode(b"not marshal at all") is None
    assert facts.decode(marshal.dumps((1, 2, 3))) is None
    assert facts.decode(marshal.dumps(((("a", "b"),), (), (), (), b""))) is None


ODD = ['plain', 'quo"te', "back\\slash", "tab\there", "line\nbreak", "ünï códe", "\x01", "日本"]


def _odd_pair(rnd: random.Random) -> NotePair:
    shared = tuple(rnd.sample(ODD, rnd.randint(0, 4)))
    return NotePair(
        a=rnd.choice(ODD),
        b=rnd.choice(ODD),
        score=rnd.choice([rnd.random(), 1.0, 0.0, 0.12345678, 1e-05]),
        shared=shared,
        linked=rnd.random() < 0.5,
        code=tuple(item for item in shared if rnd.random() < 0.3),  # of the shared keywords
        lexical=rnd.choice([None, rnd.random()]),
        embedding=rnd.choice([None, 1.0, 0.0, -0.25, rnd.random()]),
        title_a=rnd.choice(ODD),
        title_b=rnd.choice(ODD),
        duplicate=rnd.random() < 0.5,
    )


def test_the_streamed_json_is_json_dumps_byte_for_byte() -> None:
    """The JSON written from columns (``PairColumns``), in pieces, is what ``json.dumps``
    writes of the whole report: odd strings, scores that round, pairs with and without
    embeddings, keywords written as code, columns of one pair and of many."""
    rnd = random.Random(5)
    pairs = [_odd_pair(rnd) for _ in range(300)]
    assert any(pair.code for pair in pairs) and any(pair.embedding == 0.0 for pair in pairs)
    skipped = (SkippedNote(path="bad.md", reason="not UTF-8"),)
    for shown in (pairs, pairs[:1], []):
        report = PairsReport(notes=7, skipped=skipped, pairs=tuple(shown))
        empty = PairsReport(notes=7, skipped=skipped)
        for fmt in (Format.json, Format.jsonl):
            columns = [PairColumns.of(shown[:1]), PairColumns.of(shown[1:])]
            assert "".join(pairs_text(empty, iter(columns), fmt)) == text(report, fmt)
            assert [*PairColumns.of(shown)] == shown


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["til-dev", "til-jonasbn", "gov-dev", "ropensci-dev"])
def test_every_pair_of_a_dev_corpus_as_one_at_a_time(corpus: str) -> None:
    """On real notes: the first hundred pairs, and a thousand drawn at random, described
    at once and one at a time."""
    folder = SHARED / "corpora" / corpus / "notes"
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here")
    at_once = api.rank_pairs([str(folder)], limit=0, use_cache=False).pairs
    from hatch_cli.ranking import Ranking

    vault, _ = api.open_vault([str(folder)], use_cache=False)
    ranking = Ranking(vault)
    drawn = random.Random(3).sample(range(len(at_once)), min(1000, len(at_once)))
    for at in [*range(min(100, len(at_once))), *drawn]:
        assert ranking.describe(at_once[at]) == at_once[at]


@pytest.mark.parametrize("share", [0, 10**9], ids=["from-rows", "by-term"])
def test_both_ways_of_finding_shared_terms_give_every_pair_one_at_a_time(
    share: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hatch_cli.core.pairing import sharing

    monkeypatch.setattr(sharing, "JOIN_MAX_SHARE", share)
    at_once = api.rank_pairs([str(NOTES)], limit=0, use_cache=False)
    assert at_once.pairs == _every_pair_one_at_a_time(NOTES).pairs


def test_listed_terms_shown_a_block_at_a_time_as_all_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The terms of a long list are shown in blocks of items (``SHOWN_BLOCK``): blocks of
    a few items, a block ending inside a pair's terms, give every pair as before."""
    from hatch_cli.core.pairing import sharing

    whole = api.rank_pairs([str(NOTES)], limit=0, use_cache=False)
    monkeypatch.setattr(sharing, "SHOWN_BLOCK", 7)
    in_blocks = api.rank_pairs([str(NOTES)], limit=0, use_cache=False)
    assert sum(len(pair.shared) for pair in whole.pairs) > 7 * 10
    assert in_blocks.pairs == whole.pairs
