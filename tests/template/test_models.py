"""Tests of the generated Plan model and its JSON Schema (assistant.template.models)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from assistant.paths import KNOWLEDGE_DIR
from assistant.template.models import build_plan_model, new_plan, plan_json_schema, plan_model
from assistant.template.spec import TemplateSpec, load_template

EXAMPLE_PLAN = KNOWLEDGE_DIR / "examples" / "esimerkkisuunnitelma.json"
AREA_KEYS = [
    "visio_ja_strategia",
    "hallintorakenne_ja_organisointi",
    "tietotarpeet",
    "tiedon_hankinta",
    "tiedon_organisointi_ja_varastointi",
    "tietotuotteet_ja_palvelut",
    "tiedon_jakaminen",
    "tiedon_kaytto",
    "mittarit",
    "hyodyt",
]


@pytest.fixture
def example_plan() -> dict[str, Any]:
    return json.loads(EXAMPLE_PLAN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return plan_json_schema()


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a `$ref` (possibly inside anyOf with null) to its definition."""
    if "$ref" in node:
        return schema["$defs"][node["$ref"].split("/")[-1]]
    for option in node.get("anyOf", []):
        if "$ref" in option:
            return _resolve(schema, option)
    if node.get("type") == "array":
        return _resolve(schema, node["items"])
    raise AssertionError(f"no reference in {node}")


# --- defaults -----------------------------------------------------------------------------------------


def test_empty_plan_gets_default_periods() -> None:
    plan = plan_model()()
    periods = plan.meta.periods
    assert (periods.short.start, periods.short.end, periods.long.start, periods.long.end) == (
        2020,
        2021,
        2022,
        2025,
    )
    assert plan.schema_version == load_template().schema_version
    assert plan.toimenpiteet == []
    assert plan.arviointitulokset is None
    assert plan.kuvaus.sote_maakunta == ""


def test_empty_plans_do_not_share_mutable_defaults() -> None:
    first, second = plan_model()(), plan_model()()
    first.meta.periods.short.start = 2024
    assert second.meta.periods.short.start == 2020


def test_new_plan_sets_meta() -> None:
    plan = new_plan(region="Esimerkkimaan hyvinvointialue", language="sv")
    assert plan.meta.region == "Esimerkkimaan hyvinvointialue"
    assert plan.meta.language == "sv"
    assert plan.meta.periods.long.end == 2025
    with pytest.raises(ValidationError):
        new_plan(language="de")


# --- JSON Schema --------------------------------------------------------------------------------------


def test_schema_is_closed_on_plan_sections_and_actions(schema: dict[str, Any]) -> None:
    assert schema["additionalProperties"] is False
    props = schema["properties"]
    for key in ("kuvaus", "nykytila", "tavoitteet", "arviointi", "toimenpiteet", "meta", "arviointitulokset"):
        definition = _resolve(schema, props[key])
        assert definition.get("additionalProperties") is False, key
    action = _resolve(schema, props["toimenpiteet"])
    assert {"kehittamiskohde", "toimenpide", "lyhyt_aikavali", "pitka_aikavali", "vastuuhenkilo"} <= set(
        action["properties"]
    )
    assert "edellytykset" in action["properties"]
    # every object definition in $defs is closed
    open_defs = [name for name, d in schema["$defs"].items() if d.get("additionalProperties") is not False]
    assert open_defs == []


def test_schema_lists_section_fields_with_finnish_titles(schema: dict[str, Any]) -> None:
    spec = load_template()
    for section in spec.sections:
        prop = schema["properties"][section.key]
        assert prop["title"] == f"{section.id} {section.title.fi}"
        definition = _resolve(schema, prop)
        assert list(definition["properties"]) == [f.key for f in section.fields]
        for group in section.groups:
            for field in group.fields:
                title = definition["properties"][field.key]["title"]
                assert title.startswith(f"{group.id} "), title
                assert title.endswith(field.label.fi), title
                if field.letter:
                    assert f" {field.letter}) " in title
    kuvaus = _resolve(schema, schema["properties"]["kuvaus"])
    assert kuvaus["properties"]["sote_maakunta"]["title"] == "3.1.1 a) Sote-maakunta"


def test_schema_section_order_follows_template(schema: dict[str, Any]) -> None:
    keys = list(schema["properties"])
    order = ["kuvaus", "nykytila", "arviointitulokset", "tavoitteet", "toimenpiteet", "arviointi"]
    assert [k for k in keys if k in order] == order
    assert schema["properties"]["toimenpiteet"]["title"].startswith("3.4 ")


def test_schema_area_enum_is_the_ten_area_keys(schema: dict[str, Any]) -> None:
    results = _resolve(schema, schema["properties"]["arviointitulokset"])
    area_result = _resolve(schema, results["properties"]["alueet"])
    assert area_result["properties"]["alue"]["enum"] == AREA_KEYS
    assert set(results["properties"]["profiili"]["anyOf"][0]["enum"]) == {
        "novice",
        "experimenter",
        "facilitator",
        "advanced_exploiter",
    }


def test_schema_is_json_serialisable_and_declares_draft(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert json.loads(json.dumps(schema, ensure_ascii=False)) == schema


# --- parsing ------------------------------------------------------------------------------------------


def test_example_plan_parses(example_plan: dict[str, Any]) -> None:
    plan = plan_model().model_validate(example_plan)
    assert plan.meta.region == "Esimerkkimaan hyvinvointialue"
    assert len(plan.toimenpiteet) == 12
    assert plan.toimenpiteet[0].kehittamiskohde == "Tietojohtamisen strategia ja tavoitteet"
    assert len(plan.arviointitulokset.alueet) == 10
    assert plan.nykytila.arvioinnin_suunnitelma == ""


@pytest.mark.parametrize(
    ("where", "mutate"),
    [
        ("top level", lambda d: d.__setitem__("liitteet", [])),
        ("meta", lambda d: d["meta"].__setitem__("versio", 2)),
        ("section 3.1", lambda d: d["kuvaus"].__setitem__("lisatieto", "x")),
        ("section 3.5", lambda d: d["arviointi"].__setitem__("mittarit", "x")),
        ("action", lambda d: d["toimenpiteet"][0].__setitem__("kustannukset", "1000 €")),
        ("assessment row", lambda d: d["arviointitulokset"]["alueet"][0].__setitem__("asteikko", 5)),
    ],
)
def test_unknown_fields_are_rejected(example_plan: dict[str, Any], where: str, mutate: Any) -> None:
    mutate(example_plan)
    with pytest.raises(ValidationError) as info:
        plan_model().model_validate(example_plan)
    assert [e["type"] for e in info.value.errors()] == ["extra_forbidden"], where


def test_unknown_area_key_is_rejected(example_plan: dict[str, Any]) -> None:
    example_plan["arviointitulokset"]["alueet"][0]["alue"] = "tekoaly"
    with pytest.raises(ValidationError) as info:
        plan_model().model_validate(example_plan)
    assert info.value.errors()[0]["loc"] == ("arviointitulokset", "alueet", 0, "alue")


def test_text_fields_do_not_accept_numbers(example_plan: dict[str, Any]) -> None:
    example_plan["kuvaus"]["sote_maakunta"] = 42
    with pytest.raises(ValidationError):
        plan_model().model_validate(example_plan)


def test_round_trip(example_plan: dict[str, Any]) -> None:
    model = plan_model()
    plan = model.model_validate(example_plan)
    again = model.model_validate(plan.model_dump())
    assert again == plan
    via_json = model.model_validate_json(plan.model_dump_json())
    assert via_json == plan
    assert plan.model_dump(mode="json") == example_plan


def test_round_trip_detects_a_change(example_plan: dict[str, Any]) -> None:
    model = plan_model()
    plan = model.model_validate(example_plan)
    dumped = plan.model_dump()
    dumped["toimenpiteet"][0]["vastuuhenkilo"] = "Joku muu"
    assert model.model_validate(dumped) != plan


# --- the YAML drives the schema -----------------------------------------------------------------------


def _modified_spec() -> TemplateSpec:
    raw = yaml.safe_load((KNOWLEDGE_DIR / "template.yaml").read_text(encoding="utf-8"))
    raw = copy.deepcopy(raw)
    section = next(s for s in raw["sections"] if s["id"] == "3.3")
    section["groups"][0]["fields"].append(
        {
            "key": "valitavoitteet",
            "required": True,
            "label": {"fi": "Välitavoitteet", "sv": "Delmål", "en": "Intermediate goals"},
        }
    )
    return TemplateSpec.model_validate(raw)


def test_build_plan_model_follows_the_yaml(example_plan: dict[str, Any]) -> None:
    model: type[BaseModel] = build_plan_model(_modified_spec())
    schema = model.model_json_schema()
    tavoitteet = _resolve(schema, schema["properties"]["tavoitteet"])
    assert list(tavoitteet["properties"]) == [
        "kuvaus_suhteessa_nykytilaan",
        "tavoiteltavat_tulokset",
        "valitavoitteet",
    ]
    assert tavoitteet["properties"]["valitavoitteet"]["title"] == "3.3 Välitavoitteet"

    example_plan["tavoitteet"]["valitavoitteet"] = "Tietovarasto käytössä 2023."
    plan = model.model_validate(example_plan)
    assert plan.tavoitteet.valitavoitteet == "Tietovarasto käytössä 2023."
    # The default model, built from the unmodified YAML, does not know the field.
    with pytest.raises(ValidationError):
        plan_model().model_validate(example_plan)
    # An empty plan of the new model has the new field, empty.
    assert model().tavoitteet.valitavoitteet == ""


def test_published_json_schema_is_current() -> None:
    """knowledge/schema/plan.schema.json is what `assistant schema` prints (regenerate it when the YAML
    changes: `assistant schema > knowledge/schema/plan.schema.json`)."""
    import json

    from assistant.paths import KNOWLEDGE_DIR
    from assistant.template.models import plan_json_schema

    published = json.loads((KNOWLEDGE_DIR / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    assert published == plan_json_schema()


def test_example_plan_validates_against_the_published_schema_with_a_standard_validator() -> None:
    import json

    import jsonschema

    from assistant.paths import KNOWLEDGE_DIR

    schema = json.loads((KNOWLEDGE_DIR / "schema" / "plan.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    example = json.loads(
        (KNOWLEDGE_DIR / "examples" / "esimerkkisuunnitelma.json").read_text(encoding="utf-8")
    )
    jsonschema.validate(example, schema)
    example["toimenpiteet"][0]["vastuu"] = "x"  # unknown field: rejected by the published schema too
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(example, schema)
