"""Direct plan edits (`assistant.drafting.edits`) on a SQLite store holding the example plan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.drafting.edits import (
    ROW_FIELDS,
    TARGET_NOT_IN_AREA,
    apply_actions_edit,
    apply_field_edit,
    apply_section_edit,
    area_actions,
    cell_text,
)
from assistant.i18n import load_catalog
from assistant.paths import KNOWLEDGE_DIR
from assistant.storage import PlanStore, StoredPlan
from assistant.template.models import plan_model
from assistant.template.spec import load_template
from assistant.template.validator import validate_plan

EXAMPLE = KNOWLEDGE_DIR / "examples" / "esimerkkisuunnitelma.json"
AREA = "visio_ja_strategia"  # esim-01 and esim-02 in the example plan
FI = load_catalog("fi")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PlanStore]:
    with PlanStore(f"sqlite:///{tmp_path}/plans.sqlite3") as s:
        yield s


@pytest.fixture
def stored(store: PlanStore) -> StoredPlan:
    plan = plan_model().model_validate_json(EXAMPLE.read_text(encoding="utf-8"))
    return store.create(plan, author="alkuperäinen")


def rows_of(stored: StoredPlan, area_key: str = AREA) -> list[dict[str, Any]]:
    """The area's table as the plan page shows it."""
    spec = load_template()
    return [
        {"id": a.id, **{name: getattr(a, name) for name in ROW_FIELDS}}
        for _, a in area_actions(stored.plan, spec.area(area_key), spec)
    ]


def new_row(**values: str) -> dict[str, Any]:
    row: dict[str, Any] = {"id": None, **dict.fromkeys(ROW_FIELDS, "")}
    row.update(values)
    return row


def dump(stored: StoredPlan) -> dict[str, Any]:
    return stored.plan.model_dump(mode="json")


# --- text fields -------------------------------------------------------------------------------------


def test_field_edit_saves_a_revision_with_author_and_path(store: PlanStore, stored: StoredPlan) -> None:
    old = stored.plan.kuvaus.sote_maakunta  # type: ignore[attr-defined]
    result = apply_field_edit(
        store,
        stored.id,
        expected_version=stored.version,
        section_key="kuvaus",
        field_key="sote_maakunta",
        value="  Uusi alue  ",
        author="Maija Muokkaaja",
    )
    assert result.saved and not result.conflict
    assert result.version == stored.version + 1
    assert result.message == FI.t("ui.plan.edit.saved", version=result.version)
    assert result.paths == ["/kuvaus/sote_maakunta"]
    after = store.get(stored.id)
    assert after.version == result.version
    assert after.plan.kuvaus.sote_maakunta == "Uusi alue"  # type: ignore[attr-defined]
    revision = store.revisions(stored.id)[-1]
    assert revision.version == result.version
    assert revision.author == "Maija Muokkaaja"
    assert [c.model_dump() for c in revision.changes] == [
        {"path": "/kuvaus/sote_maakunta", "old": old, "new": "Uusi alue"}
    ]
    # The remaining findings are the whole plan's: the example is valid, only infos/warnings remain.
    assert not [f for f in result.findings if f.severity == "error"]


def test_section_edit_is_one_revision_and_section_number_works(store: PlanStore, stored: StoredPlan) -> None:
    result = apply_section_edit(
        store,
        stored.id,
        expected_version=stored.version,
        section_key="3.3",
        values={"kuvaus_suhteessa_nykytilaan": "A", "tavoiteltavat_tulokset": "B"},
        author="t",
    )
    assert result.saved
    assert len(store.revisions(stored.id)) == 2
    paths = [c.path for c in store.revisions(stored.id)[-1].changes]
    assert paths == ["/tavoitteet/kuvaus_suhteessa_nykytilaan", "/tavoitteet/tavoiteltavat_tulokset"]


def test_emptied_required_field_is_saved_and_reported(store: PlanStore, stored: StoredPlan) -> None:
    """Clearing a required text field is allowed (a user may rewrite it), the finding is returned."""
    result = apply_field_edit(
        store,
        stored.id,
        expected_version=stored.version,
        section_key="kuvaus",
        field_key="sote_maakunta",
        value="",
        author="t",
    )
    assert result.saved
    assert [f.code for f in result.relevant()] == ["required_field_empty"]
    assert result.relevant()[0].message == 'Kohta 3.1.1 "Sote-maakunta" on täyttämättä.'
    assert store.get(stored.id).plan.kuvaus.sote_maakunta == ""  # type: ignore[attr-defined]


def test_unchanged_field_saves_nothing(store: PlanStore, stored: StoredPlan) -> None:
    value = stored.plan.kuvaus.sote_maakunta  # type: ignore[attr-defined]
    result = apply_field_edit(
        store,
        stored.id,
        expected_version=stored.version,
        section_key="kuvaus",
        field_key="sote_maakunta",
        value=value + "\n",
        author="t",
    )
    assert not result.saved and not result.conflict and not result.refused
    assert result.message == FI.t("ui.plan.edit.unchanged")
    assert store.get(stored.id).version == stored.version


def test_unknown_section_or_field_is_a_programming_error(store: PlanStore, stored: StoredPlan) -> None:
    with pytest.raises(ValueError, match="no section"):
        apply_field_edit(
            store, stored.id, expected_version=1, section_key="x", field_key="y", value="", author="t"
        )
    with pytest.raises(ValueError, match="no field"):
        apply_field_edit(
            store, stored.id, expected_version=1, section_key="kuvaus", field_key="y", value="", author="t"
        )


def test_stale_version_returns_conflict(store: PlanStore, stored: StoredPlan) -> None:
    first = apply_field_edit(
        store,
        stored.id,
        expected_version=stored.version,
        section_key="kuvaus",
        field_key="sote_maakunta",
        value="Ensimmäinen",
        author="a",
    )
    assert first.saved
    stale = apply_field_edit(
        store,
        stored.id,
        expected_version=stored.version,
        section_key="kuvaus",
        field_key="sote_maakunta",
        value="Toinen",
        author="b",
        language="sv",
    )
    assert not stale.saved and stale.conflict
    assert stale.version == first.version
    assert "version 1" in stale.message and stale.message.startswith("Någon")  # the Swedish catalog
    assert store.get(stored.id).plan.kuvaus.sote_maakunta == "Ensimmäinen"  # type: ignore[attr-defined]
    # A stale table edit too.
    table = apply_actions_edit(
        store, stored.id, expected_version=stored.version, area_key=AREA, rows=[], author="b"
    )
    assert table.conflict and not table.saved
    assert len(store.get(stored.id).plan.toimenpiteet) == 12  # type: ignore[attr-defined]


# --- the action table ---------------------------------------------------------------------------------


def test_table_edit_with_year_outside_period_is_saved_with_a_warning(
    store: PlanStore, stored: StoredPlan
) -> None:
    """The schedule cell is the county's own text: a year outside the period is checked, never refused."""
    rows = rows_of(stored)
    rows[0]["lyhyt_aikavali"] = "käyttöönotto 2030"
    result = apply_actions_edit(
        store, stored.id, expected_version=stored.version, area_key=AREA, rows=rows, author="t"
    )
    assert result.saved and not result.refused
    (finding,) = [f for f in result.findings if f.code == "schedule_outside_period"]
    assert finding.severity == "warning"
    assert "2030" in finding.message and "2020–2021" in finding.message
    assert finding.message.startswith("Toimenpiteen ")  # Finnish
    after = store.get(stored.id)
    assert after.version == stored.version + 1
    assert after.plan.toimenpiteet[0].lyhyt_aikavali == "käyttöönotto 2030"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("kehittamiskohde", "Tietojohtamisen strategia", "unknown_target"),
        ("kehittamiskohde", "Tieto- johtamisen strategia ja tavoitteet", "target_name_not_exact"),
        ("vastuuhenkilo", "", "action_missing_responsible"),
        ("edellytykset", "", "action_missing_prerequisites"),
        ("toimenpide", "", "action_missing_text"),
    ],
)
def test_invalid_row_values_are_refused(
    store: PlanStore, stored: StoredPlan, field: str, value: str, code: str
) -> None:
    rows = rows_of(stored)
    rows[1][field] = value
    result = apply_actions_edit(
        store, stored.id, expected_version=stored.version, area_key=AREA, rows=rows, author="t"
    )
    assert result.refused
    assert code in {f.code for f in result.findings}
    assert dump(store.get(stored.id)) == dump(stored)


def test_row_without_any_schedule_is_refused(store: PlanStore, stored: StoredPlan) -> None:
    rows = rows_of(stored)
    rows[1]["lyhyt_aikavali"] = rows[1]["pitka_aikavali"] = ""
    result = apply_actions_edit(
        store, stored.id, expected_version=stored.version, area_key=AREA, rows=rows, author="t"
    )
    assert [f.code for f in result.findings] == ["action_missing_schedule"]
    assert store.get(stored.id).version == stored.version


def test_target_of_another_area_is_refused(store: PlanStore, stored: StoredPlan) -> None:
    rows = rows_of(stored)
    rows[0]["kehittamiskohde"] = "Mittareiden kattavuus"  # an exact name, but of MITTARIT
    result = apply_actions_edit(
        store, stored.id, expected_version=stored.version, area_key=AREA, rows=rows, author="t"
    )
    assert [f.code for f in result.findings] == [TARGET_NOT_IN_AREA]
    assert "MITTARIT" in result.findings[0].message and "VISIO JA STRATEGIA" in result.findings[0].message


def test_add_edit_and_delete_rows(store: PlanStore, stored: StoredPlan) -> None:
    before = store.get(stored.id).plan.toimenpiteet  # type: ignore[attr-defined]
    rows = rows_of(stored)
    assert [r["id"] for r in rows] == ["esim-01", "esim-02"]
    rows[0]["vastuuhenkilo"] = "Strategiajohtaja"
    del rows[1]  # esim-02 deleted
    rows.append(
        new_row(
            kehittamiskohde="Tietojohtamisen laajuus ja merkitys",
            toimenpide="Kuvaamme tietojohtamisen laajuuden.",
            lyhyt_aikavali="2021",
            vastuuhenkilo="Kehittämispäällikkö",
            edellytykset="Työaikaa",
        )
    )
    rows.append(new_row(kehittamiskohde="Tietojohtamisen laajuus ja merkitys"))  # blank: ignored
    result = apply_actions_edit(
        store, stored.id, expected_version=stored.version, area_key=AREA, rows=rows, author="Taulukko"
    )
    assert result.saved, [f.message for f in result.findings]
    after = store.get(stored.id)
    actions = after.plan.toimenpiteet  # type: ignore[attr-defined]
    assert len(actions) == 12
    assert [a.id for a in actions][:1] == ["esim-01"]
    assert "esim-02" not in {a.id for a in actions}
    added = actions[1]  # after the area's last existing action (esim-01 after the deletion)
    assert added.kehittamiskohde == "Tietojohtamisen laajuus ja merkitys"
    assert added.alkupera == "user" and added.tila == "planned" and added.id not in {a.id for a in before}
    # Other areas untouched, existing actions keep their sources, status and origin.
    assert [a.model_dump() for a in actions[2:]] == [a.model_dump() for a in before[2:]]
    assert actions[0].alkupera == "template_example" and actions[0].vastuuhenkilo == "Strategiajohtaja"
    revision = store.revisions(stored.id)[-1]
    assert revision.author == "Taulukko"
    assert [(c.path, c.old is None, c.new is None) for c in revision.changes] == [
        ("/toimenpiteet/1", False, True),  # deleted (stored index)
        ("/toimenpiteet/1", True, False),  # added (saved index)
        ("/toimenpiteet/0/vastuuhenkilo", False, False),
    ]
    assert revision.changes[2].new == "Strategiajohtaja"
    assert validate_plan(after.plan).valid


def test_changes_replay_as_a_sequential_patch(store: PlanStore, stored: StoredPlan) -> None:
    rows = rows_of(stored, "tiedon_organisointi_ja_varastointi")  # esim-07, esim-08
    rows[1]["toimenpide"] = "Muutettu kuvaus."
    rows.pop(0)
    rows.append(
        new_row(
            kehittamiskohde="Tiedon integraatio",
            toimenpide="Integraatiopalvelu.",
            pitka_aikavali="2023",
            vastuuhenkilo="ICT",
            edellytykset="Rahoitus",
        )
    )
    result = apply_actions_edit(
        store,
        stored.id,
        expected_version=stored.version,
        area_key="tiedon_organisointi_ja_varastointi",
        rows=rows,
        author="t",
    )
    assert result.saved
    replay = dump(stored)["toimenpiteet"]
    for change in result.changes:
        parts = change["path"].split("/")[2:]
        index = int(parts[0])
        if len(parts) == 2:
            replay[index][parts[1]] = change["new"]
        elif change["new"] is None:
            assert replay.pop(index) == change["old"]
        else:
            replay.insert(index, change["new"])
    assert replay == dump(store.get(stored.id))["toimenpiteet"]


def test_pre_existing_error_in_an_untouched_field_does_not_block(
    store: PlanStore, stored: StoredPlan
) -> None:
    """An action drafted without a responsible person can still be edited in its other fields."""
    plan = stored.plan.model_copy(deep=True)
    plan.toimenpiteet[0].vastuuhenkilo = ""  # type: ignore[attr-defined]
    incomplete = store.save(
        stored.id, plan, expected_version=stored.version, author="chat", summary="s", changes=[]
    )
    rows = rows_of(incomplete)
    rows[0]["toimenpide"] = "Tarkennettu kuvaus."
    result = apply_actions_edit(
        store, stored.id, expected_version=incomplete.version, area_key=AREA, rows=rows, author="t"
    )
    assert result.saved
    assert [f.code for f in result.relevant()] == ["action_missing_responsible"]


def test_cleared_row_deletes_and_no_change_saves_nothing(store: PlanStore, stored: StoredPlan) -> None:
    unchanged = apply_actions_edit(
        store, stored.id, expected_version=stored.version, area_key=AREA, rows=rows_of(stored), author="t"
    )
    assert not unchanged.saved and unchanged.message == FI.t("ui.plan.edit.unchanged")
    rows = rows_of(stored)
    for name in ROW_FIELDS[1:]:
        rows[1][name] = None  # what a data editor gives for emptied cells
    result = apply_actions_edit(
        store, stored.id, expected_version=stored.version, area_key=AREA, rows=rows, author="t"
    )
    assert result.saved
    assert "esim-02" not in {a.id for a in store.get(stored.id).plan.toimenpiteet}  # type: ignore[attr-defined]


def test_area_without_actions_gets_new_rows_at_the_end(store: PlanStore, stored: StoredPlan) -> None:
    row = new_row(
        kehittamiskohde="Tiedon käyttö päätöksenteossa",
        toimenpide="Päätösten tietopohja kuvataan.",
        lyhyt_aikavali="2021",
        vastuuhenkilo="Johtaja",
        edellytykset="Aikaa",
    )
    result = apply_actions_edit(
        store, stored.id, expected_version=stored.version, area_key="tiedon_kaytto", rows=[row], author="t"
    )
    assert result.saved and result.paths == ["/toimenpiteet/12"]
    assert store.get(stored.id).plan.toimenpiteet[-1].kehittamiskohde == "Tiedon käyttö päätöksenteossa"  # type: ignore[attr-defined]


def test_cell_text() -> None:
    import pandas as pd

    assert [cell_text(v) for v in (None, float("nan"), pd.NA, " x ", 2021)] == ["", "", "", "x", "2021"]
