"""O27 and O28 in Word: pure `Document -> bytes` with python-docx.

Thai typography as the agencies' own Word files have it: TH Sarabun New 16 pt named in every font
slot — above all the complex-script slot (`w:rFonts w:cs`, `w:szCs`, and `w:bCs` for bold), which is
the one Word uses for Thai text; python-docx sets only the Latin slot by itself — with the language
marked Thai (line breaking) and body text justified the Thai way (thaiDistribute). Theme font
attributes are removed, since Word lets them win over a named font — in every style, so no style is
left with a Latin theme font. Tables repeat their header row on every page and wide tables sit on
landscape pages. From page 2 on, the page number sits centred at the top, "- ๒ -" in Thai digits
when the document's digits are Thai (a PAGE field, the sections' page numbers in Thai), as Thai
official documents number their pages. The signature blocks never stand alone on a page: the last
lines of the content keep with them. The file's properties name the document, its subject and the
agency as author, made now.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

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
from ita.documents.content import (
    DRAFT_LABEL,
    HEADINGS,
    OVERALL_HEADING,
    Document,
    MeasureRow,
    Signature,
    program_text,
    status_summary,
)
from ita.documents.fonts import DEFAULT_FONT, current_font, using_font
from ita.documents.linebreak import breakable

FONT = DEFAULT_FONT  # the default; the font named is fonts.current_font() (TH SarabunPSK when chosen)
SIZE_PT = 16
# The title's lines are written to fit one line each on a portrait page: at 18 pt bold the longest
# ("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส") wrapped; at 16 pt bold they fit.
TITLE_PT = 16
# The measures tables (O27) and blocks (O28) are set in 14 pt, as Thai official tables are when 16 pt
# does not fit.
TABLE_PT = 14
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
RED = RGBColor(0xC0, 0x00, 0x00)
HEADER_FILL = "D9D9D9"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

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
# O28's blocks on a portrait page (16 cm of text width): the labels' column fits its longest label,
# "ผลลัพธ์/ความสำเร็จ", on one line at 14 pt bold; the text gets the rest.
O28_BLOCK_WIDTHS = (3.8, 12.2)
RESULT_WIDTHS = (7.0, 2.7, 2.7, 3.6)
# The review of the previous plan year on the portrait page (16 cm), in 14 pt, wide enough also in Laksaman
# (wider than TH Sarabun New, and what the renders use): "ลำดับ" on one line, the measure's column an
# agency's name (which never breaks: "องค์การบริหารส่วนตำบลป่าตึง"), the status "แล้วเสร็จ*", the
# indicators' "ทรัพยากรบุคคล"; the change's header breaks at its spaces ("๒๕๖๗ → ๒๕๖๘").
REVIEW_WIDTHS = (1.7, 6.3, 2.2, 3.4, 2.4)


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
        fonts.set(qn(attr), current_font())
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
    # Every other style of the template (headings, title, captions, …) names theme fonts (Calibri,
    # Cambria): each gets the Thai font in all four slots instead, its size and bold left as they are.
    for fonts in doc.styles.element.iter(qn("w:rFonts")):
        for attr in THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), current_font())
    # The template's copy of its styles for Word 2010 (stylesWithEffects) is left out of the file.
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            del doc.part.rels[rid]
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
    # Every text of the document is written here, through the one sanitiser (python-docx refuses the
    # whole file for a single control character typed into a title) and the one line breaker (lines
    # break between words only; renderers left to themselves split names and syllables).
    run = p.add_run(breakable(xml_text(text)))
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


def _cell_text(cell: _Cell, text: str, bold: bool = False, align: WD_ALIGN_PARAGRAPH | None = None,
               size: float = SIZE_PT) -> None:
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        if line:
            _run(p, line, size, bold)
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


def _row_flags(row, *tags: str) -> None:  # noqa: ANN001 - a python-docx row
    """Sets on/off row properties (w:tblHeader: repeated on every page; w:cantSplit: never broken)."""
    trpr = row._tr.get_or_add_trPr()
    for tag in tags:
        flag = OxmlElement(tag)
        flag.set(qn("w:val"), "1")
        trpr.append(flag)


def _grid(container, widths: tuple[float, ...]) -> Table:  # noqa: ANN001
    """Adds a one-row bordered table of the given column widths (cm), centred, narrow padding."""
    table = container.add_table(rows=1, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_padding(table, CELL_PAD_CM)
    # Word reads the cells' widths, LibreOffice the table grid's: both are set (the cells by the callers).
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    return table


def _table(container, header: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[float, ...],  # noqa: ANN001
           centre: tuple[int, ...] = (), size: float = SIZE_PT) -> Table:
    table = _grid(container, widths)
    head = table.rows[0]
    # The header row repeats at the top of every page the table runs onto.
    _row_flags(head, "w:tblHeader")
    for cell, text, width in zip(head.cells, header, widths, strict=True):
        cell.width = Cm(width)
        _cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
        _shade(cell, HEADER_FILL)
    for values in rows:
        cells = table.add_row().cells
        for j, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = Cm(width)
            _cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER if j in centre else WD_ALIGN_PARAGRAPH.LEFT,
                       size=size)
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


def _field(p: Paragraph, instruction: str, shown: str) -> None:
    """Adds a field (e.g. PAGE) to `p`: begin, instruction, separate, the text shown until the reader
    updates it, end — each run in the Thai font."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, shown), ("end", None)):
        run = p.add_run()
        set_thai_font(run._r.get_or_add_rPr())
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run._r.append(_text_element(text))


def _text_element(text: str):  # noqa: ANN202 - an lxml element
    el = OxmlElement("w:t")
    el.set(qn("xml:space"), "preserve")
    el.text = text
    return el


def _thai_page_numbers(doc) -> None:  # noqa: ANN001
    """Marks every section's page numbers Thai (w:pgNumType w:fmt="thaiNumbers"), which Word's PAGE
    field follows. Not the field's own switch `\\* ThaiArabic`: LibreOffice reads that one as Thai
    letters (ก ข ค), while it shows a section's Thai page numbers as Arabic digits, which stays right."""
    for section in doc.sections:
        sectpr = section._sectPr
        numbers = sectpr.find(qn("w:pgNumType"))
        if numbers is None:
            numbers = OxmlElement("w:pgNumType")
            # w:pgNumType comes right after w:pgMar (w:paperSrc, w:pgBorders, w:lnNumType) in CT_SectPr.
            after = next((sectpr.find(qn(t)) for t in ("w:lnNumType", "w:pgBorders", "w:paperSrc", "w:pgMar")
                          if sectpr.find(qn(t)) is not None), None)
            if after is not None:
                after.addnext(numbers)
            else:
                sectpr.append(numbers)
        numbers.set(qn("w:fmt"), "thaiNumbers")


def _page_numbers(doc, document: Document) -> None:  # noqa: ANN001
    """Puts "- N -" centred at the top of every page but the first (Thai official style); the first
    page has its own header, without it. Later sections inherit the headers and go on counting; each
    section's page numbers are Thai when the document's digits are."""
    first = doc.sections[0]
    first.different_first_page_header_footer = True
    p = first.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "- ")
    _field(p, " PAGE ", program_text("2", document.digits))
    _run(p, " -")


def _fiction(doc, document: Document) -> None:  # noqa: ANN001
    if not document.fictional:
        return
    # The page headers repeat the label on every page, the first included (later sections inherit the
    # first one's headers).
    section = doc.sections[0]
    for header in (section.header, section.first_page_header):
        top = header.add_paragraph() if header.paragraphs[0].text else header.paragraphs[0]
        _run(top, document.fiction_label, 14, True, RED)
        top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, document.fiction_label, bold=True, colour=RED, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)


def _draft(doc, document: Document) -> None:  # noqa: ANN001
    """Marks a draft: "ร่าง" in the page headers (every page) and, above the title, why it is one."""
    if not document.draft:
        return
    section = doc.sections[0]
    for header in (section.header, section.first_page_header):
        top = header.add_paragraph() if header.paragraphs[0].text else header.paragraphs[0]
        _run(top, DRAFT_LABEL, 18, True, RED)
        top.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _para(doc, f"{DRAFT_LABEL}: " + " · ".join(document.draft_reasons), size=14, bold=True, colour=RED,
          align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)


def _measures_notes(doc, document: Document) -> list[Paragraph]:  # noqa: ANN001
    return [_para(doc, f"หมายเหตุ: {note}", size=14) for note in document.measures_notes]


def _title(doc, document: Document) -> None:  # noqa: ANN001
    for i, line in enumerate(document.title):
        _para(doc, line, size=TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
              space_after=12 if i == len(document.title) - 1 else 0)


def _block_lines(sig: Signature) -> tuple[str, ...]:
    return (sig.date_line, "", f"(ลงชื่อ) {'.' * 40}", sig.name, sig.position, sig.role)


def _keep(p: Paragraph, with_next: bool = True) -> None:
    p.paragraph_format.keep_with_next = with_next
    p.paragraph_format.keep_together = True


def _signatures(doc, document: Document, content: list[Paragraph]) -> None:  # noqa: ANN001
    """Adds the signature blocks after the last `content` paragraphs, which keep with them, so that a
    block never stands alone on a page (nor is split: a page holding only "ตำแหน่ง …" looks unfinished).
    One block stands on the right; two stand side by side in a borderless table whose row cannot
    break across pages (the reporter left, the head's acknowledgement right)."""
    for p in content:
        _keep(p)
    blocks = document.signatures
    if len(blocks) == 1:
        lines = _block_lines(blocks[0])
        for i, text in enumerate(lines):
            p = _para(doc, text, align=WD_ALIGN_PARAGRAPH.CENTER, left=9.0, space_before=12 if i == 0 else 0)
            _keep(p, i < len(lines) - 1)
        return
    table = doc.add_table(rows=1, cols=len(blocks))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    row = table.rows[0]
    _row_flags(row, "w:cantSplit")
    section = doc.sections[-1]
    width = min(Cm(12.5), int((section.page_width - section.left_margin - section.right_margin) / len(blocks)))
    for cell, sig in zip(row.cells, blocks, strict=True):
        cell.width = width
        lines = _block_lines(sig)
        for i, text in enumerate(lines):
            p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            if text:
                _run(p, text)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if i == 0:
                p.paragraph_format.space_before = Pt(12)
            _keep(p, i < len(lines) - 1)
    for column in table.columns:
        column.width = width


SUBJECTS = {
    "O27": "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส และมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "O28": "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
}


def _new_doc(document: Document):  # noqa: ANN202
    doc = new_document()
    _style_fonts(doc)
    core = doc.core_properties
    core.language = "th-TH"
    # The template's own properties (author "python-docx", made in 2013) are replaced by the document's.
    core.title = xml_text(" ".join(document.title))
    year = program_text(f" ประจำปีงบประมาณ พ.ศ. {document.year}", document.digits)
    core.subject = xml_text(f"{document.code} {SUBJECTS[document.kind]}".strip() + year)
    core.author = core.last_modified_by = xml_text(document.agency)
    core.comments = ""
    core.keywords = "ITA"
    core.category = document.code or document.kind
    core.revision = 1
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)  # python-docx writes it as UTC
    core.created = core.modified = now
    return doc


def _finish(doc, document: Document) -> bytes:  # noqa: ANN001
    if document.digits == "thai":
        _thai_page_numbers(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _numbered(document: Document, n: int, text: str) -> str:
    return program_text(f"{n}. ", document.digits) + text


def o27_docx(document: Document) -> bytes:
    """Returns O27 as a .docx: title block, results table and chart (portrait), the review of the previous
    plan year's measures when there is one, the three analysis headings with their texts, then the measures
    table and the signature block (landscape); the parts are numbered in that order."""
    if document.kind != "O27" or document.analysis is None:
        raise ValueError("o27_docx needs an O27 document")
    doc = _new_doc(document)
    _page(doc.sections[0], landscape=False)
    _page_numbers(doc, document)
    _fiction(doc, document)
    _draft(doc, document)
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
    part = 2
    if document.has_review:
        _review(doc, document, part)
        part += 1
    _para(doc, _numbered(document, part, "ผลการวิเคราะห์"), bold=True, space_after=4)
    for i, (heading, text) in enumerate(zip(HEADINGS, document.analysis.texts(), strict=True), start=1):
        _para(doc, program_text(f"({i}) ", document.digits) + heading, bold=True, left=0.75)
        _lines(doc, text, left=1.25)
        _para(doc, "", space_after=4)
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    # The new section's first page is numbered too (its headers are the first section's).
    section.different_first_page_header_footer = False
    _page(section, landscape=True)
    _para(doc, _numbered(document, part + 1, document.measures_heading), bold=True, space_after=6)
    rows = document.rows() or [("ยังไม่มีมาตรการของปีงบประมาณนี้", "", "", "", "")]
    _keep_last_row(_table(doc, document.columns, rows, O27_WIDTHS, centre=(3,), size=TABLE_PT))
    notes = _measures_notes(doc, document)
    summary = _para(doc, document.summary_line, size=14)
    _signatures(doc, document, [*notes, summary])
    return _finish(doc, document)


def _review(doc, document: Document, part: int) -> None:  # noqa: ANN001
    """Adds the review of the previous plan year's measures: its numbered heading (kept with the table),
    the table of the measures in TABLE_PT, then the summary and the notes under it in 14 pt."""
    heading = _para(doc, _numbered(document, part, document.review_heading), bold=True, space_after=4)
    _keep(heading)
    _table(doc, document.review_columns(), [r.cells() for r in document.review_rows], REVIEW_WIDTHS,
           centre=(0, 2, 4), size=TABLE_PT)
    for i, line in enumerate(document.review_lines):
        _para(doc, line, size=14, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY, space_before=4 if i == 0 else 0)
    _para(doc, "", space_after=4)


def _measure_block(doc, measure: MeasureRow) -> Table:  # noqa: ANN001
    """Adds one measure's block: its heading across the table (repeated when the block runs onto the
    next page), then one row per O28_BLOCK_LABELS field, label left, text right, in TABLE_PT."""
    table = _grid(doc, O28_BLOCK_WIDTHS)
    head = table.rows[0]
    _row_flags(head, "w:cantSplit", "w:tblHeader")
    cell = head.cells[0].merge(head.cells[1])
    _cell_text(cell, measure.o28_heading, bold=True, size=TABLE_PT)
    _shade(cell, HEADER_FILL)
    for p in cell.paragraphs:
        _keep(p)  # the heading never ends a page without the block's first row
    for label, text in measure.o28_block():
        cells = table.add_row().cells
        for c, width in zip(cells, O28_BLOCK_WIDTHS, strict=True):
            c.width = Cm(width)
        _cell_text(cells[0], label, bold=True, size=TABLE_PT)
        _cell_text(cells[1], text, size=TABLE_PT)
    return table


def _keep_last_row(table: Table) -> None:
    """Keeps the table's last row with what follows (Word and LibreOffice read keep-with-next on a
    row's paragraphs so), so that the signature blocks never open a page after the table ends."""
    for cell in table.rows[-1].cells:
        for p in cell.paragraphs:
            _keep(p)


def o28_docx(document: Document) -> bytes:
    """Returns O28 as a portrait .docx: title block, the opening paragraph, one block per measure
    (what was done, its status, results, problems and suggestions), the overall problems and
    suggestions, a count by status and the two signature blocks."""
    if document.kind != "O28":
        raise ValueError("o28_docx needs an O28 document")
    doc = _new_doc(document)
    _page(doc.sections[0], landscape=False)
    _page_numbers(doc, document)
    _fiction(doc, document)
    _draft(doc, document)
    _title(doc, document)
    _para(doc, document.measures_heading, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=4)
    _para(doc, document.intro, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY, indent_first=1.25, space_after=6)
    block = None
    for measure in document.measures:
        _para(doc, "", size=8)
        block = _measure_block(doc, measure)
    if block is not None:
        _keep_last_row(block)
    else:
        _para(doc, "ยังไม่มีมาตรการของปีงบประมาณนี้", space_after=6)
    # From the last block's last row to the signatures, everything keeps together.
    content = [*_measures_notes(doc, document), _para(doc, OVERALL_HEADING, bold=True, space_before=6)]
    for label, text in document.overall():
        lines = [ln for ln in text.split("\n") if ln.strip()]
        first = _para(doc, "", left=0.75, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY)
        _run(first, f"{label}: ", bold=True)
        _run(first, lines[0])
        content += [first, *(_para(doc, line, left=0.75, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY) for line in lines[1:])]
    content += [_para(doc, "", space_after=4), _para(doc, document.summary_line, bold=True)]
    counts = [f"{status} {program_text(str(n), document.digits)}" for status, n in status_summary(document) if n]
    if counts:
        content.append(_para(doc, "สถานะ: " + " · ".join(counts)))
    _signatures(doc, document, content)
    return _finish(doc, document)


def document_docx(document: Document, font: str | None = None) -> bytes:
    """Returns the document as .docx (O27 or O28), in `font` (fonts.FONTS; TH Sarabun New by default)."""
    with using_font(font):
        return o27_docx(document) if document.kind == "O27" else o28_docx(document)
