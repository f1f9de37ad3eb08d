"""The plan page (`ui/views/plan_page.py`) in Swedish and its catalogs, the plan's own periods, the
action forms (edit, add, remove, refuse) and reading that never changes the plan's version."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from assistant.i18n import LANGUAGES, load_catalog
from assistant.storage import PlanStore, StoredPlan
from tests.ui.catalog_keys import catalog_keys
from tests.ui.helpers import run_ok, unescape
from tests.ui.plan_page.helpers import FI, PAGE, column_config, page
from ui.plan_periods import periods_key


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
