"""Editing on the plan page (`ui/views/plan_page.py`): text fields saved with a revision, an emptied
required field, a stale save as a conflict that keeps the typing, and the 3.4 table editors (refused
edits, added and deleted rows).

AppTest cannot type into a `st.data_editor` (`set_value` raises), but a keyed editor takes its edit state
(`edited_rows`, `added_rows`, `deleted_rows`) from `at.session_state[key]` before a run, which is what the
browser sends; the table tests use that and then click the table's Save button.
"""

from __future__ import annotations

import pandas as pd

from assistant.storage import PlanStore, StoredPlan
from assistant.textutil import shorten_words
from tests.ui.helpers import run_ok, unescape
from tests.ui.plan_page.helpers import AUTHOR, FI, dump, page, table_button
from ui.views.plan_page import rows_from_editor


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
