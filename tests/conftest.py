"""Shared fixtures: a pinned environment, the sample notes, a golden-file helper."""

from __future__ import annotations

import os

# Typer reads these when typer.rich_utils is first imported, so they are set before any
# test imports the app: help and usage errors then look the same on CI and laptops.
os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"
os.environ["NO_COLOR"] = "1"
os.environ["COLUMNS"] = "100"
for _name in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "CLICOLOR_FORCE"):
    os.environ.pop(_name, None)
# The llm library reads this when it is imported: no plugin the machine has installed is
# loaded in tests, only the scripted models of tests/llm_plugin.py (registered below).
os.environ["LLM_LOAD_PLUGINS"] = ""

import importlib.util  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from hatch_cli.cli import app_for  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
NOTES = REPO / "notes"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED = REPO.parent / "shared"
SOURCE_DATE_EPOCH = "1700000000"  # 2023-11-14

# Typer builds the Click command tree again on every CliRunner.invoke (a tenth of a
# typical CLI test); the console script builds it once a process. Once here too.
import functools  # noqa: E402

import typer.testing  # noqa: E402

if hasattr(typer.testing, "_get_command"):
    typer.testing._get_command = functools.cache(typer.testing._get_command)

#: Whether the llm extra is installed: the --llm tests need it (CI's second run has it).
HAS_LLM = importlib.util.find_spec("llm") is not None
if HAS_LLM:
    from tests import llm_plugin

    llm_plugin.register()

# Typer builds the Click command tree again on every CliRunner.invoke (about 9 ms, a
# tenth of a typical CLI test); the console script builds it once a process. Once here too.
import functools  # noqa: E402

import typer.testing  # noqa: E402

if hasattr(typer.testing, "_get_command"):
    typer.testing._get_command = functools.cache(typer.testing._get_command)

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*/expected* and the README transcripts from the output",
    )


@pytest.fixture(autouse=True)
def pinned_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    # Each test its own (empty) cache of read notes, never the user's.
    monkeypatch.setenv("HATCH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("HATCH_NO_CACHE", raising=False)
    # No config file of the user's or of a vault above the test folders applies.
    monkeypatch.setenv("HATCH_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    for name in ("VISUAL", "EDITOR", "HATCH_EMBED_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    for name in ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    # llm's own folder (keys, default model, extra models) is a fresh one: the user's real
    # llm configuration is never read or written, and no key from the environment is used.
    monkeypatch.setenv("LLM_USER_PATH", str(tmp_path_factory.mktemp("llm")))
    for name in (
        "HATCH_LLM_MODEL",
        "OPENAI_API_KEY",
        "HATCH_TEST_KEY",
        "LLM_OPENAI_SHOW_RESPONSES",
    ):
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner) -> Callable[..., object]:
    def run(*args: str, input: str | bytes | None = None) -> object:
        # The app the console script runs (one command built, see cli.app_for).
        return runner.invoke(app_for(args), list(args), input=input)

    return run


def write_note(folder: Path, name: str, text: str) -> Path:
    """Write a note into ``folder`` and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def markdown_events(text: str) -> list[tuple[str, object]]:
    """How a CommonMark renderer (pulldown-cmark, no extensions) reads ``text``: each
    event's name (``Paragraph``, ``Text``, ``Link``, ``InlineHtml``...) and value."""
    import pyromark

    found: list[tuple[str, object]] = []
    event: Any
    for event in pyromark.events(text):
        if isinstance(event, str):
            found.append((event, None))
            continue
        ((kind, value),) = event.items()
        if kind in ("Start", "End"):
            kind = value if isinstance(value, str) else next(iter(value))
        found.append((kind, value))
    return found
