"""App cold start with an existing index: time to a healthy server and to the first rendered page.

    python evals/app_startup.py [--data-dir DIR] [--runs 3]

1. `server`: a fresh `streamlit run ui/app.py` process until /_stcore/health answers "ok".
2. `first render`: a fresh Python process that renders the app's first page once with Streamlit's
   AppTest (imports, settings, opening Chroma, loading the embedding model and the BM25 index, running the
   page script) - the work a browser's first visit waits for.
The index must exist (run `assistant ingest` or `make index` first); nothing is built here.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

FIRST_RENDER = """
import time
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("ui/app.py", default_timeout=60).run()
assert not at.exception, at.exception
print(time.perf_counter() - t0)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def time_server(env: dict[str, str]) -> float:
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            str(BIN / "streamlit"),
            "run",
            "ui/app.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < 60:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                    if r.read() == b"ok":
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not become healthy in 60 s")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def time_first_render(env: dict[str, str]) -> float:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", FIRST_RENDER], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    total = time.perf_counter() - started
    float(out.stdout.strip().splitlines()[-1])  # the script's own figure, to fail loudly on odd output
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT / "data")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not (args.data_dir / "chroma").exists():
        sys.exit(f"no index under {args.data_dir}: run `assistant ingest` first")
    env = {**os.environ, "DATA_DIR": str(args.data_dir.resolve())}
    server = [time_server(env) for _ in range(args.runs)]
    render = [time_first_render(env) for _ in range(args.runs)]
    print(f"server healthy:        median {statistics.median(server):.2f} s, max {max(server):.2f} s")
    print(
        f"first page rendered:   median {statistics.median(render):.2f} s, max {max(render):.2f} s "
        "(fresh process: imports + models + index + page)"
    )


if __name__ == "__main__":
    main()
