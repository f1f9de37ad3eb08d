"""Helpers shared by the tests of the `assistant` commands (assistant.cli) through typer's CliRunner: a
call of the command line, its stdout as JSON, and the data and knowledge directories set for Settings.

click 8.2+ (installed: 8.5) has no `mix_stderr`: `Result.stdout` is stdout only, `Result.stderr` is stderr
only and `Result.output` is both interleaved.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from assistant.cli import app
from assistant.paths import KNOWLEDGE_DIR

runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


def use_data(monkeypatch: pytest.MonkeyPatch, data_dir: Path, knowledge_dir: Path = KNOWLEDGE_DIR) -> None:
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.setenv("KNOWLEDGE_DIR", str(knowledge_dir))


def json_stdout(result: Result) -> Any:
    return json.loads(result.stdout)
