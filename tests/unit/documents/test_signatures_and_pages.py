"""Issue 13: the agency's signers from its settings (อบต.ป่าตึง's from its own report), the signature
blocks that keep with the content before them, page numbers from page 2, the file's properties, no
theme font left in the styles, and each document's default date within its fiscal year."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from datetime import UTC, date, datetime, timedelta

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml.ns import qn

from ita.documents import content as D
from ita.documents.word import document_docx, o27_docx, o28_docx
from tests.unit.doc_samples import (
    AGENCY,
    plain_docx,  # noqa: E402
    plan_dataset,
)

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"
MEMO = "ขร ๗๓๕๐๑/๑๖๕๖"


def _docx(data: bytes) -> docx.document.Document:
    return plain_docx(data)


def test_patueng_signers_come_from_the_bundled_data_with_their_source(bundled):
    settings = D.agency_settings(bundled, PATUENG)
    assert settings == {
        "head_name": "นายณัฐกรณ์ ใจรังสี",
        "head_position": "นายกองค์การบริหารส่วนตำบลป่าตึง",
        "preparer_name": "นางสาวกนกพร โภชนพันธ์",
        "preparer_position": "หัวหน้าฝ่ายอำนวยการ",
        "address": "ตำบลป่าตึง อำเภอแม่จัน จังหวัดเชียงราย",
    }
    row = bundled["agencies"].set_index("agency").loc[PATUENG]
    # The source names the memo and quotes both signers as printed; the note keeps the memo's other two.
    assert MEMO in row["source"] and "(นางสาวกนกพร โภชนพันธ์) หัวหน้าฝ่ายอำนวยการ" in row["source"]
    assert "อนุมัติ / ให้ดำเนินการ (นายณัฐกรณ์ ใจรังสี)" in row["source"]
    assert "นางสาวนภัทธิญา วิชระอภิเดชากุล" in row["note"] and "ร้อยโท (กิตติชัย เจริญยิ่ง)" in row["note"]


def test_the_fictional_agency_has_fictional_signers(bundled):
    settings = D.agency_settings(bundled, SUKJAI)
    assert all("สมมุติ" in v for v in settings.values()), settings


def test_o27_ends_with_the_approval_block_of_the_head(bundled, fw):
    doc = D.build_o27(bundled, PATUENG, 2569, fw, issued=date(2025, 9, 26))
    (sig,) = doc.signatures
    assert (sig.name, sig.position, sig.role) == ("(นายณัฐกรณ์ ใจรังสี)", "นายกองค์การบริหารส่วนตำบลป่าตึง",
                                                  "ผู้อนุมัติ")
    assert sig.date_line == "ณ วันที่ ๒๖ กันยายน พ.ศ. ๒๕๖๘"
    last = [p.text for p in _docx(o27_docx(doc)).paragraphs][-4:]
    assert last == ["(ลงชื่อ) " + "." * 40, "(นายณัฐกรณ์ ใจรังสี)", "นายกองค์การบริหารส่วนตำบลป่าตึง", "ผู้อนุมัติ"]
    # A typed signer still wins over the settings.
    typed = D.build_o27(bundled, PATUENG, 2569, fw, signer_name="นายทดสอบ ใจดี", signer_position="รองนายก")
    assert (typed.signature.name, typed.signature.position) == ("(นายทดสอบ ใจดี)", "รองนายก")


def test_o28_has_the_reporter_and_the_heads_acknowledgement(bundled, fw):
    doc = D.build_o28(bundled, PATUENG, 2568, fw, issued=date(2025, 9, 30))
    assert [(s.name, s.position, s.role) for s in doc.signatures] == [
        ("(นางสาวกนกพร โภชนพันธ์)", "หัวหน้าฝ่ายอำนวยการ", "ผู้รายงาน"),
        ("(นายณัฐกรณ์ ใจรังสี)", "นายกองค์การบริหารส่วนตำบลป่าตึง", "ผู้บริหารรับทราบ/อนุมัติ"),
    ]
    d = _docx(o28_docx(doc))
    blocks = d.tables[-1]
    assert len(blocks.rows) == 1 and len(blocks.columns) == 2
    assert [c.text.split("\n")[-1] for c in blocks.rows[0].cells] == ["ผู้รายงาน", "ผู้บริหารรับทราบ/อนุมัติ"]
    # The row cannot break across pages.
    assert blocks.rows[0]._tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None


def test_an_agency_without_settings_gets_dotted_lines(fw):
    doc = D.build_o28(plan_dataset(2), AGENCY, 2569, fw)
    assert all(s.name.startswith("(....") and s.position.startswith("ตำแหน่ง ....") for s in doc.signatures)


def _keeps_with_next(p) -> bool:  # noqa: ANN001
    return p.paragraph_format.keep_with_next is True  # w:keepNext in the paragraph's XML, not val="0"


def test_the_blocks_keep_with_the_content_before_them(bundled, fw):
    # O27: the summary line keeps with the block, and every line of the block but the last with the next.
    d = _docx(o27_docx(D.build_o27(bundled, PATUENG, 2569, fw)))
    paragraphs = d.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text.startswith("จำนวน "))
    block = paragraphs[at + 1:]
    assert block[0].text.startswith("ณ วันที่") and block[-1].text == "ผู้อนุมัติ"
    assert _keeps_with_next(paragraphs[at])
    assert all(_keeps_with_next(p) for p in block[:-1]) and not _keeps_with_next(block[-1])
    # O28: the summary and the status lines keep with the table of the two blocks.
    d = _docx(o28_docx(D.build_o28(bundled, PATUENG, 2568, fw)))
    body = d.element.body
    table = body.findall(qn("w:tbl"))[-1]
    before = [el for el in table.itersiblings(preceding=True)][:2]
    assert [el.tag for el in before] == [qn("w:p")] * 2
    keep = [el.find(qn("w:pPr") + "/" + qn("w:keepNext")) for el in before]
    assert all(k is not None and k.get(qn("w:val")) in (None, "1", "true") for k in keep)
    for cell in d.tables[-1].rows[0].cells:
        assert all(_keeps_with_next(p) for p in cell.paragraphs[:-1])


def _fields(part_element) -> list[str]:  # noqa: ANN001
    return [t.text for t in part_element.iter(qn("w:instrText"))]


def test_page_numbers_from_page_two_and_not_on_the_first(bundled, fw):
    for doc in (D.build_o28(bundled, PATUENG, 2568, fw), D.build_o27(bundled, SUKJAI, 2569, fw)):
        d = _docx(document_docx(doc))
        first = d.sections[0]
        assert first.different_first_page_header_footer
        assert [f.strip() for f in _fields(first.header._element)] == ["PAGE"]
        assert _fields(first.first_page_header._element) == []
        header = first.header.paragraphs[0]
        assert header.text == "- ๒ -" and header.alignment == 1  # centred; Word updates the number
        # Every section's page numbers are Thai; later sections number their first page too.
        for section in d.sections:
            assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers"
        for section in d.sections[1:]:
            assert not section.different_first_page_header_footer
    arabic = _docx(document_docx(D.build_o28(bundled, PATUENG, 2568, fw, digits="arabic")))
    assert arabic.sections[0].header.paragraphs[0].text == "- 2 -"
    assert arabic.sections[0]._sectPr.find(qn("w:pgNumType")) is None


def test_file_properties_name_the_document_and_the_agency(bundled, fw):
    before = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=1)
    for doc in (D.build_o27(bundled, PATUENG, 2569, fw), D.build_o28(bundled, PATUENG, 2568, fw)):
        core = _docx(document_docx(doc)).core_properties
        assert core.title == " ".join(doc.title)
        assert core.subject.startswith(doc.kind) and "๒๕๖" in core.subject
        assert core.author == core.last_modified_by == PATUENG
        assert "python-docx" not in (core.author + core.comments)
        assert core.created >= before and core.modified >= before
        assert core.language == "th-TH"


def test_no_style_is_left_with_a_theme_font(bundled, fw):
    for doc in (D.build_o27(bundled, SUKJAI, 2569, fw), D.build_o28(bundled, PATUENG, 2568, fw)):
        with zipfile.ZipFile(io.BytesIO(document_docx(doc))) as z:
            styles = z.read("word/styles.xml").decode()
            assert "word/stylesWithEffects.xml" not in z.namelist()
        assert not re.search(r"(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)=", styles)
        fonts = re.findall(r"<w:rFonts [^>]*>", styles)
        assert fonts and all('w:cs="TH Sarabun New"' in f and 'w:ascii="TH Sarabun New"' in f for f in fonts)


@pytest.mark.parametrize(("today", "o27", "o28"), [
    # FY2569 is 1 Oct 2025 – 30 Sep 2026; O27 of 2569 is dated within FY2568, O28 of 2568 within FY2568.
    (date(2026, 12, 5), date(2025, 9, 30), date(2025, 9, 30)),  # both years over: their last day
    (date(2025, 6, 15), date(2025, 6, 15), date(2025, 6, 15)),  # within FY2568: today
    (date(2024, 5, 1), date(2024, 10, 1), date(2024, 10, 1)),  # before FY2568: its first day
])
def test_default_dates_lie_within_the_documents_fiscal_year(today, o27, o28):
    assert D.default_date("O27", 2569, today) == o27
    assert D.default_date("O28", 2568, today) == o28
    assert D.default_date("O27", 2569) <= date(2025, 9, 30)
    assert D.default_date("O28", 2568) == min(date.today(), date(2025, 9, 30))


def _flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_o28_rendered_by_libreoffice_numbers_page_two(bundled, fw, tmp_path):
    # Rendering as tests/e2e/test_documents_render.py does; a missing LibreOffice fails, as there.
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.fail("LibreOffice (soffice) is missing: apt-get install --no-install-recommends "
                    "libreoffice-writer-nogui (tests/run_all.sh does)", pytrace=False)
    (tmp_path / "o28.docx").write_bytes(document_docx(D.build_o28(bundled, PATUENG, 2568, fw)))
    proc = subprocess.run([exe, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "o28.docx")],
                          capture_output=True, text=True, timeout=180)
    assert (tmp_path / "o28.pdf").exists(), (proc.returncode, proc.stdout, proc.stderr)
    pdf = pdfium.PdfDocument((tmp_path / "o28.pdf").read_bytes())
    pages = [_flat(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    assert len(pages) >= 2
    assert not pages[0].startswith("-")  # no number on the first page
    # Word shows the section's Thai page numbers (- ๒ -); LibreOffice shows them in Arabic digits.
    assert pages[1].startswith(("-๒-", "-2-")), pages[1][:20]
    last = pages[-1]
    assert _flat("(นางสาวกนกพร โภชนพันธ์)") in last and _flat("(นายณัฐกรณ์ ใจรังสี)") in last
    assert _flat("มาตรการทั้งหมด") in last  # the blocks share their page with the content before them
