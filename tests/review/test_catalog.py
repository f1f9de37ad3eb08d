"""The review catalog parts: every key in all three languages, every intent has its answer templates,
and every template's placeholders are the same in each language."""

from __future__ import annotations

import pytest

from assistant.i18n import LANGUAGES, load_catalog
from assistant.i18n.catalog import placeholders
from assistant.review.router import load_vocabulary
from tests.ui.catalog_keys import catalog_keys

FACT_INTENTS = [*load_vocabulary().intents, "area_actions", "topic", "roadmap_unmatched"]


def test_every_review_key_exists_in_every_language() -> None:
    keys = {lang: catalog_keys(lang, "review") for lang in LANGUAGES}
    assert keys["fi"] and keys["fi"] == keys["sv"] == keys["en"]


@pytest.mark.parametrize("intent", FACT_INTENTS)
def test_every_fact_has_title_header_and_none(intent: str) -> None:
    keys = catalog_keys("fi", "review")
    for part in ("title", "header", "none"):
        assert f"review.fact.{intent}.{part}" in keys


def _fields(template: str) -> set[str]:
    return placeholders(template)


def test_placeholders_agree_between_languages() -> None:
    fi = load_catalog("fi")
    for key in catalog_keys("fi", "review"):
        wanted = _fields(fi.t(key))
        for lang in ("sv", "en"):
            assert _fields(load_catalog(lang).t(key)) == wanted, (lang, key)
