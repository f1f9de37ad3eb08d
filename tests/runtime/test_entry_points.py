"""Every entry point gets the project's thread defaults (one OpenMP/BLAS thread per query unless the
operator says otherwise): the Streamlit app and the eval and benchmark scripts, each in a fresh process
with no thread variables set, end up with OMP_NUM_THREADS=1 because they import `assistant` before any
embedding engine loads. (`evals/bench/run.py` imports nothing of the package on purpose: it starts the
measured repository's own processes, which must keep their own defaults, e.g. an older commit's.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.runtime.threads import POOL_VARIABLES

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import os, runpy, sys
path = sys.argv[1]
sys.argv = [path, "--help"]
try:
    runpy.run_path(path, run_name="__main__")
except SystemExit:
    pass
print("OMP", os.environ.get("OMP_NUM_THREADS"), os.environ.get("OPENBLAS_NUM_THREADS"), file=sys.stderr)
"""

_APP = """
import os, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("ui/app.py", default_timeout=600).run()
assert not at.exception, at.exception
print("OMP", os.environ.get("OMP_NUM_THREADS"), os.environ.get("OPENBLAS_NUM_THREADS"), file=sys.stderr)
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (*POOL_VARIABLES, "EMBED_QUERY_THREADS")}
    env.update(PYTHONPATH=str(ROOT), DATA_DIR=str(tmp_path / "data"), LLM_MODEL="")
    env.pop("DATABASE_URL", None)
    return env


def _threads(stderr: str) -> list[str]:
    line = next(line for line in reversed(stderr.splitlines()) if line.startswith("OMP "))
    return line.split()[1:]


@pytest.mark.parametrize(
    "script",
    [
        "evals/load/run.py",
        "evals/drafting/run.py",
        "evals/understanding/run_review.py",
        "evals/understanding/run_drafting.py",
        "evals/retrieval/run.py",
    ],
)
def test_eval_scripts_get_one_thread_per_query(script: str, tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(ROOT / script)],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert _threads(out.stderr) == ["1", "1"], out.stderr[-2000:]


@pytest.mark.slow  # a fresh Streamlit app run
def test_the_streamlit_app_gets_one_thread_per_query(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", _APP],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert _threads(out.stderr) == ["1", "1"], out.stderr[-2000:]
