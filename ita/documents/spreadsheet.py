"""O27 and O28 in Excel: pure `Document -> bytes` with openpyxl.

Each table is on its own sheet with its header row frozen (with the title rows above it), columns
as wide as their text allows (long text wraps), TH Sarabun New 16 pt, landscape A4 printing that
repeats the header. Scores are numbers, shown in Thai digits through the number format's locale
code (`[$-D00041E]`: Thai digits, Thai locale) so the native chart can plot them; every text is
written with ita.storage.excel.write_text_cell, so typed text is never taken for a formula.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from typing import Any

import openpyxl
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ita.documents.content import HEADINGS, Document, program_text, status_summary
from ita.storage.excel import write_text_cell

FONT = "TH Sarabun New"
SIZE = 16
THAI_NUMBER = "[$-D00041E]0.00"
THAI_CHANGE = "[$-D00041E]+0.00;[$-D00041E]-0.00;[$-D00041E]0.00"
ARABIC_NUMBER = "0.00"
ARABIC_CHANGE = "+0.00;-0.00;0.00"
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(wrap_text=True, vertical="top", horizontal="center")
MAX_WIDTH = 60
MIN_WIDTH = 8


def _font(bold: bool = False, colour: str | None = None, size: int = SIZE) -> Font:
    return Font(name=FONT, size=size, bold=bold, color=colour)


def text_width(text: str) -> int:
    """Returns how many columns the longest line of `text` takes: Thai vowels and tone marks written
    above or below a consonant take no width of their own."""
    lines = str(text).split("\n") or [""]
    return max(sum(1 for ch in line if not unicodedata.combining(ch) and unicodedata.category(ch) != "Mn")
               for line in lines)


def _text(ws: Worksheet, row: int, col: int, text: str, *, bold: bool = False, colour: str | None = None,
          align: Alignment = WRAP, border: bool = False, size: int = SIZE) -> None:
    cell = ws.cell(row, col)
    write_text_cell(cell, text)
    cell.font = _font(bold, colour, size)
    cell.alignment = align
    if border:
        cell.border = BOX


def _number(ws: Worksheet, row: int, col: int, value: float | None, fmt: str) -> None:
    cell = ws.cell(row, col)
    cell.font = _font()
    cell.alignment = CENTRE
    cell.border = BOX
    if value is None:
        write_text_cell(cell, "–")
    else:
        cell.value = round(float(value), 2)
        cell.number_format = fmt


def _title_rows(ws: Worksheet, document: Document, title: str, ncols: int) -> int:
    """Writes the fictional label (when needed) and the title across the table's width; returns
    the row the header goes in."""
    row = 1
    if document.fictional:
        _text(ws, row, 1, document.fiction_label, bold=True, colour="C00000", align=Alignment(vertical="center"))
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        row += 1
    _text(ws, row, 1, title, bold=True, size=18, align=Alignment(vertical="center", wrap_text=False))
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    return row + 1


def _header(ws: Worksheet, row: int, header: Sequence[str]) -> None:
    for j, text in enumerate(header, start=1):
        _text(ws, row, j, text, bold=True, align=CENTRE, border=True)
        ws.cell(row, j).fill = HEADER_FILL
    # Rows above the header (title, fictional label) stay in view with it.
    ws.freeze_panes = ws.cell(row + 1, 1)
    ws.print_title_rows = f"{row}:{row}"


def _fit(ws: Worksheet, widths: dict[int, int]) -> None:
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))


def _print_setup(ws: Worksheet, landscape: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _table_sheet(ws: Worksheet, document: Document, title: str, header: Sequence[str],
                 rows: Sequence[Sequence[str]], centre: Sequence[int] = ()) -> int:
    """Writes a text table under its title; returns the first free row after it."""
    head = _title_rows(ws, document, title, len(header))
    _header(ws, head, header)
    widths = {j: text_width(h) for j, h in enumerate(header, start=1)}
    for i, values in enumerate(rows, start=head + 1):
        for j, value in enumerate(values, start=1):
            _text(ws, i, j, value, border=True, align=CENTRE if j - 1 in centre else WRAP)
            widths[j] = max(widths[j], text_width(value))
    _fit(ws, widths)
    _print_setup(ws)
    return head + 1 + len(rows)


def _signature_rows(ws: Worksheet, document: Document, row: int, col: int) -> int:
    """Writes the signature blocks one under the other (a blank row between); returns the last row."""
    for i, sig in enumerate(document.signatures):
        row += 1 if i else 0
        for text in (sig.date_line, f"(ลงชื่อ) {'.' * 40}", sig.name, sig.position, sig.role):
            row += 1
            _text(ws, row, col, text, align=Alignment(horizontal="left", vertical="top"))
    return row


def _formats(document: Document) -> tuple[str, str]:
    return (THAI_NUMBER, THAI_CHANGE) if document.digits == "thai" else (ARABIC_NUMBER, ARABIC_CHANGE)


def _code(document: Document, kind: str, code: str) -> str:
    if kind == "indicator":
        return program_text(code, document.digits)
    return "รวม" if kind == "total" else code


def _results_sheet(ws: Worksheet, document: Document) -> None:
    number_fmt, change_fmt = _formats(document)
    header = ("ที่", *document.result_columns())
    title = program_text(f"ผลการประเมิน ITA ปี {document.before_year} และ {document.after_year} · ", document.digits)
    head = _title_rows(ws, document, title + document.agency, len(header))
    _header(ws, head, header)
    widths = {j: text_width(h) for j, h in enumerate(header, start=1)}
    first = head + 1
    for i, r in enumerate(document.results, start=first):
        _text(ws, i, 1, _code(document, r.kind, r.code), border=True, align=CENTRE, bold=r.kind == "total")
        _text(ws, i, 2, r.label, border=True, bold=r.kind == "total")
        _number(ws, i, 3, r.before, number_fmt)
        _number(ws, i, 4, r.after, number_fmt)
        change = r.after - r.before if r.after is not None and r.before is not None else None
        _number(ws, i, 5, change, change_fmt)
        widths[2] = max(widths[2], text_width(r.label))
    widths.update({1: max(widths[1], 5), 3: max(widths[3], 10), 4: max(widths[4], 10), 5: max(widths[5], 12)})
    _fit(ws, widths)
    row = first + len(document.results)
    if document.results_note:
        _text(ws, row + 1, 1, f"หมายเหตุ: {document.results_note}", align=Alignment(vertical="top"))
        row += 1
    _text(ws, row + 2, 1, document.intro, align=Alignment(vertical="top"))
    _chart(ws, document, first)
    _print_setup(ws)


def _chart(ws: Worksheet, document: Document, first: int) -> None:
    """Adds a native clustered bar chart of the two years over the chart rows (indicators, else total)."""
    chart_rows = document.chart_rows
    start = first + list(document.results).index(chart_rows[0])
    end = start + len(chart_rows) - 1
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = document.chart_title()
    chart.y_axis.title = "คะแนน"
    chart.x_axis.title = "ตัวชี้วัด" if chart_rows[0].kind == "indicator" else None
    years = document.result_columns()[1:3]
    for col, name in ((3, years[0]), (4, years[1])):
        chart.series.append(Series(Reference(ws, min_col=col, min_row=start, max_row=end), title=name))
    chart.set_categories(Reference(ws, min_col=1, max_col=1, min_row=start, max_row=end))
    values = [v for r in chart_rows for v in (r.before, r.after) if v is not None]
    chart.y_axis.scaling.min = 0 if not values else max(0, int(min(min(values), 85) // 10 * 10 - 10))
    chart.y_axis.scaling.max = 100
    # Without these Excel may hide both axes (openpyxl's default is delete=True in recent Excel).
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.legend.position = "b"
    chart.width, chart.height = 22, 11
    ws.add_chart(chart, f"{get_column_letter(7)}{first - 1}")


def _analysis_sheet(ws: Worksheet, document: Document) -> None:
    assert document.analysis is not None
    rows = [(program_text(f"({i}) ", document.digits) + h, t)
            for i, (h, t) in enumerate(zip(HEADINGS, document.analysis.texts(), strict=True), start=1)]
    title = program_text(f"ผลการวิเคราะห์ผลการประเมินปี {document.after_year} · ", document.digits) + document.agency
    _table_sheet(ws, document, title, ("หัวข้อ", "รายละเอียด"), rows)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 100


def o27_xlsx(document: Document) -> bytes:
    """Returns O27 as a workbook: 'ผลการประเมิน' (table and native chart), 'การวิเคราะห์' (the three
    headings and texts) and 'มาตรการ' (the measures table with the report's columns, signature)."""
    if document.kind != "O27" or document.analysis is None:
        raise ValueError("o27_xlsx needs an O27 document")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ผลการประเมิน"
    _results_sheet(ws, document)
    _analysis_sheet(wb.create_sheet("การวิเคราะห์"), document)
    ws = wb.create_sheet("มาตรการ")
    row = _table_sheet(ws, document, document.measures_heading, document.columns, document.rows(), centre=(3,))
    _text(ws, row + 1, 1, document.summary_line, align=Alignment(vertical="top"))
    _signature_rows(ws, document, row + 2, 3)
    return _save(wb)


def o28_xlsx(document: Document) -> bytes:
    """Returns O28 as a workbook: 'รายงานผล' (the report table with status, signature) and 'สรุปสถานะ'
    (the opening paragraph and the count of measures by status)."""
    if document.kind != "O28":
        raise ValueError("o28_xlsx needs an O28 document")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "รายงานผล"
    title = " ".join(document.title)
    row = _table_sheet(ws, document, title, document.columns, document.rows(), centre=(0, 3, 7))
    _text(ws, row + 1, 1, document.summary_line, bold=True, align=Alignment(vertical="top"))
    _signature_rows(ws, document, row + 2, 6)
    summary = wb.create_sheet("สรุปสถานะ")
    counts = [(status, program_text(str(n), document.digits)) for status, n in status_summary(document)]
    end = _table_sheet(summary, document, document.measures_heading, ("สถานะ", "จำนวนมาตรการ"), counts,
                       centre=(1,))
    _text(summary, end + 1, 1, document.summary_line, bold=True, align=Alignment(vertical="top"))
    _text(summary, end + 3, 1, document.intro, align=Alignment(vertical="top"))
    return _save(wb)


def _save(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def document_xlsx(document: Document) -> bytes:
    """Returns the document as .xlsx (O27 or O28)."""
    return o27_xlsx(document) if document.kind == "O27" else o28_xlsx(document)
