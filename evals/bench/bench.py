"""The benchmarks of `run.py`, one method each: every figure is taken in fresh processes running the code
of one repository (`--repo`), as a user would run it."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evals.bench.scripts import (
    EMBED_SCRIPT,
    PAGE_OPEN_SCRIPT,
    PAGE_SCRIPT,
    PLAN_SCRIPT,
    QUERY_SCRIPT,
    WARM_SCRIPT,
)

THINK_S = 8.0  # mean pause of a person between a reply and their next message (an assumption)
ASK_QUESTION = "Miten suunnitelma liittyy tiekartan tietojohtamisen tehtäviin?"
SEARCH_QUERY = "Miten tiedon laatua ja master dataa kehitetään?"
TIMEOUT_S = 1800


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
