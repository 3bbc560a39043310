"""``hatch pairs`` through the CLI: walk rules, the JSON contract, determinism, --for,
--unlinked, bad notes, --strict and template text that must not pair notes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import NOTES, SHARED, json_of, write_note

SQLITE = """---
title: SQLite full-text search
tags: [sqlite]
---
SQLite has a full-text search extension called FTS5. Create a virtual table with fts5,
then query it with MATCH. The bm25 ranking function orders full-text search results.
"""
SQLITE_2 = """---
title: Ranking SQLite FTS5 results
---
FTS5 virtual tables in SQLite support bm25 ranking. Full-text search queries use MATCH
and the snippet function highlights matching text in the full-text search results.
"""
BREAD = """---
title: Sourdough starter
---
Feed the sourdough starter with rye flour and water. A lively starter doubles in four
hours; bake the loaf when the levain smells sweet and the dough is airy.
"""
BREAD_2 = """# Baking a sourdough loaf

The levain needs rye flour. Shape the dough, proof it overnight and bake the sourdough
loaf in a dutch oven once the starter is lively.
"""


def two_subjects(root: Path) -> Path:
    write_note(root, "sqlite.md", SQLITE)
    write_note(root, "db/fts5.md", SQLITE_2)
    write_note(root, "bread.md", BREAD)
    write_note(root, "kitchen/loaf.markdown", BREAD_2)
    return root


def test_pairs_related_notes_first(invoke: Any, tmp_path: Path) -> None:
    data = json_of(invoke("pairs", str(two_subjects(tmp_path)), "--format", "json"))
    assert data["schema_version"] == 2
    assert data["notes"] == 4
    assert data["skipped"] == []
    top = {(pair["a"], pair["b"]) for pair in data["pairs"][:2]}
    assert top == {("db/fts5.md", "sqlite.md"), ("bread.md", "kitchen/loaf.markdown")}


def test_json_contract(invoke: Any, tmp_path: Path) -> None:
    data = json_of(invoke("pairs", str(two_subjects(tmp_path)), "--format", "json", "--limit", "0"))
    assert set(data) == {"schema_version", "notes", "skipped", "pairs"}
    scores = [pair["score"] for pair in data["pairs"]]
    assert scores == sorted(scores, reverse=True)
    for pair in data["pairs"]:
        assert set(pair) == {
            "a", "b", "score", "shared", "linked", "code", "lexical", "embedding", "title_a",
            "title_b", "duplicate",
        }  # fmt: skip
        assert 0 < pair["score"] <= 1
        assert pair["a"] < pair["b"]
        assert all(isinstance(word, str) for word in pair["shared"])
        assert pair["linked"] is False
    first = data["pairs"][0]
    assert "sqlite" in [word.lower() for word in first["shared"]] or "sourdough" in first["shared"]


def test_json_validates_against_schema(invoke: Any, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(invoke("schema", "pairs").stdout)
    data = json_of(invoke("pairs", str(two_subjects(tmp_path)), "--format", "json"))
    jsonschema.validate(data, schema)


def test_rerun_is_byte_identical(invoke: Any, tmp_path: Path) -> None:
    root = str(two_subjects(tmp_path))
    first = invoke("pairs", root, "--format", "json", "--limit", "0")
    second = invoke("pairs", root, "--format", "json", "--limit", "0")
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout


def test_files_are_shown_as_given(invoke: Any, tmp_path: Path) -> None:
    root = two_subjects(tmp_path)
    data = json_of(invoke("pairs", str(root / "sqlite.md"), str(root / "db"), "--format", "json"))
    assert data["notes"] == 2
    assert {data["pairs"][0]["a"], data["pairs"][0]["b"]} == {str(root / "sqlite.md"), "fts5.md"}


def test_walk_skips_hidden_folders_and_other_files(invoke: Any, tmp_path: Path) -> None:
    root = two_subjects(tmp_path)
    write_note(root, ".obsidian/workspace.md", SQLITE)
    write_note(root, ".trash/old.md", SQLITE)
    write_note(root, "notes.txt", SQLITE)
    write_note(root, "image.png", "not a note")
    data = json_of(invoke("pairs", str(root), "--format", "json", "--limit", "0"))
    assert data["notes"] == 4
    paths = {path for pair in data["pairs"] for path in (pair["a"], pair["b"])}
    assert not any(path.startswith(".") or path.endswith(".txt") for path in paths)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loop_is_not_followed(invoke: Any, tmp_path: Path) -> None:
    root = two_subjects(tmp_path)
    try:
        os.symlink(root, root / "db" / "loop", target_is_directory=True)
    except OSError:
        pytest.skip("symlinks not permitted here")
    result = invoke("pairs", str(root), "--format", "json")
    data = json_of(result)
    assert data["notes"] == 4
    assert result.stderr == ""


def test_glob_and_exclude(invoke: Any, tmp_path: Path) -> None:
    root = str(two_subjects(tmp_path))
    data = json_of(invoke("pairs", root, "--glob", "*.md", "--format", "json", "--limit", "0"))
    assert data["notes"] == 3
    data = json_of(invoke("pairs", root, "--exclude", "db/*", "--format", "json"))
    assert data["notes"] == 3


def test_bad_note_is_skipped_with_one_warning(invoke: Any, tmp_path: Path) -> None:
    root = two_subjects(tmp_path)
    write_note(root, "broken.md", "---\ntitle: [unclosed\n---\nText here.\n")
    (root / "latin1.md").write_bytes(b"caf\xe9 note\n")
    result = invoke("pairs", str(root), "--format", "json")
    data = json_of(result)
    assert data["notes"] == 4
    assert [item["path"] for item in data["skipped"]] == ["broken.md", "latin1.md"]
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("hatch: warning: broken.md: ")
    assert lines[1].startswith("hatch: warning: latin1.md: ")


def test_strict_fails_with_bad_note_code(invoke: Any, tmp_path: Path) -> None:
    root = two_subjects(tmp_path)
    write_note(root, "broken.md", "---\ntitle: [unclosed\n---\nText here.\n")
    result = invoke("pairs", str(root), "--strict", "--format", "json")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith("hatch: error: broken.md: ")
    assert len(result.stderr.splitlines()) == 1


def test_missing_path_is_a_bad_note(invoke: Any, tmp_path: Path) -> None:
    result = invoke("pairs", str(tmp_path / "nope"))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "no such file or folder" in result.stderr


def test_for_lists_partners_of_one_note(invoke: Any, tmp_path: Path) -> None:
    root = two_subjects(tmp_path)
    data = json_of(
        invoke("pairs", str(root), "--for", "bread.md", "--format", "json", "--limit", "0")
    )
    assert data["pairs"]
    assert all("bread.md" in (pair["a"], pair["b"]) for pair in data["pairs"])
    assert data["pairs"][0]["b"] == "kitchen/loaf.markdown"
    by_disk = json_of(
        invoke("pairs", str(root), "--for", str(root / "bread.md"), "--format", "json")
    )
    assert by_disk["pairs"][0] == data["pairs"][0]


def test_for_unknown_note_is_a_usage_error(invoke: Any, tmp_path: Path) -> None:
    result = invoke("pairs", str(two_subjects(tmp_path)), "--for", "nothing.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--for" in result.stderr


def test_linked_and_unlinked(invoke: Any, tmp_path: Path) -> None:
    root = two_subjects(tmp_path)
    write_note(root, "bread.md", BREAD + "\nSee [[loaf]] for the bake.\n")
    write_note(root, "sqlite.md", SQLITE + "\nMore in [ranking](db/fts5.md).\n")
    data = json_of(invoke("pairs", str(root), "--format", "json", "--limit", "0"))
    linked = {(pair["a"], pair["b"]) for pair in data["pairs"] if pair["linked"]}
    assert linked == {("bread.md", "kitchen/loaf.markdown"), ("db/fts5.md", "sqlite.md")}
    every = data["pairs"]
    data = json_of(invoke("pairs", str(root), "--unlinked", "--format", "json", "--limit", "0"))
    assert data["pairs"] == [pair for pair in every if not pair["linked"]]
    top = json_of(invoke("pairs", str(root), "--unlinked", "--format", "json", "--limit", "1"))
    assert top["pairs"] == data["pairs"][:1]


TEMPLATE = """
## Status

Reviewed in the weekly planning meeting with the product analytics team.

- Owner:: quarterly roadmap committee
- Review cadence:: fortnightly stakeholder sync
"""
TOPICS = [
    "Volcanoes erupt basalt lava; magma chambers under Iceland feed fissure eruptions.",
    "Octopus arms carry neurons; cephalopods camouflage with chromatophores in reefs.",
    "Baroque fugues by Bach weave counterpoint; the harpsichord voices each subject.",
    "Glaciers carve fjords; moraines and erratics mark where ice sheets retreated.",
]


def test_shared_template_alone_does_not_pair_notes(invoke: Any, tmp_path: Path) -> None:
    for number, text in enumerate(TOPICS):
        write_note(tmp_path, f"n{number}.md", f"# Note {number}\n\n{text}\n{TEMPLATE}")
    data = json_of(invoke("pairs", str(tmp_path), "--format", "json", "--limit", "0"))
    assert data["notes"] == 4
    for pair in data["pairs"]:
        assert pair["score"] < 0.1, pair
        assert not {"planning", "roadmap", "stakeholder", "fortnightly"} & set(pair["shared"])


def test_markdown_and_jsonl(invoke: Any, tmp_path: Path) -> None:
    root = str(two_subjects(tmp_path))
    result = invoke("pairs", root, "--limit", "2")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Note pairs (4 notes)\n")
    assert result.stdout.count("\n1. ") == 1
    lines = invoke("pairs", root, "--limit", "2", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 2
    assert set(json.loads(lines[0])) == {
        "a",
        "b",
        "score",
        "shared",
        "linked",
        "code",
        "lexical",
        "embedding",
        "title_a",
        "title_b",
        "duplicate",
    }


def test_rich_format_prints_text_verbatim(invoke: Any, tmp_path: Path) -> None:
    write_note(tmp_path, "[bold]a.md", SQLITE)
    write_note(tmp_path, "b.md", SQLITE_2)
    result = invoke("pairs", str(tmp_path), "--format", "rich")
    assert result.exit_code == 0
    assert "[bold]a.md" in result.stdout


def test_sample_notes_pair_meaningfully(invoke: Any) -> None:
    data = json_of(invoke("pairs", str(NOTES), "--format", "json", "--limit", "3"))
    assert len(data["pairs"]) == 3
    assert all(pair["shared"] for pair in data["pairs"])


@pytest.mark.slow
@pytest.mark.shared
def test_til_dev_contract() -> None:
    corpus = SHARED / "corpora" / "til-dev" / "notes"
    if not corpus.is_dir():
        pytest.skip("../shared/ is not here")
    from typer.testing import CliRunner

    from hatch_cli.cli import app

    result = CliRunner().invoke(app, ["pairs", str(corpus), "--format", "json", "--limit", "5"])
    data = json_of(result)
    assert data["notes"] == 432
    assert len(data["pairs"]) == 5


def test_score_is_the_vault_vectors_cosine(invoke: Any, tmp_path: Path) -> None:
    from hatch_cli.api import open_vault
    from hatch_cli.core.pairing.keywords import VECTOR_SIZE, top_vector, weights
    from hatch_cli.core.pairing.similarity import score
    from hatch_cli.core.reading.terms import analyse
    from hatch_cli.notes import read_note

    root = two_subjects(tmp_path)
    write_note(root, "more.md", SQLITE_2 + "\n" + BREAD)
    data = json_of(invoke("pairs", str(root), "--format", "json", "--limit", "0"))
    read, _ = open_vault([str(root)])
    docfreq = read.docfreq()

    def vector(path: str) -> dict[str, float]:
        terms = analyse(read.as_read(read_note(str(root / path))), keep_sentences=False)
        return top_vector(weights(terms, docfreq), VECTOR_SIZE)

    for pair in data["pairs"]:
        va, vb = vector(pair["a"]), vector(pair["b"])
        assert round(score(va, vb), 4) == pair["score"]


def test_combine_with_vault_reports_the_pairs_score(invoke: Any) -> None:
    pairs = json.loads(invoke("pairs", str(NOTES), "--format", "json", "--limit", "3").stdout)
    for pair in pairs["pairs"]:
        result = invoke(
            "combine", str(NOTES / pair["a"]), str(NOTES / pair["b"]),
            "--vault", str(NOTES), "--format", "json",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        outline = json.loads(result.stdout)
        assert outline["relatedness"] == pytest.approx(pair["score"], abs=1e-4)
        assert outline["shared_keywords"][:1] == pair["shared"][:1]


def test_notes_hatch_wrote_are_left_out_unless_asked(invoke: Any, tmp_path: Path) -> None:
    root = two_subjects(tmp_path)
    write_note(
        root,
        "idea.md",
        '---\ntitle: An idea\nhatched_from: ["sqlite.md", "sqlite-2.md"]\n---\n'
        + SQLITE_2.split("---\n", 2)[2],
    )
    names = {
        name
        for pair in json_of(invoke("pairs", str(root), "-f", "json", "--limit", "0"))["pairs"]
        for name in (pair["a"], pair["b"])
    }
    assert "idea.md" not in names
    included = json_of(
        invoke("pairs", str(root), "-f", "json", "--limit", "0", "--include-hatched")
    )
    assert "idea.md" in {name for pair in included["pairs"] for name in (pair["a"], pair["b"])}


CLIMB_A = """# Crimping on small edges

Onto the crimp, then onto the next crimp: load the edge with your fingertips and pull
onto the wall. Nobody trusts a crimp on the first try; however, a crimp held open hand
spares the pulley. Move onto the next edge only when the crimp is loaded.
"""
CLIMB_B = """# Pulley injuries from crimping

A full crimp loads the finger pulley hard. Step onto a bigger edge, however tired,
rather than crimp onto a sliver; nobody heals a pulley quickly. Tape the finger and
rest the pulley before the next crimp session onto the board.
"""


def test_function_words_are_never_named_as_what_notes_share(invoke: Any, tmp_path: Path) -> None:
    """ "onto", "however" and "nobody" recur in both notes, but a user reading the shared
    list wants the subject (crimp, pulley), not the grammar that carries it."""
    write_note(tmp_path, "a.md", CLIMB_A)
    write_note(tmp_path, "b.md", CLIMB_B)
    data = json_of(invoke("pairs", str(tmp_path), "--format", "json"))
    shared = data["pairs"][0]["shared"]
    assert "crimp" in shared and "pulley" in shared, shared
    assert not {"onto", "however", "nobody"} & set(shared), shared
    outline = json_of(invoke("combine", *(str(tmp_path / n) for n in ("a.md", "b.md")),
                             "--format", "json"))  # fmt: skip
    assert not {"onto", "however", "nobody"} & set(outline["shared_keywords"])


def _run_with_terminal_stderr(args: list[str], env: dict[str, str]) -> tuple[int, bytes, bytes]:
    """Run hatch with stderr on a pseudo-terminal and stdout on a pipe: (exit code,
    stdout, what the terminal got)."""
    import pty
    import subprocess
    import sys
    import threading

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "hatch_cli", *args],
        stdout=subprocess.PIPE,
        stderr=follower,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(follower)
    screen = bytearray()

    def drain() -> None:
        while True:
            try:
                piece = os.read(leader, 4096)
            except OSError:  # the terminal's other end is closed: the process is done
                return
            if not piece:
                return
            screen.extend(piece)

    reader = threading.Thread(target=drain)
    reader.start()
    assert process.stdout is not None
    out = process.stdout.read()
    process.stdout.close()
    code = process.wait()
    reader.join(timeout=30)
    os.close(leader)
    return code, out, bytes(screen)


@pytest.mark.slow
def test_progress_shows_on_a_terminal_for_reading_and_ranking(tmp_path: Path) -> None:
    """A vault big enough for a bar: it says "reading notes", then "ranking pairs", on
    stderr in a terminal; stdout is the same as in a pipe, where stderr stays silent."""
    import subprocess
    import sys

    words = [a + b + c for a in "bdgkmpst" for b in "aeiou" for c in "lnrs"]  # 160 words
    for number in range(1200):
        topic = words[(number % 40) * 4 : (number % 40) * 4 + 4]
        picked = " ".join([*topic[: 2 + number % 3], words[number % 160]])
        write_note(tmp_path / "vault", f"n{number:04d}.md", f"# Note {number}\n\n{picked}\n")
    args = ["pairs", str(tmp_path / "vault"), "--format", "json", "--no-cache"]
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    code, out, screen = _run_with_terminal_stderr(args, env)
    piped = subprocess.run(
        [sys.executable, "-m", "hatch_cli", *args], capture_output=True, env=env, check=True
    )
    assert code == 0
    assert out == piped.stdout and json.loads(out)["pairs"]
    assert piped.stderr == b""
    assert b"reading notes" in screen
    assert b"ranking pairs" in screen


LINKED = """# {title}

{text} See [the code](https://github.com/simonw/datasette/blob/main/versions.json) and
[the tests](https://github.com/simonw/sqlite-utils/blob/main/tests/test_fts.py).
"""


def test_a_word_only_link_targets_have_is_never_shared(invoke: Any, tmp_path: Path) -> None:
    root = two_subjects(tmp_path)
    write_note(root, "a.md", LINKED.format(title="Search", text="SQLite search with FTS5."))
    write_note(root, "b.md", LINKED.format(title="Snippets", text="FTS5 snippets in SQLite."))
    data = json_of(invoke("pairs", str(root), "--format", "json", "--limit", "0"))
    pair = next(p for p in data["pairs"] if {p["a"], p["b"]} == {"a.md", "b.md"})
    assert not {"simonw", "blob", "github", "versions", "utils", "main"} & set(pair["shared"])
    assert "sqlite" in [word.lower() for word in pair["shared"]]
