"""Tests of the template data (knowledge/template.yaml, knowledge/assessment_model.yaml) and its typed view.

The expected structure is written out literally from the national template (corpus/SOURCES.md and the
template text itself), so that a drift in the YAML shows up here.
"""

from __future__ import annotations

import filecmp
import re
from typing import Any

import pytest
import yaml

from assistant.paths import KNOWLEDGE_DIR, PROJECT_ROOT, data_dir
from assistant.template.spec import AssessmentModelSpec, TemplateSpec, load_assessment_model, load_template
from tests.requirements import unavailable

TEMPLATE_YAML = KNOWLEDGE_DIR / "template.yaml"
ASSESSMENT_YAML = KNOWLEDGE_DIR / "assessment_model.yaml"
CORPUS_DIR = KNOWLEDGE_DIR / "corpus"
TEMPLATE_TEXT = CORPUS_DIR / "template_tietojohtamisen_kehittamissuunnitelma_2020.txt"
SHARED_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"

EXPECTED_AREAS = [
    ("visio_ja_strategia", "VISIO JA STRATEGIA"),
    ("hallintorakenne_ja_organisointi", "HALLINTORAKENNE JA ORGANISOINTI"),
    ("tietotarpeet", "TIETOTARPEET"),
    ("tiedon_hankinta", "TIEDON HANKINTA"),
    ("tiedon_organisointi_ja_varastointi", "TIEDON ORGANISOINTI JA VARASTOINTI"),
    ("tietotuotteet_ja_palvelut", "TIETOTUOTTEET JA PALVELUT"),
    ("tiedon_jakaminen", "TIEDON JAKAMINEN"),
    ("tiedon_kaytto", "TIEDON KÄYTTÖ"),
    ("mittarit", "MITTARIT"),
    ("hyodyt", "HYÖDYT"),
]
AREA_KEYS = [key for key, _ in EXPECTED_AREAS]

# All 25 development targets, de-hyphenated, per area in the template's order.
EXPECTED_TARGETS: dict[str, list[str]] = {
    "VISIO JA STRATEGIA": [
        "Tietojohtamisen strategia ja tavoitteet",
        "Tietojohtamisen yhteys koko organisaation strategiaan",
        "Tietojohtamisen laajuus ja merkitys",
        "Systemaattinen lähestymistapa tietojohtamisen kehittämiseen",
    ],
    "HALLINTORAKENNE JA ORGANISOINTI": [
        "Ylimmän johdon tuki",
        "Työntekijöiden sitoutuminen",
        "Henkilöstön osaaminen",
        "Resurssit",
    ],
    "TIETOTARPEET": [
        "Tietotarpeiden tunnistaminen",
        "Tietotarpeiden ymmärtäminen",
    ],
    "TIEDON HANKINTA": [
        "Tiedon kerääminen ja saatavuus",
    ],
    "TIEDON ORGANISOINTI JA VARASTOINTI": [
        "Kokonaisarkkitehtuuri",
        "Tiedon säilyttäminen tietojärjestelmissä",
        "Tiedon integraatio",
    ],
    "TIETOTUOTTEET JA PALVELUT": [
        "Käytössä olevien tietotuotteiden muoto",
        "Tietojärjestelmien tuki raportointiin ja analyysiin",
    ],
    "TIEDON JAKAMINEN": [
        "Tiedon kommunikointi",
        "Tiedon jakamisen reaaliaikaisuus",
    ],
    "TIEDON KÄYTTÖ": [
        "Suorituskyvyn johtamisen prosessi",
        "Tiedon käyttö päätöksenteossa",
        "Tiedon käyttö resurssien allokoinnissa",
    ],
    "MITTARIT": [
        "Mittareiden ja strategian välinen yhteys",
        "Mittareiden kattavuus",
        "Mittaustiedon laatu ja luotettavuus",
    ],
    "HYÖDYT": [
        "Tietojohtamisen vaikutus tuloksellisuuteen",
    ],
}
ALL_TARGET_NAMES = [name for names in EXPECTED_TARGETS.values() for name in names]

# Sections 3.1, 3.2, 3.3 and 3.5: group id -> [(field key, letter)], as listed in corpus/SOURCES.md.
EXPECTED_SECTIONS: dict[str, dict[str, list[tuple[str, str | None]]]] = {
    "3.1": {
        "3.1.1": [("sote_maakunta", "a"), ("jarjestamisvastuulliset_organisaatiot", "b")],
        "3.1.2": [("valmisteluajan_vastuullinen_toimija", "a"), ("alueellisen_yhteistyon_malli", "b")],
    },
    "3.2": {
        "3.2.1": [("nykytilan_kuvaus", None)],
        "3.2.2": [
            ("arviointi_toteutettu", "a"),
            ("arvioinnin_tulokset", "b"),
            ("arvioinnin_suunnitelma", "c"),
        ],
    },
    "3.3": {"3.3": [("kuvaus_suhteessa_nykytilaan", None), ("tavoiteltavat_tulokset", None)]},
    "3.5": {"3.5": [("hyodyt", None), ("seuranta_ja_arviointi", None)]},
}


def _normalise(text: str) -> str:
    """Remove line-end hyphenation, all hyphens and all whitespace; lower-case."""
    return re.sub(r"\s+", "", text.replace("-\n", "").replace("-", "")).lower()


@pytest.fixture(scope="module")
def spec() -> TemplateSpec:
    return load_template()


@pytest.fixture(scope="module")
def raw_template() -> dict[str, Any]:
    return yaml.safe_load(TEMPLATE_YAML.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus_text() -> str:
    return _normalise(TEMPLATE_TEXT.read_text(encoding="utf-8"))


def test_template_yaml_loads_into_typed_spec(spec: TemplateSpec, raw_template: dict[str, Any]) -> None:
    assert isinstance(spec, TemplateSpec)
    assert spec == TemplateSpec.model_validate(raw_template)
    assert spec.template.doc_id == TEMPLATE_TEXT.stem


def test_ten_areas_in_template_order(spec: TemplateSpec) -> None:
    assert [(a.key, a.name) for a in spec.areas] == EXPECTED_AREAS
    assert [a.section for a in spec.areas] == ["3.4"] * 9 + ["3.5"]


def test_targets_per_area(spec: TemplateSpec) -> None:
    table_areas = [a for a in spec.areas if a.section == "3.4"]
    assert [len(a.targets) for a in table_areas] == [4, 4, 2, 1, 3, 2, 2, 3, 3]
    assert sum(len(a.targets) for a in table_areas) == 24
    hyodyt = spec.area("hyodyt")
    assert [t.name for t in hyodyt.targets] == ["Tietojohtamisen vaikutus tuloksellisuuteen"]
    assert len(spec.targets) == 25


def test_target_names_exactly_as_in_template(spec: TemplateSpec) -> None:
    assert {a.name: [t.name for t in a.targets] for a in spec.areas} == EXPECTED_TARGETS
    assert [t.name for t in spec.targets] == ALL_TARGET_NAMES
    assert len(set(ALL_TARGET_NAMES)) == 25


def test_no_target_name_contains_a_hyphen(spec: TemplateSpec) -> None:
    hyphenated = [t.name for t in spec.targets if re.search(r"[-‐‑–]", t.name)]
    assert hyphenated == []


@pytest.mark.parametrize("name", ALL_TARGET_NAMES)
def test_target_name_occurs_in_template_text(name: str, corpus_text: str) -> None:
    assert _normalise(name) in corpus_text


def test_normalisation_really_finds_hyphenated_cells(corpus_text: str) -> None:
    # The raw text splits "Tieto-" / "johtamisen"; the check above depends on joining them.
    raw = TEMPLATE_TEXT.read_text(encoding="utf-8")
    assert "Tietojohtamisen strategia ja tavoitteet" not in raw
    assert _normalise("Tietojohtamisen strategia ja tavoitteet") in corpus_text
    assert _normalise("Tietojohtamisen strategia ja päämäärät") not in corpus_text


def test_every_example_action_occurs_in_template_text(spec: TemplateSpec, corpus_text: str) -> None:
    examples = [e for t in spec.targets for e in t.examples]
    assert len(examples) >= 24
    missing = [e for e in examples if _normalise(e) not in corpus_text]
    assert missing == []
    # Every 3.4 target has at least one example in the template; HYÖDYT has none.
    assert [t.name for t in spec.targets if not t.examples] == ["Tietojohtamisen vaikutus tuloksellisuuteen"]


def test_example_actions_drop_the_esim_prefix(spec: TemplateSpec) -> None:
    assert [e for t in spec.targets for e in t.examples if e.lower().startswith("esim")] == []


def test_default_periods(spec: TemplateSpec) -> None:
    assert (spec.periods.short.start, spec.periods.short.end) == (2020, 2021)
    assert (spec.periods.long.start, spec.periods.long.end) == (2022, 2025)
    assert spec.periods.short.label.fi == "Lyhyt aikaväli"
    assert spec.periods.long.label.fi == "Pitkä aikaväli"


def test_text_sections_and_fields(spec: TemplateSpec) -> None:
    assert [s.id for s in spec.sections] == ["3.1", "3.2", "3.3", "3.5"]
    actual = {s.id: {} for s in spec.sections}
    for section in spec.sections:
        for group in section.groups:
            actual[section.id].setdefault(group.id, []).extend((f.key, f.letter) for f in group.fields)
    assert actual == EXPECTED_SECTIONS
    assert all(s.required for s in spec.sections)
    nykytila = spec.section("3.2")
    assessment_group = next(g for g in nykytila.groups if g.id == "3.2.2")
    assert assessment_group.required_one_of == ["arvioinnin_tulokset", "arvioinnin_suunnitelma"]
    hyodyt_group = next(g for g in spec.section("3.5").groups if g.fields[0].key == "hyodyt")
    assert hyodyt_group.area == "hyodyt"


def test_section_field_labels_come_from_template_text(spec: TemplateSpec, corpus_text: str) -> None:
    missing = [
        f.label.fi for s in spec.sections for f in s.fields if _normalise(f.label.fi or "") not in corpus_text
    ]
    assert missing == []


def test_table_columns(spec: TemplateSpec) -> None:
    assert spec.table.id == "3.4"
    assert [c.label.fi for c in spec.table.columns] == [
        "Kehittämiskohde",
        "Toimenpiteet",
        "Aikataulu ja vastuuhenkilö",
        "Edellytykset/vaatimukset toteutumiselle",
    ]


def _text_nodes(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every mapping whose keys are language codes (a translated text), with its path."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        if node and set(node) <= {"fi", "sv", "en"}:
            found.append((path, node))
        else:
            for key, value in node.items():
                found.extend(_text_nodes(value, f"{path}/{key}"))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(_text_nodes(value, f"{path}/{i}"))
    return found


def test_every_label_has_fi_sv_en(raw_template: dict[str, Any], spec: TemplateSpec) -> None:
    nodes = _text_nodes(raw_template)
    assert len(nodes) > 50
    incomplete = []
    for path, node in nodes:
        # A target's Finnish label is its exact template name (`name`), so its label holds sv and en only.
        is_target_label = re.fullmatch(r"/areas/\d+/targets/\d+/label", path) is not None
        needed = ("sv", "en") if is_target_label else ("fi", "sv", "en")
        if not all(isinstance(node.get(lang), str) and node[lang].strip() for lang in needed):
            incomplete.append(path)
    assert incomplete == []
    for target in spec.targets:
        assert target.display("fi") == target.name
        assert target.display("sv") == target.label.sv
        assert target.display("en") == target.label.en


def test_assessment_model_areas_and_profiles() -> None:
    model = load_assessment_model()
    assert isinstance(model, AssessmentModelSpec)
    assert model.areas == AREA_KEYS
    assert [p.key for p in model.maturity_profiles] == [
        "novice",
        "experimenter",
        "facilitator",
        "advanced_exploiter",
    ]
    assert model.publication.short_name == "VN TEAS 2019:42"
    assert [f.key for f in model.result_fields] == ["maturity", "satisfaction"]
    labels = [p.label for p in model.maturity_profiles] + [f.label for f in model.result_fields]
    assert all(label.fi and label.sv and label.en for label in labels)
    assert set(model.facts) == {"fi", "sv", "en"}


def _all_keys(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [str(k) for k in node] + [k for v in node.values() for k in _all_keys(v)]
    if isinstance(node, list):
        return [k for v in node for k in _all_keys(v)]
    return []


def test_assessment_model_has_no_answer_scale_or_statements() -> None:
    raw = yaml.safe_load(ASSESSMENT_YAML.read_text(encoding="utf-8"))
    keys = _all_keys(raw)
    assert "areas" in keys and "maturity_profiles" in keys  # the walk does see the keys
    forbidden = ("scale", "asteikko", "statement", "vaittama", "väittämä", "likert", "question", "kysymy")
    offending = [k for k in keys if any(word in k.lower() for word in forbidden)]
    assert offending == []


def test_packaged_corpus_is_complete() -> None:
    """The corpus as the package finds it (the checkout's knowledge/, or the installed copy): every
    document of the manifest is there, readable, and its provenance is in SOURCES.md."""
    knowledge = data_dir("knowledge")
    manifest = yaml.safe_load((knowledge / "corpus.yaml").read_text(encoding="utf-8"))["documents"]
    sources = (knowledge / "corpus" / "SOURCES.md").read_text(encoding="utf-8")
    assert manifest
    for doc in manifest:
        path = knowledge / doc["file"]
        assert path.is_file(), path
        if path.suffix == ".txt":
            assert len(path.read_text(encoding="utf-8").strip()) > 500, path
            assert path.name in sources, f"{path.name} has no provenance in SOURCES.md"


def test_knowledge_corpus_matches_shared_corpus() -> None:
    """The packaged corpus is the customer's (../shared/corpus beside the checkout, as in CI)."""
    if not SHARED_CORPUS.is_dir():
        unavailable(f"shared corpus not available at {SHARED_CORPUS}")
    shared = sorted(p.name for p in SHARED_CORPUS.iterdir() if p.is_file())
    assert shared, "shared corpus is empty"
    local = sorted(p.name for p in (data_dir("knowledge") / "corpus").iterdir() if p.is_file())
    assert local == shared
    different = [n for n in shared if not filecmp.cmp(SHARED_CORPUS / n, CORPUS_DIR / n, shallow=False)]
    assert different == []


def test_corpus_files_are_not_empty() -> None:
    for name in ("SOURCES.md", TEMPLATE_TEXT.name):
        assert (CORPUS_DIR / name).stat().st_size > 1000
