"""Fixtures of the review engine's tests."""

from __future__ import annotations

import pytest

from assistant.template.spec import TemplateSpec, load_template


@pytest.fixture(scope="session")
def spec() -> TemplateSpec:
    return load_template()
