"""The Thai message of a download whose file could not be made (ita.services.downloads)."""

from __future__ import annotations

from openpyxl.utils.exceptions import IllegalCharacterError

from ita.core.errors import ItaError
from ita.services.downloads import failure_message

WHERE = "ข้อความวิเคราะห์ หรือชื่อมาตรการ"


def test_a_text_the_file_cannot_hold_says_where_to_look():
    for refusal in (ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control "
                               "characters"), IllegalCharacterError("x\x0b cannot be used in worksheets.")):
        message = failure_message("O27 (Word)", refusal, WHERE)
        assert message.startswith("ทำไฟล์ O27 (Word) ไม่สำเร็จ จึงไม่มีไฟล์ให้ดาวน์โหลด: มีอักขระที่มองไม่เห็น")
        assert f"ใน{WHERE} แล้วกดดาวน์โหลดอีกครั้ง" in message


def test_an_error_with_a_thai_message_gives_it():
    message = failure_message("O28 (Excel)", ItaError("ไม่พบแม่แบบเอกสาร", "no template"), WHERE)
    assert message == "ทำไฟล์ O28 (Excel) ไม่สำเร็จ จึงไม่มีไฟล์ให้ดาวน์โหลด: ไม่พบแม่แบบเอกสาร"


def test_any_other_error_is_named_for_whoever_keeps_the_app():
    message = failure_message("O27 (Excel)", ValueError("x" * 500), WHERE)
    assert "ValueError: " + "x" * 200 + ")" in message and "แจ้งผู้ดูแลระบบ" in message
    assert WHERE not in message  # not a text problem: no false lead
