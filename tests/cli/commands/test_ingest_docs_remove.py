"""`assistant ingest`, `docs` and `remove` (assistant.cli) over a small corpus and its own index through
typer's CliRunner: incremental ingest, the JSON report, a bad PDF beside good documents, the documents
listed, a document removed, and a model mismatch reported cleanly.

Settings are read from the environment (pydantic-settings), so every test clears the settings' variables
(`clean_env` in conftest.py), sets DATA_DIR / KNOWLEDGE_DIR with monkeypatch and runs in a temporary
working directory (no stray `.env`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings
from tests.cli.commands.helpers import invoke, json_stdout, use_data

SMALL_CORPUS_DOCS = {
    "news_kehittamissuunnitelmamalli_2020-06-05",
    "blog_tietojohtamisen_maakuntakierros_2018",
}
REPORT_KEYS = {"added", "unchanged", "removed", "errors", "seconds"}


# --- ingest / docs / remove (small corpus, own index) --------------------------------------------


@pytest.fixture
def small_env(monkeypatch: pytest.MonkeyPatch, small_settings: Settings) -> Settings:
    use_data(monkeypatch, small_settings.data_dir, small_settings.knowledge_dir)
    return small_settings


def store_count(settings: Settings) -> int:
    from assistant.services import build_knowledge_base

    return build_knowledge_base(settings).store.count()


def docs_json() -> list[dict[str, Any]]:
    result = invoke("docs", "--json")
    assert result.exit_code == 0, result.output
    return json_stdout(result)


@pytest.fixture
def good_txt(tmp_path: Path) -> Path:
    path = tmp_path / "muistio.txt"
    path.write_text(
        "Tietoallasmuistio\n\nHyvinvointialueen tietoallas kokoaa asiakas- ja talousdatan raportointia "
        "varten. Raportoinnin vastuuhenkilö on tietojohtamisen kehittämispäällikkö.\n",
        encoding="utf-8",
    )
    return path


def test_ingest_is_incremental(small_env: Settings) -> None:
    first = invoke("ingest")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("added ")
    added = int(first.stdout.split()[1].rstrip(","))
    assert added > 0
    assert "unchanged 0" in first.stdout

    second = invoke("ingest")
    assert second.exit_code == 0, second.output
    assert second.stdout.startswith("added 0, ")
    assert f"unchanged {added}," in second.stdout
    assert "removed 0" in second.stdout


def test_ingest_json_report(small_env: Settings) -> None:
    result = invoke("ingest", "--json")
    assert result.exit_code == 0, result.output
    report = json_stdout(result)
    assert set(report) >= REPORT_KEYS
    assert report["added"] > 0
    assert report["unchanged"] == 0
    assert report["removed"] == 0
    assert report["errors"] == []
    assert isinstance(report["seconds"], float) and report["seconds"] > 0
    assert report["chunks"] == report["added"] == store_count(small_env)


@pytest.mark.parametrize("header", [b"", b"%PDF-1.7\n"], ids=["random", "pdf-header"])
def test_ingest_rejects_bad_pdf_but_indexes_the_rest(
    small_env: Settings, tmp_path: Path, header: bytes
) -> None:
    bad = tmp_path / "BAD.pdf"
    bad.write_bytes(header + os.urandom(8192))
    result = invoke("ingest", str(bad))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "BAD.pdf" in result.stderr
    assert store_count(small_env) > 0
    assert {d["doc_id"] for d in docs_json()} == SMALL_CORPUS_DOCS

    as_json = invoke("ingest", "--json", str(bad))
    assert as_json.exit_code == 1
    errors = json_stdout(as_json)["errors"]
    assert [Path(e["file"]).name for e in errors] == ["BAD.pdf"]
    assert errors[0]["code"] and "BAD.pdf" in errors[0]["message"]


def test_docs_lists_corpus_and_given_file(small_env: Settings, good_txt: Path) -> None:
    result = invoke("ingest", str(good_txt))
    assert result.exit_code == 0, result.output
    listing = docs_json()
    by_id = {d["doc_id"]: d for d in listing}
    extra = set(by_id) - SMALL_CORPUS_DOCS
    assert set(by_id) >= SMALL_CORPUS_DOCS
    assert len(extra) == 1
    doc = by_id[extra.pop()]
    assert doc["kind"] == "upload"
    assert doc["source"] == str(good_txt.resolve())
    assert doc["chunks"] >= 1
    assert all(by_id[d]["kind"] == "guidance" for d in SMALL_CORPUS_DOCS)

    # The given path is remembered: a later plain `ingest` keeps it unchanged.
    again = invoke("ingest", "--json")
    assert json_stdout(again)["added"] == 0
    assert {d["doc_id"] for d in docs_json()} == set(by_id)


def test_remove_document(small_env: Settings, good_txt: Path) -> None:
    assert invoke("ingest", str(good_txt)).exit_code == 0
    before = store_count(small_env)
    doc_id = next(d["doc_id"] for d in docs_json() if d["kind"] == "upload")
    chunks = next(d["chunks"] for d in docs_json() if d["doc_id"] == doc_id)

    result = invoke("remove", doc_id)
    assert result.exit_code == 0, result.output
    assert f"removed {chunks} chunks of {doc_id}" in result.stdout
    assert doc_id not in {d["doc_id"] for d in docs_json()}
    assert store_count(small_env) == before - chunks
    assert good_txt.is_file()  # a file given by path is the user's own: not deleted

    again = invoke("remove", doc_id)
    assert again.exit_code == 1
    assert doc_id in again.stderr


@pytest.mark.parametrize("command", [["docs"], ["remove", "some-doc"]], ids=["docs", "remove"])
def test_docs_and_remove_report_a_model_mismatch_cleanly(small_env: Settings, command: list[str]) -> None:
    from assistant.vectorstore.chroma import ChromaStore, make_client

    ChromaStore(make_client(small_env.chroma_dir), small_env.chroma_collection, "other-model", 384)
    result = invoke(*command)
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)
    assert "--rebuild" in result.stderr
