"""Bad input: a clear, typed error (or validation findings) and never a half-made plan."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest

from assistant.export import export_plan
from assistant.importer import PlanImportError, import_bytes, import_file
from tests.fixtures.plans import example_plan, full_plan_data
from tests.importer.handfilled import Builder

MB = 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_file(*stream_names: str) -> bytes:
    """An OLE2 compound file header and directory entries with the given stream names (UTF-16-LE)."""
    entries = b"".join(name.encode("utf-16-le").ljust(128, b"\x00") for name in stream_names)
    return OLE2 + b"\x00" * 504 + entries + b"\x00" * 1024


def docx_bytes() -> bytes:
    return export_plan(example_plan(), "docx").data


def zip_with(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def error(data: bytes, name: str = "upload", **kwargs: object) -> PlanImportError:
    with pytest.raises(PlanImportError) as info:
        import_bytes(data, name=name, **kwargs)  # type: ignore[arg-type]
    return info.value


def test_docx_that_is_not_a_plan() -> None:
    b = Builder()
    b.heading("Kokousmuistio", 1)
    b.para("Läsnä: koko tiimi. Päätettiin hankkia uusi kahvinkeitin.")
    exc = error(b.bytes(), "muistio.docx")
    assert exc.code == "not_a_plan"
    assert "muistio.docx" in exc.message("fi") and "mallipohjan" in exc.message("fi")


def test_password_protected_office_file() -> None:
    exc = error(ole_file("Root Entry", "EncryptionInfo", "EncryptedPackage"), "suojattu.docx")
    assert exc.code == "encrypted"
    assert "salasanasuojattu" in exc.message("fi")
    assert "password-protected" in exc.message("en")
    assert "lösenordsskyddad" in exc.message("sv")


def test_legacy_word_document() -> None:
    assert error(ole_file("Root Entry", "WordDocument"), "vanha.doc").code == "legacy_office"


def test_truncated_docx_is_corrupt() -> None:
    data = docx_bytes()
    exc = error(data[: len(data) // 2], "puolikas.docx")
    assert exc.code == "corrupt"


def test_docx_with_a_damaged_member_is_corrupt() -> None:
    data = bytearray(zip_with({"word/document.xml": b"<w:document>" + b"x" * 5000 + b"</w:document>"}))
    start = data.index(b"word/document.xml") + len("word/document.xml")
    data[start + 20 : start + 40] = b"\xff" * 20  # inside the deflated data: CRC or inflate fails
    assert error(bytes(data)).code == "corrupt"


def test_zip_without_word_document_is_not_docx() -> None:
    assert error(zip_with({"a.txt": b"hello"})).code == "not_docx"
    xlsx = export_plan(example_plan(), "xlsx").data
    exc = error(xlsx, "toimenpiteet.xlsx")
    assert (exc.code, exc.detail) == ("not_docx", "XLSX")


def test_zip_bomb_is_refused_without_inflating_it() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\x00" * MB
            for _ in range(150):  # 150 MB of zeros, ~150 kB compressed
                member.write(chunk)
    data = out.getvalue()
    assert len(data) < 2 * MB
    exc = error(data, "pommi.docx")
    assert exc.code == "zip_bomb"


def test_zip_with_path_traversal_is_refused() -> None:
    data = zip_with({"word/document.xml": b"<w:document/>", "../../etc/evil": b"x"})
    assert error(data).code == "unsafe_archive"


def test_file_over_the_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "iso.docx"
    with big.open("wb") as fh:
        fh.truncate(100 * MB)  # sparse: 100 MB without writing them
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == big:
            opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    started = time.perf_counter()
    with pytest.raises(PlanImportError) as info:
        import_file(big, max_bytes=50 * MB)
    assert info.value.code == "too_large"
    assert "100.0 MB > 50.0 MB" in info.value.message("en")
    assert opened == []  # refused from its size alone
    assert time.perf_counter() - started < 5


def test_bytes_over_the_limit_are_refused() -> None:
    assert error(b"{" + b" " * 2000 + b"}", max_bytes=1000).code == "too_large"


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(PlanImportError) as info:
        import_file(tmp_path / "ei-ole.json")
    assert info.value.code == "not_found"
    empty = tmp_path / "tyhja.json"
    empty.write_bytes(b"")
    with pytest.raises(PlanImportError) as info:
        import_file(empty)
    assert info.value.code == "empty"
    assert error(b"  \n\t ").code == "empty"


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG"),
        (b"%PDF-1.7\n", "PDF"),
        (b"Tavallista tekstia, ei JSONia.", "text"),
    ],
)
def test_other_formats_are_named(data: bytes, detail: str) -> None:
    exc = error(data)
    assert (exc.code, exc.detail) == ("unsupported_type", detail)


def test_json_in_another_encoding() -> None:
    data = full_plan_data(1)
    text = json.dumps(data, ensure_ascii=False)
    # cp1252/Latin-1 (what Windows writes) is detected and read: the Finnish letters come through.
    result = import_bytes(text.encode("cp1252", errors="replace"), name="latin.json")
    assert result.plan is not None and result.plan.kuvaus.alueellisen_yhteistyon_malli == (
        data["kuvaus"]["alueellisen_yhteistyon_malli"].encode("cp1252", "replace").decode("cp1252")
    )
    assert error(text.encode("utf-16"), "utf16.json").code == "encoding"
    broken = error(text.encode() + b"\xff", "rikki.json")  # UTF-8 with an invalid byte: refused
    assert broken.code == "encoding" and "UTF-8" in broken.message("fi")


def test_malformed_json_gives_findings_and_no_plan() -> None:
    result = import_bytes(b'{"meta": {"title": "x"', name="rikki.json")
    assert result.plan is None
    assert [f.code for f in result.validation.findings] == ["invalid_json"]
    assert "line 1" in result.validation.findings[0].message


def test_json_with_wrong_types_and_unknown_fields_gives_findings_and_no_plan() -> None:
    data = full_plan_data(1)
    data["toimenpiteet"][0]["vastuuhenkilo"] = ["not", "a", "string"]
    data["meta"]["periods"]["short"]["start"] = "kaksituhatta"
    data["kuvaus"]["oma_kentta"] = "tuntematon"
    data["salainen"] = True
    result = import_bytes(json.dumps(data).encode("utf-8"), name="vaara.json")
    assert result.plan is None
    found = {(f.code, f.path) for f in result.validation.findings}
    assert found == {
        ("invalid_value", "/toimenpiteet/0/vastuuhenkilo"),
        ("invalid_value", "/meta/periods/short/start"),
        ("unknown_field", "/kuvaus/oma_kentta"),
        ("unknown_field", "/salainen"),
    }
    assert not result.validation.valid


def test_json_that_is_not_an_object() -> None:
    result = import_bytes(b"[1, 2, 3]")
    assert result.plan is None
    assert result.validation.findings[0].code == "invalid_json"


def test_hostile_column_spans_are_bounded() -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from tests.importer.handfilled import Row, build_handfilled

    def huge_spans(table) -> None:  # type: ignore[no-untyped-def]
        for cell in table.rows[1].cells:
            span = OxmlElement("w:gridSpan")
            span.set(qn("w:val"), str(2**31 - 1))
            cell._tc.get_or_add_tcPr().append(span)

    rows = [Row("Resurssit", ["Teksti"], "2020-2021: a\nVastuuhenkilö: b", "c")]
    started = time.perf_counter()
    result = import_bytes(build_handfilled(visio=rows, edit_visio=huge_spans))
    assert time.perf_counter() - started < 10
    assert result.plan is not None
