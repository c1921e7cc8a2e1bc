"""The Excel files of O27 and O28 can be published as they are (issue 13, item 10): numbers are numbers
(shown in Thai digits through the format when the document's digits are Thai), no row needs more than
Excel's 409 pt, every sheet prints with its header row repeated, fitted to the width, a header with the
title and numbered pages, and the chart shows the framework's pass mark as a line."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import openpyxl
import pytest

from ita.core.model import Dataset
from ita.core.thai import THAI_DIGITS
from ita.documents import content as D
from ita.documents import spreadsheet as S
from ita.documents.spreadsheet import (
    MAX_ROW_PT,
    THAI_INTEGER,
    THAI_NUMBER,
    document_xlsx,
    o27_xlsx,
    o28_xlsx,
    split_cell,
    split_points,
    text_lines,
    whole_number,
)
from tests.unit.doc_samples import AGENCY, plan_dataset

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"
WIDE = {"ผลการประเมิน", "การวิเคราะห์", "มาตรการ", "รายงานผล"}


def _wb(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _bundled_documents(ds, fw):  # noqa: ANN001, ANN202
    for agency in sorted(ds["agencies"]["agency"]):
        for year in D.document_years(ds, agency):
            if not D.has_content(ds, agency, year):
                continue
            for digits in D.DIGITS:
                yield D.build_o27(ds, agency, year, fw, digits=digits)
                yield D.build_o28(ds, agency, year, fw, digits=digits)


def _header_row(ws) -> int:  # noqa: ANN001
    return int(ws.print_title_rows.split(":")[0].replace("$", ""))


def _used_rows(ws) -> set[int]:  # noqa: ANN001
    return {c.row for row in ws.iter_rows() for c in row if c.value not in (None, "")}


def test_no_row_taller_than_excel_allows_in_any_bundled_document(bundled, fw):
    made = 0
    for doc in _bundled_documents(bundled, fw):
        wb = _wb(document_xlsx(doc))
        for ws in wb.worksheets:
            head = _header_row(ws)
            for r, dim in ws.row_dimensions.items():
                assert dim.height is None or dim.height <= MAX_ROW_PT, (doc.agency, doc.year, ws.title, r)
            # Every table row has a height of its own (Excel does not grow a wrapped row it did not size).
            table_rows = {r for r in _used_rows(ws) if r >= head and ws.cell(r, 2).value not in (None, "")}
            for r in table_rows:
                assert ws.row_dimensions[r].height, (doc.agency, doc.year, ws.title, r)
        made += 1
    assert made >= 16


def test_the_long_analysis_goes_one_point_a_row(bundled, fw):
    long_point = " ".join(["ข้อความวิเคราะห์ที่ยาวมากเพื่อทดสอบการแบ่งแถว"] * 150)  # one point of ~6,000 characters
    points = "\n".join(f"• ประเด็นที่ {i} การเผยแพร่ข้อมูลยังไม่ครบถ้วน" for i in range(1, 61))
    doc = D.build_o27(bundled, SUKJAI, 2569, fw, analysis={"urgent": long_point, "improve": points})
    ws = _wb(o27_xlsx(doc))["การวิเคราะห์"]
    head = _header_row(ws)
    texts = [ws.cell(r, 2).value for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 2).value]
    # Sixty points, sixty rows; the long point on as many rows as it needs, its words all kept in order.
    assert sum(1 for t in texts if t.startswith("• ประเด็นที่")) == 60
    assert all("\n" not in t for t in texts if t.startswith("• ประเด็นที่"))
    long_rows = [t for t in texts if t.startswith("ข้อความวิเคราะห์")]
    assert len(long_rows) > 1 and " ".join(long_rows) == long_point
    for r in range(head + 1, ws.max_row + 1):
        assert (ws.row_dimensions[r].height or 0) <= MAX_ROW_PT
    # Each heading is merged down beside its points.
    merged = [m for m in ws.merged_cells.ranges if m.min_col == 1 and m.max_row > m.min_row]
    assert len(merged) == 3 and {m.max_col for m in merged} == {1}


def test_a_long_measure_continues_below_with_its_short_cells_merged(bundled, fw):
    doc = D.build_o28(bundled, PATUENG, 2568, fw)
    log = "\n".join(f"• {i} ม.ค. ๒๕๖๘: รายงานความก้าวหน้าของมาตรการ ครั้งที่ {i} ประชุมชี้แจงเจ้าหน้าที่ทุกกอง"
                    for i in range(1, 81))
    first = replace(doc.measures[0], summary=log)
    ws = _wb(o28_xlsx(replace(doc, measures=(first, *doc.measures[1:]))))["รายงานผล"]
    head = _header_row(ws)
    summary_rows = []
    r = head + 1
    while ws.cell(r, 6).value and ws.cell(r, 6).value.startswith("•"):
        summary_rows.append(ws.cell(r, 6).value)
        r += 1
    assert len(summary_rows) > 1 and "\n".join(summary_rows) == log
    assert all(ws.row_dimensions[i].height <= MAX_ROW_PT for i in range(head + 1, r))
    merged = {(m.min_row, m.max_row, m.min_col) for m in ws.merged_cells.ranges}
    assert (head + 1, r - 1, 1) in merged and (head + 1, r - 1, 8) in merged
    assert ws.cell(head + 1, 1).value == 1 and ws.cell(r, 1).value == 2


def test_split_helpers_keep_the_text_and_fit_the_row():
    text = "ก" * 5000
    pieces = split_points(text, 100)
    assert "".join(pieces) == text and len(pieces) > 1
    assert all(text_lines(p, 100) * S.LINE_PT + S.CELL_PAD_PT <= MAX_ROW_PT for p in pieces)
    # Marks above or below a consonant stay with it.
    marked = "ที่" * 3000
    assert all(p[:1] not in "ี่" for p in split_points(marked, 60))
    assert "".join(split_points(marked, 60)) == marked
    short = "บรรทัดแรก\nบรรทัดที่สอง"
    assert split_cell(short, 40) == [short]


@pytest.mark.parametrize(("text", "expected"), [("๑", 1), ("12", 12), (" ๓ ", 3), ("5/1", None), ("_8_", None),
                                                ("๑.", None), ("", None), ("1.2", None)])
def test_whole_number(text, expected):
    assert whole_number(text) == expected


def _number_cells_are_numbers(ws, cols, rows, fmt_thai):  # noqa: ANN001
    for r in rows:
        for c in cols:
            cell = ws.cell(r, c)
            if cell.value == "–":
                continue
            assert cell.data_type == "n", (ws.title, cell.coordinate, cell.value)
            if fmt_thai:
                assert cell.number_format.startswith("[$-D00041E]"), (ws.title, cell.coordinate)
            else:
                assert "[$-" not in cell.number_format


def test_counts_scores_shares_and_measure_numbers_are_numbers(bundled, fw):
    for doc in _bundled_documents(bundled, fw):
        wb = _wb(document_xlsx(doc))
        thai = doc.digits == "thai"
        if doc.kind == "O27":
            ws = wb["ผลการประเมิน"]
            head = _header_row(ws)
            rows = range(head + 1, head + 1 + len(doc.results))
            _number_cells_are_numbers(ws, (3, 4, 5), rows, thai)
            chart_rows = [r for r in rows if ws.cell(r, 6).value is not None]
            _number_cells_are_numbers(ws, (6,), chart_rows, thai)
        else:
            ws = wb["รายงานผล"]
            head = _header_row(ws)
            numbers = [ws.cell(r, 1) for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 1).value is not None
                       and ws.cell(r, 8).value]  # the rows of the table (the status column is filled)
            assert len(numbers) == len(doc.measures)
            for cell, m in zip(numbers, doc.measures, strict=True):
                if whole_number(m.number) is not None:
                    assert cell.data_type == "n" and cell.value == whole_number(m.number)
                    assert cell.number_format == (THAI_INTEGER if thai else "0")
                else:
                    assert cell.data_type == "s"
            summary = wb["สรุปสถานะ"]
            sh = _header_row(summary)
            statuses = D.status_summary(doc)
            rows = range(sh + 1, sh + 2 + len(statuses))
            _number_cells_are_numbers(summary, (2,), rows, thai)
            _number_cells_are_numbers(summary, (3,), rows, thai)
            assert [summary.cell(r, 2).value for r in rows] == [n for _, n in statuses] + [len(doc.measures)]
        # Nowhere is a number left as text in Thai digits only.
        for sheet in wb.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        assert not re.fullmatch(f"[{THAI_DIGITS}]+(\\.[{THAI_DIGITS}]+)?", cell.value.strip()) \
                            or cell.column == 1 and sheet.title == "ผลการประเมิน", (sheet.title, cell.coordinate)


def test_a_measure_number_that_is_not_a_whole_number_stays_text(fw):
    ds = plan_dataset(3)
    measures = ds["measures"].copy()
    measures.loc[0, "number"] = "5/1"
    ds = Dataset({**ds.tables, "measures": measures})
    ws = _wb(o28_xlsx(D.build_o28(ds, AGENCY, 2569, fw)))["รายงานผล"]
    head = _header_row(ws)
    assert ws.cell(head + 1, 1).value == "๕/๑" and ws.cell(head + 1, 1).data_type == "s"
    assert ws.cell(head + 2, 1).value == 2


def test_every_sheet_prints_with_its_header_row_title_and_page_numbers(bundled, fw):
    for doc in (D.build_o27(bundled, SUKJAI, 2569, fw), D.build_o28(bundled, PATUENG, 2568, fw),
                D.build_o28(bundled, SUKJAI, 2569, fw, digits="arabic")):
        wb = _wb(document_xlsx(doc))
        for ws in wb.worksheets:
            head = _header_row(ws)
            assert ws.print_title_rows.replace("$", "") == f"{head}:{head}"
            assert ws.freeze_panes == f"A{head + 1}"
            assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
            assert ws.page_setup.orientation == ("landscape" if ws.title in WIDE else "portrait")
            assert ws.oddHeader.center.text == S.page_title(doc)
            assert doc.title[0] in ws.oddHeader.center.text
            assert ws.oddFooter.center.text == "หน้า &P จาก &N"
            assert bool(ws.oddHeader.left.text) == doc.fictional
        # The header's year follows the document's digits.
        assert ("๒๕๖" in S.page_title(doc)) == (doc.digits == "thai")


def _chart_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        (name,) = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        return z.read(name).decode()


@pytest.mark.parametrize("agency", [SUKJAI, PATUENG])
def test_the_chart_draws_the_pass_mark_as_a_line(bundled, fw, agency):
    doc = D.build_o27(bundled, agency, 2569, fw)
    data = o27_xlsx(doc)
    xml = _chart_xml(data)
    line = re.search(r"<(?:c:)?lineChart>(.*)</(?:c:)?lineChart>", xml, re.S)
    assert line, "the chart has no line series"
    body = line.group(1)
    assert "เกณฑ์ผ่าน ๘๕" in body
    assert re.search(r"'ผลการประเมิน'!\$F\$\d+(:\$F\$\d+)?<", body)
    assert 'prstDash val="dash"' in body and "D55E00" in body
    # The line is on the bars' own axes (one category and one value axis in the chart).
    assert len(re.findall(r"<(?:c:)?valAx>", xml)) == 1 and len(re.findall(r"<(?:c:)?catAx>", xml)) == 1
    ws = _wb(data)["ผลการประเมิน"]
    head = _header_row(ws)
    assert ws.cell(head, 6).value == "เกณฑ์ผ่าน"
    marks = [ws.cell(r, 6).value for r in range(head + 1, head + 1 + len(doc.results)) if ws.cell(r, 6).value]
    assert marks == [fw.pass_mark] * len(doc.chart_rows)
    assert ws.cell(head + 1, 6).number_format == THAI_NUMBER


def test_the_pass_line_follows_the_framework(bundled, fw, monkeypatch):
    monkeypatch.setattr(S, "load_framework", lambda: replace(fw, pass_mark=80.0))
    data = o27_xlsx(D.build_o27(bundled, SUKJAI, 2569, fw, digits="arabic"))
    assert "เกณฑ์ผ่าน 80" in _chart_xml(data)
    ws = _wb(data)["ผลการประเมิน"]
    head = _header_row(ws)
    assert ws.cell(head + 1, 6).value == 80.0
