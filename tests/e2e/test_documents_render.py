"""Render check of the documents as a reader sees them: the Word files converted to PDF by
LibreOffice (headless), the executive brief printed to PDF by Chromium, every page rendered to PNG
(kept in test-artifacts/documents/) and checked: the pages exist, none is blank, the Thai text is
really there (read back from the PDF) and drawn with a Thai face.

A missing converter fails these tests, never skips them (tests/run_all.sh installs both)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from datetime import date

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from helpers import ARTIFACTS_DIR, CHROMIUM
from PIL import Image, ImageStat

from ita.core.framework import load_framework
from ita.documents import content as D
from ita.documents.brief import brief_html, build_brief, html_to_pdf
from ita.documents.linebreak import WORD_JOINER, breakable
from ita.documents.word import document_docx
from ita.storage.bundled import load_bundled
from tests.unit.doc_samples import AGENCY, plan_dataset  # noqa: E402

OUT = ARTIFACTS_DIR / "documents"
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"
THAI_FACES = (b"Laksaman", b"Sarabun", b"Garuda", b"Loma", b"Norasi", b"Kinnari", b"Noto Sans Thai")
A4_POINTS = (595, 842)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail("LibreOffice (soffice) is missing, so the Word files cannot be rendered. Install it with "
                    "`apt-get install --no-install-recommends libreoffice-writer-nogui` (tests/run_all.sh does).",
                    pytrace=False)
    return found


def ink(img: Image.Image) -> float:
    """Returns the share of the page that is not white (0 for a blank page)."""
    grey = img.convert("L").point(lambda v: 255 if v > 245 else 0)
    return 1 - ImageStat.Stat(grey).mean[0] / 255


def render(pdf_bytes: bytes, stem: str) -> tuple[pdfium.PdfDocument, list[Image.Image]]:
    """Returns the PDF and its pages as images, each saved as test-artifacts/documents/STEM-pN.png."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{stem}.pdf").write_bytes(pdf_bytes)
    pdf = pdfium.PdfDocument(pdf_bytes)
    images = []
    for i in range(len(pdf)):
        img = pdf[i].render(scale=1.25).to_pil()
        img.save(OUT / f"{stem}-p{i + 1}.png")
        images.append(img)
    return pdf, images


def text_of(pdf: pdfium.PdfDocument) -> str:
    """Returns the PDF's text without whitespace, NFKC-normalised (a PDF's text layer breaks lines
    inside words and may spell สระอำ as ํ + า), ready for `flat(expected) in text_of(pdf)`."""
    return flat("".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))


def flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="module")
def word_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Converts the Word files to PDF in one LibreOffice run; returns {stem: PDF bytes}."""
    exe = soffice()
    fw = load_framework()
    ds = load_bundled()[0]
    day = date(2025, 9, 26)
    docs = {
        "o27-fictional-2569": D.build_o27(ds, SUKJAI, 2569, fw, issued=day),
        "o27-patueng-2569": D.build_o27(ds, PATUENG, 2569, fw, issued=day),
        "o27-patueng-2569-arabic": D.build_o27(ds, PATUENG, 2569, fw, issued=day, digits="arabic"),
        "o27-patueng-2568": D.build_o27(ds, PATUENG, 2568, fw, issued=date(2024, 9, 26)),
        "o28-fictional-2569": D.build_o28(ds, SUKJAI, 2569, fw),
        "o28-patueng-2568": D.build_o28(ds, PATUENG, 2568, fw, issued=day),
        "o28-patueng-2569": D.build_o28(ds, PATUENG, 2569, fw),
        "o28-twenty-measures-arabic": D.build_o28(plan_dataset(20), AGENCY, 2569, fw, digits="arabic"),
    }
    tmp = tmp_path_factory.mktemp("render")
    for stem, doc in docs.items():
        (tmp / f"{stem}.docx").write_bytes(document_docx(doc))
    proc = subprocess.run(
        [exe, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp), *sorted(str(p) for p in tmp.glob("*.docx"))],
        capture_output=True, text=True, timeout=300,
    )
    pdfs = {stem: (tmp / f"{stem}.pdf").read_bytes() for stem in docs if (tmp / f"{stem}.pdf").exists()}
    assert set(pdfs) == set(docs), (proc.returncode, proc.stdout, proc.stderr)
    return pdfs


def test_o27_word_file_renders_with_thai_text_chart_and_no_blank_page(word_pdfs):
    pdf, pages = render(word_pdfs["o27-fictional-2569"], "o27-fictional-2569")
    assert len(pages) >= 3
    assert all(ink(p) > 0.001 for p in pages), [round(ink(p), 4) for p in pages]
    text = text_of(pdf)
    assert flat("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส") in text
    for heading in D.HEADINGS:
        assert flat(heading) in text
    assert flat("ข้อมูลสมมุติ") in text
    assert "๙๑.๙๓" in text
    images = sum(len(list(pdf[i].get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)))) for i in range(len(pdf)))
    assert images == 1  # the results chart
    assert any(face in word_pdfs["o27-fictional-2569"] for face in THAI_FACES)
    # The measures are on landscape pages, the analysis on portrait ones.
    sizes = {tuple(round(v) for v in pdf[i].get_size()) for i in range(len(pdf))}
    assert sizes == {A4_POINTS, A4_POINTS[::-1]}


def test_patueng_documents_render(word_pdfs):
    for stem, expected in (("o27-patueng-2569", "มาตรการลดขั้นตอนในการให้บริการ"),
                           ("o28-patueng-2568", "มาตรการที่ ๓ มาตรการกำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ")):
        pdf, pages = render(word_pdfs[stem], stem)
        assert pages and all(ink(p) > 0.001 for p in pages), stem
        text = text_of(pdf)
        assert flat("องค์การบริหารส่วนตำบลป่าตึง") in text
        assert flat(expected) in text


def test_twenty_measures_render_in_arabic_digits(word_pdfs):
    pdf, pages = render(word_pdfs["o28-twenty-measures-arabic"], "o28-twenty-measures-arabic")
    assert len(pages) >= 2 and all(ink(p) > 0.001 for p in pages)
    text = text_of(pdf)
    assert flat("มาตรการทดสอบที่ 20") in text
    assert not set(text) & set("๐๑๒๓๔๕๖๗๘๙")


@pytest.mark.parametrize("case", ["fictional", "patueng", "twenty-measures"])
def test_brief_prints_on_one_a4_page_with_thai_text(case: str):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing, so the brief cannot be printed (tests/run_all.sh installs it).",
                    pytrace=False)
    fw = load_framework()
    if case == "twenty-measures":
        ds, agency, year = plan_dataset(20), AGENCY, 2568
    else:
        ds, agency, year = load_bundled()[0], (SUKJAI if case == "fictional" else PATUENG), 2568
    pdf_bytes = html_to_pdf(brief_html(build_brief(ds, agency, year, 2569, fw)), chromium=str(CHROMIUM))
    pdf, pages = render(pdf_bytes, f"brief-{case}")
    assert len(pages) == 1, "the brief must fit one A4 page"
    assert tuple(round(v) for v in pdf[0].get_size()) == A4_POINTS
    assert ink(pages[0]) > 0.01
    text = text_of(pdf)
    assert flat("สรุปผล ITA สำหรับผู้บริหาร") in text
    assert flat(agency) in text
    assert any(face in pdf_bytes for face in THAI_FACES)


def _lines(pdf: pdfium.PdfDocument, i: int) -> list[str]:
    """Returns page i's drawn lines, NFKC-normalised, without spaces. Lines are found from the glyphs'
    boxes (the next glyph starts left of the last one and lower down), not from the text layer's line
    ends, which pdfium also puts inside a word after a stacked vowel and tone mark ("ผู้")."""
    page = pdf[i].get_textpage()
    lines: list[str] = []
    current: list[str] = []
    last = None
    for k in range(page.count_chars()):
        ch = page.get_text_range(k, 1)
        if not ch.strip():
            continue
        left, bottom, right, top = page.get_charbox(k)
        if last is not None and right < last[0] and top < last[1]:
            lines.append(flat("".join(current)))
            current = []
        current.append(ch)
        last = (left, bottom)
    if current:
        lines.append(flat("".join(current)))
    return [line for line in lines if line]


def _bounded(text: str) -> tuple[str, set[int]]:
    """Returns the text flattened and the positions in it where linebreak.breakable lets a line end
    (its zero width spaces and the spaces)."""
    flat_text, ends = "", set()
    for piece in re.split(r"[\u200b\s]+", breakable(text).replace(WORD_JOINER, "")):
        flat_text += flat(piece)
        ends.add(len(flat_text))
    return flat_text, ends


def split_words(pdf: pdfium.PdfDocument, texts: list[str]) -> list[str]:
    """Returns the line ends of the PDF that fall inside a word of `texts`: where the six characters
    either side of the end are found together in a text, and never at one of its word ends. Line ends
    between two different texts are not found together and are not judged."""
    sources = [_bounded(t) for t in texts]
    found = []
    for i in range(len(pdf)):
        lines = _lines(pdf, i)
        for a, b in zip(lines, lines[1:], strict=False):
            left, right = a[-6:], b[:6]
            cuts = [(at + len(left), ends) for text, ends in sources for at in _occurrences(text, left + right)]
            if cuts and not any(cut in ends for cut, ends in cuts):
                found.append(f"{left}/{right}")
    return found


def _occurrences(text: str, part: str) -> list[int]:
    out, at = [], text.find(part)
    while at != -1:
        out.append(at)
        at = text.find(part, at + 1)
    return out


def test_o28_2569_fits_seven_pages_numbered_from_two_words_whole_and_signed_with_its_last_block(word_pdfs):
    """Issue 13's done-when for O28 FY2569 (six measures; 14 landscape pages before)."""
    pdf, pages = render(word_pdfs["o28-patueng-2569"], "o28-patueng-2569")
    assert 4 <= len(pages) <= 7
    lines = [_lines(pdf, i) for i in range(len(pdf))]
    assert not lines[0][0].startswith(("-1-", "-๑-"))
    for i in range(1, len(pdf)):
        # LibreOffice draws the Thai page numbers of the section in Arabic digits (Word in Thai ones).
        assert lines[i][0].startswith((f"-{i + 1}-", f"-{D.program_text(str(i + 1), 'thai')}-")), lines[i][:2]
    # The last block's last row and both signature blocks share the last page.
    last = "".join(lines[-1])
    assert flat("ยังไม่มีการบันทึกข้อเสนอแนะ") in last and flat(D.ACKNOWLEDGER) in last and flat(D.REPORTER) in last
    doc = D.build_o28(load_bundled()[0], PATUENG, 2569, load_framework())
    texts = [doc.measures_heading, *doc.title, *(t for m in doc.measures for row in m.o28_block() for t in row),
             *(m.o28_heading for m in doc.measures)]
    assert split_words(pdf, texts) == []


# Pages as rendered today (Laksaman in place of TH Sarabun New), with room for another font's metrics:
# O27 FY2569 10 (11 before issue 13; its review of the FY2568 measures, issue 16, fits in the pages it had),
# FY2568 7 (8), O28 FY2568 5 (8), the fictional O27 7 (6 before its review of the 2568 measures) and O28 4.
@pytest.mark.parametrize(("stem", "kind", "agency", "year", "digits", "low", "high"), [
    ("o27-patueng-2569", "O27", PATUENG, 2569, "thai", 8, 11),
    ("o27-patueng-2569-arabic", "O27", PATUENG, 2569, "arabic", 8, 11),
    ("o27-patueng-2568", "O27", PATUENG, 2568, "thai", 5, 8),
    ("o28-patueng-2568", "O28", PATUENG, 2568, "thai", 3, 6),
    ("o27-fictional-2569", "O27", SUKJAI, 2569, "thai", 5, 8),
    ("o28-fictional-2569", "O28", SUKJAI, 2569, "thai", 2, 5),
])
def test_every_document_has_its_pages_numbered_from_two_and_its_signers_on_the_last(
        word_pdfs, stem, kind, agency, year, digits, low, high):
    pdf, _ = render(word_pdfs[stem], stem)
    assert low <= len(pdf) <= high
    lines = [_lines(pdf, i) for i in range(len(pdf))]
    assert not lines[0][0].startswith(("-1-", "-๑-"))
    for i in range(1, len(pdf)):
        assert lines[i][0].startswith((f"-{i + 1}-", f"-{D.program_text(str(i + 1), 'thai')}-")), lines[i][:2]
    ds, fw = load_bundled()[0], load_framework()
    build = D.build_o27 if kind == "O27" else D.build_o28
    doc = build(ds, agency, year, fw, digits=digits)
    last = "".join(lines[-1])
    # The approval block, filled from the agency's settings, sits on the last page with what precedes it.
    assert doc.signatures and all(flat(s.name) in last and flat(s.role) in last for s in doc.signatures)
    if agency == PATUENG:
        assert flat("(นายณัฐกรณ์ ใจรังสี)") in last and flat("นายกองค์การบริหารส่วนตำบลป่าตึง") in last
    if digits == "arabic":
        assert not set(text_of(pdf)) & set("๐๑๒๓๔๕๖๗๘๙")


def test_the_word_check_finds_a_split_in_a_file_without_the_marks(tmp_path):
    """The check above can fail: the same words without linebreak's marks, in a narrow cell, are split."""
    import docx
    from docx.shared import Cm

    text = "กองสาธารณสุขและสิ่งแวดล้อม ประชาสัมพันธ์ผ่านFacebookของอบต.ป่าตึง " * 3
    d = docx.Document()
    table = d.add_table(rows=1, cols=1)
    table.autofit = False
    table.columns[0].width = Cm(3.5)  # LibreOffice reads the grid's width
    cell = table.rows[0].cells[0]
    cell.width = Cm(3.5)
    cell.paragraphs[0].add_run(text)
    d.save(tmp_path / "plain.docx")
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "plain.docx")],
                   capture_output=True, timeout=120, check=True)
    pdf = pdfium.PdfDocument((tmp_path / "plain.pdf").read_bytes())
    assert split_words(pdf, [text])


@pytest.mark.parametrize("stem", ["o28-patueng-2568", "o27-patueng-2569", "o27-patueng-2568", "o27-fictional-2569",
                                  "o28-fictional-2569"])
def test_no_word_of_the_documents_is_split_across_lines(word_pdfs, stem: str):
    ds, fw = load_bundled()[0], load_framework()
    day = date(2025, 9, 26)
    # The dates and agencies of word_pdfs' documents (what the texts hold does not depend on the date).
    year, agency = int(stem[-4:]), SUKJAI if "fictional" in stem else PATUENG
    doc = (D.build_o28(ds, agency, year, fw, issued=day) if stem.startswith("o28")
           else D.build_o27(ds, agency, year, fw, issued=day))
    texts = [*doc.title, doc.intro, doc.measures_heading, *(t for row in doc.rows() for cell in row for t in
                                                             cell.split("\n"))]
    if doc.kind == "O28":
        texts += [t for m in doc.measures for row in m.o28_block() for cell in row for t in cell.split("\n")]
        texts += [m.o28_heading for m in doc.measures]
    else:
        texts += [line for text in doc.analysis.texts() for line in text.split("\n")]
        # The review of the previous plan year's measures (issue 16): its table and the lines under it.
        texts += [doc.review_heading, *doc.review_lines,
                  *(t for r in doc.review_rows for cell in r.cells() for t in cell.split("\n"))]
    pdf = pdfium.PdfDocument(word_pdfs[stem])
    assert split_words(pdf, texts) == []
