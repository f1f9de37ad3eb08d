"""The trained intent model: shipped weights that match the training data, a model that generalises to
phrasings it was not trained on, and the faults users met in recorded conversations."""

from __future__ import annotations

import random
import zlib

import pytest

from assistant.interpret import classifier
from assistant.interpret.models import InterpretContext
from assistant.interpret.offline import OfflineInterpreter
from assistant.interpret.training import MODEL_INTENTS, featurise, misspell, rows

TARGET = "Tiedon integraatio"


@pytest.fixture(scope="module")
def interpreter() -> OfflineInterpreter:
    return OfflineInterpreter(None)  # the model reads no embedding


def test_the_shipped_weights_are_trained_from_the_current_training_data() -> None:
    """Fails when data/training_*.yaml or the features changed without `make intent-model`."""
    assert classifier.shipped_digest() == classifier.training_digest(), "run: make intent-model"
    model = classifier.load_model()
    assert model is not None
    assert model.intents == MODEL_INTENTS
    assert model.weights.shape == (classifier.DIM, len(MODEL_INTENTS))


def test_the_training_data_is_large_and_in_three_languages() -> None:
    data = rows()
    languages = {r.language for r in data}
    assert len(data) >= 1500 and languages == {"fi", "sv", "en"}
    assert {r.intent for r in data} >= set(MODEL_INTENTS)
    assert sum(r.language == "fi" for r in data) > len(data) / 2


def test_every_training_row_is_placed_at_a_real_question() -> None:
    """`at: target` (a single place written without a list) is that place, not its letters."""
    from assistant.interpret.models import ACTION_FIELDS
    from assistant.template.spec import load_template

    spec = load_template()
    fields = {f.key for s in spec.sections for f in s.fields} | set(ACTION_FIELDS)
    data = rows()
    assert {r.context.field for r in data} <= fields
    one_place = [r for r in data if r.group.startswith("training_blind10") and r.intent == "accept_proposals"]
    assert one_place and {r.context.field for r in one_place} == {"action_text"}


def test_a_model_trained_without_a_fifth_of_the_phrasings_reads_that_fifth() -> None:
    """Generalisation, not memory: phrasings held out by their number (every fifth) are read right
    far more often than chance and than the most frequent intent."""
    data = [r for r in rows() if r.intent in MODEL_INTENTS]
    features = featurise(data)
    held = [i for i, r in enumerate(data) if r.phrasing % 5 == 0]
    kept = [i for i, r in enumerate(data) if r.phrasing % 5 != 0]
    model = classifier.train(
        [features[i] for i in kept], [data[i].intent for i in kept], MODEL_INTENTS, epochs=10
    )
    right = 0
    for i in held:
        probabilities = model.probabilities(features[i])
        right += max(probabilities, key=probabilities.__getitem__) == data[i].intent
    assert right / len(held) >= 0.75


def test_features_are_stable_across_processes() -> None:
    """crc32, not Python's salted hash: the shipped weights mean the same in every process."""
    expected = zlib.crc32(b"w:poista") % classifier.DIM
    assert classifier.hashed(["w:poista", "w:poista"]).tolist() == [expected, expected]


def test_a_misspelled_copy_differs_from_the_phrasing() -> None:
    rng = random.Random(1)
    assert misspell("hyväksytään kaikki", rng) != "hyväksytään kaikki"


def at(field: str, **kw: object) -> InterpretContext:
    return InterpretContext(field=field, target=TARGET, **kw)


def test_a_schedule_typed_at_the_responsible_question_is_offered_to_the_schedule(
    interpreter: OfflineInterpreter,
) -> None:
    reading = interpreter.interpret("päivitetään vuosittain 2028-2030", at("responsible", actions=1))
    assert reading.intent == "answer_elsewhere"
    assert reading.slots.field == "schedule_long"
    short = interpreter.interpret("valmis syksyllä 2027", at("prerequisites", actions=1))
    assert (short.intent, short.slots.field) == ("answer_elsewhere", "schedule_short")


def test_a_person_at_the_responsible_question_stays_the_answer(interpreter: OfflineInterpreter) -> None:
    reading = interpreter.interpret("kehittämispäällikkö Sari Niemi", at("responsible", actions=1))
    assert reading.intent == "answer"


@pytest.mark.parametrize(
    ("message", "action", "text"),
    [
        ("poista toimenpide 2", 2, None),
        ("poista toimenpide Yhteinen tietoallas", None, "Yhteinen tietoallas"),
    ],
)
def test_poista_toimenpide_deletes_an_action(
    interpreter: OfflineInterpreter, message: str, action: int | None, text: str | None
) -> None:
    reading = interpreter.interpret(message, at("action_text", actions=2))
    assert reading.intent == "delete_action"
    assert (reading.slots.action, reading.slots.text) == (action, text)


def test_a_labelled_answer_at_its_own_question_is_the_answer_without_the_label(
    interpreter: OfflineInterpreter,
) -> None:
    reading = interpreter.interpret(
        "edellytykset: rahoitus ja kaksi analyytikkoa", at("prerequisites", actions=1)
    )
    assert reading.intent == "answer"
    assert reading.slots.text == "rahoitus ja kaksi analyytikkoa"


def test_swedish_andra_with_a_number_edits_that_action(interpreter: OfflineInterpreter) -> None:
    reading = interpreter.interpret(
        "ändra 2: vi inför en datasjö", at("action_text", actions=2, language="sv")
    )
    assert reading.intent == "edit_action"
    assert (reading.slots.action, reading.slots.text) == (2, "vi inför en datasjö")


def test_an_actions_prerequisites_stated_are_an_edit_with_the_value_alone(
    interpreter: OfflineInterpreter,
) -> None:
    reading = interpreter.interpret(
        "toimenpiteen 1 edellytykset ovat rahoitus ja lisenssit", at("action_text", actions=2)
    )
    assert reading.intent == "edit_action"
    assert (reading.slots.action, reading.slots.field) == (1, "prerequisites")
    assert reading.slots.text == "rahoitus ja lisenssit"


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ("Ei ole vielä tehty", "arviointi_toteutettu"),  # the answer no, not "not decided yet"
        ("ei", "arvioinnin_tulokset"),  # a bare no answers what was asked (a confirmation)
        ("Heikoimmat osa-alueet olivat mittarit ja osaaminen.", "arvioinnin_tulokset"),  # no greeting
    ],
)
def test_answers_that_share_words_with_other_intents_stay_answers(
    interpreter: OfflineInterpreter, message: str, field: str
) -> None:
    assert interpreter.interpret(message, InterpretContext(field=field)).intent == "answer"


def test_a_long_message_is_no_command(interpreter: OfflineInterpreter) -> None:
    text = (
        "Seuraavaksi tilanne on se, että ohjausryhmä kokoontuu kuukausittain ja käy läpi mittarit, "
        "mutta raportit tulevat viiveellä eikä kaikista kunnista saada tietoja ajallaan."
    )
    reading = interpreter.interpret(text, InterpretContext(field="nykytilan_kuvaus"))
    assert reading.intent == "answer"


@pytest.mark.parametrize(
    ("message", "field", "text"),
    [
        (
            "toimenpiteen 1 vastuuhenkilöksi tietoarkkitehti Mikko Laine",
            "responsible",
            "tietoarkkitehti Mikko Laine",
        ),
        ("åtgärd 1 ansvarig är controller Jonas Berg", "responsible", "controller Jonas Berg"),
        ("muuta toimenpiteen 1 vastuuhenkilöä", "responsible", None),  # no value: it is asked
    ],
)
def test_an_edits_value_is_read_by_the_flows_own_rules(
    interpreter: OfflineInterpreter, message: str, field: str, text: str | None
) -> None:
    """The interpreter and the flow strip a detail's name the same way (one implementation)."""
    reading = interpreter.interpret(message, at("action_text", actions=2))
    assert (reading.intent, reading.slots.field, reading.slots.text) == ("edit_action", field, text)
