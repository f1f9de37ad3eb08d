"""Document conversion with LibreOffice headless and poppler (used by the export eval and tests).

LibreOffice is run with a throwaway HOME and user installation (`-env:UserInstallation`) so that it
neither touches the user's profile nor collides with another running instance.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path


class ConversionError(RuntimeError):
    pass


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(document: Path, out_dir: Path, *, timeout: float = 240) -> Path:
    """Convert `document` (DOCX, XLSX, ...) to PDF in `out_dir`; returns the PDF path."""
    binary = soffice()
    if binary is None:
        raise ConversionError("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="soffice-") as home:
        env = {**os.environ, "HOME": home}
        profile = Path(home, "profile").as_uri()
        cmd = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(document),
        ]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    pdf = out_dir / (document.stem + ".pdf")
    if proc.returncode != 0 or not pdf.exists():
        raise ConversionError(
            f"soffice failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}"
        )
    return pdf


def pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def to_png(pdf: Path, prefix: Path, *, dpi: int = 80) -> list[Path]:
    """Render every page of `pdf` as `<prefix>-NN.png` with pdftoppm; returns the files in page order."""
    binary = shutil.which("pdftoppm")
    if binary is None:
        raise ConversionError("pdftoppm (poppler-utils) is not installed")
    for old in prefix.parent.glob(prefix.name + "-*.png"):
        old.unlink()
    subprocess.run([binary, "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True, timeout=240)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))
