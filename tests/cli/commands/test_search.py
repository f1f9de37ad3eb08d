"""`assistant search` (assistant.cli) over the full corpus index (built once per session) through typer's
CliRunner: the hits' contract fields, a queries file, the kind filter, an off-topic query, the argument
check, plus one run of the installed console script.

Settings are read from the environment (pydantic-settings), so every test clears the settings' variables
(`clean_env` in conftest.py), sets DATA_DIR / KNOWLEDGE_DIR with monkeypatch and runs in a temporary
working directory (no stray `.env`).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from assistant.i18n import load_catalog
from assistant.paths import PROJECT_ROOT
from assistant.settings import Settings
from tests.cli.commands.helpers import invoke, json_stdout, use_data

TEMPLATE_DOC = "template_tietojohtamisen_kehittamissuunnitelma_2020"
HIT_KEYS = {"text", "title", "section", "page", "score", "citation", "doc_id", "kind"}
OFF_TOPIC = "Mikä on paras resepti mustikkapiirakkaan?"


# --- search (full corpus index, built once per session) -----------------------------------------


@pytest.fixture
def corpus_env(monkeypatch: pytest.MonkeyPatch, corpus_kb_dir: Path) -> Path:
    use_data(monkeypatch, corpus_kb_dir)
    return corpus_kb_dir


def search_json(*args: str) -> list[dict[str, Any]]:
    result = invoke("search", *args, "--json")
    assert result.exit_code == 0, result.output
    hits = json_stdout(result)
    assert isinstance(hits, list)
    return hits


@pytest.mark.usefixtures("corpus_env")
def test_search_json_hits_have_the_contract_fields() -> None:
    hits = search_json("Miten tietosuoja huomioidaan tietojohtamisessa?", "-k", "3")
    assert 1 <= len(hits) <= 3
    for hit in hits:
        assert set(hit) >= HIT_KEYS
        assert isinstance(hit["text"], str) and hit["text"].strip()
        assert isinstance(hit["title"], str) and hit["title"]
        assert isinstance(hit["section"], str)
        assert hit["page"] is None or isinstance(hit["page"], int)
        assert isinstance(hit["score"], float) and hit["score"] > 0
        assert hit["citation"].startswith(hit["title"])
        if hit["section"]:
            assert hit["section"] in hit["citation"]
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.usefixtures("corpus_env")
def test_search_tietosuoja_finds_the_template() -> None:
    hits = search_json("Miten tietosuoja huomioidaan tietojohtamisessa?", "-k", "3")
    assert TEMPLATE_DOC in [h["doc_id"] for h in hits]


@pytest.mark.usefixtures("corpus_env")
def test_search_queries_file_prints_one_json_line_per_query(tmp_path: Path) -> None:
    queries = tmp_path / "queries.txt"
    queries.write_text("tietosuoja\n\nalueellisen toimeenpanon tiekartta\n", encoding="utf-8")
    result = invoke("search", "--queries-file", str(queries), "-k", "2", "--json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    rows = [json.loads(line) for line in lines]
    assert [r["query"] for r in rows] == ["tietosuoja", "alueellisen toimeenpanon tiekartta"]
    for row in rows:
        assert {"query", "hits"} <= set(row)
        assert 1 <= len(row["hits"]) <= 2
        assert all(set(h) >= HIT_KEYS for h in row["hits"])


@pytest.mark.usefixtures("corpus_env")
def test_search_kind_filter() -> None:
    query = "tietojohtamisen kehittäminen hyvinvointialueella"
    unfiltered = search_json(query, "-k", "10")
    assert {h["kind"] for h in unfiltered} - {"roadmap"}, "the filter test needs other kinds unfiltered"
    filtered = search_json(query, "-k", "5", "--kind", "roadmap")
    assert filtered
    assert {h["kind"] for h in filtered} == {"roadmap"}


@pytest.mark.usefixtures("corpus_env")
def test_search_off_topic_is_empty_with_reason_on_stderr() -> None:
    result = invoke("search", OFF_TOPIC, "-k", "3", "--json")
    assert result.exit_code == 0, result.output
    assert json_stdout(result) == []
    assert result.stderr.strip() == load_catalog("fi").t("search.no_relevant")


def test_search_needs_exactly_one_of_query_and_file(tmp_path: Path) -> None:
    queries = tmp_path / "q.txt"
    queries.write_text("tietosuoja\n", encoding="utf-8")
    for args in ([], ["tietosuoja", "--queries-file", str(queries)]):
        result = invoke("search", *args)
        assert result.exit_code == 2
        assert "QUERY" in result.stderr


def test_console_script_search(corpus_kb_dir: Path, tmp_path: Path) -> None:
    """The installed entry point (`.venv/bin/assistant`) works end to end."""
    script = PROJECT_ROOT / ".venv" / "bin" / "assistant"
    assert script.is_file(), f"console script missing: {script}"
    env = {k: v for k, v in os.environ.items() if k.upper() not in {n.upper() for n in Settings.model_fields}}
    env["DATA_DIR"] = str(corpus_kb_dir)
    proc = subprocess.run(
        [str(script), "search", "tietosuoja", "-k", "2", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    hits = json.loads(proc.stdout)
    assert isinstance(hits, list)
    assert 1 <= len(hits) <= 2
    assert all(set(h) >= HIT_KEYS for h in hits)
