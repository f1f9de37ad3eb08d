"""What "equal after a round trip" means (see README, import):

- JSON -> import: the plan is exactly equal (`model_dump` of both, every field including ids, status,
  origin, timestamps, sources).
- DOCX -> import: every field the document shows is equal: meta title, region, language, periods and
  schema version; every answer of 3.1-3.3 and 3.5; the assessment results; every action's target, text,
  short- and long-term schedule, responsible person, prerequisites and sources (all SourceRef fields,
  doc and chunk ids included), in document order. The document cannot show, so the import sets them:
  action ids (regenerated deterministically from the position: a document has no ids, and a hand-filled
  one never will), status (`planned`), origin (`import`, or `template_example` when the text is a
  template example), `created_at`/`updated_at` (None: the import is a new plan). Document order is the
  template's target order (a plan's actions are grouped by target in the 3.4 tables), keeping the plan's
  order within a target.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from assistant.template.spec import load_template

NOT_IN_DOCX_ACTION = {"id", "tila", "alkupera"}
NOT_IN_DOCX_META = {"created_at", "updated_at"}


def document_order(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    order = {t.name: i for i, t in enumerate(load_template().targets)}
    return sorted(actions, key=lambda a: order.get(a["kehittamiskohde"], len(order)))  # stable


def docx_comparable(plan: BaseModel) -> dict[str, Any]:
    data = plan.model_dump(mode="json")
    for name in NOT_IN_DOCX_META:
        data["meta"].pop(name)
    data["toimenpiteet"] = [
        {k: v for k, v in a.items() if k not in NOT_IN_DOCX_ACTION}
        for a in document_order(data["toimenpiteet"])
    ]
    return data
