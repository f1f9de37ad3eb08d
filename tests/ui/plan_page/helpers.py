"""Helpers shared by the plan page tests (`ui/views/plan_page.py`): the page's path, the example plan
stored with optional metadata, a fresh run of the page, and the parts of a table editor the tests read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from assistant.i18n import load_catalog
from assistant.paths import KNOWLEDGE_DIR
from assistant.storage import PlanStore, StoredPlan
from assistant.template.models import plan_model
from tests.ui.helpers import new_session, run_ok

PAGE = Path(__file__).resolve().parents[3] / "ui" / "views" / "plan_page.py"
EXAMPLE = KNOWLEDGE_DIR / "examples" / "esimerkkisuunnitelma.json"
FI = load_catalog("fi")
AUTHOR = "paikallinen käyttäjä"  # current_author() without a login


def create_example(store: PlanStore, **meta: Any) -> StoredPlan:
    plan = plan_model().model_validate_json(EXAMPLE.read_text(encoding="utf-8"))
    for key, value in meta.items():
        setattr(plan.meta, key, value)  # type: ignore[attr-defined]
    return store.create(plan, author="alku")


def page(plan_id: str | None = None, **session: Any) -> AppTest:
    return run_ok(new_session(PAGE, plan_id, **session))


def column_config(editor: Any) -> dict[str, Any]:
    return json.loads(editor.proto.columns)


def dump(stored: StoredPlan) -> dict[str, Any]:
    return stored.plan.model_dump(mode="json")


def table_button(at: AppTest, stored: StoredPlan, area_key: str) -> Any:
    return at.button(key=f"plan_save_{stored.id}_{area_key}")
