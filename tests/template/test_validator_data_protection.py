"""Validator tests of the data protection check: a plan that nowhere mentions data protection (the template's
terms, in any language and case) gets one warning; one mention anywhere is enough."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.template.spec import load_template
from assistant.template.validator import validate_plan
from tests.template.validator_helpers import Plan, codes, set_at


def _strings(node: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(v, f"{path}/{k}")]
    if isinstance(node, list):
        return [s for i, v in enumerate(node) for s in _strings(v, f"{path}/{i}")]
    return [(path, node)] if isinstance(node, str) else []


def _set_pointer(plan: Plan, pointer: str, value: str) -> None:
    parts = [int(p) if p.isdigit() else p for p in pointer.strip("/").split("/")]
    set_at(*parts, value=value)(plan)


def test_data_protection_missing(example_plan: Plan) -> None:
    terms = load_template().rules.data_protection_terms
    assert "tietosuoj" in terms
    mentions = [p for p, text in _strings(example_plan) if any(t in text.lower() for t in terms)]
    # The example plan addresses data protection in exactly these texts.
    assert mentions == [
        "/nykytila/nykytilan_kuvaus",
        "/tavoitteet/tavoiteltavat_tulokset",
        "/toimenpiteet/3/toimenpide",
        "/toimenpiteet/6/edellytykset",
    ]
    rewrites = {
        "/nykytila/nykytilan_kuvaus": "Alueella on maakunnallinen tietovarasto, mutta sosiaalihuollon tiedot "
        "puuttuvat siitä osittain. Raportointi tehdään pääosin käsityönä.",
        "/tavoitteet/tavoiteltavat_tulokset": "Vuoden 2025 loppuun mennessä alueella on yhteinen "
        "tietojohtamisen strategia, tietovarasto, yhtenäinen mittaristo ja johdon työpöytä.",
        "/toimenpiteet/3/toimenpide": "Järjestämme esihenkilöille tietojohtamisen koulutuksen.",
        "/toimenpiteet/6/edellytykset": "Tietovaraston kapasiteetin lisäys ennen laajennusta",
    }
    for pointer, text in rewrites.items():
        _set_pointer(example_plan, pointer, text)
    assert [p for p, text in _strings(example_plan) if any(t in text.lower() for t in terms)] == []

    report = validate_plan(example_plan)
    assert report.valid  # a warning does not make the plan invalid
    assert [(f.code, f.severity, f.path) for f in report.by_severity("warning")] == [
        ("data_protection_missing", "warning", "")
    ]
    assert report.by_severity("error") == []
    assert "Tietosuoja" in report.by_severity("warning")[0].message

    # One mention anywhere in the plan's text (here in an action's prerequisites) is enough.
    example_plan["toimenpiteet"][6]["edellytykset"] = "Tietosuojan vaikutustenarviointi"
    assert validate_plan(example_plan).by_severity("warning") == []


@pytest.mark.parametrize("term", ["GDPR", "personuppgifter", "Privacy"])
def test_data_protection_terms_are_case_insensitive(example_plan: Plan, term: str) -> None:
    _set_pointer(example_plan, "/nykytila/nykytilan_kuvaus", "Nykytila kuvattu.")
    _set_pointer(example_plan, "/tavoitteet/tavoiteltavat_tulokset", "Tulokset kuvattu.")
    _set_pointer(example_plan, "/toimenpiteet/3/toimenpide", "Koulutus.")
    _set_pointer(example_plan, "/toimenpiteet/6/edellytykset", "Resurssit.")
    assert codes(validate_plan(example_plan), "warning") == ["data_protection_missing"]
    example_plan["arviointi"]["seuranta_ja_arviointi"] += f" {term} huomioidaan."
    assert codes(validate_plan(example_plan), "warning") == []
