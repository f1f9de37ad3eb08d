"""What the session-10 blind counties typed and the flow misread: a remark or a sentence with a verb or a
year at the region's name, periods given with a two-digit end year or beside the periods not wanted."""

from __future__ import annotations

import pytest

from assistant.drafting.answer_value import looks_like_name, without_acknowledgement
from assistant.drafting.commands import parse_command
from assistant.drafting.decisions import no_action_given
from assistant.drafting.detail_text import detail_value
from assistant.drafting.engine import DraftingEngine
from assistant.drafting.explicit import add_there
from assistant.drafting.moves import same_effect, talk_key, to_named_place
from assistant.interpret.models import Interpretation
from assistant.interpret.rules import periods
from assistant.template.spec import load_template
from tests.drafting.scripted_flow import own, plan_of, start
from tests.drafting.test_action_chat import TwoProposals


@pytest.mark.parametrize(
    "text",
    [
        "Hyvä on, kiitos. Mennään sitten järjestyksessä",  # two sentences, a passive verb
        "Tähän tulisi alue, mutta aikavälit 2026–2027 pitäisi vaihtaa ensin",  # a year
        "Vi borde först ändra perioderna till 2026–2027",
    ],
)
def test_a_sentence_is_no_region_name(text: str) -> None:
    assert not looks_like_name(text)


@pytest.mark.parametrize(
    "name",
    [
        "Pohjanrannan hyvinvointialue",
        "Kustbygdens välfärdsområde",
        "kainuu",
        "Länsi-Uudenmaan hva (LUVN)",
        "Rannikon hyvinvointialue (lyh. RHVA)",  # an abbreviation's period in parentheses is no sentence end
        "Skärgårdens välfärdsområde (fi. Saariston hyvinvointialue)",
    ],
)
def test_region_names_stay_names(name: str) -> None:
    assert looks_like_name(name)


@pytest.mark.parametrize(
    ("text", "short", "long"),
    [
        ("aikavälit: lyhyt 2025-26, pitkä 2027-2030", [2025, 2026], [2027, 2030]),  # "-26," two digits
        ("Perioderna hos oss är 2027–2028 och 2029–2031, inte 2020–2025", [2027, 2028], [2029, 2031]),
        ("lyhyt 2026-2027 eikä 2020-2021, pitkä 2028-2030", [2026, 2027], [2028, 2030]),
    ],
)
def test_periods_with_short_end_years_or_the_ones_not_wanted(
    text: str, short: list[int], long: list[int]
) -> None:
    found = periods(text)
    assert found is not None and (found.short, found.long) == (short, long)


def test_a_sentence_at_the_region_name_is_not_stored(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = start(engine)
    turn = engine.handle(pid, "Selvä, kiitos. Aloitetaan alusta sitten", author="t")
    assert plan_of(store, pid).kuvaus.sote_maakunta == ""
    assert turn.step == "field:kuvaus.sote_maakunta"


def test_an_afterthought_is_offered_to_the_field_answered_before(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = start(engine)
    engine.handle(pid, "Pohjanrannan hyvinvointialue", author="t")
    engine.handle(pid, "Hyvinvointialue ja sen 9 kuntaa", author="t")
    turn = engine.handle(
        pid, "Unohdin, että myös pelastuslaitos kuuluu tähän. Lisää se edelliseen kohtaan.", author="t"
    )
    assert turn.step == "field:kuvaus.valmisteluajan_vastuullinen_toimija"
    assert (
        "Järjestämisvastuulliset organisaatiot" in turn.reply
        and plan_of(store, pid).kuvaus.valmisteluajan_vastuullinen_toimija == ""
    )
    engine.handle(pid, "kyllä", author="t")
    organisations = plan_of(store, pid).kuvaus.jarjestamisvastuulliset_organisaatiot
    assert organisations == "Hyvinvointialue ja sen 9 kuntaa\n\nMyös pelastuslaitos kuuluu tähän."


def test_a_swedish_afterthought_and_an_answer_with_the_words_inside(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = start(engine, "sv")
    engine.handle(pid, "Kustbygdens välfärdsområde", author="t")
    turn = engine.handle(pid, "Jag glömde: vi heter också Rannikon hyvinvointialue på finska.", author="t")
    assert "Landskap" in turn.reply and plan_of(store, pid).kuvaus.jarjestamisvastuulliset_organisaatiot == ""
    engine.handle(pid, "nej", author="t")
    answer = (
        "Välfärdsområdet; kommunerna deltar, ai niin och räddningsverket"  # the cue mid-answer: an answer
    )
    engine.handle(pid, answer, author="t")
    assert plan_of(store, pid).kuvaus.jarjestamisvastuulliset_organisaatiot == answer


def test_going_to_the_end_in_words_goes_to_the_part_after_the_targets() -> None:
    own_action = Interpretation(intent="add_action", confidence=0.8)
    moved = to_named_place("nää kohteet riittää, hypätään loppuun", own_action)
    assert moved.intent == "navigate" and moved.slots.section == "3.5"
    swedish = to_named_place("det räcker nu, vi går till slutet", own_action)
    assert swedish.intent == "navigate" and swedish.slots.section == "3.5"
    content = (
        "Viemme raportoinnin uudistuksen loppuun ja siirrymme yhteiseen tietoaltaaseen vuoden 2027 aikana"
    )
    assert to_named_place(content, own_action) == own_action  # long: content, not a move


def test_an_own_action_may_open_with_a_few_words_before_its_command() -> None:
    command = parse_command("lisää vielä oma: kuukausiraportin jakelu automatisoidaan")
    assert command is not None and (command.name, command.argument) == (
        "own",
        "kuukausiraportin jakelu automatisoidaan",
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("hetki, puhelu tuli", "smalltalk_pause"),
        ("vänta lite", "smalltalk_pause"),
        ("kiitti!", "smalltalk_thanks"),
        ("moikka", "smalltalk_greeting"),
        ("hehe", "smalltalk"),
    ],
)
def test_small_talk_is_answered_in_kind(text: str, key: str) -> None:
    assert talk_key(text) == key


def test_no_particular_prerequisites_is_an_answer(engine, store, script) -> None:  # type: ignore[no-untyped-def]
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    own(engine, script, pid, "Kokoamme mittarit yhteen")
    engine.handle(pid, "2026–2027: keväällä 2026", author="t")
    engine.handle(pid, "ei", author="t")
    engine.handle(pid, "controller Sari Mäkelä", author="t")
    engine.handle(pid, "ei erityisiä", author="t")
    assert plan_of(store, pid).toimenpiteet[0].edellytykset == "ei erityisiä"


def _at_two_proposals(store, script):  # type: ignore[no-untyped-def]
    engine = DraftingEngine(store, None, interpreter=script, proposer=TwoProposals())
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    return engine, pid


def test_an_edit_that_replaces_words_and_adds_a_sentence_changes_the_proposal(store, script) -> None:  # type: ignore[no-untyped-def]
    engine, pid = _at_two_proposals(store, script)
    message = (
        "muokkaa kakkosta: 'Toinen ehdotus' sijaan 'Toinen, tarkennettu ehdotus', "
        "ja lisää loppuun, että se tehdään kuntien kanssa"
    )
    engine.handle(pid, script.says(message, "edit_proposal", number=2), author="t")
    action = plan_of(store, pid).toimenpiteet[0]
    assert (
        action.toimenpide
        == "Toinen, tarkennettu ehdotus kohteelle Mittareiden kattavuus. Se tehdään kuntien kanssa."
    )


def test_an_edit_replacing_a_word_the_proposal_lacks_changes_nothing(store, script) -> None:  # type: ignore[no-untyped-def]
    engine, pid = _at_two_proposals(store, script)
    message = "ändra 1: 'inventerar' i stället för 'kartlägger'"
    turn = engine.handle(pid, script.says(message, "edit_proposal", number=1), author="t")
    assert plan_of(store, pid).toimenpiteet == [] and '"kartlägger"' in turn.reply


def test_an_edit_described_in_words_is_not_stored_as_the_wording(store, script) -> None:  # type: ignore[no-untyped-def]
    engine, pid = _at_two_proposals(store, script)
    message = (
        "Otan ykkösen, mutta muokkaa sitä niin, että siinä näkyvät myös lautakunnat: ne käyttävät tietoa"
    )
    turn = engine.handle(pid, script.says(message, "edit_proposal", number=1), author="t")
    assert plan_of(store, pid).toimenpiteet == [] and "muokkaa 1: uusi teksti" in turn.reply


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Hyvä on. Q3/2026.", "Q3/2026."),
        ("Kiitos. Nykytilassa tieto on hajallaan.", "Nykytilassa tieto on hajallaan."),
        ("Okej! Vi har ett datalager sedan 2024", "Vi har ett datalager sedan 2024"),
        ("kiitos", "kiitos"),  # only thanks: kept (it is read as small talk before this)
        ("Ok, 2026", "Ok, 2026"),  # no sentence of its own
    ],
)
def test_an_opening_that_only_acknowledges_is_no_content(text: str, value: str) -> None:
    assert without_acknowledgement(text) == value


def test_a_labelled_prerequisite_loses_its_that() -> None:
    value = detail_value("Edellytyksenä on, että rahoitus varmistuu keväällä.", "edellytykset")
    assert value == "rahoitus varmistuu keväällä"


def test_a_no_in_words_at_the_long_term_leaves_it_empty(engine, store, script) -> None:  # type: ignore[no-untyped-def]
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    own(engine, script, pid, "Kokoamme mittarit yhteen")
    engine.handle(pid, "2026–2027: keväällä 2026", author="t")
    turn = engine.handle(pid, "Ei pitkän aikavälin osuutta.", author="t")
    assert plan_of(store, pid).toimenpiteet[0].pitka_aikavali in (None, "")
    assert "vastuuhenkilö" in turn.reply


def test_an_own_action_typed_at_a_detail_question_is_recorded_and_the_detail_asked_again(
    engine, store, script
) -> None:  # type: ignore[no-untyped-def]
    pid = start(engine)
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    own(engine, script, pid, "Kokoamme mittarit yhteen")
    turn = engine.handle(pid, "lisää vielä oma: automatisoimme raporttien jakelun", author="t")
    assert [a.toimenpide for a in plan_of(store, pid).toimenpiteet] == [
        "Kokoamme mittarit yhteen",
        "automatisoimme raporttien jakelun",
    ]
    assert 'Milloin toimenpide "Kokoamme mittarit yhteen"' in turn.reply


@pytest.mark.parametrize(
    ("text", "shown", "why"),
    [
        ("Odota, kirjoitan sittenkin oman toimenpiteen.", [], "own_announced"),
        ("Vänta, jag skriver en egen åtgärd", [1, 2], "own_announced"),
        ("Mietin tätä vielä. Vaihda aikatauluksi 2028 ja poista edellytykset.", [], "own_is_request"),
        ("Nämä ehdotukset eivät ihan osu", [1, 2], "decision_unclear"),
        ("Kokoamme oman toimenpiteen tiimoilta mittarit yhteen näkymään vuonna 2026", [], None),
        ("Kokoamme mittarit yhteen. Lisäksi koulutamme esihenkilöt.", [], None),
        ("otetaan 2 ja 3 mutta yhdistetään ne yhdeksi", [1, 2, 3], "proposals_merge"),
        ("nej ok, en egen åtgärd då", [1], "own_announced"),
    ],
)
def test_an_own_action_reading_that_gives_no_action(text: str, shown: list[int], why: str | None) -> None:
    assert no_action_given(text, shown) == why


def test_details_said_with_the_schedule_are_recorded_as_details(engine, store, script) -> None:  # type: ignore[no-untyped-def]
    pid = start(engine, "sv")
    engine.handle(pid, "mene Mittareiden kattavuus", author="t")
    own(engine, script, pid, "Vi samlar mätarna i en vy")
    turn = engine.handle(pid, "slutet av 2026, ansvar Johan, inga extra kostnader", author="t")
    action = plan_of(store, pid).toimenpiteet[0]
    assert (action.lyhyt_aikavali, action.vastuuhenkilo, action.edellytykset) == (
        "slutet av 2026",
        "Johan",
        "inga extra kostnader",
    )
    assert "lång sikt" in turn.reply  # the long term is asked next; the others were given
    assert "Åtgärden är antecknad" not in turn.reply  # not called complete before the long term is asked


def test_content_after_the_end_is_said_to_need_a_place_and_thanks_are_answered(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = start(engine)
    engine.handle(pid, "mene 3.5", author="t")
    engine.handle(pid, "ohita", author="t")
    turn = engine.handle(pid, "ohita", author="t")
    assert turn.step == "done"
    turn = engine.handle(pid, "aikataulu 2027, vastuu talousjohtaja, edellytys ei mitään", author="t")
    assert "mihin kohtaan viestisi kuuluu" in turn.reply
    turn = engine.handle(pid, "kiitti, jatkan ens viikolla", author="t")
    assert "Kiitos itsellesi" in turn.reply and "mihin kohtaan" not in turn.reply


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "mennään takaisin mittareiden kattavuuteen ja lisää: yhtenäistämme mittarien määritelmät",
            "Mittareiden kattavuus",
        ),
        (
            "Palataan ylimmän johdon tukeen. Lisään sinne toimenpiteen: johtoryhmä käy tilannekuvan läpi",
            "Ylimmän johdon tuki",
        ),
        (
            "lägg också till under mätarnas täckning: vi stryker överlappande nyckeltal",
            "Mittareiden kattavuus",
        ),
        (
            "lisää mittareihin: karsimme päällekkäiset mittarit",
            None,
        ),  # an area of several targets: not guessed
        ("lisää vielä oma: automatisoimme jakelun", None),  # no place named
        ("Lisäisin vielä, että: järjestöt ovat mukana foorumissa", None),
    ],
)
def test_an_own_action_for_a_place_named_before_its_colon(text: str, target: str | None) -> None:
    found = add_there(text, load_template())
    assert (found[0] if found else None) == target


def test_an_own_action_added_after_the_end_goes_to_the_target_named(engine, store) -> None:  # type: ignore[no-untyped-def]
    pid = start(engine)
    engine.handle(pid, "mene 3.5", author="t")
    engine.handle(pid, "ohita", author="t")
    engine.handle(pid, "ohita", author="t")
    turn = engine.handle(
        pid,
        "mene takas mittareiden kattavuuteen, lisää: karsimme päällekkäiset mittarit, vastuu talousjohtaja",
        author="t",
    )
    action = plan_of(store, pid).toimenpiteet[0]
    assert (action.kehittamiskohde, action.toimenpide, action.vastuuhenkilo) == (
        "Mittareiden kattavuus",
        "karsimme päällekkäiset mittarit",
        "talousjohtaja",
    )
    assert "Mittareiden kattavuus" in turn.reply


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("kaffe, tillbaka om 5", "smalltalk"),  # a pause with a number decides no proposal
        ("hetki, soitto tulee", "smalltalk"),
        ("hetki, hyväksyn 1", "accept_proposals"),  # a pause word beside a decision in its own words
        ("kiitos, hyväksyn 1", "accept_proposals"),
    ],
)
def test_a_short_pause_is_small_talk_whatever_its_numbers(text: str, intent: str) -> None:
    unsure = Interpretation(intent="accept_proposals", confidence=0.6)
    assert same_effect(unsure, False, text).intent == intent


def test_a_spoken_ks_word_with_a_year_is_no_question() -> None:
    from assistant.drafting.asking import _clitic

    assert not _clitic("uusiks syksyllä 2027, sama kysely")  # -ks for -ksi (anew), telling when
    assert _clitic("voiks tän jättää auki") and _clitic("pitääks tähän laittaa nimi")


def test_a_spoken_ks_of_an_adjective_is_its_translative_not_a_question() -> None:
    from assistant.interpret.spelling import repair

    assert repair("uusiks syksyllä 2027").startswith("uusiksi")  # anew
    assert repair("voiks tän jättää auki").startswith("voiko")  # a verb asked
