"""The Word and Excel files of O27 and O28, reopened and read back: rows in plan order, the analysis
headings, Thai digits on and off, TH Sarabun New in the complex-script slot, the native Excel chart,
frozen headers and typed text that stays text."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import docx
import openpyxl
from docx.oxml.ns import qn

from ita.core.thai import THAI_DIGITS
from ita.documents import content as D
from ita.documents.spreadsheet import THAI_NUMBER, o27_xlsx, o28_xlsx, text_width
from ita.documents.word import FONT, document_docx, o27_docx, o28_docx
from tests.unit.doc_samples import (
    AGENCY,
    FORMULA_FOLLOWUP,
    FORMULA_METHOD,
    FORMULA_OWNER,
    FORMULA_TITLE,
    plain_docx,  # noqa: E402
    plan_dataset,
)

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx(data: bytes) -> docx.document.Document:
    return plain_docx(data)


def _text(d: docx.document.Document) -> str:
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    for s in d.sections:
        parts += [p.text for p in s.header.paragraphs]
    return "\n".join(parts)


def _rows(table) -> list[list[str]]:  # noqa: ANN001
    return [[c.text for c in row.cells] for row in table.rows]


# -- Word ------------------------------------------------------------------------------------------


def test_o27_docx_has_the_headings_the_results_and_the_measures_in_order(bundled, fw):
    d = _docx(o27_docx(D.build_o27(bundled, PATUENG, 2569, fw, issued=date(2025, 9, 26))))
    text = _text(d)
    for heading in D.HEADINGS:
        assert heading in text
    paragraphs = [p.text for p in d.paragraphs]
    at = [next(i for i, p in enumerate(paragraphs) if h in p) for h in D.HEADINGS]
    assert at == sorted(at)
    # The default analysis text sits under its heading, and says the agency has totals only.
    assert "ไม่มีคะแนนรายตัวชี้วัด" in paragraphs[at[0] + 1]
    # The results, the review of the FY2568 measures (issue 16), then the FY2569 measures.
    results, review, measures = d.tables
    assert _rows(review)[0] == ["ลำดับ", "มาตรการ", "สถานะ", "ตัวชี้วัดที่มุ่ง", "คะแนนที่เปลี่ยน ๒๕๖๗ → ๒๕๖๘"]
    assert _rows(results) == [["ตัวชี้วัด", "ปี ๒๕๖๗", "ปี ๒๕๖๘", "เปลี่ยนแปลง"], ["คะแนนรวม", "๙๐.๓๖", "๙๘.๘๐", "+๘.๔๔"]]
    rows = _rows(measures)
    assert rows[0] == list(D.O27_COLUMNS)
    assert [r[0].split(".")[0] for r in rows[1:]] == ["๑", "๒", "๓", "๔", "๖", "๗"]
    assert rows[1][2] == "๑. สำนักปลัด\n๒. กองคลัง\n๓. กองการศึกษาฯ\n๔. กองช่าง\n๕. กองสาธารณสุขฯ"
    assert "ณ วันที่ ๒๖ กันยายน พ.ศ. ๒๕๖๘" in text
    assert "(ลงชื่อ)" in text
    # The header row repeats on every page; the measures are on a landscape page; the chart is there.
    assert measures.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert d.sections[-1].page_width > d.sections[-1].page_height
    assert len(d.inline_shapes) == 1


def test_docx_names_th_sarabun_new_in_the_complex_script_slot_everywhere(bundled, fw):
    for data in (o27_docx(D.build_o27(bundled, SUKJAI, 2569, fw)), o28_docx(D.build_o28(bundled, PATUENG, 2568, fw))):
        d = _docx(data)
        normal = d.styles["Normal"].element.rPr
        fonts = normal.find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == FONT and fonts.get(qn("w:ascii")) == FONT
        assert normal.find(qn("w:szCs")).get(qn("w:val")) == "32"  # 16 pt
        assert normal.find(qn("w:sz")).get(qn("w:val")) == "32"
        assert normal.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
        runs = d.element.body.iter(qn("w:r"))
        checked = 0
        for r in runs:
            if not "".join(t.text or "" for t in r.iter(qn("w:t"))):
                continue
            rpr = r.find(qn("w:rPr"))
            fonts = rpr.find(qn("w:rFonts"))
            assert fonts.get(qn("w:cs")) == FONT
            assert fonts.get(qn("w:cstheme")) is None and fonts.get(qn("w:asciiTheme")) is None
            assert rpr.find(qn("w:szCs")) is not None
            if rpr.find(qn("w:b")) is not None and rpr.find(qn("w:b")).get(qn("w:val")) == "1":
                # Word makes Thai bold only through the complex-script bold.
                assert rpr.find(qn("w:bCs")).get(qn("w:val")) == "1"
            checked += 1
        assert checked > 50


def test_docx_digits_thai_by_default_and_arabic_on_request(bundled, fw):
    thai = _text(_docx(document_docx(D.build_o27(bundled, PATUENG, 2569, fw))))
    assert "๙๘.๘๐" in thai and "98.80" not in thai and "ต.ค.๖๘ ถึง ก.ย.๖๙" in thai
    arabic = _text(_docx(document_docx(D.build_o27(bundled, PATUENG, 2569, fw, digits="arabic"))))
    assert "98.80" in arabic and "+8.44" in arabic and "ต.ค.68 ถึง ก.ย.69" in arabic
    assert not set(arabic) & set(THAI_DIGITS)


def _blocks(d) -> list[tuple[str, dict[str, str]]]:  # noqa: ANN001
    """Returns O28's measure blocks as (heading, {label: text}); the last table is the signatures'."""
    out = []
    for table in d.tables[:-1]:
        rows = _rows(table)
        out.append((rows[0][0], {label: text for label, text in rows[1:]}))
    return out


def test_o28_docx_reproduces_the_report_with_status_one_block_per_measure(bundled, fw):
    d = _docx(o28_docx(D.build_o28(bundled, PATUENG, 2568, fw)))
    blocks = _blocks(d)
    assert [h.split(" ")[0:2] for h, _ in blocks] == [["มาตรการที่", n] for n in ("๑", "๒", "๓")]
    assert blocks[0][0].startswith("มาตรการที่ ๑ มาตรการเสริมสร้างความซื่อสัตย์สุจริต")
    assert blocks[2][0] == "มาตรการที่ ๓ มาตรการกำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ"
    for _, fields in blocks:
        assert list(fields) == list(D.O28_BLOCK_LABELS)  # each plan names its weakness
        assert fields["สถานะ"] == "แล้วเสร็จ*"  # inferred, marked (note under the blocks)
        assert fields["ปัญหา/อุปสรรค"] == "ยังไม่มีการบันทึกปัญหา/อุปสรรค"
    assert "มีคู่มือการปฏิบัติงานของเจ้าหน้าที่" in blocks[0][1]["ผลลัพธ์/ความสำเร็จ"]
    text = _text(d)
    assert "โดยภาพรวมได้คะแนน ๙๘.๘๐ อยู่ในระดับ “ผ่านดี”" in text
    assert D.OVERALL_HEADING in text and "ข้อเสนอแนะ: ยังไม่มีการบันทึกข้อเสนอแนะในภาพรวม" in text
    assert "ข้อมูลสมมุติ" not in text


def test_fictional_documents_carry_the_label_in_the_page_header_and_the_body(bundled, fw):
    d = _docx(o28_docx(D.build_o28(bundled, SUKJAI, 2569, fw)))
    header = d.sections[0].header
    assert "ข้อมูลสมมุติ" in "\n".join(p.text for p in header.paragraphs)  # under the page number
    assert "ข้อมูลสมมุติ" in d.sections[0].first_page_header.paragraphs[0].text
    assert "ข้อมูลสมมุติ" in d.paragraphs[0].text
    wb = openpyxl.load_workbook(io.BytesIO(o27_xlsx(D.build_o27(bundled, SUKJAI, 2569, fw))))
    for ws in wb.worksheets:
        assert ws["A1"].value.startswith("ข้อมูลสมมุติ")


def test_twenty_measures_in_word_in_order(fw):
    ds = plan_dataset(20)
    d = _docx(o27_docx(D.build_o27(ds, AGENCY, 2569, fw)))
    rows = _rows(d.tables[-1])[1:]
    assert [r[0].split(".")[0] for r in rows] == [D.program_text(str(i), "thai") for i in range(1, 21)]
    # 10 indicator rows, 3 tools, the total (2568 has no published total: computed, and said so).
    assert len(_rows(d.tables[0])) == 1 + 14
    assert "คำนวณจากคะแนนตัวชี้วัด" in _text(d)
    o28 = _blocks(_docx(o28_docx(D.build_o28(ds, AGENCY, 2569, fw))))
    assert [h.split(" ")[1] for h, _ in o28] == [D.program_text(str(i), "thai") for i in range(1, 21)]
    assert ("• ๕ พ.ย. ๒๕๖๘: ความก้าวหน้าของมาตรการที่ 1 ณ 2025-11-05 (หลักฐาน: https://example.go.th/x)"
            in o28[0][1]["ผลการดำเนินการ"])


# -- Excel ---------------------------------------------------------------------------------------


def _wb(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _header_row(ws, first: str) -> int:  # noqa: ANN001
    return next(r for r in range(1, 6) if ws.cell(r, 1).value == first)


def test_o27_xlsx_sheets_rows_frozen_header_and_native_chart(bundled, fw):
    data = o27_xlsx(D.build_o27(bundled, SUKJAI, 2569, fw))
    wb = _wb(data)
    assert wb.sheetnames == ["ผลการประเมิน", "ผลตามมาตรการ", "การวิเคราะห์", "มาตรการ"]  # the review of FY2568
    ws = wb["มาตรการ"]
    head = _header_row(ws, "มาตรการ/แนวทาง")
    assert [ws.cell(head, j).value for j in range(1, 6)] == list(D.O27_COLUMNS)
    assert ws.freeze_panes == f"A{head + 1}"
    assert [ws.cell(head + i, 1).value.split(".")[0] for i in range(1, 5)] == ["๑", "๒", "๓", "๔"]
    assert ws.cell(head + 1, 2).alignment.wrap_text
    assert ws.cell(head + 1, 1).font.name == "TH Sarabun New" and ws.cell(head + 1, 1).font.sz == 16
    for col in "ABCDE":
        assert 8 <= ws.column_dimensions[col].width <= 62
    analysis = wb["การวิเคราะห์"]
    ah = _header_row(analysis, "หัวข้อ")
    # Each heading starts its block of points (one a row), in order, with its first point beside it.
    starts = [r for r in range(ah + 1, analysis.max_row + 1) if analysis.cell(r, 1).value]
    assert len(starts) == 3
    for r, heading in zip(starts, D.HEADINGS, strict=True):
        assert analysis.cell(r, 1).value.endswith(heading)
        assert analysis.cell(r, 2).value
    assert analysis.freeze_panes == f"A{ah + 1}"
    results = wb["ผลการประเมิน"]
    rh = _header_row(results, "ที่")
    assert [results.cell(rh, j).value for j in range(1, 6)] == ["ที่", "ตัวชี้วัด", "ปี ๒๕๖๗", "ปี ๒๕๖๘", "เปลี่ยนแปลง"]
    assert results.cell(rh + 1, 1).value == "๑"
    assert results.cell(rh + 1, 4).value == 95.2 and results.cell(rh + 1, 4).number_format == THAI_NUMBER
    assert results.cell(rh + 14, 2).value == "คะแนนรวม"
    # openpyxl does not read charts back, so the chart is checked in the file itself.
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
    assert re.search(r"<(c:)?barChart>", xml)
    assert "'ผลการประเมิน'!$D$" in xml and "'ผลการประเมิน'!$A$" in xml
    assert "ปี ๒๕๖๘" in xml
    assert re.search(r'<(c:)?delete val="0"/>', xml)


def test_xlsx_digits_switch_to_arabic(bundled, fw):
    wb = _wb(o27_xlsx(D.build_o27(bundled, PATUENG, 2569, fw, digits="arabic")))
    ws = wb["ผลการประเมิน"]
    rh = _header_row(ws, "ที่")
    assert [ws.cell(rh, j).value for j in (3, 4)] == ["ปี 2567", "ปี 2568"]
    assert ws.cell(rh + 1, 4).value == 98.8 and ws.cell(rh + 1, 4).number_format == "0.00"
    m = wb["มาตรการ"]
    values = [str(c.value) for row in m.iter_rows() for c in row if c.value is not None]
    assert not set("".join(values)) & set(THAI_DIGITS)
    thai = _wb(o27_xlsx(D.build_o27(bundled, PATUENG, 2569, fw)))["ผลการประเมิน"]
    assert thai.cell(rh + 1, 4).number_format == "[$-D00041E]0.00"


def test_o28_xlsx_rows_status_and_counts(bundled, fw):
    wb = _wb(o28_xlsx(D.build_o28(bundled, PATUENG, 2568, fw)))
    assert wb.sheetnames == ["รายงานผล", "สรุปสถานะ"]
    ws = wb["รายงานผล"]
    head = _header_row(ws, "ลำดับ")
    assert [ws.cell(head, j).value for j in range(1, 11)] == list(D.O28_COLUMNS)
    assert ws.freeze_panes == f"A{head + 1}"
    assert [ws.cell(head + i, 1).value for i in (1, 2, 3)] == [1, 2, 3]  # numbers, shown in Thai digits
    assert ws.cell(head + 1, 1).number_format == "[$-D00041E]0"
    assert [ws.cell(head + i, 8).value for i in (1, 2, 3)] == ["แล้วเสร็จ*"] * 3
    assert ws.cell(head + 3, 2).value == "มาตรการกำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ"
    counts = wb["สรุปสถานะ"]
    ch = _header_row(counts, "สถานะ")
    assert [(counts.cell(ch + i, 1).value, counts.cell(ch + i, 2).value) for i in range(1, 6)][-1] == ("แล้วเสร็จ", 3)
    assert counts.cell(ch + 5, 2).number_format == "[$-D00041E]0" and counts.cell(ch + 5, 3).value == 100.0


def test_typed_text_that_looks_like_a_formula_stays_text(fw):
    ds = plan_dataset(3, formula_texts=True)
    o27 = o27_xlsx(D.build_o27(ds, AGENCY, 2569, fw))
    o28 = o28_xlsx(D.build_o28(ds, AGENCY, 2569, fw))  # O28 has no follow-up column
    for data, typed_texts in ((o27, (FORMULA_TITLE, FORMULA_METHOD, FORMULA_OWNER, FORMULA_FOLLOWUP)),
                              (o28, (FORMULA_TITLE, FORMULA_OWNER))):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(re.search(r"<f>|<f ", xml) for xml in sheets)
        wb = _wb(data)
        cells = {c.value: c for ws in wb.worksheets for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str)}
        texts = "\n".join(cells)
        for typed in typed_texts:
            assert typed in texts
        for value, cell in cells.items():
            if value[:1] in "=+-@":
                assert cell.data_type == "s"


def test_text_width_ignores_thai_marks_above_and_below():
    assert text_width("ที่") == 1  # ท with ี above and the tone mark ่ on top: one column
    assert text_width("abc\nabcdef") == 6


def test_o28_word_blocks_fill_the_portrait_text_width_in_14_pt(bundled, fw):
    # The 8-column landscape table wrapped words into 3 cm columns; each block has one narrow label
    # column and gives the rest of the portrait page's text width to the text.
    d = _docx(o28_docx(D.build_o28(bundled, PATUENG, 2568, fw)))
    section = d.sections[0]
    assert section.page_width < section.page_height  # portrait
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in d.tables[:-1]:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) * 635 <= text_width + 635 * 2  # twips to EMU (rounding)
        assert grid[1] > 3 * grid[0]
        sizes = {r.font.size.pt for row in table.rows for c in row.cells for p in c.paragraphs for r in p.runs}
        assert sizes == {14.0}

