"""Download sections for the official documents: O27 and the executive brief on the measures page, O28 on
the progress page, each in Word, Excel and PDF (LibreOffice) in the chosen font. The bytes are built by
ita.documents (content, word, spreadsheet, pdf, brief) only when a button is clicked (ita.ui.downloads:
Streamlit's deferred download data, and a Thai error box when the file cannot be made), so drawing the
page costs nothing; the analysis texts are editable text areas prefilled with the defaults. The brief's
PDF has its own "make" button instead, because Chromium is slow and can fail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache, partial
from typing import Literal

import streamlit as st

from ita.core.framework import Framework
from ita.core.markdown import plain_line
from ita.core.model import Dataset
from ita.documents import content as docs
from ita.documents.brief import BriefError, brief_html, build_brief, chromium_path, html_to_pdf
from ita.documents.fonts import FONTS
from ita.documents.pdf import MISSING_TH, docx_to_pdf, soffice_path
from ita.documents.spreadsheet import document_xlsx
from ita.documents.typos import describe, plan_typos
from ita.documents.word import document_docx
from ita.services import plan
from ita.ui.common import control_characters_note
from ita.ui.data import data_version
from ita.ui.downloads import download_button

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
DIGITS_LABELS = {"thai": "เลขไทย (๑๒๓)", "arabic": "เลขอารบิก (123)"}
TEXT_KEYS = ("urgent", "improve", "approach")


def _options(prefix: str, ds: Dataset, agency: str, year: int) -> tuple[str, date, str, str]:
    """Draws the digits, date and signer fields; returns their values. The date starts at the document's
    default (docs.default_date: within its fiscal year) and can be changed; the signer's fields, left
    blank, take the agency's settings, shown as their placeholders."""
    kind = "O27" if prefix == "o27" else "O28"
    default = docs.default_date(kind, year)
    c1, c2 = st.columns(2)
    digits = c1.radio("ตัวเลขในเอกสาร", docs.DIGITS, format_func=DIGITS_LABELS.get, horizontal=True,
                      key=f"{prefix}_digits")
    issued = c2.date_input("วันที่ลงในเอกสาร", value=default, format="DD/MM/YYYY", key=f"{prefix}_date|{year}",
                           help=("O27 ลงวันที่ก่อนเริ่มปีงบประมาณของแผน (ไม่เกิน ๓๐ ก.ย. ของปีก่อน)"
                                 if kind == "O27" else "O28 ลงวันที่สิ้นปีงบประมาณ (๓๐ ก.ย.) หรือวันนี้ถ้ายังไม่ถึง"))
    settings = docs.agency_settings(ds, agency)
    who = ("head" if kind == "O27" else "preparer")
    role = "ผู้อนุมัติ" if kind == "O27" else "ผู้รายงาน"
    c1, c2 = st.columns(2)
    name = c1.text_input(f"ชื่อ{role} (เว้นว่าง = ตามข้อมูลหน่วยงาน)", key=f"{prefix}_signer",
                         placeholder=settings[f"{who}_name"] or "ไม่มีในข้อมูลหน่วยงาน (ช่องลงชื่อว่าง)")
    position = c2.text_input(f"ตำแหน่ง{role} (เว้นว่าง = ตามข้อมูลหน่วยงาน)", key=f"{prefix}_position",
                             placeholder=settings[f"{who}_position"] or "ไม่มีในข้อมูลหน่วยงาน")
    return digits or "thai", issued or default, name, position


def _button(label: str, data: bytes, file_name: str, mime: str, key: str) -> None:
    st.download_button(label, data=data, file_name=file_name, mime=mime, key=key, icon=":material/download:",
                       on_click="ignore")


def _bytes(build: Callable[..., docs.Document], make: Callable[[docs.Document], bytes], ds: Dataset, agency: str,
           year: int, fw: Framework, **kwargs: object) -> bytes:
    """Returns a document (build_o27 or build_o28) as a file (document_docx or document_xlsx)."""
    return make(build(ds, agency, year, fw, **kwargs))


def _font_choice(prefix: str) -> str:
    """Draws the select of the documents' font (fonts.FONTS, TH Sarabun New first); returns it."""
    return st.selectbox("แบบอักษรในเอกสาร (Word, Excel, PDF)", FONTS, key=f"{prefix}_font") or FONTS[0]


# A click builds its file twice (ita.ui.downloads: once to check, once to send); LibreOffice takes seconds,
# so the last few PDFs are kept, keyed by the document's whole content (Document is frozen and hashable).
@lru_cache(maxsize=4)
def _pdf(document: docs.Document, font: str) -> bytes:
    """Returns the document as PDF: its Word file converted by LibreOffice (raises PdfError in Thai)."""
    return docx_to_pdf(document_docx(document, font=font))


def _document_buttons(code: str, build: Callable[..., docs.Document], ds: Dataset, agency: str, year: int,
                      fw: Framework, kwargs: dict[str, object], texts: str, printed: str = "",
                      font: str = FONTS[0]) -> None:
    """Draws the Word, Excel and PDF downloads of one document, side by side, in `font`; `texts` says
    in Thai where its text comes from (named when a text cannot go into the file); `printed` is the
    item code the framework gives the document's year (labels and file names), `code` its internal
    kind (keys). Without LibreOffice the PDF's place says what to install instead of offering a button."""
    key, code = code, printed or code
    formats = (("Word", partial(document_docx, font=font), "docx", DOCX),
               ("Excel", partial(document_xlsx, font=font), "xlsx", XLSX),
               ("PDF", partial(_pdf, font=font), "pdf", PDF))
    for column, (fmt, make, ext, mime) in zip(st.columns(3), formats, strict=True):
        with column:
            if ext == "pdf" and soffice_path() is None:
                st.caption(MISSING_TH)
                continue
            download_button(f"ดาวน์โหลด {code} ({fmt})", partial(_bytes, build, make, ds, agency, year, fw, **kwargs),
                            what=f"{code} ({fmt})", texts=texts, file_name=f"{code}_{year}.{ext}", mime=mime,
                            key=f"{key.lower()}_{ext}")


def _removed_characters(kind: Literal["O27", "O28"], ds: Dataset, agency: str, year: int, name: str, position: str,
                        analysis: dict[str, str] | None = None) -> None:
    """Says which texts the document is made from hold control characters its files leave out."""
    fields = docs.control_fields(ds, agency, year, kind, analysis=analysis, signer_name=name,
                                 signer_position=position)
    control_characters_note(fields, f"ไฟล์ {kind} ที่ดาวน์โหลด")


def _typos(ds: Dataset, agency: str, year: int) -> None:
    """Lists the known misspellings found in the plan's texts (ita.documents.typos), not corrected."""
    found = plan_typos(ds, agency, year)
    if found:
        lines = [f"- {describe(t, plain_line)}" for t in found]
        st.warning("คำที่อาจพิมพ์ผิดในข้อความของหน่วยงาน (เอกสารพิมพ์ตามที่บันทึกไว้ ไม่ได้แก้ให้ "
                   "แก้ได้ที่หน้ามาตรการถ้าต้องการ):\n" + "\n".join(lines))


def _brief_pdf(ds: Dataset, agency: str, year: int, plan_year: int, fw: Framework, digits: str) -> bytes:
    """Returns the brief as PDF; raises BriefError (with a Thai message) when Chromium fails."""
    return html_to_pdf(brief_html(build_brief(ds, agency, year, plan_year, fw, digits)))


BRIEF_PDF = "brief_pdf_made"  # (what it was made from, the PDF or None, the Thai error or None)


def _brief_pdf_section(ds: Dataset, fw: Framework, agency: str, results_year: int, plan_year: int,
                       digits: str) -> None:
    """Draws the button that makes the brief's PDF, then its download or why it failed."""
    if not chromium_path():
        st.caption("ไม่พบ Chromium บนเครื่องนี้ จึงยังทำ PDF ไม่ได้ เปิดไฟล์ HTML แล้วสั่งพิมพ์เป็น PDF แทนได้")
        return
    # The PDF is kept in the session with what it was made from (the data's version included), and
    # offered only while that is what the page shows: a later run (another click while it was being
    # made) does not lose it, and a change of agency, year, digits or data does not offer a stale one.
    made_from = (agency, results_year, plan_year, digits, data_version())
    if st.button("ทำสรุปผู้บริหารเป็น PDF", key="brief_pdf_make", icon=":material/picture_as_pdf:"):
        with st.spinner("กำลังทำไฟล์ PDF…"):
            try:
                st.session_state[BRIEF_PDF] = (made_from, _brief_pdf(ds, agency, results_year, plan_year, fw, digits),
                                               None)
            except BriefError as exc:
                st.session_state[BRIEF_PDF] = (made_from, None, exc.message_th)
    kept, data, problem = st.session_state.get(BRIEF_PDF, (None, None, None))
    if kept != made_from:
        return
    if problem:
        st.error(plain_line(problem))
    else:
        _button("ดาวน์โหลดสรุปผู้บริหาร (PDF)", data, f"brief_{results_year}.pdf", "application/pdf", "brief_pdf")


def _results_prompt(ds: Dataset, fw: Framework, agency: str, plan_year: int, results_year: int) -> None:
    """Tells, on screen only, what O27 lacks from the results it analyses and where to enter it."""
    gap = docs.results_gap(ds, agency, plan_year, fw)
    if gap is None:
        return
    if gap == "total":
        st.warning(f"ยังไม่มีผลการประเมินปี {results_year} ของหน่วยงานนี้: เอกสารจะมีคำว่า “{docs.DRAFT_LABEL}” "
                   "กำกับ และวิเคราะห์จุดอ่อนจากคะแนนไม่ได้ จนกว่าจะกรอกผลการประเมิน")
    else:
        st.info(f"ผลการประเมินปี {results_year} ของหน่วยงานนี้มีเฉพาะคะแนนรวม: เอกสารจะบอกว่าการวิเคราะห์ไม่มีคะแนน"
                "รายตัวชี้วัดประกอบ และจะจัดลำดับจุดอ่อนตามคะแนนได้เมื่อกรอกคะแนนทั้ง 10 ตัวชี้วัด")
    st.page_link("pages/data.py", label=f"กรอกคะแนนของปี {results_year} ที่หน้า 'ข้อมูล' (แท็บ 'กรอกหรือแก้ไขคะแนน')",
                 icon=":material/edit_note:")


def o27_section(ds: Dataset, fw: Framework, agency: str, plan_year: int) -> None:
    """Draws O27's options, the three editable analysis texts and the O27 and brief downloads. Both
    read the results of the year before the plan (plan.results_year) and the measures of the plan."""
    results_year = plan.results_year(plan_year)
    item = docs.item_code(fw, "O27", plan_year)
    st.caption(f"การวิเคราะห์ผลการประเมินปี {results_year} และมาตรการปีงบประมาณ {plan_year} "
               f"(ข้อ {item.code}) พร้อมเผยแพร่เมื่อลงนาม · สรุปหนึ่งหน้าสำหรับผู้บริหาร"
               + (f" · {item.note}" if item.note else ""))
    if ds.is_fictional(agency):
        st.warning("เอกสารจากข้อมูลสมมุติจะมีข้อความ 'ข้อมูลสมมุติ' กำกับทุกหน้า")
    _results_prompt(ds, fw, agency, plan_year, results_year)
    digits, issued, name, position = _options("o27", ds, agency, plan_year)
    font = _font_choice("o27")
    defaults = docs.default_analysis(ds, agency, plan_year, fw, "thai")
    texts = {}
    for i, (key, heading, default) in enumerate(zip(TEXT_KEYS, docs.HEADINGS, defaults.texts(), strict=True),
                                                start=1):
        texts[key] = st.text_area(f"({i}) {heading}", value=default, height=150,
                                  key=f"o27_text|{key}|{agency}|{plan_year}")
    st.caption("แก้ไขข้อความได้ก่อนดาวน์โหลด ถ้าลบข้อความทั้งหมด เอกสารจะใช้ข้อความเริ่มต้น")
    kwargs = {"digits": digits, "analysis": texts, "issued": issued, "signer_name": name,
              "signer_position": position}
    _removed_characters("O27", ds, agency, plan_year, name, position, texts)
    _typos(ds, agency, plan_year)
    _document_buttons("O27", docs.build_o27, ds, agency, plan_year, fw, kwargs,
                      "ข้อความวิเคราะห์ (๑)–(๓) ชื่อหรือตำแหน่งผู้ลงนามด้านบน หรือชื่อและรายละเอียดของมาตรการในแผน",
                      item.code, font)
    st.markdown(f"**สรุปหนึ่งหน้าสำหรับผู้บริหาร** (ผลปี {results_year}, มาตรการปี {plan_year})")
    c1, c2 = st.columns(2)
    with c1:
        download_button("ดาวน์โหลดสรุปผู้บริหาร (HTML พร้อมพิมพ์)",
                        lambda: brief_html(build_brief(ds, agency, results_year, plan_year, fw, digits)).encode(),
                        what="สรุปผู้บริหาร (HTML)", texts="ชื่อและรายละเอียดของมาตรการในแผน",
                        file_name=f"brief_{results_year}.html", mime="text/html", key="brief_html")
    with c2:
        _brief_pdf_section(ds, fw, agency, results_year, plan_year, digits)


def o28_section(ds: Dataset, fw: Framework, agency: str, plan_year: int) -> None:
    """Draws O28's options and its Word and Excel downloads."""
    item = docs.item_code(fw, "O28", plan_year)
    st.caption(f"รายงานผลการดำเนินการตามมาตรการปีงบประมาณ {plan_year} (ข้อ {item.code}) จากมาตรการ "
               "และบันทึกความก้าวหน้า พร้อมสถานะของแต่ละมาตรการ" + (f" · {item.note}" if item.note else ""))
    if ds.is_fictional(agency):
        st.warning("เอกสารจากข้อมูลสมมุติจะมีข้อความ 'ข้อมูลสมมุติ' กำกับทุกหน้า")
    digits, issued, name, position = _options("o28", ds, agency, plan_year)
    font = _font_choice("o28")
    kwargs = {"digits": digits, "issued": issued, "signer_name": name, "signer_position": position}
    _removed_characters("O28", ds, agency, plan_year, name, position)
    draft = docs.draft_reasons(ds, agency, plan_year, issued, digits)
    if draft:
        st.info(f"เอกสารนี้จะมีคำว่า “{docs.DRAFT_LABEL}” กำกับทุกหน้า: " + " · ".join(draft))
    _typos(ds, agency, plan_year)
    _document_buttons("O28", docs.build_o28, ds, agency, plan_year, fw, kwargs,
                      "ชื่อหรือตำแหน่งผู้ลงนามด้านบน ชื่อ รายละเอียดหรือผลของมาตรการ หรือบันทึกความก้าวหน้า",
                      item.code, font)
