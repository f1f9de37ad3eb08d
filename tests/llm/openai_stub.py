"""A tiny OpenAI-compatible server for tests: `POST /v1/chat/completions` with scripted replies.

    with OpenAIStub([StubReply(content='{"a": 1}')], reject_formats={"json_schema"}) as stub:
        Settings(llm_model="stub-model", llm_base_url=stub.url, ...)
        ...
        stub.requests  # the JSON bodies received, in order (stub.headers: their headers, lower-case names)

A request with `"stream": true` is answered with server-sent events (the reply's content in a few chunks).
Replies are used in order, one per request (the last one repeats). A request whose
`response_format.type` is in `reject_formats` (or that carries `tools` when "tools" is in it) gets HTTP 400
(`reject_status` to change it: llama-cpp-python answers 500) and uses no reply.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REJECTION = "response_format {kind} is not supported"


@dataclass
class StubReply:
    """One scripted answer: `content` with HTTP 200, or an error `status` with `error` as message."""

    content: str | None = None
    status: int = 200
    error: str = ""
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


def rate_limited(retry_after_ms: int = 10) -> StubReply:
    return StubReply(status=429, error="Rate limit reached", headers={"retry-after-ms": str(retry_after_ms)})


class OpenAIStub:
    def __init__(
        self,
        replies: list[StubReply],
        *,
        reject_formats: frozenset[str] | set[str] = frozenset(),
        reject_status: int = 400,
        responder: Callable[[dict[str, Any]], str] | None = None,
        models: tuple[str, ...] = (),
    ):
        """`responder`: computes the content of every reply from the request body instead (a scripted
        model that answers what it is asked). `models`: the names `GET /v1/models` lists (none: 404)."""
        self.models = models
        if not replies and responder is None:
            raise ValueError("at least one reply")
        self.responder = responder
        self.replies = list(replies)
        self.reject_formats = set(reject_formats)
        self.reject_status = reject_status
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.request_times: list[float] = []
        self._next = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="openai-stub", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def response_formats(self) -> list[str | None]:
        """`response_format.type` of each request received ("tools": a tool call; None: a plain request)."""
        return [_kind(body) for body in self.requests]

    def __enter__(self) -> OpenAIStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()  # wakes handlers that are still "thinking"
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _take(self, body: dict[str, Any], headers: dict[str, str]) -> StubReply:
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            self.request_times.append(time.monotonic())
            kind = _kind(body)
            if kind in self.reject_formats:
                return StubReply(status=self.reject_status, error=REJECTION.format(kind=kind))
            if self.responder is not None:
                return StubReply(content=self.responder(body))
            reply = self.replies[min(self._next, len(self.replies) - 1)]
            self._next += 1
            return reply

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                if self.path.rstrip("/") != "/v1/models" or not stub.models:
                    self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
                    return
                listed = [{"id": name, "object": "model", "owned_by": "stub"} for name in stub.models]
                self._send(200, {"object": "list", "data": listed})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except json.JSONDecodeError:
                    self._send(400, {"error": {"message": "invalid JSON body", "type": "bad_request"}})
                    return
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
                    return
                reply = stub._take(body, {k.lower(): v for k, v in self.headers.items()})
                if reply.delay_s and stub._stop.wait(reply.delay_s):
                    return
                if reply.status != 200:
                    error = {"message": reply.error, "type": "invalid_request_error", "code": reply.status}
                    self._send(reply.status, {"error": error}, reply.headers)
                    return
                model = body.get("model", "stub-model")
                if body.get("stream"):
                    self._stream(stream_chunks(model, reply.content), reply.headers)
                    return
                self._send(200, completion(model, reply.content), reply.headers)

            def _stream(self, chunks: list[dict[str, Any]], headers: dict[str, str]) -> None:
                """Server-sent events, as OpenAI-compatible servers stream (`data: {...}`, `data: [DONE]`)."""
                self.close_connection = True
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    for chunk in chunks:
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.write(b"data: [DONE]\n\n")
                except OSError:
                    pass

            def _send(
                self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (timeout test)
                    pass

        return Handler


def _kind(body: dict[str, Any]) -> str | None:
    if body.get("tools"):
        return "tools"
    kind = (body.get("response_format") or {}).get("type")
    return str(kind) if kind else None


def completion(model: str, content: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def stream_chunks(model: str, content: str | None, pieces: int = 3) -> list[dict[str, Any]]:
    """`content` as streamed chat completion chunks: the role, the text in a few pieces, the finish."""
    text = content or ""
    size = max(1, -(-len(text) // pieces))
    deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
    deltas += [{"content": text[i : i + size]} for i in range(0, len(text), size)]
    chunks = [
        {
            "id": "chatcmpl-stub",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
        }
        for delta in deltas
    ]
    chunks[-1]["choices"][0]["finish_reason"] = "stop"
    return chunks
