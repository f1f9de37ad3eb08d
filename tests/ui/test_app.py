"""The Streamlit app: pages render in Finnish, the language switch, the template structure, search."""

from __future__ import annotations

import html.parser
import re
import string
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.i18n import LANGUAGES, load_catalog
from assistant.template.spec import load_template
from tests.ui import helpers
from tests.ui.catalog_keys import catalog_keys
from tests.ui.conftest import APP, TIMEOUT, UseDataDir
from tests.ui.helpers import run_ok, unescape
from ui.components import escape_md

SEARCH_PAGE = "views/search_page.py"
KINDS = ("template", "guidance", "roadmap", "assessment", "plan", "upload")
FI = load_catalog("fi")
UI_DIR = APP.parent
TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error")


def texts(at: AppTest) -> list[str]:
    """The text of every text element but success messages, Markdown escapes removed."""
    return helpers.texts(at, *TEXT_KINDS)


def has_text(at: AppTest, wanted: str) -> bool:
    return any(wanted in text for text in texts(at))


def search(at: AppTest, query: str) -> AppTest:
    at.text_input[0].input(query)
    at.button[0].click()
    return run_ok(at)


# --- the app in Finnish and the language switch ------------------------------------------------------


@pytest.mark.slow  # the real index (built once per session)
def test_app_renders_in_finnish(app: AppTest) -> None:
    run_ok(app)
    spec = load_template()
    assert [unescape(t.value) for t in app.title] == [spec.template.title.fi]
    assert has_text(app, FI.t("ui.app.title"))
    assert has_text(app, FI.t("ui.template.periods"))
    assert app.sidebar.radio[0].label == FI.t("ui.language.label")
    assert app.sidebar.radio[0].value == "fi"
    # Finnish: no note about translated labels.
    assert not has_text(app, FI.t("ui.template.translations_note"))


@pytest.mark.slow  # the real index (built once per session)
def test_language_switch_changes_labels(app: AppTest) -> None:
    run_ok(app)
    spec = load_template()
    sv, en = load_catalog("sv"), load_catalog("en")

    app.sidebar.radio[0].set_value("sv")
    run_ok(app)
    assert app.sidebar.radio[0].label == sv.t("ui.language.label") == "Språk"
    assert [unescape(t.value) for t in app.title] == [spec.template.title.sv]
    assert has_text(app, sv.t("ui.template.translations_note"))
    assert has_text(app, "Vision och strategi (VISIO JA STRATEGIA)")
    # Target names stay exactly as in the template.
    assert has_text(app, "Tietojohtamisen strategia ja tavoitteet")

    # The language is kept in the session across pages.
    app.switch_page(SEARCH_PAGE)
    run_ok(app)
    assert [unescape(t.value) for t in app.title] == [sv.t("ui.search.title")]

    app.sidebar.radio[0].set_value("en")
    run_ok(app)
    assert app.sidebar.radio[0].label == en.t("ui.language.label") == "Language"
    assert [unescape(t.value) for t in app.title] == [en.t("ui.search.title")]
    assert has_text(app, en.t("ui.app.title"))


# --- template page -----------------------------------------------------------------------------------


@pytest.mark.slow  # the real index (built once per session)
def test_template_page_shows_sections_in_order(app: AppTest) -> None:
    run_ok(app)
    headers = [unescape(h.value) for h in app.header]
    assert [h.split(" ", 1)[0] for h in headers] == ["3.1", "3.2", "3.3", "3.4", "3.5"]
    assert headers[0] == "3.1 Kuvaus sote-maakunnasta"
    assert headers[3] == "3.4 Kehittämistoimenpiteet, vaiheistus ja aikataulu"
    # Fields with their letters; the 3.2.1 instruction.
    assert "**a) Sote-maakunta**" in texts(app)
    assert any(t.startswith("**c) Jos tietojohtamisen arviointia ei ole tehty") for t in texts(app))
    assert has_text(app, "Huomioi edellisessä sote-maakuntavalmistelussa tehty työ")
    assert has_text(app, "Kuvaa vähintään yksi kohdista b, c.")
    # Default periods of the template.
    metrics = {unescape(m.label): m.value for m in app.metric}
    assert metrics == {"Lyhyt aikaväli": "2020–2021", "Pitkä aikaväli": "2022–2025"}


@pytest.mark.slow  # the real index (built once per session)
def test_template_page_lists_all_targets_and_areas(app: AppTest) -> None:
    run_ok(app)
    spec = load_template()
    shown = texts(app)
    names = [t.name for t in spec.targets]
    assert len(names) == 25
    for name in names:
        assert any(name in text for text in shown), name
    for name in ("Tietojohtamisen strategia ja tavoitteet", "Tiedon käyttö päätöksenteossa"):
        assert name in shown  # a table cell of its own, exactly the template's name

    subheaders = [unescape(s.value) for s in app.subheader]
    areas = [
        "VISIO JA STRATEGIA",
        "HALLINTORAKENNE JA ORGANISOINTI",
        "TIETOTARPEET",
        "TIEDON HANKINTA",
        "TIEDON ORGANISOINTI JA VARASTOINTI",
        "TIETOTUOTTEET JA PALVELUT",
        "TIEDON JAKAMINEN",
        "TIEDON KÄYTTÖ",
        "MITTARIT",
    ]
    assert [s for s in subheaders if s in areas] == areas
    assert "Kehittämisen osa-alue: HYÖDYT" in subheaders
    # The four template columns head every area table.
    for column in spec.table.columns:
        assert shown.count(f"**{column.label.fi}**") == len(areas)
    # Example actions as bullets, in the template's italics.
    assert "- *Karsimme ns. turhat mittarit*" in "\n".join(shown)


# --- search page -------------------------------------------------------------------------------------


@pytest.mark.slow  # the real index (built once per session)
def test_search_returns_hits_with_citations(app: AppTest) -> None:
    run_ok(app)
    app.switch_page(SEARCH_PAGE)
    run_ok(app)
    assert [unescape(t.value) for t in app.title] == [FI.t("ui.search.title")]
    assert any(re.fullmatch(r"Tietopohjassa on \d+ tekstikatkelmaa\.", t) for t in texts(app))
    assert app.slider[0].value == 5

    search(app, "Mitä ohjeistus sanoo master datasta?")
    result = app.session_state["search_result"][2]
    assert result.hits and result.reason is None
    shown = texts(app)
    assert f"Hakutuloksia: {len(result.hits)}" in shown
    for number, hit in enumerate(result.hits, 1):
        heading = f"**{number}. {hit.title}"
        assert any(t.startswith(heading) for t in shown), heading
        if hit.section:
            assert any(t.startswith(heading) and hit.section in t for t in shown)
    assert any("master-datan" in t.lower() for t in shown)
    assert not app.info


@pytest.mark.slow  # the real index (built once per session)
def test_search_filters_by_kind(app: AppTest) -> None:
    run_ok(app)
    app.switch_page(SEARCH_PAGE)
    run_ok(app)
    kinds = app.multiselect[0]
    assert kinds.options == [FI.t(f"ui.kinds.{k}") for k in KINDS]
    kinds.set_value(["template"])
    app.slider[0].set_value(3)
    search(app, "Tiedon käyttö päätöksenteossa")
    result = app.session_state["search_result"][2]
    assert 0 < len(result.hits) <= 3
    assert {h.kind for h in result.hits} == {"template"}


@pytest.mark.slow  # the real index (built once per session)
def test_off_topic_query_says_nothing_relevant(app: AppTest) -> None:
    run_ok(app)
    app.switch_page(SEARCH_PAGE)
    run_ok(app)
    search(app, "Kuka voitti jalkapallon MM-kisat?")
    assert [unescape(i.value) for i in app.info] == [FI.t("search.no_relevant")]
    assert not any(t.startswith("**1. ") for t in texts(app))


def test_empty_index_shows_message(use_data_dir: UseDataDir, tmp_path: Path) -> None:
    use_data_dir(tmp_path / "empty")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    run_ok(at)
    at.switch_page(SEARCH_PAGE)
    run_ok(at)
    assert [unescape(w.value) for w in at.warning] == [FI.t("search.empty_index")]
    assert not at.text_input  # no search form without an index


# --- escaping ------------------------------------------------------------------------------------------

MALICIOUS = "Katso [click](javascript:alert(1)) ja <script>alert('x')</script> ![kuva](http://x/y.png)"


def _hit_app() -> None:
    from assistant.i18n import load_catalog
    from assistant.retrieval.models import Hit
    from ui.components import render_hit

    text = "Katso [click](javascript:alert(1)) ja <script>alert('x')</script> ![kuva](http://x/y.png)"
    hit = Hit(
        id="x", text=text, doc_id="d", title="<b>Otsikko</b> [a](b)", kind="upload", section="1 *Osa*",
        page=3, score=0.5, dense_score=0.9, bm25_score=None,
    )  # fmt: skip
    render_hit(hit, 1, load_catalog("fi"), expanded=True)


def test_hit_text_renders_as_literal_text() -> None:
    at = AppTest.from_function(_hit_app, default_timeout=TIMEOUT)
    run_ok(at)
    values = [m.value for m in at.markdown]
    assert escape_md(MALICIOUS) in values
    assert "**1\\. \\<b\\>Otsikko\\<\\/b\\> \\[a\\]\\(b\\)\\, 1 \\*Osa\\*\\, s\\. 3**" in values
    assert not any("[click](" in v or "<script>" in v for v in values)
    assert unescape(escape_md(MALICIOUS)) == MALICIOUS
    assert has_text(at, "Lisätty asiakirja")
    assert not has_text(at, "0.5000") and not has_text(at, "0.900")  # no raw scores for a reader


class _Html(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


NASTY = [
    "[click](javascript:alert(1))",
    "<script>alert(1)</script>",
    "![img](http://x/y.png) <img src=x onerror=alert(1)>",
    "<http://example.com> and www.example.com",
    "**bold** __bold__ *it* _it_ `code` ~~strike~~",
    "# heading\n## heading\n- item\n+ item\n* item\n1. one\n2) two\n> quote",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Title\n====\nOther\n----\n***",
    "&lt;b&gt; &amp; &copy; &#60;",
    "    indented code\n\ttab",
    "```\nfence\n```\n~~~\nfence\n~~~",
    "$x^2$ $$y$$ :red[text] :material/home: {curly} \\[x\\]",
    "a\\b \\\\ trailing backslash\\",
    "Tietojohtaminen – äö ÅÄÖ 2020–2021 (s. 5). Esim. \"lainaus\" 'heittomerkit'",
    "line1\r\nline2\rline3\n\n\nline4",
    "[ref]: http://evil.example\n[ref]",
]


@pytest.mark.parametrize("text", NASTY)
def test_escape_md_renders_literally(text: str) -> None:
    import markdown_it

    escaped = escape_md(text)
    # No ASCII punctuation is left unescaped (covers Streamlit's own `:color[...]` and `$math$` syntax).
    bare = re.sub(r"\\.", "", escaped).replace("  \n", "\n")
    assert not [c for c in bare if c in string.punctuation]

    md = markdown_it.MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    parser = _Html()
    parser.feed(md.render(escaped))
    assert parser.tags <= {"p", "br"}, parser.tags
    assert " ".join("".join(parser.text).split()) == " ".join(text.split())


def test_escape_md_keeps_line_structure() -> None:
    assert escape_md("a\nb\n\nc") == "a  \nb\n\nc"
    assert escape_md("  x  ") == "x"
    assert escape_md("") == ""


# --- catalogs and code hygiene -------------------------------------------------------------------------


def test_ui_catalog_keys_match_and_cover_the_code() -> None:
    keys = {language: catalog_keys(language, "ui") for language in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"]
    source = "\n".join(p.read_text(encoding="utf-8") for p in UI_DIR.rglob("*.py"))
    used = set(re.findall(r"""["'](ui\.[a-z_.]+[a-z_])["']""", source))
    assert used, "no catalog keys found in ui/"
    assert used <= keys["fi"], used - keys["fi"]
    # Keys built at run time.
    spec = load_template()
    dynamic = {f"ui.kinds.{k}" for k in KINDS}
    dynamic |= {f"ui.language.{code}" for code in LANGUAGES}
    dynamic |= {f"ui.template.instructions_{key}" for key in spec.instructions}
    assert dynamic <= keys["fi"], dynamic - keys["fi"]


def test_no_unsafe_html_in_ui() -> None:
    for path in UI_DIR.rglob("*.py"):
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8"), path
