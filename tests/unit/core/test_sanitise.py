"""ita.core.sanitise: the one sanitiser for text written to Word, Excel, the brief and chart labels
(issue 11, cases 8 and 9)."""

import pandas as pd
import pytest

from ita.core.model import Dataset
from ita.core.sanitise import (
    Cleaned,
    chart_text,
    clean_text,
    control_characters,
    dataset_control_fields,
    typed_control_fields,
    xml_text,
)

A = "อบต.ทดสอบ"


def test_xml_invalid_characters_are_removed_and_named():
    cleaned = clean_text("ก\x01ข\x1fค\x00ง\x08จ\x0eฉ\x1f")
    assert cleaned.text == "กขคงจฉ"
    assert cleaned.removed == ("U+0001", "U+001F", "U+0000", "U+0008", "U+000E")  # each once, in order


def test_words_line_and_page_breaks_become_line_breaks():
    # Text pasted from Word carries its manual line break (U+000B) and page break (U+000C).
    assert clean_text("ก\x0bข\x0cค") == Cleaned("ก\nข\nค", ("U+000B", "U+000C"))


def test_tab_newline_carriage_return_and_thai_are_kept():
    text = "ลำดับ\tมาตรการ\r\nองค์การบริหารส่วนตำบลป่าตึง ๑๒๓ “ตัวชี้วัด” — ok"
    assert xml_text(text) == text and control_characters(text) == ()
    assert clean_text(text).removed == ()


def test_lone_surrogates_and_non_characters_are_removed():
    assert xml_text("ก\ud800ข\ufffeค\uffff") == "กขค"


def test_chart_text_escapes_the_marks_plotly_reads_and_keeps_thai():
    assert chart_text("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    assert chart_text('<a href="https://e.x">y</a>') == '&lt;a href="https://e.x"&gt;y&lt;/a&gt;'
    # A typed entity shows as typed: its & is escaped, so plotly does not decode it.
    assert chart_text("ก & ข &lt; ค") == "ก &amp; ข &amp;lt; ค"
    assert chart_text("มาตรการที่ ๑ ส่งเสริมคุณธรรม") == "มาตรการที่ ๑ ส่งเสริมคุณธรรม"
    assert chart_text("ก\x0bข\x01") == "ก\nข"
    assert chart_text(None) == "" and chart_text(float("nan")) == "" and chart_text(pd.NA) == ""


def test_typed_fields_are_named_when_they_hold_control_characters():
    fields = {"ชื่อผู้ลงนาม": "นาย\x0bก", "ตำแหน่งผู้ลงนาม": "นายก", "ว่าง": None, "ข้อความ": "\x1fก"}
    assert typed_control_fields(fields) == ["ชื่อผู้ลงนาม", "ข้อความ"]
    # Python counts U+001C–U+001F as spaces: a text of only those is blank, so the documents print
    # nothing of it (a blank signer gets dotted lines) and there is nothing to name.
    assert typed_control_fields({"ชื่อผู้ลงนาม": "\x1f\x1e"}) == []


def test_dataset_fields_name_the_sheet_year_number_and_column():
    ds = Dataset.from_records({
        "agencies": [{"agency": A, "fictional": "ไม่ใช่", "province": "เชียง\x01ราย"}],
        "measures": [{"agency": A, "year": 2569, "number": "1", "title": "ก\x0bข"},
                     {"agency": A, "year": 2569, "number": "2", "title": "ปกติ", "method": "ค\x1f"},
                     {"agency": A, "year": 2568, "number": "1", "title": "เก่า\x01"},
                     {"agency": "อื่น", "year": 2569, "number": "1", "title": "ไม่ใช่ของเรา\x01"}],
        "progress": [{"agency": A, "year": 2569, "number": "2", "date": "2025-11-05", "text": "ทำ\x01แล้ว"}],
    })
    assert dataset_control_fields(ds, A, years=(2569,)) == [
        "หน่วยงาน · จังหวัด",
        "มาตรการ ปี 2569 ลำดับ 1 · มาตรการ/แนวทาง",
        "มาตรการ ปี 2569 ลำดับ 2 · วิธีการดำเนินการ",
        "ความก้าวหน้ามาตรการ ปี 2569 ลำดับ 2 · ความก้าวหน้า",
    ]
    assert "มาตรการ ปี 2568 ลำดับ 1 · มาตรการ/แนวทาง" in dataset_control_fields(ds, A)
    assert dataset_control_fields(ds, "อื่น", years=(2568,)) == []


@pytest.mark.parametrize("agency", ["อบต.\x0bทดสอบ", "\x01"])
def test_an_agency_name_with_control_characters_is_named_once(agency):
    ds = Dataset.from_records({
        "agencies": [{"agency": agency, "fictional": "ไม่ใช่"}],
        "measures": [{"agency": agency, "year": 2569, "number": str(n), "title": "ก"} for n in range(1, 4)],
    })
    assert dataset_control_fields(ds, agency) == ["หน่วยงาน · ชื่อหน่วยงาน"]
