"""Validator tests of actions, development targets and areas: exact target names (and the message that gives
the right one), unknown targets, repeated action ids, areas without actions."""

from __future__ import annotations

from assistant.template.spec import load_template
from assistant.template.validator import validate_plan
from tests.template.validator_helpers import Plan, codes, only


def test_target_name_not_exact_message_gives_the_exact_name(example_plan: Plan) -> None:
    example_plan["toimenpiteet"][0]["kehittamiskohde"] = "Tieto-johtamisen strategia ja tavoitteet"
    (finding,) = only(validate_plan(example_plan), "target_name_not_exact")
    assert '"Tietojohtamisen strategia ja tavoitteet"' in finding.message
    assert finding.params == {
        "given": "Tieto-johtamisen strategia ja tavoitteet",
        "expected": "Tietojohtamisen strategia ja tavoitteet",
    }


def test_unknown_target_does_not_suggest_a_name(example_plan: Plan) -> None:
    example_plan["toimenpiteet"][0]["kehittamiskohde"] = "Tekoälyn hyödyntäminen"
    (finding,) = only(validate_plan(example_plan), "unknown_target")
    assert "Tekoälyn hyödyntäminen" in finding.message
    assert "expected" not in finding.params


def test_every_template_target_name_is_accepted(example_plan: Plan) -> None:
    template = example_plan["toimenpiteet"][0]
    example_plan["toimenpiteet"] = [
        {**template, "id": f"t{i}", "kehittamiskohde": t.name} for i, t in enumerate(load_template().targets)
    ]
    report = validate_plan(example_plan)
    assert report.by_severity("error") == []
    assert codes(report, "info") == []  # every area has an action now


def test_duplicate_id_is_reported_once_per_repeat(example_plan: Plan) -> None:
    for action in example_plan["toimenpiteet"][1:3]:
        action["id"] = "esim-01"
    findings = only(validate_plan(example_plan), "duplicate_action_id")
    assert [f.path for f in findings] == ["/toimenpiteet/1/id", "/toimenpiteet/2/id"]
    assert all(f.params["id"] == "esim-01" for f in findings)


def test_area_empty_for_removed_area(example_plan: Plan) -> None:
    example_plan["toimenpiteet"] = [a for a in example_plan["toimenpiteet"] if a["id"] != "esim-11"]
    infos = validate_plan(example_plan).by_severity("info")
    assert sorted(f.params["area_key"] for f in infos) == ["mittarit", "tiedon_kaytto"]
    assert all(f.code == "area_empty" for f in infos)


def test_hyphenated_target_still_counts_for_its_area(example_plan: Plan) -> None:
    example_plan["toimenpiteet"][10]["kehittamiskohde"] = "Mittareiden kattavuus".lower()
    report = validate_plan(example_plan)
    assert "mittarit" not in {f.params.get("area_key") for f in report.by_severity("info")}


def test_hyodyt_is_never_an_area_without_actions(example_plan: Plan) -> None:
    spec = load_template()
    benefits = next(a for a in spec.areas if a.section == "3.5")
    names = {t.name for t in benefits.targets}
    example_plan["toimenpiteet"] = [
        a for a in example_plan["toimenpiteet"] if a["kehittamiskohde"] not in names
    ]
    keys = {f.params.get("area_key") for f in only(validate_plan(example_plan), "area_empty")}
    assert benefits.key not in keys
