"""Attacks through the command line, each a real `python -m assistant.cli` subprocess: a cp1252 answer piped
to `assistant chat`, `assistant plans` over a title with escape, bell and bidi characters, `assistant
ingest` of a symlink loop. A traceback anywhere in the output counts as one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from assistant.storage import PlanStore
from assistant.template.models import plan_model
from evals.reliability.measure import Outcome, clear_message

ROOT = Path(__file__).resolve().parents[2]
CP1252_ANSWER = "Hyvä päivä: tietojohtamisen kehittäminen alkaa syksyllä"
HOSTILE_TITLE = "Otsikko \x1b[2J\x1b[31mpunainen\x07 \u202etxt.exe"
Check = Callable[[subprocess.CompletedProcess[bytes]], str]


def _run(args: list[str], stdin: bytes, check: Check, env: dict[str, str]) -> Callable[[Outcome], None]:
    def body(out: Outcome) -> None:
        proc = subprocess.run(
            [sys.executable, "-m", "assistant.cli", *args],
            input=stdin,
            capture_output=True,
            cwd=ROOT,
            env={**os.environ, **env},
            timeout=170,
            check=False,
        )
        text = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
        if "Traceback" in text:
            out.result, out.traceback = "traceback", text[-2000:]
            return
        verdict = check(proc)
        out.message = proc.stderr.decode("utf-8", "replace")[-300:]
        if out.expected == "accept":
            out.result, out.intact = "accepted", verdict == "ok"
        else:
            out.result, out.code = "rejected", verdict
            out.clear = verdict == out.expected and clear_message(out.message)
        if verdict not in ("ok", out.expected):
            out.notes.append(verdict)

    return body


def _chat(proc: subprocess.CompletedProcess[bytes]) -> str:
    ok = proc.returncode == 0 and "Hyvä päivä" in proc.stdout.decode("utf-8", "replace")
    return "ok" if ok else f"exit {proc.returncode}"


def _plans(proc: subprocess.CompletedProcess[bytes]) -> str:
    out = proc.stdout.decode("utf-8", "replace")
    hostile = any(ch in out for ch in "\x1b\x07\u202e")
    longest = max(map(len, out.splitlines() or [""]))
    return "ok" if proc.returncode == 0 and not hostile and longest < 400 else "unsafe output"


def _loop(proc: subprocess.CompletedProcess[bytes]) -> str:
    named = proc.returncode == 1 and "symbolinen linkki" in proc.stderr.decode("utf-8", "replace")
    return "symlink_loop" if named else f"exit {proc.returncode}"


def cli_cases(
    store: PlanStore, workdir: Path, env: dict[str, str]
) -> list[tuple[str, str, str, str, Callable[[Outcome], None]]]:
    """(entry, name, what, expected, body) of the command-line attacks."""
    loop = workdir / "cli-silmukka.txt"
    if not loop.is_symlink():
        loop.symlink_to(loop.name)
    plan = plan_model()()
    plan.meta.title = HOSTILE_TITLE
    store.create(plan, author="eval")
    cp1252 = f"{CP1252_ANSWER}\n".encode("cp1252")
    return [
        ("cli", "chat-cp1252-pipe", "a cp1252 answer piped to `assistant chat`", "accept",
         _run(["chat"], cp1252, _chat, env)),
        ("cli", "plans-hostile-title", "`assistant plans` with ESC, BEL and U+202E in a title", "accept",
         _run(["plans"], b"", _plans, env)),
        ("cli", "ingest-symlink-loop", "`assistant ingest` of a symlink loop", "symlink_loop",
         _run(["ingest", str(loop)], b"", _loop, env)),
    ]  # fmt: skip
