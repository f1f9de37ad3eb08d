"""The assessment-results step: rows given in one message (or several), echoed back for confirmation,
every problem of every row reported at once, recorded on "kyllä"."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from assistant.drafting import extract
from assistant.drafting.assessment_input import (
    AssessmentRow,
    ParsedAssessment,
    RowProblem,
    check_scale,
    parse_assessment_text,
)
from assistant.drafting.context import TurnContext
from assistant.drafting.extract import ExtractionError
from assistant.drafting.reply import show_findings
from assistant.drafting.steps import area_priority
from assistant.markdown import escape_md
from assistant.template.models import plan_model
from assistant.template.spec import TemplateSpec
from assistant.textutil import decimal_places, format_number, shorten_words

DEFAULT_SCALE = (1.0, 5.0)


def _area_name(spec: TemplateSpec, key: str, language: str) -> str:
    return spec.area(key).label.get(language) or spec.area(key).name


def problem_text(ctx: TurnContext, spec: TemplateSpec, problem: RowProblem) -> str:
    """One row problem in words: the row, the column and what is wrong."""
    params = dict(problem.params)
    if "area" in params:
        params["area"] = _area_name(spec, params["area"], ctx.language)
    if problem.code == "unknown_area":
        suggestion = params.get("suggestion")
        params["suggestion"] = (
            ctx.t("assessment_row.suggestion", name=_area_name(spec, suggestion, ctx.language))
            if suggestion
            else ""
        )
    for key in ("value", "min", "max"):
        if isinstance(params.get(key), float | int):
            params[key] = format_number(params[key], ctx.language)
    column = ctx.t(f"assessment_column.{problem.column}")
    return ctx.t(f"assessment_row.{problem.code}", row=problem.row, column=column, **params)


def row_text(
    ctx: TurnContext, spec: TemplateSpec, n: int, row: dict[str, Any], places: dict[str, int] | None = None
) -> str:
    """One echoed row; `places`: decimals per column, so that "2,0" stands beside "2,5" as typed."""
    values = []
    for key in ("maturity", "satisfaction"):
        if row.get(key) is not None:
            value = format_number(row[key], ctx.language, (places or {}).get(key))
            values.append(ctx.t(f"assessment_value.{key}", value=value))
    name = _area_name(spec, row["area"], ctx.language)
    typed = row.get("typed", "")
    as_typed = (
        ctx.t("assessment_typed", typed=escape_md(typed)) if typed and typed.lower() != name.lower() else ""
    )
    return f"{n}. {escape_md(name)}: {', '.join(values)}{as_typed}"


def _left_out(ctx: TurnContext, parsed: ParsedAssessment) -> None:
    """Say which lines were remarks, not rows, and that figures in parentheses were left out."""
    if parsed.set_aside:
        lines = [
            ctx.t(
                "assessment_set_aside_line", row=n, text=escape_md(shorten_words(text.replace("( )", ""), 60))
            )
            for n, text in parsed.set_aside
        ]
        ctx.say("assessment_set_aside", lines=", ".join(lines))
    if parsed.parenthesised:
        ctx.say("assessment_parenthesised", count=parsed.parenthesised)


class AssessmentStep:
    def __init__(self, spec: TemplateSpec, *, advance: Callable[[TurnContext], None]) -> None:
        self.spec = spec
        self._advance = advance

    def answer(self, ctx: TurnContext, text: str) -> None:
        pending = ctx.state.pending_assessment
        said = extract.yes_no(text)
        decision = said if pending else None
        if pending and decision is True and len(text.split()) <= 3:
            self._record(ctx, pending)
            return
        if pending and decision is False and len(text.split()) <= 3:
            ctx.state.pending_assessment = None
            ctx.say("assessment_discarded")
            ctx.say("assessment_question")
            return
        if not pending and said is not None and len(text.split()) <= 3:
            ctx.say("assessment_needs_rows")  # "joo" after rows were refused: no row, nothing to confirm
            return
        try:
            parsed = parse_assessment_text(text, self.spec)
        except ExtractionError as exc:
            ctx.say(exc.code, **{k: escape_md(str(v)) for k, v in exc.params.items()})
            return
        self.take(ctx, parsed)

    def take(self, ctx: TurnContext, parsed: ParsedAssessment) -> None:
        """Add parsed rows to the pending results (or report every problem, taking nothing)."""
        pending = copy.deepcopy(ctx.state.pending_assessment) or {"rows": [], "scale": None}
        scale = tuple(parsed.scale or pending.get("scale") or DEFAULT_SCALE)
        earlier = {r["area"]: r for r in pending["rows"]}
        repeated = []  # sent again with the same values (e.g. the whole table once more): taken once
        for row in parsed.rows:
            before = earlier.get(row.area)
            if before is None:
                continue
            if (before["maturity"], before["satisfaction"]) == (row.maturity, row.satisfaction):
                repeated.append(row)
            else:
                parsed.problems.append(RowProblem(row.row, "area", "duplicate_pending", {"area": row.area}))
        parsed.rows = [r for r in parsed.rows if r not in repeated]
        check_scale(parsed, scale[0], scale[1])
        if parsed.problems or not (parsed.rows or repeated):
            problems = sorted(parsed.problems, key=lambda p: p.row)
            ctx.say("assessment_problems", count=len(problems))
            ctx.lines.append("\n".join(f"- {problem_text(ctx, self.spec, p)}" for p in problems))
            _left_out(ctx, parsed)
            ctx.say("assessment_retry")
            return
        pending["rows"] += [_row_dict(r) for r in parsed.rows]
        pending["scale"] = list(scale) if parsed.scale or pending.get("scale") else None
        ctx.state.pending_assessment = pending
        ctx.say(
            "assessment_echo",
            count=len(pending["rows"]),
            min=format_number(scale[0], ctx.language),
            max=format_number(scale[1], ctx.language),
        )
        rows = pending["rows"]
        places = {key: decimal_places(r.get(key) for r in rows) for key in ("maturity", "satisfaction")}
        ctx.lines.append("\n".join(row_text(ctx, self.spec, n, r, places) for n, r in enumerate(rows, 1)))
        _left_out(ctx, parsed)
        ctx.say("assessment_confirm")

    def _record(self, ctx: TurnContext, pending: dict[str, Any]) -> None:
        scale = pending.get("scale") or DEFAULT_SCALE
        data = ctx.plan.model_dump(mode="json")
        old = data.get("arviointitulokset")
        results = {
            "asteikko_min": float(scale[0]),
            "asteikko_max": float(scale[1]),
            "alueet": [
                {"alue": r["area"], "kypsyys": r["maturity"], "tyytyvaisyys": r["satisfaction"]}
                for r in pending["rows"]
            ],
        }
        data["arviointitulokset"] = results
        ctx.plan = plan_model().model_validate(data)
        ctx.change("/arviointitulokset", old, results)
        ctx.state.pending_assessment = None
        order = ", ".join(_area_name(self.spec, k, ctx.language) for k in area_priority(self.spec, ctx.plan))
        ctx.say("assessment_recorded", count=len(pending["rows"]), order=order)
        show_findings(ctx, ["/arviointitulokset"])
        self._advance(ctx)


def _row_dict(row: AssessmentRow) -> dict[str, Any]:
    return {"area": row.area, "typed": row.typed, "maturity": row.maturity, "satisfaction": row.satisfaction}
