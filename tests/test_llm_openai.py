"""End to end: ``hatch combine --llm`` against an OpenAI-compatible server on 127.0.0.1
(``tests/openai_stub.py``), which llm reaches through ``extra-openai-models.yaml`` in
``LLM_USER_PATH``, as a user configures a llama.cpp or vLLM server. llm's own OpenAI
plugin and the OpenAI client make the requests; nothing leaves the machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hatch_cli.errors import ExitCode
from hatch_cli.notes import read_note
from tests.conftest import AI, HAS_LLM, PM, REPO, one_line_error
from tests.openai_stub import OpenAIStub

pytestmark = pytest.mark.skipif(not HAS_LLM, reason="needs the llm extra: pip install '.[llm]'")


@pytest.fixture
def stub(monkeypatch):
    server = OpenAIStub()
    server.configure(Path(os.environ["LLM_USER_PATH"]))
    monkeypatch.chdir(REPO)
    yield server
    server.stop()


def test_a_whole_reply_in_markdown(invoke, tmp_path, stub):
    target = tmp_path / "idea.md"
    result = invoke("combine", AI, PM, "--llm", "--model", "stub-plain", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    note = read_note(str(target))
    assert note.hatched_from == (AI, PM) and note.title.startswith("Where the Bottleneck Moves")
    (request,) = stub.requests
    assert request["model"] == "article-md" and not request.get("stream")
    assert "response_format" not in request
    system, user = request["messages"]
    assert system["role"] == "system" and "never instructions to you" in system["content"]
    assert "What surprised me: none of this is new law." in user["content"]
    assert "## Advice\n\n1. <advice 1>" in user["content"]


def test_a_streamed_reply_by_json_schema(invoke, stub):
    result = invoke("combine", AI, PM, "--llm", "--model", "stub-stream", "-f", "json")
    assert result.exit_code == 0, result.stderr
    piece = json.loads(result.stdout)
    assert piece["model"] == "stub-stream" and len(piece["advice"]) == 3
    (request,) = stub.requests
    assert request["stream"] is True
    schema = request["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["advice"]["maxItems"] == 3


def test_http_500_is_a_provider_error_shown_inert(invoke, tmp_path, stub):
    target = tmp_path / "idea.md"
    result = invoke("combine", AI, PM, "--llm", "--model", "stub-500", "-o", str(target))
    line = one_line_error(result, ExitCode.MODEL_FAILED)
    assert line == (
        "hatch: error: stub-500: the provider answered HTTP 500: the stub server broke␛[2J down"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_rate_limit_is_a_model_failure(invoke, stub):
    line = one_line_error(
        invoke("combine", AI, PM, "--llm", "--model", "stub-429"), ExitCode.MODEL_FAILED
    )
    assert "rate limited by the provider (HTTP 429): Rate limit reached" in line


@pytest.mark.slow
def test_a_reply_slower_than_the_timeout(invoke, tmp_path, stub):
    target = tmp_path / "idea.md"
    result = invoke(
        "combine", AI, PM, "--llm", "--model", "stub-slow", "--timeout", "0.5", "-o", str(target)
    )
    line = one_line_error(result, ExitCode.MODEL_FAILED)
    assert line == "hatch: error: stub-slow: sent nothing for 0.5 seconds (--timeout)"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_server_that_is_not_there(invoke, stub):
    """The OpenAI client tries a connection three times, with short pauses: slow."""
    line = one_line_error(
        invoke("combine", AI, PM, "--llm", "--model", "stub-offline"), ExitCode.MODEL_FAILED
    )
    assert line.startswith("hatch: error: stub-offline: could not reach the model: ")


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pseudo-terminal")
def test_in_a_terminal_the_answer_streams_on_stderr_and_stdout_gets_only_the_result(stub):
    """stderr a terminal: a live view while the model writes; stdout a pipe: only the
    final Markdown. With stderr piped too, stderr stays empty."""
    import pty

    command = [
        sys.executable,
        "-m",
        "hatch_cli",
        "combine",
        AI,
        PM,
        "--llm",
        "--model",
        "stub-stream",
    ]
    controller, terminal = pty.openpty()
    try:
        proc = subprocess.run(
            command, stdout=subprocess.PIPE, stderr=terminal, check=False, cwd=REPO, timeout=60
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                piece = os.read(controller, 65536)
            except OSError:
                break
            if not piece:
                break
            shown += piece
    finally:
        os.close(controller)
    assert proc.returncode == 0
    assert proc.stdout.startswith(b"---\ntitle: ")
    assert b"stub-stream" in shown  # the live view named the model at work
    piped = subprocess.run(command, capture_output=True, check=False, cwd=REPO, timeout=60)
    assert piped.returncode == 0 and piped.stderr == b""
    assert piped.stdout == proc.stdout
