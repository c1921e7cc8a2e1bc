"""O27 and O28 as PDF, for posting on the agency's website: the Word file converted by LibreOffice
headless (`soffice --headless --convert-to pdf`), which embeds the fonts it draws with (a subset of
TH Sarabun New where installed, else fontconfig's stand-in, Laksaman from fonts-thai-tlwg).

Each conversion runs in its own temporary folder with its own LibreOffice profile
(`-env:UserInstallation`), so conversions running at the same time (two users, two clicks) neither
share nor lock a profile; it is bounded by a timeout. Install with
`apt-get install --no-install-recommends libreoffice-writer-nogui fonts-thai-tlwg`.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ita.core.errors import ItaError

SOFFICE_NAMES = ("soffice", "libreoffice")
SOFFICE_CANDIDATES = ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice")
TIMEOUT_S = 60
INSTALL = "apt-get install libreoffice-writer-nogui fonts-thai-tlwg"
MISSING_TH = f"ยังทำ PDF ไม่ได้บนเครื่องนี้: ต้องติดตั้ง LibreOffice ({INSTALL})"


class PdfError(ItaError):
    """The PDF could not be made; `message_th` says why in Thai."""

    def __str__(self) -> str:
        return self.message_th


def soffice_path() -> str | None:
    """Returns LibreOffice's `soffice` when it is installed, else None."""
    for name in SOFFICE_NAMES:
        if found := shutil.which(name):
            return found
    return next((c for c in SOFFICE_CANDIDATES if Path(c).is_file()), None)


def docx_to_pdf(docx_bytes: bytes, timeout: float = TIMEOUT_S, soffice: str | None = None) -> bytes:
    """Returns the Word file converted to PDF by LibreOffice. Raises PdfError with a Thai message when
    LibreOffice is missing, takes longer than `timeout` seconds or gives no PDF."""
    exe = soffice or soffice_path()
    if exe is None or not Path(exe).is_file():
        raise PdfError(MISSING_TH, "LibreOffice (soffice) is not installed, so no PDF can be made")
    with tempfile.TemporaryDirectory(prefix="ita-pdf-") as tmp:
        folder = Path(tmp)
        src, out = folder / "document.docx", folder / "document.pdf"
        src.write_bytes(docx_bytes)
        cmd = [exe, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(folder), str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, cwd=folder)
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"LibreOffice ทำ PDF ไม่เสร็จภายใน {timeout:g} วินาที ลองใหม่อีกครั้ง",
                           f"LibreOffice did not finish within {timeout:g} s") from exc
        except OSError as exc:
            raise PdfError(f"เรียก LibreOffice ไม่ได้ จึงทำ PDF ไม่ได้: {exc.strerror or exc}",
                           f"LibreOffice could not be started: {exc}") from exc
        if not out.is_file() or out.stat().st_size == 0:
            detail = (proc.stderr or proc.stdout).decode("utf-8", "replace")[-300:]
            raise PdfError(f"LibreOffice ทำ PDF ไม่สำเร็จ (รหัส {proc.returncode})",
                           f"LibreOffice exited {proc.returncode} without a PDF: {detail}")
        return out.read_bytes()
