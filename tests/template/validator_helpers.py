"""Helpers of the validator tests: edits that change the example plan in one place, and readers of a
validation report (codes by severity, findings of one code, messages without unformatted placeholders)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.paths import KNOWLEDGE_DIR
from assistant.template.validator import Finding, ValidationReport

EXAMPLE_PLAN = KNOWLEDGE_DIR / "examples" / "esimerkkisuunnitelma.json"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")

Plan = dict[str, Any]


def codes(report: ValidationReport, severity: str) -> list[str]:
    return [f.code for f in report.by_severity(severity)]  # type: ignore[arg-type]


def only(report: ValidationReport, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def assert_placeholders_formatted(report: ValidationReport) -> None:
    for finding in report.findings:
        assert not PLACEHOLDER.search(finding.message), finding.message
        assert finding.message.strip()


def set_at(*path: Any, value: Any) -> Callable[[Plan], None]:
    """An edit that sets the value at `path` (keys and list indexes) of a plan."""

    def mutate(plan: Plan) -> None:
        node: Any = plan
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return mutate


def empty_section(key: str) -> Callable[[Plan], None]:
    """An edit that empties every field of the plan's section `key`."""

    def mutate(plan: Plan) -> None:
        for field in plan[key]:
            plan[key][field] = ""

    return mutate
