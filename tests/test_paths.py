"""Where the data folders come from in a source checkout (the installed case: tests/test_wheel.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import assistant
from assistant import paths

CHECKOUT = Path(__file__).resolve().parents[1]


def test_checkout_reads_its_own_data_folders() -> None:
    # Several git worktrees share one editable install: each must read the knowledge/ beside its code.
    assert Path(assistant.__file__).resolve().parent.parent == CHECKOUT
    assert paths.KNOWLEDGE_DIR == CHECKOUT / "knowledge"
    assert paths.PROMPTS_DIR == CHECKOUT / "prompts"


def test_a_process_started_in_the_checkout_uses_the_checkout() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import json, assistant.paths as p; print(json.dumps(str(p.KNOWLEDGE_DIR)))"],
        cwd=CHECKOUT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert Path(json.loads(out)) == CHECKOUT / "knowledge"


def test_package_file_finds_data_inside_subpackages() -> None:
    assert paths.package_file("assistant.i18n", "locales/fi.yaml").is_file()
    assert paths.package_file("assistant.review", "rules.yaml").is_file()
