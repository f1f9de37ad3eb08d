"""Settings: every setting is documented in .env.example, and values there are read correctly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.paths import PROJECT_ROOT
from assistant.settings import Settings

EXAMPLE = PROJECT_ROOT / ".env.example"


def _documented() -> dict[str, str]:
    return {
        m.group(1): m.group(2)
        for m in re.finditer(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$", EXAMPLE.read_text(), re.M)
    }


def test_every_setting_is_documented_and_nothing_else() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    assert set(_documented()) == fields


def test_example_values_are_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    env = tmp_path / ".env"
    active = [line for line in EXAMPLE.read_text().splitlines() if re.match(r"^[A-Z]", line)]
    env.write_text("\n".join(active) + "\n")
    from_file = Settings(_env_file=env)  # type: ignore[call-arg]
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    assert from_file.model_dump() == defaults.model_dump()


def test_example_has_no_secrets() -> None:
    text = EXAMPLE.read_text().lower()
    assert not re.search(r"(api_key|password|secret|token)[ \t]*=[ \t]*\S", text)


def test_gettext_language_variable_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en_US:en")
    monkeypatch.setenv("APP_LANGUAGE", "sv")
    assert Settings(_env_file=None).app_language == "sv"  # type: ignore[call-arg]
