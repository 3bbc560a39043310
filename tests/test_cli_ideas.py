"""``hatch ideas`` through the real CLI: files written, frontmatter, reruns, names, errors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from hatch_cli.core.writing.phrasebook import language_of, phrasebook
from hatch_cli.errors import ExitCode
from hatch_cli.ideas import MAX_SLUG_BYTES, choose_pairs, hatched_pairs, plan_names, slugify
from hatch_cli.notes import read_note
from hatch_cli.reports import NotePair
from tests.conftest import one_line_error, write_note


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def written(result: Any) -> list[str]:
    assert result.exit_code == 0, result.stderr
    lines: list[str] = result.stdout.splitlines()
    return lines


def top_pairs(invoke: Any, folder: Path, count: int) -> list[dict[str, Any]]:
    result = invoke("pairs", str(folder), "-f", "json", "--limit", str(count))
    assert result.exit_code == 0, result.stderr
    pairs: list[dict[str, Any]] = json.loads(result.stdout)["pairs"]
    return pairs


def test_writes_one_note_per_best_pair(invoke, vault, tmp_path):
    out = tmp_path / "ideas"
    before = snapshot(vault)
    result = invoke("ideas", str(vault), "-o", str(out))
    paths = written(result)
    assert len(paths) == 3
    assert sorted(Path(path).name for path in paths) == sorted(p.name for p in out.iterdir())
    for path in paths:
        assert Path(path).parent == out
        assert f"hatch: wrote {path}: “" in result.stderr
    assert result.stderr.count("\n") == 3
    # pairs `hatch pairs` lists, with its score, best first, no note in two of them
    ranked = {(p["a"], p["b"]): p for p in top_pairs(invoke, vault, 0)}
    notes = [read_note(path) for path in paths]
    chosen = [ranked[note.hatched_from] for note in notes]  # type: ignore[index]
    assert [pair["score"] for pair in chosen] == sorted(
        (pair["score"] for pair in chosen), reverse=True
    )
    assert chosen[0] == next(iter(ranked.values()))  # the best pair comes first
    sources = [source for note in notes for source in note.hatched_from]
    assert len(sources) == len(set(sources))
    for note, pair in zip(notes, chosen, strict=True):
        text = Path(note.path).read_text(encoding="utf-8")
        assert f"relatedness: {pair['score']}\n" in text
        for source in note.hatched_from:
            assert (vault / source).is_file()  # relative to the vault
    assert snapshot(vault) == before  # the vault is only read


def test_notes_have_frontmatter_and_read_back(invoke, vault, tmp_path):
    out = tmp_path / "ideas"
    paths = written(invoke("ideas", str(vault), "-o", str(out)))
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        assert text.startswith("---\ntitle: ")
        note = read_note(path)
        assert note.title and f"\n# {note.title}" in text.replace("\\", "")
        assert note.date == "2023-11-14"  # SOURCE_DATE_EPOCH pinned by conftest
        assert note.tags, "the shared keywords are the tags"
        assert all(" " not in tag and "#" not in tag for tag in note.tags)
        assert len(note.hatched_from) == 2
        # written in the notes' language: a section per source, where they meet, the end
        book = phrasebook(language_of([read_note(str(vault / s)).lang for s in note.hatched_from]))
        for key in ("meet", "conclusion"):
            assert f"## {book.heading(key)}" in text
    # a hatched note is a note: hatch can combine it again
    again = invoke("combine", paths[0], paths[1], "--style", "article")
    assert again.exit_code == 0, again.stderr


@pytest.mark.slow
def test_rerun_writes_nothing_new(invoke, vault, tmp_path):
    out = tmp_path / "ideas"
    first = written(invoke("ideas", str(vault), "-o", str(out)))
    before = snapshot(out)
    second = invoke("ideas", str(vault), "-o", str(out))
    assert second.exit_code == 0, second.stderr
    assert second.stdout == ""
    assert "nothing new" in second.stderr
    assert second.stderr.count("\n") == 1
    assert snapshot(out) == before
    # a bigger --count adds only the pairs not hatched yet
    more = written(invoke("ideas", str(vault), "-o", str(out), "--count", "4"))
    assert len(more) == 1
    assert more[0] not in first
    hatched = {read_note(path).hatched_from for path in first}
    assert read_note(more[0]).hatched_from not in hatched


def test_hatched_notes_are_found_whatever_their_file_name(invoke, vault, tmp_path):
    out = tmp_path / "ideas"
    paths = written(invoke("ideas", str(vault), "-o", str(out), "--count", "1"))
    Path(paths[0]).rename(out / "my own name.md")
    again = invoke("ideas", str(vault), "-o", str(out), "--count", "1")
    assert again.exit_code == 0
    assert again.stdout == ""


def test_never_overwrites_a_file_with_the_same_name(invoke, vault, tmp_path):
    out = tmp_path / "ideas"
    planned = written(invoke("ideas", str(vault), "-o", str(out), "--dry-run"))
    out.mkdir()
    taken = Path(planned[0])
    taken.write_bytes(b"my own note, not hatched\n")
    paths = written(invoke("ideas", str(vault), "-o", str(out)))
    assert taken.read_bytes() == b"my own note, not hatched\n"
    assert paths[0] == str(taken.with_name(taken.stem + "-2.md"))
    assert paths[1:] == planned[1:]
    assert len(list(out.iterdir())) == 4  # no temp files left


def test_dry_run_writes_nothing(invoke, vault, tmp_path):
    out = tmp_path / "ideas"
    dry = invoke("ideas", str(vault), "-o", str(out), "--dry-run")
    planned = written(dry)
    assert len(planned) == 3
    assert not out.exists()
    assert dry.stderr.count("would write") == 3
    assert "nothing written" in dry.stderr
    # and it shows exactly what a real run then writes
    assert written(invoke("ideas", str(vault), "-o", str(out))) == planned


@pytest.mark.slow
def test_outdir_inside_the_vault_is_left_out_of_the_pairing(invoke, vault):
    out = vault / "Ideas"
    first = written(invoke("ideas", str(vault), "-o", str(out), "--count", "5"))
    assert len(first) == 5
    for path in first:
        assert not any(source.startswith("Ideas/") for source in read_note(path).hatched_from)
    again = invoke("ideas", str(vault), "-o", str(out), "--count", "5")
    assert again.exit_code == 0
    assert again.stdout == ""
    assert again.stderr.count("\n") == 1  # no warnings about the hatched notes either


def test_wikilinks_for_obsidian(invoke, vault, tmp_path):
    out = tmp_path / "ideas"
    paths = written(invoke("ideas", str(vault), "-o", str(out), "--links", "wiki"))
    for path in paths:
        note = read_note(path)
        text = Path(path).read_text(encoding="utf-8")
        for source in note.hatched_from:
            target = source.removesuffix(".md")
            assert f"[[{target}|" in text
            assert target in note.links
    plain = written(invoke("ideas", str(vault), "-o", str(tmp_path / "plain")))
    assert "[[" not in Path(plain[0]).read_text(encoding="utf-8")


def test_outline_style(invoke, vault, tmp_path):
    paths = written(invoke("ideas", str(vault), "-o", str(tmp_path / "o"), "--style", "outline"))
    texts = [Path(path).read_text(encoding="utf-8") for path in paths]
    assert any("## Shared themes" in text for text in texts)
    assert any("## Gemeinsame Themen" in text for text in texts)  # the German pair
    assert not any("## Where they meet" in text for text in texts)


def test_min_score_leaves_weak_pairs_out(invoke, vault, tmp_path):
    out = tmp_path / "ideas"
    result = invoke("ideas", str(vault), "-o", str(out), "--min-score", "0.99")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "--min-score" in result.stderr
    assert not out.exists()
    best = top_pairs(invoke, vault, 3)
    cut = (best[0]["score"] + best[1]["score"]) / 2
    only = written(invoke("ideas", str(vault), "-o", str(out), "--min-score", str(cut)))
    assert len(only) == 1


def test_date_option(invoke, vault, tmp_path):
    paths = written(invoke("ideas", str(vault), "-o", str(tmp_path / "i"), "--date", "2024-05-31"))
    assert read_note(paths[0]).date == "2024-05-31"


def test_stdout_pipes_one_path_a_line(invoke, vault, tmp_path):
    result = invoke("ideas", str(vault), "-o", str(tmp_path / "ideas"))
    assert result.stdout.endswith("\n")
    assert all(os.path.isfile(line) for line in result.stdout.splitlines())
    assert "hatch:" not in result.stdout


# --- unsafe titles ---------------------------------------------------------------------

UNSAFE_TITLES = {
    "slashes": "../../etc/passwd and a\\b/c",
    "dots": "...",
    "dotdot": "..",
    "hidden": ".bashrc",
    "reserved": "CON",
    "reserved-lower": "nul",
    "emoji": "🐣🐣🐣",
    "long": "curation " * 80,
    "control": "tab\there\x00nul",
}


def pair_vault(root: Path, title_a: str, title_b: str) -> Path:
    body = (
        "Curation is a kind of care for a collection. A curator chooses what the museum "
        "shows and writes the wall texts. Taste in curation comes from looking at many "
        "collections.\n"
    )
    for name, title, extra in (("a.md", title_a, ""), ("b.md", title_b, "Curators care.\n")):
        quoted = json.dumps(title, ensure_ascii=False)
        write_note(root, name, f"---\ntitle: {quoted}\n---\n{body}{extra}")
    return root


@pytest.mark.parametrize("case", sorted(UNSAFE_TITLES))
def test_unsafe_titles_make_safe_file_names(invoke, tmp_path, case):
    title = UNSAFE_TITLES[case]
    root = pair_vault(tmp_path / "vault", title, title)
    out = tmp_path / "deep" / "ideas"
    result = invoke("ideas", str(root), "-o", str(out))
    paths = written(result)
    assert len(paths) == 1
    path = Path(paths[0])
    assert path.parent == out
    assert path.is_file()
    assert not path.name.startswith((".", "-"))
    assert len(path.name.encode("utf-8")) <= MAX_SLUG_BYTES + len(".md")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        ["a.md", "b.md", path.name]
    )
    assert read_note(str(path)).hatched_from == ("a.md", "b.md")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Curation: Brands as curators and Curation as care",
            "curation-brands-as-curators-and-curation-as-care",
        ),
        ("../../etc/passwd", "etc-passwd"),
        ('a/b\\c:d*e?f"g<h>i|j', "a-b-c-d-e-f-g-h-i-j"),
        ("..", "idea"),
        ("", "idea"),
        ("🐣 hatch 🐣", "hatch"),
        ("CON", "con-idea"),
        ("lpt1", "lpt1-idea"),
        ("Console", "console"),
        ("Sauerteig füttern", "sauerteig-füttern"),
        ("生成AI: 学習データ", "生成ai-学習データ"),
        ("Ｆｕｌｌ width", "full-width"),
        ("snake_case_title", "snake-case-title"),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_long_slugs_are_cut_at_a_word_and_not_on_a_dangling_word():
    slug = slugify(
        "Dataset licensing checklist: Creators object to substitution more than to… "
        "and Dataset licensing checklist"
    )
    assert slug == "dataset-licensing-checklist-creators-object-to-substitution-more"
    long = slugify("学" * 200)
    assert len(long.encode("utf-8")) <= MAX_SLUG_BYTES
    assert long == "学" * (MAX_SLUG_BYTES // 3)


def test_plan_names_adds_a_suffix_on_any_clash():
    names = plan_names(["Taste", "taste", "TASTE!", "Other"], taken=["Taste.md", "other-2.md"])
    assert names == ["taste-2.md", "taste-3.md", "taste-4.md", "other.md"]


def test_choose_pairs_skips_hatched_and_keeps_the_top():
    pairs = [
        NotePair(a="a.md", b="b.md", score=0.5, shared=(), linked=False),
        NotePair(a="a.md", b="c.md", score=0.4, shared=(), linked=True),
        NotePair(a="b.md", b="c.md", score=0.3, shared=(), linked=False),
    ]
    hatched = hatched_pairs([("./b.md", "a.md"), ("x.md",)])
    assert choose_pairs(pairs, hatched, 2) == [pairs[1]]
    assert choose_pairs(pairs, set(), 2, unlinked=True) == [pairs[0], pairs[2]]
    assert choose_pairs(pairs, hatched, 3) == pairs[1:]
    # no note in more than one chosen pair
    assert choose_pairs(pairs, set(), 3, per_note=1) == [pairs[0]]


def test_choose_pairs_prefers_another_corner_of_the_vault():
    cluster = ["g1.md", "g2.md", "g3.md", "g4.md"]
    pairs = [
        NotePair(a="g1.md", b="g2.md", score=0.6, shared=(), linked=False),
        NotePair(a="g3.md", b="g4.md", score=0.55, shared=(), linked=False),
        NotePair(a="x.md", b="y.md", score=0.3, shared=(), linked=False),
    ]

    def similarity(a: str, b: str) -> float:
        return 0.5 if a in cluster and b in cluster else 0.02

    chosen = choose_pairs(pairs, set(), 2, per_note=1, similarity=similarity)
    assert chosen == [pairs[0], pairs[2]]
    # a third idea still comes from the cluster when nothing else is left
    assert choose_pairs(pairs, set(), 3, similarity=similarity) == pairs  # in ranking order


# --- errors ----------------------------------------------------------------------------


def test_missing_vault(invoke, tmp_path):
    missing = str(tmp_path / "nope")
    one_line_error(invoke("ideas", missing, "-o", str(tmp_path / "o")), ExitCode.BAD_NOTE, missing)


def test_vault_that_is_a_file(invoke, tmp_path):
    note = write_note(tmp_path, "a.md", "# A\n\nText.\n")
    one_line_error(
        invoke("ideas", str(note), "-o", str(tmp_path / "o")), ExitCode.USAGE, "not a folder"
    )


def test_outdir_that_is_a_file(invoke, vault, tmp_path):
    target = write_note(tmp_path, "ideas.md", "# Mine\n\nKeep me.\n")
    result = invoke("ideas", str(vault), "-o", str(target))
    one_line_error(result, ExitCode.OUTPUT_FAILED, str(target), "not a folder")
    assert target.read_text(encoding="utf-8") == "# Mine\n\nKeep me.\n"


def test_vault_with_one_note(invoke, tmp_path):
    write_note(tmp_path / "v", "a.md", "# A\n\nCuration and taste.\n")
    one_line_error(
        invoke("ideas", str(tmp_path / "v"), "-o", str(tmp_path / "o")),
        ExitCode.NOTHING_TO_COMBINE,
        "two",
    )


def test_outdir_is_required(invoke, vault):
    result = invoke("ideas", str(vault))
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
