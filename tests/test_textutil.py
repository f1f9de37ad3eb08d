"""Numbers as people read them: one format per language, and a column of results with the decimals its
values were given with."""

from __future__ import annotations

from assistant.textutil import decimal_places, format_number, period_text


def test_numbers_per_language_without_a_trailing_zero_unless_asked() -> None:
    assert format_number(2.5) == "2,5" and format_number(2.5, "sv") == "2,5"
    assert format_number(2.5, "en") == "2.5"
    assert format_number(2.0) == "2" and format_number(None) == ""
    assert format_number(2.0, "fi", 1) == "2,0" and format_number(3.456, "en", 2) == "3.46"
    assert format_number(-0.0) == "0" and format_number(0.0, "fi", 1) == "0,0"


def test_a_column_gets_the_decimals_its_values_need() -> None:
    assert decimal_places([2.0, 2.5, None]) == 1
    assert decimal_places([3, 4.0]) == 0
    assert decimal_places([2.25, 1.0]) == 2
    assert decimal_places([1.23456]) == 2  # at most two
    column = [format_number(v, "fi", decimal_places([2.0, 1.8])) for v in (2.0, 1.8)]
    assert column == ["2,0", "1,8"]


def test_a_period_of_one_year_is_that_year() -> None:
    assert period_text(2026, 2027) == "2026–2027"
    assert period_text(2027, 2027) == "2027"
