"""Speed benchmarks of issue 13, each measured quiet and under a background CPU load (figures, not tests).

    python evals/bench/run.py [--only query,search,review,ask,page,chat,build,reindex]
                              [--modes quiet,load] [--load-procs 3] [--data-dir DIR]
                              [--repo [LABEL=]DIR ...] [--repo-only LABEL=NAMES] [--out FILE.json]

Every benchmark runs the code in fresh processes (as a user would), in the repository given by `--repo`
(default: this one, labelled "after"). Several `--repo` compare commits, each figure taken for all of
them back to back (the same minute of a shared machine), e.g. before the thread fix:

    git worktree add /tmp/before 35dfc91
    python evals/bench/run.py --repo before=/tmp/before --repo after=. --repo-only before=query,review,ask
"load" starts `--load-procs` busy-loop processes before the measurement and stops them after it. Beside
every figure the 1-minute load average before the measurement is recorded: on a shared machine "quiet"
is only as quiet as the other users let it be.

- build:   `assistant ingest` of the default corpus into an empty data directory (wall, chunks/s)
- embed:   passage embedding rate of text the shipped vectors do not hold (an upload): 48 chunks of
           1,100 characters (chunks/s; MAX_DOCUMENT_CHUNKS is derived from it)
- reindex: `assistant ingest` again, nothing changed (wall)
- query:   query embedding p50/p95 of 40 distinct questions in one process (after 3 warm-ups)
- search:  one-shot `assistant search "..." --json` wall time (median of 3 processes)
- review:  `assistant review ID --json` of a 75-action plan: cold (no caches) and warm (the next process)
- ask:     `assistant ask ID "<roadmap question>" --json`: cold (no caches) and warm
- page:    reviewer page first render of that plan (Streamlit AppTest, fresh process; cold and warm), and
           "open": the same plan opened in an app process that has rendered the page for another plan
           before (a running server: streamlit, the package and the index loaded; this plan's caches
           cold, or its action vectors kept when they were written)
- chat:    20 simulated users through the offline drafting engine (evals/load/run.py): as people, with a
           pause to read and type before each turn (mean THINK_S, 60 s): turn p50/p95 (the goal); and as a
           stress test with no pause (30 s): stress p50/p95 and turns/s

Goals (issue 13, 2 cores): chat p95 <= 300 ms under load; review/ask <= 1 s warm, <= 3 s cold; page
<= 3 s; query p95 <= 50 ms under load; search <= 1.5 s; reindex <= 1 s; build <= 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from evals.bench.bench import Bench  # noqa: E402

ALL = ("build", "embed", "reindex", "query", "search", "review", "ask", "page", "chat")

GOALS: dict[str, tuple[str, float]] = {  # figure -> (how it is compared, goal in seconds or ms)
    "build_s": ("<=", 30.0),
    "reindex_s": ("<=", 1.0),
    "query_p95_ms": ("<=", 50.0),
    "search_s": ("<=", 1.5),
    "review_cold_s": ("<=", 3.0),
    "review_warm_s": ("<=", 1.0),
    "ask_cold_s": ("<=", 3.0),
    "ask_warm_s": ("<=", 1.0),
    "page_cold_s": ("<=", 3.0),
    "page_warm_s": ("<=", 3.0),
    # The first look at a plan whose actions were embedded when they were written (drafting, import):
    # derived caches empty, as "cold", but the action vectors kept (not an issue goal; the cold one's).
    "review_written_s": ("<=", 3.0),
    "ask_written_s": ("<=", 3.0),
    "page_written_s": ("<=", 3.0),
    "page_open_cold_s": ("<=", 3.0),
    "page_open_written_s": ("<=", 3.0),
    "chat_p95_ms": ("<=", 300.0),
}


@contextmanager
def cpu_load(processes: int) -> Iterator[None]:
    """`processes` busy loops for the duration of the block (started and stopped here)."""
    procs = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], stdout=subprocess.DEVNULL)
        for _ in range(processes)
    ]
    try:
        time.sleep(2)  # let the scheduler see them
        yield
    finally:
        for p in procs:
            p.kill()
        for p in procs:
            p.wait()


def measure(
    benches: dict[str, Bench],
    names: list[str],
    modes: list[str],
    save: Callable[[dict[str, Any]], None] = lambda _results: None,
) -> dict[str, Any]:
    """results[label][benchmark][mode]; with several repositories each figure is taken for all of them
    back to back (paired: the same minute of a shared machine)."""
    results: dict[str, Any] = {label: {} for label in benches}
    for name in names:
        for mode in modes:
            for label, bench in benches.items():
                if name not in bench.names:
                    continue
                fn: Callable[[], dict[str, float]] = getattr(bench, name)
                load_before = os.getloadavg()[0]
                try:
                    if mode == "load":
                        with cpu_load(bench.load_procs):
                            figures = fn()
                    else:
                        figures = fn()
                except (RuntimeError, subprocess.TimeoutExpired, KeyError, ValueError) as exc:
                    figures = {"error": str(exc)[-500:]}
                entry = {"loadavg_1m": round(load_before, 2), **{k: _round(v) for k, v in figures.items()}}
                results[label].setdefault(name, {})[mode] = entry
                print(f"{label:7} {name:8} {mode:5} load {load_before:5.2f}  {_describe(entry)}", flush=True)
                save(results)  # after every figure: a long run that is stopped keeps what it measured
    return results


def _round(value: Any) -> Any:
    return round(value, 3) if isinstance(value, float) else value


def _describe(entry: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in entry.items() if k != "loadavg_1m")


def table(results: dict[str, Any]) -> str:
    labels = list(results)
    head = " | ".join(f"{label} quiet | {label} load" for label in labels)
    rows = [f"| figure | goal | {head} |", "| --- | --- |" + " --- |" * (2 * len(labels))]
    for figure, (op, goal) in GOALS.items():
        name = figure.split("_")[0]
        cells = []
        for label in labels:
            for mode in ("quiet", "load"):
                entry = results[label].get(name, {}).get(mode, {})
                value = entry.get(figure)
                if value is None:
                    cells.append("-")
                else:
                    mark = "" if value <= goal else " ✗"
                    cells.append(f"{value:g}{mark} (load {entry.get('loadavg_1m', '?')})")
        if any(c != "-" for c in cells):
            rows.append(f"| {figure} | {op} {goal:g} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def git_commit(repo: Path) -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True)
    return out.stdout.strip() or "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default=",".join(ALL), help=f"Comma-separated subset of {','.join(ALL)}.")
    ap.add_argument("--modes", default="quiet,load", help="quiet, load or both.")
    ap.add_argument("--load-procs", type=int, default=3, help="Busy-loop processes for the load mode.")
    ap.add_argument(
        "--repo",
        action="append",
        default=None,
        metavar="[LABEL=]DIR",
        help="Repository (worktree) whose code is measured; repeat to compare (e.g. before=/tmp/before).",
    )
    ap.add_argument(
        "--repo-only",
        action="append",
        default=[],
        metavar="LABEL=NAMES",
        help="Run only these benchmarks for that repository (e.g. before=query,review,ask).",
    )
    ap.add_argument("--data-dir", type=Path, default=None, help="Existing data directory with an index.")
    ap.add_argument("--out", type=Path, default=None, help="Write the figures as JSON.")
    args = ap.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not set(names) <= set(ALL) or not set(modes) <= {"quiet", "load"}:
        ap.error(f"--only takes {','.join(ALL)}; --modes takes quiet,load")
    repos: dict[str, Path] = {}
    for spec in args.repo or [f"after={ROOT}"]:
        label, _, path = spec.rpartition("=")
        repos[label or f"repo{len(repos) + 1}"] = Path(path).resolve()
    only = {label: names_ for label, _, names_ in (x.partition("=") for x in args.repo_only)}

    with tempfile.TemporaryDirectory(prefix="assistant-bench-") as tmp:
        benches: dict[str, Bench] = {}
        for label, repo in repos.items():
            data_dir = Path(tmp) / label / "data"
            data_dir.parent.mkdir(parents=True)
            if args.data_dir:  # a copy per repository: caches and plans of one never help another
                shutil.copytree(args.data_dir, data_dir, ignore=shutil.ignore_patterns("cache"))
            subset = [n for n in names if label not in only or n in only[label].split(",")]
            benches[label] = bench = Bench(repo, data_dir, args.load_procs, subset)
            if not (data_dir / "chroma").exists() and set(subset) - {"build", "query"}:
                print(f"{label}: building the index in {data_dir} (not measured) ...", flush=True)
                bench.cli("ingest", "--json")
        started = time.strftime("%Y-%m-%d %H:%M:%S")

        def save(results: dict[str, Any]) -> None:
            if not args.out:
                return
            report = {
                "repos": {label: {"path": str(r), "commit": git_commit(r)} for label, r in repos.items()},
                "cpu_count": os.cpu_count(),
                "load_procs": args.load_procs,
                "started": started,
                "results": results,
            }
            args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

        results = measure(benches, names, modes, save)

    print()
    print(table(results))
    if args.out:
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
