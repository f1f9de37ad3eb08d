"""A missing server or tool skips a test on a developer's machine and fails it under CI=true."""

from __future__ import annotations

import pytest

from tests.requirements import requires, unavailable


@requires(lambda: False, "the widget server is not installed")
def _needs_widget() -> str:
    return "ran"


def test_missing_requirement_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="widget server"):
        _needs_widget()


def test_missing_requirement_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"widget server.*CI=true"):
        _needs_widget()
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL"):
        unavailable("PostgreSQL server binaries not found")


def test_present_requirement_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert requires(lambda: True, "never shown")(lambda: "ran")() == "ran"
