"""The review report's content: comment targets named by section, field and action, and the blocks built
from a coverage report, comments and answers (figures, tables, headings), with labels from the catalog in
fi/sv/en."""

from __future__ import annotations

import pytest

from assistant.i18n import LANGUAGES, load_catalog
from assistant.review.report import (
    ACTION_TEXT_CHARS,
    build_review_report,
    comment_targets,
    describe_target,
    to_markdown,
)
from tests.fixtures.plans import example_plan
from tests.review.report_data import HOSTILE, SPEC, T0, answer, comments, coverage
from tests.ui.catalog_keys import catalog_keys

# --- targets -------------------------------------------------------------------------------------------


def test_describe_target_names_sections_fields_and_actions() -> None:
    plan = example_plan()
    action = plan.toimenpiteet[0]  # type: ignore[attr-defined]
    assert describe_target("", plan, SPEC, "fi") == "Koko suunnitelma"
    assert describe_target("", plan, SPEC, "sv") == "Hela planen"
    kuvaus = SPEC.section("kuvaus")
    group = next(g for g in kuvaus.groups if any(f.key == "sote_maakunta" for f in g.fields))
    field = next(f for f in group.fields if f.key == "sote_maakunta")
    assert describe_target("/kuvaus", plan, SPEC, "fi") == f"3.1 {kuvaus.title.fi}"
    assert describe_target("/kuvaus", plan, SPEC, "sv") == f"3.1 {kuvaus.title.get('sv')}"
    assert (
        describe_target("/kuvaus/sote_maakunta", plan, SPEC, "fi")
        == f"{group.id} {field.letter}) {field.label.fi}"
    )
    assert describe_target("/toimenpiteet", plan, SPEC, "en") == f"3.4 {SPEC.table.title.get('en')}"
    label = describe_target(f"/toimenpiteet/{action.id}", plan, SPEC, "fi")
    # Long action texts are shortened to ACTION_TEXT_CHARS with an ellipsis.
    assert len(action.toimenpide) > ACTION_TEXT_CHARS
    shortened = action.toimenpide[: ACTION_TEXT_CHARS - 1].rstrip() + "…"
    assert label == f"Toimenpide: {action.kehittamiskohde} – {shortened}"
    short_action = plan.toimenpiteet[3]  # type: ignore[attr-defined]
    assert len(short_action.toimenpide) <= ACTION_TEXT_CHARS
    assert describe_target(f"/toimenpiteet/{short_action.id}", plan, SPEC, "fi").endswith(
        short_action.toimenpide
    )
    assert describe_target("/toimenpiteet/poistettu", plan, SPEC, "en") == "Removed action (poistettu)"
    assert describe_target("/ei/mitaan", plan, SPEC, "fi") == "/ei/mitaan"


def test_comment_targets_cover_plan_sections_in_order_and_every_action() -> None:
    plan = example_plan()
    targets = comment_targets(plan, SPEC, "fi")
    pointers = [p for p, _ in targets]
    assert pointers[:6] == ["", "/kuvaus", "/nykytila", "/tavoitteet", "/toimenpiteet", "/arviointi"]
    actions = [p for p in pointers if p.startswith("/toimenpiteet/")]
    assert actions == [f"/toimenpiteet/{a.id}" for a in plan.toimenpiteet]  # type: ignore[attr-defined]
    assert [label.split(" ")[0] for _, label in targets[1:6]] == ["3.1", "3.2", "3.3", "3.4", "3.5"]


# --- the blocks ----------------------------------------------------------------------------------------


def test_report_contains_coverage_figures_comments_and_answers() -> None:
    plan = example_plan()
    report = build_review_report(
        plan,
        coverage(plan),
        comments(plan),
        spec=SPEC,
        language="fi",
        plan_version=3,
        answers=[answer()],
        created=T0,
    )
    assert report.title == "Katselmointiraportti"
    assert report.subtitle == plan.meta.title  # type: ignore[attr-defined]
    assert "Alue: Esimerkkimaan hyvinvointialue" in report.meta
    assert "Suunnitelman versio: 3" in report.meta
    assert "Raportti laadittu: 02.03.2026 klo 10.15" in report.meta

    figures = dict(tuple(row) for row in report.tables()[0].rows)  # type: ignore[arg-type, var-annotated]
    assert figures["Toimenpiteitä"] == "12"
    assert figures["Kehittämiskohteita ilman toimenpiteitä"] == f"{len(SPEC.areas[0].targets) - 1} / 25"
    assert figures["Toimenpiteitä ilman aikataulua"] == "1"
    assert figures["Toimenpiteitä ilman vastuuhenkilöä"] == "2"
    assert figures["Tietosuoja huomioitu"] == "Kyllä"
    assert figures["Toimenpiteitä aikavälillä Lyhyt aikaväli 2020–2021"] == "7"
    assert figures["Arvioinnin painopistealueita ilman toimenpiteitä"] == "1 / 1"
    assert figures["Tiekartan tehtäviä, joita vastaa toimenpide"] == "1 / 2"

    headings = [b.text for b in report.blocks if b.kind == "heading"]
    assert headings.index("Kattavuuden yhteenveto") < headings.index("Kansallinen tiekartta")
    assert headings.index("Kansallinen tiekartta") < headings.index("Katselmointikommentit")
    assert "Avoimet kommentit (3)" in headings and "Ratkaistut kommentit (1)" in headings
    assert "1. Mitkä toimenpiteet ovat ilman vastuuhenkilöä?" in headings

    # Per-area table: one row per template area in order.
    areas = next(t for t in report.tables() if t.columns[0] == "Osa-alue" and "Luku" in t.columns)
    assert [r[0] for r in areas.rows] == [a.label.get("fi") for a in SPEC.areas]
    assert areas.rows[1][5] == "2"  # missing responsible in the second area

    # Incomplete actions aggregated per action, in plan order.
    incomplete = next(t for t in report.tables() if t.columns == ["Toimenpide", "Kehittämiskohde", "Puuttuu"])
    assert [r[2] for r in incomplete.rows] == ["aikataulu, vastuuhenkilö", "vastuuhenkilö"]

    # Roadmap matched pair and unmatched task with its closest action.
    matched = next(t for t in report.tables() if t.columns[-2:] == ["Toimenpide", "Samankaltaisuus"])
    assert matched.rows == [
        [
            "Tietovarannon rakentaminen",
            "Tiekartta, 2 Tehtävät, s. 12",
            plan.toimenpiteet[0].toimenpide,  # type: ignore[attr-defined]
            "0,91",
        ]
    ]
    unmatched = next(t for t in report.tables() if "Lähin toimenpide" in t.columns)
    assert [r[0] for r in unmatched.rows] == ["Master data -hallinta"]

    # Comments: open ones oldest first, with what they refer to; the resolved one with who and when.
    open_table, resolved_table = [t for t in report.tables() if t.columns[:2] == ["Kohde", "Kommentti"]]
    assert [r[1] for r in open_table.rows] == ["Kokonaisuus on selkeä.", "Vanha", "Rivi 1\nRivi 2"]
    assert [r[0] for r in open_table.rows] == [
        "Koko suunnitelma",
        "Poistettu toimenpide (poistettu)",
        f"3.1 {SPEC.section('kuvaus').title.fi}",
    ]
    assert open_table.rows[0][2:] == ["Kari Katselmoija", "02.03.2026 klo 10.15"]
    assert resolved_table.rows[0][1] == HOSTILE
    assert resolved_table.rows[0][4:] == ["Anna", "03.03.2026 klo 10.15"]


def test_report_without_roadmap_assessment_or_answers_says_so() -> None:
    plan = example_plan()
    report = build_review_report(
        plan, coverage(plan, roadmap=False, assessment=False), [], spec=SPEC, language="en", created=T0
    )
    paragraphs = [b.text for b in report.blocks if b.kind == "paragraph"]
    assert "The roadmap comparison is not available: tiekarttaa ei ole indeksoitu" in paragraphs
    assert "The plan has no assessment results per area." in paragraphs
    assert not any(b.text == "Questions and answers" for b in report.blocks)
    figures = dict(tuple(row) for row in report.tables()[0].rows)  # type: ignore[arg-type, var-annotated]
    assert figures["Roadmap tasks with a matching action"] == "not available"
    assert "Open comments (0)" in [b.text for b in report.blocks]


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_labels_come_from_the_catalog_in_every_language(language: str) -> None:
    plan = example_plan()
    report = build_review_report(
        plan, coverage(plan), comments(plan), spec=SPEC, language=language, created=T0
    )
    messages = load_catalog(language)
    assert report.title == messages.t("review_report.title")
    text = to_markdown(report)
    assert "review_report." not in text  # no missing key shown as itself
    assert messages.t("review_report.comments.title") in text


def test_catalog_keys_match_in_all_languages() -> None:
    keys = {language: catalog_keys(language, "review_report") for language in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"]
    for language in LANGUAGES:  # every key has its own text (no Finnish fallback)
        assert keys["fi"] <= load_catalog(language).keys()
