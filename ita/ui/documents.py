"""Download sections for the official documents: O27 and the executive brief on the measures
page, O28 on the progress page. The bytes are built by ita.documents / ita.docx_out / ita.xlsx_out /
ita.brief only when a button is clicked (Streamlit's deferred download data), so drawing the page
costs nothing; the analysis texts are editable text areas prefilled with the defaults. The brief's
PDF has its own "make" button instead, because Chromium can fail and a download cannot show why."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

import streamlit as st

from ita import documents as docs
from ita import plan
from ita.brief import BriefError, brief_html, build_brief, chromium_path, html_to_pdf
from ita.docx_out import document_docx
from ita.framework import Framework
from ita.model import Dataset
from ita.xlsx_out import document_xlsx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DIGITS_LABELS = {"thai": "เลขไทย (๑๒๓)", "arabic": "เลขอารบิก (123)"}
TEXT_KEYS = ("urgent", "improve", "approach")


def _options(prefix: str) -> tuple[str, date, str, str]:
    """Draws the digits, date and signer fields; returns their values."""
    c1, c2 = st.columns(2)
    digits = c1.radio("ตัวเลขในเอกสาร", docs.DIGITS, format_func=DIGITS_LABELS.get, horizontal=True,
                      key=f"{prefix}_digits")
    issued = c2.date_input("วันที่ลงในเอกสาร", value=date.today(), format="DD/MM/YYYY", key=f"{prefix}_date")
    c1, c2 = st.columns(2)
    name = c1.text_input("ชื่อผู้ลงนาม (เว้นว่างได้)", key=f"{prefix}_signer")
    position = c2.text_input("ตำแหน่งผู้ลงนาม (เว้นว่างได้)", key=f"{prefix}_position")
    return digits or "thai", issued or date.today(), name, position


def _button(label: str, data: bytes | Callable[[], bytes | str], file_name: str, mime: str, key: str) -> None:
    st.download_button(label, data=data, file_name=file_name, mime=mime, key=key, icon=":material/download:",
                       on_click="ignore")


def _o27_bytes(make: Callable[..., bytes], ds: Dataset, agency: str, year: int, fw: Framework,
               **kwargs: object) -> bytes:
    return make(docs.build_o27(ds, agency, year, fw, **kwargs))


def _o28_bytes(make: Callable[..., bytes], ds: Dataset, agency: str, year: int, fw: Framework,
               **kwargs: object) -> bytes:
    return make(docs.build_o28(ds, agency, year, fw, **kwargs))


def _brief_pdf(ds: Dataset, agency: str, year: int, plan_year: int, fw: Framework, digits: str) -> bytes:
    """Returns the brief as PDF; raises BriefError (with a Thai message) when Chromium fails."""
    return html_to_pdf(brief_html(build_brief(ds, agency, year, plan_year, fw, digits)))


def _brief_pdf_section(ds: Dataset, fw: Framework, agency: str, results_year: int, plan_year: int,
                       digits: str) -> None:
    """Draws the button that makes the brief's PDF; after a click, the error or the download."""
    if not chromium_path():
        st.caption("ไม่พบ Chromium บนเครื่องนี้ จึงยังทำ PDF ไม่ได้ เปิดไฟล์ HTML แล้วสั่งพิมพ์เป็น PDF แทนได้")
        return
    # The PDF is made in the run of the click and offered in that run only, so it always matches
    # what the page shows now; a failure is shown here instead of being saved as the file.
    if not st.button("ทำสรุปผู้บริหารเป็น PDF", key="brief_pdf_make", icon=":material/picture_as_pdf:"):
        return
    try:
        with st.spinner("กำลังทำไฟล์ PDF…"):
            data = _brief_pdf(ds, agency, results_year, plan_year, fw, digits)
    except BriefError as exc:
        st.error(plan.plain_label(exc.message_th))
        return
    _button("ดาวน์โหลดสรุปผู้บริหาร (PDF)", data, f"brief_{results_year}.pdf", "application/pdf", "brief_pdf")


def o27_section(ds: Dataset, fw: Framework, agency: str, plan_year: int) -> None:
    """Draws O27's options, the three editable analysis texts and the O27 and brief downloads. Both
    read the results of the year before the plan (plan.results_year) and the measures of the plan."""
    results_year = plan.results_year(plan_year)
    st.caption(f"การวิเคราะห์ผลการประเมินปี {results_year} และมาตรการปีงบประมาณ {plan_year} "
               "(ข้อ O27) พร้อมเผยแพร่เมื่อลงนาม · สรุปหนึ่งหน้าสำหรับผู้บริหาร")
    if ds.is_fictional(agency):
        st.warning("เอกสารจากข้อมูลสมมุติจะมีข้อความ 'ข้อมูลสมมุติ' กำกับทุกหน้า")
    digits, issued, name, position = _options("o27")
    defaults = docs.default_analysis(ds, agency, plan_year, fw, "thai")
    texts = {}
    for i, (key, heading, default) in enumerate(zip(TEXT_KEYS, docs.HEADINGS, defaults.texts(), strict=True),
                                                start=1):
        texts[key] = st.text_area(f"({i}) {heading}", value=default, height=150,
                                  key=f"o27_text|{key}|{agency}|{plan_year}")
    st.caption("แก้ไขข้อความได้ก่อนดาวน์โหลด ถ้าลบข้อความทั้งหมด เอกสารจะใช้ข้อความเริ่มต้น")
    kwargs = {"digits": digits, "analysis": texts, "issued": issued, "signer_name": name,
              "signer_position": position}
    stem = f"O27_{plan_year}"
    c1, c2 = st.columns(2)
    with c1:
        _button("ดาวน์โหลด O27 (Word)", partial(_o27_bytes, document_docx, ds, agency, plan_year, fw, **kwargs),
                f"{stem}.docx", DOCX, "o27_docx")
    with c2:
        _button("ดาวน์โหลด O27 (Excel)", partial(_o27_bytes, document_xlsx, ds, agency, plan_year, fw, **kwargs),
                f"{stem}.xlsx", XLSX, "o27_xlsx")
    st.markdown(f"**สรุปหนึ่งหน้าสำหรับผู้บริหาร** (ผลปี {results_year}, มาตรการปี {plan_year})")
    c1, c2 = st.columns(2)
    with c1:
        _button("ดาวน์โหลดสรุปผู้บริหาร (HTML พร้อมพิมพ์)",
                lambda: brief_html(build_brief(ds, agency, results_year, plan_year, fw, digits)).encode(),
                f"brief_{results_year}.html", "text/html", "brief_html")
    with c2:
        _brief_pdf_section(ds, fw, agency, results_year, plan_year, digits)


def o28_section(ds: Dataset, fw: Framework, agency: str, plan_year: int) -> None:
    """Draws O28's options and its Word and Excel downloads."""
    st.caption(f"รายงานผลการดำเนินการตามมาตรการปีงบประมาณ {plan_year} (ข้อ O28) จากมาตรการ "
               "และบันทึกความก้าวหน้า พร้อมสถานะของแต่ละมาตรการ")
    if ds.is_fictional(agency):
        st.warning("เอกสารจากข้อมูลสมมุติจะมีข้อความ 'ข้อมูลสมมุติ' กำกับทุกหน้า")
    digits, issued, name, position = _options("o28")
    kwargs = {"digits": digits, "issued": issued, "signer_name": name, "signer_position": position}
    c1, c2 = st.columns(2)
    with c1:
        _button("ดาวน์โหลด O28 (Word)", partial(_o28_bytes, document_docx, ds, agency, plan_year, fw, **kwargs),
                f"O28_{plan_year}.docx", DOCX, "o28_docx")
    with c2:
        _button("ดาวน์โหลด O28 (Excel)", partial(_o28_bytes, document_xlsx, ds, agency, plan_year, fw, **kwargs),
                f"O28_{plan_year}.xlsx", XLSX, "o28_xlsx")
