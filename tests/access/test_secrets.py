"""Secrets never appear in error messages, logs, CLI output or exports: a database password in DATABASE_URL
(unreachable server, malformed URL, unknown driver, missing database) and an LLM API key (a failing or
unreachable endpoint, one that echoes the key back)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from assistant.access import redact
from assistant.cli import app
from assistant.drafting.engine import DraftingEngine
from assistant.drafting.llm import build_assist
from assistant.i18n import LANGUAGES
from assistant.paths import PROJECT_ROOT
from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.storage.db import redact_url, safe_url
from assistant.storage.repository import DatabaseUnavailableError
from tests.access.conftest import example_plan
from tests.llm.openai_stub import OpenAIStub, StubReply
from tests.requirements import unavailable
from tests.servers import free_port

SECRET = "s3cr3t-pw"
API_KEY = "sk-test-SECRET-0123456789"
runner = CliRunner()


def unreachable_url(password: str = SECRET) -> str:
    return f"postgresql+psycopg://planner:{password}@127.0.0.1:{free_port()}/plans"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only the variables a test sets reach Settings(); no `.env` in the working directory."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def assert_clean(*texts: str, secrets: tuple[str, ...] = (SECRET, API_KEY)) -> None:
    for text in texts:
        for secret in secrets:
            assert secret not in text, f"secret leaked: {text[:500]}"


# --- masking helpers -----------------------------------------------------------------------------------


def test_safe_url_and_redaction() -> None:
    url = "postgresql+psycopg://planner:p%40ss%3Aw%2Frd@db.example.fi:5432/plans"
    password = make_url(url).password
    assert password == "p@ss:w/rd"
    assert safe_url(url) == "postgresql+psycopg://planner:***@db.example.fi:5432/plans"
    text = f"failed for {url} (password {password}, encoded p%40ss%3Aw%2Frd)"
    cleaned = redact_url(text, url)
    assert "p@ss:w/rd" not in cleaned and "p%40ss%3Aw%2Frd" not in cleaned
    assert "planner:***@db.example.fi" in cleaned
    assert safe_url("sqlite:////tmp/plans.sqlite3") == "sqlite:////tmp/plans.sqlite3"
    assert safe_url("not a url with s3cr3t-pw") == "***"


def test_redact_removes_configured_secrets_url_passwords_and_keys() -> None:
    settings = Settings(_env_file=None, database_url=unreachable_url(), llm_api_key=API_KEY)  # type: ignore[call-arg]
    text = (
        f"db {settings.effective_database_url} pw={SECRET} key={API_KEY} "
        "other https://user:hunter2@proxy.example:8080/x sk-abcdefghijkl"
    )
    cleaned = redact(text, settings)
    assert_clean(cleaned, secrets=(SECRET, API_KEY, "hunter2", "sk-abcdefghijkl"))
    assert "https://user:***@proxy.example:8080/x" in cleaned


def test_settings_never_show_the_database_password_or_key() -> None:
    url = unreachable_url()
    settings = Settings(_env_file=None, database_url=url, llm_api_key=API_KEY)  # type: ignore[call-arg]
    assert settings.effective_database_url == url  # the value itself is still there for the engine
    assert_clean(repr(settings), str(settings), settings.model_dump_json(), str(settings.model_dump()))
    assert SECRET not in settings.safe_database_url and "planner:***@" in settings.safe_database_url
    assert SECRET in settings.secrets() and API_KEY in settings.secrets()
    # an empty DATABASE_URL in .env means "the SQLite file"
    assert Settings(_env_file=None, database_url="").database_url is None  # type: ignore[call-arg]


# --- database failures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        unreachable_url(),
        f"postgresql+psycopg://planner:{SECRET}@127.0.0.1:notaport/plans",
        f"nosuchdriver://planner:{SECRET}@127.0.0.1/plans",
        f"{SECRET} is not a URL",
    ],
    ids=["unreachable", "bad-port", "unknown-driver", "unparseable"],
)
def test_database_errors_mask_the_password(url: str, all_logs: pytest.LogCaptureFixture) -> None:
    settings = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    with pytest.raises(DatabaseUnavailableError) as error:
        PlanStore.from_settings(settings)
    texts = [str(error.value), repr(error.value), *(error.value.message(lang) for lang in LANGUAGES)]
    assert_clean(*texts, all_logs.text)
    # raised `from None`: a printed traceback does not chain the driver's exception
    assert error.value.__cause__ is None and error.value.__suppress_context__
    assert not error.value.message("fi").startswith("storage.")
    if "127.0.0.1:" in url and "notaport" not in url:
        assert "planner:***@127.0.0.1" in error.value.message("fi")


def test_missing_postgres_database_is_reported_without_the_password(
    postgres_url: str, all_logs: pytest.LogCaptureFixture
) -> None:
    url = make_url(postgres_url).set(password=SECRET, database="no_such_database")
    with pytest.raises(DatabaseUnavailableError) as error:
        PlanStore(url.render_as_string(hide_password=False))
    assert "no_such_database" in str(error.value)
    assert_clean(str(error.value), error.value.message("en"), all_logs.text)


# --- the command line ------------------------------------------------------------------------------------


def test_cli_database_failure_prints_no_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DATABASE_URL", unreachable_url())
    result = runner.invoke(app, ["plans", "--lang", "en"])
    assert result.exit_code == 2
    assert "planner:***@127.0.0.1" in result.output
    assert_clean(result.output)


def test_installed_cli_output_has_no_password(tmp_path: Path) -> None:
    """The console script in a real process (tracebacks included, if any) for plans and export."""
    env = {k: v for k, v in os.environ.items() if k.upper() not in {n.upper() for n in Settings.model_fields}}
    env.update(DATA_DIR=str(tmp_path / "data"), DATABASE_URL=unreachable_url(), LLM_API_KEY=API_KEY)
    script = PROJECT_ROOT / ".venv" / "bin" / "assistant"
    if not script.exists():
        unavailable(f"the console script is not installed: {script} (make install)")
    for args in (["plans"], ["export", "0" * 32, "--format", "json", "-o", str(tmp_path / "x.json")]):
        done = subprocess.run(
            [str(script), *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert done.returncode != 0, args
        assert_clean(done.stdout, done.stderr)
        assert "***" in done.stdout + done.stderr, (args, done.stderr[-800:])


def test_cli_with_a_password_in_a_working_url(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """PostgreSQL trusts the test cluster's logins, so a URL with a password works: listing and exporting
    a plan then never print it, and the export file does not hold it."""
    url = make_url(postgres_url).set(password=SECRET).render_as_string(hide_password=False)
    with PlanStore(url) as store:
        stored = store.create(example_plan(), author="anna", organisation="pirkanmaa")
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DATABASE_URL", url)
    listing = runner.invoke(app, ["plans", "--json", "--org", "pirkanmaa"])
    assert listing.exit_code == 0, listing.output
    assert [p["id"] for p in json.loads(listing.stdout)] == [stored.id]
    out = tmp_path / "plan.json"
    exported = runner.invoke(app, ["export", stored.id, "--format", "json", "-o", str(out), "--draft"])
    assert exported.exit_code == 0, exported.output
    assert_clean(listing.output, exported.output, out.read_text(encoding="utf-8"))


# --- the language model ------------------------------------------------------------------------------------


def _llm_settings(tmp_path: Path, base_url: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=tmp_path / "data",
        database_url=f"sqlite:///{tmp_path / 'plans.sqlite3'}",
        llm_model="stub-model",
        llm_base_url=base_url,
        llm_api_key=API_KEY,
        llm_timeout_s=5,
        llm_max_retries=0,
    )


def _turn_texts(settings: Settings) -> tuple[list[str], Any]:
    store = PlanStore.from_settings(settings)
    engine = DraftingEngine(store, None, assist=build_assist(settings, None))
    started = engine.start(author="anna", language="fi")
    turn = engine.handle(started.plan_id, "Pirkanmaan hyvinvointialue", author="anna")
    texts = [turn.reply, turn.notice or "", *(m.content for m in store.transcript(started.plan_id))]
    texts.append(json.dumps(store.get(started.plan_id).model_dump(mode="json"), ensure_ascii=False))
    return texts, turn


def test_llm_key_echoed_by_a_failing_endpoint_stays_out(
    tmp_path: Path, all_logs: pytest.LogCaptureFixture
) -> None:
    echo = StubReply(status=401, error=f"Incorrect API key provided: {API_KEY}. Check {API_KEY} again.")
    with OpenAIStub([echo]) as stub:
        texts, turn = _turn_texts(_llm_settings(tmp_path, stub.url))
        assert stub.headers and stub.headers[0]["authorization"] == f"Bearer {API_KEY}"  # it was sent
    assert turn.notice  # the offline engine answered and said why
    assert_clean(*texts, all_logs.text)


def test_llm_unreachable_endpoint_with_key(tmp_path: Path, all_logs: pytest.LogCaptureFixture) -> None:
    texts, turn = _turn_texts(_llm_settings(tmp_path, f"http://127.0.0.1:{free_port()}/v1"))
    assert turn.notice
    assert_clean(*texts, all_logs.text)


def test_cli_chat_with_a_failing_model_prints_no_key(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    echo = StubReply(status=500, error=f"upstream rejected key {API_KEY}")
    with OpenAIStub([echo]) as stub:
        monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
        monkeypatch.setenv("LLM_MODEL", "stub-model")
        monkeypatch.setenv("LLM_BASE_URL", stub.url)
        monkeypatch.setenv("LLM_API_KEY", API_KEY)
        monkeypatch.setenv("LLM_MAX_RETRIES", "0")
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'plans.sqlite3'}")
        result = runner.invoke(app, ["chat", "--org", "pirkanmaa"], input="Pirkanmaan hyvinvointialue\n")
    assert result.exit_code == 0, result.output
    assert "plan id:" in result.output
    assert_clean(result.output)
    plan_id = result.output.rsplit("plan id:", 1)[1].strip()
    with PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}") as store:
        assert store.organisation_of(plan_id) == "pirkanmaa"


# --- .env.example -----------------------------------------------------------------------------------------


def test_env_example_has_no_real_values() -> None:
    text = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith(("DATABASE_URL=", "LLM_API_KEY=")):
            pytest.fail(f"an active secret setting in .env.example: {line}")
    assert not any(
        "@" in url and ":" in url.split("@")[0].split("//")[-1]
        for url in (w for line in text.splitlines() for w in line.split() if "://" in w)
    ), "a URL with a password in .env.example"
