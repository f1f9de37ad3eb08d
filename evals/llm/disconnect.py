"""Does the llama.cpp server stop generating when its client goes away? A long generation (end-of-text
tokens banned, so it runs to max_tokens) is cut by the client after 3 s, streamed and not streamed; then a
5-token request is timed: it waits for whatever the server is still doing.

    python evals/llm/disconnect.py [--port 8766]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from evals.llm.servers import LlamaServer

LONG = {
    "messages": [{"role": "user", "content": "Write a very long story about a cat."}],
    "max_tokens": 2000,
    "temperature": 0.8,
    "logit_bias": {"0": -100, "1": -100, "2": -100},  # SmolLM2's end-of-text tokens
}
SHORT = {"messages": [{"role": "user", "content": "Say hi"}], "max_tokens": 5}


def short_call(url: str, model: str) -> float:
    started = time.monotonic()
    httpx.post(f"{url}/chat/completions", json={**SHORT, "model": model}, timeout=900).raise_for_status()
    return time.monotonic() - started


def cut_after(url: str, model: str, stream: bool, seconds: float = 3.0) -> None:
    started = time.monotonic()
    body = {**LONG, "model": model, "stream": stream}
    try:
        with (
            httpx.Client(timeout=seconds) as client,
            client.stream("POST", f"{url}/chat/completions", json=body) as response,
        ):
            for _ in response.iter_bytes():
                if time.monotonic() - started > seconds:
                    break
    except httpx.TimeoutException:
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=8766)
    args = ap.parse_args()
    with LlamaServer(port=args.port) as server:
        for stream in (False, True):
            idle = short_call(server.url, server.model_name)
            cut_after(server.url, server.model_name, stream)
            after = short_call(server.url, server.model_name)
            kind = "streamed" if stream else "not streamed"
            print(f"{kind:13} cut at 3 s; a 5-token call took {idle:.1f} s before, {after:.1f} s after")


if __name__ == "__main__":
    main()
