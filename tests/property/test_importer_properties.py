"""Plan import never crashes: arbitrary bytes, arbitrary JSON, random edits of a valid plan's JSON and of
its exported DOCX all end in an `ImportResult` with structured findings or a typed `PlanImportError`
with a message in every language."""

from __future__ import annotations

import functools
import io
import json
from typing import Any, get_args

import docx
from hypothesis import given
from hypothesis import strategies as st

from assistant import export, importer
from assistant.i18n import LANGUAGES
from assistant.template.spec import load_template
from tests.fixtures.plans import example_plan
from tests.property.strategies import FEW, PROPERTY, SEVERITIES, json_values, mutated, points_into, text

SPEC = load_template()
TARGETS = [t.name for t in SPEC.targets]
EXAMPLE = example_plan().model_dump(mode="json")
CODES = set(get_args(importer.ImportErrorCode))
MAX_BYTES = 1024 * 1024
PREFIXES = [
    b"",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"%PDF-1.7\n",
    b"{",
    b"[",
    b"\xef\xbb\xbf{",
]
PREFIXES += [b"\xff\xfe", b"\x1f\x8b", b" \n\t"]


def outcome(data: bytes, name: str) -> Any:
    """The import's result, or its typed error (checked: a known code with a message in every language)."""
    try:
        result = importer.import_bytes(data, name=name, max_bytes=MAX_BYTES)
    except importer.PlanImportError as exc:
        assert exc.code in CODES
        for language in LANGUAGES:
            message = exc.message(language)
            assert message.strip() and not message.startswith("importer.error.")
        return exc
    assert isinstance(result, importer.ImportResult) and result.format in ("json", "docx")
    for finding in result.validation.findings:
        assert finding.severity in SEVERITIES and finding.message.strip()
    for finding in result.findings:
        assert finding.severity in ("warning", "info") and finding.message.strip()
    assert result.ok == (result.plan is not None)
    json.dumps(result.to_json_dict())
    return result


@PROPERTY
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=400), name=text)
def test_arbitrary_bytes(prefix: bytes, body: bytes, name: str) -> None:
    outcome(prefix + body, name)


@PROPERTY
@given(data=json_values)
def test_arbitrary_json(data: Any) -> None:
    result = outcome(json.dumps(data).encode(), "x.json")
    if isinstance(result, importer.ImportResult) and not result.ok and isinstance(data, dict):
        assert all(points_into(data, f.path) for f in result.validation.findings)


@PROPERTY
@given(data=mutated(EXAMPLE, TARGETS))
def test_random_edits_of_a_plan_json(data: dict[str, Any]) -> None:
    result = outcome(json.dumps(data, ensure_ascii=False).encode(), "suunnitelma.json")
    assert isinstance(result, importer.ImportResult)  # a UTF-8 JSON object is always read
    assert all(points_into(data, f.path) for f in result.validation.findings)


# --- DOCX: random edits of an exported plan ---------------------------------------------------------------


@functools.cache
def exported_docx() -> bytes:
    return export.export_plan(example_plan(), "docx", language="fi").data


STYLES = ["Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "List Bullet"]
# What a person can type into Word: no control characters other than tab and newline, no lone surrogates.
typed = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n"), max_size=60)
WORDS = [*TARGETS, *(f.label.get("fi") for s in SPEC.sections for f in s.fields), "Lähteet", "3.4", "2021"]


@st.composite
def edited_docx(draw: st.DrawFn) -> bytes:
    """The exported plan with 1-5 edits a person might make: paragraphs deleted, retyped or restyled,
    table cells retyped or emptied, rows or whole tables deleted, headings inserted."""
    document = docx.Document(io.BytesIO(exported_docx()))
    for _ in range(draw(st.integers(1, 5))):
        paragraphs = document.paragraphs
        tables = document.tables
        operation = draw(
            st.sampled_from(["del_par", "text_par", "style_par", "cell", "del_row", "del_table"])
        )
        if operation.endswith("par") and paragraphs:
            paragraph = draw(st.sampled_from(paragraphs))
            if operation == "del_par":
                paragraph._p.getparent().remove(paragraph._p)
            elif operation == "text_par":
                paragraph.text = draw(typed | st.sampled_from(WORDS))
            else:
                paragraph.style = document.styles[draw(st.sampled_from(STYLES))]
        elif tables:
            table = draw(st.sampled_from(tables))
            rows = table.rows
            if operation == "cell" and rows:
                row = draw(st.sampled_from(list(rows)))
                cell = draw(st.sampled_from(row.cells))
                cell.text = draw(typed | st.sampled_from(WORDS) | st.just(""))
            elif operation == "del_row" and len(rows) > 0:
                tr = draw(st.sampled_from(list(rows)))._tr
                tr.getparent().remove(tr)
            elif operation == "del_table":
                table._tbl.getparent().remove(table._tbl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_exported_plan_imports() -> None:
    """The edits below start from a DOCX that imports cleanly (so the property is not vacuous)."""
    result = outcome(exported_docx(), "suunnitelma.docx")
    assert isinstance(result, importer.ImportResult) and result.ok and result.validation.valid


@FEW
@given(edited=edited_docx())
def test_random_edits_of_an_exported_docx(edited: bytes) -> None:
    result = outcome(edited, "muokattu.docx")
    if isinstance(result, importer.PlanImportError):
        # A Word document someone edited is not "corrupt": an unforeseen shape must not surface as an
        # internal error (a Python exception name in the message).
        assert result.code in ("not_a_plan",), (result.code, result.detail)
