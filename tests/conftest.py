"""Shared fixtures and helpers: a pinned environment, the CLI run in-process, the sample
notes, and what more than one test module uses (the one-line error check, Hypothesis
strategies for note bodies, random vaults' vectors)."""

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

import contextlib  # noqa: E402
import functools  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable, Iterator, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

import pytest  # noqa: E402
import typer.main  # noqa: E402
from hypothesis import settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from typer.testing import CliRunner, Result  # noqa: E402

from hatch_cli.cli import app_for  # noqa: E402

if TYPE_CHECKING:
    from hatch_cli.core.pairing.vectors import Vectors

REPO = Path(__file__).resolve().parent.parent
NOTES = REPO / "notes"
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED = REPO.parent / "shared"
SOURCE_DATE_EPOCH = "1700000000"  # 2023-11-14

#: Whether the llm extra is installed: the --llm tests need it (CI's second run has it).
HAS_LLM = importlib.util.find_spec("llm") is not None
if HAS_LLM:
    from tests import llm_plugin

    llm_plugin.register()

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


#: Each app's Click command, built once (``typer.main.get_command``): the console script
#: builds it once a process, and ``CliRunner.invoke`` would build it for every run (about
#: 9 ms, a tenth of a typical CLI test).
_command = functools.cache(typer.main.get_command)


@pytest.fixture
def invoke(runner: CliRunner) -> Callable[..., Result]:
    """Run hatch in this process as the console script does: the app ``cli.app_for``
    gives (one command built), its streams captured by the runner's ``isolation``."""

    def run(*args: str, input: str | bytes | None = None) -> Result:
        command = _command(app_for(args))
        code: int = 0
        exception: BaseException | None = None
        exc_info: Any = None
        with runner.isolation(input=input) as (stdout, stderr, output):
            try:
                command.main(args=list(args), prog_name=runner.get_default_prog_name(command))
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
                if code:
                    exception, exc_info = stop, sys.exc_info()
            except Exception as err:
                code, exception, exc_info = 1, err, sys.exc_info()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                captured = (stdout.getvalue(), stderr.getvalue(), output.getvalue())
        return Result(runner, *captured, None, code, exception, exc_info)

    return run


def write_note(folder: Path, name: str, text: str) -> Path:
    """Write a note into ``folder`` and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


# --------------------------------------------------------------------------- helpers

#: Two of the sample notes the --llm tests combine (paths relative to the repository).
AI = "notes/japan-ai-training-copyright.md"
PM = "notes/pm-to-product-leader.md"
#: A plain note about curation, a partner for odd notes in the robustness tests.
OTHER = "# Curation and taste\n\nCuration needs taste; a museum curator shows the collection.\n"


def sample_vault(
    folder: Path, names: Sequence[str] | None = None, without: Sequence[str] = ()
) -> Path:
    """A copy of the sample notes in ``folder`` (only ``names``, if given; not those
    ``without``), so nothing a test does can touch the real ones."""
    folder.mkdir(parents=True, exist_ok=True)
    for note in sorted(NOTES.glob("*.md")):
        if (names is None or note.name in names) and note.name not in without:
            (folder / note.name).write_bytes(note.read_bytes())
    return folder


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A copy of the sample notes (``sample_vault``)."""
    return sample_vault(tmp_path / "vault")


def other_note(folder: Path) -> str:
    return str(write_note(folder, "other.md", OTHER))


def json_of(result: Any) -> dict[str, Any]:
    """The run succeeded; its stdout read as JSON."""
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def one_line_error(result: Any, code: int, *needles: str) -> str:
    """The run failed with ``code``: nothing on stdout, one ``hatch: error:`` line on
    stderr holding each of ``needles`` (returned)."""
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("hatch: error: "), result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr
    line: str = result.stderr.rstrip("\n")
    return line


@contextlib.contextmanager
def untouched(*folders: Path) -> Iterator[None]:
    """Every file under ``folders`` has the same bytes afterwards."""

    def snapshot() -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for folder in folders:
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    found[str(path)] = path.read_bytes()
        return found

    before = snapshot()
    yield
    after = snapshot()
    assert {path: after.get(path) for path in before} == before


# Hypothesis strategies for note bodies: random Markdown fragments (nesting, code, HTML,
# tables, links, control characters, emoji) joined by blank lines or CRLF.
WORDS = (
    "curation taste museum copyright training data model sourdough starter rye team "
    "café naïve Straße 東京 データ 学習 مرحبا שלום नमस्ते 🙂 👩‍👩‍👧 e\u0301"
)
WORD = st.one_of(
    st.sampled_from(WORDS.split()),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8),
)
CONTROL = st.sampled_from(
    ["\x00", "\x07", "\x08", "\r", "\x1b[31m", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\",
     "\x9b2J", "\x7f", "\u202e", "\ufeff"]
)  # fmt: skip
SENTENCE = st.lists(st.one_of(WORD, CONTROL), min_size=1, max_size=10).map(" ".join)


@st.composite
def nested(draw: st.DrawFn, marker: str) -> str:
    depth = draw(st.integers(1, 12))
    return marker * depth + draw(SENTENCE)


FRAGMENT = st.one_of(
    SENTENCE,
    SENTENCE.map(lambda s: f"# {s}"),
    SENTENCE.map(lambda s: f"###### {s} ###"),
    SENTENCE.map(lambda s: f"{s}\n===="),
    SENTENCE.map(lambda s: f"- {s}\n  - {s}\n    1. {s}"),
    nested("> "),
    nested("- "),
    nested("> 1. "),
    SENTENCE.map(lambda s: f"```\n{s}\n```"),
    SENTENCE.map(lambda s: f"```\n{s}"),  # a fence that never closes
    SENTENCE.map(lambda s: f"    {s}"),
    SENTENCE.map(lambda s: f"<div>{s}</div>"),
    SENTENCE.map(lambda s: f"<!-- {s}"),
    SENTENCE.map(lambda s: f"| {s} | b |\n| --- | --- |\n| c | {s} |"),
    SENTENCE.map(lambda s: f"[{s}](http://e.x/{len(s)} 'T') ![{s}](i.png) <http://a.b>"),
    SENTENCE.map(lambda s: f"[[{s}|alias]] [[{s}]] #{s.split(' ')[0]} *{s}* **{s}** ~~{s}~~"),
    SENTENCE.map(lambda s: f"[{s}][ref]\n\n[ref]: http://r.example"),
    SENTENCE.map(lambda s: f"`{s}` \\*{s}\\* &amp; &#0; &copy; {s}  \n{s}"),
    st.sampled_from(["---", "***", "+++", "{", "}", "", "\t", "[", "]", "*" * 40, "[" * 40]),
    st.text(max_size=60),
)
BODY = st.lists(FRAGMENT, max_size=8).flatmap(
    lambda parts: st.sampled_from(["\n\n", "\n", "\r\n\r\n"]).map(lambda sep: sep.join(parts))
)


def random_vectors(seed: int, notes: int, vocab_size: int = 400) -> Vectors:
    """Notes drawing words from a few of many topics and from a pool of common words."""
    rnd = random.Random(seed)
    vocab = [f"w{i:04d}" for i in range(vocab_size)]
    common = list(range(30))
    topics = [rnd.sample(range(30, vocab_size), 25) for _ in range(12)]
    indptr, terms, prior = [0], [], []
    for _ in range(notes):
        chosen = rnd.sample(topics, rnd.choice((1, 1, 2)))
        words = {rnd.choice(common) for _ in range(rnd.randint(0, 12))}
        for topic in chosen:
            words |= set(rnd.sample(topic, rnd.randint(2, 14)))
        for word in sorted(words):
            terms.append(word)
            prior.append(rnd.choice((0.5, 1.0, 2.0, 3.0, rnd.uniform(0.1, 4.0))))
        indptr.append(len(terms))
    return vectors_of(indptr, terms, prior, vocab)


def vectors_of(
    indptr: list[int], terms: list[int], prior: list[float], vocab: list[str]
) -> Vectors:
    """A vault's vectors (16 terms a note) from its flat lists."""
    import numpy as np

    from hatch_cli.core.pairing.vectors import build_vectors

    return build_vectors(
        np.asarray(indptr, dtype=np.int64),
        np.asarray(terms, dtype=np.int32),
        np.asarray(prior, dtype=np.float64),
        vocab,
        size=16,
    )


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
