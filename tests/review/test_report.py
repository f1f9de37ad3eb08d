"""The review report export: blocks built from a coverage report and comments, Markdown (escaped) and
DOCX (opens, built-in styles, tables with the coverage figures and the comments), in fi/sv/en."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from markdown_it import MarkdownIt
from pypdf import PdfReader

from assistant.i18n import LANGUAGES, load_catalog
from assistant.review import analyse
from assistant.review.models import (
    ActionRef,
    Answer,
    AreaCoverage,
    AssessmentCoverage,
    AssessmentPriority,
    Balance,
    Citation,
    CoverageReport,
    DataProtectionCoverage,
    DataProtectionMention,
    Fact,
    FactItem,
    RoadmapAlignment,
    RoadmapMatch,
    RoadmapTask,
    RoadmapTaskAlignment,
    TargetCoverage,
    TargetRef,
    action_path,
)
from assistant.review.report import (
    ACTION_TEXT_CHARS,
    build_review_report,
    comment_targets,
    describe_target,
    report_filename,
    to_docx,
    to_markdown,
)
from assistant.storage import PlanStore
from assistant.storage.comments import Comment, CommentStore, action_pointer
from assistant.template.spec import load_template
from evals.export.convert import soffice, to_pdf
from tests.fixtures.plans import example_plan
from tests.requirements import requires
from tests.ui.catalog_keys import catalog_keys
from tests.ui.review_fixtures import EMPTY_AREA, gap_plan

SPEC = load_template()
EMPTY_AREA_NAME = SPEC.area(EMPTY_AREA).name
HOSTILE = "<script>alert(1)</script> [klik](javascript:alert(1)) **lihava** | putki | `koodi` # otsikko"
T0 = datetime(2026, 3, 2, 8, 15, tzinfo=UTC)  # 10.15 in Helsinki


def ref(plan: Any, index: int) -> ActionRef:
    action = plan.toimenpiteet[index]
    area = SPEC.area_of_target(action.kehittamiskohde)
    return ActionRef(
        id=action.id,
        index=index,
        path=action_path(action.id),
        target=action.kehittamiskohde,
        area_key=area.key if area else None,
        text=action.toimenpide,
    )


def coverage(plan: Any, *, roadmap: bool = True, assessment: bool = True) -> CoverageReport:
    """A small hand-made coverage report over the example plan (figures chosen by the test)."""
    areas = []
    for n, area in enumerate(SPEC.areas):
        targets = [
            TargetCoverage(key=t.key, name=t.name, label=t.name, actions=1 if i == 0 else 0)
            for i, t in enumerate(area.targets)
        ]
        areas.append(
            AreaCoverage(
                key=area.key,
                name=area.name,
                label=area.label.get("fi"),
                section=area.section,
                actions=n + 1,
                targets=targets,
                targets_without_actions=[t.name for t in area.targets[1:]],
                missing_schedule=1 if n == 0 else 0,
                missing_responsible=2 if n == 1 else 0,
                missing_prerequisites=0,
                short_term=n,
                long_term=10 - n,
                maturity=2.0 + n / 10 if assessment else None,
                satisfaction=3.0 - n / 10 if assessment else None,
            )
        )
    first = SPEC.areas[0]
    task = RoadmapTask(
        chunk_id="c1",
        doc_id="tiekartta",
        title="Tiekartta",
        section="2 Tehtävät > 2.1 Tietovaranto",
        page=12,
        heading="Tietovarannon rakentaminen",
        snippet="...",
        citation="Tiekartta, 2 Tehtävät, s. 12",
    )
    other = task.model_copy(update={"chunk_id": "c2", "heading": "Master data -hallinta", "page": 13})
    match = RoadmapMatch(
        action_id=plan.toimenpiteet[0].id,
        action_path=action_path(plan.toimenpiteet[0].id),
        action_text=plan.toimenpiteet[0].toimenpide,
        score=0.912,
    )
    weak = match.model_copy(update={"score": 0.801})
    return CoverageReport(
        language="fi",
        title=plan.meta.title,
        region=plan.meta.region,
        total_actions=len(plan.toimenpiteet),
        areas=areas,
        targets_without_actions=[
            TargetRef(key=t.key, name=t.name, label=t.name, area_key=first.key, area_name=first.name)
            for t in first.targets[1:]
        ],
        missing_schedule=[ref(plan, 0)],
        missing_responsible=[ref(plan, 0), ref(plan, 2)],
        missing_prerequisites=[],
        empty_required=[],
        assessment=AssessmentCoverage(
            available=assessment,
            scale_min=1,
            scale_max=5,
            priorities=[
                AssessmentPriority(
                    area_key="mittarit",
                    area_name="MITTARIT",
                    label="Mittarit",
                    maturity=2.0,
                    satisfaction=2.2,
                    reasons=["lowest_maturity"],
                    actions=0,
                )
            ]
            if assessment
            else [],
            priorities_without_actions=["mittarit"] if assessment else [],
        ),
        data_protection=DataProtectionCoverage(
            addressed=True,
            terms=["tietosuoja"],
            mentions=[
                DataProtectionMention(
                    path="/nykytila/nykytilan_kuvaus",
                    label="3.2 a) Nykytilan kuvaus",
                    term="tietosuoja",
                    word="Tietosuojan",
                    snippet="Tietosuojan ja henkilötietojen käsittelyn vastuut",
                )
            ],
        ),
        balance=Balance(
            short_period="2020–2021",
            long_period="2022–2025",
            short_term=7,
            long_term=9,
            both=4,
            unscheduled=[],
        ),
        roadmap=RoadmapAlignment(
            available=roadmap,
            reason=None if roadmap else "tiekarttaa ei ole indeksoitu",
            title="Tiekartta",
            threshold=0.88,
            tasks=[
                RoadmapTaskAlignment(task=task, matched=True, best=match, matches=[match]),
                RoadmapTaskAlignment(task=other, matched=False, best=weak, matches=[]),
            ]
            if roadmap
            else [],
        ),
    )


def comments(plan: Any) -> list[Comment]:
    action = plan.toimenpiteet[1]
    return [
        Comment(
            id=1,
            plan_id="p",
            target="",
            author="Kari Katselmoija",
            text="Kokonaisuus on selkeä.",
            at=T0,
            plan_version=3,
        ),
        Comment(
            id=2,
            plan_id="p",
            target=f"/toimenpiteet/{action.id}",
            author="Liisa",
            text=HOSTILE,
            at=T0 + timedelta(minutes=5),
            plan_version=3,
            resolved_by="Anna",
            resolved_at=T0 + timedelta(days=1),
        ),
        Comment(
            id=3,
            plan_id="p",
            target="/kuvaus",
            author="Kari Katselmoija",
            text="Rivi 1\nRivi 2",
            at=T0 + timedelta(minutes=9),
            plan_version=3,
        ),
        Comment(
            id=4,
            plan_id="p",
            target="/toimenpiteet/poistettu",
            author="Kari",
            text="Vanha",
            at=T0,
            plan_version=1,
        ),
    ]


def answer() -> Answer:
    return Answer(
        question="Mitkä toimenpiteet ovat ilman vastuuhenkilöä?",
        language="fi",
        kind="mixed",
        text="Kaksi toimenpidettä on ilman vastuuhenkilöä.",
        facts=[
            Fact(
                intent="missing_responsible",
                title="Ilman vastuuhenkilöä",
                count=2,
                items=[FactItem(label="Strategia", path="/toimenpiteet/esim-01", detail="VISIO")],
            )
        ],
        citations=[
            Citation(
                chunk_id="c9",
                doc_id="ohje",
                title="Ohje",
                citation="Ohje, 3 Master data, s. 4",
                quote="Master data on organisaation ydintietoa.",
            )
        ],
    )


def docx_tables(data: bytes) -> list[list[list[str]]]:
    document = Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


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

    figures = dict(tuple(row) for row in report.tables()[0].rows)
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
            plan.toimenpiteet[0].toimenpide,
            "0,91",
        ]  # type: ignore[attr-defined]
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
    figures = dict(tuple(row) for row in report.tables()[0].rows)
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


# --- Markdown ------------------------------------------------------------------------------------------


def test_markdown_escapes_user_text() -> None:
    plan = example_plan()
    report = build_review_report(plan, coverage(plan), comments(plan), spec=SPEC, language="fi", created=T0)
    text = to_markdown(report)
    assert text.startswith("# Katselmointiraportti\n")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "<a " not in html  # no HTML, no links
    assert "<a " not in html and "<strong>lihava</strong>" not in html and "<code>" not in html
    # The hostile comment stays in one table cell: the pipes are escaped, not cell separators.
    row = next(line for line in text.splitlines() if "alert" in line)
    assert row.count(" | ") == 5  # six columns of the resolved-comments table
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # Line breaks inside a cell do not break the table.
    assert "Rivi 1 Rivi 2" in text


def test_markdown_tables_render_as_tables() -> None:
    plan = example_plan()
    report = build_review_report(plan, coverage(plan), comments(plan), spec=SPEC, language="fi", created=T0)
    html = MarkdownIt("commonmark").enable("table").render(to_markdown(report))
    assert html.count("<table>") == len(report.tables())
    assert "<th>Kohde</th>" in html and "<td>Koko suunnitelma</td>" in html


# --- DOCX ----------------------------------------------------------------------------------------------


def test_docx_opens_with_styles_tables_and_comments() -> None:
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
    data = to_docx(report)
    document = Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Katselmointiraportti")
    assert paragraphs[1] == ("Subtitle", plan.meta.title)  # type: ignore[attr-defined]
    assert ("Heading 1", "Kattavuuden yhteenveto") in paragraphs
    assert ("Heading 1", "Katselmointikommentit") in paragraphs
    assert ("Heading 2", "Avoimet kommentit (3)") in paragraphs
    assert ("List Bullet", "Ilman vastuuhenkilöä (2): Strategia (VISIO)") in paragraphs
    assert document.core_properties.title.startswith("Katselmointiraportti")
    assert document.core_properties.language == "fi"

    tables = docx_tables(data)
    assert len(tables) == len(report.tables())
    assert all(t.style.name == "Plan Table" for t in document.tables)  # the plan export's table style
    figures = dict((r[0], r[1]) for r in tables[0][1:])
    assert figures["Toimenpiteitä"] == "12" and figures["Tietosuoja huomioitu"] == "Kyllä"
    comment_tables = [t for t in tables if t[0][:2] == ["Kohde", "Kommentti"]]
    assert [r[1] for r in comment_tables[0][1:]] == ["Kokonaisuus on selkeä.", "Vanha", "Rivi 1\nRivi 2"]
    assert comment_tables[1][1][1] == HOSTILE  # plain text in Word, verbatim
    assert comment_tables[1][1][4] == "Anna"
    # Header cells are styled with the Strong character style, not direct formatting.
    header_run = document.tables[0].rows[0].cells[0].paragraphs[0].runs[0]
    assert header_run.style.name == "Strong" and header_run.bold is None


def test_docx_survives_control_characters() -> None:
    plan = example_plan()
    bad = comments(plan)[:1]
    bad[0] = bad[0].model_copy(update={"text": "nolla\x00 ja \x07 kello"})
    data = to_docx(build_review_report(plan, coverage(plan), bad, spec=SPEC, language="fi", created=T0))
    assert any("nolla ja  kello" in cell for t in docx_tables(data) for row in t for cell in row)


def test_report_filename_is_ascii() -> None:
    plan = example_plan()
    report = build_review_report(plan, coverage(plan), [], spec=SPEC, language="fi", created=T0)
    name = report_filename(report, "docx")
    assert name.startswith("katselmointiraportti-tietojohtamisen-kehittamissuunnitelma-esimerkkimaan")
    assert name.endswith("-2026-03-02.docx") and name.isascii()


# --- end to end: the real analysis, stored comments, LibreOffice ------------------------------------------


def stored_comments(tmp_path: Path, plan: Any) -> tuple[str, list[Comment]]:
    with PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}") as store:
        stored = store.create(plan, author="alku")
        comments = CommentStore(store.engine)
        first = comments.add(stored.id, target="", author="Kari", text="Yleisesti hyvä.", plan_version=1)
        action = plan.toimenpiteet[0]
        comments.add(
            stored.id, target=action_pointer(action.id), author="Liisa", text=HOSTILE, plan_version=1
        )
        comments.resolve(first.id, by="Anna")
        return stored.id, comments.list(stored.id)


def test_report_from_the_real_analysis_and_stored_comments(tmp_path: Path) -> None:
    plan, gaps = gap_plan()
    _, stored = stored_comments(tmp_path, plan)
    report = build_review_report(
        plan, analyse(plan, spec=SPEC, language="fi"), stored, spec=SPEC, language="fi", plan_version=1
    )
    figures = dict(tuple(row) for row in report.tables()[0].rows)
    assert figures["Toimenpiteitä"] == str(len(plan.toimenpiteet))
    assert figures["Kehittämiskohteita ilman toimenpiteitä"] == f"{len(gaps.empty_targets)} / 25"
    assert figures["Toimenpiteitä ilman vastuuhenkilöä"] == str(len(gaps.no_responsible))
    assert figures["Toimenpiteitä ilman edellytyksiä"] == str(len(gaps.no_prerequisites))
    assert figures["Tiekartan tehtäviä, joita vastaa toimenpide"] == "ei käytettävissä"  # no retriever
    targets = next(
        b for b in report.blocks if b.kind == "bullets" and any(EMPTY_AREA_NAME in i for i in b.items)
    )
    assert [i.split(": ", 1)[1] for i in targets.items] == gaps.empty_targets
    incomplete = next(t for t in report.tables() if t.columns == ["Toimenpide", "Kehittämiskohde", "Puuttuu"])
    by_id = {a.id: a for a in plan.toimenpiteet}
    assert [r[0] for r in incomplete.rows] == [
        by_id[i].toimenpide for i in sorted(gaps.incomplete, key=[a.id for a in plan.toimenpiteet].index)
    ]
    open_table, resolved_table = [t for t in report.tables() if t.columns[:2] == ["Kohde", "Kommentti"]]
    assert [r[1] for r in open_table.rows] == [HOSTILE]
    assert open_table.rows[0][0].startswith(f"Toimenpide: {plan.toimenpiteet[0].kehittamiskohde} – ")
    assert [(r[1], r[4]) for r in resolved_table.rows] == [("Yleisesti hyvä.", "Anna")]


@requires(lambda: soffice() is not None, "LibreOffice (soffice) is not installed: DOCX -> PDF not tested")
def test_docx_opens_in_libreoffice(tmp_path: Path) -> None:
    plan, _ = gap_plan()
    _, stored = stored_comments(tmp_path, plan)
    report = build_review_report(
        plan, analyse(plan, spec=SPEC, language="sv"), stored, spec=SPEC, language="sv"
    )
    path = tmp_path / "granskning.docx"
    path.write_bytes(to_docx(report))
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(str(to_pdf(path, tmp_path))).pages).split()
    )
    assert "Granskningsrapport" in text
    assert "Sammanfattning av täckningen" in text
    assert "Yleisesti hyvä." in text
    assert "<script>alert(1)</script>" in "".join(text.split())  # verbatim (a table cell may wrap it)


def test_docx_page_and_table_layout() -> None:
    plan = example_plan()
    report = build_review_report(plan, coverage(plan), comments(plan), spec=SPEC, language="fi", created=T0)
    document = Document(io.BytesIO(to_docx(report)))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    usable = section.page_width - section.left_margin - section.right_margin
    for table, block in zip(document.tables, report.tables(), strict=True):
        widths = [cell.width for cell in table.rows[0].cells]
        assert abs(sum(widths) - usable) <= 635 * len(widths)  # fills the text width (cells round to twips)
        if block.widths:
            ratios = [w / widths[0] for w in widths]
            assert ratios == pytest.approx([w / block.widths[0] for w in block.widths], rel=1e-3)
        cell_styles = {p.style.name for row in table.rows for cell in row.cells for p in cell.paragraphs}
        assert cell_styles == {"Table Text"}
    style = document.styles["Table Text"]
    assert style.base_style.name == "Normal" and style.font.size.pt == 9
