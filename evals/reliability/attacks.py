"""Plan and answer attacks through the chat (DraftingEngine.handle), the plan page's editors
(assistant.drafting.edits), plan import (JSON) and the command line (`assistant chat|plans|ingest|docs`).

Each attack either must be refused with a message naming the problem (`expected` = its code) or must be
accepted with every character kept (after the documented repair: undecodable bytes decoded, lone
surrogates replaced, NUL and control characters removed)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.drafting.edits import apply_actions_edit, apply_section_edit
from assistant.drafting.engine import DraftingEngine
from assistant.drafting.steps import ASSESSMENT
from assistant.i18n import load_catalog
from assistant.importer import import_bytes, store_import
from assistant.storage import PlanStore
from assistant.template.models import LIMITS
from assistant.template.spec import load_template
from evals.reliability.measure import Outcome, clear_message, run_case
from tests.hostile.generate import example_plan_data

FI = load_catalog("fi")
FIELD = LIMITS.field_chars
SPEC = load_template()
AREA = SPEC.areas[0]
TARGET = AREA.targets[0].name


def _said(reply: str, key: str, **params: Any) -> bool:
    """Whether the reply holds the catalog message `drafting.<key>` (its fixed parts)."""
    template = FI.t(f"drafting.{key}", **params)
    head = template.split("{")[0][:40]
    return bool(head) and head in reply


class Attacks:
    def __init__(self, store: PlanStore, workdir: Path, env: dict[str, str]) -> None:
        self.store = store
        self.engine = DraftingEngine(store, None)
        self.workdir = workdir
        self.env = env

    # --- helpers -----------------------------------------------------------------------------------
    def _plan(self) -> str:
        return self.engine.start(author="eval", language="fi").plan_id

    def _field(self, plan_id: str) -> str:
        return self.store.get(plan_id).plan.kuvaus.sote_maakunta  # the first question's field

    def _at_assessment(self) -> str:
        plan_id = self._plan()
        stored = self.store.get(plan_id)
        state = dict(stored.state or {})
        state["step"] = ASSESSMENT
        self.store.save_state(plan_id, state, expected_version=stored.version)
        return plan_id

    def _chat_refusal(
        self, text: str, key: str, code: str, at_assessment: bool = False
    ) -> Callable[[Outcome], None]:
        def body(out: Outcome) -> None:
            plan_id = self._at_assessment() if at_assessment else self._plan()
            before = self.store.get(plan_id).plan.model_dump(mode="json")
            turn = self.engine.handle(plan_id, text, author="eval", language="fi")
            after = self.store.get(plan_id).plan.model_dump(mode="json")
            refused = before == after
            out.result, out.message = ("rejected" if refused else "accepted"), turn.reply
            out.code = code if _said(turn.reply, key) else "?"
            out.clear = refused and out.code == code and clear_message(turn.reply)

        return body

    def _chat_accept(self, text: str, stored_as: str) -> Callable[[Outcome], None]:
        def body(out: Outcome) -> None:
            plan_id = self._plan()
            self.engine.handle(plan_id, text, author="eval", language="fi")
            value = self._field(plan_id)
            out.result = "accepted" if value else "rejected"
            out.intact = value == stored_as
            if not out.intact:
                out.notes.append(f"stored {value[:80]!r}")

        return body

    def _edit(self, values: dict[str, str], code: str | None) -> Callable[[Outcome], None]:
        def body(out: Outcome) -> None:
            plan_id = self._plan()
            version = self.store.get(plan_id).version
            result = apply_section_edit(
                self.store,
                plan_id,
                expected_version=version,
                section_key="kuvaus",
                values=values,
                author="eval",
            )
            self._edit_outcome(out, result, code, plan_id, values)

        return body

    def _edit_outcome(self, out: Outcome, result: Any, code: str | None, plan_id: str, values: Any) -> None:
        if not result.saved:
            out.result = "rejected"
            out.code = ",".join(sorted({f.code for f in result.findings}))
            out.message = " | ".join(f.message for f in result.findings)[:300]
            out.clear = code in {f.code for f in result.findings} and all(
                clear_message(f.message) for f in result.findings
            )
            return
        out.result = "accepted"
        if isinstance(values, dict):
            plan = self.store.get(plan_id).plan
            out.intact = all(getattr(plan.kuvaus, k) == v.replace("\udce4", "ä") for k, v in values.items())

    def _actions(self, rows: list[dict[str, Any]], code: str) -> Callable[[Outcome], None]:
        def body(out: Outcome) -> None:
            plan_id = self._plan()
            version = self.store.get(plan_id).version
            result = apply_actions_edit(
                self.store, plan_id, expected_version=version, area_key=AREA.key, rows=rows, author="eval"
            )
            self._edit_outcome(out, result, code, plan_id, None)

        return body

    def _import(
        self, data: dict[str, Any] | bytes, code: str | None, check: Callable[[Any], bool] | None = None
    ) -> Callable[[Outcome], None]:
        def body(out: Outcome) -> None:
            raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
            result = import_bytes(raw, name="hyokkays.json")
            if result.plan is None or not result.validation.valid:
                errors = result.validation.by_severity("error")
                out.result, out.code = "rejected", ",".join(sorted({f.code for f in errors}))
                out.message = " | ".join(f.message for f in errors)[:300]
                out.clear = code in {f.code for f in errors} and all(clear_message(f.message) for f in errors)
                return
            out.result = "accepted"
            stored = store_import(result, self.store, author="eval")
            plan = self.store.get(stored.id).plan
            out.intact = plan.model_dump(mode="json") == result.plan.model_dump(mode="json") and (
                check is None or check(plan)
            )

        return body

    # --- the attacks -------------------------------------------------------------------------------
    def cases(self) -> list[tuple[str, str, str, str, Callable[[Outcome], None]]]:
        """(entry, name, what, expected, body)."""
        long_row = {"kehittamiskohde": TARGET, "toimenpide": "x" * (LIMITS.action_text_chars + 1)}
        many_rows = [
            {"kehittamiskohde": TARGET, "toimenpide": f"Toimenpide {n}"} for n in range(LIMITS.actions + 1)
        ]
        plan = example_plan_data()

        def with_field(value: str) -> dict[str, Any]:
            data = json.loads(json.dumps(plan))
            data["kuvaus"]["alueellisen_yhteistyon_malli"] = value
            return data

        region = json.loads(json.dumps(plan))
        region["meta"]["region"] = "Alue " * 10_000
        actions = json.loads(json.dumps(plan))
        actions["toimenpiteet"] = [
            dict(plan["toimenpiteet"][0], id=f"a{n}") for n in range(LIMITS.actions + 1)
        ]
        surrogate_json = (
            json.dumps(with_field("x"), ensure_ascii=True)
            .replace('"x"', '"Hyv\\udce4 p\\udce4iv\\udce4"')
            .encode()
        )
        deep = b'{"kuvaus": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
        assessment_bad = "osa-alue;kypsyys;tyytyväisyys\nMittarit;0;9\nMittarit;2;2\n"
        assessment_bad += "Kuuhyppely;2;2\nTiedon jakaminen;-1;abc\n"
        return [
            (
                "chat",
                "message-over-budget",
                "a chat message one character over MAX_MESSAGE_CHARS",
                "message_too_long",
                self._chat_refusal(
                    "a" * (self.engine.max_message_chars + 1), "message_too_long", "message_too_long"
                ),
            ),
            (
                "chat",
                "answer-over-field-limit",
                "an answer one character over the field limit",
                "too_long",
                self._chat_refusal("b" * (FIELD + 1), "too_long", "too_long"),
            ),
            (
                "chat",
                "answer-at-field-limit",
                "an answer exactly at the field limit",
                "accept",
                self._chat_accept("c" * FIELD, "c" * FIELD),
            ),
            (
                "chat",
                "answer-surrogates",
                "cp1252 bytes that reached Python as lone surrogates",
                "accept",
                self._chat_accept(
                    "P\udce4ij\udce4t-H\udce4meen hyvinvointialue", "Päijät-Hämeen hyvinvointialue"
                ),
            ),
            (
                "chat",
                "answer-control-chars",
                "an answer with NUL, ESC and BEL characters",
                "accept",
                self._chat_accept("Etelä\x00-Savo\x1b\x07", "Etelä-Savo"),
            ),
            (
                "chat",
                "assessment-pipe-csv",
                "assessment results separated by pipes",
                "accept",
                self._assessment(
                    "osa-alue|kypsyys|tyytyväisyys\nMittarit|2,0|2,4\nTiedon jakaminen|3,1|2,2\n", 2
                ),
            ),
            (
                "chat",
                "assessment-colon-delimiter",
                "assessment table separated by colons",
                "assessment_delimiter",
                self._chat_refusal(
                    "osa-alue:kypsyys:tyytyväisyys\nMittarit:2:3\n",
                    "assessment_delimiter",
                    "assessment_delimiter",
                    True,
                ),
            ),
            (
                "chat",
                "assessment-every-bad-cell",
                "0, 9, -1, 'abc', an unknown and a duplicated area",
                "assessment_problems",
                self._chat_refusal(assessment_bad, "assessment_problems", "assessment_problems", True),
            ),
            (
                "chat",
                "assessment-deep-json",
                "assessment JSON nested 9,000 deep (18,000 characters: under the message budget)",
                "assessment_nested",
                self._chat_refusal("[" * 9_000 + "]" * 9_000, "assessment_nested", "assessment_nested", True),
            ),
            (
                "editor",
                "field-over-limit",
                "plan page: a field one character over the limit",
                "too_long",
                self._edit({"alueellisen_yhteistyon_malli": "d" * (FIELD + 1)}, "too_long"),
            ),
            (
                "editor",
                "field-at-limit",
                "plan page: a field exactly at the limit",
                "accept",
                self._edit({"alueellisen_yhteistyon_malli": "e" * FIELD}, None),
            ),
            (
                "editor",
                "field-surrogates",
                "plan page: text with lone surrogates",
                "accept",
                self._edit({"alueellisen_yhteistyon_malli": "Hyv\udce4 yhteisty\udce4"}, None),
            ),
            (
                "editor",
                "action-cell-over-limit",
                "plan page: an action cell over its limit",
                "too_long",
                self._actions([long_row], "too_long"),
            ),
            (
                "editor",
                "actions-over-limit",
                f"plan page: {LIMITS.actions + 1} actions",
                "too_many_items",
                self._actions(many_rows, "too_many_items"),
            ),
            (
                "import",
                "json-field-over-limit",
                "plan JSON with a field one character over the limit",
                "too_long",
                self._import(with_field("f" * (FIELD + 1)), "too_long"),
            ),
            (
                "import",
                "json-field-at-limit",
                "plan JSON with a field exactly at the limit",
                "accept",
                self._import(with_field("g" * FIELD), None),
            ),
            (
                "import",
                "json-region-50kb",
                "plan JSON whose region name is 50 kB",
                "too_long",
                self._import(region, "too_long"),
            ),
            (
                "import",
                "json-too-many-actions",
                f"plan JSON with {LIMITS.actions + 1} actions",
                "too_many_items",
                self._import(actions, "too_many_items"),
            ),
            (
                "import",
                "json-surrogate-escapes",
                'plan JSON with "\\udce4" escapes (lone surrogates)',
                "accept",
                self._import(
                    surrogate_json, None, lambda p: p.kuvaus.alueellisen_yhteistyon_malli == "Hyvä päivä"
                ),
            ),
            (
                "import",
                "json-deep-100000",
                "plan JSON nested 100,000 deep",
                "nested_too_deeply",
                self._import(deep, "nested_too_deeply"),
            ),
        ]

    def _assessment(self, text: str, areas: int) -> Callable[[Outcome], None]:
        def body(out: Outcome) -> None:
            plan_id = self._at_assessment()
            turn = self.engine.handle(plan_id, text, author="eval", language="fi")
            if self.store.get(plan_id).plan.arviointitulokset is None and "**kyllä**" in turn.reply:
                self.engine.handle(plan_id, "kyllä", author="eval", language="fi")  # rows echoed: confirm
            results = self.store.get(plan_id).plan.arviointitulokset
            out.result = "accepted" if results else "rejected"
            out.intact = results is not None and len(results.alueet) == areas

        return body


def run_attacks(store: PlanStore, workdir: Path, env: dict[str, str]) -> list[Outcome]:
    from evals.reliability.cli_attacks import cli_cases

    attacks = [*Attacks(store, workdir, env).cases(), *cli_cases(store, workdir, env)]
    return [
        run_case(Outcome(entry, name, what, expected), body) for entry, name, what, expected, body in attacks
    ]
