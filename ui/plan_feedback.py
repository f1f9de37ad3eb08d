"""The plan page's feedback of the last save (per section or area): saved, refused with the findings,
or a conflict; the rows of a refused table save are kept read-only so nothing typed is lost."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assistant.drafting.edits import EditResult
from assistant.i18n import Catalog
from assistant.template.validator import Finding
from ui.components import escape_md

FEEDBACK_KEY = "_plan_page_feedback"  # {"<plan id>:<section or area key>": feedback of the last save}


def scope(plan_id: str, key: str) -> str:
    return f"{plan_id}:{key}"


def remember(plan_id: str, key: str, result: EditResult, prefixes: list[str], rows: Any = None) -> None:
    relevant = result.findings if not result.saved else result.relevant(prefixes)
    st.session_state.setdefault(FEEDBACK_KEY, {})[scope(plan_id, key)] = {
        "saved": result.saved,
        "conflict": result.conflict,
        "message": result.message,
        "findings": [f.model_dump() for f in relevant],
        "rows": rows if not result.saved and rows else None,
    }


def bullets(findings: list[Finding]) -> str:
    return "\n".join(f"- {escape_md(f.message)}" for f in findings)


def show_feedback(plan_id: str, key: str, messages: Catalog) -> None:
    """The outcome of the last save here: shown once when saved (or unchanged), kept while not saved."""
    stored: dict[str, Any] = st.session_state.get(FEEDBACK_KEY, {})
    feedback = stored.get(scope(plan_id, key))
    if not feedback:
        return
    if feedback["saved"] or not (feedback["conflict"] or feedback["findings"]):
        del stored[scope(plan_id, key)]
    findings = [Finding.model_validate(f) for f in feedback["findings"]]
    message = escape_md(feedback["message"])
    if feedback["saved"]:
        st.success(message)
        problems = [f for f in findings if f.severity in ("error", "warning")]
        notes = [f for f in findings if f.severity == "info"]
        if problems:
            st.warning(f"{escape_md(messages.t('ui.plan.feedback.findings'))}\n\n{bullets(problems)}")
        if notes:
            st.info(bullets(notes))
    elif feedback["conflict"] or findings:
        st.error(f"{message}\n\n{bullets(findings)}" if findings else message)
    else:
        st.info(message)
    if feedback["rows"]:
        with st.expander(messages.t("ui.plan.feedback.rejected_rows")):
            st.dataframe(
                pd.DataFrame(feedback["rows"]).drop(columns=["id"], errors="ignore"), hide_index=True
            )
