"""Reviewer questions read by structure, not by listed phrasings: one typo in a cue word, a name or a
role; the plan's periods by their years; Finnish superlatives of the measure (Voikko); two questions joined
by a conjunction; function words never searched as topics; a topic typed with a typo is still found."""

from __future__ import annotations

import pytest

from assistant.review import ask
from assistant.review.cues import CueMatcher, _word_hit, load_facets, typo_prefix, words
from assistant.review.interpret import period_years
from assistant.review.readings import about_plan
from tests.review.plans import action, make_plan


@pytest.fixture(scope="module")
def plan():  # type: ignore[no-untyped-def]
    return make_plan(
        [
            action(
                "a1",
                "Resurssit",
                "Järjestämme koulutusta esihenkilöille.",
                responsible="Laura Mäki, tietosuojavastaava",
            ),
            action("a2", "Resurssit", long="", responsible="Mikael Holm, dataarkitekt"),
        ]
    )


@pytest.mark.parametrize(
    ("stem", "word", "same"),
    [
        ("satisf", "satisfaction", True),  # a prefix
        ("satisf", "saitsfaction", True),  # two letters swapped
        ("kohdista", "kohdsta", True),  # a letter dropped
        ("kohdista", "kohhdista", True),  # a letter doubled
        ("kohdista", "kahdista", True),  # a letter changed
        ("kohdista", "kdhoista", False),  # two typos
        ("kohd", "khod", False),  # too short for a typo
    ],
)
def test_one_typo_in_a_stem(stem: str, word: str, same: bool) -> None:
    assert typo_prefix(stem, word) is same


def test_cue_matcher_agrees_with_the_word_rule_on_typos() -> None:
    matcher = CueMatcher(load_facets())
    ws = words("Wich areas have saitsfaction abvoe 2,5 and no meausres?")
    hits = matcher.hits(ws)
    assert hits.get("satisfaction") == [ws.index("saitsfaction")]
    assert hits.get("action_noun") == [ws.index("meausres")]
    # the per-word fast path gives what the word rule gives, pattern by pattern
    for group, patterns in matcher.groups.items():
        single = [
            i
            for i, w in enumerate(ws)
            for (spec, *rest) in patterns
            if not rest and _word_hit(spec, w, matcher.fuzzy)
        ]
        assert set(single) <= set(hits.get(group, [])), group


@pytest.mark.parametrize(
    ("question", "facet", "filters"),
    [
        # the plan's periods named by their years (template default periods 2020–2021 / 2022–2025)
        ("Montako toimenpidettä on vuosille 2022–2025?", "count_actions", {"period": "long"}),
        ("Hur många åtgärder har en tidsplan för 2021?", "count_actions", {"period": "short"}),
        # a superlative of the measure's adjective
        ("Mikä osa-alue on kypsin?", "assessment", {"metric": "maturity", "order": "highest"}),
        ("Missä ollaan tyytymättömimpiä?", "assessment", {"metric": "satisfaction", "order": "lowest"}),
        # a role or a name with a typo
        ("Mitä tietosuojavastavan vastuulla on?", "actions_by_person", {"person": "Laura Mäki"}),
        # targets "left empty"
        ("Mitkä kehittämiskohteet on jätetty tyhjiksi?", "targets_without_actions", {}),
        # areas' results compared with a figure
        ("Onko alle 2 arvioituja osa-alueita?", "assessment", {"threshold": 2.0, "comparison": "below"}),
    ],
)
def test_structure_not_phrasing(interpreter, plan, question: str, facet: str, filters: dict) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret(question, plan)
    assert query.facet == facet, query
    got = query.filters.model_dump()
    assert {k: got[k] for k in filters} == filters, query


def test_period_years_follow_the_plans_own_periods(plan) -> None:  # type: ignore[no-untyped-def]
    short, long = plan.meta.periods.short, plan.meta.periods.long
    ws = words(f"vuosille {long.start}–{long.end} ja {short.start} sekä {short.start}–{long.end}")
    assert period_years(ws, plan) == {"long": [1], "short": [3]}  # a range across both names neither


def test_two_questions_joined_by_a_conjunction_are_mixed(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret(
        "Mitkä osa-alueet ovat ilman toimenpiteitä, ja mitä ohje sanoo siitä?", plan
    )
    assert query.facet == "areas_without_actions" and query.knowledge
    assert query.knowledge_query.startswith("mitä ohje sanoo")


def test_a_field_question_naming_no_lack_means_do_all_have_it(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret("Onko toimenpiteillä pitkän aikavälin aikataulu?", plan)
    assert query.facet == "actions_missing_field" and query.yes_no and query.all_polarity
    answer = ask(plan, "Onko toimenpiteillä pitkän aikavälin aikataulu?", kb=None)
    assert answer.result is not None and answer.result.yes_no == "no"  # a2 has none
    assert answer.text.startswith("Ei.")


def test_function_words_are_never_topics(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    query = interpreter.interpret("Mainitaanko suunnitelmassa jossain tekoäly?", plan)
    assert query.facet == "topic_mentioned"
    assert "jossain" not in query.filters.topic and any(t.startswith("tekoäly") for t in query.filters.topic)


def test_a_topic_typed_with_a_typo_is_found_not_reported_missing(plan) -> None:  # type: ignore[no-untyped-def]
    answer = ask(plan, "Mainitaanko suunnitelmassa koultusta?", kb=None)
    assert answer.result is not None and answer.result.facet == "topic_mentioned"
    assert answer.result.yes_no == "yes" and answer.result.count == 1


def test_a_question_naming_nothing_of_the_plan_searches_the_knowledge_base(interpreter, plan) -> None:  # type: ignore[no-untyped-def]
    # no word of the plan's vocabulary, no rule: a plan figure would answer something not asked
    query = interpreter.interpret("Mistä saisi lisätietoa riskien arvioinnin menetelmistä?", plan)
    assert query.facet == "guidance"
    # naming the plan's region (inflected) is naming the plan
    regional = plan.model_copy(deep=True)
    regional.meta.region = "Kuusiston hyvinvointialue"
    assert about_plan("Mitä Kuusistossa tehdään?", {}, query.filters, regional)
    assert not about_plan("Mitä Kuusistossa tehdään?", {}, query.filters, plan)
