"""Load: concurrent simulated users drafting plans through the offline drafting engine.

    python evals/load/run.py [--users 20] [--seconds 60] [--processes 1] [--think SECONDS]
                             [--database-url URL] [--data-dir DIR] [--out evals/load/baseline.json]

Each user is a thread playing a scripted persona of evals/drafting/personas.yaml (the drafting eval's
driver, unchanged) on its OWN plan, starting a new plan when one is finished, until the time is up.
Without `--think` the users send turn after turn with no pause: a stress test of throughput, where a
turn's wait is its CPU time times the number of busy users (one process runs one thread at a time).
`--think S` gives every user a pause before each turn, as a person reading the reply and typing the
next message: 2 s plus an exponential time with mean S - 2 s (seeded per user; an assumption, not a
measurement of real users): the latency 20 people drafting at once would see. Threads are the app's
situation: Streamlit serves every browser session from threads of one process, all sharing one plan
store and one knowledge base. `--processes N` spreads
the users over N processes (several app instances on one machine), each with its own engine and store
on the same database and index.

The plans go to a fresh SQLite database in a fresh data directory (`--database-url` for PostgreSQL).
The knowledge base is built into that data directory first (about 35 s), unless `--data-dir` names an
existing one; building is not part of the measurement.

Reports turns per second, turn latency p50/p95/max (one `DraftingEngine.handle` call: retrieval,
validation, the database writes), every error (goal: none), save conflicts (users have their own plans:
goal none), the processes' peak resident memory (RSS, sampled every 0.2 s), and writes the figures as
JSON with `--out`. Not a test: figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import random
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from evals.drafting.driver import load_personas, play  # noqa: E402
from evals.drafting.run import percentile  # noqa: E402

SAMPLE_S = 0.2
MAX_ERRORS_LISTED = 20
THINK_MIN_S = 2.0  # the shortest pause of a person between a reply and their next message


class TimeUp(Exception):
    """Raised out of the persona driver when the user's time is over."""


@dataclass
class UserStats:
    turns: int = 0
    starts: int = 0
    plans_finished: int = 0
    conflicts: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class TimedEngine:
    """The engine as the driver sees it: every call timed, conflicts counted, and no new call once the
    deadline has passed (the turn in flight finishes)."""

    def __init__(
        self, engine: Any, deadline: float, stats: UserStats, think: float = 0.0, seed: int = 0
    ) -> None:
        self.engine = engine
        self.deadline = deadline
        self.stats = stats
        self.think = think
        self.random = random.Random(seed)

    def _pause(self) -> None:
        """A person reading the reply and typing: 2 s plus an exponential remainder (mean `think`)."""
        if self.think > 0:
            pause = THINK_MIN_S + self.random.expovariate(1 / max(self.think - THINK_MIN_S, 0.1))
            time.sleep(max(0.0, min(pause, self.deadline - time.monotonic())))

    def _check_time(self) -> None:
        if time.monotonic() >= self.deadline:
            raise TimeUp

    def start(self, **kwargs: Any) -> Any:
        self._check_time()
        turn = self.engine.start(**kwargs)
        self.stats.starts += 1
        return turn

    def handle(self, plan_id: str, text: str, **kwargs: Any) -> Any:
        self._pause()
        self._check_time()
        started = time.perf_counter()
        turn = self.engine.handle(plan_id, text, **kwargs)
        self.stats.latencies_ms.append((time.perf_counter() - started) * 1000)
        self.stats.turns += 1
        if turn.conflict:
            self.stats.conflicts += 1
        return turn


def user(
    engine: Any, persona: dict[str, Any], number: int, deadline: float, stats: UserStats, think: float = 0.0
) -> None:
    """One simulated user: plays the persona again and again (a new plan each time) until the deadline."""
    persona = {**persona, "author": f"{persona['author']}-{number:02d}"}
    timed = TimedEngine(engine, deadline, stats, think, seed=number)
    while time.monotonic() < deadline:
        try:
            run = play(timed, persona)
            if run.last is not None and run.last.awaiting == "done":
                stats.plans_finished += 1
        except TimeUp:
            return
        except Exception:  # reported: the goal is none
            stats.errors.append(traceback.format_exc(limit=4)[-1500:])
            time.sleep(0.05)


def build_engine(data_dir: Path, database_url: str) -> tuple[Any, Any]:
    from assistant.drafting.engine import DraftingEngine
    from assistant.services import build_knowledge_base
    from assistant.settings import Settings
    from assistant.storage import PlanStore

    settings = Settings(data_dir=data_dir, llm_model=None, chroma_host=None)
    kb = build_knowledge_base(settings)
    kb.retriever.warm_up()
    store = PlanStore(database_url)
    return DraftingEngine(store, kb.retriever), store


def run_users(
    data_dir: Path,
    database_url: str,
    first_user: int,
    users: int,
    seconds: float,
    ready: Any,
    go: Any,
    think: float = 0.0,
) -> tuple[list[UserStats], float, float]:
    """`users` threads on one engine (one process). Waits for `go` so every process starts together.
    Returns the users' figures and the wall-clock start and end of the measured window."""
    engine, store = build_engine(data_dir, database_url)
    personas = load_personas()
    stats = [UserStats() for _ in range(users)]
    if ready is not None:
        ready.wait()  # everybody is warmed up
        go.wait()
    window_start = time.time()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=user,
            args=(
                engine,
                personas[(first_user + n) % len(personas)],
                first_user + n,
                deadline,
                stats[n],
                think,
            ),
            daemon=True,
        )
        for n in range(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    window_end = time.time()
    store.close()
    return stats, window_start, window_end


def _process_main(
    data_dir: str,
    url: str,
    first: int,
    users: int,
    seconds: float,
    ready: Any,
    go: Any,
    out: Any,
    think: float,
) -> None:
    try:
        out.put(run_users(Path(data_dir), url, first, users, seconds, ready, go, think))
    except BaseException:
        out.put(traceback.format_exc())
        raise


class MemoryMonitor:
    """Peak RSS of this process and its children (summed), sampled in a background thread."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        me = psutil.Process()
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(SAMPLE_S)

    def __enter__(self) -> MemoryMonitor:
        self.peak = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def prepare_index(data_dir: Path) -> tuple[int, float]:
    """Build (or reuse) the knowledge base in `data_dir`; (chunks, seconds)."""
    from assistant.services import build_knowledge_base
    from assistant.settings import Settings

    started = time.perf_counter()
    kb = build_knowledge_base(Settings(data_dir=data_dir, chroma_host=None))
    if kb.store.count() == 0:
        report = kb.indexer.sync()
        if report.errors:
            raise SystemExit(f"indexing failed: {report.as_dict()['errors']}")
    return kb.store.count(), time.perf_counter() - started


def measure(args: argparse.Namespace, data_dir: Path, database_url: str) -> dict[str, Any]:
    chunks, index_seconds = prepare_index(data_dir)
    print(f"index: {chunks} chunks ({index_seconds:.1f} s to build or open)", flush=True)
    split = [
        args.users // args.processes + (1 if n < args.users % args.processes else 0)
        for n in range(args.processes)
    ]
    with MemoryMonitor() as memory:
        if args.processes == 1:
            stats, start, end = run_users(
                data_dir, database_url, 0, args.users, args.seconds, None, None, args.think
            )
            elapsed = end - start
        else:
            context = multiprocessing.get_context("spawn")
            ready, go, out = context.Barrier(args.processes + 1), context.Event(), context.Queue()
            processes = []
            first = 0
            for users in split:
                process = context.Process(
                    target=_process_main,
                    args=(
                        str(data_dir),
                        database_url,
                        first,
                        users,
                        args.seconds,
                        ready,
                        go,
                        out,
                        args.think,
                    ),
                )
                process.start()
                processes.append(process)
                first += users
            ready.wait()  # every process has built its engine and warmed up
            go.set()
            stats, starts, ends = [], [], []
            for _ in processes:
                result = out.get(timeout=args.seconds + 600)
                if isinstance(result, str):
                    raise SystemExit(f"a load process failed:\n{result}")
                stats += result[0]
                starts.append(result[1])
                ends.append(result[2])
            elapsed = max(ends) - min(starts)
            for process in processes:
                process.join(timeout=60)
    return summarise(args, stats, elapsed, memory.peak, chunks, database_url)


def summarise(
    args: argparse.Namespace, stats: list[UserStats], elapsed: float, peak_rss: int, chunks: int, url: str
) -> dict[str, Any]:
    latencies = [ms for s in stats for ms in s.latencies_ms]
    turns = sum(s.turns for s in stats)
    errors = [e for s in stats for e in s.errors]
    kinds = Counter(e.strip().splitlines()[-1][:200] for e in errors)
    return {
        "users": args.users,
        "think_s": args.think,
        "processes": args.processes,
        "seconds": round(elapsed, 1),
        "database": url.split(":", 1)[0].split("+", 1)[0],
        "index_chunks": chunks,
        "turns": turns,
        "turns_per_second": round(turns / elapsed, 2) if elapsed else 0.0,
        "turn_ms_p50": round(percentile(latencies, 50), 1),
        "turn_ms_p95": round(percentile(latencies, 95), 1),
        "turn_ms_max": round(max(latencies, default=0.0), 1),
        "plans_started": sum(s.starts for s in stats),
        "plans_finished": sum(s.plans_finished for s in stats),
        "turns_per_user_min": min((s.turns for s in stats), default=0),
        "turns_per_user_max": max((s.turns for s in stats), default=0),
        "errors": len(errors),
        "error_kinds": dict(kinds.most_common(MAX_ERRORS_LISTED)),
        "conflicts": sum(s.conflicts for s in stats),
        "peak_rss_mb": round(peak_rss / 1024 / 1024, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--processes", type=int, default=1, help="Spread the users over this many processes.")
    ap.add_argument("--database-url", default=None, help="Plans database (default: SQLite in the data dir).")
    ap.add_argument("--data-dir", type=Path, default=None, help="Existing data directory with an index.")
    ap.add_argument("--out", type=Path, default=None, help="Write the figures as JSON (e.g. baseline.json).")
    ap.add_argument("--think", type=float, default=0.0, help="Mean pause before a turn, seconds (0: none).")
    args = ap.parse_args()
    if args.think and args.think < THINK_MIN_S:
        ap.error(f"--think is a mean of at least {THINK_MIN_S} s (or 0 for none)")
    if args.users < 1 or args.processes < 1 or args.processes > args.users or args.seconds <= 0:
        ap.error("need users >= processes >= 1 and seconds > 0")

    with tempfile.TemporaryDirectory(prefix="assistant-load-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        database_url = args.database_url or f"sqlite:///{Path(tmp) / 'plans.sqlite3'}"
        result = measure(args, data_dir, database_url)

    print(
        f"{result['users']} users in {result['processes']} process(es), {result['seconds']} s, "
        f"think time {result['think_s'] or 'none'}, "
        f"{result['database']}: {result['turns']} turns, {result['turns_per_second']} turns/s; "
        f"latency p50 {result['turn_ms_p50']} ms, p95 {result['turn_ms_p95']} ms, "
        f"max {result['turn_ms_max']} ms; "
        f"errors {result['errors']}, conflicts {result['conflicts']}; peak RSS {result['peak_rss_mb']} MB; "
        f"plans started {result['plans_started']}, finished {result['plans_finished']}"
    )
    for kind, count in result["error_kinds"].items():
        print(f"  error x{count}: {kind}")
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
