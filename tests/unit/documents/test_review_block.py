"""Issue 16, item 4: O27 of plan year Y+1 carries the review of the measures of Y (ita.core.review) drawn from
the same data — in the document model, the Word file and the Excel file; totals only for อบต.ป่าตึง; nothing
at all when the agency has no plan of Y."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
from docx.oxml.ns import qn

from ita.core.review import CAUSE_NOTE, review
from ita.core.thai import THAI_DIGITS
from ita.documents import content as D
from ita.documents.spreadsheet import REVIEW_SHEET, THAI_INTEGER, document_xlsx
from ita.documents.word import FONT, document_docx
from tests.unit.doc_samples import AGENCY, plain_docx, plan_dataset

FICTION = "อบต.สุขใจ (ข้อมูลสมมุติ)"
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
SIGNED = re.compile(f"[+-][0-9{THAI_DIGITS}]+\\.[0-9{THAI_DIGITS}]+")

# data/build/demo.py, 2567 → 2568: measure 1 targets 9 (88.30 → 94.50, +6.20), measure 2 10 (81.60 → 87.90,
# +6.30), measure 3 8 (86.90 → 93.20, +6.30), all three "แล้วเสร็จ". Targeted mean (6.20 + 6.30 + 6.30) / 3 =
# 18.80 / 3 = 6.2666… → +6.27; the other seven: 1 +2.80, 2 +3.30, 3 +3.50, 4 +3.20, 5 +4.90, 6 +1.80, 7 −1.60 =
# 17.90 / 7 = 2.557… → +2.56.
CHANGES = [("๑", "๙ การเปิดเผยข้อมูล", "+๖.๒๐"), ("๒", "๑๐ การป้องกันการทุจริต", "+๖.๓๐"),
           ("๓", "๘ การปรับปรุงระบบการทำงาน", "+๖.๓๐")]
MEANS = ("คะแนนของตัวชี้วัดที่มาตรการมุ่ง (ตัวชี้วัดที่ ๘, ๙, ๑๐) เปลี่ยนเฉลี่ย +๖.๒๗ คะแนน เทียบกับตัวชี้วัดอื่นที่ไม่มี"
         "มาตรการมุ่ง ๗ ตัว ซึ่งเปลี่ยนเฉลี่ย +๒.๕๖ คะแนน (ค่าเฉลี่ยอย่างง่ายของคะแนนปี ๒๕๖๘ ลบคะแนนปี ๒๕๖๗ "
         "ของตัวชี้วัดที่มีคะแนนทั้งสองปี)")
TOTALS = ("หน่วยงานมีเฉพาะคะแนนรวม: ปี ๒๕๖๗ ได้ ๙๐.๓๖ ปี ๒๕๖๘ ได้ ๙๘.๘๐ (+๘.๔๔) ขณะที่มาตรการปี ๒๕๖๘ "
          "แล้วเสร็จ ๓ จาก ๓ มาตรการ")


def _review_texts(doc: D.Document) -> list[str]:
    return [doc.review_heading, *doc.review_columns(), *(c for r in doc.review_rows for c in r.cells()),
            *doc.review_lines]


def test_the_fictional_o27_of_2569_reviews_the_2568_measures_with_the_hand_computed_figures(bundled, fw):
    doc = D.build_o27(bundled, FICTION, 2569, fw)
    assert doc.has_review
    assert doc.review_heading == "ผลการดำเนินการตามมาตรการปีงบประมาณ พ.ศ. ๒๕๖๘ และคะแนนที่เปลี่ยน"
    assert doc.review_columns() == ("ลำดับ", "มาตรการ", "สถานะ", "ตัวชี้วัดที่มุ่ง", "คะแนนที่เปลี่ยน ๒๕๖๗ → ๒๕๖๘")
    assert [(r.number, r.indicators, r.change) for r in doc.review_rows] == CHANGES
    assert [r.status + r.status_mark for r in doc.review_rows] == ["แล้วเสร็จ"] * 3  # recorded, not inferred
    assert doc.review_rows[1].title == "มาตรการประกาศนโยบาย No Gift Policy และรายงานผล (สมมุติ)"
    lines = doc.review_lines
    assert lines[:3] == ("มาตรการปีงบประมาณ ๒๕๖๘ แล้วเสร็จ ๓ จาก ๓ มาตรการ", MEANS, CAUSE_NOTE)
    # The review's own notes follow as it words them (here: sub-indicators compared on their indicator).
    assert "มาตรการที่ ๑ ระบุตัวชี้วัดย่อย ๙.๓ ซึ่งไม่มีคะแนนรายตัวชี้วัดย่อยทั้งสองปี จึงเทียบกับตัวชี้วัดที่ ๙" in lines
    # The document is labelled fictional on every page; the review's own sentence on it is left out.
    assert doc.fictional and not [t for t in lines if "ข้อมูลสมมุติ" in t]
    assert "ข้อมูลสมมุติ" in review(bundled, FICTION, 2568, fw).note


def test_every_note_of_the_review_is_in_the_document_as_the_review_words_it(bundled, fw):
    for agency, year in ((FICTION, 2569), (FICTION, 2570), (PATUENG, 2569), (PATUENG, 2570)):
        lines = D.build_o27(bundled, agency, year, fw).review_lines
        for note in review(bundled, agency, year - 1, fw).notes:
            if note.startswith("ข้อมูลสมมุติ"):
                continue
            assert D.program_text(note, "thai") in {line.removeprefix(f"{D.INFERRED_MARK} ") for line in lines}, note


def test_arabic_digits_in_the_review(bundled, fw):
    doc = D.build_o27(bundled, FICTION, 2569, fw, digits="arabic")
    assert [(r.number, r.indicators, r.change) for r in doc.review_rows] == [
        ("1", "9 การเปิดเผยข้อมูล", "+6.20"), ("2", "10 การป้องกันการทุจริต", "+6.30"),
        ("3", "8 การปรับปรุงระบบการทำงาน", "+6.30")]
    assert "เปลี่ยนเฉลี่ย +6.27 คะแนน" in doc.review_lines[1] and "ซึ่งเปลี่ยนเฉลี่ย +2.56 คะแนน" in doc.review_lines[1]
    assert doc.review_columns()[-1] == "คะแนนที่เปลี่ยน 2567 → 2568"
    for text in _review_texts(doc):
        assert not set(text) & set(THAI_DIGITS), text


def test_a_measure_of_several_indicators_names_each_change(bundled, fw):
    # The 2569 plan's measure 4 targets 1 (95.20 → 95.90) and 2 (93.10 → 93.80).
    doc = D.build_o27(bundled, FICTION, 2570, fw)
    fourth = doc.review_rows[3]
    assert fourth.indicators == "๑ การปฏิบัติหน้าที่\n๒ การใช้งบประมาณ"
    assert fourth.change == "๑: +๐.๗๐\n๒: +๐.๗๐"
    assert doc.review_lines[0] == "มาตรการปีงบประมาณ ๒๕๖๙ แล้วเสร็จ ๑ จาก ๔ มาตรการ"


def test_patueng_o27_of_2569_has_the_totals_only_review(bundled, fw):
    doc = D.build_o27(bundled, PATUENG, 2569, fw)
    assert doc.review_heading == "ผลการดำเนินการตามมาตรการปีงบประมาณ พ.ศ. ๒๕๖๘ และคะแนนที่เปลี่ยน"
    assert [r.status + r.status_mark for r in doc.review_rows] == ["แล้วเสร็จ*"] * 3
    # The indicators as the plan names them (9.4 has no score to be compared with, nor has 9).
    assert [r.indicators for r in doc.review_rows] == ["๙.๔ การบริหารและพัฒนาทรัพยากรบุคคล",
                                                       "๘ การปรับปรุงระบบการทำงาน", "๔ การใช้ทรัพย์สินของราชการ"]
    assert {r.change for r in doc.review_rows} == {D.NO_INDICATOR_SCORES}
    (totals,) = [line for line in doc.review_lines if line.startswith("หน่วยงานมีเฉพาะคะแนนรวม")]
    assert totals.startswith(TOTALS)
    assert "ไม่ใช่หลักฐานว่าคะแนนเปลี่ยนเพราะมาตรการ" in totals
    assert "* สถานะของมาตรการที่ ๑, ๒, ๓ อนุมานจากรายงานของหน่วยงาน ไม่ได้บันทึกไว้โดยตรง" in doc.review_lines
    # No indicator's change anywhere: the only signed figure is the total's.
    assert [m for t in _review_texts(doc) for m in SIGNED.findall(t)] == ["+๘.๔๔"]
    assert not [t for t in doc.review_lines if "เปลี่ยนเฉลี่ย" in t]


def test_no_plan_of_the_year_before_no_review(bundled, fw):
    for doc in (D.build_o27(bundled, PATUENG, 2568, fw), D.build_o27(plan_dataset(3), AGENCY, 2569, fw)):
        assert not doc.has_review
        assert (doc.review_heading, doc.review_rows, doc.review_lines) == ("", (), ())
        d = plain_docx(document_docx(doc))
        paragraphs = [p.text for p in d.paragraphs]
        assert len(d.tables) == 2 and not [p for p in paragraphs if "และคะแนนที่เปลี่ยน" in p]
        assert "๒. ผลการวิเคราะห์" in paragraphs and any(p.startswith("๓. มาตรการ/แนวทาง") for p in paragraphs)
        wb = openpyxl.load_workbook(io.BytesIO(document_xlsx(doc)))
        assert wb.sheetnames == ["ผลการประเมิน", "การวิเคราะห์", "มาตรการ"]
    assert not D.build_o28(bundled, FICTION, 2569, fw).has_review  # O28 has none


def _review_table(d):  # noqa: ANN001, ANN202
    (table,) = [t for t in d.tables if t.rows[0].cells[0].text == "ลำดับ"]
    return table


def test_the_word_file_holds_the_review_between_the_results_and_the_analysis(bundled, fw):
    d = plain_docx(document_docx(D.build_o27(bundled, FICTION, 2569, fw)))
    paragraphs = [p.text for p in d.paragraphs]
    heading = paragraphs.index("๒. ผลการดำเนินการตามมาตรการปีงบประมาณ พ.ศ. ๒๕๖๘ และคะแนนที่เปลี่ยน")
    assert paragraphs.index("๑. ผลการประเมิน") < heading < paragraphs.index("๓. ผลการวิเคราะห์")
    assert any(p.startswith("๔. มาตรการ/แนวทาง") for p in paragraphs)
    assert d.paragraphs[heading].paragraph_format.keep_with_next
    body = list(d.element.body.iterchildren())
    table = _review_table(d)
    assert body.index(d.tables[0]._tbl) < body.index(table._tbl) < body.index(d.paragraphs[heading + 1]._p)
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["ลำดับ", "มาตรการ", "สถานะ", "ตัวชี้วัดที่มุ่ง", "คะแนนที่เปลี่ยน ๒๕๖๗ → ๒๕๖๘"]
    assert [(r[0], r[3], r[4]) for r in rows[1:]] == CHANGES
    assert [r[2] for r in rows[1:]] == ["แล้วเสร็จ"] * 3
    assert paragraphs[heading + 1:heading + 4] == ["มาตรการปีงบประมาณ ๒๕๖๘ แล้วเสร็จ ๓ จาก ๓ มาตรการ", MEANS, CAUSE_NOTE]
    # The header row repeats; every run names the Thai font in the complex-script slot, in 14 pt.
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    runs = [r for row in table.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs and all(r._r.rPr.find(qn("w:rFonts")).get(qn("w:cs")) == FONT for r in runs)
    assert {r.font.size.pt for r in runs} == {14.0}
    arabic = plain_docx(document_docx(D.build_o27(bundled, FICTION, 2569, fw, digits="arabic")))
    rows = [[c.text for c in row.cells] for row in _review_table(arabic).rows]
    assert [r[4] for r in rows[1:]] == ["+6.20", "+6.30", "+6.30"]
    text = "\n".join(p.text for p in arabic.paragraphs)
    assert "เปลี่ยนเฉลี่ย +6.27 คะแนน" in text and "เปลี่ยนเฉลี่ย +2.56 คะแนน" in text


def test_the_word_file_of_patueng_says_totals_only(bundled, fw):
    d = plain_docx(document_docx(D.build_o27(bundled, PATUENG, 2569, fw)))
    rows = [[c.text for c in row.cells] for row in _review_table(d).rows]
    assert [r[2] for r in rows[1:]] == ["แล้วเสร็จ*"] * 3 and {r[4] for r in rows[1:]} == {D.NO_INDICATOR_SCORES}
    text = "\n".join(p.text for p in d.paragraphs)
    assert TOTALS in text and "* สถานะของมาตรการที่ ๑, ๒, ๓ อนุมาน" in text


def _sheet_rows(ws) -> list[tuple]:  # noqa: ANN001
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def test_the_excel_file_has_the_review_sheet(bundled, fw):
    wb = openpyxl.load_workbook(io.BytesIO(document_xlsx(D.build_o27(bundled, FICTION, 2569, fw))))
    assert wb.sheetnames == ["ผลการประเมิน", REVIEW_SHEET, "การวิเคราะห์", "มาตรการ"]
    ws = wb[REVIEW_SHEET]
    assert ws["A1"].value.startswith("ข้อมูลสมมุติ")
    head = int(ws.print_title_rows.split(":")[0].replace("$", ""))
    assert [ws.cell(head, j).value for j in range(1, 6)] == [
        "ลำดับ", "มาตรการ", "สถานะ", "ตัวชี้วัดที่มุ่ง", "คะแนนที่เปลี่ยน ๒๕๖๗ → ๒๕๖๘"]
    assert ws.freeze_panes == f"A{head + 1}" and ws.page_setup.orientation == "portrait"
    rows = [[ws.cell(head + i, j).value for j in range(1, 6)] for i in (1, 2, 3)]
    assert [r[0] for r in rows] == [1, 2, 3]  # numbers, shown in Thai digits by the format
    assert ws.cell(head + 1, 1).number_format == THAI_INTEGER
    assert [(r[3], r[4]) for r in rows] == [(i, c) for _, i, c in CHANGES]
    assert [r[2] for r in rows] == ["แล้วเสร็จ"] * 3
    lines = [ws.cell(r, 1).value for r in range(head + 4, ws.max_row + 1)]
    assert lines[:3] == ["มาตรการปีงบประมาณ ๒๕๖๘ แล้วเสร็จ ๓ จาก ๓ มาตรการ", MEANS, CAUSE_NOTE]
    assert all(ws.row_dimensions[r].height for r in range(head, ws.max_row + 1))
    assert {c.font.name for row in ws.iter_rows() for c in row if c.value is not None} == {FONT}
    arabic = openpyxl.load_workbook(io.BytesIO(document_xlsx(D.build_o27(bundled, FICTION, 2569, fw,
                                                                          digits="arabic"))))[REVIEW_SHEET]
    values = "\n".join(str(v) for row in _sheet_rows(arabic) for v in row if v is not None)
    assert "+6.20" in values and "+6.27" in values and "+2.56" in values
    assert not set(values) & set(THAI_DIGITS)


def test_the_excel_file_of_patueng_says_totals_only(bundled, fw):
    ws = openpyxl.load_workbook(io.BytesIO(document_xlsx(D.build_o27(bundled, PATUENG, 2569, fw))))[REVIEW_SHEET]
    values = [v for row in _sheet_rows(ws) for v in row if isinstance(v, str)]
    assert any(v.startswith(TOTALS) for v in values)
    assert values.count(D.NO_INDICATOR_SCORES) == 3 and values.count("แล้วเสร็จ*") == 3
    assert [m for v in values for m in SIGNED.findall(v)] == ["+๘.๔๔"]


def test_measures_carried_from_an_earlier_plan_are_named_under_the_measures_table(bundled, fw):
    """A measure Store.carry_forward copied says where it came from (its source), in O27 and O28 of its year."""
    from ita.core import rules
    from ita.core.model import Dataset

    tables = dict(bundled.tables)
    m = tables["measures"]
    first = m[(m["agency"] == FICTION) & (m["year"] == 2569)].iloc[[0]].copy()
    first["year"], first["source"] = 2570, rules.carried_source("1", 2569)
    tables["measures"] = pd.concat([m, first], ignore_index=True)
    ds = Dataset(tables)
    note = "มาตรการลำดับที่ ๑ ยกมาจากมาตรการที่ ๑ ปีงบประมาณ ๒๕๖๙ ซึ่งยังไม่แล้วเสร็จในปีนั้น"
    assert note in D.build_o27(ds, FICTION, 2570, fw).measures_notes
    assert note in D.build_o28(ds, FICTION, 2570, fw).measures_notes
    assert not any("ยกมาจาก" in n for n in D.build_o27(ds, FICTION, 2569, fw).measures_notes)
