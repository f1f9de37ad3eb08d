"""Rendered text is escaped everywhere in the app: every page, rendered with AppTest over a template, a
plan, a transcript, comments and documents that all carry Markdown/HTML payloads, shows them only as
literal text. Every string that Streamlit renders as Markdown (text elements, alerts, labels, help,
table cells, tab and expander labels, radio options) is checked: no payload appears unescaped, and each
page does show the hostile text (escaped), so the check is not vacuous."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
import streamlit.testing.v1.element_tree as et
import yaml
from streamlit.testing.v1 import AppTest

from assistant.drafting.engine import DraftingEngine
from assistant.services import build_knowledge_base
from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.storage.comments import CommentStore
from assistant.template.models import SourceRef, plan_model
from assistant.template.spec import load_template
from tests.conftest import make_small_knowledge
from tests.fixtures.plans import example_plan

HOSTILE = (
    "<script>alert('x')</script> **lihavoitu** [linkki](javascript:alert(1)) ![kuva](http://x.invalid/p.png)"
)
# What must never reach Markdown as it is: each would become HTML, formatting, a link or an image.
RAW = ("<script>", "**lihavoitu**", "[linkki](javascript:", "![kuva](http")
UI = Path(__file__).resolve().parents[2] / "ui"
APP = UI / "app.py"
TIMEOUT = 120
QUESTION = "Mitkä toimenpiteet ovat ilman vastuuhenkilöä?"


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).replace("\u200b", "")


def _strings(node: Any) -> list[str]:
    """What Streamlit renders as Markdown in this node (not widget values, code or plain text)."""
    out: list[str] = []
    if isinstance(node, et.Exception):
        raise AssertionError(f"the page raised: {node.value}")
    if isinstance(node, (et.Markdown, et.HeadingBase, et.AlertBase, et.Toast)):
        out.append(str(node.value))
    if isinstance(node, et.Table):
        frame = node.value
        out += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
    if isinstance(node, et.Radio):
        out += [str(o) for o in node.options]
    if isinstance(node, et.Progress):
        out.append(str(node.proto.text))
    for attribute in ("label", "help", "placeholder"):
        try:
            value = getattr(node, attribute, None)
        except Exception:  # some element types compute these from absent proto fields
            value = None
        if isinstance(value, str):
            out.append(value)
    return out


def rendered(at: AppTest) -> list[str]:
    strings: list[str] = []
    for root in (at.main, at.sidebar):
        for node in root:
            strings += _strings(node)
    return strings


def assert_escaped(at: AppTest, page: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    strings = rendered(at)
    for payload in RAW:
        leaked = [s for s in strings if payload in s]
        assert not leaked, f"{page}: unescaped {payload!r} in {leaked[:3]}"
    shown = [s for s in strings if "<script>alert('x')</script>" in unescape(s)]
    assert shown, f"{page}: the hostile text is not shown at all (nothing was checked)"


# --- a data directory where everything is hostile --------------------------------------------------------


def _hostile_template(knowledge: Path) -> None:
    path = knowledge / "template.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["instructions"]["general"] = {lang: HOSTILE for lang in ("fi", "sv", "en")}
    first_field = data["sections"][0]["groups"][0]["fields"][0]
    first_field["instruction"] = {lang: HOSTILE for lang in ("fi", "sv", "en")}
    first_target = data["areas"][0]["targets"][0]
    first_target["examples"] = [HOSTILE, *first_target.get("examples", [])]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _hostile_docx() -> bytes:
    document = docx.Document()
    document.add_heading(f"Tietoallasmuistio {HOSTILE}", level=1)
    document.add_paragraph(f"Tietoallas ja raportointi: {HOSTILE}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _hostile_plan(knowledge: Path) -> Any:
    plan = plan_model(knowledge).model_validate(example_plan().model_dump(mode="json"))
    plan.meta.title = f"Suunnitelma {HOSTILE}"
    plan.meta.region = f"Alue {HOSTILE}"
    plan.kuvaus.alueellisen_yhteistyon_malli = HOSTILE
    plan.nykytila.nykytilan_kuvaus = f"Nykytila {HOSTILE}"
    action = plan.toimenpiteet[0]
    action.toimenpide = f"Toimenpide {HOSTILE}"
    action.vastuuhenkilo = ""  # listed by the reviewer's question and the validation findings
    action.edellytykset = HOSTILE
    action.lahteet = [
        SourceRef(chunk_id="c1", doc_id="d1", title=f"Lähde {HOSTILE}", section=HOSTILE, page=2)
    ]
    plan.toimenpiteet[1].kehittamiskohde = f"Tuntematon {HOSTILE}"  # named in a validation finding
    if plan.arviointitulokset is not None and plan.arviointitulokset.alueet:
        plan.arviointitulokset.alueet[0].huomio = HOSTILE
    return plan


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("hostile-app")
    knowledge = make_small_knowledge(root / "knowledge")
    _hostile_template(knowledge)
    load_template(knowledge)  # still a valid template
    url = f"sqlite:///{root / 'plans.sqlite3'}"
    settings = Settings(data_dir=root / "data", knowledge_dir=knowledge, database_url=url)
    settings.uploads_dir.mkdir(parents=True)
    (settings.uploads_dir / "tietoallasmuistio.docx").write_bytes(_hostile_docx())
    kb = build_knowledge_base(settings)
    assert not kb.indexer.sync().errors

    with PlanStore(url, plan_type=plan_model(knowledge)) as store:
        engine = DraftingEngine(store, kb.retriever, spec=load_template(knowledge))
        turn = engine.start(author="alku", title="Luonnos")
        engine.handle(turn.plan_id, f"Järvilaakso {HOSTILE}", author=f"Eve {HOSTILE}")  # a typed answer
        stored = store.get(turn.plan_id)
        saved = store.save(
            stored.id,
            _hostile_plan(knowledge),
            expected_version=stored.version,
            author="alku",
            summary="x",
            changes=[],
        )
        comments = CommentStore(store.engine)
        comments.add(stored.id, target="", author=f"Eve {HOSTILE}", text=HOSTILE, plan_version=saved.version)
        action_id = saved.plan.toimenpiteet[0].id
        comments.add(
            stored.id,
            target=f"/toimenpiteet/{action_id}",
            author="Eve",
            text=HOSTILE,
            plan_version=saved.version,
        )
        plan_json = saved.plan.model_dump_json()
    return {"settings": settings, "url": url, "plan_id": stored.id, "plan_json": plan_json}


@pytest.fixture
def page(hostile_data: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., AppTest]]:
    import ui.state

    settings: Settings = hostile_data["settings"]
    env = {
        "DATA_DIR": str(settings.data_dir),
        "KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "DATABASE_URL": hostile_data["url"],
        "APP_LANGUAGE": "fi",
        "LLM_MODEL": "",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for key in ("CHROMA_HOST", "AUTH_REQUIRED"):
        monkeypatch.delenv(key, raising=False)
    ui.state.get_settings.clear()

    def make(path: Path, *, plan: bool = True) -> AppTest:
        at = AppTest.from_file(str(path), default_timeout=TIMEOUT)
        if plan:
            at.query_params["plan"] = hostile_data["plan_id"]
        at.run(timeout=TIMEOUT)
        return at

    yield make
    ui.state.get_settings.clear()


# --- the pages -------------------------------------------------------------------------------------------


def test_template_page_mallipohja(page: Callable[..., AppTest]) -> None:
    at = page(APP, plan=False)  # the app's default page, with the sidebar
    assert_escaped(at, "mallipohja")


def test_draft_page_laadi(page: Callable[..., AppTest]) -> None:
    at = page(UI / "views" / "draft_page.py")
    assert at.chat_message, "the transcript is shown"
    assert_escaped(at, "laadi")


def test_plan_page_suunnitelma(page: Callable[..., AppTest]) -> None:
    at = page(UI / "views" / "plan_page.py")
    assert_escaped(at, "suunnitelma")


def test_knowledge_base_page_tietopohja(page: Callable[..., AppTest]) -> None:
    at = page(UI / "views" / "search_page.py", plan=False)
    assert_escaped(at, "tietopohja (documents)")
    at.text_input(key="search_query").input("Tietoallas ja raportointi")
    at.multiselect(key="search_kinds").set_value(["upload"])
    at.button[0].click()
    at.run(timeout=TIMEOUT)
    assert at.session_state["search_result"][2].hits, "the hostile document is found"
    assert_escaped(at, "tietopohja (search)")


def test_review_page_katselmointi(page: Callable[..., AppTest]) -> None:
    at = page(UI / "views" / "review_page.py")
    assert_escaped(at, "katselmointi")
    at.text_input(key="review_question").input(QUESTION)
    at.button(key="review_ask_submit").click()
    at.run(timeout=TIMEOUT)
    assert_escaped(at, "katselmointi (question)")


def test_export_page_vienti(page: Callable[..., AppTest], hostile_data: dict[str, Any]) -> None:
    at = page(UI / "views" / "export_page.py")
    assert_escaped(at, "vienti")
    # The import preview of a plan file full of payloads.
    data = json.loads(hostile_data["plan_json"])
    upload = json.dumps(data, ensure_ascii=False).encode()
    at.file_uploader(key=_uploader_key(at)).set_value([("vihamielinen.json", upload, "application/json")])
    at.run(timeout=TIMEOUT)
    assert_escaped(at, "vienti (import preview)")


def _uploader_key(at: AppTest) -> str:
    keys = [u.key for u in at.get("file_uploader")]
    assert len(keys) == 1, keys
    return str(keys[0])
