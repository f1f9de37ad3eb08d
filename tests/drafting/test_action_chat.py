"""The drafting flow with each reading given directly (issue 12): what the chat does with an action's
details typed out of turn, edits and removals of recorded actions from any step, and nothing stored on a
guess. The interpreter is replaced by a script so that the flow, not the reading, is tested."""

from __future__ import annotations

from typing import Any

from assistant.drafting.detail_text import detail_value, leading_detail
from assistant.drafting.engine import DraftingEngine
from assistant.interpret.models import Interpretation, Reading, Slots
from tests.drafting.scripted_flow import complete, own, plan_of, start


def test_detail_values_lose_their_lead_words() -> None:
    assert detail_value("toimenpiteen 1 edellytykset ovat tietoallas ja 0,5 htv", "edellytykset") == (
        "tietoallas ja 0,5 htv"
    )
    assert detail_value("vastuuhenkilö: tietoarkkitehti Mikko Laine", "vastuuhenkilo") == (
        "tietoarkkitehti Mikko Laine"
    )
    assert detail_value("vastuuhenkilöksi Mikko Laine", "vastuuhenkilo") == "Mikko Laine"
    assert detail_value("åtgärd 2 ansvarig är controller Jonas Berg", "vastuuhenkilo") == (
        "controller Jonas Berg"
    )
    assert detail_value("muuta toimenpiteen 1 vastuuhenkilöä", "vastuuhenkilo") is None  # asked
    assert detail_value("päivitetään vuosittain 2028-2030", "schedule") == "päivitetään vuosittain 2028-2030"
    assert detail_value("Mikko vastaa tästä", "vastuuhenkilo") is None
    assert leading_detail("edellytykset: budjetti") == ("edellytykset", None)
    assert leading_detail("toimenpiteen 2 vastuuhenkilö on X") == ("vastuuhenkilo", 2)
    assert leading_detail("Laadimme edellytykset: budjetti") is None  # not at the start


def test_schedule_typed_at_the_person_question_goes_to_the_schedule(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    own(engine, script, pid, "Yhtenäistämme mittarit palvelualueiden kesken")
    turn = engine.handle(pid, "kuvaus valmis syksyllä 2027", author="t")
    assert turn.awaiting == "pitka_aikavali"  # only the short term given: the long term is asked once
    turn = engine.handle(pid, "ei", author="t")
    assert turn.awaiting == "vastuuhenkilo"
    text = script.says("päivitetään vuosittain 2028-2030", "edit_action", field="schedule_short")
    turn = engine.handle(pid, text, author="t")
    action = plan_of(store, pid).toimenpiteet[0]
    assert action.vastuuhenkilo == ""  # not the person
    assert action.lyhyt_aikavali == "kuvaus valmis syksyllä 2027"  # the short-term text kept
    assert action.pitka_aikavali == "päivitetään vuosittain 2028-2030"  # the new text in its period
    assert "aikataulu" in turn.reply and turn.awaiting == "vastuuhenkilo"  # said, and the person asked again


def test_a_name_at_the_schedule_question_is_offered_as_the_person(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    own(engine, script, pid, "Yhtenäistämme mittarit palvelualueiden kesken")
    turn = engine.handle(pid, "tietoarkkitehti Mikko Laine", author="t")
    assert plan_of(store, pid).toimenpiteet[0].vastuuhenkilo == ""  # a guess is not stored
    assert "vastuuhenkilö" in turn.reply and "Kirjataanko" in turn.reply
    turn = engine.handle(pid, "kyllä", author="t")
    assert plan_of(store, pid).toimenpiteet[0].vastuuhenkilo == "tietoarkkitehti Mikko Laine"
    assert turn.awaiting == "schedule"  # the schedule is still asked


def test_a_detail_with_its_name_is_never_an_own_action(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    own(engine, script, pid, "Kuvaamme kokonaisarkkitehtuurin")
    assert engine.handle(pid, "kuvaus valmis 2027", author="t").awaiting == "pitka_aikavali"
    assert engine.handle(pid, "ei", author="t").awaiting == "vastuuhenkilo"
    text = "edellytykset: arkkitehtuurityön resursointi (0,5 htv)"
    script.says(text, "add_action", text="arkkitehtuurityön resursointi (0,5 htv)")  # misread
    turn = engine.handle(pid, text, author="t")
    assert len(plan_of(store, pid).toimenpiteet) == 1  # not recorded as an own action
    assert "Kuvaamme kokonaisarkkitehtuurin" in turn.reply and "edellytykset" in turn.reply
    turn = engine.handle(pid, "kyllä", author="t")
    assert plan_of(store, pid).toimenpiteet[0].edellytykset == "arkkitehtuurityön resursointi (0,5 htv)"
    assert turn.awaiting == "vastuuhenkilo"  # the question that was asked, again


def test_numbered_detail_edit_is_stored_without_its_prefix_and_the_target_stays(
    engine, script, store
) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    complete(engine, script, pid, "Kuvaamme kokonaisarkkitehtuurin")
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    text = script.says(
        "toimenpiteen 1 edellytykset ovat 0,5 htv ja kansallinen viitearkkitehtuuri",
        "edit_action",
        field="prerequisites",
        action=1,
    )
    turn = engine.handle(pid, text, author="t")
    assert plan_of(store, pid).toimenpiteet[0].edellytykset == "0,5 htv ja kansallinen viitearkkitehtuuri"
    assert turn.step == "target:kokonaisarkkitehtuuri"  # an edit does not move the chat on
    # The same edit misread as an own action is still that edit (the message names action 1).
    text = "toimenpiteen 1 vastuuhenkilö on tietoarkkitehti Mikko Laine"
    script.says(text, "add_action", text=text)
    engine.handle(pid, text, author="t")
    plan = plan_of(store, pid)
    assert len(plan.toimenpiteet) == 1 and plan.toimenpiteet[0].vastuuhenkilo == "tietoarkkitehti Mikko Laine"


def test_an_edit_stores_the_value_the_interpretation_carries(engine, script, store) -> None:
    """The interpretation's `slots.text` is the new value (an LLM reading may say it where the words of
    the message alone would keep more than the value); without it the message's words are read."""
    pid = start(engine)
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    complete(engine, script, pid, "Kuvaamme kokonaisarkkitehtuurin")
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    text = script.says(
        "vaihdetaan vastuuhenkilöksi ensimmäisen kohdalla Liisa Virtanen",
        "edit_action",
        field="responsible",
        action=1,
        text="Liisa Virtanen",
    )
    engine.handle(pid, text, author="t")
    assert plan_of(store, pid).toimenpiteet[0].vastuuhenkilo == "Liisa Virtanen"
    text = script.says("poista se arkkitehtuurijuttu", "delete_action", text="kokonaisarkkitehtuurin")
    turn = engine.handle(pid, text, author="t")
    assert plan_of(store, pid).toimenpiteet == [] and "poistettu" in turn.reply


def test_schedule_like_text_at_a_target_is_not_an_action(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Mittaustiedon laatu ja luotettavuus", author="t")
    turn = engine.handle(
        pid, "2026–2027: mittaritiedon lähteet kuvataan intranetiin syksyllä 2026", author="t"
    )
    assert plan_of(store, pid).toimenpiteet == [] and "aikataululta" in turn.reply
    # Read as an own action (its text after the period's colon), it is still offered as the schedule.
    complete(engine, script, pid, "Avaamme mittaritiedon lähteet")
    engine.handle(pid, "mene Mittaustiedon laatu ja luotettavuus", author="t")
    text = "2026–2027: lähteet kuvataan intranetiin syksyllä 2026"
    script.says(text, "add_action", text="lähteet kuvataan intranetiin syksyllä 2026")
    turn = engine.handle(pid, text, author="t")
    assert len(plan_of(store, pid).toimenpiteet) == 1 and "Kirjataanko" in turn.reply


def test_revisiting_a_target_lists_its_actions_and_asks_what_is_missing(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    own(engine, script, pid, "Kuvaamme kokonaisarkkitehtuurin")
    engine.handle(pid, "2027", author="t")
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    turn = engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    assert "Kuvaamme kokonaisarkkitehtuurin" in turn.reply and "puuttuu" in turn.reply
    assert turn.awaiting == "pitka_aikavali"  # resumed where it was left
    assert "ei löytynyt ehdotuksia" not in turn.reply


def test_actions_removed_after_the_last_step_by_text_or_as_the_last(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    complete(engine, script, pid, "Kuvaamme kokonaisarkkitehtuurin")
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    complete(engine, script, pid, "Yhtenäistämme mittarit")
    complete(engine, script, pid, "Julkaisemme mittarikuvaukset intranetissä")
    engine.handle(pid, "mene 3.5", author="t")
    engine.handle(pid, "hyödyt", author="t")
    turn = engine.handle(pid, "seuranta", author="t")
    assert turn.step == "done"
    turn = engine.handle(pid, 'poista toimenpide "Kuvaamme kokonaisarkkitehtuurin", se oli virhe', author="t")
    texts = [a.toimenpide for a in plan_of(store, pid).toimenpiteet]
    assert "Kuvaamme kokonaisarkkitehtuurin" not in texts and "poistettu" in turn.reply
    assert "Kokonaisarkkitehtuuri" in turn.reply  # said where it was
    turn = engine.handle(pid, "poistetaan viimeisin toimenpide", author="t")
    assert [a.toimenpide for a in plan_of(store, pid).toimenpiteet] == ["Yhtenäistämme mittarit"]
    turn = engine.handle(pid, "poista toimenpide mittaristo kuntoon", author="t")  # no such action
    assert len(plan_of(store, pid).toimenpiteet) == 1 and "mitään ei muutettu" in turn.reply


def test_a_removal_misread_at_a_field_still_removes(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    complete(engine, script, pid, "Kuvaamme kokonaisarkkitehtuurin")
    engine.handle(pid, "mene 3.3", author="t")
    text = script.says('poistetaan toimenpide "kuvaamme kokonaisarkkitehtuurin"', "delete_action")
    turn = engine.handle(pid, text, author="t")
    assert plan_of(store, pid).toimenpiteet == [] and turn.step.startswith("field:tavoitteet")


def test_an_unanswered_offer_is_said_to_be_unrecorded(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    own(engine, script, pid, "Kuvaamme kokonaisarkkitehtuurin")
    text = script.says("vastuuhenkilö: Mikko Laine", "answer_elsewhere", field="responsible")
    engine.handle(pid, text, author="t")
    turn = engine.handle(pid, "2027 valmis", author="t")
    assert "ei kirjattu" in turn.reply and "Mikko Laine" in turn.reply
    assert plan_of(store, pid).toimenpiteet[0].vastuuhenkilo == ""


def test_swedish_replies_name_areas_and_targets_in_swedish(engine, script, store) -> None:
    pid = start(engine, "sv")
    turn = engine.handle(pid, "gå till Mätarnas täckning", author="t")
    assert "Mätare › Mätarnas täckning" in turn.reply and "MITTARIT" not in turn.reply
    own(engine, script, pid, "Vi inför en mätarkatalog")
    text = script.says("ta bort åtgärd 1", "delete_action", action=1)
    turn = engine.handle(pid, text, author="t")
    assert "Mätarnas täckning" in turn.reply and "Mittareiden" not in turn.reply


def test_after_the_end_moving_on_skips_what_is_complete(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene 3.5", author="t")
    engine.handle(pid, "hyödyt", author="t")
    assert engine.handle(pid, "seuranta", author="t").step == "done"
    engine.handle(pid, "mene Mittaustiedon laatu ja luotettavuus", author="t")  # the last target
    complete(engine, script, pid, "Avaamme mittaritiedon lähteet")
    assert store.get(pid).state["step"] == "done"  # 3.5 is filled: not asked again


def test_assessment_rows_sent_again_are_taken_once(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene arviointi", author="t")
    engine.handle(pid, "Mittarit 1,9 1,6", author="t")
    turn = engine.handle(pid, "Mittarit 1,9 1,6; Hyödyt 2,7 2,8", author="t")
    assert "2 osa-aluetta" in turn.reply or "Tunnistin 2" in turn.reply
    turn = engine.handle(pid, "Mittarit 2,5 1,6", author="t")  # the same area with another value
    assert "eri" in turn.reply or "jo annettu" in turn.reply


def test_details_answered_in_the_wrong_place_or_unsure(engine, script, store) -> None:
    pid = start(engine, "sv")
    engine.handle(pid, "gå till Mätarnas täckning", author="t")
    own(engine, script, pid, "Vi inför en mätarkatalog")
    engine.handle(pid, "hösten 2027 pilot", author="t")
    assert "lång sikt" in engine.handle(pid, "nej", author="t").reply  # the long term: left empty
    turn = engine.handle(pid, "2028–2030: uppföljning varje kvartal", author="t")  # at the person question
    action = plan_of(store, pid).toimenpiteet[0]
    assert action.vastuuhenkilo == "" and action.pitka_aikavali == "uppföljning varje kvartal"
    assert action.lyhyt_aikavali == "hösten 2027 pilot" and turn.awaiting == "vastuuhenkilo"
    engine.handle(pid, "controller Jonas Berg", author="t")
    turn = engine.handle(pid, "ja", author="t")  # a yes is no prerequisite
    assert plan_of(store, pid).toimenpiteet[0].edellytykset == "" and turn.awaiting == "edellytykset"
    unsure = Interpretation(
        intent="answer",
        slots=Slots(),
        confidence=0.5,
        alternatives=[Reading(intent="edit_proposal", confidence=0.4, slots=Slots(number=1))],
    )
    script.readings["datalagrets första version"] = unsure  # "an answer, or edit proposal 1?"
    engine.handle(pid, "datalagrets första version", author="t")
    assert plan_of(store, pid).toimenpiteet[0].edellytykset == "datalagrets första version"  # not asked


def test_the_same_answer_again_instead_of_yes_or_no_stays_here(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene 3.2.2c", author="t")
    text = script.says("uusintakysely syksyllä 2028", "answer_elsewhere", field="hyodyt")
    turn = engine.handle(pid, text, author="t")
    assert "Kirjataanko" in turn.reply
    engine.handle(pid, text, author="t")  # typed again: it is the answer to the question asked
    plan = plan_of(store, pid)
    assert plan.nykytila.arvioinnin_suunnitelma == text and plan.arviointi.hyodyt == ""


class TwoProposals:
    """Two template-like proposals for every target (the flow, not retrieval, is tested)."""

    def propose(self, area: Any, target: Any, plan: Any, *, exclude: set[str] | None = None) -> list[Any]:
        from assistant.drafting.models import Proposal
        from assistant.template.models import SourceRef

        source = SourceRef(chunk_id="c1", doc_id="d1", title="Mallipohja", section="3.4")
        texts = [f"Ensimmäinen ehdotus kohteelle {target.name}", f"Toinen ehdotus kohteelle {target.name}"]
        return [
            Proposal(
                id=str(n),
                kehittamiskohde=target.name,
                toimenpide=t,
                origin="template_example",
                lahteet=[source],
            )
            for n, t in enumerate(texts)
            if t not in (exclude or set())
        ]


def test_done_at_a_target_with_actions_is_not_called_skipped(store, script) -> None:
    engine = DraftingEngine(store, None, interpreter=script, proposer=TwoProposals())
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    engine.handle(pid, script.says("hyväksy 1", "accept_proposals", numbers=[1]), author="t")
    engine.handle(pid, "2027 valmis", author="t")
    engine.handle(pid, "ei", author="t")  # not continued in the long term
    turn = engine.handle(pid, "kyllä", author="t")  # no preparer in 3.1 to confirm: not a person
    assert turn.awaiting == "vastuuhenkilo" and plan_of(store, pid).toimenpiteet[0].vastuuhenkilo == ""
    engine.handle(pid, "controller Sari Mäkelä", author="t")
    turn = engine.handle(pid, "tietoallas", author="t")
    assert turn.awaiting == "proposals" and len(turn.proposals) == 1  # the other proposal is still shown
    turn = engine.handle(pid, script.says("valmis", "skip_target"), author="t")
    assert "on käsitelty" in turn.reply and "Ohitettiin" not in turn.reply
    assert turn.step == "target:mittaustiedon_laatu_ja_luotettavuus"


def test_a_proposal_command_at_a_text_field_is_not_its_answer(engine, script, store) -> None:
    pid = start(engine)
    turn = engine.handle(pid, "hyväksy 1", author="t")  # read as an answer by the script
    assert plan_of(store, pid).kuvaus.sote_maakunta == "" and turn.step == "field:kuvaus.sote_maakunta"


def test_an_action_typed_at_a_text_field_is_pointed_to_3_4_and_not_stored(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene 3.2.1", author="t")
    text = script.says(
        "Ensi vuonna hankitaan yhteinen raportointialusta", "answer_elsewhere", field="action_text"
    )
    turn = engine.handle(pid, text, author="t")
    assert "3.4" in turn.reply and "toimenpiteeltä" in turn.reply  # the other place named in words
    assert "Kirjataanko" not in turn.reply  # no yes/no offer that could not be carried out
    plan = plan_of(store, pid)
    assert plan.nykytila.nykytilan_kuvaus == "" and plan.toimenpiteet == []
    assert turn.step == "field:nykytila.nykytilan_kuvaus"  # the question asked stays
