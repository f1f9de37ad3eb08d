"""Tests of the `assistant` command line (assistant.cli) through typer's CliRunner, plus one run of the
installed console script.

Settings are read from the environment (pydantic-settings), so every test clears the settings' variables,
sets DATA_DIR / KNOWLEDGE_DIR with monkeypatch and runs in a temporary working directory (no stray `.env`).

click 8.2+ (installed: 8.5) has no `mix_stderr`: `Result.stdout` is stdout only, `Result.stderr` is stderr
only and `Result.output` is both interleaved.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from assistant.cli import app
from assistant.i18n import load_catalog
from assistant.paths import KNOWLEDGE_DIR, PROJECT_ROOT
from assistant.settings import Settings

EXAMPLE_PLAN = KNOWLEDGE_DIR / "examples" / "esimerkkisuunnitelma.json"
TEMPLATE_DOC = "template_tietojohtamisen_kehittamissuunnitelma_2020"
SMALL_CORPUS_DOCS = {
    "news_kehittamissuunnitelmamalli_2020-06-05",
    "blog_tietojohtamisen_maakuntakierros_2018",
}
HIT_KEYS = {"text", "title", "section", "page", "score", "citation", "doc_id", "kind"}
FINDING_KEYS = {"severity", "code", "path", "message", "params"}
REPORT_KEYS = {"added", "unchanged", "removed", "errors", "seconds"}
OFF_TOPIC = "Mikä on paras resepti mustikkapiirakkaan?"

runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only the variables a test sets reach Settings(); no `.env` in the working directory."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)


def use_data(monkeypatch: pytest.MonkeyPatch, data_dir: Path, knowledge_dir: Path = KNOWLEDGE_DIR) -> None:
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    monkeypatch.setenv("KNOWLEDGE_DIR", str(knowledge_dir))


def example_plan() -> dict[str, Any]:
    return json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))


def json_stdout(result: Result) -> Any:
    return json.loads(result.stdout)


# --- schema -------------------------------------------------------------------------------------


def test_schema_prints_the_plan_json_schema() -> None:
    result = invoke("schema")
    assert result.exit_code == 0, result.output
    schema = json_stdout(result)
    assert schema["type"] == "object"
    assert {"kuvaus", "nykytila", "tavoitteet", "toimenpiteet", "arviointi", "meta"} <= set(
        schema["properties"]
    )


# --- validate -----------------------------------------------------------------------------------


@pytest.fixture
def plan_without_responsible(tmp_path: Path) -> Path:
    plan = copy.deepcopy(example_plan())
    assert plan["toimenpiteet"][0]["vastuuhenkilo"]
    plan["toimenpiteet"][0]["vastuuhenkilo"] = ""
    path = tmp_path / "no_responsible.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    return path


def test_validate_example_plan_exits_0() -> None:
    result = invoke("validate", str(EXAMPLE_PLAN))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("OK: 0 errors")


def test_validate_json_output_has_exactly_valid_and_findings() -> None:
    result = invoke("validate", str(EXAMPLE_PLAN), "--json")
    assert result.exit_code == 0, result.output
    report = json_stdout(result)
    assert set(report) == {"valid", "findings"}
    assert report["valid"] is True
    assert isinstance(report["findings"], list)
    for finding in report["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] != "error"


def test_validate_missing_responsible_exits_1(plan_without_responsible: Path) -> None:
    text = invoke("validate", str(plan_without_responsible))
    assert text.exit_code == 1, text.output
    assert "action_missing_responsible" in text.stdout
    assert text.stdout.splitlines()[-1].startswith("INVALID: 1 errors")

    as_json = invoke("validate", str(plan_without_responsible), "--json")
    assert as_json.exit_code == 1, as_json.output
    report = json_stdout(as_json)
    assert report["valid"] is False
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["path"]) for f in errors] == [
        ("action_missing_responsible", "/toimenpiteet/0/vastuuhenkilo")
    ]


def test_validate_malformed_json_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"meta": {', encoding="utf-8")
    result = invoke("validate", str(path), "--json")
    assert result.exit_code == 1, result.output
    report = json_stdout(result)
    assert report["valid"] is False
    assert [f["code"] for f in report["findings"]] == ["invalid_json"]


def test_validate_missing_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "ei_ole.json"
    result = invoke("validate", str(missing))
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a traceback
    assert str(missing) in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("lang", "expected", "not_expected"),
    [
        ("sv", "saknar ansvarsperson", "puuttuu vastuuhenkilö"),
        ("en", "has no responsible person", "puuttuu vastuuhenkilö"),
        ("fi", "puuttuu vastuuhenkilö", "saknar ansvarsperson"),
    ],
)
def test_validate_lang_switches_messages(
    plan_without_responsible: Path, lang: str, expected: str, not_expected: str
) -> None:
    result = invoke("validate", str(plan_without_responsible), "--json", "--lang", lang)
    assert result.exit_code == 1, result.output
    finding = next(f for f in json_stdout(result)["findings"] if f["code"] == "action_missing_responsible")
    assert expected in finding["message"]
    assert not_expected not in finding["message"]

    text = invoke("validate", str(plan_without_responsible), "--lang", lang)
    assert expected in text.stdout


def test_validate_language_from_env(monkeypatch: pytest.MonkeyPatch, plan_without_responsible: Path) -> None:
    monkeypatch.setenv("APP_LANGUAGE", "sv")
    result = invoke("validate", str(plan_without_responsible))
    assert result.exit_code == 1, result.output
    assert "saknar ansvarsperson" in result.stdout


def test_validate_survives_gettext_language_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en_US:en")
    result = invoke("validate", str(EXAMPLE_PLAN))
    assert result.exit_code == 0, result.output


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
