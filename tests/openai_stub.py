"""An OpenAI-compatible chat server on 127.0.0.1 for end-to-end tests of ``--llm``.

llm reaches it the documented way for extra OpenAI-compatible models: an
``extra-openai-models.yaml`` in ``LLM_USER_PATH`` whose entries name its ``api_base``. What
the server does depends on the model name a request asks for:

- ``article-md``: a whole (non-streamed) reply, the Markdown article of
  ``llm_replies/japan-pm-md.json`` (the llm model ``stub-plain``, ``can_stream: false``,
  so hatch asks for Markdown and llm does not stream);
- ``article-json``: the JSON article of ``llm_replies/japan-pm.json``, streamed as
  server-sent events (``stub-stream``, ``supports_schema: true``);
- ``error-500`` and ``rate-limited``: HTTP 500 and 429 with an OpenAI-style error body
  (``x-should-retry: false``, so the OpenAI client does not retry and wait);
- ``slow``: nothing until the test ends (at most ``SLOW_SECONDS``), then the Markdown reply.

``stub-offline`` points at a port where nothing listens. Requests are kept in
``requests``. The server is stopped, and a slow reply released, when the test ends.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPLIES = Path(__file__).resolve().parent / "llm_replies"
SLOW_SECONDS = 10.0


def _reply(name: str) -> str:
    data = json.loads((REPLIES / f"{name}.json").read_text(encoding="utf-8"))
    first = data["replies"][0]
    return json.dumps(first["json"]) if "json" in first else str(first["text"])


class OpenAIStub:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.release = threading.Event()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(size))
                stub.requests.append(body)
                stub.answer(self, body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    # ------------------------------------------------------------------ configuration

    def configure(self, llm_user_path: Path) -> None:
        """Write llm's extra-openai-models.yaml naming this server's models."""
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        offline = f"http://127.0.0.1:{closed.getsockname()[1]}/v1"
        closed.close()
        entries = [
            ("stub-plain", "article-md", self.base, ["can_stream: false"]),
            ("stub-stream", "article-json", self.base, ["supports_schema: true"]),
            ("stub-500", "error-500", self.base, []),
            ("stub-429", "rate-limited", self.base, []),
            ("stub-slow", "slow", self.base, []),
            ("stub-offline", "nothing", offline, []),
        ]
        lines = []
        for model_id, name, base, extra in entries:
            lines += [f"- model_id: {model_id}", f"  model_name: {name}", f"  api_base: {base}"]
            lines += [f"  {item}" for item in extra]
        llm_user_path.mkdir(parents=True, exist_ok=True)
        (llm_user_path / "extra-openai-models.yaml").write_text("\n".join(lines) + "\n")

    # ------------------------------------------------------------------ answers

    def answer(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        model = body.get("model")
        if model == "error-500":
            self._error(handler, 500, "the stub server broke\x1b[2J down")
        elif model == "rate-limited":
            self._error(handler, 429, "Rate limit reached for requests")
        elif model == "slow":
            self.release.wait(SLOW_SECONDS)
            self._whole(handler, _reply("japan-pm-md"))
        elif body.get("stream"):
            self._streamed(handler, _reply("japan-pm"))
        else:
            self._whole(handler, _reply("japan-pm-md"))

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, data: bytes, kind: str) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("x-should-retry", "false")
        handler.end_headers()
        handler.wfile.write(data)

    def _error(self, handler: BaseHTTPRequestHandler, status: int, message: str) -> None:
        body = {"error": {"message": message, "type": "server_error", "code": None}}
        self._send(handler, status, json.dumps(body).encode(), "application/json")

    def _whole(self, handler: BaseHTTPRequestHandler, text: str) -> None:
        body = {
            "id": "stub-1",
            "object": "chat.completion",
            "created": 0,
            "model": "stub",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        self._send(handler, 200, json.dumps(body).encode(), "application/json")

    def _streamed(self, handler: BaseHTTPRequestHandler, text: str) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        for start in range(0, len(text), 60):
            chunk = {
                "id": "stub-1",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": "stub",
                "choices": [
                    {
                        "index": 0,
                        "delta": {"content": text[start : start + 60]},
                        "finish_reason": None,
                    }
                ],
            }
            handler.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            handler.wfile.flush()
        handler.wfile.write(b"data: [DONE]\n\n")
        handler.wfile.flush()
        handler.close_connection = True
