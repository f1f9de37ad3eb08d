"""How the proposals of a target are shown: numbered, cited, with the county's own words that put each one
in its place, the area's assessment standing, and a quote in another language marked as a quote (with the
target named in the user's language)."""

from __future__ import annotations

from assistant.drafting.context import TurnContext
from assistant.drafting.models import Proposal
from assistant.drafting.proposals_county import area_standing
from assistant.markdown import escape_md
from assistant.template.spec import load_template
from assistant.textutil import format_number


def proposal_line(ctx: TurnContext, p: Proposal) -> str:
    citation = "; ".join(escape_md(s.citation) for s in p.lahteet)
    text = escape_md(p.toimenpide)
    if p.kieli != ctx.language:
        target = load_template().target_by_name(p.kehittamiskohde)
        name = target.display(ctx.language) if target is not None else p.kehittamiskohde
        line = ctx.t("proposal_line_quoted", n=p.number, target=escape_md(name), text=text, citation=citation)
    else:
        line = ctx.t("proposal_line", n=p.number, text=text, citation=citation)
    if p.county_words:
        line += "  \n" + ctx.t("proposal_reason", words=", ".join(escape_md(w) for w in p.county_words))
    return line


def standing_note(ctx: TurnContext, target_name: str) -> str | None:
    """Why this area comes now, by the county's assessment results (None without a result for it)."""
    spec = load_template()
    area = next((a for a in spec.areas if any(t.name == target_name for t in a.targets)), None)
    if area is None:
        return None
    standing = area_standing(ctx.plan, area.key)
    if standing is None:
        return None
    lang = ctx.language
    missing = "–"
    return ctx.t(
        "area_standing_note",
        area=escape_md(area.label.get(lang) or area.name),
        rank=standing.rank,
        count=standing.assessed,
        maturity=format_number(standing.maturity, lang) or missing,
        satisfaction=format_number(standing.satisfaction, lang) or missing,
        low=format_number(standing.scale_min, lang),
        high=format_number(standing.scale_max, lang),
    )


def show_proposal_lines(ctx: TurnContext, proposals: list[Proposal]) -> None:
    """The lines of a target's proposals (the caller adds the prompt for a decision)."""
    target = proposals[0].kehittamiskohde if proposals else ""
    decided = any(a.kehittamiskohde == target for a in getattr(ctx.plan, "toimenpiteet", []))
    if proposals and not decided:  # said when the target is opened, not again for the remaining ones
        note = standing_note(ctx, target)
        if note:
            ctx.lines.append(note)
    ctx.say("examples_note")
    if any(p.kieli != ctx.language for p in proposals):
        ctx.say("quoted_note")
    for p in proposals:
        ctx.lines.append(proposal_line(ctx, p))
