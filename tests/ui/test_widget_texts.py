"""Streamlit's own widget texts in the user's language: the placeholders passed to Streamlit, and the
style sheet that writes the uploader's button and limits (the browser test checks it is applied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.i18n import LANGUAGES, load_catalog
from tests.ui.catalog_keys import catalog_keys
from tests.ui.conftest import UseDataDir
from tests.ui.helpers import new_session, run_ok
from ui.widget_texts import GLOBAL_CSS, choose, css_text, uploader_css

UI = Path(__file__).resolve().parents[2] / "ui"


def test_every_language_has_the_widget_texts() -> None:
    keys = {language: catalog_keys(language, "ui.widgets") for language in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"] and len(keys["fi"]) == 5
    assert [choose(load_catalog(language)) for language in LANGUAGES] == ["Valitse", "Välj", "Choose"]


@pytest.mark.parametrize(
    ("language", "button", "limit"),
    [("fi", "Valitse tiedosto", "2,5 Mt"), ("sv", "Välj fil", "2,5 MB"), ("en", "Choose a file", "2.5 MB")],
)
def test_the_uploader_style_sheet_writes_the_users_language(language: str, button: str, limit: str) -> None:
    css = uploader_css("kb upload", load_catalog(language), ("csv", "xlsx"), 2.5, language)
    assert '.st-key-kb-upload [data-testid="stFileUploaderDropzone"] button::after' in css
    assert f'content: "{button}"' in css and limit in css and "CSV, XLSX" in css
    assert 'content: "Upload' not in css and "200" not in css


def test_a_text_cannot_break_out_of_the_style_sheet() -> None:
    assert css_text('Lataa"; } body { display: none } /* <script>') == "Lataa;  body  display: none  / script"
    assert "visibility: hidden" in GLOBAL_CSS and "InputInstructions" in GLOBAL_CSS


def test_search_form_says_enter_submits_in_the_users_language(
    use_data_dir: UseDataDir, ui_index_dir: Path
) -> None:
    use_data_dir(ui_index_dir)  # the search form is shown over an indexed knowledge base
    at = run_ok(new_session(UI / "views" / "search_page.py", None, language="sv"))
    sv = load_catalog("sv")
    assert sv.t("ui.widgets.enter_submits") in [c.value.replace("\\", "") for c in at.caption]
    assert at.multiselect(key="search_kinds").placeholder == sv.t("ui.search.kinds_all")
