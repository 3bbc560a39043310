"""The README tells the truth: exit codes, quick start, transcripts, and help for every command."""

from __future__ import annotations

import importlib.util
import re
import shlex

import pytest

from hatch_cli.cli import app
from hatch_cli.errors import ExitCode
from tests.conftest import HAS_LLM, REPO

README = REPO / "README.md"
TRANSCRIPT = re.compile(
    r"(<!-- transcript:(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /transcript:(?P=name) -->)",
    re.DOTALL,
)
TRANSCRIPT_COMMANDS = {
    "combine": "hatch combine notes/curation-as-care.md notes/brands-as-curators.md "
    "--date 2024-05-31 | cat",
    "article": "hatch combine notes/curation-as-care.md notes/brands-as-curators.md "
    "--style article --date 2024-05-31 | cat",
    "pairs": "hatch pairs notes/ --for notes/curation-as-care.md --limit 5 | cat",
    # A scripted model of tests/llm_plugin.py (the README says so): needs the llm extra.
    "llm": "hatch combine notes/japan-ai-training-copyright.md notes/pm-to-product-leader.md "
    "--llm --model test-japan-pm --date 2024-05-31 | cat",
}
#: Transcripts that need the llm extra (skipped without it).
NEEDS_LLM = {"llm"}
# Scores in a vault depend a little on how its Japanese and Chinese notes are split into
# words (the vault's statistics count them), so the README shows the default install.
VAULT_WIDE = {"pairs"}
ANALYSERS = [name for name in ("sudachipy", "rjieba") if importlib.util.find_spec(name)]


def test_every_exit_code_is_in_the_readme_table():
    text = README.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\d+) \| (\w+) \|", text, re.MULTILINE))
    assert rows == {str(int(code)): code.name for code in ExitCode}


def test_quick_start_commands_are_in_the_readme(invoke, monkeypatch):
    text = README.read_text(encoding="utf-8")
    first = re.search(r"pip install \. && (hatch combine [^\n`]+)", text)
    assert first, "the first quick-start command installs and runs hatch combine"
    assert "pip install -e '.[test]' && python -m pytest" in text
    monkeypatch.chdir(REPO)
    args = shlex.split(first.group(1))[1:]
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("---\n")


def test_readme_transcripts_match_real_output(invoke, monkeypatch, request):
    monkeypatch.chdir(REPO)
    text = README.read_text(encoding="utf-8")
    update = bool(request.config.getoption("--update-golden"))

    def render(match: re.Match[str]) -> str:
        command = TRANSCRIPT_COMMANDS[match.group("name")]
        if match.group("name") in VAULT_WIDE and ANALYSERS:
            return match.group(0)  # scored with the analysers: not what the README shows
        if match.group("name") in NEEDS_LLM and not HAS_LLM:
            return match.group(0)
        args = shlex.split(command.split("|")[0])[1:]
        result = invoke(*args)
        assert result.exit_code == 0, result.stderr
        body = f"```console\n$ {command}\n{result.stdout}```\n"
        if not update:
            assert match.group("body") == body, "README transcript is stale: --update-golden"
        return match.group(1) + body + match.group(4)

    new = TRANSCRIPT.sub(render, text)
    assert TRANSCRIPT.search(text), "README has no transcript markers"
    if update and new != text:
        README.write_text(new, encoding="utf-8")


@pytest.mark.skipif(bool(ANALYSERS), reason="the README shows vault scores without the analysers")
def test_python_example_in_the_readme_runs_and_prints_what_it_shows(monkeypatch, capsys):
    text = README.read_text(encoding="utf-8")
    found = re.search(
        r"<!-- python-example -->\n```python\n(?P<code>.*?)```\n\n```text\n(?P<out>.*?)```",
        text,
        re.DOTALL,
    )
    assert found, "the README has a Python example followed by its output"
    monkeypatch.chdir(REPO)
    exec(compile(found["code"], "README.md", "exec"), {})
    assert capsys.readouterr().out == found["out"]


def test_the_library_is_importable_from_the_package():
    import hatch_cli
    from hatch_cli import api

    for name in (
        "combine_notes", "rank_pairs", "vault_keywords", "plan_ideas", "read_notes",
        "write_with_model", "model_brief", "choose_model",
    ):  # fmt: skip
        assert getattr(hatch_cli, name) is getattr(api, name)


COMMANDS = sorted(
    command.name or getattr(command.callback, "__name__", "").replace("_", "-")
    for command in app.registered_commands
)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(invoke, command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout, f"hatch {command} --help shows no example"
