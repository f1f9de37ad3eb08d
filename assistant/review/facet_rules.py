"""The reviewer-question rules (`interpret.py`): which facets a question's cue words and filters support."""

from __future__ import annotations

from assistant.review.cues import FacetVocabulary
from assistant.review.query import Filters


def rule_bonuses(hits: dict[str, list[int]], f: Filters, v: FacetVocabulary) -> dict[str, float]:
    """Score bonuses of the facets that the cue words and filters support (`rule_strong` when decisive).
    They are added to the e5 similarities and the facet model's probabilities: no rule decides alone."""
    b: dict[str, float] = {}

    def add(facet: str, strong: bool = False) -> None:
        b[facet] = max(b.get(facet, 0.0), v.rule_strong if strong else v.rule_bonus)

    has = hits.__contains__
    named = bool(f.area or f.target)
    # opening with "must / may we" asks what is required or allowed (a norm), not what the plan lacks
    norm = 0 in hits.get("modal", ()) and not has("plan_ref")
    without = (has("without") or has("empty")) and not norm
    asks_yes_no = has("yes_no_fi") or has("yes_no_sv") or has("yes_no_en") or has("question")
    if f.person and (has("action_noun") or has("responsibility") or has("responsible")):
        add("count_actions" if has("count") else "actions_by_person", strong=True)
        if has("responsibility") and not has("count"):  # what a named person answers for: decisive
            b["actions_by_person"] = 2 * v.rule_strong
    if has("most") and (has("responsibility") or has("action_noun") or has("responsible")):
        add("actions_by_person", strong=True)
    if has("who") and has("action_noun") and has("responsibility") and not (without or has("all")):
        add("actions_by_person", strong=True)  # who answers for the actions: the persons
    if f.metric and (f.order or f.threshold is not None):
        add("assessment", strong=True)
    elif f.threshold is not None and (has("area_noun") or has("assessment_ref")):
        add("assessment", strong=True)  # areas' results compared with a figure ("alle 2,5")
    elif f.order and has("assessment_ref") and not f.person:
        add("assessment", strong=True)  # "the weakest areas in the assessment"
    elif f.metric or (f.threshold is not None and has("area_noun")):
        add("assessment")
    if f.field in ("responsible", "prerequisites") and not f.person and (without or has("all")):
        add("actions_missing_field", strong=True)
    if f.field and f.field.startswith("schedule") and (without or has("all") or has("only")) and not f.metric:
        add("actions_missing_field", strong=True)
    countable = named or any((f.person, f.period, f.section, f.field))
    countable = countable or any(has(g) for g in ("action_noun", "area_noun", "target_noun", "section_noun"))
    if has("count") and not countable and not has("source"):
        add("unanswerable", strong=True)  # "how many residents …": nothing the plan counts
    if has("count") and not without and not f.person:
        if has("area_noun") and not named:
            # the plan's areas with actions; "how many areas has the assessment model?" names neither
            plan_named = any(has(g) for g in ("action_noun", "plan_ref", "region", "compare", "planned"))
            add("count_areas_with_actions", strong=plan_named or not has("survey"))
        elif has("action_noun") or named:
            add("count_actions", strong=bool(named or f.period))
    if without and has("action_noun") and not f.field and not f.metric:
        if has("target_noun"):
            add("targets_without_actions", strong=True)
        elif has("area_noun") and not named and not (f.order or f.metric or f.threshold is not None):
            add("areas_without_actions", strong=True)
        elif f.area and not f.target and not (f.person or f.order or f.threshold is not None or has("count")):
            # "Puuttuuko mittareilta toimenpiteet?": whether that area has any (no action field is named)
            b["areas_without_actions"] = 2 * v.rule_strong
    if has("target_noun") and has("empty") and not has("action_noun") and not f.target and not norm:
        add("targets_without_actions", strong=True)  # targets "left empty": without actions
    # "the areas of section 3.4 left empty": its areas without actions, not empty text sections
    areas_asked = has("area_noun") and not (f.text_field or named)
    if (
        (has("section_noun") or f.section)
        and (without or has("filled"))
        and not (has("action_noun") or areas_asked)
    ):
        add("empty_sections", strong=True)
    elif f.text_field and not (has("action_noun") or f.concept or has("mention") or norm) and asks_yes_no:
        add("empty_sections")  # "Finns beskrivningen av nuläget?": whether a named text field is filled
    elif has("area_noun") and has("empty") and not named and not norm:
        add("areas_without_actions", strong=True)
    # what a source (the template, the guidance) says about a topic is not whether the plan mentions it
    # a document named (the template, the roadmap, a document of the knowledge base) and not the plan: the
    # question asks what that document says ("Mainitaanko tiekartassa …?", "Nämns … i färdplanen?")
    document = has("source") or has("roadmap") or has("document")
    # the roadmap's tasks compared with the plan, or missing from it ("Mitkä tiekartan tehtävät puuttuvat?"),
    # ask about the plan, unless the question asks what a source says
    said = has("source") or has("claim")
    compared = has("compare") or has("action_noun") or has("without")
    roadmap_plan = has("roadmap") and compared and not said
    source_asked = document and not (has("plan_ref") or has("region") or roadmap_plan)
    if f.concept and (has("mention") or has("plan_ref")) and not f.field and not source_asked:
        add("topic_mentioned", strong=True)
    elif (f.section or f.text_field) and has("mention") and not (source_asked or has("action_noun")):
        add("topic_mentioned", strong=True)  # "Mainitaanko seurantaosiossa …?": a part of the plan searched
    both_compared = has("balance") or has("count") or has("compare")
    if has("short") and has("long") and both_compared and not (without or has("all")):
        add("period_balance", strong=True)
    elif has("balance") and (has("short") or has("long")):
        add("period_balance")
    elif has("balance") and (has("schedule") or has("period_noun")) and has("action_noun") and not without:
        add("period_balance")  # "how evenly are the actions spread over the periods?"
    # a mention word alone is no comparison: "Mainitaanko tiekartassa X?" asks what the roadmap says
    about_plan = compared or has("plan_ref") or has("region")
    if has("roadmap") and about_plan and not has("claim"):
        add("roadmap_alignment", strong=True)
    elif has("roadmap") and about_plan:
        add("roadmap_alignment")
    elif has("roadmap"):
        add("guidance", strong=True)
    if f.person and has("who") and not has("source"):
        # "who is the data protection officer?" and the plan names the post's holder: that person
        b["actions_by_person"] = max(b.get("actions_by_person", 0.0), 2 * v.rule_strong)
    elif f.person and not (has("action_noun") or has("responsibility") or has("responsible") or has("count")):
        # a fact about a person that the plan does not hold; where or when (studied, started): decisive
        add("unanswerable", strong=has("where_when"))
    elif (
        f.person and has("count") and not (has("action_noun") or has("responsibility") or has("responsible"))
    ):
        add("unanswerable", strong=True)  # "how many hours does X spend …": not the person's actions
    person_fact = not (
        has("action_noun") or has("responsibility") or has("responsible") or has("count") or has("most")
    )
    if has("who") and person_fact and not (has("source") or has("modal") or has("mention") or f.person):
        # "who is the county's …?": a fact about a person or a post, which the plan does not hold (its
        # persons are only the actions' responsible persons); never "the plan does not mention …"
        b["unanswerable"] = max(b.get("unanswerable", 0.0), 2 * v.rule_strong)
    if source_asked:
        add("guidance", strong=True)
        plan_words = ["action_noun", "area_noun", "target_noun", "section_noun", "count", "most", "balance"]
        plan_words += ["assessment_ref", "empty", "without"]  # a mention word: the source mentions
        if not (named or f.person or f.metric or any(has(g) for g in plan_words)):
            # only the source is named ("what are the template's periods?"): its text, not the plan's
            b["guidance"] = 2 * v.rule_strong
    if has("modal") and not has("plan_ref"):
        add("guidance", strong=True)
    if has("survey") and f.order is None and f.threshold is None:
        add("guidance", strong=True)
    if 0 in hits.get("modal", ()) and not has("plan_ref"):
        # opening with "must / may we" asks what is required or allowed: a norm, not a plan figure
        b["guidance"] = max(b.get("guidance", 0.0), 2 * v.rule_strong)
    if has("known_absent"):  # outweighs the source cues of the same question
        b["unanswerable"] = 2 * v.rule_strong
    if named and (has("action_noun") or has("planned")) and not without and not has("count"):
        add("area_actions", strong=has("planned") and not has("action_noun"))  # "What is planned for X?"
    return b
