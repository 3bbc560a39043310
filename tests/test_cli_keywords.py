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
