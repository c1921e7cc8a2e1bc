"""O27 and O28 in Excel: pure `Document -> bytes` with openpyxl.

Each table is on its own sheet with its header row frozen (with the title rows above it), columns
as wide as their text allows (long text wraps), TH Sarabun New 16 pt. Printing: A4, fitted to the
page's width, landscape for the wide tables, the header row repeated on every page, the document's
title in the page header and "หน้า &P จาก &N" in the footer.

Scores, counts, shares and measure numbers (when a whole number) are numbers, shown in Thai digits
through the number format's locale code (`[$-D00041E]`: Thai digits, Thai locale) so they can be
summed and plotted; every text is written with ita.storage.excel.write_text_cell, so typed text is
never taken for a formula. Every row gets a height from an estimate of its wrapped lines, and a text
that would need more than Excel's 409 pt is split over several rows (one analysis point a row; a
measure's long cells continue in the rows below it, its short cells merged down beside them).
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Sequence
from typing import Any

import openpyxl
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import Marker
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ita.core.framework import load_framework
from ita.core.thai import to_arabic_digits
from ita.documents.content import DRAFT_LABEL, HEADINGS, OVERALL_HEADING, Document, program_text, status_summary
from ita.documents.fonts import DEFAULT_FONT, current_font, using_font
from ita.storage.excel import write_text_cell

FONT = DEFAULT_FONT  # the default; the font named is fonts.current_font() (TH SarabunPSK when chosen)
SIZE = 16
THAI_NUMBER = "[$-D00041E]0.00"
THAI_CHANGE = "[$-D00041E]+0.00;[$-D00041E]-0.00;[$-D00041E]0.00"
ARABIC_NUMBER = "0.00"
ARABIC_CHANGE = "+0.00;-0.00;0.00"
THAI_INTEGER = "[$-D00041E]0"
ARABIC_INTEGER = "0"
PASS_COLOUR = "D55E00"  # the pass line's vermilion, as in the Word chart (chart_image.PASS_COLOUR)
# Excel's largest row height; a row that would need more is cut, so its text goes on more rows.
MAX_ROW_PT = 409.0
# The estimate of a wrapped row's height: TH Sarabun New 16 pt takes about 24.75 pt a line in Excel,
# and a Thai character about 1.3 of the width unit (the "0" of the default font), so a column of
# width w holds about 0.75·w characters a line. Both err on the generous side (a row a little too
# tall rather than cut).
LINE_PT = 24.75
CELL_PAD_PT = 6.0
CHARS_PER_UNIT = 0.75
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(wrap_text=True, vertical="top", horizontal="center")
MAX_WIDTH = 60
MIN_WIDTH = 8


def _font(bold: bool = False, colour: str | None = None, size: int = SIZE) -> Font:
    return Font(name=current_font(), size=size, bold=bold, color=colour)


def text_width(text: str) -> int:
    """Returns how many columns the longest line of `text` takes: Thai vowels and tone marks written
    above or below a consonant take no width of their own."""
    lines = str(text).split("\n") or [""]
    return max(sum(1 for ch in line if not unicodedata.combining(ch) and unicodedata.category(ch) != "Mn")
               for line in lines)


def _chars_per_line(width: float) -> int:
    return max(1, int(width * CHARS_PER_UNIT))


def text_lines(text: str, width: float) -> int:
    """Returns how many lines `text` takes when wrapped in a column `width` units wide (a blank
    line counts as one)."""
    per_line = _chars_per_line(width)
    return sum(max(1, math.ceil(text_width(line) / per_line)) for line in str(text).split("\n"))


def row_height(texts: Sequence[tuple[str, float]]) -> float:
    """Returns the estimated height in points of a row holding each (text, column width)."""
    lines = max((text_lines(t, w) for t, w in texts if t), default=1)
    return min(MAX_ROW_PT, lines * LINE_PT + CELL_PAD_PT)


def max_lines() -> int:
    """Returns how many wrapped lines fit in one row of at most MAX_ROW_PT."""
    return int((MAX_ROW_PT - CELL_PAD_PT) // LINE_PT)


def _cut_line(line: str, per_piece: int) -> list[str]:
    """Cuts one line into pieces of at most `per_piece` columns: at spaces when it has them, else
    between characters (never before a mark that sits on the character before it)."""
    pieces: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate) <= per_piece:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = ""
        while text_width(word) > per_piece:
            cut, seen = 0, 0
            for i, ch in enumerate(word):
                if not unicodedata.combining(ch) and unicodedata.category(ch) != "Mn":
                    if seen == per_piece:
                        cut = i
                        break
                    seen += 1
            pieces.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not pieces:
        pieces.append(current)
    return pieces


def split_points(text: str, width: float) -> list[str]:
    """Returns the points of `text` (its lines), each cut further when it alone would need a row
    taller than MAX_ROW_PT in a column `width` units wide."""
    per_piece = max_lines() * _chars_per_line(width)
    out: list[str] = []
    for line in str(text).split("\n"):
        out += [line] if text_lines(line, width) <= max_lines() else _cut_line(line, per_piece)
    return out


def split_cell(text: str, width: float) -> list[str]:
    """Returns `text` as few pieces as possible, each fitting a row of at most MAX_ROW_PT in a column
    `width` units wide, cut only between lines (or inside a line too long for one row)."""
    if text_lines(text, width) <= max_lines():
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    for point in split_points(text, width):
        if current and text_lines("\n".join([*current, point]), width) > max_lines():
            pieces.append("\n".join(current))
            current = []
        current.append(point)
    if current:
        pieces.append("\n".join(current))
    return pieces


def _text(ws: Worksheet, row: int, col: int, text: str, *, bold: bool = False, colour: str | None = None,
          align: Alignment = WRAP, border: bool = False, size: int = SIZE) -> None:
    cell = ws.cell(row, col)
    write_text_cell(cell, text)
    cell.font = _font(bold, colour, size)
    cell.alignment = align
    if border:
        cell.border = BOX


def _number(ws: Worksheet, row: int, col: int, value: float | None, fmt: str, *, bold: bool = False) -> None:
    cell = ws.cell(row, col)
    cell.font = _font(bold)
    cell.alignment = CENTRE
    cell.border = BOX
    if value is None:
        write_text_cell(cell, "–")
    elif isinstance(value, int):
        cell.value = value
        cell.number_format = fmt
    else:
        cell.value = round(float(value), 2)
        cell.number_format = fmt


def whole_number(text: str) -> int | None:
    """Returns the whole number `text` writes (in Thai or Arabic digits), else None ("5/1", "_8_")."""
    plain = to_arabic_digits(str(text)).strip()
    return int(plain) if plain.isascii() and plain.isdigit() else None


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


def _width(ws: Worksheet, col: int) -> float:
    return float(ws.column_dimensions[get_column_letter(col)].width or MIN_WIDTH)


def page_title(document: Document) -> str:
    """Returns the title the printed pages carry in their header: the document's first title line
    and its fiscal year."""
    return program_text(f"{document.title[0]} ประจำปีงบประมาณ พ.ศ. {document.year}", document.digits)


def page_footer(document: Document) -> str:
    """Returns the footer's page numbering: the page number (&P) and the number of pages (&N) are
    filled in by Excel or LibreOffice when printing, in their own digits (a header has no number
    format), whatever the document's digits."""
    return "หน้า &P จาก &N"


def _print_setup(ws: Worksheet, document: Document, landscape: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    # "&" starts a code in a header, so a title's own "&" is doubled.
    header = ws.oddHeader.center
    header.text = page_title(document).replace("&", "&&")
    header.font, header.size = f"{current_font()},Bold", 14
    if document.fictional:
        ws.oddHeader.left.text = "ข้อมูลสมมุติ ห้ามเผยแพร่"
        ws.oddHeader.left.font, ws.oddHeader.left.size, ws.oddHeader.left.color = f"{current_font()},Bold", 12, "C00000"
    if document.draft:
        ws.oddHeader.right.text = DRAFT_LABEL
        ws.oddHeader.right.font, ws.oddHeader.right.size, ws.oddHeader.right.color = (
            f"{current_font()},Bold", 18, "C00000")
    footer = ws.oddFooter.center
    footer.text = page_footer(document)
    footer.font, footer.size = current_font(), 14


def _write_row(ws: Worksheet, row: int, values: Sequence[str], *, centre: Sequence[int] = (),
               numbers: dict[int, tuple[int, str]] | None = None, points: bool = False) -> int:
    """Writes one row of a table, on as many sheet rows as its text needs so that none is taller
    than MAX_ROW_PT: a long cell continues in the rows below (one point a row when `points`), the
    cells that fit in one row are merged down beside it. `numbers` maps a column (0-based) to the
    (value, format) it holds as a number instead of its text. Returns the next free row."""
    numbers = numbers or {}
    widths = [_width(ws, j) for j in range(1, len(values) + 1)]
    pieces = [[v] if j in numbers else (split_points(v, widths[j]) if points else split_cell(v, widths[j]))
              for j, v in enumerate(values)]
    n = max(len(p) for p in pieces)
    for k in range(n):
        for j, parts in enumerate(pieces):
            if j in numbers:
                if k == 0:
                    value, fmt = numbers[j]
                    _number(ws, row + k, j + 1, value, fmt)
                else:
                    ws.cell(row + k, j + 1).border = BOX
                continue
            text = parts[k] if k < len(parts) else ""
            _text(ws, row + k, j + 1, text, border=True, align=CENTRE if j in centre else WRAP)
        own = [(parts[k], widths[j]) for j, parts in enumerate(pieces) if j not in numbers and k < len(parts)]
        ws.row_dimensions[row + k].height = row_height(own)
    if n > 1:
        for j, parts in enumerate(pieces):
            if len(parts) == 1:
                ws.merge_cells(start_row=row, start_column=j + 1, end_row=row + n - 1, end_column=j + 1)
    return row + n


def _size_header(ws: Worksheet, row: int, header: Sequence[str]) -> None:
    ws.row_dimensions[row].height = row_height([(h, _width(ws, j)) for j, h in enumerate(header, start=1)])


def _table_sheet(ws: Worksheet, document: Document, title: str, header: Sequence[str],
                 rows: Sequence[Sequence[str]], centre: Sequence[int] = (),
                 numbers: Sequence[dict[int, tuple[int, str]]] | None = None, landscape: bool = True) -> int:
    """Writes a text table under its title; returns the first free row after it."""
    head = _title_rows(ws, document, title, len(header))
    _header(ws, head, header)
    widths = {j: text_width(h) for j, h in enumerate(header, start=1)}
    for values in rows:
        for j, value in enumerate(values, start=1):
            widths[j] = max(widths[j], text_width(value))
    _fit(ws, widths)
    _size_header(ws, head, header)
    row = head + 1
    for i, values in enumerate(rows):
        row = _write_row(ws, row, values, centre=centre, numbers=numbers[i] if numbers else None)
    _print_setup(ws, document, landscape)
    return row


def _notes_rows(ws: Worksheet, document: Document, row: int) -> int:
    """Writes the notes under the measures table, one a row from `row`; returns the first free row."""
    for note in document.measures_notes:
        _text(ws, row, 1, f"หมายเหตุ: {note}", align=Alignment(vertical="top", wrap_text=False))
        row += 1
    return row


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


def _integer_format(document: Document) -> str:
    return THAI_INTEGER if document.digits == "thai" else ARABIC_INTEGER


def _code(document: Document, kind: str, code: str) -> str:
    if kind == "indicator":
        return program_text(code, document.digits)
    return "รวม" if kind == "total" else code


PASS_HEADER = "เกณฑ์ผ่าน"


def _results_sheet(ws: Worksheet, document: Document) -> None:
    number_fmt, change_fmt = _formats(document)
    pass_mark = load_framework().pass_mark
    header = ("ที่", *document.result_columns(), PASS_HEADER)
    title = program_text(f"ผลการประเมิน ITA ปี {document.before_year} และ {document.after_year} · ", document.digits)
    head = _title_rows(ws, document, title + document.agency, len(header))
    _header(ws, head, header)
    widths = {j: text_width(h) for j, h in enumerate(header, start=1)}
    first = head + 1
    for i, r in enumerate(document.results, start=first):
        _text(ws, i, 1, _code(document, r.kind, r.code), border=True, align=CENTRE, bold=r.kind == "total")
        _text(ws, i, 2, r.label, border=True, bold=r.kind == "total")
        _number(ws, i, 3, r.before, number_fmt, bold=r.kind == "total")
        _number(ws, i, 4, r.after, number_fmt, bold=r.kind == "total")
        change = r.after - r.before if r.after is not None and r.before is not None else None
        _number(ws, i, 5, change, change_fmt, bold=r.kind == "total")
        # The pass mark beside each row the chart shows: the chart's pass line is drawn from it.
        if r in document.chart_rows:
            _number(ws, i, 6, pass_mark, number_fmt)
        else:
            ws.cell(i, 6).border = BOX
        widths[2] = max(widths[2], text_width(r.label))
    widths.update({1: max(widths[1], 5), 3: max(widths[3], 10), 4: max(widths[4], 10), 5: max(widths[5], 12),
                   6: max(widths[6], 10)})
    _fit(ws, widths)
    _size_header(ws, head, header)
    for i, r in enumerate(document.results, start=first):
        ws.row_dimensions[i].height = row_height([(r.label, _width(ws, 2))])
    row = first + len(document.results)
    if document.results_note:
        _text(ws, row + 1, 1, f"หมายเหตุ: {document.results_note}", align=Alignment(vertical="top"))
        row += 1
    _text(ws, row + 2, 1, document.intro, align=Alignment(vertical="top"))
    _chart(ws, document, first, pass_mark)
    _print_setup(ws, document)


def _chart(ws: Worksheet, document: Document, first: int, pass_mark: float) -> None:
    """Adds a native clustered bar chart of the two years over the chart rows (indicators, else total),
    with the pass mark as a dashed line (a line series of the sheet's pass-mark column)."""
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
    chart.y_axis.scaling.min = 0 if not values else max(0, int(min(min(values), pass_mark) // 10 * 10 - 10))
    chart.y_axis.scaling.max = 100
    # Without these Excel may hide both axes (openpyxl's default is delete=True in recent Excel).
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.legend.position = "b"
    chart.width, chart.height = 22, 11

    line = LineChart()
    label = program_text(f"{PASS_HEADER} {pass_mark:g}", document.digits)
    series = Series(Reference(ws, min_col=6, min_row=start, max_row=end), title=label)
    series.graphicalProperties = GraphicalProperties(ln=LineProperties(solidFill=PASS_COLOUR, w=28575,
                                                                       prstDash="dash"))
    series.smooth = False
    # One category (the total only) makes a line of one point: a wide dash marks it instead.
    series.marker = Marker(symbol="dash", size=20) if len(chart_rows) == 1 else Marker(symbol="none")
    if len(chart_rows) == 1:
        series.marker.graphicalProperties = GraphicalProperties(solidFill=PASS_COLOUR)
        series.marker.graphicalProperties.line.solidFill = PASS_COLOUR
    line.series.append(series)
    line.set_categories(Reference(ws, min_col=1, max_col=1, min_row=start, max_row=end))
    # The line shares the bars' axes (the same axis ids), so 85 sits at 85 on the bars' scale.
    line.x_axis = chart.x_axis
    line.y_axis = chart.y_axis
    chart += line
    ws.add_chart(chart, f"{get_column_letter(8)}{first - 1}")


def _analysis_sheet(ws: Worksheet, document: Document) -> None:
    """The three headings, each with its text one point (line) a row, the heading merged down beside
    its points; a point too long for one row goes on more."""
    assert document.analysis is not None
    title = program_text(f"ผลการวิเคราะห์ผลการประเมินปี {document.after_year} · ", document.digits) + document.agency
    head = _title_rows(ws, document, title, 2)
    _header(ws, head, ("หัวข้อ", "รายละเอียด"))
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 100
    _size_header(ws, head, ("หัวข้อ", "รายละเอียด"))
    row = head + 1
    for i, (heading, text) in enumerate(zip(HEADINGS, document.analysis.texts(), strict=True), start=1):
        values = (program_text(f"({i}) ", document.digits) + heading, text)
        row = _write_row(ws, row, values, points=True)
    _print_setup(ws, document)


REVIEW_SHEET = "ผลตามมาตรการ"


def _review_sheet(ws: Worksheet, document: Document) -> None:
    """The review of the previous plan year's measures: one row per measure (its number a number), then
    the summary and the notes, each on a row merged across the table and wrapped."""
    header = document.review_columns()
    rows = [r.cells() for r in document.review_rows]
    integer = _integer_format(document)
    numbers = [{0: (n, integer)} if (n := whole_number(r.number)) is not None else {} for r in document.review_rows]
    row = _table_sheet(ws, document, f"{document.review_heading} · {document.agency}", header, rows,
                       centre=(0, 2, 4), numbers=numbers, landscape=False)
    width = sum(_width(ws, j) for j in range(1, len(header) + 1))
    for line in document.review_lines:
        _text(ws, row, 1, line, align=WRAP)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(header))
        ws.row_dimensions[row].height = row_height([(line, width)])
        row += 1


def o27_xlsx(document: Document) -> bytes:
    """Returns O27 as a workbook: 'ผลการประเมิน' (table and native chart), 'ผลตามมาตรการ' (the review of the
    previous plan year's measures, when there is one), 'การวิเคราะห์' (the three headings and texts) and
    'มาตรการ' (the measures table with the report's columns, signature)."""
    if document.kind != "O27" or document.analysis is None:
        raise ValueError("o27_xlsx needs an O27 document")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ผลการประเมิน"
    _results_sheet(ws, document)
    if document.has_review:
        _review_sheet(wb.create_sheet(REVIEW_SHEET), document)
    _analysis_sheet(wb.create_sheet("การวิเคราะห์"), document)
    ws = wb.create_sheet("มาตรการ")
    row = _table_sheet(ws, document, document.measures_heading, document.columns, document.rows(), centre=(3,))
    row = _notes_rows(ws, document, row)
    _text(ws, row, 1, document.summary_line, align=Alignment(vertical="top"))
    _signature_rows(ws, document, row + 1, 3)
    return _save(wb)


def o28_xlsx(document: Document) -> bytes:
    """Returns O28 as a workbook: 'รายงานผล' (the report table with status, signature) and 'สรุปสถานะ'
    (the opening paragraph and the count and share of measures by status)."""
    if document.kind != "O28":
        raise ValueError("o28_xlsx needs an O28 document")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "รายงานผล"
    title = " ".join(document.title)
    integer = _integer_format(document)
    rows = document.rows()
    numbers = []
    for values in rows:
        n = whole_number(values[0])
        numbers.append({0: (n, integer)} if n is not None else {})
    row = _table_sheet(ws, document, title, document.columns, rows, centre=(0, 3, 7), numbers=numbers)
    row = _notes_rows(ws, document, row)
    # The year's overall problems and suggestions, one a row, as the Word file prints them.
    _text(ws, row, 1, OVERALL_HEADING, bold=True, align=Alignment(vertical="top", wrap_text=False))
    for label, text in document.overall():
        row += 1
        _text(ws, row, 1, f"{label}: {text}", align=Alignment(vertical="top", wrap_text=False))
    row += 2
    _text(ws, row, 1, document.summary_line, bold=True, align=Alignment(vertical="top"))
    _signature_rows(ws, document, row + 1, 6)
    _summary_sheet(wb.create_sheet("สรุปสถานะ"), document)
    return _save(wb)


def _summary_sheet(ws: Worksheet, document: Document) -> None:
    """The count and share (ร้อยละ) of the measures by status, then their total, as numbers."""
    integer = _integer_format(document)
    share_fmt = _formats(document)[0]
    counts = status_summary(document)
    total = sum(n for _, n in counts)
    header = ("สถานะ", "จำนวนมาตรการ", "ร้อยละ")
    rows = [(status, "", "") for status, _ in counts] + [("รวม", "", "")]
    numbers: list[dict[int, tuple[Any, str]]] = [
        {1: (n, integer), 2: (100.0 * n / total if total else None, share_fmt)} for _, n in counts
    ]
    numbers.append({1: (total, integer), 2: (100.0 if total else None, share_fmt)})
    end = _table_sheet(ws, document, document.measures_heading, header, rows, centre=(1, 2), numbers=numbers,
                       landscape=False)
    for col in range(1, 4):
        ws.cell(end - 1, col).font = _font(bold=True)
    _text(ws, end, 1, document.summary_line, bold=True, align=Alignment(vertical="top"))
    _text(ws, end + 2, 1, document.intro, align=Alignment(vertical="top"))


def _save(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def document_xlsx(document: Document, font: str | None = None) -> bytes:
    """Returns the document as .xlsx (O27 or O28), in `font` (fonts.FONTS; TH Sarabun New by default)."""
    with using_font(font):
        return o27_xlsx(document) if document.kind == "O27" else o28_xlsx(document)
