"""AppTest of the document sections: O27 (editable analysis texts, Word/Excel, brief) on the measures
page and O28 on the progress page. An AppTest download button exposes only its label, so the bytes
behind each button are checked by calling the same builders the buttons are given."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ita.core.framework import load_framework
from ita.core.markdown import unescape
from ita.documents import content as D
from ita.documents import pdf as pdf_module
from ita.documents.brief import BriefError
from ita.documents.spreadsheet import document_xlsx
from ita.documents.word import document_docx
from ita.storage.bundled import load_bundled
from ita.storage.store import Store
from ita.ui import documents as ui_docs
from tests.unit.conftest import actor
from tests.unit.doc_samples import plain_docx  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("ITA_DB", str(tmp_path / "ita.db"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield tmp_path
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(page: str, agency: str = PATUENG, year: int = 2568) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=30)
    at.run()
    if at.sidebar.selectbox(key="agency").value != agency:
        at.sidebar.selectbox(key="agency").set_value(agency)
        at.run()
    if at.sidebar.selectbox(key="year").value != year:
        at.sidebar.selectbox(key="year").set_value(year)
        at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_measures_page_offers_o27_with_editable_analysis_and_the_brief(db):
    at = open_page("pages/measures.py")
    keys = {k: f"o27_text|{k}|{PATUENG}|2569" for k in ("urgent", "improve", "approach")}
    areas = {k: at.text_area(key=v) for k, v in keys.items()}
    for area, heading in zip(areas.values(), D.HEADINGS, strict=True):
        assert heading in area.label
    assert "ไม่มีคะแนนรายตัวชี้วัดประกอบ" in areas["urgent"].value
    assert "ตัวชี้วัดที่ ๙.๔" in areas["urgent"].value
    # The 2568 results have a total only: the page (not the document) says so and where to enter them.
    assert any("ปี 2568 ของหน่วยงานนี้มีเฉพาะคะแนนรวม" in i.value for i in at.main.info)
    assert [(link.proto.label, link.proto.page) for link in at.main.get("page_link")
            if "กรอกคะแนน" in link.proto.label] == [
        ("กรอกคะแนนของปี 2568 ที่หน้า 'ข้อมูล' (แท็บ 'กรอกหรือแก้ไขคะแนน')", "data")]
    assert "จำนวน ๖ มาตรการ" in areas["approach"].value
    assert labels(at) == ["ดาวน์โหลด O27 (Word)", "ดาวน์โหลด O27 (Excel)", "ดาวน์โหลด O27 (PDF)",
                          "ดาวน์โหลดสรุปผู้บริหาร (HTML พร้อมพิมพ์)"]
    # The PDF is made on request (Chromium is installed wherever the tests run), then offered.
    at.button(key="brief_pdf_make").click()
    at.run()
    assert not at.exception and not at.main.error
    assert labels(at)[-1] == "ดาวน์โหลดสรุปผู้บริหาร (PDF)"
    # A later run (another click, typing) keeps offering the PDF it made; a change of what the brief
    # is made from (here its digits) withdraws it, so a stale PDF is never offered.
    at.text_area(key=keys["urgent"]).input("ประเด็นที่ผู้บริหารเขียนเอง")
    at.run()
    assert labels(at)[-1] == "ดาวน์โหลดสรุปผู้บริหาร (PDF)"
    assert at.radio(key="o27_digits").options == ["เลขไทย (๑๒๓)", "เลขอารบิก (123)"]
    at.radio(key="o27_digits").set_value("arabic")
    at.run()
    assert not at.exception
    assert at.text_area(key=keys["urgent"]).value == "ประเด็นที่ผู้บริหารเขียนเอง"
    assert "ดาวน์โหลดสรุปผู้บริหาร (PDF)" not in labels(at)


def test_fictional_agency_section_warns_that_documents_are_labelled(db):
    at = open_page("pages/measures.py", SUKJAI, 2568)
    warnings = [w.value for w in at.main.warning]
    assert any("เอกสารจากข้อมูลสมมุติ" in w for w in warnings)
    assert "ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต" in at.text_area(key=f"o27_text|improve|{SUKJAI}|2569").value
    # The fictional agency has every indicator score of 2568: no prompt to enter them.
    assert not any("กรอกคะแนน" in link.proto.label for link in at.main.get("page_link"))


def test_the_page_names_the_texts_whose_control_characters_the_files_leave_out(db):
    # Issue 11, case 8: a measure's title saved with a control character and a signer typed with one.
    at = open_page("pages/measures.py")
    assert not [w.value for w in at.main.warning if "อักขระควบคุม" in w.value]
    other = Store(db / "ita.db")
    first = other.measures(PATUENG, 2569).iloc[0]
    other.update_measure(int(first["id"]), {"title": "มาตรการ\x0bพิเศษ\x01"}, int(first["version"]), actor("สมหญิง"))
    other.close()
    at.text_input(key="o27_signer").input("นายสม\x1fชาย")
    at.text_area(key=f"o27_text|urgent|{PATUENG}|2569").input("ประเด็น\x01เร่งด่วน")
    at.run()
    assert not at.exception
    warned = [unescape(w.value) for w in at.main.warning if "อักขระควบคุม" in w.value]
    assert len(warned) == 1
    assert f"มาตรการ ปี 2569 ลำดับ {first['number']} · มาตรการ/แนวทาง" in warned[0]
    assert f"(1) {D.HEADINGS[0]}" in warned[0] and "ชื่อผู้ลงนาม" in warned[0]
    assert "ไฟล์ O27 ที่ดาวน์โหลด" in warned[0]


def test_progress_page_offers_o28(db):
    at = open_page("pages/progress.py")
    assert labels(at)[:3] == ["ดาวน์โหลด O28 (Word)", "ดาวน์โหลด O28 (Excel)", "ดาวน์โหลด O28 (PDF)"]
    assert at.radio(key="o28_digits").value == "thai"
    assert at.selectbox(key="o28_font").options == ["TH Sarabun New", "TH SarabunPSK"]
    assert at.selectbox(key="o28_font").value == "TH Sarabun New"


def test_without_libreoffice_the_page_says_so_instead_of_a_pdf_button(db, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(pdf_module, "SOFFICE_CANDIDATES", ())
    for page, code in (("pages/measures.py", "O27"), ("pages/progress.py", "O28")):
        at = open_page(page)
        assert f"ดาวน์โหลด {code} (PDF)" not in labels(at)
        assert {f"ดาวน์โหลด {code} (Word)", f"ดาวน์โหลด {code} (Excel)"} <= set(labels(at))
        said = [unescape(c.value) for c in at.main.caption]
        assert pdf_module.MISSING_TH in said, said
        assert pdf_module.MISSING_TH.startswith("ยังทำ PDF ไม่ได้บนเครื่องนี้: ต้องติดตั้ง LibreOffice (")


def test_the_pdf_and_font_builders_make_the_files_in_the_chosen_font():
    ds, fw = load_bundled()[0], load_framework()
    kwargs = {"digits": "thai", "issued": date(2025, 9, 26), "signer_name": "", "signer_position": ""}
    data = ui_docs._bytes(D.build_o28, partial(ui_docs._pdf, font="TH SarabunPSK"), ds, PATUENG, 2568, fw, **kwargs)
    assert data.startswith(b"%PDF-")
    data = ui_docs._bytes(D.build_o28, partial(document_docx, font="TH SarabunPSK"), ds, PATUENG, 2568, fw, **kwargs)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert 'w:cs="TH SarabunPSK"' in z.read("word/styles.xml").decode()


def test_a_clicks_two_builds_of_the_pdf_run_libreoffice_once(monkeypatch):
    ds, fw = load_bundled()[0], load_framework()
    calls = []

    def convert(docx_bytes: bytes) -> bytes:
        calls.append(len(docx_bytes))
        return b"%PDF-1.7 " + str(len(calls)).encode()

    monkeypatch.setattr(ui_docs, "docx_to_pdf", convert)
    ui_docs._pdf.cache_clear()
    make = partial(ui_docs._pdf, font="TH Sarabun New")
    first = ui_docs._bytes(D.build_o28, make, ds, PATUENG, 2568, fw, issued=date(2025, 9, 26))
    again = ui_docs._bytes(D.build_o28, make, ds, PATUENG, 2568, fw, issued=date(2025, 9, 26))
    assert first == again == b"%PDF-1.7 1" and len(calls) == 1
    # Another content (here the date) is another PDF.
    other = ui_docs._bytes(D.build_o28, make, ds, PATUENG, 2568, fw, issued=date(2025, 9, 27))
    assert other == b"%PDF-1.7 2" and len(calls) == 2
    ui_docs._pdf.cache_clear()


def test_the_buttons_builders_make_the_documents_with_the_edited_texts():
    ds, fw = load_bundled()[0], load_framework()
    texts = {"urgent": "ประเด็นเร่งด่วนที่แก้ไข ๑", "improve": "", "approach": "แนวทางที่แก้ไข"}
    data = ui_docs._bytes(D.build_o27, document_docx, ds, PATUENG, 2569, fw, digits="thai", analysis=texts,
                              issued=date(2025, 9, 26), signer_name="", signer_position="")
    body = "\n".join(p.text for p in plain_docx(data).paragraphs)
    assert "ประเด็นเร่งด่วนที่แก้ไข ๑" in body and "แนวทางที่แก้ไข" in body
    assert D.default_analysis(ds, PATUENG, 2569, fw).improve.split("\n")[0] in body  # blank = the default
    data = ui_docs._bytes(D.build_o28, document_xlsx, ds, PATUENG, 2568, fw, digits="arabic", issued=date(2025, 10, 21),
                              signer_name="", signer_position="")
    ws = openpyxl.load_workbook(io.BytesIO(data))["รายงานผล"]
    assert [ws.cell(r, 1).value for r in (3, 4, 5)] == [1, 2, 3]  # numbers (Arabic digits: format "0")
    pdf = ui_docs._brief_pdf(ds, PATUENG, 2568, 2569, fw, "thai")
    assert pdf.startswith(b"%PDF")


def test_a_failed_pdf_shows_the_thai_message_and_no_pdf_download(db, monkeypatch):
    def fail(*args, **kwargs):
        raise BriefError("Chromium สร้าง PDF ไม่สำเร็จ: หมดเวลา", "Chromium failed: timeout")

    monkeypatch.setattr(ui_docs, "html_to_pdf", fail)
    at = open_page("pages/measures.py")
    at.button(key="brief_pdf_make").click()
    at.run()
    assert not at.exception
    assert [unescape(e.value) for e in at.main.error] == ["Chromium สร้าง PDF ไม่สำเร็จ: หมดเวลา"]
    assert "ดาวน์โหลดสรุปผู้บริหาร (PDF)" not in labels(at)
    assert "ดาวน์โหลดสรุปผู้บริหาร (HTML พร้อมพิมพ์)" in labels(at)  # the HTML stays available
    at.run()  # the failure stays said until the next try, and still offers no PDF
    assert [unescape(e.value) for e in at.main.error] == ["Chromium สร้าง PDF ไม่สำเร็จ: หมดเวลา"]
    assert "ดาวน์โหลดสรุปผู้บริหาร (PDF)" not in labels(at)


def test_the_pdf_builder_raises_instead_of_returning_the_message_as_the_file(monkeypatch):
    def fail(*args, **kwargs):
        raise BriefError("ไม่พบโปรแกรม Chromium", "no Chromium")

    monkeypatch.setattr(ui_docs, "html_to_pdf", fail)
    ds, fw = load_bundled()[0], load_framework()
    with pytest.raises(BriefError):
        ui_docs._brief_pdf(ds, PATUENG, 2568, 2569, fw, "thai")


def test_the_sections_list_suspected_typos_and_say_when_o28_is_a_draft(db):
    # Issue 13, item 5: the known misspellings of the plan are listed with where and the suggestion.
    at = open_page("pages/measures.py")
    typos = [unescape(w.value) for w in at.main.warning if "อาจพิมพ์ผิด" in w.value]
    assert len(typos) == 1
    assert "“อบรม.ปาดัง” (มาตรการลำดับที่ 3 · ชื่อมาตรการ) น่าจะเป็น “อบต.ป่าตึง”" in typos[0]
    assert "เพชบุ๊ก" in typos[0] and "เฟซบุ๊ก" in typos[0]
    at = open_page("pages/progress.py")
    choice = at.selectbox(key=f"progress_plan_year|{PATUENG}|2568")
    if choice.value != 2569:
        choice.set_value(2569)
        at.run()
    assert any(D.DRAFT_LABEL in i.value and "ค่าเริ่มต้น" in i.value for i in at.main.info)
