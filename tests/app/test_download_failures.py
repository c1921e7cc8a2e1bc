"""A download whose file cannot be made says why (issue 11: "a download that fails shows an error
message naming what to fix, never nothing"). The builders behind the O27, O28 and agency-data buttons
are made to fail as python-docx and openpyxl do on a control character, or with any other error; the
click then shows a Thai error box under the button instead of nothing."""

from __future__ import annotations

from openpyxl.utils.exceptions import IllegalCharacterError
from streamlit.testing.v1 import AppTest

from ita.core.markdown import unescape
from ita.services import data_entry
from ita.ui import documents as ui_docs
from tests.app.session import Page

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
DOCX_REFUSAL = "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"


def _click(at: AppTest, key: str) -> list[str]:
    """Clicks the download button `key`; returns the texts of the main area's error boxes."""
    at.download_button(key=key).click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return [unescape(e.value) for e in at.main.error]


def _labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_an_o27_that_word_refuses_says_which_texts_to_fix(db, monkeypatch):
    def refuse(document, font=None):
        raise ValueError(DOCX_REFUSAL)

    monkeypatch.setattr(ui_docs, "document_docx", refuse)
    at = Page("pages/measures.py", PATUENG).at
    assert not at.main.error
    [error] = _click(at, "o27_docx")
    assert error.startswith("ทำไฟล์ O27 (Word) ไม่สำเร็จ จึงไม่มีไฟล์ให้ดาวน์โหลด")
    assert "อักขระที่มองไม่เห็น" in error and "ข้อความวิเคราะห์" in error and "ผู้ลงนาม" in error
    assert "ดาวน์โหลด O27 (Word)" in _labels(at)  # the button stays, to try again once fixed
    at.run()  # said once: the next run (typing the fix) does not repeat it
    assert not at.main.error
    assert _click(at, "o27_xlsx") == []  # the Excel file is made as before


def test_an_o28_that_excel_refuses_says_so(db, monkeypatch):
    def refuse(document, font=None):
        raise IllegalCharacterError("ประชุม\x0bคณะทำงาน cannot be used in worksheets.")

    monkeypatch.setattr(ui_docs, "document_xlsx", refuse)
    at = Page("pages/progress.py", PATUENG).at
    [error] = _click(at, "o28_xlsx")
    assert error.startswith("ทำไฟล์ O28 (Excel) ไม่สำเร็จ") and "บันทึกความก้าวหน้า" in error


def test_any_other_failure_names_itself_and_who_to_tell(db, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(data_entry, "agency_workbook", fail)
    at = Page("pages/data.py", PATUENG).at
    [error] = _click(at, "dl_agency")
    assert error.startswith("ทำไฟล์ ข้อมูลของหน่วยงาน (Excel) ไม่สำเร็จ")
    assert "RuntimeError: template missing" in error and "แจ้งผู้ดูแลระบบ" in error
