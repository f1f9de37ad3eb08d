"""Schedule answers are the county's own text per period: split at period labels, never stripped."""

from __future__ import annotations

import pytest

from assistant.drafting.extract import ExtractionError, Periods
from assistant.drafting.schedule import ScheduleCells, split_schedule
from assistant.template.schedule_years import cell_warning, years_in

TEMPLATE = Periods((2020, 2021), (2022, 2025))
TODAY = Periods((2026, 2027), (2028, 2030))


def test_labelled_answer_is_split_with_its_text_kept() -> None:
    text = "2020–2021: työpajat 4/2021, versio valmis 11/2021. 2022–2025: kytketään talousarvioon 2023"
    cells = split_schedule(text, TEMPLATE)
    assert cells.short == "työpajat 4/2021, versio valmis 11/2021."
    assert cells.long == "kytketään talousarvioon 2023"


@pytest.mark.parametrize(
    ("text", "short", "long"),
    [
        ("rekry syksyllä 2021", "rekry syksyllä 2021", ""),
        ("vakituinen 2023 alkaen", "", "vakituinen 2023 alkaen"),
        # a later year merely mentioned: the text stays whole in the period it starts in
        (
            "Vuoden 2022 talousarvio valmistellaan syksyllä 2021",
            "Vuoden 2022 talousarvio valmistellaan syksyllä 2021",
            "",
        ),
        ("Q3/2020 – Q4/2021", "Q3/2020 – Q4/2021", ""),
        ("lyhyt: pilotti yhdessä yksikössä. pitkä: koko alue", "pilotti yhdessä yksikössä.", "koko alue"),
        ("Kort sikt: pilot. Lång sikt: hela regionen 2024", "pilot.", "hela regionen 2024"),
        ("Lyhyt aikaväli 2020-2021: A\nPitkä aikaväli 2022-2025: B", "A", "B"),
        # a clause of its own opened by the period's adessive, or naming it without a year
        ("2021 Q3–Q4, pitkällä jatkuvana", "2021 Q3–Q4", "pitkällä jatkuvana"),
        ("vasta pitkällä, 2023", "", "vasta pitkällä, 2023"),
        ("hosten 2021, pa lang sikt fortlopande", "hosten 2021", "pa lang sikt fortlopande"),
    ],
)
def test_unlabelled_or_word_labelled_answers_keep_every_word(text: str, short: str, long: str) -> None:
    cells = split_schedule(text, TEMPLATE)
    assert (cells.short, cells.long) == (short, long)


def test_the_plans_own_periods_are_the_labels() -> None:
    cells = split_schedule("2026–2027: selvitys ja pilotti. 2028–2030: käyttöönotto 2029", TODAY)
    assert (cells.short, cells.long) == ("selvitys ja pilotti.", "käyttöönotto 2029")
    # the template's range is not a label of this plan: the text is kept whole, placed by its years
    assert split_schedule("2027 kevät", TODAY).short == "2027 kevät"


@pytest.mark.parametrize(("text", "code"), [("ensi vuonna", "no_years"), ("2019", "years_outside")])
def test_text_with_no_year_in_any_period_is_asked_again(text: str, code: str) -> None:
    with pytest.raises(ExtractionError) as err:
        split_schedule(text, TEMPLATE)
    assert err.value.code == code
    assert err.value.params["short"] == "2020–2021"


def test_years_and_months_are_recognised() -> None:
    assert years_in("työpajat 4/2021, versio 11.2022, 2023–2024") == [2023, 2024, 2021, 2022]
    assert years_in("budjetti 2000 €") == []


def test_cell_warning_only_when_no_year_is_in_the_period() -> None:
    assert cell_warning("Vuoden 2022 talousarvio valmistellaan syksyllä 2021", 2020, 2021) is None
    assert cell_warning("rekry ilman vuotta", 2020, 2021) is None
    assert cell_warning("käyttöönotto 2023 ja 2024", 2020, 2021) == [2023, 2024]


def test_a_period_range_starting_a_later_clause_takes_its_part_to_that_period() -> None:
    periods = Periods((2026, 2027), (2028, 2030))
    cells = split_schedule(
        "2027 syksyllä pilotti kahdella palvelualueella; 2028–2030 vakiinnutetaan", periods
    )
    assert cells.short == "2027 syksyllä pilotti kahdella palvelualueella"
    assert cells.long == "2028–2030 vakiinnutetaan"  # verbatim, the range kept
    only_short = split_schedule("käynnistyy 1/2027, valmis 12/2027 (arvio 2028–2030)", periods)
    assert only_short.long == "" and "2028–2030" in only_short.short  # a range mid-clause is no label


def test_a_period_range_after_a_comma_or_and_starts_the_other_periods_part() -> None:
    periods = Periods((2026, 2027), (2028, 2030))
    cells = split_schedule("hösten 2026 pilot, 2028–2030 i alla enheter", periods)
    assert (cells.short, cells.long) == ("hösten 2026 pilot", "2028–2030 i alla enheter")
    cells = split_schedule("pilotti syksyllä 2026 ja 2028-2030 laajennus kaikille", periods)
    assert (cells.short, cells.long) == ("pilotti syksyllä 2026", "2028-2030 laajennus kaikille")
    # a clause whose first year is in the other period starts that period's part, verbatim; a clause
    # whose first year stays in the same period (its range mid-clause) does not
    cells = split_schedule("valmistelu 2026, 2029–2030 arvio ja käyttöönotto", periods)
    assert (cells.short, cells.long) == ("valmistelu 2026", "2029–2030 arvio ja käyttöönotto")
    cells = split_schedule("2027–2028, fortsätter 2029–2030", Periods((2027, 2028), (2029, 2031)))
    assert (cells.short, cells.long) == ("2027–2028", "fortsätter 2029–2030")
    cells = split_schedule("pilotti 2026 ja käyttöönotto 2029", periods)
    assert (cells.short, cells.long) == ("pilotti 2026", "käyttöönotto 2029")
    cells = split_schedule("työpajat 2026 ja 2027, sitten arvio", periods)
    assert cells.long == "" and cells.short == "työpajat 2026 ja 2027, sitten arvio"


def test_a_continuous_schedule_without_a_year_goes_to_both_periods() -> None:
    periods = Periods((2026, 2027), (2028, 2030))
    for text in ("jatkuvaa toimintaa", "kontinuerligt", "ongoing"):
        assert split_schedule(text, periods) == ScheduleCells(text, text)
    with pytest.raises(ExtractionError):
        split_schedule("kun rahoitus on varmistunut", periods)  # no year and not continuous: asked again
    # a period named in words of its own (not one common word) starts its part too
    cells = split_schedule("2026 pilot, long term roll-out to all units", periods)
    assert (cells.short, cells.long) == ("2026 pilot", "long term roll-out to all units")
    assert split_schedule("2026 pilot, long ago planned", periods).long == ""


def test_a_season_or_quarter_with_a_two_digit_year_names_that_year() -> None:
    assert years_in("kevät -26") == [2026] and years_in("hösten '27") == [2027]
    assert years_in("Q3/28") == [2028]
    assert years_in("10-15 henkilöä") == [] and years_in("kesä-heinäkuu") == []
    assert split_schedule("kevät -21", TEMPLATE).short == "kevät -21"
