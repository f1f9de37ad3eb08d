"""Real parallel processes for the concurrency tests (tests/storage/test_parallel_processes.py and
tests/reliability/test_concurrent_editors.py): run a worker in two spawned processes and collect what
they report."""

from __future__ import annotations

import multiprocessing
import queue
import time
from typing import Any


def run_processes(target: Any, url: str, plan_id: str, expected_results: int) -> list[Any]:
    """Run `target` in two spawned processes; their results, failing fast if one of them dies."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    processes = [
        context.Process(target=target, args=(url, plan_id, name, barrier, results))
        for name in ("anna", "bertta")
    ]
    for process in processes:
        process.start()
    collected: list[Any] = []
    deadline = time.monotonic() + 180
    try:
        while len(collected) < expected_results and time.monotonic() < deadline:
            try:
                collected.append(results.get(timeout=0.5))
            except queue.Empty:
                failed = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
                assert not failed, f"a worker process failed (exit codes {failed})"
        for process in processes:
            process.join(timeout=60)
            assert process.exitcode == 0
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
    assert len(collected) == expected_results, collected
    return collected
