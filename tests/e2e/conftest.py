"""Fixtures for the real-browser tests: the app served by `streamlit run` over a copy of the session index,
and Debian's Chromium driven by Playwright. Without Chromium the tests are skipped, saying so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.requirements import unavailable
from tests.servers import free_port, stop_process, wait_until_ready

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "ui" / "app.py"
ARTIFACTS = ROOT / "test-artifacts" / "e2e"  # screenshots (git-ignored)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 120.0
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path
    log: Path


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _output(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-5000:]


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.is_file():
        unavailable("Chromium not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="module")
def app_server(
    chromium: Path, corpus_kb_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """`streamlit run ui/app.py` on a free port, over a copy of the session index and a fresh SQLite
    plans database; stopped (this process only) after the module."""
    base = tmp_path_factory.mktemp("e2e")
    data_dir = base / "data"
    shutil.copytree(corpus_kb_dir, data_dir)
    port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{base / 'plans.sqlite3'}",
        "APP_LANGUAGE": "fi",
        "LLM_MODEL": "",  # offline, whatever a local .env says
        "APP_PREWARM": "true",  # as `make run`: the pages' services warmed in the background
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CHROMA_HOST", None)
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    log = base / "streamlit.log"
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_ready(
                process,
                lambda: _healthy(url),
                name="streamlit",
                timeout=START_TIMEOUT_S,
                output=lambda: _output(log),
                interval=0.5,
            )
            yield Server(url=url, data_dir=data_dir, log=log)
        finally:
            stop_process(process)


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
