"""Golden cases: each folder of ``tests/golden/`` holds its input notes, a ``case.toml``
naming the commands to run there, and the exact output each must print.

A new edge case is a new folder, not a new block of asserts. ``pytest --update-golden``
rewrites the expected files from the output: review the diff like code.

A run's keys: ``args`` (hatch's arguments, run in the case's folder), ``expected`` (the
file stdout must equal), ``stderr`` (the file stderr must equal; else it must be empty),
``exit`` (0 unless given), and ``without`` / ``with`` (a module that must not / must be
importable for the run to apply: an optional analyser changes some outputs).
"""

from __future__ import annotations

import importlib.util
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
            if "with" in run or "without" in run:
                name += (
                    f"[{'with ' + run['with'] if 'with' in run else 'without ' + run['without']}]"
                )
            found.append(pytest.param(case_file.parent, run, id=name))
    return found


def _importable(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@pytest.mark.parametrize(("folder", "run"), runs())
def test_golden(folder: Path, run: dict[str, Any], invoke, monkeypatch, request) -> None:
    if "without" in run and _importable(run["without"]):
        pytest.skip(f"{run['without']} is installed: this output is the one without it")
    if "with" in run and not _importable(run["with"]):
        pytest.skip(f"{run['with']} is not installed")
    monkeypatch.chdir(folder)
    before = inputs(folder)
    result = invoke(*run["args"])
    assert result.exit_code == run.get("exit", 0), result.stderr
    update = request.config.getoption("--update-golden")
    for stream, name in ((result.stdout, run["expected"]), (result.stderr, run.get("stderr"))):
        if name is None:
            assert stream == "", stream
            continue
        expected = folder / name
        if update:
            expected.write_text(stream, encoding="utf-8", newline="\n")
        assert stream == expected.read_text(encoding="utf-8"), f"output differs from {expected}"
    assert inputs(folder) == before, "the inputs of a golden case changed"


def inputs(folder: Path) -> dict[Path, bytes]:
    return {
        path: path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and not path.name.startswith("expected")
    }
