"""The drafting engine's offline text extractors never raise on arbitrary text: they return their result
or an `ExtractionError` whose code has a message in every language."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.drafting import extract
from assistant.drafting.assessment_input import ParsedAssessment, parse_assessment_text
from assistant.drafting.extract import ExtractionError, Periods
from assistant.drafting.propose import adapt_to_region
from assistant.drafting.schedule import ScheduleCells, split_schedule
from assistant.i18n import LANGUAGES, load_catalog
from assistant.template.spec import load_template
from tests.property.strategies import PROPERTY, json_values, text

SPEC = load_template()
AREA_KEYS = {a.key for a in SPEC.areas}
AREA_WORDS = [w for a in SPEC.areas for w in (a.key, a.name, a.label.get("sv"), a.label.get("en")) if w]
PERIODS = st.builds(
    lambda s0, s_len, gap, l_len: Periods((s0, s0 + s_len), (s0 + s_len + gap, s0 + s_len + gap + l_len)),
    st.integers(1990, 2090),
    st.integers(0, 3),
    st.integers(1, 2),
    st.integers(0, 5),
)
# Lines that look like assessment answers: an area word, separators and numbers (also broken ones).
assessment_lines = st.lists(
    st.tuples(
        st.sampled_from(AREA_WORDS) | text,
        st.sampled_from([" ", ": ", "; ", ",", "\t", " kypsyys ", " = "]),
        st.lists(st.sampled_from(["2", "2,5", "3.1", "10", "-1", "1e999", "x", ""]), max_size=3),
    ).map(lambda t: f"{t[0]}{t[1]}{' '.join(t[2])}"),
    min_size=1,
    max_size=6,
).map("\n".join)
csv_text = st.lists(
    st.lists(
        st.sampled_from([*AREA_WORDS[:6], "alue", "kypsyys", "tyytyväisyys", "2,4", "", "x"]), max_size=4
    ),
    min_size=1,
    max_size=5,
).map(lambda rows: "\n".join(";".join(r) for r in rows))


def expect_result_or_extraction_error(function: Callable[[], Any]) -> Any:
    try:
        return function()
    except ExtractionError as exc:
        for language in LANGUAGES:
            message = load_catalog(language).t(f"drafting.{exc.code}", **exc.params)
            assert message and message != f"drafting.{exc.code}", exc.code
        return exc


@PROPERTY
@given(answer=text | st.text(max_size=500), kind=st.sampled_from(["text", "list"]))
def test_field_value(answer: str, kind: str) -> None:
    value = expect_result_or_extraction_error(lambda: extract.field_value(answer, kind=kind))
    if isinstance(value, str):
        assert value == value.strip() and value and len(value) <= extract.MAX_FIELD_CHARS * 2
        assert "\t" not in value and "  " not in value.replace("\n", "")  # (spacing cleaned)


@PROPERTY
@given(answer=text)
def test_split_list_and_yes_no_and_clean_text(answer: str) -> None:
    items = extract.split_list(answer)
    assert all(isinstance(i, str) and i == i.strip(" .") and i for i in items)
    assert extract.yes_no(answer) in (True, False, None)
    cleaned = extract.clean_text(answer)
    assert cleaned == cleaned.strip() and "\r\n" not in cleaned


@PROPERTY
@given(
    answer=text | st.from_regex(r"(syksy |kevät )?(19|20)\d\d( ?[-–] ?(19|20)\d\d)?", fullmatch=True),
    periods=PERIODS,
)
def test_split_schedule(answer: str, periods: Periods) -> None:
    result = expect_result_or_extraction_error(lambda: split_schedule(answer, periods))
    if isinstance(result, ScheduleCells):
        assert result.short or result.long
        # nothing typed is lost: every word of the answer is in one of the cells
        kept = f"{result.short} {result.long}"
        assert all(word in kept for word in extract.clean_text(answer).split() if not word.endswith(":"))


@PROPERTY
@given(answer=text | assessment_lines | csv_text)
def test_parse_assessment_text(answer: str) -> None:
    result = expect_result_or_extraction_error(lambda: parse_assessment_text(answer, SPEC))
    if isinstance(result, ParsedAssessment):
        assert all(r.area in AREA_KEYS for r in result.rows)
        assert all(
            p.column in ("area", "maturity", "satisfaction", "row") and p.row >= 1 for p in result.problems
        )
        for problem in result.problems:  # every problem has a message in every language
            for language in LANGUAGES:
                key = f"drafting.assessment_row.{problem.code}"
                assert load_catalog(language).t(key) != key


@PROPERTY
@given(data=json_values)
def test_parse_assessment_json(data: Any) -> None:
    result = expect_result_or_extraction_error(lambda: parse_assessment_text(json.dumps(data), SPEC))
    if isinstance(result, ParsedAssessment):
        assert all(r.area in AREA_KEYS for r in result.rows)


@PROPERTY
@given(quote=text, region=text | st.sampled_from(["Pohjanrannikon hyvinvointialue", "Alue", "x" * 200]))
def test_adapt_to_region(quote: str, region: str) -> None:
    adapted = adapt_to_region(quote, region)
    assert isinstance(adapted, str)
    if "sote-maakun" not in quote.lower():
        assert adapted == quote  # only the template's "sote-maakunta" is ever replaced


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("2021", ("2021", "")),
        ("2021–2023", ("2021–2023", "")),
        ("syksy 2022", ("", "syksy 2022")),
        ("2020–2021: työpajat 4/2021. 2022–2025: talousarvio 2023", ("työpajat 4/2021.", "talousarvio 2023")),
    ],
)
def test_schedule_examples_still_hold(answer: str, expected: tuple[str, str]) -> None:
    """The properties above are not vacuous: the documented examples parse."""
    cells = split_schedule(answer, Periods((2020, 2021), (2022, 2025)))
    assert (cells.short, cells.long) == expected
