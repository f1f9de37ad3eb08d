"""Helpers for tests that start a real server process (Streamlit, Chroma, PostgreSQL): a free loopback
port, waiting until the server answers, and stopping it."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable

import pytest


def free_port() -> int:
    """A loopback TCP port nobody listens on right now (also what a test needs for "connection refused")."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_ready(
    process: subprocess.Popen[bytes],
    ready: Callable[[], bool],
    *,
    name: str,
    timeout: float,
    output: Callable[[], str],
    interval: float = 0.2,
) -> None:
    """Poll `ready()` until it is true; fail the test with the server's output if the process exits or
    `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            pytest.fail(f"{name} exited ({process.returncode}):\n{output()}")
        if time.monotonic() > deadline:
            pytest.fail(f"{name} not ready after {timeout:.0f} s:\n{output()}")
        time.sleep(interval)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Terminate the process, and kill it if it does not exit within 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)
