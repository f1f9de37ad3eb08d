"""The plan page (`ui/views/plan_page.py`) against a SQLite plans database holding the example plan.

AppTest cannot type into a `st.data_editor` (`set_value` raises), but a keyed editor takes its edit state
(`edited_rows`, `added_rows`, `deleted_rows`) from `at.session_state[key]` before a run, which is what the
browser sends; the table tests use that and then click the table's Save button.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from assistant.i18n import LANGUAGES, load_catalog
from assistant.paths import KNOWLEDGE_DIR
from assistant.storage import PlanStore, StoredPlan
from assistant.template.models import plan_model
from assistant.template.spec import load_template
from assistant.textutil import shorten_words
from tests.ui.catalog_keys import catalog_keys
from tests.ui.conftest import TIMEOUT
from tests.ui.helpers import new_session, plan_store, run_ok, unescape
from ui.plan_periods import periods_key
from ui.views.plan_page import rows_from_editor

PAGE = Path(__file__).resolve().parents[2] / "ui" / "views" / "plan_page.py"
EXAMPLE = KNOWLEDGE_DIR / "examples" / "esimerkkisuunnitelma.json"
FI = load_catalog("fi")
AUTHOR = "paikallinen käyttäjä"  # current_author() without a login


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PlanStore]:
    yield from plan_store(tmp_path, monkeypatch)


def create_example(store: PlanStore, **meta: Any) -> StoredPlan:
    plan = plan_model().model_validate_json(EXAMPLE.read_text(encoding="utf-8"))
    for key, value in meta.items():
        setattr(plan.meta, key, value)  # type: ignore[attr-defined]
    return store.create(plan, author="alku")


@pytest.fixture
def stored(store: PlanStore) -> StoredPlan:
    return create_example(store)


def page(plan_id: str | None = None, **session: Any) -> AppTest:
    return run_ok(new_session(PAGE, plan_id, **session))


def column_config(editor: Any) -> dict[str, Any]:
    return json.loads(editor.proto.columns)


def dump(stored: StoredPlan) -> dict[str, Any]:
    return stored.plan.model_dump(mode="json")


def table_button(at: AppTest, stored: StoredPlan, area_key: str) -> Any:
    return at.button(key=f"plan_save_{stored.id}_{area_key}")


# --- rendering -----------------------------------------------------------------------------------------


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


# --- editing -------------------------------------------------------------------------------------------


def test_text_edit_and_save_stores_the_value(store: PlanStore, stored: StoredPlan) -> None:
    at = page(stored.id)
    at.text_area(key=f"plan_field_{stored.id}_sote_maakunta").input("Uusi hyvinvointialue")
    at.text_area(key=f"plan_field_{stored.id}_alueellisen_yhteistyon_malli").input("Uusi malli")
    at.button(key=f"plan_save_{stored.id}_kuvaus").click()
    run_ok(at)
    after = store.get(stored.id)
    assert after.version == stored.version + 1
    assert after.plan.kuvaus.sote_maakunta == "Uusi hyvinvointialue"  # type: ignore[attr-defined]
    assert after.plan.kuvaus.alueellisen_yhteistyon_malli == "Uusi malli"  # type: ignore[attr-defined]
    revision = store.revisions(stored.id)[-1]
    assert revision.author == AUTHOR
    assert [c.path for c in revision.changes] == [
        "/kuvaus/sote_maakunta",
        "/kuvaus/alueellisen_yhteistyon_malli",
    ]
    assert [unescape(s.value) for s in at.success][-1] == FI.t("ui.plan.edit.saved", version=after.version)
    assert at.text_area(key=f"plan_field_{stored.id}_sote_maakunta").value == "Uusi hyvinvointialue"
    run_ok(at)  # the next interaction: the success note was shown once
    assert FI.t("ui.plan.edit.saved", version=after.version) not in [unescape(s.value) for s in at.success]


def test_emptied_required_field_is_saved_with_a_warning(store: PlanStore, stored: StoredPlan) -> None:
    at = page(stored.id)
    at.text_area(key=f"plan_field_{stored.id}_sote_maakunta").input("")
    at.button(key=f"plan_save_{stored.id}_kuvaus").click()
    run_ok(at)
    assert store.get(stored.id).plan.kuvaus.sote_maakunta == ""  # type: ignore[attr-defined]
    warnings = [unescape(w.value) for w in at.warning]
    assert any('Kohta 3.1.1 "Sote-maakunta" on täyttämättä.' in w for w in warnings)
    assert {unescape(m.label): m.value for m in at.metric}["Virheet"] == "1"


def test_stale_text_save_is_a_conflict_and_keeps_the_typing(store: PlanStore, stored: StoredPlan) -> None:
    at = page(stored.id)
    plan = stored.plan.model_copy(deep=True)
    plan.tavoitteet.tavoiteltavat_tulokset = "Toisen käyttäjän muutos"  # type: ignore[attr-defined]
    store.save(stored.id, plan, expected_version=stored.version, author="toinen", summary="s", changes=[])
    key = f"plan_field_{stored.id}_sote_maakunta"
    at.text_area(key=key).input("Minun muutokseni")
    at.button(key=f"plan_save_{stored.id}_kuvaus").click()
    run_ok(at)
    after = store.get(stored.id)
    assert after.plan.kuvaus.sote_maakunta == stored.plan.kuvaus.sote_maakunta  # type: ignore[attr-defined]
    assert any("Joku muu on tallentanut" in unescape(e.value) for e in at.error)
    assert at.text_area(key=key).value == "Minun muutokseni"  # nothing typed is lost
    # The untouched field follows the other user's change; saving again now succeeds.
    assert (
        at.text_area(key=f"plan_field_{stored.id}_tavoiteltavat_tulokset").value == "Toisen käyttäjän muutos"
    )
    at.button(key=f"plan_save_{stored.id}_kuvaus").click()
    run_ok(at)
    assert store.get(stored.id).plan.kuvaus.sote_maakunta == "Minun muutokseni"  # type: ignore[attr-defined]


def test_invalid_table_edit_shows_the_finding_and_is_not_saved(store: PlanStore, stored: StoredPlan) -> None:
    at = page(stored.id)
    editor = at.data_editor[0]
    at.session_state[editor.key] = {
        "edited_rows": {0: {"vastuuhenkilo": ""}},
        "added_rows": [],
        "deleted_rows": [],
    }
    table_button(at, stored, "visio_ja_strategia").click()
    run_ok(at)

    after = store.get(stored.id)
    assert after.version == stored.version
    assert dump(after) == dump(stored)
    errors = [unescape(e.value) for e in at.error]
    label = shorten_words(stored.plan.toimenpiteet[0].toimenpide, 60)  # type: ignore[attr-defined]
    message = FI.t("validation.action_missing_responsible", action=label)
    assert len(errors) == 1
    assert errors[0].startswith(FI.t("ui.plan.edit.refused", count=1))
    assert message in errors[0]
    # The editor shows the stored values again; the refused rows are kept read-only under it.
    assert at.data_editor[0].key != editor.key
    assert at.data_editor[0].value.loc[0, "vastuuhenkilo"] == stored.plan.toimenpiteet[0].vastuuhenkilo  # type: ignore[attr-defined]
    rejected = [d.value for d in at.dataframe if d.editing_mode == "read_only" and "toimenpide" in d.value]
    assert any((frame["vastuuhenkilo"] == "").any() for frame in rejected)
    run_ok(at)  # the refusal stays visible until the table is saved again
    assert len(at.error) == 1 and message in unescape(at.error[0].value)


def test_table_edit_adds_and_deletes_rows(store: PlanStore, stored: StoredPlan) -> None:
    at = page(stored.id)
    key = at.data_editor[0].key
    at.session_state[key] = {
        "edited_rows": {0: {"vastuuhenkilo": "Strategiajohtaja"}},
        "added_rows": [
            {
                "kehittamiskohde": "Tietojohtamisen laajuus ja merkitys",
                "toimenpide": "Kuvaamme tietojohtamisen laajuuden.",
                "lyhyt_aikavali": "2021",
                "vastuuhenkilo": "Kehittämispäällikkö",
                "edellytykset": "Työaikaa",
            }
        ],
        "deleted_rows": [1],
    }
    table_button(at, stored, "visio_ja_strategia").click()
    run_ok(at)
    after = store.get(stored.id)
    assert after.version == stored.version + 1
    actions = after.plan.toimenpiteet  # type: ignore[attr-defined]
    assert [a.kehittamiskohde for a in actions[:2]] == [
        "Tietojohtamisen strategia ja tavoitteet",
        "Tietojohtamisen laajuus ja merkitys",
    ]
    assert actions[0].vastuuhenkilo == "Strategiajohtaja"
    assert "esim-02" not in {a.id for a in actions}
    assert store.revisions(stored.id)[-1].author == AUTHOR
    assert unescape(at.success[-1].value) == FI.t("ui.plan.edit.saved", version=after.version)
    shown = at.data_editor[0].value
    assert list(shown["vastuuhenkilo"]) == ["Strategiajohtaja", "Kehittämispäällikkö"]


def test_rows_from_editor_turns_new_rows_into_rows_without_id() -> None:
    frame = pd.DataFrame(
        [
            {"id": "esim-01", "kehittamiskohde": "A", "toimenpide": " x "},
            {"id": float("nan"), "kehittamiskohde": None, "toimenpide": "y"},
        ]
    )
    rows = rows_from_editor(frame)
    assert rows[0] == {
        "id": "esim-01",
        "kehittamiskohde": "A",
        "toimenpide": "x",
        "lyhyt_aikavali": "",
        "pitka_aikavali": "",
        "vastuuhenkilo": "",
        "edellytykset": "",
    }
    assert rows[1]["id"] is None and rows[1]["kehittamiskohde"] == ""


# --- languages and catalogs ---------------------------------------------------------------------------


def test_swedish_labels(store: PlanStore, stored: StoredPlan) -> None:
    at = page(stored.id, language="sv")
    sv = load_catalog("sv")
    assert [unescape(t.value) for t in at.title] == [sv.t("ui.plan.title")]
    assert unescape(at.header[0].value) == "3.1 Beskrivning av social- och hälsovårdslandskapet"
    labels = [unescape(t.label) for t in at.text_area]
    assert "a) Landskap" in labels
    assert "Tallenna" not in " ".join(unescape(b.label) for b in at.button)
    assert unescape(at.button(key=f"plan_save_{stored.id}_kuvaus").label) == "Spara 3.1"
    config = column_config(at.data_editor[0])
    assert config["kehittamiskohde"]["label"] == "Utvecklingsobjekt"
    assert config["vastuuhenkilo"]["label"] == "Ansvarsperson"
    assert config["lyhyt_aikavali"]["label"] == "Kort sikt 2020–2021"
    # Target names stay exactly as in the template.
    assert config["kehittamiskohde"]["type_config"]["options"][0] == "Tietojohtamisen strategia ja tavoitteet"
    assert "Vision och strategi (VISIO JA STRATEGIA)" in [unescape(s.value) for s in at.subheader]
    assert {unescape(m.label) for m in at.metric} == {"Fel", "Varningar", "Anmärkningar"}


def test_plan_catalog_keys_match_and_cover_the_code() -> None:
    keys = {language: catalog_keys(language, "ui.plan") for language in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"]
    assert all(k.startswith("ui.plan.") for k in keys["fi"])
    root = PAGE.parents[2]
    sources = [PAGE, root / "assistant" / "drafting" / "edits.py", *sorted((root / "ui").glob("plan_*.py"))]
    used: set[str] = set()
    for path in sources:
        used |= set(re.findall(r"""["'](ui\.[a-z_.]+[a-z_])["']""", path.read_text(encoding="utf-8")))
    used |= {"ui.plan.edit.target_not_in_area"}  # built from TARGET_NOT_IN_AREA
    for language in LANGUAGES:
        missing = used - load_catalog(language).keys()  # without the Finnish fallback
        assert not missing, (language, missing)
    assert "unsafe_allow_html" not in PAGE.read_text(encoding="utf-8")


def test_periods_form_sets_the_plans_own_periods(store: PlanStore, stored: StoredPlan) -> None:
    at = page(stored.id)
    values = {
        ("short", "start"): 2026,
        ("short", "end"): 2027,
        ("long", "start"): 2028,
        ("long", "end"): 2030,
    }
    for (which, end), value in values.items():
        at.number_input(key=periods_key(stored.id, which, end)).set_value(value)
    at.button(key=f"plan_periods_save_{stored.id}").click()
    run_ok(at)
    after = store.get(stored.id)
    periods = after.plan.meta.periods  # type: ignore[attr-defined]
    assert (periods.short.start, periods.short.end, periods.long.start, periods.long.end) == (
        2026,
        2027,
        2028,
        2030,
    )
    assert after.version == stored.version + 1
    assert any("2026–2027" in unescape(s.value) for s in at.success)
    # the schedule texts are the county's own and stay as they were
    assert [a.lyhyt_aikavali for a in after.plan.toimenpiteet] == [  # type: ignore[attr-defined]
        a.lyhyt_aikavali
        for a in stored.plan.toimenpiteet  # type: ignore[attr-defined]
    ]
    # the table's period columns follow the plan
    labels = {
        c.get("title") or c.get("label")
        for c in column_config(at.data_editor[0]).values()
        if isinstance(c, dict)
    }
    assert any(label and "2026–2027" in label for label in labels), labels


def test_contradictory_periods_are_refused_on_the_page(store: PlanStore, stored: StoredPlan) -> None:
    at = page(stored.id)
    at.number_input(key=periods_key(stored.id, "short", "end")).set_value(2024)
    at.button(key=f"plan_periods_save_{stored.id}").click()
    run_ok(at)
    assert store.get(stored.id).version == stored.version
    assert any("eivät kelpaa" in unescape(e.value) for e in at.error)


def test_actions_show_all_four_columns_and_edit_in_one_step(store: PlanStore, stored: StoredPlan) -> None:
    at = page(stored.id)
    action = stored.plan.toimenpiteet[0]  # type: ignore[attr-defined]
    shown = [unescape(m.value) for m in at.markdown]
    assert action.toimenpide in shown and action.edellytykset in shown  # whole texts, wrapped, never cut
    assert any(action.vastuuhenkilo in text and "Vastuuhenkilö" in text for text in shown)
    key = f"plan_action_{stored.id}_{action.id}_vastuuhenkilo"
    at.text_input(key=key).input("Tietojohtaja")
    at.button(
        key=f"FormSubmitter:plan_action_form_{stored.id}_{action.id}-{FI.t('ui.plan.actions.save')}"
    ).click()
    run_ok(at)
    after = store.get(stored.id)
    assert after.version == stored.version + 1
    assert after.plan.toimenpiteet[0].vastuuhenkilo == "Tietojohtaja"  # type: ignore[attr-defined]
    assert len(after.plan.toimenpiteet) == len(stored.plan.toimenpiteet)  # type: ignore[attr-defined]


def _submit(at: AppTest, form: str, label_key: str) -> None:
    at.button(key=f"FormSubmitter:{form}-{FI.t(label_key)}").click()
    run_ok(at)


def test_an_action_is_added_and_removed_in_one_step(store: PlanStore, stored: StoredPlan) -> None:
    at = page(stored.id)
    form = f"plan_new_action_{stored.id}_mittarit"
    target = at.selectbox(key=f"plan_new_{stored.id}_mittarit_kehittamiskohde")
    assert target.placeholder == FI.t("ui.widgets.choose")  # Streamlit's own text in the user's language
    target.set_value("Mittareiden kattavuus")
    at.text_area(key=f"plan_new_{stored.id}_mittarit_toimenpide").input("Karsimme päällekkäiset mittarit")
    at.text_input(key=f"plan_new_{stored.id}_mittarit_vastuuhenkilo").input("Analytiikkapäällikkö")
    at.text_input(key=f"plan_new_{stored.id}_mittarit_lyhyt_aikavali").input("syksyllä 2021")
    at.text_area(key=f"plan_new_{stored.id}_mittarit_edellytykset").input("Mittaristo kuvattu")
    _submit(at, form, "ui.plan.actions.add_save")
    after = store.get(stored.id)
    actions = after.plan.toimenpiteet  # type: ignore[attr-defined]
    assert after.version == stored.version + 1 and len(actions) == len(stored.plan.toimenpiteet) + 1  # type: ignore[attr-defined]
    new = next(a for a in actions if a.toimenpide == "Karsimme päällekkäiset mittarit")
    assert (new.kehittamiskohde, new.vastuuhenkilo) == ("Mittareiden kattavuus", "Analytiikkapäällikkö")
    assert "Karsimme päällekkäiset mittarit" in [unescape(m.value) for m in at.markdown]
    # removed in one step from its own form
    _submit(at, f"plan_action_form_{stored.id}_{new.id}", "ui.plan.actions.delete")
    final = store.get(stored.id)
    assert final.version == after.version + 1
    assert [a.id for a in final.plan.toimenpiteet] == [a.id for a in stored.plan.toimenpiteet]  # type: ignore[attr-defined]


def test_an_action_without_a_target_is_refused_and_nothing_is_stored(
    store: PlanStore, stored: StoredPlan
) -> None:
    at = page(stored.id)
    at.text_area(key=f"plan_new_{stored.id}_mittarit_toimenpide").input("Teemme jotain")
    _submit(at, f"plan_new_action_{stored.id}_mittarit", "ui.plan.actions.add_save")
    assert store.get(stored.id).version == stored.version
    assert at.error  # said in words, under the area
    # nothing typed is lost: the form still holds the text
    assert at.text_area(key=f"plan_new_{stored.id}_mittarit_toimenpide").value == "Teemme jotain"


def test_reading_never_changes_the_version(store: PlanStore, stored: StoredPlan) -> None:
    at = page(stored.id)
    revisions = len(store.revisions(stored.id))
    for language in ("sv", "en", "fi"):  # reading again, in every language, with the plan from the URL
        at.session_state["language"] = language
        run_ok(at)
    run_ok(page(stored.id))
    assert store.get(stored.id).version == stored.version
    assert len(store.revisions(stored.id)) == revisions
