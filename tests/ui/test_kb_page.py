"""The knowledge-base page: the documents list, uploads (checked before they are stored), removal, and the
file-name handling of uploads. Every test that uploads works on its own copy of the session index."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from assistant.i18n import LANGUAGES, load_catalog
from assistant.ingest.errors import IngestError
from assistant.ingest.loaders import load_document
from assistant.ingest.pipeline import IndexedDocument
from assistant.ingest.uploads import display_name, handle_uploads, place_upload, safe_filename
from assistant.services import KnowledgeBase, build_knowledge_base
from assistant.settings import Settings
from tests.ui import helpers
from tests.ui.catalog_keys import catalog_keys
from tests.ui.conftest import APP, TIMEOUT, UseDataDir
from tests.ui.helpers import run_ok, unescape
from ui.components import escape_md
from ui.state import get_settings

PAGE = "views/search_page.py"
PAGE_FILE = APP.parent / "views" / "search_page.py"
FI = load_catalog("fi")
CORRUPT_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nroskaa (((\n"
HEADING = "Tietoallasselvitys <b>Pohjanrannikko</b> [linkki](javascript:alert(1))"
# The title the Markdown loader makes of it (link markup removed; HTML kept as text, shown escaped).
HOSTILE_TITLE = "Tietoallasselvitys <b>Pohjanrannikko</b> linkki"
MEMO = f"""# {HEADING}

## Tausta

Pohjanrannikon tietoallasselvitys kuvaa, miten hyvinvointialueen tietoallas, raportointialusta ja
master-data yhdistetään. Tietoallasselvityksen mukaan kvartaaliraportointi siirretään tietoaltaaseen
vuoden 2026 aikana, ja tietoaltaan omistajaksi nimetään tietojohtamisen päällikkö.
""".encode()

MakeApp = Callable[..., AppTest]
RUN_WAIT_S = 600


def texts(at: AppTest) -> list[str]:
    return helpers.texts(
        at, "title", "subheader", "markdown", "caption", "info", "warning", "error", "success"
    )


def table(at: AppTest) -> pd.DataFrame:
    """The documents table, escapes removed (cells are Markdown)."""
    frame = at.table[0].value
    frame.columns = [unescape(str(c)) for c in frame.columns]
    return frame.map(lambda v: unescape(v) if isinstance(v, str) else v)


def chunk_count(at: AppTest) -> int:
    pattern = re.compile(r"Tietopohjassa on (\d+) tekstikatkelmaa\.")
    counts = [int(m.group(1)) for t in texts(at) if (m := pattern.fullmatch(t))]
    assert len(counts) == 1, texts(at)
    return counts[0]


def upload(at: AppTest, *files: tuple[str, bytes, str]) -> AppTest:
    """Submit the files; the page indexes them in the background, so run it again until the job is done
    (in the browser a fragment redraws the progress every second and reruns the page at the end)."""
    at.file_uploader(key="kb_upload_files").set_value(list(files))
    at.button(key="kb_upload_submit").click()
    run_ok(at)
    deadline = time.monotonic() + RUN_WAIT_S
    while "kb_upload_job" in at.session_state and time.monotonic() < deadline:
        time.sleep(0.2)
        run_ok(at)
    assert "kb_upload_job" not in at.session_state, "the upload job did not finish"
    return at


def search(at: AppTest, query: str, kinds: list[str]) -> AppTest:
    at.text_input(key="search_query").input(query)
    at.multiselect(key="search_kinds").set_value(kinds)
    at.button[0].click()  # the search form's button comes first on the page
    return run_ok(at)


def visible_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def data_dir(tmp_path: Path, corpus_kb_dir: Path) -> Path:
    """A copy of the session index: uploads and removals here leave the shared index alone."""
    copy = tmp_path / "data"
    shutil.copytree(corpus_kb_dir, copy)
    return copy


@pytest.fixture
def make_app(use_data_dir: UseDataDir, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> MakeApp:
    def make(**env: str) -> AppTest:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        use_data_dir(data_dir)  # also forgets the cached settings, so the variables above apply
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        run_ok(at)
        at.switch_page(PAGE)
        return run_ok(at)

    return make


# --- the documents list --------------------------------------------------------------------------------


@pytest.mark.slow  # the real index (built once per session)
def test_documents_list_shows_corpus_documents_with_chunk_counts(
    make_app: MakeApp, corpus_kb: KnowledgeBase
) -> None:
    at = make_app()
    expected: list[IndexedDocument] = corpus_kb.indexer.documents()
    frame = table(at)
    assert list(frame.columns) == ["Asiakirja", "Tyyppi", "Katkelmia", "Alkuperä", "Muokattu"]
    assert list(frame["Asiakirja"]) == [d.title for d in expected]
    assert list(frame["Katkelmia"]) == [d.chunks for d in expected]
    assert list(frame["Tyyppi"]) == [FI.t(f"ui.kinds.{d.kind}") for d in expected]
    assert set(frame["Alkuperä"]) == {"Oletusaineisto"}
    for doc, shown in zip(expected, frame["Muokattu"], strict=True):
        day = date.fromtimestamp(Path(doc.source).stat().st_mtime)
        assert shown == f"{day.day}.{day.month}.{day.year}"
    assert sum(frame["Katkelmia"]) == chunk_count(at) == corpus_kb.store.count()
    assert f"Indeksoidut asiakirjat ({len(expected)})" in texts(at)
    assert FI.t("ui.kb.no_uploads") in texts(at)
    # The size limit is in the uploader's label and help.
    uploader = at.file_uploader(key="kb_upload_files")
    assert "enintään 50 Mt" in uploader.label and "50 Mt" in uploader.help
    assert uploader.accept_multiple_files
    assert sorted(uploader.allowed_type) == [".docx", ".md", ".pdf", ".txt"]


# --- uploads that are refused ----------------------------------------------------------------------------


@pytest.mark.slow  # the real index (built once per session)
def test_corrupt_pdf_is_rejected_and_the_index_is_untouched(
    make_app: MakeApp, data_dir: Path, tmp_path: Path
) -> None:
    at = make_app()
    before = chunk_count(at)
    rows = len(table(at))
    upload(at, ("Vuosiraportti 2024.pdf", CORRUPT_PDF, "application/pdf"))

    probe = tmp_path / "probe" / "Vuosiraportti 2024.pdf"
    probe.parent.mkdir()
    probe.write_bytes(CORRUPT_PDF)
    with pytest.raises(IngestError) as excinfo:
        load_document(probe, max_bytes=1 << 20, max_pdf_pages=10)
    expected = excinfo.value.message("fi")
    assert "Vuosiraportti 2024.pdf" in expected
    assert [unescape(e.value) for e in at.error] == [expected]
    assert not at.success
    assert chunk_count(at) == before
    assert len(table(at)) == rows
    # Nothing reached the uploads folder, and the staging folder is gone.
    assert visible_files(data_dir / "uploads") == []
    assert not list(data_dir.glob(".staging-*"))


@pytest.mark.slow  # the real index (built once per session)
def test_oversized_file_is_rejected_by_name_before_it_is_stored(make_app: MakeApp, data_dir: Path) -> None:
    at = make_app(MAX_UPLOAD_MB="0.002")  # about 2 kB
    assert "enintään 0,002 Mt" in at.file_uploader(key="kb_upload_files").label
    before = chunk_count(at)
    upload(
        at,
        ("iso muistio.txt", b"Tietojohtaminen " * 200, "text/plain"),
        ("pieni.txt", b"Tietojohtamisen mittarit.\n", "text/plain"),
    )
    assert [unescape(e.value) for e in at.error] == [
        "Tiedosto iso muistio.txt on liian suuri (3.1 kB > 2.0 kB)."
    ]
    assert [unescape(s.value).split(" (")[0] for s in at.success] == ["pieni.txt lisättiin tietopohjaan"]
    assert visible_files(data_dir / "uploads") == ["pieni.txt"]
    assert chunk_count(at) > before


def test_handle_uploads_rejects_other_types_without_storing(tmp_path: Path) -> None:
    # The uploader refuses other extensions itself; handle_uploads checks again (and never indexes).
    kb = cast(KnowledgeBase, SimpleNamespace(settings=Settings(data_dir=tmp_path / "data")))
    outcome = handle_uploads([("kansio/taulukko.xlsx", b"PK\x03\x04"), ("ohje", b"teksti")], kb, "fi")
    assert [(f.name, f.status) for f in outcome.files] == [
        ("taulukko.xlsx", "rejected"),
        ("ohje", "rejected"),
    ]
    assert outcome.files[0].message.startswith("Tiedoston taulukko.xlsx tyyppiä ei tueta (.xlsx)")
    assert outcome.files[1].message.startswith("Tiedoston ohje tyyppiä ei tueta (?)")
    assert visible_files(tmp_path / "data" / "uploads") == []
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["uploads"]  # no staging folder left


# --- a valid upload: listed, searchable, removable -------------------------------------------------------


@pytest.mark.slow  # the real index (built once per session)
def test_upload_is_indexed_searchable_and_removable(make_app: MakeApp, data_dir: Path) -> None:
    at = make_app()
    before = chunk_count(at)
    rows = len(table(at))

    upload(at, ("../../muistiot/tietoallas.md", MEMO, "text/markdown"))
    assert not at.error, [e.value for e in at.error]
    assert visible_files(data_dir / "uploads") == ["tietoallas.md"]
    successes = [unescape(s.value) for s in at.success]
    assert len(successes) == 1 and successes[0].startswith("tietoallas.md lisättiin tietopohjaan (")
    added = chunk_count(at) - before
    assert added > 0
    assert f"(tekstikatkelmia: {added})" in successes[0]

    frame = table(at)
    assert len(frame) == rows + 1
    row = frame.iloc[-1]
    assert row["Asiakirja"] == HOSTILE_TITLE  # shown literally: the cell is escaped Markdown
    assert row["Tyyppi"] == FI.t("ui.kinds.upload") and row["Alkuperä"] == "Lisätty"
    assert row["Katkelmia"] == added
    assert row["Muokattu"] == f"{date.today().day}.{date.today().month}.{date.today().year}"
    raw_cells = at.table[0].value.iloc[-1].tolist()
    assert escape_md(HOSTILE_TITLE) in raw_cells
    assert not any("<b>" in str(cell) for cell in raw_cells)

    search(at, "Pohjanrannikon tietoallasselvitys", ["upload"])
    result = at.session_state["search_result"][2]
    assert result.hits, result.reason
    assert {h.kind for h in result.hits} == {"upload"}
    assert result.hits[0].title == HOSTILE_TITLE
    shown = texts(at)
    assert any(t.startswith(f"**1. {HOSTILE_TITLE}") for t in shown)
    assert any("kvartaaliraportointi" in t for t in shown)

    # The same file again: recognised, not stored twice.
    upload(at, ("tietoallas.md", MEMO, "text/markdown"))
    assert [unescape(i.value) for i in at.info] == [
        f"tietoallas.md on jo tietopohjassa (tekstikatkelmia: {added})."
    ]
    assert visible_files(data_dir / "uploads") == ["tietoallas.md"]
    assert chunk_count(at) == before + added

    # Remove it (the confirmation button inside the row's popover).
    doc_id = result.hits[0].doc_id
    at.button(key=f"kb_remove_{doc_id}").click()
    run_ok(at)
    assert [unescape(s.value) for s in at.success] == [
        f"Asiakirja {HOSTILE_TITLE} poistettiin (tekstikatkelmia: {added})."
    ]
    assert visible_files(data_dir / "uploads") == []
    assert chunk_count(at) == before
    assert len(table(at)) == rows
    assert FI.t("ui.kb.no_uploads") in texts(at)
    # The old search result was dropped with the change; searching again finds no upload.
    assert "search_result" not in at.session_state or not at.session_state["search_result"][2].hits
    search(at, "Pohjanrannikon tietoallasselvitys", ["upload"])
    assert not at.session_state["search_result"][2].hits


@pytest.mark.slow  # the real index (built once per session)
def test_same_name_different_content_gets_a_suffix(make_app: MakeApp, data_dir: Path) -> None:
    at = make_app()
    upload(at, ("muistio.txt", "Ensimmäinen muistio tietojohtamisen mittareista.\n".encode(), "text/plain"))
    upload(at, ("muistio.txt", b"Toinen muistio tiedon jakamisesta ja tietovarannoista.\n", "text/plain"))
    assert not at.error, [e.value for e in at.error]
    assert visible_files(data_dir / "uploads") == ["muistio-2.txt", "muistio.txt"]
    success = unescape(at.success[0].value)
    assert success.startswith("muistio.txt lisättiin tietopohjaan")
    assert "tallennettiin nimellä muistio-2.txt" in success
    assert list(table(at)["Alkuperä"]).count("Lisätty") == 2


@pytest.mark.slow  # the real index (a copy)
def test_handle_uploads_reports_progress_in_the_language(data_dir: Path) -> None:
    kb = build_knowledge_base(Settings(data_dir=data_dir))
    before = kb.store.count()
    calls: list[tuple[str, float]] = []
    outcome = handle_uploads(
        [("anteckning.txt", b"Anteckning om datalagret och rapporteringen.\n"), ("trasig.pdf", CORRUPT_PDF)],
        kb,
        "sv",
        progress=lambda text, fraction: calls.append((text, fraction)),
    )
    statuses = [(f.name, f.status) for f in outcome.files]
    assert statuses == [("anteckning.txt", "added"), ("trasig.pdf", "rejected")]
    assert outcome.files[1].message.startswith("Filen trasig.pdf är skadad och kan inte läsas")
    assert outcome.files[0].chunks == kb.store.count() - before > 0
    assert not outcome.other_errors
    assert calls[0][0] == "Kontrollerar filen anteckning.txt…"
    assert any(re.fullmatch(r"Indexerar \(\d+/\d+\): anteckning\.txt", text) for text, _ in calls)
    fractions = [fraction for _, fraction in calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert visible_files(data_dir / "uploads") == ["anteckning.txt"]


# --- file names (no Streamlit) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("raportti.PDF", "raportti.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\Äijä\\Mietintö 2024 (luonnos).docx", "Mietintö 2024 (luonnos).docx"),
        (".piilotettu.md", "piilotettu.md"),
        ("a<b>|c?.txt", "a_b__c_.txt"),
        ("rivin\nvaihto\t.txt", "rivin_vaihto_.txt"),
        ("...pdf", "pdf"),
        ("  .txt", "txt"),
        ("x" * 300 + ".md", "x" * 100 + ".md"),
    ],
)
def test_safe_filename(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


def test_display_name_drops_folders() -> None:
    assert display_name("kansio/ala/Raportti.pdf") == "Raportti.pdf"
    assert display_name("C:\\temp\\muistio.txt") == "muistio.txt"


def test_place_upload_claims_a_free_name_and_reuses_identical_content(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    staged = tmp_path / "a.txt"
    staged.write_text("yksi", encoding="utf-8")
    first, created = place_upload(staged, uploads, "muistio.txt")
    assert (first.name, created) == ("muistio.txt", True)
    again, created = place_upload(staged, uploads, "muistio.txt")
    assert (again, created) == (first, False)
    other = tmp_path / "b.txt"
    other.write_text("kaksi", encoding="utf-8")
    second, created = place_upload(other, uploads, "muistio.txt")
    assert (second.name, created) == ("muistio-2.txt", True)
    assert first.read_text(encoding="utf-8") == "yksi" and second.read_text(encoding="utf-8") == "kaksi"


# --- catalogs ------------------------------------------------------------------------------------------


def test_kb_catalogs_match_and_cover_the_page() -> None:
    keys = {language: catalog_keys(language, "ui.kb") for language in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"]
    used = set(re.findall(r"""["'](ui\.kb\.[a-z_.]+[a-z_])["']""", PAGE_FILE.read_text(encoding="utf-8")))
    used |= {f"ui.kb.origins.{origin}" for origin in ("corpus", "upload", "path")}
    assert used <= keys["fi"], used - keys["fi"]
    for language in LANGUAGES:  # the loader merges the part file into the language's catalog
        messages = load_catalog(language)
        assert all(messages.has(key) for key in keys["fi"])
        assert messages.t("ui.kb.date", day=3, month=4, year=2025) in ("3.4.2025", "2025-04-03")


@pytest.mark.slow  # the real index (built once per session)
def test_a_reviewer_can_search_but_neither_upload_nor_remove(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = make_app()  # the local admin (no login) uploads a document
    upload(at, ("muistio.md", MEMO, "text/markdown"))
    assert not at.error, [e.value for e in at.error]
    assert [b for b in at.button if b.key and b.key.startswith("kb_remove_")]

    monkeypatch.setenv("AUTH_REQUIRED", "true")
    for name in ("AUTH_PROVIDER", "AUTH_ORG_CLAIM", "AUTH_ROLES_CLAIM", "AUTH_ACCESS_FILE"):
        monkeypatch.delenv(name, raising=False)
    get_settings.clear()
    reviewer = AppTest.from_file(APP, default_timeout=TIMEOUT)
    reviewer.user = {
        "is_logged_in": True,
        "sub": "r1",
        "email": "arvioija@example.fi",
        "name": "Arvioija",
        "organisation": "default",
        "roles": ["reviewer"],
    }
    run_ok(reviewer)
    reviewer.switch_page(PAGE)
    run_ok(reviewer)
    assert FI.t("ui.kb.not_allowed") in [unescape(i.value) for i in reviewer.info]
    assert not [b for b in reviewer.button if b.key and b.key.startswith("kb_remove_")]
    assert not [b for b in reviewer.button if b.key == "kb_upload_submit"]
    assert any(HOSTILE_TITLE in unescape(m.value) for m in reviewer.markdown)  # still listed
