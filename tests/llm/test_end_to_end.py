"""The well-formed path end to end: `assistant chat` (stdin) and `assistant ask` as real processes against a
scripted OpenAI-compatible server that answers what it is asked with valid structured output. The model's
extraction is stored, its proposal passes the citation check and is accepted into the plan, and its
reviewer answer passes the figure check and is printed as the model's. A wrong model name is said once,
in words, and the offline engine goes on (no traceback)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.storage import PlanStore
from tests.llm.openai_stub import OpenAIStub

ROOT = Path(__file__).resolve().parents[2]
REGION = "Pohjanrannikon hyvinvointialue"
ACTION = "Laadimme alueen mittaristosuunnitelman yhdessä palvelualueiden kanssa"


def _prompt(body: dict[str, Any]) -> str:
    return "\n".join(str(m.get("content") or "") for m in body.get("messages", []))


def respond(body: dict[str, Any]) -> str:
    """A model that does its job: the reading of each chat message, the asked value, a proposal citing a
    passage it was given, and an answer stating the computed counts."""
    text = _prompt(body)
    if "<viesti>" in text:  # reading a chat message: the interpreter's structured output
        message = text.rsplit("<viesti>", 1)[-1].split("</viesti>", 1)[0].strip()
        if message.startswith("mene "):
            reading = {"intent": "navigate", "slots": {"area": "MITTARIT"}, "confidence": 0.95}
        elif message.startswith("hyväksy"):
            reading = {"intent": "accept_proposals", "slots": {"numbers": [1]}, "confidence": 0.95}
        else:
            reading = {"intent": "answer", "slots": {}, "confidence": 0.95}
        return json.dumps({**reading, "language": "fi", "alternatives": []}, ensure_ascii=False)
    if "<tiedot>" in text:  # the reviewer answer
        facts = json.loads(text.split("<tiedot>", 1)[1].split("</tiedot>", 1)[0])
        counts = [f["count"] for f in facts if f.get("count")]
        said = " ".join(f"Laskettu määrä: {c}." for c in counts) or "Suunnitelmasta ei löytynyt puutteita."
        return json.dumps({"text": f"Kielimallin yhteenveto. {said}", "lahteet": []}, ensure_ascii=False)
    if "Kehittämiskohde:" in text:  # proposals
        ids = re.findall(r'<katkelma id="([^"]+)"', text)
        return json.dumps({"toimenpiteet": [{"toimenpide": ACTION, "lahteet": ids[:1]}]}, ensure_ascii=False)
    answer = text.rsplit("<vastaus>", 1)[-1].split("</vastaus>", 1)[0].strip()
    return json.dumps({"value": answer}, ensure_ascii=False)


def _cli(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )


@pytest.fixture
def cli_env(corpus_kb_dir: Path, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LLM_", "OPENAI_"))}
    env.update(
        DATA_DIR=str(corpus_kb_dir),
        DATABASE_URL=f"sqlite:///{tmp_path}/plans.sqlite3",
        NO_PROXY="127.0.0.1,localhost",
        PYTHONPATH=str(ROOT),
    )
    return env


def test_chat_and_ask_through_a_well_formed_model(cli_env: dict[str, str], tmp_path: Path) -> None:
    with OpenAIStub([], responder=respond) as stub:
        env = {**cli_env, "LLM_MODEL": "scripted", "LLM_BASE_URL": stub.url}
        chat = _cli(["chat", "--lang", "fi"], env, f"{REGION}\nmene mittarit\nhyväksy 1\n")
        assert chat.returncode == 0, chat.stderr
        assert "Traceback" not in chat.stderr and "offline" not in chat.stdout
        plan_id = chat.stdout.rsplit("plan id:", 1)[1].strip()
        assert ACTION in chat.stdout  # the model's proposal was shown ...
        ask = _cli(["ask", plan_id, "Mitkä toimenpiteet ovat ilman vastuuhenkilöä?", "--lang", "fi"], env)
        kinds = stub.response_formats()
    assert ask.returncode == 0, ask.stderr
    assert re.search(r"Kielimallin yhteenveto\. Laskettu määrä: \d+\.", ask.stdout)  # passed the figure check
    assert "kielimallin kirjoittama vastaus" in ask.stdout
    # every structured call got through with the first method: json_schema, no fallback, no repair
    assert kinds and set(kinds) == {"json_schema"}
    with PlanStore(cli_env["DATABASE_URL"]) as store:
        plan = store.get(plan_id).plan
    assert plan.kuvaus.sote_maakunta == REGION  # the model's extraction
    action = plan.toimenpiteet[0]  # ... passed the citation check and was accepted
    assert action.toimenpide == ACTION and action.lahteet and action.alkupera == "proposal"


def test_a_wrong_model_name_is_said_once_and_the_chat_goes_on_offline(cli_env: dict[str, str]) -> None:
    env = {**cli_env, "LLM_MODEL": "foo:bar"}
    chat = _cli(["chat", "--lang", "fi"], env, f"{REGION}\n")
    assert chat.returncode == 0 and "Traceback" not in chat.stderr + chat.stdout
    assert chat.stderr.count("Kielimallia ei voi käyttää") == 1
    assert "tarjoajaa foo ei tunneta" in chat.stderr and "offline-tila" in chat.stderr
    plan_id = chat.stdout.rsplit("plan id:", 1)[1].strip()
    ask = _cli(["ask", plan_id, "Mitkä toimenpiteet ovat ilman vastuuhenkilöä?", "--lang", "en"], env)
    assert ask.returncode == 0 and "Traceback" not in ask.stderr
    assert ask.stderr.count("The language model cannot be used") == 1 and ask.stdout.strip()


def test_an_unreachable_server_is_said_once(cli_env: dict[str, str]) -> None:
    env = {**cli_env, "LLM_MODEL": "local", "LLM_BASE_URL": "http://127.0.0.1:9/v1"}
    chat = _cli(["chat", "--lang", "sv"], env, f"{REGION}\n")
    assert chat.returncode == 0 and "Traceback" not in chat.stderr
    assert chat.stderr.count("det går inte att ansluta till servern http://127.0.0.1:9/v1") == 1


def test_a_model_the_server_does_not_serve_is_said_once_with_the_served_names(
    cli_env: dict[str, str],
) -> None:
    with OpenAIStub([], responder=respond, models=("smollm2",)) as stub:
        env = {**cli_env, "LLM_MODEL": "smollm", "LLM_BASE_URL": stub.url}
        chat = _cli(["chat", "--lang", "en"], env, f"{REGION}\n")
        plan_id = chat.stdout.rsplit("plan id:", 1)[1].strip()
        ask = _cli(["ask", plan_id, "Mitkä toimenpiteet ovat ilman vastuuhenkilöä?", "--lang", "fi"], env)
        calls = len(stub.requests)
    for run, said in (
        (chat, "does not serve the model smollm; it serves: smollm2"),
        (ask, "tarjoaa: smollm2"),
    ):
        assert run.returncode == 0 and "Traceback" not in run.stderr + run.stdout
        assert run.stderr.count(said) == 1
    assert calls == 0  # no model call was made: the offline engine answered
