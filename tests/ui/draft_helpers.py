"""Shared helpers of the drafting page's AppTest modules (test_draft_page, test_draft_chat)."""

from __future__ import annotations

from typing import Any

from streamlit.testing.v1 import AppTest

from assistant.drafting.models import ConversationState
from assistant.storage import PlanStore
from assistant.storage.repository import StoredPlan
from tests.ui import helpers
from tests.ui.helpers import run_ok, unescape

TEXT_KINDS = ("title", "subheader", "markdown", "caption", "info", "warning", "error")


def texts(at: AppTest) -> list[str]:
    return helpers.texts(at, *TEXT_KINDS) + [unescape(p.text) for p in at.progress]


def has_text(at: AppTest, wanted: str) -> bool:
    return any(wanted in text for text in texts(at))


def say(at: AppTest, text: str) -> AppTest:
    at.chat_input[0].set_value(text)
    return run_ok(at)


def chat(at: AppTest) -> list[tuple[str, str]]:
    """(role, text) of every chat message, Markdown escapes removed."""
    return [
        (m.name, "\n".join(unescape(e.value) for e in [*m.markdown, *m.warning])) for m in at.chat_message
    ]


def card_buttons(at: AppTest, action: str) -> list[Any]:
    return [b for b in at.button if str(b.key).startswith("draft:") and str(b.key).endswith(f":{action}")]


def new_plan(at: AppTest, title: str = "", periods: str = "") -> str:
    run_ok(at)
    if title:
        at.text_input(key="draft_new_title").input(title)
    if periods:
        at.text_input(key="draft_new_periods").input(periods)
    at.button(key="draft_create").click()
    run_ok(at)
    plan_id = at.query_params["plan"]
    assert isinstance(plan_id, str) and plan_id
    return plan_id


def stored(db_url: str, plan_id: str) -> StoredPlan:
    with PlanStore(db_url) as store:
        return store.get(plan_id)


def pending(db_url: str, plan_id: str) -> list[str]:
    state = ConversationState.model_validate(stored(db_url, plan_id).state)
    return [p.toimenpide for p in state.target.proposals] if state.target else []
