"""O27 and O28 in Word: pure `Document -> bytes` with python-docx.

Thai typography as the agencies' own Word files have it: TH Sarabun New 16 pt named in every font
slot — above all the complex-script slot (`w:rFonts w:cs`, `w:szCs`, and `w:bCs` for bold), which is
the one Word uses for Thai text; python-docx sets only the Latin slot by itself — with the language
marked Thai (line breaking) and body text justified the Thai way (thaiDistribute). Theme font
attributes are removed, since Word lets them win over a named font. Tables repeat their header row
on every page and wide tables sit on landscape pages.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ita.core.sanitise import xml_text
from ita.documents.chart_image import results_chart_png
from ita.documents.content import HEADINGS, Document, program_text, status_summary

FONT = "TH Sarabun New"
SIZE_PT = 16
TITLE_PT = 18
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
RED = RGBColor(0xC0, 0x00, 0x00)
HEADER_FILL = "D9D9D9"

# Landscape pages (the measures tables) have 1.27 cm side margins: 27.16 cm of text width.
LANDSCAPE_SIDE_CM = 1.27
# Cells keep 0.1 cm of padding left and right (Word's default is 0.19 cm, which costs eight columns
# 3 cm of text width).
CELL_PAD_CM = 0.1
# Column widths in cm, measured with the TH Sarabun metrics at 16 pt (bold for the header): each
# narrow column is just wide enough for its longest word — "ลำดับ" 1.35 cm, "สถานะ" 1.6 cm, and
# "ปีงบประมาณ" 2.98 cm in the period column, whose header "ระยะเวลาในการดำเนินการ" then takes three
# lines instead of five — the owners' column fits "๕. กองสาธารณสุขฯ" (4.46 cm) on O27, and the text
# columns share the rest, the widest going to the one that holds the most text (weakness and method).
O27_WIDTHS = (5.2, 10.5, 4.7, 3.0, 3.7)
O28_WIDTHS = (1.6, 3.0, 5.45, 3.25, 3.2, 4.6, 4.2, 1.85)
RESULT_WIDTHS = (7.0, 2.7, 2.7, 3.6)


# The order of w:rPr's children in the schema (Word refuses a file whose elements are out of order).
RPR_ORDER: tuple[str, ...] = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)


def _child(parent, tag: str, seq: tuple[str, ...]):  # noqa: ANN001, ANN202 - lxml elements
    """Returns the child `tag` of an rPr-like element, created in schema order when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert_element_before(found, *seq[seq.index(tag) + 1:])
    return found


def set_thai_font(rpr, size_pt: float = SIZE_PT, bold: bool | None = None) -> None:  # noqa: ANN001
    """Names FONT in all four slots of an rPr (complex script included), sets both sizes, bold for
    Latin and complex script when asked, and the Thai language."""
    seq = RPR_ORDER
    fonts = _child(rpr, "w:rFonts", seq)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            _child(rpr, tag, seq).set(qn("w:val"), "1" if bold else "0")
    half_points = str(int(round(size_pt * 2)))
    for tag in ("w:sz", "w:szCs"):
        _child(rpr, tag, seq).set(qn("w:val"), half_points)
    lang = _child(rpr, "w:lang", seq)
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")


def _style_fonts(doc) -> None:  # noqa: ANN001
    for name in ("Normal", "Table Grid"):
        style = doc.styles[name]
        set_thai_font(style.element.get_or_add_rPr())
    normal = doc.styles["Normal"].paragraph_format
    normal.space_before = Pt(0)
    normal.space_after = Pt(0)
    normal.line_spacing = 1.0
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            set_thai_font(rpr)


def _run(p: Paragraph, text: str, size: float = SIZE_PT, bold: bool = False, colour: RGBColor | None = None) -> None:
    # Every text of the document is written here, through the one sanitiser: python-docx refuses the
    # whole file for a single control character typed into a title.
    run = p.add_run(xml_text(text))
    set_thai_font(run._r.get_or_add_rPr(), size, bold)
    if colour is not None:
        run.font.color.rgb = colour


def _para(container, text: str = "", *, size: float = SIZE_PT, bold: bool = False,  # noqa: ANN001
          align: WD_ALIGN_PARAGRAPH | None = None, indent_first: float | None = None,
          space_after: float = 0, colour: RGBColor | None = None, left: float | None = None,
          space_before: float = 0) -> Paragraph:
    p = container.add_paragraph()
    if text:
        _run(p, text, size, bold, colour)
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    if indent_first is not None:
        fmt.first_line_indent = Cm(indent_first)
    if left is not None:
        fmt.left_indent = Cm(left)
    fmt.space_after = Pt(space_after)
    if space_before:
        fmt.space_before = Pt(space_before)
    return p


def _lines(container, text: str, **kw) -> None:  # noqa: ANN001
    """Adds one paragraph per line of `text` (Thai justified), keeping blank-free lines only."""
    for line in [ln for ln in text.split("\n") if ln.strip()] or [""]:
        _para(container, line, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY, **kw)


def _shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _cell_text(cell: _Cell, text: str, bold: bool = False, align: WD_ALIGN_PARAGRAPH | None = None) -> None:
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        if line:
            _run(p, line, SIZE_PT, bold)
        if align is not None:
            p.alignment = align


def _cell_padding(table: Table, cm: float) -> None:
    """Sets the left and right padding of every cell of `table` (w:tblCellMar in w:tblPr)."""
    tblpr = table._tbl.tblPr
    margins = tblpr.find(qn("w:tblCellMar"))
    if margins is None:
        margins = OxmlElement("w:tblCellMar")
        # w:tblCellMar comes after w:tblLayout (and before w:tblLook) in CT_TblPr's sequence.
        look = tblpr.find(qn("w:tblLook"))
        if look is not None:
            look.addprevious(margins)
        else:
            tblpr.append(margins)
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(round(cm / 2.54 * 1440))))
        el.set(qn("w:type"), "dxa")
        margins.append(el)


def _table(container, header: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[float, ...],  # noqa: ANN001
           centre: tuple[int, ...] = ()) -> Table:
    table = container.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_padding(table, CELL_PAD_CM)
    # Word reads the cells' widths, LibreOffice the table grid's: both are set.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    head = table.rows[0]
    # The header row repeats at the top of every page the table runs onto.
    trpr = head._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "1")
    trpr.append(flag)
    for cell, text, width in zip(head.cells, header, widths, strict=True):
        cell.width = Cm(width)
        _cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell, HEADER_FILL)
    for values in rows:
        cells = table.add_row().cells
        for j, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = Cm(width)
            _cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER if j in centre else WD_ALIGN_PARAGRAPH.LEFT)
    return table


def _page(section, landscape: bool) -> None:  # noqa: ANN001
    # A4 with the margins of Thai official letters (3 cm binding side, 2 cm elsewhere, 2.5 cm top).
    short, long = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = Cm(2.5 if not landscape else 2.0)
    section.bottom_margin = Cm(2.0)
    section.left_margin = Cm(3.0 if not landscape else LANDSCAPE_SIDE_CM)
    section.right_margin = Cm(2.0 if not landscape else LANDSCAPE_SIDE_CM)


def _fiction(doc, document: Document) -> None:  # noqa: ANN001
    if not document.fictional:
        return
    # The page header repeats the label on every page (later sections inherit the first one's header).
    top = doc.sections[0].header.paragraphs[0]
    _run(top, document.fiction_label, 14, True, RED)
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, document.fiction_label, bold=True, colour=RED, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)


def _title(doc, document: Document) -> None:  # noqa: ANN001
    for i, line in enumerate(document.title):
        _para(doc, line, size=TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
              space_after=12 if i == len(document.title) - 1 else 0)


def _signature(doc, document: Document) -> None:  # noqa: ANN001
    sig = document.signature
    lines = (sig.date_line, "", f"(ลงชื่อ) {'.' * 48}", sig.name, sig.position, sig.role)
    for i, text in enumerate(lines):
        p = _para(doc, text, align=WD_ALIGN_PARAGRAPH.CENTER, left=9.0, space_before=12 if i == 0 else 0)
        # The block is never split across pages (a page holding only "ตำแหน่ง …" looks unfinished).
        p.paragraph_format.keep_with_next = i < len(lines) - 1
        p.paragraph_format.keep_together = True


def _new_doc():  # noqa: ANN202
    doc = new_document()
    _style_fonts(doc)
    core = doc.core_properties
    core.language = "th-TH"
    return doc


def _numbered(document: Document, n: int, text: str) -> str:
    return program_text(f"{n}. ", document.digits) + text


def o27_docx(document: Document) -> bytes:
    """Returns O27 as a .docx: title block, results table and chart (portrait), the three analysis
    headings with their texts, then the measures table and the signature block (landscape)."""
    if document.kind != "O27" or document.analysis is None:
        raise ValueError("o27_docx needs an O27 document")
    doc = _new_doc()
    _page(doc.sections[0], landscape=False)
    _fiction(doc, document)
    _title(doc, document)
    _para(doc, _numbered(document, 1, "ผลการประเมิน"), bold=True, space_after=4)
    _para(doc, document.intro, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY, indent_first=1.25, space_after=6)
    _table(doc, document.result_columns(),
           [(r.label, r.before_text, r.after_text, r.change_text) for r in document.results],
           RESULT_WIDTHS, centre=(1, 2, 3))
    if document.results_note:
        _para(doc, f"หมายเหตุ: {document.results_note}", size=14, space_after=4)
    _para(doc, "", space_after=4)
    doc.add_picture(io.BytesIO(results_chart_png(document)), width=Cm(15.0))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, _numbered(document, 2, "ผลการวิเคราะห์"), bold=True, space_after=4)
    for i, (heading, text) in enumerate(zip(HEADINGS, document.analysis.texts(), strict=True), start=1):
        _para(doc, program_text(f"({i}) ", document.digits) + heading, bold=True, left=0.75)
        _lines(doc, text, left=1.25)
        _para(doc, "", space_after=4)
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    _para(doc, _numbered(document, 3, document.measures_heading), bold=True, space_after=6)
    rows = document.rows() or [("ยังไม่มีมาตรการของปีงบประมาณนี้", "", "", "", "")]
    _table(doc, document.columns, rows, O27_WIDTHS, centre=(3,))
    _para(doc, document.summary_line, size=14)
    _signature(doc, document)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def o28_docx(document: Document) -> bytes:
    """Returns O28 as a landscape .docx: title block, the opening paragraph, the report table with
    each measure's status, a count by status and the signature block."""
    if document.kind != "O28":
        raise ValueError("o28_docx needs an O28 document")
    doc = _new_doc()
    _page(doc.sections[0], landscape=True)
    _fiction(doc, document)
    _title(doc, document)
    _para(doc, document.measures_heading, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=4)
    _para(doc, document.intro, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY, indent_first=1.25, space_after=6)
    rows = document.rows() or [("", "ยังไม่มีมาตรการของปีงบประมาณนี้", "", "", "", "", "", "")]
    _table(doc, document.columns, rows, O28_WIDTHS, centre=(0, 3, 7))
    _para(doc, "", space_after=4)
    _para(doc, document.summary_line, bold=True)
    counts = [f"{status} {program_text(str(n), document.digits)}" for status, n in status_summary(document) if n]
    if counts:
        _para(doc, "สถานะ: " + " · ".join(counts))
    _signature(doc, document)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def document_docx(document: Document) -> bytes:
    """Returns the document as .docx (O27 or O28)."""
    return o27_docx(document) if document.kind == "O27" else o28_docx(document)
