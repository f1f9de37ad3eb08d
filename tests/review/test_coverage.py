"""Every coverage rule on small plans: counts per area and target, targets/areas without actions, missing
schedule/responsible/prerequisites, unknown targets, empty required sections, assessment priorities, data
protection, short/long balance, JSON form. (Roadmap alignment: test_roadmap.py.)"""

from __future__ import annotations

import json

import pytest

from assistant.i18n import load_catalog
from assistant.review import CoverageReport, analyse
from assistant.review.config import load_rules
from assistant.template.validator import validate_plan
from tests.fixtures.plans import full_plan
from tests.review.plans import action, full, make_plan, plan_of

STRATEGY = "Tietojohtamisen strategia ja tavoitteet"
RESOURCES = "Resurssit"
METRICS_QUALITY = "Mittaustiedon laatu ja luotettavuus"


def test_full_plan_counts_every_target_and_area(spec) -> None:  # type: ignore[no-untyped-def]
    report = analyse(full_plan(2), spec=spec)
    assert report.total_actions == 2 * len(spec.targets) == 50
    for area, area_spec in zip(report.areas, spec.areas, strict=True):
        assert area.key == area_spec.key and area.name == area_spec.name
        assert area.actions == 2 * len(area_spec.targets)
        assert [t.name for t in area.targets] == [t.name for t in area_spec.targets]
        assert all(t.actions == 2 and len(t.action_ids) == 2 for t in area.targets)
    assert report.targets_without_actions == [] and report.areas_without_actions == []
    assert report.missing_schedule == report.missing_responsible == report.missing_prerequisites == []
    assert report.empty_required == [] and report.unknown_targets == []


def test_targets_and_areas_without_actions_are_listed_exactly(spec) -> None:  # type: ignore[no-untyped-def]
    data = full(1)
    mittarit = {t.name for t in spec.area("mittarit").targets}
    data["toimenpiteet"] = [
        a for a in data["toimenpiteet"] if a["kehittamiskohde"] not in mittarit | {STRATEGY, RESOURCES}
    ]
    report = analyse(plan_of(data), spec=spec)
    names = [t.name for t in report.targets_without_actions]
    assert names == [STRATEGY, RESOURCES, *[t.name for t in spec.area("mittarit").targets]]
    assert [t.area_key for t in report.targets_without_actions][:2] == [
        "visio_ja_strategia",
        "hallintorakenne_ja_organisointi",
    ]
    assert report.areas_without_actions == ["mittarit"]
    assert report.area("visio_ja_strategia").targets_without_actions == [STRATEGY]
    assert report.area("visio_ja_strategia").actions == len(spec.area("visio_ja_strategia").targets) - 1
    assert report.area("mittarit").actions == 0


def test_actions_missing_fields_are_listed_by_id(spec) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(
        [
            action("ok", STRATEGY),
            action("no-resp", STRATEGY, responsible=""),
            action("no-sched", RESOURCES, short="", long=""),
            action("long-only", RESOURCES, short=""),
            action("no-prereq", METRICS_QUALITY, prerequisites=""),
            action("nothing", METRICS_QUALITY, short="", long="", responsible="", prerequisites=""),
        ]
    )
    report = analyse(plan, spec=spec)
    assert [a.id for a in report.missing_responsible] == ["no-resp", "nothing"]
    assert [a.id for a in report.missing_schedule] == ["no-sched", "nothing"]
    assert [a.id for a in report.missing_prerequisites] == ["no-prereq", "nothing"]
    ref = report.missing_schedule[0]
    assert (ref.path, ref.index, ref.target, ref.area_key) == (
        "/toimenpiteet/no-sched",
        2,
        RESOURCES,
        "hallintorakenne_ja_organisointi",
    )
    strategy = report.area("visio_ja_strategia").targets[0]
    assert (strategy.actions, strategy.missing_responsible) == (2, ["no-resp"])
    mittarit = report.area("mittarit")
    assert (mittarit.missing_schedule, mittarit.missing_responsible, mittarit.missing_prerequisites) == (
        1,
        1,
        2,
    )


def test_target_names_are_matched_like_the_validator(spec) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(
        [action("hyphen", "Tieto- johtamisen strategia ja tavoitteet"), action("bad", "Olematon kohde")]
    )
    report = analyse(plan, spec=spec)
    assert report.area("visio_ja_strategia").targets[0].action_ids == ["hyphen"]
    assert [a.id for a in report.unknown_targets] == ["bad"]
    assert report.total_actions == 2


def test_empty_required_sections_match_the_validator(spec) -> None:  # type: ignore[no-untyped-def]
    data = full(1)
    data["kuvaus"]["sote_maakunta"] = ""
    data["nykytila"]["arvioinnin_tulokset"] = ""
    data["nykytila"]["arvioinnin_suunnitelma"] = ""
    data["tavoitteet"] = {key: "" for key in data["tavoitteet"]}
    report = analyse(plan_of(data), spec=spec)
    got = [(e.kind, e.section_id, e.path) for e in report.empty_required]
    assert got == [
        ("field", "3.1.1", "/kuvaus/sote_maakunta"),
        ("one_of", "3.2.2", "/nykytila/arvioinnin_tulokset"),
        ("section", "3.3", "/tavoitteet"),
    ]
    assert report.empty_required[0].label == "Sote-maakunta"
    findings = validate_plan(plan_of(data)).findings
    required = [f.path for f in findings if f.code.startswith("required_")]
    assert sorted(required) == sorted(e.path for e in report.empty_required)


def test_assessment_priorities_are_the_lowest_areas(spec) -> None:  # type: ignore[no-untyped-def]
    results = [
        {"alue": "visio_ja_strategia", "kypsyys": 3.5, "tyytyvaisyys": 3.9},
        {"alue": "tietotarpeet", "kypsyys": 1.5, "tyytyvaisyys": 4.0},
        {"alue": "tiedon_hankinta", "kypsyys": 2.0, "tyytyvaisyys": 2.0},
        {"alue": "tiedon_jakaminen", "kypsyys": 2.5, "tyytyvaisyys": 3.0},
        {"alue": "mittarit", "kypsyys": 2.5, "tyytyvaisyys": 1.8},
        {"alue": "hyodyt", "kypsyys": 4.0, "tyytyvaisyys": 3.0},
    ]
    plan = make_plan([action("m1", METRICS_QUALITY)], results=results)
    report = analyse(plan, spec=spec)
    a = report.assessment
    assert a.available and (a.scale_min, a.scale_max) == (1, 5)
    # maturity: 1.5, 2.0, then 2.5 twice (tie included); satisfaction: 1.8, 2.0, then 3.0 twice
    got = {p.area_key: p.reasons for p in a.priorities}
    assert got == {
        "tietotarpeet": ["lowest_maturity"],
        "tiedon_hankinta": ["lowest_maturity", "lowest_satisfaction"],
        "tiedon_jakaminen": ["lowest_maturity", "lowest_satisfaction"],
        "mittarit": ["lowest_maturity", "lowest_satisfaction"],
        "hyodyt": ["lowest_satisfaction"],
    }
    assert [p.area_key for p in a.priorities] == [
        "tietotarpeet",
        "tiedon_hankinta",
        "tiedon_jakaminen",
        "mittarit",
        "hyodyt",
    ]
    # HYÖDYT is a priority (lowest satisfaction) but has no action table: never "without actions"
    assert "hyodyt" in got and "hyodyt" not in a.priorities_without_actions
    assert a.priorities_without_actions == ["tietotarpeet", "tiedon_hankinta", "tiedon_jakaminen"]
    assert next(p for p in a.priorities if p.area_key == "mittarit").action_ids == ["m1"]
    strict = load_rules().model_copy(
        update={"priorities": load_rules().priorities.model_copy(update={"lowest": 1})}
    )
    one = analyse(plan, spec=spec, rules=strict).assessment
    assert [p.area_key for p in one.priorities] == ["tietotarpeet", "mittarit"]


def test_priorities_unavailable_without_results(spec) -> None:  # type: ignore[no-untyped-def]
    assert analyse(make_plan([]), spec=spec).assessment.available is False
    empty = make_plan([], results=[{"alue": "mittarit"}])
    assert analyse(empty, spec=spec).assessment.available is False


def test_data_protection_mentions_with_paths_and_inflections(spec) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(
        [
            action("a1", STRATEGY, "Laadimme strategian."),
            action("a2", RESOURCES, "Kartoitamme henkilötietojen käsittelyn vastuut."),
            action(
                "a3",
                METRICS_QUALITY,
                "Mittarit.",
                prerequisites="Asiakastietosuojan ja riskien\narvioinnin osaaminen",
            ),
        ],
        nykytila={"nykytilan_kuvaus": "Riskianalyysi on tekemättä."},
    )
    dp = analyse(plan, spec=spec).data_protection
    assert dp.addressed
    got = [(m.path, m.word, m.action_id) for m in dp.mentions]
    assert got == [
        ("/nykytila/nykytilan_kuvaus", "Riskianalyysi", None),
        ("/toimenpiteet/a2/toimenpide", "henkilötietojen", "a2"),
        ("/toimenpiteet/a3/edellytykset", "Asiakastietosuojan", "a3"),
    ]
    assert dp.sections == ["nykytila"] and dp.action_ids == ["a2", "a3"]
    assert (
        dp.mentions[0].label.startswith("3.2.1 ") and "Riskianalyysi on tekemättä" in dp.mentions[0].snippet
    )
    assert dp.terms == list(spec.rules.data_protection_terms)


def test_multiword_term_across_a_line_break(spec) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan([action("a1", STRATEGY, "Teemme riskien\narvioinnin.")])
    dp = analyse(plan, spec=spec).data_protection
    assert [(m.term, m.word) for m in dp.mentions] == [("riskien arvioin", "riskien\narvioinnin")]


def test_plan_without_data_protection(spec) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan([action("a1", STRATEGY, "Laadimme strategian.")], kuvaus={"sote_maakunta": "Alue X"})
    dp = analyse(plan, spec=spec).data_protection
    assert dp.addressed is False and dp.mentions == []
    # the validator agrees
    assert any(f.code == "data_protection_missing" for f in validate_plan(plan).findings)


def test_short_and_long_term_balance(spec) -> None:  # type: ignore[no-untyped-def]
    plan = make_plan(
        [
            action("both", STRATEGY),
            action("short", STRATEGY, long=""),
            action("long1", RESOURCES, short=""),
            action("long2", RESOURCES, short=""),
            action("none", RESOURCES, short="", long=""),
        ]
    )
    b = analyse(plan, spec=spec).balance
    assert (b.short_period, b.long_period) == ("2020–2021", "2022–2025")
    assert (b.short_term, b.long_term, b.both) == (2, 3, 1)
    assert (b.short_only, b.long_only, b.unscheduled) == (["short"], ["long1", "long2"], ["none"])
    area = analyse(plan, spec=spec).area("hallintorakenne_ja_organisointi")
    assert (area.short_term, area.long_term) == (0, 2)


def test_roadmap_alignment_unavailable_without_a_knowledge_base(spec) -> None:  # type: ignore[no-untyped-def]
    roadmap = analyse(make_plan([action("a", STRATEGY)]), spec=spec, language="sv").roadmap
    assert roadmap.available is False and roadmap.tasks == []
    assert roadmap.reason == load_catalog("sv").t("review.roadmap.no_kb")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_report_language_and_json_round_trip(spec, language: str) -> None:  # type: ignore[no-untyped-def]
    data = full(1)
    data["toimenpiteet"] = data["toimenpiteet"][1:]
    report = analyse(data, spec=spec, language=language)  # a dict is accepted
    assert report.language == language
    area = report.area("visio_ja_strategia")
    assert area.label == spec.area("visio_ja_strategia").label.get(language)
    assert report.targets_without_actions[0].name == STRATEGY  # exact template name in every language
    assert report.targets_without_actions[0].label == spec.targets[0].display(language)
    text = report.model_dump_json()
    assert CoverageReport.model_validate_json(text) == report
    assert json.loads(text)["areas"][0]["key"] == "visio_ja_strategia"


def test_invalid_plan_data_is_rejected_with_the_field_named(spec) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="toimenpiteet"):
        analyse({"toimenpiteet": [{"toimenpide": "x"}]}, spec=spec)
