"""Why a file offered for download could not be made, said in Thai with what to fix. The pages
(ita.ui.downloads) show it in an error box instead of a download that silently gives nothing."""

from __future__ import annotations

from openpyxl.utils.exceptions import IllegalCharacterError

from ita.core.errors import ItaError


def _refused_text(exc: BaseException) -> bool:
    """True for the libraries' refusal of a text that a Word or Excel file cannot hold (a control
    character: python-docx/lxml raise ValueError "All strings must be XML compatible", openpyxl
    IllegalCharacterError)."""
    return isinstance(exc, IllegalCharacterError) or (isinstance(exc, ValueError) and "XML compatible" in str(exc))


def failure_message(what: str, exc: BaseException, texts: str) -> str:
    """Returns the Thai message for a failed build of the file `what` (e.g. "O27 (Word)"); `texts`
    names, in Thai, where the file's text comes from, so that a refused text says where to look."""
    if isinstance(exc, ItaError):
        reason = exc.message_th
    elif _refused_text(exc):
        reason = (f"มีอักขระที่มองไม่เห็น (อักขระควบคุม มักติดมากับข้อความที่คัดลอกมาจากโปรแกรมอื่น) ในข้อความที่ใช้ทำไฟล์ "
                  f"ตรวจและพิมพ์ข้อความนั้นใหม่ใน{texts} แล้วกดดาวน์โหลดอีกครั้ง")
    else:
        reason = (f"เกิดข้อผิดพลาดขณะทำไฟล์ ({exc.__class__.__name__}: {str(exc)[:200]}) กดดาวน์โหลดอีกครั้ง "
                  "ถ้ายังไม่ได้ ให้แจ้งผู้ดูแลระบบพร้อมข้อความนี้")
    return f"ทำไฟล์ {what} ไม่สำเร็จ จึงไม่มีไฟล์ให้ดาวน์โหลด: {reason}"
