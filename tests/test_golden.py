"""Golden cases: each folder of ``tests/golden/`` holds its input notes, a ``case.toml``
naming the commands to run there, and the exact output each must print.

A new edge case is a new folder, not a new block of asserts. ``pytest --update-golden``
rewrites the expected files from the output: review the diff like code.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import GOLDEN


def runs() -> list[Any]:
    found = []
    for case_file in sorted(GOLDEN.glob("*/case.toml")):
        case = tomllib.loads(case_file.read_text(encoding="utf-8"))
        for run in case["run"]:
            name = f"{case_file.parent.name}/{run['expected']}"
            found.append(pytest.param(case_file.parent, run, id=name))
    return found


@pytest.mark.parametrize(("folder", "run"), runs())
def test_golden(folder: Path, run: dict[str, Any], invoke, monkeypatch, request) -> None:
    monkeypatch.chdir(folder)
    before = inputs(folder)
    result = invoke(*run["args"])
    assert result.exit_code == run.get("exit", 0), result.stderr
    assert result.stderr == run.get("stderr", "")
    expected = folder / run["expected"]
    if request.config.getoption("--update-golden"):
        expected.write_text(result.stdout, encoding="utf-8", newline="\n")
    assert result.stdout == expected.read_text(encoding="utf-8"), f"output differs from {expected}"
    assert inputs(folder) == before, "the inputs of a golden case changed"


def inputs(folder: Path) -> dict[Path, bytes]:
    return {
        path: path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and not path.name.startswith("expected")
    }
