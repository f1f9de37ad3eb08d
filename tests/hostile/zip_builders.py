"""Builders of the hostile corpus's ZIP packages and Office files: DOCX memos, zip bombs (also nested and
lying about their sizes), archives with many or unsafe members, macro-enabled and OpenDocument files named
.docx, OLE2 files (password-protected and legacy Word), and a DOCX whose text unpacks to 99 MB."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx

from tests.fixtures.zips import make_zip, patch_declared_size
from tests.hostile.cases import MB, Builder
from tests.hostile.text_builders import FINNISH

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


BOMB_BYTES = 60 * MB  # inflated size of the zip bombs' big member (compresses to about 60 kB)


def docx_bytes(paragraphs: list[str], heading: str = "Muistio") -> bytes:
    document = docx.Document()
    document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


MEMO_PARAGRAPHS = [
    "Tämä muistio kuvaa tietovarannon kehittämistä, mutta se ei ole kehittämissuunnitelma.",
    "Raportointi siirretään tietoaltaaseen vuoden 2026 aikana.",
]


def docx_file(paragraphs: list[str], heading: str) -> Builder:
    """(Every case gets its own heading: files with equal bytes would be one upload.)"""

    def build(path: Path) -> None:
        path.write_bytes(docx_bytes(paragraphs, heading))

    return build


def zip_file(members: dict[str, bytes]) -> Builder:
    def build(path: Path) -> None:
        make_zip(path, members)

    return build


DOCX_SKELETON = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "word/document.xml": b"<w:document/>",
}
XLSX_SKELETON = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "xl/workbook.xml": b"<workbook/>",
}


def _zeros_member(zf: zipfile.ZipFile, name: str, size: int) -> None:
    chunk = bytes(MB)
    with zf.open(name, "w", force_zip64=False) as member:
        for _ in range(size // MB):
            member.write(chunk)


def bomb(skeleton: dict[str, bytes], member: str, *, lie_about_size: bool = False) -> Builder:
    """A package whose `member` inflates to BOMB_BYTES of zeros (about 60 kB compressed)."""

    def build(path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for name, content in skeleton.items():
                if name != member:
                    zf.writestr(name, content)
            _zeros_member(zf, member, BOMB_BYTES)
        if lie_about_size:
            patch_declared_size(path, member, 1000)

    return build


def nested_bomb_docx(path: Path) -> None:
    """A real DOCX with text that carries a 42.zip-style nested archive (zips of zips of zeros) as an
    embedded object. The inner archives are never opened by the product, so the document loads."""
    level = io.BytesIO()
    with zipfile.ZipFile(level, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        _zeros_member(zf, "zeros.bin", 16 * MB)
    inner = level.getvalue()
    for depth in range(3):
        outer = io.BytesIO()
        with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as zf:
            for n in range(8):
                zf.writestr(f"level{depth}-{n}.zip", inner)
        inner = outer.getvalue()
    base = docx_bytes(["Upotettu arkisto ei saa purkautua.", *MEMO_PARAGRAPHS], heading="Sisäkkäinen arkisto")
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/embeddings/oleObject1.zip", inner)


def many_members_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, content in DOCX_SKELETON.items():
            zf.writestr(name, content)
        for n in range(5200):
            zf.writestr(f"word/media/m{n}.xml", b"")


def macro_docx(path: Path) -> None:
    """A macro-enabled document (.docm content type) saved under a .docx name."""
    data = docx_bytes(MEMO_PARAGRAPHS)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(
                    b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
                )
            dst.writestr(info, content)
        dst.writestr("word/vbaProject.bin", OLE2_MAGIC + bytes(512))


def odt_as_docx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")


def ole_encrypted(path: Path) -> None:
    """An OLE2/CFB compound file as Office writes a password-protected .docx (EncryptedPackage stream)."""
    header = OLE2_MAGIC + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + bytes(512 - 32)
    directory = "EncryptionInfo".encode("utf-16-le") + bytes(50) + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(header + directory + bytes(2048))


INFLATED_TEXT_BYTES = 99 * MB


def inflating_docx(path: Path) -> None:
    """A real DOCX (about 1 MB) whose word/document.xml unpacks to about 99 MB of text: inside the ZIP
    checks' limits (size, ratio), so only the budget of extracted characters stops it."""
    skeleton = zipfile.ZipFile(io.BytesIO(docx_bytes(["x"], "Paisuva")))
    sentences = [
        f"<w:p><w:r><w:t>Kappale {n}: {FINNISH.strip()} {n * 7919 % 10007}.</w:t></w:r></w:p>"
        for n in range(100)
    ]
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
        b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in skeleton.infolist():
            if info.filename != "word/document.xml":
                zf.writestr(info.filename, skeleton.read(info.filename))
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            written, n = len(head), 0
            while written < INFLATED_TEXT_BYTES:
                block = "".join(sentences[(n * 37 + k) % 100] for k in range(50)).encode()
                member.write(block)
                written += len(block)
                n += 1
            member.write(b"</w:body></w:document>")


def legacy_word(path: Path) -> None:
    """An Office 97-2003 Word file (OLE2 with a WordDocument stream), as old archives hold."""
    header = OLE2_MAGIC + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + bytes(512 - 32)
    directory = "Root Entry".encode("utf-16-le") + bytes(54) + "WordDocument".encode("utf-16-le")
    path.write_bytes(header + directory + bytes(2048))
