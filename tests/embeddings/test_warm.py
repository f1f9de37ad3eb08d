"""Actions embedded when they are written: the reviewer's first look reads them from the cache; the
drafting engine hands every saved plan to the warmer; a failing model is logged, never raised."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from assistant.drafting.engine import DraftingEngine
from assistant.embeddings import vector_cache
from assistant.embeddings.warm import VectorWarmer
from assistant.storage import PlanStore
from tests.embeddings.test_vector_cache import Counting


@pytest.fixture(autouse=True)
def _new_process() -> None:
    vector_cache.clear_memory()


def test_a_saved_plans_actions_are_in_the_cache_for_the_next_process(tmp_path: Path) -> None:
    model = Counting()
    warmer = VectorWarmer(model, tmp_path)
    plan = SimpleNamespace(
        toimenpiteet=[SimpleNamespace(toimenpide=t) for t in ("Mittaristo", "Tietoallas", "")]
    )
    future = warmer.plan_saved(plan)
    assert future is not None
    future.result(timeout=10)
    assert model.asked == ["Mittaristo", "Tietoallas"]  # blank texts are not embedded
    vector_cache.clear_memory()  # the reviewer's process
    reviewer_model = Counting()
    vectors = vector_cache.cached_queries(reviewer_model, ["Mittaristo", "Tietoallas"], tmp_path)
    assert reviewer_model.asked == [] and vectors.shape == (2, 6)  # read, not embedded
    warmer.warm(["Mittaristo"]).result(timeout=10)  # type: ignore[union-attr]
    assert model.asked == ["Mittaristo", "Tietoallas"]  # seen before: not embedded again
    assert warmer.warm(["", "  "]) is None


def test_a_failing_model_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    class Broken(Counting):
        def embed_query_vector(self, text: str) -> np.ndarray:
            raise RuntimeError("model file missing")

    with caplog.at_level(logging.WARNING):
        VectorWarmer(Broken(), tmp_path).warm(["Mittaristo"]).result(timeout=10)  # type: ignore[union-attr]
    assert "ahead of review failed" in caplog.text


def test_the_engine_hands_each_changed_plan_to_after_save(tmp_path: Path) -> None:
    saved: list[list[str]] = []
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as store:
        engine = DraftingEngine(
            store, None, after_save=lambda plan: saved.append([a.toimenpide for a in plan.toimenpiteet])
        )
        pid = engine.start(author="t").plan_id
        engine.handle(pid, "mene Mittareiden kattavuus", author="t")
        assert saved == []  # nothing changed: nothing handed over
        engine.handle(pid, "oma: Yhtenäistämme mittarit palvelualueiden kesken", author="t")
        assert saved and saved[-1] == ["Yhtenäistämme mittarit palvelualueiden kesken"]
