"""``hatch keywords`` through the CLI: one note, a folder (vault weighting), formats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import write_note

NOTE = """---
title: Sourdough starter
tags: [baking]
---
Feed the sourdough starter with rye flour. The sourdough starter doubles in four hours.
"""


def test_one_note(invoke: Any, tmp_path: Path) -> None:
    path = write_note(tmp_path, "bread.md", NOTE)
    result = invoke("keywords", str(path), "--format", "json", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    (entry,) = data["notes"]
    assert entry["path"] == str(path)
    assert entry["title"] == "Sourdough starter"
    assert len(entry["keywords"]) == 3
    assert entry["keywords"][0]["text"] in {"sourdough starter", "sourdough", "starter"}
    weights = [keyword["weight"] for keyword in entry["keywords"]]
    assert weights == sorted(weights, reverse=True)


TOPICS = ["volcano basalt", "volcano basalt", "octopus neurons", "octopus neurons", "glacier"]


def test_folder_weighs_down_what_recurs(invoke: Any, tmp_path: Path) -> None:
    for number, topic in enumerate(TOPICS):
        write_note(
            tmp_path,
            f"n{number}.md",
            f"# {topic}\n\nNotes about {topic} and {topic}. Kubernetes cluster.\n\n"
            f"Kubernetes appears in most notes of this vault.\n",
        )
    (tmp_path / "n4.md").write_text("# glacier\n\nGlacier fjords and moraines.\n")
    alone = json.loads(invoke("keywords", str(tmp_path / "n0.md"), "--format", "json").stdout)[
        "notes"
    ][0]
    vault = json.loads(invoke("keywords", str(tmp_path), "--format", "json").stdout)["notes"]
    assert [entry["path"] for entry in vault] == ["n0.md", "n1.md", "n2.md", "n3.md", "n4.md"]

    def weight(entry: dict[str, Any], word: str) -> float:
        found = [k["weight"] for k in entry["keywords"] if k["text"].lower() == word]
        return found[0] if found else 0.0

    # Alone, the prior ranks the rarer word first; in the vault, what most notes share
    # weighs less than what two of them share, and what no other note has weighs nothing.
    assert weight(alone, "basalt") > 0 and weight(alone, "kubernetes") > 0
    assert 0 < weight(vault[0], "kubernetes") < weight(vault[0], "basalt")
    assert weight(vault[0], "kubernetes") < weight(alone, "kubernetes")
    assert vault[4]["keywords"] == [] or all(
        weight(vault[4], word) == 0 for word in ("fjords", "moraines")
    )


def test_markdown_and_jsonl(invoke: Any, tmp_path: Path) -> None:
    write_note(tmp_path, "bread.md", NOTE)
    result = invoke("keywords", str(tmp_path), "--limit", "2")
    assert result.exit_code == 0
    assert result.stdout.startswith("## Sourdough starter\n")
    lines = invoke("keywords", str(tmp_path), "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["path"] == "bread.md"


def test_bad_note_skipped_then_strict(invoke: Any, tmp_path: Path) -> None:
    write_note(tmp_path, "bread.md", NOTE)
    write_note(tmp_path, "empty.md", "---\ntitle: ''\n---\n")
    result = invoke("keywords", str(tmp_path), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [item["path"] for item in data["skipped"]] == ["empty.md"]
    assert result.stderr.startswith("hatch: warning: empty.md: ")
    strict = invoke("keywords", str(tmp_path), "--strict")
    assert strict.exit_code == 3
    assert strict.stdout == ""
    assert strict.stderr.startswith("hatch: error: empty.md: ")


CODE_NOTES = {
    "git.md": "# Git hooks\n\nA `pre_commit` hook runs before a commit. Git calls `pre_commit`.\n",
    "make.md": "# Make targets\n\nA target runs a recipe. Git runs a `pre_commit` hook too.\n",
    "rye.md": "# Rye bread\n\nRye flour ferments slowly. A Rye loaf keeps for a week.\n",
    "spelt.md": "# Spelt\n\nSpelt flour makes a loose dough; spelt bread rises fast.\n",
}


def test_a_keywords_rerun_parses_no_note_again(
    invoke: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """A rerun on an unchanged vault takes how each note writes its keywords from the
    cache, as it takes the rest of the vault from its snapshot: no note is parsed again,
    and the output is what no cache gives."""
    import hatch_cli.notes as notes

    for name, text in CODE_NOTES.items():
        write_note(tmp_path / "vault", name, text)
    command = ["keywords", str(tmp_path / "vault"), "--format", "json", "--limit", "20"]
    fresh = invoke(*command, "--no-cache").stdout
    assert invoke(*command).stdout == fresh  # cold: fills the cache
    parsed: list[str] = []
    real = notes.parse_note

    def counting(*args: Any, **kwargs: Any) -> Any:
        parsed.append(str(args[-1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(notes, "parse_note", counting)
    rerun = invoke(*command)
    assert rerun.exit_code == 0, rerun.stderr
    assert rerun.stdout == fresh
    assert parsed == []
    # How the notes write their keywords came back from the cache.
    shown = {k["stem"]: k for note in json.loads(fresh)["notes"] for k in note["keywords"]}
    assert shown["pre_commit"]["code"] and shown["git"]["text"] == "Git"


def test_keywords_progress_counts_the_keywords_as_well_as_the_reading(tmp_path: Path) -> None:
    """One bar for the whole run: reading (two passes over the notes) then the keywords
    (a third), so it does not stand at 100% while the keywords are found."""
    from hatch_cli.api import vault_keywords

    for name, text in CODE_NOTES.items():
        write_note(tmp_path / "vault", name, text)
    calls: list[tuple[int, int]] = []
    report = vault_keywords(
        [str(tmp_path / "vault")], progress=lambda done, total: calls.append((done, total))
    )
    assert len(report.notes) == len(CODE_NOTES)
    assert {total for _, total in calls} == {3 * len(CODE_NOTES)}
    done = [value for value, _ in calls]
    assert done == sorted(done) and done[-1] == 3 * len(CODE_NOTES)
LINKED = """---
title: Reading release notes
---
Release notes explain what changed between versions. See the
[changelog](https://github.com/simonw/datasette/blob/main/versions.json) and the
[guide](https://example.org/zyxwvut/qqqrrr.html) before you upgrade: release notes
name every breaking change, and upgrade guides explain how to migrate.
"""


def test_words_only_in_link_targets_are_never_listed(invoke: Any, tmp_path: Path) -> None:
    """Words found only in link targets count for pairing, but a reader never reads them:
    ``hatch keywords`` never lists them, for a note alone or in a folder."""
    write_note(tmp_path, "release.md", LINKED)
    write_note(tmp_path, "other.md", "# Upgrades\n\nUpgrade guides and release notes.\n")
    hidden = {"simonw", "blob", "datasette", "json", "zyxwvut", "qqqrrr", "github"}
    for target in (str(tmp_path / "release.md"), str(tmp_path)):
        result = invoke("keywords", target, "--format", "json", "--limit", "64")
        assert result.exit_code == 0, result.stderr
        entry = next(e for e in json.loads(result.stdout)["notes"] if "release" in e["path"])
        words = {word for k in entry["keywords"] for word in k["text"].lower().split()}
        assert words, entry
        assert not words & hidden, (target, sorted(words & hidden))
        assert "release" in words
