"""The library layer: the CLI's commands as functions, and one rule for every command.

Every public function of ``api`` is exercised here (the first test keeps it so).
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import json
from pathlib import Path

import pytest

from hatch_cli import api
from hatch_cli.errors import (
    ModelUnavailable,
    NoteError,
    NothingToCombine,
    OutputExists,
    UsageError,
)
from hatch_cli.render import Format, Style, text
from tests.conftest import AI, HAS_LLM, NOTES, PM, REPO, write_note

CURATION, TASTE = str(NOTES / "curation-as-care.md"), str(NOTES / "taste-is-a-filter.md")


def test_every_public_function_is_exercised_here() -> None:
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    called = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "api"
    }
    functions = {name for name in api.__all__ if inspect.isfunction(getattr(api, name))}
    assert functions - called == set()


def test_the_types_the_functions_take_and_return_come_from_api_too() -> None:
    from hatch_cli.core.writing.combine import CombineOptions
    from hatch_cli.reports import PairsReport

    assert api.CombineOptions is CombineOptions and api.PairsReport is PairsReport
    for name in api.__all__:
        assert getattr(api, name) is not None
    with pytest.raises(AttributeError):
        _ = api.no_such_name


def test_every_public_function_of_the_api_modules_is_importable_from_api() -> None:
    """The library is one module a command family (api/), seen from one place (api)."""
    import importlib

    for family in ("combine", "common", "ideas", "model", "vaults"):
        module = importlib.import_module(f"hatch_cli.api.{family}")
        for name, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__ == module.__name__:
                if family != "common" and not name.startswith("_"):  # common: shared helpers
                    assert name in api.__all__, name
                if name in api.__all__:
                    assert getattr(api, name) is value


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


def test_stream_pairs_hands_out_every_pair_as_rank_pairs_lists_them() -> None:
    stream = api.stream_pairs([str(NOTES)], min_score=0.1)
    assert isinstance(stream, api.PairStream)
    assert stream.report.pairs == () and stream.report.notes > 2
    first = next(stream.pairs)
    rest = list(stream.pairs)
    assert all(pair.score > 0.1 for pair in (first, *rest))
    listed = api.rank_pairs([str(NOTES)], limit=len(rest) + 1, min_score=0.1).pairs
    assert (first, *rest) == listed


def test_ideas_rank_as_pairs_do(tmp_path) -> None:
    plan = api.plan_ideas(str(NOTES), str(tmp_path / "ideas"), count=3)
    ranked = api.rank_pairs([str(NOTES)], limit=0).pairs
    assert plan.ideas[0].pair == ranked[0]
    assert all(idea.pair in ranked for idea in plan.ideas)
    assert not (tmp_path / "ideas").exists()  # planning writes nothing


def test_hatch_ideas_writes_the_plan_and_reports_each_note_as_it_goes(tmp_path) -> None:
    out = tmp_path / "ideas"
    plan = api.plan_ideas(str(NOTES), str(out), count=2)
    heard: list[tuple[api.HatchedIdea, api.Brief | None]] = []
    report = api.hatch_ideas(plan, each=lambda idea, brief: heard.append((idea, brief)))
    assert [idea.status for idea in report.ideas] == ["written", "written"]
    assert heard == [(idea, None) for idea in report.ideas]
    assert (report.outdir, report.dry_run, report.skipped) == (str(out), False, plan.skipped)
    for planned, idea in zip(plan.ideas, report.ideas, strict=True):
        assert (idea.path, idea.pair, idea.title) == (
            planned.path,
            planned.pair,
            planned.outline.title,
        )
        article = text(api.write_article(planned.outline), Format.markdown)
        assert Path(idea.path).read_text(encoding="utf-8") == article
    again = api.plan_ideas(str(NOTES), str(out), count=2)  # those pairs are hatched now
    assert again.ideas == () and api.hatch_ideas(again).ideas == ()


def test_hatch_ideas_in_outline_style_and_as_a_dry_run(tmp_path) -> None:
    out = tmp_path / "ideas"
    plan = api.plan_ideas(str(NOTES), str(out), count=1)
    planned = api.hatch_ideas(plan, dry_run=True)
    assert [idea.status for idea in planned.ideas] == ["planned"] and planned.dry_run
    assert not out.exists()
    (written,) = api.hatch_ideas(plan, style=Style.outline).ideas
    assert Path(written.path).read_text(encoding="utf-8") == text(
        plan.ideas[0].outline, Format.markdown
    )


def test_write_article_is_the_article_combine_prints(invoke) -> None:
    article = api.write_article(api.combine_notes([CURATION, TASTE]))
    printed = invoke("combine", CURATION, TASTE, "--style", "article", "-f", "json")
    assert printed.exit_code == 0, printed.stderr
    assert printed.stdout == text(article, Format.json)


def test_contract_schema_is_what_hatch_schema_prints(invoke) -> None:
    assert json.loads(invoke("schema", "pairs").stdout) == api.contract_schema("pairs")
    with pytest.raises(UsageError, match="no schema named 'nope'"):
        api.contract_schema("nope")


def test_pairs_and_keywords_need_readable_notes_as_the_cli_does(tmp_path) -> None:
    """An empty list would look like a result: too few readable notes is exit 4, with
    the notes passed over, whether the CLI or a library caller asks."""
    write_note(tmp_path, "a.md", "# A\n\nCuration and taste in a museum.\n")
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe not text")
    with pytest.raises(NothingToCombine) as caught:
        api.rank_pairs([str(tmp_path)])
    error = caught.value
    assert error.exit_code == 4
    assert error.line() == (
        f"hatch: error: {tmp_path}: 2 notes found, 1 readable; pairs needs at least two"
    )
    assert [item.path for item in getattr(error, "skipped", ())] == ["bad.md"]
    assert len(api.vault_keywords([str(tmp_path)]).notes) == 1  # keywords needs one
    (tmp_path / "a.md").unlink()
    with pytest.raises(NothingToCombine, match="keywords needs at least one"):
        api.vault_keywords([str(tmp_path)])


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


def test_open_vault_reads_every_note_of_its_folders(tmp_path) -> None:
    write_note(tmp_path, "a.md", "# A\n\nCuration and taste in a museum.\n")
    write_note(tmp_path, "deep/b.md", "# B\n\nA museum curator and her taste.\n")
    vault, folders = api.open_vault([str(tmp_path)])
    assert folders == 1 and sorted(vault.paths) == ["a.md", "deep/b.md"]


def test_dates_and_languages_are_checked_as_the_options_are() -> None:
    assert api.resolve_date("2024-05-31") == dt.date(2024, 5, 31)
    assert api.resolve_date(environ={"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)
    with pytest.raises(UsageError, match="is not a date"):
        api.resolve_date("31.5.2024")
    assert api.language_code("ja-JP") == "ja"
    with pytest.raises(UsageError, match="not a language hatch knows"):
        api.language_code("xx")


def test_read_notes_sets_their_language_and_refuses_a_note_twice() -> None:
    notes = api.read_notes([CURATION, TASTE], lang="de")
    assert [note.lang for note in notes] == ["de", "de"]
    with pytest.raises(UsageError, match="is given twice"):
        api.read_notes([CURATION, CURATION])


def test_write_atomic_never_replaces_a_file_unless_forced(tmp_path) -> None:
    target = str(tmp_path / "out.md")
    api.write_atomic(target, "one\n")
    with pytest.raises(OutputExists):
        api.check_target(target, force=False)
    with pytest.raises(OutputExists):
        api.write_atomic(target, "two\n")
    api.check_target(target, force=True)
    api.write_atomic(target, "two\n", force=True)
    assert Path(target).read_text(encoding="utf-8") == "two\n"


def test_model_brief_without_a_model_asks_for_markdown() -> None:
    notes = api.read_notes([str(REPO / AI), str(REPO / PM)])
    brief = api.model_brief(api.combine_notes(notes), notes)
    assert brief.schema is None and brief.sources == 2 and brief.words > 100
    assert all(note.title in brief.prompt for note in notes)


def test_an_unknown_model_is_unavailable() -> None:
    with pytest.raises(ModelUnavailable):
        api.choose_model("no-such-model-anywhere")


def test_a_dry_run_names_a_model_without_the_llm_library(monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "llm", None)  # import llm now fails, as if absent
    stand_in = api.dry_run_model("llama3.2")
    assert stand_in.model_id == "llama3.2" and not stand_in.json_answer
    with pytest.raises(ModelUnavailable):
        api.choose_model("llama3.2")  # a real run still says how to install llm


@pytest.mark.skipif(not HAS_LLM, reason="needs the llm extra: pip install '.[llm]'")
def test_a_model_writes_the_article_and_the_ideas(tmp_path) -> None:
    notes = api.read_notes([str(REPO / AI), str(REPO / PM)])
    article = api.write_with_model(api.combine_notes(notes), notes, model="test-japan-pm")
    assert article.model == "test-japan-pm" and len(article.advice) == 3
    plan = api.plan_ideas(str(NOTES), str(tmp_path / "ideas"), count=1)
    heard: list[api.Brief | None] = []
    model = api.choose_model("test-generic")
    report = api.hatch_ideas(plan, model=model, dry_run=True, each=lambda _, b: heard.append(b))
    assert [idea.status for idea in report.ideas] == ["planned"]
    assert heard[0] is not None and heard[0].words > 100  # the prompt it would send
    (written,) = api.hatch_ideas(plan, model=model).ideas
    assert written.status == "written" and written.title == "Two notes, one next step"
