"""Helpers shared by the reviewer page tests (`ui/views/review_page.py`): the pages' paths, a run long
enough for a process's first run, the texts a user reads, plans and comments stored in the test database,
the metrics and bulleted lists shown, and a question asked on the page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from assistant.i18n import load_catalog
from assistant.storage import PlanStore, StoredPlan
from assistant.storage.comments import CommentStore
from tests.ui import helpers
from tests.ui.conftest import TIMEOUT
from tests.ui.helpers import unescape

UI_DIR = Path(__file__).resolve().parents[3] / "ui"
PAGE = UI_DIR / "views" / "review_page.py"
PLAN_PAGE = UI_DIR / "views" / "plan_page.py"
DRAFT_PAGE = UI_DIR / "views" / "draft_page.py"
FI, SV = load_catalog("fi"), load_catalog("sv")
HOSTILE = "<script>alert(1)</script> [klik](javascript:alert(1)) **lihava** :red[punainen] $x$"
TAB_ASK, TAB_CHARTS, TAB_COMMENTS = 2, 1, 3
RUN_TIMEOUT = 4 * TIMEOUT
TEXT_KINDS = ("subheader", "markdown", "caption", "info", "warning", "error", "success")

MakePage = Callable[..., AppTest]


def run_ok(at: AppTest) -> AppTest:
    # A process's first run loads the embedder and embeds the roadmap tasks for the alignment.
    return helpers.run_ok(at, timeout=RUN_TIMEOUT)


def texts(node: Any) -> list[str]:
    return helpers.texts(node, *TEXT_KINDS)


def has_text(node: Any, wanted: str) -> bool:
    return any(wanted in text for text in texts(node))


def create(db_url: str, plan: Any, organisation: str = "default") -> StoredPlan:
    with PlanStore(db_url) as store:
        return store.create(plan, author="alku", organisation=organisation)


def comments_of(db_url: str, plan_id: str) -> list[Any]:
    with PlanStore(db_url) as store:
        return CommentStore(store.engine).list(plan_id)


def add_comment(db_url: str, plan_id: str, target: str, text: str, author: str = "Kari") -> Any:
    with PlanStore(db_url) as store:
        return CommentStore(store.engine).add(
            plan_id, target=target, author=author, text=text, plan_version=1
        )


def metrics(at: AppTest) -> dict[str, str]:
    return {unescape(m.label): m.value for m in at.metric}


def bullets(markdown: str) -> list[str]:
    return [unescape(line[2:]) for line in markdown.splitlines() if line.startswith("- ")]


def ask(at: AppTest, question: str) -> AppTest:
    at.text_input(key="review_question").input(question)
    at.button(key="review_ask_submit").click()
    return run_ok(at)
