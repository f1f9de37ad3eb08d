"""The drafting chat on the page: proposal cards (accept / reject / edit, citations) and what people type
understood in the chat (issue 11): a question asked mid-drafting is answered and nothing is stored, a
misplaced answer is offered to its own field and moved there on "yes", an action is moved between
targets. The offline engine over the real index."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assistant.drafting.models import ConversationState
from assistant.i18n import load_catalog
from tests.ui.draft_helpers import card_buttons, chat, has_text, new_plan, pending, say, stored
from tests.ui.helpers import app_env, new_session, run_ok, unescape
from ui.components import escape_md

PAGE = Path(__file__).resolve().parents[2] / "ui" / "views" / "draft_page.py"
FI = load_catalog("fi")

MakePage = Callable[..., AppTest]


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('draft-chat-db') / 'plans.sqlite3'}"


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch, corpus_kb_dir: Path, db_url: str) -> Iterator[MakePage]:
    """Fresh sessions of the page (standalone) over the full index and this module's database."""

    def make(plan_id: str | None = None, language: str | None = None) -> AppTest:
        return new_session(PAGE, plan_id, language=language)

    with app_env(monkeypatch, corpus_kb_dir, db_url, LLM_MODEL=""):  # the offline engine
        yield make


# --- proposal cards ------------------------------------------------------------------------------------


@pytest.mark.slow  # the real index (built once per session)
def test_goto_target_shows_cards_and_accept_adds_a_cited_action(page: MakePage, db_url: str) -> None:
    at = page()
    plan_id = new_plan(at)
    say(at, "mene mittarit")
    proposals = pending(db_url, plan_id)
    assert proposals
    assert len(card_buttons(at, "accept")) == len(proposals)
    assert has_text(at, FI.t("ui.draft.proposals", target="Mittareiden ja strategian välinen yhteys"))
    assert has_text(at, proposals[0])
    assert has_text(at, FI.t("ui.draft.origin.template_example"))
    assert card_buttons(at, "accept")[0].label == FI.t("ui.draft.accept")

    card_buttons(at, "accept")[0].click()
    run_ok(at)
    actions = stored(db_url, plan_id).plan.toimenpiteet  # type: ignore[attr-defined]
    assert len(actions) == 1
    assert actions[0].toimenpide == proposals[0]
    assert actions[0].kehittamiskohde == "Mittareiden ja strategian välinen yhteys"
    assert actions[0].lahteet
    # The command went through the transcript like a typed one; the engine asks for the schedule next.
    assert chat(at)[-2] == ("user", "hyväksy 1")
    assert "Lisätty toimenpide" in chat(at)[-1][1]
    assert has_text(at, FI.t("ui.draft.targets_progress", done=1, total=24))


@pytest.mark.slow  # the real index (built once per session)
def test_reject_removes_a_proposal(page: MakePage, db_url: str) -> None:
    at = page()
    plan_id = new_plan(at)
    say(at, "mene resurssit")
    before = pending(db_url, plan_id)
    assert len(before) >= 2
    card_buttons(at, "reject")[1].click()
    run_ok(at)
    assert pending(db_url, plan_id) == [before[0], *before[2:]]
    assert len(card_buttons(at, "reject")) == len(before) - 1
    assert chat(at)[-2] == ("user", "hylkää 2")
    assert not stored(db_url, plan_id).plan.toimenpiteet  # type: ignore[attr-defined]


@pytest.mark.slow  # the real index (built once per session)
def test_edit_and_save_stores_the_edited_text(page: MakePage, db_url: str) -> None:
    at = page()
    plan_id = new_plan(at)
    say(at, "mene resurssit")
    original = pending(db_url, plan_id)[0]
    card_buttons(at, "edit")[0].click()
    run_ok(at)
    area = at.text_area[0]
    assert area.value == original
    assert area.label == FI.t("ui.draft.edit_label")
    area.input("Varaamme tietojohtamisen kehittämiseen kaksi henkilötyövuotta vuosittain")
    card_buttons(at, "save")[0].click()
    run_ok(at)
    actions = stored(db_url, plan_id).plan.toimenpiteet  # type: ignore[attr-defined]
    assert [a.toimenpide for a in actions] == [
        "Varaamme tietojohtamisen kehittämiseen kaksi henkilötyövuotta vuosittain"
    ]
    assert actions[0].alkupera == "proposal" and actions[0].lahteet
    assert original not in pending(db_url, plan_id)
    assert not at.text_area  # the editor closed


@pytest.mark.slow  # the real index (built once per session)
def test_citation_expands_to_the_passage(page: MakePage, db_url: str, corpus_kb: Any) -> None:
    at = page()
    plan_id = new_plan(at)
    say(at, "mene mittarit")
    state = ConversationState.model_validate(stored(db_url, plan_id).state)
    assert state.target is not None
    source = state.target.proposals[0].lahteet[0]
    passage = corpus_kb.retriever.passage(source.chunk_id)
    assert passage is not None
    expander = at.expander[0]
    assert unescape(expander.label).startswith(source.title)
    assert source.section in unescape(expander.label)
    values = [m.value for m in expander.markdown]
    assert escape_md(passage.text) in values
    captions = [unescape(c.value) for c in expander.caption]
    assert FI.t("ui.draft.source_document", value=source.title) in captions
    assert FI.t("ui.draft.source_section", value=source.section) in captions


# --- understanding what people type (issue 11) ----------------------------------------------------------


@pytest.mark.slow  # the real index (built once per session)
def test_a_question_asked_mid_drafting_is_answered_and_not_stored(page: MakePage, db_url: str) -> None:
    at = page()
    plan_id = new_plan(at)
    say(at, "mitä tarkoitetaan sote-maakunnalla?")
    plan = stored(db_url, plan_id).plan
    assert plan.kuvaus.sote_maakunta == "" and plan.meta.title == ""  # type: ignore[attr-defined]
    reply = chat(at)[-1][1]
    assert "ei vastaus" in reply and "Mallipohjan ohje" in reply  # said so, and answered with the template
    assert "3.1.1 a) Sote-maakunta" in reply  # the field is asked again
    assert has_text(at, FI.t("ui.draft.fields_progress", done=0, total=10))


@pytest.mark.slow  # the real index (built once per session)
def test_an_action_is_moved_between_targets_in_the_chat(page: MakePage, db_url: str) -> None:
    at = page()
    plan_id = new_plan(at)
    say(at, "mene Mittareiden kattavus")  # a typo in the target's name
    say(at, "oma: Julkaisemme mittariston kuvaukset intranetissä")
    actions = stored(db_url, plan_id).plan.toimenpiteet  # type: ignore[attr-defined]
    assert [a.kehittamiskohde for a in actions] == ["Mittareiden kattavuus"]
    say(at, "siirrä toimenpide 1 kohteeseen Tiedon kommunikointi")
    actions = stored(db_url, plan_id).plan.toimenpiteet  # type: ignore[attr-defined]
    assert [a.kehittamiskohde for a in actions] == ["Tiedon kommunikointi"]
    assert "Tiedon kommunikointi" in chat(at)[-1][1]


@pytest.mark.slow  # the real index (built once per session)
def test_a_misplaced_answer_is_offered_to_its_field_and_moved_there(page: MakePage, db_url: str) -> None:
    at = page()
    plan_id = new_plan(at)
    organisations = "Vaasa, Mustasaari, Närpiö, Kristiinankaupunki ja Kaskinen"
    say(at, organisations)  # the organisations typed where the region's name is asked
    plan = stored(db_url, plan_id).plan
    assert plan.kuvaus.sote_maakunta == "" and plan.kuvaus.jarjestamisvastuulliset_organisaatiot == ""  # type: ignore[attr-defined]
    offer = chat(at)[-1][1]
    assert "Järjestämisvastuulliset organisaatiot" in offer and "kyllä" in offer  # offered, nothing stored
    say(at, "kyllä")
    plan = stored(db_url, plan_id).plan
    assert plan.kuvaus.jarjestamisvastuulliset_organisaatiot == organisations  # type: ignore[attr-defined]
    assert plan.kuvaus.sote_maakunta == ""  # type: ignore[attr-defined]
    assert "3.1.1 a) Sote-maakunta" in chat(at)[-1][1]  # the region's name is asked again
