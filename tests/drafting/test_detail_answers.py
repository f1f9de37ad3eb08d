"""The drafting flow, with each reading given directly: a message typed at an action's detail question is
its answer when every reading means that (the asked detail read as an edit or as belonging elsewhere, a
year inside a prerequisite), and nothing is asked back."""

from __future__ import annotations

from assistant.interpret.models import Interpretation, Slots
from tests.drafting.scripted_flow import complete, own, plan_of, start


def test_the_asked_detail_read_as_an_edit_or_as_elsewhere_is_its_answer(engine, script, store) -> None:
    """A schedule typed at the schedule question is its answer for the action asked, also when the
    reading says "edit action 1's schedule", "this belongs to the long-term schedule" or is unsure
    against skipping the target (the message has no words of skipping): nothing is asked back."""
    pid = start(engine)
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    complete(engine, script, pid, "Kuvaamme kokonaisarkkitehtuurin")
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    own(engine, script, pid, "Julkaisemme arkkitehtuurikuvaukset")  # action 2: its schedule is asked
    message = "2026–2027: ensimmäiset kuvaukset syksyllä 2026"
    script.readings[message] = Interpretation(
        intent="edit_action", slots=Slots(action=1, field="schedule_short"), confidence=0.9
    )
    turn = engine.handle(pid, message, author="t")
    first, second = plan_of(store, pid).toimenpiteet
    assert first.lyhyt_aikavali == "työpajat keväällä 2026"  # action 1 untouched
    assert "ensimmäiset kuvaukset" in second.lyhyt_aikavali and "?" in turn.reply  # the person is asked
    pid = start(engine)
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    own(engine, script, pid, "Kuvaamme kokonaisarkkitehtuurin")
    script.says("päivitetään vuosittain 2028–2030", "answer_elsewhere", field="schedule_long")
    engine.handle(pid, "päivitetään vuosittain 2028–2030", author="t")
    assert plan_of(store, pid).toimenpiteet[0].pitka_aikavali  # recorded, not offered
    engine.handle(pid, "controller Sari Mäkelä", author="t")
    message = "integraatioalusta ja toimittajien rajapinnat"
    script.unsure(message, "answer", "skip_target")
    turn = engine.handle(pid, message, author="t")
    assert plan_of(store, pid).toimenpiteet[0].edellytykset == message and "Tarkoititko" not in turn.reply


def test_a_year_inside_a_prerequisite_does_not_make_it_a_schedule(engine, script, store) -> None:
    pid = start(engine)
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    own(engine, script, pid, "Kuvaamme kokonaisarkkitehtuurin")
    engine.handle(pid, "2026–2027: kuvaus valmis. 2028–2030: ylläpito", author="t")
    engine.handle(pid, "controller Sari Mäkelä", author="t")
    for message, stored in (
        ("syksyllä 2027 pilotti", False),  # opens with its date: not taken as the prerequisites
        ("integraatioalustan hankinta (talousarvio 2027)", True),  # a year inside: the answer
    ):
        script.unsure(message, "answer_elsewhere", "answer", field="schedule_short")
        turn = engine.handle(pid, message, author="t")
        assert (plan_of(store, pid).toimenpiteet[0].edellytykset == message) is stored, turn.reply
        if stored:
            assert "Tarkoititko" not in turn.reply


def test_a_span_of_years_at_the_person_question_is_not_stored_as_the_person(engine, script, store) -> None:
    """ "päivitetään vuosittain 2028–2030" typed at the person question is a schedule by its shape: it is
    offered for the action's schedule (or asked about), never recorded as the responsible person."""
    pid = start(engine)
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    own(engine, script, pid, "Kuvaamme kokonaisarkkitehtuurin")
    engine.handle(pid, "2026–2027: kuvaus valmis", author="t")
    engine.handle(pid, "ei", author="t")  # no long-term schedule: the person is asked next
    message = "päivitetään vuosittain 2028–2030"
    script.unsure(message, "answer_elsewhere", "answer", field="schedule_long")
    turn = engine.handle(pid, message, author="t")
    action = plan_of(store, pid).toimenpiteet[0]
    assert not action.vastuuhenkilo, turn.reply
    assert "aikataulu" in turn.reply and "?" in turn.reply  # the schedule offered or asked about


def test_a_first_name_of_a_person_the_plan_names_is_offered_as_the_person_not_a_schedule(
    engine, script, store
) -> None:
    """ "Maria" typed at the long-term question, when "CDO Maria Lind" prepares the plan, is offered as the
    responsible person (yes/no), never stored as the long-term schedule; an edit in words ("change the
    responsible person of action 1 to …") records its value."""
    pid = start(engine, "en")
    engine.handle(pid, "mene 3.1.2", author="t")
    engine.handle(pid, "our CDO Maria Lind", author="t")
    engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
    own(engine, script, pid, "Kuvaamme kokonaisarkkitehtuurin")
    engine.handle(pid, "2026 pilot", author="t")  # the long term is asked next
    turn = engine.handle(pid, "Maria", author="t")
    assert not plan_of(store, pid).toimenpiteet[0].pitka_aikavali and "responsible person" in turn.reply
    message = "change the responsible person of action 1 to ICT director Paul Smith"
    engine.handle(pid, script.says(message, "edit_action", field="responsible", action=1), author="t")
    assert plan_of(store, pid).toimenpiteet[0].vastuuhenkilo == "ICT director Paul Smith"


def test_a_colloquial_yes_to_the_offered_preparer_records_the_preparer(engine, script, store) -> None:
    """ "toi valmistelija käy" to "Onko se valmistelusta vastaava kehitysjohtaja Pirjo Niemi?" records
    the preparer, not the words; "talousjohtaja käy" names someone else and is recorded as written."""
    pid = start(engine)
    engine.handle(pid, "mene 3.1.2", author="t")
    engine.handle(pid, "mä oon kehitysjohtaja Pirjo Niemi ja vastaan valmistelusta", author="t")
    for reply, person in (
        ("toi valmistelija käy", "kehitysjohtaja Pirjo Niemi"),
        ("talousjohtaja käy", "talousjohtaja käy"),
    ):
        engine.handle(pid, "mene Kokonaisarkkitehtuuri", author="t")
        own(engine, script, pid, f"Kuvaamme arkkitehtuurin ({reply})")
        engine.handle(pid, "2026–2027: kuvaus valmis", author="t")
        engine.handle(pid, "ei", author="t")  # no long term: the person is asked, the preparer offered
        engine.handle(pid, reply, author="t")
        assert plan_of(store, pid).toimenpiteet[-1].vastuuhenkilo == person
        engine.handle(pid, "tietoallas", author="t")  # its prerequisites: the action is complete
