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
import statistics
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

from evals.bench.scripts import (  # noqa: E402
    EMBED_SCRIPT,
    PAGE_OPEN_SCRIPT,
    PAGE_SCRIPT,
    PLAN_SCRIPT,
    QUERY_SCRIPT,
    WARM_SCRIPT,
)

THINK_S = 8.0  # mean pause of a person between a reply and their next message (an assumption)
ALL = ("build", "embed", "reindex", "query", "search", "review", "ask", "page", "chat")
ASK_QUESTION = "Miten suunnitelma liittyy tiekartan tietojohtamisen tehtäviin?"
SEARCH_QUERY = "Miten tiedon laatua ja master dataa kehitetään?"
TIMEOUT_S = 1800

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


class Bench:
    def __init__(self, repo: Path, data_dir: Path, load_procs: int, names: list[str]) -> None:
        self.repo = repo
        self.names = names
        self.data_dir = data_dir
        self.db_url = f"sqlite:///{data_dir.parent / 'bench-plans.sqlite3'}"
        self.load_procs = load_procs
        self.plan_id: str | None = None
        self.other_plan_id: str | None = None

    # --- processes -------------------------------------------------------------------------------------
    def env(self, data_dir: Path | None = None) -> dict[str, str]:
        # Thread variables are left to the measured code (an older commit has other defaults).
        drop = ("LLM_", "CHROMA_", "AUTH_", "OMP_", "OPENBLAS_", "MKL_", "EMBED_")
        env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
        env.update(
            PYTHONPATH=str(self.repo),
            DATA_DIR=str(data_dir or self.data_dir),
            DATABASE_URL=self.db_url,
            LLM_MODEL="",
            PYTHONDONTWRITEBYTECODE="1",
        )
        return env

    def run(self, args: list[str], data_dir: Path | None = None) -> tuple[float, str]:
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, *args],
            cwd=self.repo,
            env=self.env(data_dir),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
        elapsed = time.perf_counter() - started
        if out.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:4])} failed ({out.returncode}): {out.stderr[-2000:]}")
        return elapsed, out.stdout

    def cli(self, *args: str, data_dir: Path | None = None) -> tuple[float, str]:
        return self.run(["-m", "assistant.cli", *args], data_dir)

    def clear_caches(self) -> None:
        shutil.rmtree(self.data_dir / "cache", ignore_errors=True)

    def written(self) -> bool:
        """Caches cleared, then the plan's actions embedded as the drafting engine and the import do when
        they write them, then the derived caches (coverage, alignment) cleared again. False on a commit
        without that step."""
        self.clear_caches()
        try:
            self.run(["-c", WARM_SCRIPT, self.plan()])
        except RuntimeError:
            return False
        for entry in (self.data_dir / "cache").glob("*"):
            if entry.name == "vectors":
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink()
        return True

    def plan(self) -> str:
        if self.plan_id is None:
            _, out = self.run(["-c", PLAN_SCRIPT, self.db_url])
            self.plan_id = out.strip().splitlines()[-1]
        return self.plan_id

    def other_plan(self) -> str:
        """A second plan with other action texts (Swedish), rendered first by the "open" figure."""
        if self.other_plan_id is None:
            _, out = self.run(["-c", PLAN_SCRIPT, self.db_url, "sv"])
            self.other_plan_id = out.strip().splitlines()[-1]
        return self.other_plan_id

    # --- benchmarks (each returns figures) ---------------------------------------------------------------
    def build(self) -> dict[str, float]:
        target = Path(tempfile.mkdtemp(prefix="bench-build-", dir=self.data_dir.parent))
        try:
            wall, out = self.cli("ingest", "--json", "--quiet", data_dir=target)
        except RuntimeError:  # an older commit has no --quiet
            wall, out = self.cli("ingest", "--json", data_dir=target)
        finally:
            shutil.rmtree(target, ignore_errors=True)
        chunks = json.loads(out.strip().splitlines()[-1])["chunks"]
        return {"build_s": wall, "build_chunks": chunks, "build_chunks_per_s": chunks / wall}

    def embed(self) -> dict[str, float]:
        data = json.loads(self.run(["-c", EMBED_SCRIPT])[1].strip().splitlines()[-1])
        return {"embed_chunks_per_s": data["chunks_per_s"]}

    def reindex(self) -> dict[str, float]:
        return {"reindex_s": self.cli("ingest", "--json")[0]}

    def query(self) -> dict[str, float]:
        data = json.loads(self.run(["-c", QUERY_SCRIPT])[1].strip().splitlines()[-1])
        return {"query_p50_ms": data["p50"], "query_p95_ms": data["p95"], "query_max_ms": data["max"]}

    def search(self) -> dict[str, float]:
        walls = [self.cli("search", SEARCH_QUERY, "-k", "5", "--json")[0] for _ in range(3)]
        return {"search_s": statistics.median(walls)}

    def review(self) -> dict[str, float]:
        plan = self.plan()
        self.clear_caches()
        cold = self.cli("review", plan, "--json")[0]
        warm = self.cli("review", plan, "--json")[0]
        figures = {"review_cold_s": cold, "review_warm_s": warm}
        if self.written():
            figures["review_written_s"] = self.cli("review", plan, "--json")[0]
        return figures

    def ask(self) -> dict[str, float]:
        plan = self.plan()
        self.clear_caches()
        cold = self.cli("ask", plan, ASK_QUESTION, "--json")[0]
        warm = self.cli("ask", plan, ASK_QUESTION, "--json")[0]
        figures = {"ask_cold_s": cold, "ask_warm_s": warm}
        if self.written():
            figures["ask_written_s"] = self.cli("ask", plan, ASK_QUESTION, "--json")[0]
        return figures

    def page(self) -> dict[str, float]:
        plan = self.plan()
        self.clear_caches()
        cold, warm = self._render(plan), self._render(plan)
        figures = {"page_cold_s": cold, "page_warm_s": warm}
        if self.written():
            figures["page_written_s"] = self._render(plan)
        try:
            self.clear_caches()
            figures["page_open_cold_s"] = self._open(plan)
            if self.written():
                figures["page_open_written_s"] = self._open(plan)
        except RuntimeError:  # an older commit whose plans cannot be made in Swedish
            pass
        return figures

    def _open(self, plan: str) -> float:
        """The page's render of `plan` in a process that has rendered it for another plan first."""
        return float(self.run(["-c", PAGE_OPEN_SCRIPT, plan, self.other_plan()])[1].strip().splitlines()[-1])

    def _render(self, plan: str) -> float:
        """The reviewer page's first render of `plan` in a fresh process (seconds, as the script prints)."""
        return float(self.run(["-c", PAGE_SCRIPT, plan])[1].strip().splitlines()[-1])

    def chat(self) -> dict[str, float]:
        """20 users twice: as people (a pause to read and type before each turn, evals/load/run.py --think)
        and as a stress test (no pause: throughput)."""
        figures: dict[str, float] = {}
        for prefix, extra in (
            ("chat", ["--seconds", "60", "--think", str(THINK_S)]),
            ("stress", ["--seconds", "30"]),
        ):
            with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
                out = Path(fh.name)
            try:
                args = ["evals/load/run.py", "--users", "20", *extra, "--data-dir", str(self.data_dir)]
                self.run([*args, "--out", str(out)])
                data = json.loads(out.read_text(encoding="utf-8"))
            finally:
                out.unlink(missing_ok=True)
            figures |= {
                f"{prefix}_p50_ms": data["turn_ms_p50"],
                f"{prefix}_p95_ms": data["turn_ms_p95"],
                f"{prefix}_turns_per_s": data["turns_per_second"],
                f"{prefix}_errors": data["errors"],
            }
        return figures


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
