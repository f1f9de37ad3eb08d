"""The hostile corpus: every case (file name, what it is, how it is built, and the expected outcome of
ingest, of the upload and of plan import), and `generate`, which writes the files and returns the cases."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.pdf import build_pdf
from tests.hostile.cases import MB, OK, Case, Spec, err, invalid, ok
from tests.hostile.pdf_builders import (
    MANY_PAGES,
    PDF_PAGES,
    encrypted_pdf,
    garbage_body_pdf,
    javascript_pdf,
    many_pages_pdf,
    pages_pdf,
    pdf_file,
    truncated_pdf,
    xref,
)
from tests.hostile.plan_builders import (
    bom_plan,
    deep_nesting,
    huge_float,
    huge_numbers,
    injected_plan,
    json_file,
    latin1_plan,
    long_field_plan,
    not_a_plan,
    truncated_json,
    unknown_fields,
    wrong_types,
)
from tests.hostile.text_builders import (
    FINNISH,
    HTML_PAGE,
    INJECTED_MARKDOWN,
    PIPE_CSV,
    late_nul,
    long_line,
    near_limit_text,
    nul_in_long_line,
    raw,
    sparse,
)
from tests.hostile.zip_builders import (
    DOCX_SKELETON,
    MEMO_PARAGRAPHS,
    OLE2_MAGIC,
    XLSX_SKELETON,
    bomb,
    docx_file,
    inflating_docx,
    legacy_word,
    macro_docx,
    many_members_docx,
    nested_bomb_docx,
    odt_as_docx,
    ole_encrypted,
    zip_file,
)


def _specs(max_upload_mb: float) -> list[Spec]:
    """Every case: file name, what it is, how it is built, and the expected outcome of ingest, of the
    upload (None: as ingest) and of plan import."""
    ext = {e: err("unsupported_type", f".{e}") for e in ("json", "xlsx", "doc")}  # the upload's type check
    not_plan_text, not_plan_pdf = err("unsupported_type", "text"), err("unsupported_type", "PDF")
    limit = int(max_upload_mb * MB)
    docx_bomb = bomb(DOCX_SKELETON, "word/media/zeros.bin")
    xlsx_bomb = bomb(XLSX_SKELETON, "xl/worksheets/sheet1.xml")
    S = Spec
    return [
        # --- ZIP bombs and archive tricks
        S("pommi.docx", "DOCX zip bomb: 60 MB of zeros in 60 kB (compression ratio)", docx_bomb,
          err("zip_bomb", "ratio"), None, err("zip_bomb", "ratio")),
        S("pommi-dokumentti.docx", "DOCX whose word/document.xml itself is the bomb",
          bomb(DOCX_SKELETON, "word/document.xml"), err("zip_bomb", "word/document.xml"), None,
          err("zip_bomb", "word/document.xml")),
        S("valehteleva-pommi.docx", "DOCX bomb whose directory claims 1000 bytes (sizes checked inflating)",
          bomb(DOCX_SKELETON, "word/media/zeros.bin", lie_about_size=True), err("corrupt", "CRC"), None,
          err("corrupt", "CRC")),
        S("sisakkainen.docx", "real DOCX with a nested zip-of-zips bomb as an embedded object (not opened)",
          nested_bomb_docx, ok("docx"), None, err("not_a_plan")),
        S("tuhat-osaa.docx", "DOCX with 5200 members (member-count limit)", many_members_docx,
          err("zip_bomb", "members"), None, err("zip_bomb", "members")),
        S("pommi.xlsx", "XLSX zip bomb: refused by its type before inflating", xlsx_bomb,
          err("unsupported_type", "XLSX"), ext["xlsx"], err("not_docx", "XLSX")),
        S("taulukko-pommi.docx", "XLSX zip bomb renamed .docx (type by content)", xlsx_bomb,
          err("unsupported_type", "XLSX"), None, err("not_docx", "XLSX")),
        S("polku.docx", "DOCX with a '../' member name (path traversal)",
          zip_file({**DOCX_SKELETON, "../../evil.txt": b"x"}), err("unsafe_archive", "../../evil.txt"), None,
          err("unsafe_archive", "../../evil.txt")),
        S("absoluuttinen.docx", "DOCX with an absolute member name",
          zip_file({**DOCX_SKELETON, "/etc/cron.d/evil": b"x"}), err("unsafe_archive", "/etc/cron.d/evil"),
          None, err("unsafe_archive", "/etc/cron.d/evil")),
        S("kenoviiva.docx", "DOCX with a backslash (Windows) traversal member name",
          zip_file({**DOCX_SKELETON, "word\\..\\..\\evil.txt": b"x"}), err("unsafe_archive", "backslash"),
          None, err("unsafe_archive", "backslash")),
        S("makro.docx", "macro-enabled Word document (.docm content type) named .docx", macro_docx,
          err("unsupported_type", "DOCM"), None, err("not_docx", "DOCM")),
        S("odt.docx", "OpenDocument text renamed .docx", odt_as_docx, err("unsupported_type", "ODF"), None,
          err("not_docx", "ODF")),
        S("rikki.docx", "ZIP signature followed by garbage", raw(b"PK\x03\x04" + bytes(range(256)) * 4),
          err("corrupt", "ZIP"), None, err("corrupt", "ZIP")),
        # --- type by content, not by extension
        S("oikeasti-pdf.docx", "a PDF renamed .docx", pdf_file(build_pdf(PDF_PAGES)), ok("pdf"), None,
          not_plan_pdf),
        S("oikeasti-docx.pdf", "a DOCX (memo) renamed .pdf", docx_file(MEMO_PARAGRAPHS, "Muistio PDF:nä"),
          ok("docx"), None, err("not_a_plan")),
        S("kuva.pdf", "a PNG image renamed .pdf", raw(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
          err("unsupported_type", "PNG"), None, err("unsupported_type", "PNG")),
        S("ohjelma.md", "an ELF executable renamed .md", raw(b"\x7fELF\x02\x01\x01" + bytes(200)),
          err("unsupported_type", "ELF"), None, err("unsupported_type", "ELF")),
        S("pakattu.txt", "gzip data renamed .txt", raw(b"\x1f\x8b\x08\x00" + bytes(100)),
          err("unsupported_type", "gzip"), None, err("unsupported_type", "gzip")),
        # --- OLE2 / CFB: password-protected and legacy Office
        S("salasana.docx", "password-protected Word file (OLE2 with EncryptedPackage)", ole_encrypted,
          err("encrypted", "OLE2"), None, err("encrypted")),
        S("salasana.doc", "password-protected Office file named .doc", ole_encrypted,
          err("encrypted", "OLE2"), ext["doc"], err("encrypted")),
        S("vanha-word.txt", "a legacy Office 97 (OLE2) file renamed .txt", raw(OLE2_MAGIC + bytes(1024)),
          err("legacy_office", "Office 97-2003"), None, err("legacy_office")),
        S("vanha-word.doc", "a legacy Word 97-2003 .doc (OLE2 with a WordDocument stream)", legacy_word,
          err("legacy_office", ".doc"), ext["doc"], err("legacy_office")),
        # --- PDFs
        S("salattu.pdf", "PDF encrypted with a user password (AES-256)", encrypted_pdf("salasana"),
          err("encrypted"), None, not_plan_pdf),
        S("omistajan-salasana.pdf", "PDF with only an owner password (opens without one)", encrypted_pdf(""),
          ok("pdf"), None, not_plan_pdf),
        S("katkaistu.pdf", "truncated PDF (first half)", truncated_pdf, err("corrupt", "EOF"), None,
          not_plan_pdf),
        S("vaarat-xref.pdf", "PDF whose xref offsets all point to wrong places (pypdf finds the objects)",
          xref(lambda n, line: b"%010d 00000 n " % (7 * n + 3)), ok("pdf"), None, not_plan_pdf),
        S("roska-xref.pdf", "PDF whose xref table is unparsable garbage",
          xref(lambda n, line: b"zz%08d xx q " % n), err("corrupt"), None, not_plan_pdf),
        S("roska.pdf", "PDF header followed by binary garbage", garbage_body_pdf, err("corrupt"), None,
          not_plan_pdf),
        S("tuhat-sivua.pdf", f"{MANY_PAGES} blank pages (max_pdf_pages)", many_pages_pdf,
          err("too_many_pages", f"{MANY_PAGES} >"), None, not_plan_pdf),
        S("tyhjat-sivut.pdf", "PDF with pages but no text layer", pdf_file(build_pdf([[], []])),
          err("no_text"), None, not_plan_pdf),
        S("javascript.pdf", "PDF with document-level JavaScript (text read, script never run)",
          javascript_pdf, ok("pdf"), None, not_plan_pdf),
        # --- empty files
        *(
            S(f"tyhja.{e}", f"0-byte .{e}", raw(b""), err("empty"), ext.get(e), err("empty"))
            for e in ("pdf", "docx", "txt", "md", "json")
        ),
        S("valilyonnit.txt", "whitespace only (spaces, tabs, CR/LF)", raw(b"  \t\r\n \n\t\n"),
          err("empty"), None, err("empty")),
        S("bom.md", "UTF-8 byte-order mark and a newline only", raw(b"\xef\xbb\xbf\r\n"),
          err("empty"), None, err("empty")),
        S("utf16-tyhja.txt", "UTF-16 BOM and spaces only", raw(" \n ".encode("utf-16")),
          err("empty"), None, err("encoding", "UTF-16")),
        # --- encodings
        S("utf16-bom.txt", "UTF-16 LE text with BOM", raw(FINNISH.encode("utf-16")), ok("txt"), None,
          err("encoding", "UTF-16")),
        S("utf16be-bom.md", "UTF-16 BE text with BOM", raw(b"\xfe\xff" + FINNISH.encode("utf-16-be")),
          ok("md"), None, err("encoding", "UTF-16")),
        S("utf32-bom.txt", "UTF-32 LE text with BOM", raw(FINNISH.encode("utf-32")), ok("txt"), None,
          err("encoding", "UTF-32")),
        S("utf16-ilman-bom.txt", "UTF-16 LE text without BOM (NUL bytes, no marker)",
          raw(FINNISH.encode("utf-16-le")), err("encoding", "UTF-16LE without BOM"), None,
          err("unsupported_type", "binary")),
        S("utf16be-ilman-bom.md", "UTF-16 BE text without BOM", raw(FINNISH.encode("utf-16-be")),
          err("encoding", "UTF-16BE without BOM"), None, err("unsupported_type", "binary")),
        S("latin1.txt", "Finnish text in Latin-1/CP1252 (ä, ö as single bytes): detected and read",
          raw(FINNISH.encode("cp1252")), ok("txt"), None, not_plan_text),
        S("cp1252-merkit.md", "Markdown in CP1252 with €, quotes and dashes (bytes 0x80-0x9f)",
          raw("# Budjetti\n\nKustannus 5 € – ”arvio” ja päätös.\n".encode("cp1252")), ok("md"), None,
          not_plan_text),
        S("virheellinen-utf8.md", "UTF-8 text with invalid bytes next to valid sequences (broken UTF-8)",
          raw("# Otsikko\n\nKelvoton ä".encode() + b" \xff\xfe tavu\n"), err("encoding", "UTF-8"), None,
          not_plan_text),
        S("nul-alussa.txt", "stray NUL bytes near the start of a text file (removed, text read)",
          raw(b"Teksti\x00\x00\x00" + FINNISH.encode()), ok("txt"), None,
          err("unsupported_type", "binary")),
        S("nul-lopussa.txt", "NUL bytes after the first 8 kB of text (removed, text read)", late_nul,
          ok("txt"), None, not_plan_text),
        S("nul-pitka-rivi.txt", "a NUL byte inside a 170 kB line of text", nul_in_long_line, ok("txt"), None,
          not_plan_text),
        S("pitka-rivi.txt", "one 10 MB line of text: over the budget of extracted characters",
          long_line, err("too_much_text", ">"), None, not_plan_text),
        S("melkein-raja.txt", f"varied text one MB under max_upload_mb ({max_upload_mb:g} MB)",
          near_limit_text(max_upload_mb), err("too_much_text", ">"), None, not_plan_text),
        S("paisuva-teksti.docx", "a 1 MB DOCX whose text unpacks to 99 MB (within the ZIP limits)",
          inflating_docx, err("too_much_text", ">"), None, err("too_much_text")),
        S("kaksituhatta-sivua.pdf", "2000 pages of text (max_pdf_pages)", pages_pdf(2000),
          err("too_many_pages", "2000 >"), None, not_plan_pdf),
        S("arviointi-putki.txt", "an assessment table separated by pipes (|)", raw(PIPE_CSV.encode()),
          ok("txt"), None, not_plan_text),
        S("liian-suuri.txt", f"one MB over max_upload_mb ({max_upload_mb:g} MB), sparse", sparse(limit + MB),
          err("too_large", "MB >"), None, err("too_large", "MB >")),
        # --- active content disguised as text
        S("skripti.txt", "HTML with <script> and Markdown payloads disguised as .txt",
          raw(HTML_PAGE.encode()), ok("txt"), None, not_plan_text),
        S("injektio.md", "Markdown with planted instructions and payloads",
          raw(INJECTED_MARKDOWN.encode()), ok("md"), None, not_plan_text),
        # --- plans offered for import (JSON is text to the loaders; the upload takes pdf/docx/txt/md only)
        S("vaarat-tyypit.json", "plan JSON with wrong types", json_file(wrong_types), ok("txt"), ext["json"],
          invalid("invalid_value")),
        S("tuntemattomat-kentat.json", "plan JSON with unknown fields", json_file(unknown_fields), ok("txt"),
          ext["json"], invalid("unknown_field")),
        S("syva.json", "100 000 levels of nested arrays (no words: not knowledge)", deep_nesting,
          err("no_text"), ext["json"],
          invalid("nested_too_deeply")),
        S("pitka-kentta.json", "a plan whose one text field is 49 MB", long_field_plan,
          err("too_large", "MB >") if max_upload_mb < 49.5 else err("too_much_text"), ext["json"],
          err("too_large") if max_upload_mb < 49.5 else invalid("too_long")),
        S("iso-luku.json", "plan JSON with a 5000-digit integer", huge_numbers, ok("txt"), ext["json"],
          invalid("invalid_json")),
        S("aareton.json", "plan JSON with 1e999 (infinity) as a maturity score", huge_float, ok("txt"),
          ext["json"], invalid("invalid_value")),
        S("ei-suunnitelma.json", "valid JSON that is not a plan (GeoJSON)", json_file(not_a_plan), ok("txt"),
          ext["json"], invalid("unknown_field")),
        S("lista.json", "valid JSON array instead of an object (no words)", json_file(lambda: [1, 2, 3]),
          err("no_text"), ext["json"], invalid("invalid_json")),
        S("katkaistu.json", "truncated plan JSON", truncated_json, ok("txt"), ext["json"],
          invalid("invalid_json")),
        S("latin1.json", "plan JSON in Latin-1/CP1252: detected and read", latin1_plan, ok("txt"),
          ext["json"], OK),
        S("bom-suunnitelma.json", "the example plan with a UTF-8 BOM (valid)", bom_plan, ok("txt"),
          ext["json"], OK),
        S("merkinnat.json", "valid plan whose texts carry Markdown/HTML payloads and planted instructions",
          json_file(injected_plan), ok("txt"), ext["json"], OK),
        S("muistio.docx", "a DOCX memo that is not a plan", docx_file(MEMO_PARAGRAPHS, "Muistio"), ok("docx"),
          None, err("not_a_plan")),
    ]  # fmt: skip


def case_names() -> list[str]:
    """The cases' file names, without building anything (for test parametrisation)."""
    return [spec.name for spec in _specs(50.0)]


def generate(folder: Path, *, max_upload_mb: float = 50.0) -> list[Case]:
    """Write every hostile file into `folder` (created if needed) and return the cases.

    `max_upload_mb` sizes the oversized file (one MB over the limit; written sparsely)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    names: set[str] = set()
    for spec in _specs(max_upload_mb):
        if spec.name in names:
            raise ValueError(f"duplicate case name {spec.name}")
        names.add(spec.name)
        path = folder / spec.name
        spec.build(path)
        cases.append(
            Case(
                name=spec.name,
                what=spec.what,
                path=path,
                ingest=spec.ingest,
                upload=spec.upload or spec.ingest,
                plan_import=spec.plan_import,
            )
        )
    return cases
