"""O27/O28 as PDF through LibreOffice (ita.documents.pdf) and the font choice (ita.documents.fonts):
the PDF holds the document's title with its fonts embedded (read with pdfium: every text object's font
is embedded, one of them a Thai face), a missing, slow or failing LibreOffice raises the Thai error,
and TH SarabunPSK reaches the Word file's styles.xml and the Excel cells when chosen."""

from __future__ import annotations

import ctypes
import io
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from ita.documents import content as D
from ita.documents import pdf as P
from ita.documents.fonts import DEFAULT_FONT, FONTS, check_font
from ita.documents.spreadsheet import document_xlsx
from ita.documents.word import document_docx

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
THAI_FACES = ("Laksaman", "Sarabun", "Garuda", "Loma", "Norasi", "Kinnari", "NotoSansThai")


def flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def pdf_fonts(data: bytes) -> dict[str, bool]:
    """Returns {base font name: embedded?} of every font a text object of the PDF draws with."""
    pdf = pdfium.PdfDocument(data)
    fonts: dict[str, bool] = {}
    for i in range(len(pdf)):
        for obj in pdf[i].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,)):
            font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
            size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
            buf = ctypes.create_string_buffer(size)
            pdfium_c.FPDFFont_GetBaseFontName(font, buf, size)
            fonts[buf.value.decode("utf-8", "replace")] = bool(pdfium_c.FPDFFont_GetIsEmbedded(font))
    return fonts


def need_soffice() -> None:
    if P.soffice_path() is None:
        pytest.fail("LibreOffice (soffice) is missing: apt-get install --no-install-recommends "
                    "libreoffice-writer-nogui fonts-thai-tlwg (tests/run_all.sh does)", pytrace=False)


def test_o28_pdf_holds_the_title_with_thai_fonts_embedded(bundled, fw):
    need_soffice()
    doc = D.build_o28(bundled, PATUENG, 2568, fw)
    data = P.docx_to_pdf(document_docx(doc))
    assert data.startswith(b"%PDF-")
    pdf = pdfium.PdfDocument(data)
    text = flat("".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
    for line in doc.title:
        assert flat(line) in text
    fonts = pdf_fonts(data)
    assert fonts and all(fonts.values()), fonts  # every font drawn with is embedded
    assert any(face in name for name in fonts for face in THAI_FACES), fonts
    assert b"/FontFile2" in data or b"/FontFile3" in data or b"/FontFile" in data


def test_missing_soffice_raises_the_thai_error(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(P, "SOFFICE_CANDIDATES", ())
    assert P.soffice_path() is None
    with pytest.raises(P.PdfError) as exc:
        P.docx_to_pdf(b"PK")
    assert str(exc.value) == P.MISSING_TH
    assert str(exc.value).startswith("ยังทำ PDF ไม่ได้บนเครื่องนี้: ต้องติดตั้ง LibreOffice (")
    assert "libreoffice-writer-nogui" in exc.value.message_th


def test_timeout_and_failure_raise_thai_errors(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(P.PdfError, match="ทำ PDF ไม่สำเร็จ"):
        P.docx_to_pdf(b"PK", soffice=str(fake))

    def slow(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(P.subprocess, "run", slow)
    with pytest.raises(P.PdfError, match="ไม่เสร็จภายใน 5 วินาที"):
        P.docx_to_pdf(b"PK", timeout=5, soffice=str(fake))


def test_font_choice_reaches_word_styles_and_excel_cells(bundled, fw):
    assert FONTS == ("TH Sarabun New", "TH SarabunPSK") and DEFAULT_FONT == FONTS[0]
    assert check_font(None) == DEFAULT_FONT
    with pytest.raises(ValueError):
        check_font("Angsana New")
    doc = D.build_o27(bundled, PATUENG, 2569, fw)
    for font, other in ((None, "TH SarabunPSK"), ("TH SarabunPSK", "TH Sarabun New")):
        with zipfile.ZipFile(io.BytesIO(document_docx(doc, font=font))) as z:
            styles, body = z.read("word/styles.xml").decode(), z.read("word/document.xml").decode()
        expected = font or DEFAULT_FONT
        assert f'w:cs="{expected}"' in styles and f'w:ascii="{expected}"' in styles
        assert f'w:cs="{expected}"' in body
        assert other not in styles and other not in body
        wb = openpyxl.load_workbook(io.BytesIO(document_xlsx(doc, font=font)))
        names = {c.font.name for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
        assert names == {expected}
    # The choice holds only inside the call: the next file is in the default again.
    with zipfile.ZipFile(io.BytesIO(document_docx(doc))) as z:
        assert "TH SarabunPSK" not in z.read("word/styles.xml").decode()


def test_concurrent_conversions_use_their_own_profiles(bundled, fw, monkeypatch):
    seen: list[str] = []
    real = subprocess.run

    def spy(cmd, **kwargs):  # noqa: ANN001, ANN003, ANN202
        seen.append(next(a for a in cmd if a.startswith("-env:UserInstallation=")))
        folder = Path(kwargs["cwd"])
        (folder / "document.pdf").write_bytes(b"%PDF-1.7 fake")
        return real(["true"], capture_output=True)

    monkeypatch.setattr(P.subprocess, "run", spy)
    assert P.docx_to_pdf(b"PK", soffice="/bin/true") == b"%PDF-1.7 fake"
    assert P.docx_to_pdf(b"PK", soffice="/bin/true") == b"%PDF-1.7 fake"
    assert len(set(seen)) == 2 and all("ita-pdf-" in s for s in seen)
