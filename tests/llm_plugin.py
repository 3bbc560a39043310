"""A plugin for the llm library that registers scripted models: tests of ``--llm`` run
the real llm code paths (plugin hook, ``llm.get_model``, ``model.prompt``, streaming)
with no network.

Models, registered through llm's ``register_models`` hook:

- ``test-NAME`` for each ``llm_replies/NAME.json``: ``{"schema": bool, "replies": [...]}``,
  each reply ``{"json": {...}}`` (sent as JSON text), ``{"text": "..."}`` or
  ``{"error": "message"}`` (raises ``llm.ModelError``); one reply per call, the last one
  again once they run out. The README's transcript is made with ``test-japan-pm``.
- ``scripted`` (takes a schema) and ``scripted-md`` (does not): the replies a test puts
  in ``SCRIPT`` (text, a dict sent as JSON, or an exception to raise), one per call.
- ``test-needs-key``: a model that needs a key (``llm keys set hatch-test`` or
  ``HATCH_TEST_KEY``) and, given one, answers like ``test-japan-pm``.

Every request is recorded in ``SEEN``, with how many pieces of its answer were read. The
answer streams in pieces of ``PIECE`` chars.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import llm

REPLIES = Path(__file__).resolve().parent / "llm_replies"
PIECE = 40


@dataclass
class Seen:
    model: str
    prompt: str
    system: str | None
    schema: Any
    taken: int = 0
    """pieces of the answer that were read from the model"""


SCRIPT: deque[Any] = deque()
SEEN: list[Seen] = []


def _pieces(text: str) -> list[str]:
    return [text[i : i + PIECE] for i in range(0, len(text), PIECE)]


def _as_text(reply: Any) -> str:
    if isinstance(reply, BaseException):
        raise reply
    if isinstance(reply, dict):
        if "error" in reply:
            raise llm.ModelError(reply["error"])
        if "json" in reply:
            return json.dumps(reply["json"], ensure_ascii=False, indent=1)
        if "text" in reply:
            return str(reply["text"])
        return json.dumps(reply, ensure_ascii=False)
    return str(reply)


class Scripted(llm.Model):
    """Answers each prompt with the next reply of its script."""

    can_stream = True

    def __init__(self, model_id: str, replies: deque[Any] | list[Any], schema: bool) -> None:
        self.model_id = model_id
        self.replies = replies
        self.supports_schema = schema
        self.calls = 0

    def next_reply(self) -> Any:
        if isinstance(self.replies, deque):
            if not self.replies:
                raise AssertionError(f"{self.model_id}: no scripted reply left")
            return self.replies.popleft()
        reply = self.replies[min(self.calls, len(self.replies) - 1)]
        self.calls += 1
        return reply

    def execute(self, prompt, stream, response, conversation):
        seen = Seen(self.model_id, prompt.prompt, prompt.system, prompt.schema)
        SEEN.append(seen)
        text = _as_text(self.next_reply())
        for piece in _pieces(text):
            seen.taken += 1
            yield piece


class NeedsKey(llm.KeyModel):
    """A model behind a key, as hosted models are."""

    model_id = "test-needs-key"
    needs_key = "hatch-test"
    key_env_var = "HATCH_TEST_KEY"
    can_stream = True
    supports_schema = True

    def execute(self, prompt, stream, response, conversation, key):
        assert key, "llm hands a key to a KeyModel"
        SEEN.append(Seen(self.model_id, prompt.prompt, prompt.system, prompt.schema))
        reply = json.loads((REPLIES / "japan-pm.json").read_text(encoding="utf-8"))
        yield from _pieces(_as_text(reply["replies"][0]))


class Plugin:
    """What llm's plugin manager calls."""

    @llm.hookimpl
    def register_models(self, register):
        register(Scripted("scripted", SCRIPT, schema=True))
        register(Scripted("scripted-md", SCRIPT, schema=False))
        register(NeedsKey())
        for path in sorted(REPLIES.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            register(Scripted(f"test-{path.stem}", data["replies"], schema=data["schema"]))


PLUGIN = Plugin()


def register() -> None:
    """Register the plugin with llm (once per process)."""
    from llm.plugins import pm

    if not pm.is_registered(PLUGIN):
        pm.register(PLUGIN, name="hatch-test-models")
