"""Moves that the blind-written counties made and the flow misread: done at a target read half as "skip
this question", a move of "the last action" typed with a typo, an own action that only moves on, an area
name without its shared first word or its diacritics, a "yes" where result rows are expected."""

from __future__ import annotations

from assistant.drafting.action_chat import bare_decision
from assistant.drafting.answer_value import without_own_label
from assistant.drafting.area_match import match_area
from assistant.drafting.decisions import decision_readings, edited_proposal
from assistant.drafting.detail_text import role_only
from assistant.drafting.engine import DraftingEngine
from assistant.drafting.inline_details import split_inline
from assistant.drafting.moves import done_here, same_effect, to_named_place
from assistant.drafting.verb_guard import guarded, with_own_verb
from assistant.interpret.models import Interpretation, Reading, Slots
from assistant.storage import PlanStore
from assistant.template.spec import load_template
from tests.drafting.scripted_flow import Scripted, complete, own, plan_of, start
from tests.drafting.test_action_chat import TwoProposals


def at_target_with_two_proposals(store: PlanStore, script: Scripted) -> tuple[DraftingEngine, str]:
    """A new plan at "Mittareiden kattavuus" with two proposals shown (the flow, not retrieval, is tested)."""
    engine = DraftingEngine(store, None, interpreter=script, proposer=TwoProposals())
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    return engine, pid


def test_skip_question_or_target_is_asked_only_while_a_detail_is_asked() -> None:
    unsure = Interpretation(
        intent="skip_question", confidence=0.53, alternatives=[Reading(intent="skip_target", confidence=0.47)]
    )
    assert same_effect(unsure, detail_asked=False).confidence == 1.0  # both move on the same way here
    assert same_effect(unsure, detail_asked=True) == unsure  # the detail, or the whole target: asked
    other = Interpretation(
        intent="skip_question", confidence=0.53, alternatives=[Reading(intent="answer", confidence=0.47)]
    )
    assert same_effect(other, detail_asked=False) == other
    shows = Interpretation(
        intent="status", confidence=0.5, alternatives=[Reading(intent="help", confidence=0.5)]
    )
    assert same_effect(shows, detail_asked=True).confidence == 1.0  # both only show something


def test_done_and_next_at_a_target_moves_on_without_a_question(store: PlanStore, script: Scripted) -> None:
    engine, pid = at_target_with_two_proposals(store, script)
    turn = engine.handle(pid, script.unsure("no niin, eteenpäin", "skip_question", "skip_target"), author="t")
    assert "Tarkoititko" not in turn.reply
    assert turn.step == "target:mittaustiedon_laatu_ja_luotettavuus"


def test_an_own_action_that_opens_with_move_is_the_move(engine, script, store) -> None:
    text = "siirrä viimenen toimenpide kohtaan tiedon intergaatio"
    own = Interpretation(intent="add_action", confidence=0.9, slots=Slots(text=text))
    assert with_own_verb(text, own).intent == "move_action"
    content = "Siirrämme raportoinnin toimenpiteet uuteen järjestelmään"
    assert with_own_verb(content, Interpretation(intent="add_action", confidence=0.9)).intent == "add_action"
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    complete(engine, script, pid, "Yhtenäistämme mittarit")
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    complete(engine, script, pid, "Julkaisemme mittarikuvaukset intranetissä")
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    turn = engine.handle(pid, script.says(text, "move_action", target="Tiedon integraatio"), author="t")
    moved = {a.toimenpide: a.kehittamiskohde for a in plan_of(store, pid).toimenpiteet}
    assert moved["Julkaisemme mittarikuvaukset intranetissä"] == "Tiedon integraatio"  # the last one
    assert moved["Yhtenäistämme mittarit"] == "Mittareiden kattavuus" and "siirretty" in turn.reply


def test_an_own_action_that_only_moves_on_to_a_named_place_goes_there() -> None:
    reading = Interpretation(
        intent="add_action",
        confidence=0.74,
        alternatives=[Reading(intent="navigate", confidence=0.26, slots=Slots(section="3.5"))],
    )
    moved = to_named_place("no nyt riittää, mennään sinne loppuun hyötyihin", reading)
    assert (moved.intent, moved.slots.section) == ("navigate", "3.5")
    long = "Mennään yhdessä läpi kaikki palvelualueiden mittarit ja sovitaan niille omistajat ja rytmi"
    assert to_named_place(long, reading).intent == "add_action"  # a long message with a moving verb


def test_area_names_without_their_shared_first_word_or_diacritics() -> None:
    spec = load_template()
    assert match_area("organisointi ja varastointi", spec).area == "tiedon_organisointi_ja_varastointi"
    assert match_area("jakaminen", spec).area == "tiedon_jakaminen"
    assert match_area("Matare", spec).area == "mittarit"
    assert match_area("Nytta (hyödyt)", spec).area == "hyodyt"
    assert match_area("organisointi ja", spec).area is None  # two areas organise: not recognised
    assert match_area("tietoturva", spec).area is None


def test_a_yes_where_result_rows_are_expected_stores_nothing(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene 3.2.2", author="t")
    turn = engine.handle(pid, "kyllä, kysely tehtiin syksyllä", author="t")
    while turn.step != "assessment" and turn.step != "done":
        turn = engine.handle(pid, "ohita", author="t")
    rows = "osa-alue: kypsyys / tyytyväisyys\nmittarit 1,8 / 1,6\norganisointi ja varastointi 2,4 / 2,1"
    turn = engine.handle(pid, rows, author="t")
    assert "Tunnistin 2 osa-aluetta" in turn.reply
    turn = engine.handle(pid, "ei", author="t")  # start again: nothing pending
    turn = engine.handle(pid, "joo", author="t")
    assert "ei ole tallennettu" in turn.reply and "ei ole mikään" not in turn.reply
    assert not plan_of(store, pid).arviointitulokset


def test_removing_a_numbered_action_offers_no_own_action_beside_it() -> None:
    text = "Poistetaan kolmas toimenpide, se on päällekkäinen henkilöstöstrategian kanssa."
    unsure = Interpretation(
        intent="delete_action",
        confidence=0.55,
        slots=Slots(action=3),
        alternatives=[Reading(intent="add_action", confidence=0.45)],
    )
    assert guarded(text, unsure).alternatives == []
    own = "Poistamme päällekkäiset raportit ja kokoamme ne yhteen"  # no action named: both stay
    kept = unsure.model_copy(update={"slots": Slots()})
    assert [r.intent for r in guarded(own, kept).alternatives] == ["add_action"]


def test_a_remark_typed_at_the_region_name_is_not_stored(engine, store) -> None:
    pid = start(engine)
    remark = "eli lyhyt on siis vain se yks vuosi eikä kaksi niinku vanhassa pohjassa"
    turn = engine.handle(pid, remark, author="t")
    assert plan_of(store, pid).kuvaus.sote_maakunta == "" and "ei näytä alueen nimeltä" in turn.reply
    assert turn.step == "field:kuvaus.sote_maakunta"
    engine.handle(pid, "kainuu", author="t")  # a short name in lower case is a name
    assert plan_of(store, pid).kuvaus.sote_maakunta.lower() == "kainuu"


def test_an_edited_proposal_named_by_an_ordinal_keeps_its_quoted_wording_only() -> None:
    text = "muokkaa ykköstä: 'Kerromme mittareiden lähteet kaikille yksiköille' - siis aluksi vain johdolle"
    slots = Slots(text=text.split(":", 1)[1].strip())
    wording = "Kerromme mittareiden lähteet kaikille yksiköille"
    assert edited_proposal(slots, text, shown=[1, 2]) == (1, wording)
    assert edited_proposal(Slots(text="Uusi muotoilu tähän"), "muokkaa: Uusi muotoilu tähän", [3]) == (
        3,
        "Uusi muotoilu tähän",
    )
    assert edited_proposal(Slots(text="Uusi"), "muokkaa: Uusi", [1, 2])[0] is None  # which one: asked


def test_accepting_one_and_rejecting_another_in_one_message_asks_the_schedule_plainly(
    store: PlanStore, script: Scripted
) -> None:
    engine, pid = at_target_with_two_proposals(store, script)
    turn = engine.handle(pid, script.says("1 käy, 2 ei", "accept_proposals", numbers=[1]), author="t")
    assert [a.toimenpide for a in plan_of(store, pid).toimenpiteet] == [
        "Ensimmäinen ehdotus kohteelle Mittareiden kattavuus"
    ]
    assert turn.awaiting == "schedule" and "ei löytynyt aikaväliä" not in turn.reply


def test_accepting_it_among_several_proposals_asks_which(store: PlanStore, script: Scripted) -> None:
    engine, pid = at_target_with_two_proposals(store, script)
    turn = engine.handle(pid, script.says("ok otetaan se sitten", "accept_proposals", all=True), author="t")
    assert plan_of(store, pid).toimenpiteet == [] and "Mikä ehdotuksista" in turn.reply
    turn = engine.handle(pid, script.says("ok otetaan ne kaikki", "accept_proposals", all=True), author="t")
    assert len(plan_of(store, pid).toimenpiteet) == 2


def test_done_in_own_words_moves_on_and_is_never_an_own_action(store: PlanStore, script: Scripted) -> None:
    assert done_here("klart med den har, nasta") and done_here("valmis tän kanssa, seuraava")
    assert not done_here("Valmistelemme seuraavan vuoden mittariston")  # content with a verb of its own
    engine = DraftingEngine(store, None, interpreter=script, proposer=TwoProposals())
    pid = start(engine, language="sv")
    engine.handle(pid, "gå till Mittareiden kattavuus", author="t")
    turn = engine.handle(pid, script.says("klart med den har, nasta", "add_action"), author="t")
    assert plan_of(store, pid).toimenpiteet == []
    assert turn.step == "target:mittaustiedon_laatu_ja_luotettavuus"


def test_an_opening_that_only_says_write_is_left_out() -> None:
    assert without_own_label("nej förresten, skriv: gemensamma mätare", ["Nuläge"]) == "gemensamma mätare"
    assert without_own_label("Kirjaamme tähän: tavoitteet", ["Nykytila"]) == "Kirjaamme tähän: tavoitteet"


def test_a_role_at_the_schedule_question_is_offered_as_the_person(engine, script, store) -> None:
    assert role_only("talousjohtaja") and role_only("ICT-chefen") and not role_only("syksyllä 2026")
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    own(engine, script, pid, "Yhtenäistämme mittarit palvelualueiden kesken")
    turn = engine.handle(pid, "controller", author="t")
    assert plan_of(store, pid).toimenpiteet[0].vastuuhenkilo == "" and "Kirjataanko" in turn.reply
    engine.handle(pid, "kyllä", author="t")
    assert plan_of(store, pid).toimenpiteet[0].vastuuhenkilo == "controller"


def test_a_filler_before_a_bare_decision_keeps_it_a_decision() -> None:
    assert bare_decision("ok, ta 1 och 2") and bare_decision("joo, hyväksy 2")
    assert not bare_decision("ok, tehdään se syksyllä 2026")  # an answer, not a decision


def test_no_to_all_of_them_rejects_every_proposal_and_is_no_own_action() -> None:
    own = Interpretation(intent="add_action", confidence=0.6)
    for text in ("nej till alla tre, det gjorde vi redan 2025", "no to all three, we did that last year"):
        decided = decision_readings(text, own, [1, 2, 3]) or []
        assert [(d.intent, d.slots.all) for d in decided] == [("reject_proposals", True)]
    some = decision_readings("emme ota kaikkia, vain ykkösen", own, [1, 2, 3]) or []
    assert not any(d.slots.all for d in some)  # "only the first": never all of them rejected


def test_a_proposal_taken_with_new_quoted_wording_is_edited_whatever_the_reading(
    store: PlanStore, script: Scripted
) -> None:
    engine, pid = at_target_with_two_proposals(store, script)
    text = "Selvä. Otetaan ehdotus 2, mutta muotoillaan: 'Kuvaamme mittarit yksiköiden kanssa.' – ei heti"
    engine.handle(pid, script.says(text, "request_proposals"), author="t")
    assert [a.toimenpide for a in plan_of(store, pid).toimenpiteet] == [
        "Kuvaamme mittarit yksiköiden kanssa."
    ]


def test_an_own_action_with_unlabelled_details_after_it_records_them(engine, script, store) -> None:
    assert split_inline("Pilotoimme raportin, syksy 2026, minkä jälkeen laajennamme sen").details == {}
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    text = "esihenkilöille lyhyt raporttiperehdytys, syksy 2026, hr-päällikkö, ei lisäkuluja"
    engine.handle(pid, script.says(text, "add_action", text=text), author="t")
    action = plan_of(store, pid).toimenpiteet[0]
    assert action.toimenpide == "esihenkilöille lyhyt raporttiperehdytys"
    assert (action.lyhyt_aikavali, action.vastuuhenkilo, action.edellytykset) == (
        "syksy 2026",
        "hr-päällikkö",
        "ei lisäkuluja",
    )


def test_going_to_a_named_place_in_a_short_message_is_not_asked_about() -> None:
    unsure = Interpretation(
        intent="navigate",
        confidence=0.55,
        slots=Slots(field="hyodyt"),
        alternatives=[Reading(intent="answer", confidence=0.45)],
    )
    moved = to_named_place("nää riittää, mennään loppuun hyötyihin", unsure)
    assert (moved.intent, moved.confidence, moved.alternatives) == ("navigate", 0.9, [])


def test_labelled_and_unlabelled_details_after_an_own_action_together() -> None:
    typed = "Kuvaamme mittarit. Aikataulu jatkuva vuodesta 2027, vastuu ylilääkäri, ei lisäkuluja."
    found = split_inline(typed)
    assert found.text == "Kuvaamme mittarit"
    assert found.details == {
        "schedule": "jatkuva vuodesta 2027",
        "vastuuhenkilo": "ylilääkäri",
        "edellytykset": "ei lisäkuluja",
    }
