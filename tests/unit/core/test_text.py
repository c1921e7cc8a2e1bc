"""ita.core.text: generic helpers for user-entered values."""

from datetime import date, datetime

import pandas as pd

from ita.core.text import (
    as_text,
    code_key,
    is_blank,
    iso_date,
    shorten,
    split_indicators,
    split_units,
    thai_date,
    thai_datetime,
)


def test_blank_values_and_stripped_text():
    assert all(is_blank(v) for v in (None, float("nan"), pd.NA, "", "  \n"))
    assert not any(is_blank(v) for v in ("ก", 0, 0.0, False))
    assert as_text(None) == "" and as_text(float("nan")) == "" and as_text(pd.NA) == ""
    assert as_text("  ก ข \n") == "ก ข"
    assert as_text(12) == "12"


def test_iso_dates_from_text_or_a_date():
    assert iso_date("2025-10-25") == date(2025, 10, 25)
    assert iso_date(" 2025-10-25T14:05:00 ") == date(2025, 10, 25)
    assert iso_date(datetime(2025, 10, 25, 14, 5)) == date(2025, 10, 25)
    assert iso_date("") is None and iso_date(None) is None and iso_date("25/10/2568") is None


def test_thai_dates_and_times():
    assert thai_date("2025-10-25") == "25 ต.ค. 2568"
    assert thai_date("ไม่ทราบ") == "ไม่ทราบ"
    assert thai_date(None) == ""
    assert thai_datetime("2026-11-25T21:57:10") == "25 พ.ย. 2569 21:57"
    assert thai_datetime("เมื่อวาน") == "เมื่อวาน"


def test_list_cells_are_split_stripped_and_without_blanks():
    assert split_units(" กองคลัง ; ;สำนักปลัด") == ["กองคลัง", "สำนักปลัด"]
    assert split_indicators("9.4, ,10") == ["9.4", "10"]
    assert split_units(None) == [] and split_indicators(float("nan")) == []


def test_codes_sort_by_their_numbers():
    assert sorted(["10", "9.4", "9", "1", "10.1", "9.x"], key=code_key) == ["1", "9", "9.4", "9.x", "10", "10.1"]


def test_shorten_cuts_with_an_ellipsis_only_past_the_width():
    assert shorten("กขค", 3) == "กขค"
    assert shorten("กขคง", 3) == "กข…"
    assert shorten("", 5) == ""
