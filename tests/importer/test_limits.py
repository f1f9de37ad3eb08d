"""Plan import within the plan's limits: paths that are not files named, over-long texts refused with their
figures (JSON and DOCX), text repaired before storage, DOCX text counted before parsing."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from assistant.importer import PlanImportError, import_bytes, import_file
from assistant.importer.docx_reader import MAX_PLAN_CHARS
from assistant.template.models import LIMITS
from tests.hostile.generate import docx_bytes, example_plan_data


@pytest.mark.parametrize("kind", ["loop", "device", "folder", "fifo"])
def test_paths_that_are_not_files_are_named(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "suunnitelma.json"
    expected = {
        "loop": "symlink_loop",
        "device": "special_file",
        "folder": "directory",
        "fifo": "special_file",
    }
    if kind == "loop":
        path.symlink_to(path.name)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    with pytest.raises(PlanImportError) as err:
        import_file(path)
    assert err.value.code == expected[kind]
    assert "suunnitelma.json" in err.value.message("fi")


def test_json_over_long_field_is_refused_with_figures() -> None:
    data = example_plan_data()
    data["kuvaus"]["alueellisen_yhteistyon_malli"] = "x" * (LIMITS.field_chars + 1)
    result = import_bytes(json.dumps(data).encode(), name="p.json")
    assert result.plan is None
    (finding,) = result.validation.by_severity("error")
    assert finding.code == "too_long" and f"enintään {LIMITS.field_chars}" in finding.message


def test_json_lone_surrogates_are_repaired_and_stored(tmp_path: Path) -> None:
    data = example_plan_data()
    data["kuvaus"]["alueellisen_yhteistyon_malli"] = "X"
    raw = json.dumps(data).replace('"X"', '"Hyv\\udce4 \\ud800 p\\u00e4iv\\u00e4"').encode()
    result = import_bytes(raw, name="p.json")
    assert result.plan is not None
    text = result.plan.kuvaus.alueellisen_yhteistyon_malli
    assert text == "Hyv\ufffd \ufffd päivä"  # mixed surrogates: replaced, never a UnicodeEncodeError
    text.encode("utf-8")


def test_docx_over_the_text_budget_is_refused_before_parsing() -> None:
    base = docx_bytes(["x"], "Iso")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, src.read(info.filename))
        words = " ".join(f"tieto{n}" for n in range(MAX_PLAN_CHARS // 9 + 1000))  # varied: a low ratio
        body = f"<w:p><w:r><w:t>{words}</w:t></w:r></w:p>"
        xml = (
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            f'2006/main"><w:body>{body}</w:body></w:document>'
        )
        dst.writestr("word/document.xml", xml)
    with pytest.raises(PlanImportError) as err:
        import_bytes(out.getvalue(), name="iso.docx")
    assert err.value.code == "too_much_text" and "iso.docx" in err.value.message("fi")
