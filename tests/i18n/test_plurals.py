"""Counts read as language: "1 virhe", "4 virhettä"; "1 varning", "0 varningar"; "1 error", "2 errors"."""

from __future__ import annotations

import pytest

from assistant.i18n import load_catalog
from assistant.i18n.catalog import _PLURAL, LANGUAGES, LOCALES_DIR, plural_forms


def test_the_form_follows_the_number() -> None:
    template = "{n, plural, one {# virhe} other {# virhettä}} ja {m} muuta"
    assert plural_forms(template, {"n": 1, "m": 2}).format(n=1, m=2) == "1 virhe ja 2 muuta"
    assert plural_forms(template, {"n": 0}).startswith("0 virhettä")
    assert plural_forms(template, {"n": 4}).startswith("4 virhettä")
    assert plural_forms(template, {}) == template  # no number given: left for str.format to report
    assert plural_forms("no selection {x}", {"x": 1}) == "no selection {x}"


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("fi", "1 virhe ja 1 varoitus", "2 virhettä ja 2 varoitusta"),
        ("sv", "1 fel och 1 varning", "2 fel och 2 varningar"),
        ("en", "1 error and 1 warning", "2 errors and 2 warnings"),
    ],
)
def test_the_progress_line_in_each_language(language: str, one: str, two: str) -> None:
    catalog = load_catalog(language)
    counts = {"fields_filled": 1, "fields_total": 10, "targets_with_actions": 0, "targets_total": 24}
    assert one in catalog.t("drafting.progress", errors=1, warnings=1, **counts)
    assert two in catalog.t("drafting.progress", errors=2, warnings=2, **counts)


def test_every_plural_selection_in_the_catalogs_is_well_formed() -> None:
    """A selection the parser does not know would reach the user as braces."""
    for language in LANGUAGES:
        for path in sorted(LOCALES_DIR.glob(f"{language}*.yaml")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if ", plural," in line:
                    assert _PLURAL.search(line), (path, line)
                    left = _PLURAL.sub("", line)
                    assert ", plural," not in left, (path, line)  # every selection is one the parser reads


def test_a_form_may_hold_placeholders_and_english_agrees_with_one() -> None:
    en = load_catalog("en")
    one = en.t("review.reply.areas_some", count=1, total=9, names="Mittarit")
    assert one == "1 of 9 areas has no actions: Mittarit."
    assert en.t("review.reply.areas_some", count=2, total=9, names="A, B").startswith("2 of 9 areas have")
    assert load_catalog("sv").t("review.reply.count_actions", count=1, scope="") == "Planen har 1 åtgärd."


def test_the_names_a_message_takes_include_those_inside_a_selection() -> None:
    from assistant.i18n.catalog import placeholders

    template = "{count, plural, one {# of {total} has} other {# of {total} have}} no actions: {names}."
    assert placeholders(template) == {"count", "total", "names"}
    assert placeholders("Plain {a} and {b}") == {"a", "b"}
