"""Remove actions from a stored plan by their text, the way the plan page's "Poista toimenpide" button
does (one validated save per area through `assistant.drafting.edits`); used by the recorded
conversations when the chat could not remove an action. Usage:
    python -m evals.drafting.plan_page_delete <plan id> "<action text>" ...
"""

from __future__ import annotations

import sys

from assistant.drafting.edits import ROW_FIELDS, apply_actions_edit, area_actions
from assistant.settings import Settings
from assistant.storage import PlanStore
from assistant.template.spec import load_template


def main(plan_id: str, texts: list[str]) -> None:
    spec = load_template()
    with PlanStore.from_settings(Settings()) as store:
        for text in texts:
            stored = store.get(plan_id)
            area = next(
                a
                for a in spec.areas
                if any(x.toimenpide == text for _, x in area_actions(stored.plan, a, spec))
            )
            rows = [
                {"id": x.id, **{f: getattr(x, f) for f in ROW_FIELDS}}
                for _, x in area_actions(stored.plan, area, spec)
                if x.toimenpide != text
            ]
            result = apply_actions_edit(
                store,
                plan_id,
                expected_version=stored.version,
                area_key=area.key,
                rows=rows,
                author="plan page",
            )
            print(f"[plan page] Poista toimenpide: {text!r} -> {result.message}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
