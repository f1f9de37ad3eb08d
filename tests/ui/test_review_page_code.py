"""The reviewer page's code, without running it: the answer's Markdown, the page's message-catalog keys (in
every language, covering the code), and its services taken from the composition root."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.i18n import LANGUAGES, load_catalog
from tests.ui.catalog_keys import catalog_keys
from ui.review_components import answer_markdown

UI_DIR = Path(__file__).resolve().parents[2] / "ui"
PAGE = UI_DIR / "views" / "review_page.py"
REVIEW_FILES = (
    PAGE,
    *(UI_DIR / f"review_{part}.py" for part in ("components", "overview", "questions", "tabs")),
    UI_DIR / "charts.py",
)


# --- pure helpers and catalogs ------------------------------------------------------------------------


def test_answer_markdown_keeps_the_shape_and_escapes_the_rest() -> None:
    text = (
        "Ilman vastuuhenkilöä (1/3):\n"
        "- [Linkki](javascript:x) **lihava**: VISIO `/toimenpiteet/a01`\n"
        "- Toinen `<b>ei` polku`\n"
        "Ohje sanoo:\n"
        "> <script>alert(1)</script>\n"
        "— Ohje, s. 4"
    )
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(answer_markdown(text))
    assert "<a " not in html and "<script>" not in html and "<strong>" not in html and "<b>" not in html
    assert html.count("<li>") == 2 and "<blockquote>" in html
    assert "<code>/toimenpiteet/a01</code>" in html
    assert html.count("<code>") == 1  # only a well-formed pointer becomes code
    assert "Ohje sanoo:</p>" in html  # a paragraph after a list is not swallowed by the list


def test_review_catalog_keys_match_and_cover_the_code() -> None:
    keys = {language: catalog_keys(language, "ui.review") for language in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"]
    source = "\n".join(path.read_text(encoding="utf-8") for path in REVIEW_FILES)
    used = set(re.findall(r"""["'](ui\.review\.[a-z_.]+[a-z_])["']""", source))
    dynamic = {
        f"ui.review.chart.measure.{m}"
        for m in (
            "actions",
            "targets_without_actions",
            "missing_schedule",
            "missing_responsible",
            "missing_prerequisites",
            "maturity",
            "satisfaction",
        )
    }
    dynamic |= {f"ui.review.ask.kinds.{k}" for k in ("plan", "knowledge", "mixed", "unanswerable", "clarify")}
    dynamic |= {f"ui.review.priorities.reason.{r}" for r in ("lowest_maturity", "lowest_satisfaction")}
    dynamic |= {
        f"ui.review.details.{k}" for k in ("missing_schedule", "missing_responsible", "missing_prerequisites")
    }
    for language in LANGUAGES:
        missing = (used | dynamic) - load_catalog(language).keys()
        assert not missing, (language, missing)
    for path in REVIEW_FILES:
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8")


def test_the_review_page_takes_its_services_from_the_composition_root() -> None:
    """The page builds no chat model, reviewer or cache of its own: the container's reviewer answers."""
    for path in REVIEW_FILES:
        source = path.read_text(encoding="utf-8")
        assert "make_chat_model" not in source and "assistant.llm.factory" not in source, path
        assert "Reviewer(" not in source and "CoverageCache(" not in source, path
    assert "get_reviewer().ask(" in (UI_DIR / "review_questions.py").read_text(encoding="utf-8")
