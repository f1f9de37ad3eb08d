"""The app in a real browser (Debian Chromium, headless, via Playwright): the Finnish start page, the
knowledge base (search with citations, documents, an upload that is refused and one that is indexed,
removal), a narrow mobile window, and the drafting flow into the plan. Screenshots of every step go to
`test-artifacts/e2e/` for a person to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Locator, Page, expect

from assistant.i18n import load_catalog
from assistant.template.spec import load_template
from tests.e2e.conftest import DESKTOP, MOBILE, ROOT, Server

pytestmark = pytest.mark.slow  # starts a server and a browser

FI = load_catalog("fi")
MAX_SHOT_HEIGHT = 6000
WAIT_MS = 90_000  # the first knowledge-base page opens the index and loads the embedder
expect.set_options(timeout=WAIT_MS)
CORPUS_TITLES: list[str] = [
    d["title"]
    for d in yaml.safe_load((ROOT / "knowledge" / "corpus.yaml").read_text(encoding="utf-8"))["documents"]
]
CORRUPT_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nroskaa (((\n"
MEMO = (
    "Pohjanrannikon tietoallasmuistio\n\n"
    "Tietoallasmuistio kuvaa, miten hyvinvointialueen tietoallas ja raportointialusta yhdistetään, ja "
    "kuka vastaa tietoaltaan ylläpidosta. Pitkä rivi, joka ei katkea: "
    "tietojohtamisenkehittämissuunnitelmanvalmisteluryhmänkokouspöytäkirjanliite.\n"
).encode()


def shot(page: Page, artifacts: Path, name: str, *, whole: bool = True) -> None:
    """The whole page at the window's width (`whole=False`: just the window). Streamlit scrolls inside
    its main container, so a full-page screenshot shows only the window: the window is made as tall as
    the content meanwhile. (Not for pages with data editors: they draw on a canvas only what was in view.)"""
    page.wait_for_timeout(300)  # let the last rerun settle (spinners, fades)
    if not whole:
        page.screenshot(path=str(artifacts / f"{name}.png"))
        return
    size = page.viewport_size or DESKTOP
    height = page.evaluate(  # the lowest visible element (hidden tabs take no room)
        "Math.max(...[...document.querySelectorAll('[data-testid=stElementContainer]')]"
        ".filter((e) => e.offsetParent !== null)"
        ".map((e) => e.getBoundingClientRect().bottom + 64), window.innerHeight)"
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height), MAX_SHOT_HEIGHT)})
    page.wait_for_timeout(200)
    page.screenshot(path=str(artifacts / f"{name}.png"))
    page.set_viewport_size(size)


def settled(page: Page) -> None:
    """Wait until Streamlit has finished the current run (its status widget says "Running..." meanwhile)."""
    page.wait_for_timeout(200)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, locale="fi-FI")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


@pytest.fixture
def mobile(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport=MOBILE, locale="fi-FI", device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


def open_knowledge_base(page: Page, server: Server) -> None:
    page.goto(server.url)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=FI.t("ui.nav.search")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FI.t("ui.search.title"))
    expect(page.get_by_text(re.compile(r"Tietopohjassa on \d+ tekstikatkelmaa\."))).to_be_visible()


def search(page: Page, query: str) -> Locator:
    """Search and return the first hit's heading (its citation)."""
    page.get_by_label(FI.t("ui.search.query")).fill(query)
    page.get_by_role("button", name=FI.t("ui.search.submit"), exact=True).click()
    expect(page.get_by_text(re.compile(r"^Hakutuloksia: \d+$"))).to_be_visible()
    first = page.locator("strong").filter(has_text=re.compile(r"^1\. "))
    expect(first).to_have_count(1)
    return first


# --- start page and knowledge base ------------------------------------------------------------------


def test_start_page_and_knowledge_base(desktop: Page, app_server: Server, artifacts: Path) -> None:
    page = desktop
    page.goto(app_server.url)
    title = load_template().template.title.fi
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_test_id("stSidebar").get_by_text(FI.t("ui.app.title"))).to_be_visible()
    expect(page.get_by_text("Tietojohtamisen strategia ja tavoitteet").first).to_be_visible()
    shot(page, artifacts, "01-mallipohja-desktop")

    open_knowledge_base(page, app_server)
    first = search(page, "tietosuoja")
    citation = first.inner_text()
    assert any(citation.startswith(f"1. {t}") for t in CORPUS_TITLES), citation
    # no raw scores for a reader (the hits' captions name only the kind of document)
    expect(page.get_by_text(re.compile(r"pisteet \d|BM25 |semanttinen samankaltaisuus"))).to_have_count(0)
    shot(page, artifacts, "02-haku-tietosuoja-desktop")

    # Documents: the corpus in a table.
    page.get_by_role("tab", name=FI.t("ui.kb.tab_documents")).click()
    table = page.get_by_test_id("stTable")
    expect(table.get_by_role("row")).to_have_count(len(CORPUS_TITLES) + 1)  # + the header row
    for column in ("Asiakirja", "Tyyppi", "Katkelmia", "Alkuperä", "Muokattu"):
        expect(table.get_by_role("columnheader", name=column)).to_be_visible()
    expect(table.get_by_role("cell", name=CORPUS_TITLES[0])).to_be_visible()
    shot(page, artifacts, "03-asiakirjat-desktop")


def test_upload_refused_then_indexed_then_removed(desktop: Page, app_server: Server, artifacts: Path) -> None:
    page = desktop
    open_knowledge_base(page, app_server)
    uploads = app_server.data_dir / "uploads"

    page.get_by_role("tab", name=FI.t("ui.kb.tab_upload")).click()
    expect(page.get_by_text("enintään 50 Mt tiedostoa kohden")).to_be_visible()
    # Streamlit's own "Upload" and "50MB per file" are written over in Finnish by the page's style sheet.
    dropzone = page.get_by_test_id("stFileUploaderDropzone")
    button = dropzone.locator("button")
    assert button.evaluate("e => getComputedStyle(e, '::after').content") == f'"{FI.t("ui.widgets.upload")}"'
    assert button.evaluate("e => getComputedStyle(e).fontSize") == "0px"
    limits = dropzone.get_by_test_id("stFileUploaderDropzoneInstructions").locator("span").first
    assert "Mt tiedostoa kohden" in limits.evaluate("e => getComputedStyle(e, '::after').content")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        [
            {"name": "Vuosiraportti 2024.pdf", "mimeType": "application/pdf", "buffer": CORRUPT_PDF},
            {"name": "tietoallasmuistio.txt", "mimeType": "text/plain", "buffer": MEMO},
        ]
    )
    # Both are listed in the widget before they are sent.
    expect(page.get_by_role("button", name="Remove Vuosiraportti 2024.pdf")).to_be_visible()
    page.get_by_role("button", name=FI.t("ui.kb.upload_submit")).click()
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("Tiedosto Vuosiraportti 2024.pdf on vioittunut")
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        "tietoallasmuistio.txt lisättiin tietopohjaan"
    )
    settled(page)
    assert sorted(p.name for p in uploads.iterdir()) == ["tietoallasmuistio.txt"]
    shot(page, artifacts, "04-lisays-desktop")

    page.get_by_role("tab", name=FI.t("ui.kb.tab_documents")).click()
    table = page.get_by_test_id("stTable")
    expect(table.get_by_role("row")).to_have_count(len(CORPUS_TITLES) + 2)
    expect(table.get_by_role("cell", name="Lisätty", exact=True)).to_be_visible()
    expect(page.get_by_text(FI.t("ui.kb.uploads"), exact=True)).to_be_visible()
    shot(page, artifacts, "05-asiakirjat-lisatty-desktop")

    page.get_by_role("tab", name=FI.t("ui.kb.tab_search")).click()
    first = search(page, "Pohjanrannikon tietoallasmuistio")
    expect(first).to_have_text(re.compile(r"^1\. tietoallasmuistio\.txt"))  # a text file's title: its name

    page.get_by_role("tab", name=FI.t("ui.kb.tab_documents")).click()
    page.get_by_role("button", name=FI.t("ui.kb.remove"), exact=True).click()
    page.get_by_role("button", name=FI.t("ui.kb.remove_confirm")).click()
    expect(page.get_by_test_id("stAlertContentSuccess").first).to_contain_text("poistettiin")
    settled(page)
    assert list(uploads.iterdir()) == []
    expect(page.get_by_test_id("stTable").get_by_role("row")).to_have_count(len(CORPUS_TITLES) + 1)
    shot(page, artifacts, "06-poistettu-desktop")


def test_knowledge_base_in_a_narrow_window(mobile: Page, app_server: Server, artifacts: Path) -> None:
    page = mobile
    page.goto(f"{app_server.url}/tietopohja")
    expect(page.get_by_role("heading", level=1)).to_have_text(FI.t("ui.search.title"))
    first = search(page, "tietosuoja")
    assert any(first.inner_text().startswith(f"1. {t}") for t in CORPUS_TITLES)
    # Nothing wider than the window: the page does not scroll sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], width
    shot(page, artifacts, "07-haku-mobiili")
    page.get_by_role("tab", name=FI.t("ui.kb.tab_documents")).click()
    expect(page.get_by_test_id("stTable")).to_be_visible()
    shot(page, artifacts, "08-asiakirjat-mobiili")


# --- drafting into the plan ----------------------------------------------------------------------------


# An untitled plan is renamed after its region by the first answer; the plan switcher must keep the
# plan open (a stale option label from the browser is not a plan id).


@pytest.mark.parametrize("title", ["", "Pohjanrannikon tietojohtamisen kehittämissuunnitelma"])
def test_draft_accept_a_proposal_and_see_it_in_the_plan(
    desktop: Page, app_server: Server, artifacts: Path, title: str
) -> None:
    page = desktop
    name = "nimeton" if not title else "nimetty"
    page.goto(f"{app_server.url}/laadi")
    page.get_by_label(FI.t("ui.draft.new_plan_title")).fill(title)
    page.get_by_role("button", name=FI.t("ui.draft.start")).click()
    chat = page.get_by_test_id("stChatInputTextArea")
    expect(chat).to_be_visible()
    messages = page.get_by_test_id("stChatMessage")
    errors = page.get_by_test_id("stAlertContentError")

    def say(text: str) -> None:
        before = messages.count()
        chat.fill(text)
        chat.press("Enter")
        expect(messages.nth(before + 1).or_(errors).first).to_be_visible()  # the reply, or an error
        settled(page)
        if errors.count():
            shown = errors.first.inner_text()
            shot(page, artifacts, f"09-laadi-{name}-virhe-desktop")
            pytest.fail(f"the page shows an error after {text!r}: {shown}")
        expect(messages).to_have_count(before + 2)  # the user's message and the reply

    say("Pohjanrannikon hyvinvointialue")
    say("Alueella asuu noin 190 000 ihmistä; palvelut tuotetaan omana toimintana.")
    say("mene mittarit")
    expect(page.get_by_text(re.compile(r"^Ehdotetut toimenpiteet: "))).to_be_visible()
    shot(page, artifacts, f"09-laadi-{name}-ehdotukset-desktop")

    # The first card: the block around "Ehdotus 1" that holds its buttons; its third text is the action
    # (after the number and the origin badge).
    accept = FI.t("ui.draft.accept")
    card = page.get_by_text(FI.t("ui.draft.proposal_number", n=1), exact=True).locator(
        f"xpath=ancestor::div[@data-testid='stVerticalBlock'][.//button[normalize-space()='{accept}']][1]"
    )
    texts = card.locator(":scope > [data-testid=stElementContainer] [data-testid=stMarkdownContainer]")
    action = texts.nth(2).inner_text().strip()
    assert action, "the first proposal has no text"
    card.get_by_role("button", name=accept).click()
    settled(page)
    assert not errors.count(), errors.first.inner_text()
    plan_id = re.search(r"[?&]plan=([^&]+)", page.url)
    assert plan_id, page.url
    shot(page, artifacts, f"10-laadi-{name}-hyvaksytty-desktop")

    page.goto(f"{app_server.url}/suunnitelma?plan={plan_id.group(1)}")
    expect(page.get_by_role("heading", level=1)).to_have_text(FI.t("ui.plan.title"))
    # (The plan page's field names reach the accessibility tree with Markdown escapes: "a\\) Sote\\-...".)
    region = page.get_by_role("textbox", name=re.compile(r"^a\\?\) Sote\\?-maakunta$"))
    expect(region).to_have_value("Pohjanrannikon hyvinvointialue")
    shot(page, artifacts, f"11-suunnitelma-{name}-desktop", whole=False)
    # 3.4 MITTARIT: the accepted action is shown whole under the area's heading, as wrapped text.
    area = page.get_by_role("heading", name="MITTARIT", exact=True)
    area.scroll_into_view_if_needed()
    expect(
        area.locator("xpath=following::*[@data-testid='stMarkdownContainer']").filter(has_text=action).first
    ).to_be_visible()
    settled(page)
    shot(page, artifacts, f"12-suunnitelma-{name}-mittarit-desktop", whole=False)


def _no_horizontal_scroll(page: Page) -> bool:
    return bool(
        page.evaluate(
            "(() => { const m = document.querySelector('[data-testid=stMain]');"
            " return m.scrollWidth <= m.clientWidth + 1"
            " && document.documentElement.scrollWidth <= window.innerWidth + 1; })()"
        )
    )


def test_assessment_paste_then_plan_page_readable_at_1280(
    desktop: Page, app_server: Server, artifacts: Path
) -> None:
    """Points 4, 8 and 9: assessment results pasted from Excel into the multi-line box are echoed row by
    row; the plan page shows every action's four columns without horizontal scrolling at 1280 px; no
    internal id, JSON path or raw score is shown."""
    page = desktop
    page.goto(f"{app_server.url}/laadi")
    page.get_by_role("textbox", name=FI.t("ui.draft.new_plan_periods")).fill("2026–2027 ja 2028–2030")
    page.get_by_role("button", name=FI.t("ui.draft.start")).click()
    chat = page.get_by_test_id("stChatInputTextArea")
    expect(chat).to_be_visible()
    messages = page.get_by_test_id("stChatMessage")

    def say(text: str) -> None:
        before = messages.count()
        chat.fill(text)
        chat.press("Enter")
        expect(messages).to_have_count(before + 2)
        settled(page)

    say("Pohjanrannikon hyvinvointialue")
    say("mene arviointi")
    box = page.get_by_role("textbox", name=FI.t("ui.draft.assessment.text"))
    expect(box).to_be_visible()
    box.fill(
        "Osa-alue\tKypsyys\tTyytyväisyys\nVisio ja strategia\t3\t2,5\n"
        "Informationsinsamling\t2\t2\nMittareissa\t1,5\t2"
    )
    before = messages.count()
    page.get_by_role("button", name=FI.t("ui.draft.assessment.send")).click()
    expect(messages).to_have_count(before + 2)
    settled(page)
    reply = messages.last.inner_text()
    # every row echoed (a numbered Markdown list: the browser draws the numbers), each column with the
    # decimals its values need ("3,0" beside "1,5")
    for line in (
        "Visio ja strategia: kypsyys 3,0, tyytyväisyys 2,5",
        'Tiedon hankinta: kypsyys 2,0, tyytyväisyys 2,0 (kirjoitit: "Informationsinsamling")',
        "Mittarit: kypsyys 1,5",
    ):
        assert line in reply, reply
    shot(page, artifacts, "20-laadi-arviointi-desktop")
    say("kyllä")
    say("mene mittarit")
    accept = FI.t("ui.draft.accept")
    before = messages.count()
    page.get_by_role("button", name=accept).first.click()
    expect(messages).to_have_count(before + 2)  # the card's command and its reply, on a busy machine too
    settled(page)
    say("2026–2027: työpajat 4/2026, versio valmis 11/2027. 2028–2030: kytketään talousarvioon 2029")
    plan_id = re.search(r"[?&]plan=([^&]+)", page.url)
    assert plan_id, page.url

    page.goto(f"{app_server.url}/suunnitelma?plan={plan_id.group(1)}")
    expect(page.get_by_role("heading", level=1)).to_have_text(FI.t("ui.plan.title"))
    area = page.get_by_role("heading", name="MITTARIT", exact=True)
    area.scroll_into_view_if_needed()
    settled(page)
    expect(page.get_by_text("työpajat 4/2026, versio valmis 11/2027.", exact=False).first).to_be_visible()
    for label in ("Kehittämiskohde", "Toimenpiteet", "Aikataulu ja vastuuhenkilö"):
        # (the folded editable grid below has the same headers, hidden)
        expect(page.get_by_text(label, exact=True).filter(visible=True).first).to_be_visible()
    assert _no_horizontal_scroll(page)
    shot(page, artifacts, "21-suunnitelma-toimenpiteet-1280", whole=False)
    text = page.locator("[data-testid=stMain]").inner_text()
    assert not re.search(r"\b[0-9a-f]{32}\b", text), "an internal id is shown"
    assert "/toimenpiteet/" not in text and "/meta/" not in text
