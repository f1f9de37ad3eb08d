"""The recorded county conversations (evals/drafting/transcripts) replay as recorded: every message sent
again to a fresh plan gets the reply that was recorded. A change of behaviour shows as a failing diff;
when the change is intended, play the county again (`evals/drafting/county_play.py`) and read the diff."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from assistant.container import Container
from assistant.settings import Settings
from evals.drafting.county_play import replay

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "evals" / "drafting" / "transcripts"


@pytest.mark.parametrize("name", ["fi_koskiseutu", "sv_vastkusten", "en_lakeside"])
def test_recorded_county_replays(name: str, corpus_kb_dir: Path, tmp_path: Path) -> None:
    recorded = (TRANSCRIPTS / f"{name}.txt").read_text(encoding="utf-8")
    recorded = recorded[: recorded.rindex("\nplan id:")].rstrip()
    messages = (TRANSCRIPTS / "messages" / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    settings = Settings(
        data_dir=corpus_kb_dir, database_url=f"sqlite:///{tmp_path / 'plans.db'}", llm_model=""
    )
    now = replay(name, messages, Container(settings, "offline")).rstrip()
    diff = list(difflib.unified_diff(recorded.splitlines(), now.splitlines(), "recorded", "now", lineterm=""))
    assert not diff, "\n".join(diff[:60])
