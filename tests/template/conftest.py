"""Fixtures shared by the validator tests: the example plan (knowledge/examples), which has no errors and no
warnings, as a fresh deep copy for every test."""

from __future__ import annotations

import copy
import json

import pytest

from tests.template.validator_helpers import EXAMPLE_PLAN, Plan


@pytest.fixture(scope="module")
def _example_plan_data() -> Plan:
    return json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))


@pytest.fixture
def example_plan(_example_plan_data: Plan) -> Plan:
    """A fresh deep copy of the example plan for every test."""
    return copy.deepcopy(_example_plan_data)
