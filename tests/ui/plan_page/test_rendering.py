"""The plan page (`ui/views/plan_page.py`) rendering the example plan from a SQLite plans database: the
template's sections, fields and 3.4 tables, validation counts and assessment results, the plan selector,
no plans or an unknown plan, and escaping of the plan's text."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.storage import PlanStore, StoredPlan
from assistant.template.spec import load_template
from tests.ui.conftest import TIMEOUT
from tests.ui.helpers import run_ok, unescape
from tests.ui.plan_page.helpers import FI, PAGE, column_config, create_example, page


def test_page_renders_the_plan_like_the_template(store: PlanStore, stored: StoredPlan) -> None:
    at = page(stored.id)
    spec = load_template()
    assert [unescape(t.value) for t in at.title] == [FI.t("ui.plan.title")]
    headers = [unescape(h.value) for h in at.header]
    assert [h.split(" ", 1)[0] for h in headers] == ["3.1", "3.2", "3.3", "3.4", "3.5"]
    # 3.1 values in text areas labelled like the template.
    kuvaus = stored.plan.kuvaus  # type: ignore[attr-defined]
    areas = {unescape(t.label): t.value for t in at.text_area}
    assert areas["a) Sote-maakunta"] == kuvaus.sote_maakunta
    assert areas["b) Järjestämisvastuulliset organisaatiot, joita suunnitelma koskee"] == (
        kuvaus.jarjestamisvastuulliset_organisaatiot
    )
    assert areas["a) Valmisteluajan vastuullinen toimija"] == kuvaus.valmisteluajan_vastuullinen_toimija
    fields = [t for t in at.text_area if str(t.key).startswith("plan_field_")]
    assert len(fields) == sum(len(s.fields) for s in spec.sections)

    # One editor per 3.4 area, in the template's order, the target a selectbox of the exact names.
    editors = at.data_editor
    table_areas = [a for a in spec.areas if a.section == "3.4"]
    assert len(editors) == 9 == len(table_areas)
    for editor, area in zip(editors, table_areas, strict=True):
        assert editor.editing_mode == "dynamic"
        config = column_config(editor)
        target = config["kehittamiskohde"]
        assert target["type_config"] == {"type": "selectbox", "options": [t.name for t in area.targets]}
        assert target["label"] == "Kehittämiskohde"
        assert config["id"] == {"hidden": True}
        assert config["lyhyt_aikavali"]["label"] == "Lyhyt aikaväli 2020–2021"
        assert config["pitka_aikavali"]["label"] == "Pitkä aikaväli 2022–2025"
        assert config["vastuuhenkilo"]["label"] == "Vastuuhenkilö"
        assert config["edellytykset"]["label"] == "Edellytykset/vaatimukset toteutumiselle"
        assert config["toimenpide"]["label"] == "Toimenpiteet"
    first = editors[0].value
    assert list(first["id"]) == ["esim-01", "esim-02"]
    assert first.loc[0, "lyhyt_aikavali"] == "Strategialuonnos 2021"

    captions = [unescape(c.value) for c in at.caption]
    assert FI.t("ui.plan.table.no_actions", targets="Tiedon käyttö päätöksenteossa") not in captions
    assert (
        FI.t(
            "ui.plan.table.no_actions",
            targets="Suorituskyvyn johtamisen prosessi; Tiedon käyttö päätöksenteossa; "
            "Tiedon käyttö resurssien allokoinnissa",
        )
        in captions
    )
    # Validation counts and the read-only assessment results.
    metrics = {unescape(m.label): m.value for m in at.metric}
    assert metrics == {"Virheet": "0", "Varoitukset": "0", "Huomiot": "1"}
    assert [unescape(s.value) for s in at.success] == [FI.t("ui.plan.valid")]
    results = [d for d in at.dataframe if d.editing_mode == "read_only"]
    assessment = results[0].value
    assert list(assessment.iloc[:, 0])[:2] == ["Visio ja strategia", "Hallintorakenne ja organisointi"]
    assert list(assessment.iloc[:, 1])[:2] == ["2,8", "3,2"]  # Finnish decimals
    # The HYÖDYT action of 3.5 is shown read-only.
    assert list(results[1].value["toimenpide"]) == [stored.plan.toimenpiteet[-1].toimenpide]  # type: ignore[attr-defined]
    # The plan is shared with the drafting page.
    assert at.session_state["plan_id"] == stored.id
    assert at.query_params["plan"] == stored.id


def test_plan_from_session_state_and_selector(store: PlanStore, stored: StoredPlan) -> None:
    other = create_example(store, title="Toinen suunnitelma")  # the newest: the default
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT)
    at.session_state["plan_id"] = stored.id
    run_ok(at)
    assert at.selectbox[0].value == stored.id
    at.selectbox[0].set_value(other.id)
    run_ok(at)
    assert at.session_state["plan_id"] == other.id
    assert at.query_params["plan"] == other.id
    assert unescape(at.subheader[0].value) == "Toinen suunnitelma"


def test_plans_with_the_same_title_get_distinct_options(store: PlanStore, stored: StoredPlan) -> None:
    # The browser picks an option by its label: two equal labels would open the wrong plan.
    twin = create_example(store)
    at = page(stored.id)
    options = at.selectbox[0].options
    assert len(options) == 2 and len(set(options)) == 2
    assert any(twin.id[:6] in option for option in options)


def test_no_plans_and_unknown_plan(store: PlanStore) -> None:
    at = page()
    assert [unescape(i.value) for i in at.info] == [FI.t("ui.plan.no_plans")]
    assert not at.data_editor
    create_example(store)
    at = page("puuttuva")
    assert [unescape(w.value) for w in at.warning] == [FI.t("storage.not_found", plan_id="puuttuva")]
    assert len(at.data_editor) == 9  # the newest plan instead


def test_plan_text_is_escaped(store: PlanStore) -> None:
    nasty = "[klikkaa](javascript:alert(1)) <b>x</b> **lihava**"
    created = create_example(store, title=nasty, region=nasty)
    at = page(created.id)
    assert (
        at.subheader[0].value
        == "\\[klikkaa\\]\\(javascript\\:alert\\(1\\)\\) \\<b\\>x\\<\\/b\\> \\*\\*lihava\\*\\*"
    )
    assert all("](" not in c.value and "<b>" not in c.value for c in at.caption)
