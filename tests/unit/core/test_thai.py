"""Unit tests for ita.core.thai; every expected value below was worked out by hand, not by the code."""

from __future__ import annotations

import pickle
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from ita.core.thai import (
    THAI_DIGITS,
    THAI_MONTHS_ABBR,
    THAI_MONTHS_FULL,
    Period,
    ThaiParseError,
    be_to_ce,
    ce_to_be,
    fiscal_quarter,
    fiscal_year,
    fiscal_year_bounds,
    format_number,
    format_period,
    format_thai_date,
    parse_number,
    parse_period,
    parse_thai_date,
    parse_year,
    quarter_bounds,
    to_arabic_digits,
    to_thai_digits,
)

NBSP = "\u00a0"
ZWSP = "\u200b"


# --- ThaiParseError ---------------------------------------------------------------------------


def test_thai_parse_error_keeps_both_messages_and_shows_thai():
    error = ThaiParseError("ข้อความไทย", "English text")
    assert error.message_th == "ข้อความไทย"
    assert error.message_en == "English text"
    assert str(error) == "ข้อความไทย"
    assert isinstance(error, ValueError)


def test_thai_parse_error_survives_pickling():
    # Streamlit and multiprocessing may pickle exceptions; a custom __init__ must not break that.
    copy = pickle.loads(pickle.dumps(ThaiParseError("ไทย", "English")))
    assert (copy.message_th, copy.message_en, str(copy)) == ("ไทย", "English", "ไทย")


# --- Digits -----------------------------------------------------------------------------------


def test_thai_digits_constant():
    assert THAI_DIGITS == "๐๑๒๓๔๕๖๗๘๙"
    assert len(THAI_DIGITS) == 10


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2568, "๒๕๖๘"),
        ("0123456789", "๐๑๒๓๔๕๖๗๘๙"),
        (98.8, "๙๘.๘"),
        (-5, "-๕"),
        ("ต.ค. 68", "ต.ค. ๖๘"),
        ("abc", "abc"),
        (None, "None"),
        ("", ""),
    ],
)
def test_to_thai_digits(value, expected):
    assert to_thai_digits(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๐๑๒๓๔๕๖๗๘๙", "0123456789"),
        ("ต.ค.๖๘ ถึง ก.ย.๖๙", "ต.ค.68 ถึง ก.ย.69"),
        ("mixed ๑2๓", "mixed 123"),
        ("", ""),
    ],
)
def test_to_arabic_digits(text, expected):
    assert to_arabic_digits(text) == expected


@pytest.mark.parametrize("bad", [2568, None, b"68"])
def test_to_arabic_digits_rejects_non_text(bad):
    with pytest.raises(TypeError):
        to_arabic_digits(bad)


# --- Era conversion ---------------------------------------------------------------------------


def test_be_to_ce_and_back():
    assert be_to_ce(2568) == 2025
    assert ce_to_be(2025) == 2568
    assert be_to_ce(2543) == 2000
    assert ce_to_be(be_to_ce(2569)) == 2569


@pytest.mark.parametrize("bad", [True, "2568", 2568.0, None])
def test_era_conversion_rejects_non_int(bad):
    with pytest.raises(TypeError):
        be_to_ce(bad)
    with pytest.raises(TypeError):
        ce_to_be(bad)


# --- parse_year -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2568, 2568),
        (2025, 2568),  # C.E. is converted: 2025 + 543.
        (2400, 2400),  # Lowest B.E. year kept.
        (2700, 2700),  # Highest B.E. year kept.
        (1900, 2443),  # Lowest C.E. year converted.
        (2200, 2743),  # Highest C.E. year converted.
        (2568.0, 2568),
        (2025.0, 2568),
        (Decimal("2568"), 2568),
        (Fraction(2568, 1), 2568),
        ("2568", 2568),
        ("๒๕๖๘", 2568),
        ("2025", 2568),
        ("  2568  ", 2568),
        (f"{NBSP}๒๕๖๘{NBSP}", 2568),
        ("พ.ศ. 2568", 2568),
        ("พ.ศ.๒๕๖๘", 2568),
        ("ปี 2568", 2568),
        ("ปี๒๕๖๘", 2568),
        ("ปีงบประมาณ 2568", 2568),
        ("ปีงบประมาณ๒๕๖๘", 2568),
        ("ปีงบประมาณ พ.ศ. ๒๕๖๘", 2568),
        ("ปีงบประมาณ พ.ศ.2569", 2569),
        ("FY2568", 2568),
        ("FY 2025", 2568),
        ("fy2568", 2568),
    ],
)
def test_parse_year_accepts(value, expected):
    assert parse_year(value) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "68",  # Two digits are ambiguous.
        "๖๘",
        68,
        "25680",
        2399,  # Just below the B.E. range.
        2701,  # Just above the B.E. range.
        1899,  # Just below the C.E. range.
        2201,  # Between the ranges: neither B.E. nor C.E.
        2568.5,
        float("nan"),
        float("inf"),
        Decimal("2568.5"),
        Decimal("NaN"),
        "abc",
        "2568.0",
        "พ.ศ.",
        "2568 พ.ศ.",
        "พ.ศ 2568",  # The prefix must keep its dots.
        "FY68",
        True,
        False,
        None,
        [2568],
        date(2025, 1, 1),
    ],
)
def test_parse_year_rejects(bad):
    with pytest.raises(ThaiParseError):
        parse_year(bad)


def test_parse_year_error_quotes_the_value_in_both_languages():
    with pytest.raises(ThaiParseError) as caught:
        parse_year("ปีหน้า")
    assert '"ปีหน้า"' in caught.value.message_th
    assert '"ปีหน้า"' in caught.value.message_en
    assert str(caught.value) == caught.value.message_th


def test_a_date_in_a_year_cell_is_quoted_as_a_date_not_as_python():
    with pytest.raises(ThaiParseError) as caught:
        parse_year(datetime(2025, 1, 1, 0, 0))
    assert "2025-01-01" in caught.value.message_th and "datetime" not in caught.value.message_th
    with pytest.raises(ThaiParseError) as caught:
        parse_year(datetime(2025, 1, 1, 9, 30))
    assert "2025-01-01 09:30" in caught.value.message_th


# --- parse_number -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "blank",
    [None, float("nan"), Decimal("NaN"), "", "   ", NBSP, "-", "–", "—", " - ", f"{NBSP}—{NBSP}"],
)
def test_parse_number_blank_is_none(blank):
    assert parse_number(blank) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (98, 98.0),
        (98.8, 98.8),
        (0, 0.0),
        (Decimal("98.80"), 98.8),
        ("98.80", 98.8),
        ("๙๘.๘๐", 98.8),
        ("๙๘", 98.0),
        (" 98.8 ", 98.8),
        (f"{NBSP}98.8{NBSP}", 98.8),
        ("98.8%", 98.8),  # The percent sign is dropped, the value is not divided by 100.
        ("๘๕%", 85.0),
        ("98.8 %", 98.8),
        ("+8.44", 8.44),
        ("-8.44", -8.44),
        ("−8.44", -8.44),  # U+2212 MINUS SIGN.
        ("-๘.๔๔%", -8.44),
        ("1,234.5", 1234.5),
        ("1,234", 1234.0),
        ("1,234,567.25", 1234567.25),
        ("๑,๒๓๔.๕", 1234.5),
        ("1234.5", 1234.5),
        ("0.5", 0.5),
        (".5", 0.5),
        ("007", 7.0),
    ],
)
def test_parse_number_accepts(value, expected):
    result = parse_number(value)
    assert isinstance(result, float)
    assert result == expected


@pytest.mark.parametrize(
    "bad",
    [
        "98,80",  # A European decimal comma, not a thousands separator.
        "1,23",
        "1,2345",
        "1234,567",  # The first group has more than three digits.
        ",123",
        "1,,234",
        "9 8",
        "- 5",
        "abc",
        "๙๘.๘๐x",
        "98.",
        "98.8.1",
        "%",
        "+",
        "−",
        "98%%",
        "%98",
        "1e3",
        "nan",
        "๙๘ คะแนน",
        True,
        False,
        float("inf"),
        float("-inf"),
        [98],
        date(2025, 1, 1),
    ],
)
def test_parse_number_rejects(bad):
    with pytest.raises(ThaiParseError):
        parse_number(bad)


def test_parse_number_error_quotes_the_value():
    with pytest.raises(ThaiParseError) as caught:
        parse_number("98,80")
    assert '"98,80"' in caught.value.message_th
    assert '"98,80"' in caught.value.message_en


# --- Month names ------------------------------------------------------------------------------


def test_month_abbreviations_start_in_january():
    assert THAI_MONTHS_ABBR == (
        "ม.ค.",
        "ก.พ.",
        "มี.ค.",
        "เม.ย.",
        "พ.ค.",
        "มิ.ย.",
        "ก.ค.",
        "ส.ค.",
        "ก.ย.",
        "ต.ค.",
        "พ.ย.",
        "ธ.ค.",
    )


def test_full_month_names_start_in_january():
    assert len(THAI_MONTHS_FULL) == 12
    assert THAI_MONTHS_FULL[0] == "มกราคม"
    assert THAI_MONTHS_FULL[1] == "กุมภาพันธ์"
    assert THAI_MONTHS_FULL[8] == "กันยายน"
    assert THAI_MONTHS_FULL[9] == "ตุลาคม"
    assert THAI_MONTHS_FULL[11] == "ธันวาคม"


# --- Fiscal years and quarters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 10, 1), 2568),  # The first day of FY2568.
        (date(2024, 9, 30), 2567),  # The last day of FY2567.
        (date(2025, 9, 30), 2568),
        (date(2025, 10, 1), 2569),
        (date(2025, 1, 1), 2568),
        (date(2024, 12, 31), 2568),
        (datetime(2025, 10, 1, 0, 0), 2569),
    ],
)
def test_fiscal_year(d, expected):
    assert fiscal_year(d) == expected


@pytest.mark.parametrize(
    ("month", "expected"),
    [(10, 1), (11, 1), (12, 1), (1, 2), (2, 2), (3, 2), (4, 3), (5, 3), (6, 3), (7, 4), (8, 4), (9, 4)],
)
def test_fiscal_quarter_for_every_month(month, expected):
    assert fiscal_quarter(date(2025, month, 15)) == expected


@pytest.mark.parametrize("bad", ["2025-10-01", 2568, None])
def test_fiscal_year_and_quarter_reject_non_dates(bad):
    with pytest.raises(TypeError):
        fiscal_year(bad)
    with pytest.raises(TypeError):
        fiscal_quarter(bad)


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))
    assert fiscal_year_bounds(2569) == (date(2025, 10, 1), date(2026, 9, 30))


@pytest.mark.parametrize("bad", [2025, 2399, 2701, 0])
def test_fiscal_year_bounds_rejects_years_outside_the_be_range(bad):
    with pytest.raises(ValueError):
        fiscal_year_bounds(bad)


@pytest.mark.parametrize("bad", [True, "2568", 2568.0, None])
def test_fiscal_year_bounds_rejects_non_int(bad):
    with pytest.raises(TypeError):
        fiscal_year_bounds(bad)


@pytest.mark.parametrize(
    ("fy", "quarter", "expected"),
    [
        (2568, 1, (date(2024, 10, 1), date(2024, 12, 31))),
        (2568, 2, (date(2025, 1, 1), date(2025, 3, 31))),
        (2568, 3, (date(2025, 4, 1), date(2025, 6, 30))),
        (2568, 4, (date(2025, 7, 1), date(2025, 9, 30))),
        (2567, 2, (date(2024, 1, 1), date(2024, 3, 31))),
    ],
)
def test_quarter_bounds(fy, quarter, expected):
    assert quarter_bounds(fy, quarter) == expected


@pytest.mark.parametrize("bad", [0, 5, -1, True, 1.0, "1", None])
def test_quarter_bounds_rejects_bad_quarter(bad):
    with pytest.raises(ValueError):
        quarter_bounds(2568, bad)


def test_quarter_bounds_rejects_bad_fiscal_year():
    with pytest.raises(ValueError):
        quarter_bounds(2025, 1)


# --- Period -----------------------------------------------------------------------------------


def test_period_is_frozen_and_keeps_text():
    period = Period(date(2025, 10, 1), date(2026, 9, 30), "ต.ค.๖๘ ถึง ก.ย.๖๙")
    assert period.text == "ต.ค.๖๘ ถึง ก.ย.๖๙"
    with pytest.raises(AttributeError):
        period.start = date(2025, 1, 1)  # type: ignore[misc]


def test_period_refuses_end_before_start():
    with pytest.raises(ValueError):
        Period(date(2025, 10, 2), date(2025, 10, 1), "x")


def test_period_of_one_day_is_allowed():
    assert Period(date(2025, 10, 1), date(2025, 10, 1), "x").end == date(2025, 10, 1)


# --- parse_period -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("ต.ค.๖๘ ถึง ก.ย.๖๙", date(2025, 10, 1), date(2026, 9, 30)),
        ("ต.ค. ๖๗ ถึง ก.ย. ๖๘", date(2024, 10, 1), date(2025, 9, 30)),
        ("ต.ค.68 ถึง ก.ย.69", date(2025, 10, 1), date(2026, 9, 30)),
        ("ต.ค.๖๘ถึงก.ย.๖๙", date(2025, 10, 1), date(2026, 9, 30)),
        ("ต.ค.๖๘ - ก.ย.๖๙", date(2025, 10, 1), date(2026, 9, 30)),
        ("ต.ค.๖๘-ก.ย.๖๙", date(2025, 10, 1), date(2026, 9, 30)),
        ("ต.ค.๖๘ – ก.ย.๖๙", date(2025, 10, 1), date(2026, 9, 30)),
        ("ต.ค.๖๘ — ก.ย.๖๙", date(2025, 10, 1), date(2026, 9, 30)),
        ("ต.ค 68 ถึง ก.ย 69", date(2025, 10, 1), date(2026, 9, 30)),  # Trailing dots dropped.
        ("  ต.ค.๖๘   ถึง   ก.ย.๖๙  ", date(2025, 10, 1), date(2026, 9, 30)),
        (f"ต.ค.{NBSP}๖๘{NBSP}ถึง{NBSP}ก.ย.{NBSP}๖๙", date(2025, 10, 1), date(2026, 9, 30)),
        (f"ต.ค.{ZWSP}๖๘ ถึง ก.ย.{ZWSP}๖๙", date(2025, 10, 1), date(2026, 9, 30)),
        ("มี.ค. ๖๙", date(2026, 3, 1), date(2026, 3, 31)),
        ("มี.ค.69", date(2026, 3, 1), date(2026, 3, 31)),
        ("มี.ค 69", date(2026, 3, 1), date(2026, 3, 31)),
        ("มีนาคม 2569", date(2026, 3, 1), date(2026, 3, 31)),
        ("มีนาคม ๒๕๖๙", date(2026, 3, 1), date(2026, 3, 31)),
        ("ตุลาคม ๒๕๖๘ ถึง กันยายน ๒๕๖๙", date(2025, 10, 1), date(2026, 9, 30)),
        ("ตุลาคม2568ถึงกันยายน2569", date(2025, 10, 1), date(2026, 9, 30)),
        ("ม.ค. ๖๙ ถึง มี.ค. ๖๙", date(2026, 1, 1), date(2026, 3, 31)),
        ("มี.ค.69 ถึง มี.ค.69", date(2026, 3, 1), date(2026, 3, 31)),  # Same month twice.
        ("เม.ย. 68", date(2025, 4, 1), date(2025, 4, 30)),
        ("มิ.ย. 68", date(2025, 6, 1), date(2025, 6, 30)),
        ("ธ.ค. 68", date(2025, 12, 1), date(2025, 12, 31)),
        ("ม.ค.00", date(1957, 1, 1), date(1957, 1, 31)),  # 00 is B.E. 2500.
    ],
)
def test_parse_period_accepts(text, start, end):
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)
    assert period.text == text


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("ก.พ. ๖๗", date(2024, 2, 29)),  # 2567 B.E. = 2024, a leap year.
        ("ก.พ. ๖๘", date(2025, 2, 28)),  # 2568 B.E. = 2025, not a leap year.
        ("กุมภาพันธ์ 2567", date(2024, 2, 29)),
        ("ต.ค.66 ถึง ก.พ.67", date(2024, 2, 29)),
        ("ก.พ. 43", date(2000, 2, 29)),  # 2000 is divisible by 400, so it is a leap year.
    ],
)
def test_parse_period_february_ends_on_the_right_day(text, end):
    assert parse_period(text).end == end


@pytest.mark.parametrize("text", ["ตลอดปีงบประมาณ", "ตลอด ปีงบประมาณ", "  ตลอดปีงบประมาณ  "])
def test_parse_period_whole_fiscal_year(text):
    period = parse_period(text, fiscal_year=2568)
    assert (period.start, period.end) == (date(2024, 10, 1), date(2025, 9, 30))
    assert period.text == text


def test_parse_period_whole_fiscal_year_needs_the_year():
    with pytest.raises(ThaiParseError) as caught:
        parse_period("ตลอดปีงบประมาณ")
    assert "ปีงบประมาณ" in caught.value.message_th
    assert "fiscal year" in caught.value.message_en


def test_parse_period_ignores_fiscal_year_for_an_explicit_period():
    period = parse_period("มี.ค. ๖๙", fiscal_year=2568)
    assert (period.start, period.end) == (date(2026, 3, 1), date(2026, 3, 31))


@pytest.mark.parametrize("bad_year", [2025, 68, True, "2568", 2568.0])
def test_parse_period_rejects_a_bad_fiscal_year_argument(bad_year):
    with pytest.raises(ThaiParseError):
        parse_period("ตลอดปีงบประมาณ", fiscal_year=bad_year)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "ตค. 68",  # Unknown abbreviation.
        "ต.ค. 68 ถึง กย. 69",
        "October 2568",
        "ต.ค. ๖๘ ถึง",
        "ถึง ก.ย. ๖๙",
        "ต.ค.",
        "68",
        "ต.ค. 68 ก.ย. 69",  # No separator.
        "ต.ค. 68 / ก.ย. 69",
        "ต.ค. 68 ถึง ก.ย. 69 ถึง ธ.ค. 69",
        "ต.ค. 8",  # One-digit year.
        "ต.ค. 068",  # Three-digit year.
        "ต.ค. 25680",
        "ต.ค. 2399",  # A 4-digit year outside both accepted ranges.
        "ก.ย.๖๙ ถึง ต.ค.๖๘",  # End before start.
        "ต.ค.๖๘ ถึง ก.ย.๖๘",  # September 2568 is before October 2568.
        "ตลอดปี",
        "ตลอดปีงบประมาณ 2568",
        "1 ต.ค. 68 ถึง 30 ก.ย. 69",
        "ต. ค. 68",
    ],
)
def test_parse_period_rejects(bad):
    with pytest.raises(ThaiParseError):
        parse_period(bad, fiscal_year=None)


@pytest.mark.parametrize("bad", [None, 2568, date(2025, 10, 1)])
def test_parse_period_rejects_non_text(bad):
    with pytest.raises(ThaiParseError):
        parse_period(bad)


def test_parse_period_unknown_month_names_the_month():
    with pytest.raises(ThaiParseError) as caught:
        parse_period("ต.ค. 68 ถึง กย. 69")
    assert '"กย."' in caught.value.message_th
    assert '"กย."' in caught.value.message_en


def test_parse_period_end_before_start_quotes_the_text():
    with pytest.raises(ThaiParseError) as caught:
        parse_period("ก.ย.๖๙ ถึง ต.ค.๖๘")
    assert '"ก.ย.๖๙ ถึง ต.ค.๖๘"' in caught.value.message_th
    assert "before" in caught.value.message_en


# --- format_period ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "digits", "expected"),
    [
        (date(2025, 10, 1), date(2026, 9, 30), "thai", "ต.ค.๖๘ ถึง ก.ย.๖๙"),
        (date(2025, 10, 1), date(2026, 9, 30), "arabic", "ต.ค.68 ถึง ก.ย.69"),
        (date(2026, 3, 1), date(2026, 3, 31), "thai", "มี.ค.๖๙"),
        (date(2026, 3, 1), date(2026, 3, 31), "arabic", "มี.ค.69"),
        (date(2025, 3, 1), date(2026, 3, 31), "arabic", "มี.ค.68 ถึง มี.ค.69"),  # Same month, other year.
        (date(2024, 1, 1), date(2024, 2, 29), "arabic", "ม.ค.67 ถึง ก.พ.67"),
        (date(2043, 1, 1), date(2043, 1, 31), "arabic", "ม.ค.86"),  # 2586 B.E.
        (date(1942, 1, 1), date(1942, 1, 31), "arabic", "ม.ค.2485"),  # Outside 25xx: four digits.
        (date(2025, 10, 15), date(2025, 10, 20), "arabic", "ต.ค.68"),  # Days are not shown.
    ],
)
def test_format_period(start, end, digits, expected):
    assert format_period(start, end, digits=digits) == expected


def test_format_period_defaults_to_thai_digits():
    assert format_period(date(2025, 10, 1), date(2026, 9, 30)) == "ต.ค.๖๘ ถึง ก.ย.๖๙"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 10, 1), date(2026, 9, 30)),
        (date(2024, 10, 1), date(2025, 9, 30)),
        (date(2026, 3, 1), date(2026, 3, 31)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(1942, 1, 1), date(1942, 3, 31)),
    ],
)
@pytest.mark.parametrize("digits", ["thai", "arabic"])
def test_format_period_round_trips_with_parse_period(start, end, digits):
    text = format_period(start, end, digits=digits)
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


def test_format_period_rejects_end_before_start():
    with pytest.raises(ValueError):
        format_period(date(2026, 9, 30), date(2025, 10, 1))


@pytest.mark.parametrize("bad", ["Thai", "ARABIC", "", None, "latin"])
def test_format_period_rejects_bad_digits(bad):
    with pytest.raises(ValueError):
        format_period(date(2025, 10, 1), date(2026, 9, 30), digits=bad)


def test_format_period_rejects_non_dates():
    with pytest.raises(TypeError):
        format_period("2025-10-01", date(2026, 9, 30))
    with pytest.raises(TypeError):
        format_period(date(2025, 10, 1), None)


# --- format_thai_date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "digits", "style", "expected"),
    [
        (date(2025, 9, 26), "thai", "full", "๒๖ กันยายน ๒๕๖๘"),
        (date(2025, 9, 26), "thai", "abbr", "๒๖ ก.ย. ๒๕๖๘"),
        (date(2025, 9, 26), "arabic", "full", "26 กันยายน 2568"),
        (date(2025, 9, 26), "arabic", "abbr", "26 ก.ย. 2568"),
        (date(2025, 1, 5), "arabic", "full", "5 มกราคม 2568"),  # No leading zero on the day.
        (date(2024, 2, 29), "thai", "full", "๒๙ กุมภาพันธ์ ๒๕๖๗"),
        (datetime(2025, 12, 31, 23, 59), "arabic", "abbr", "31 ธ.ค. 2568"),
    ],
)
def test_format_thai_date(d, digits, style, expected):
    assert format_thai_date(d, digits=digits, style=style) == expected


def test_format_thai_date_defaults_to_thai_full():
    assert format_thai_date(date(2025, 9, 26)) == "๒๖ กันยายน ๒๕๖๘"


@pytest.mark.parametrize("bad", ["Thai", "", None, "roman"])
def test_format_thai_date_rejects_bad_digits(bad):
    with pytest.raises(ValueError):
        format_thai_date(date(2025, 9, 26), digits=bad)


@pytest.mark.parametrize("bad", ["short", "FULL", "", None])
def test_format_thai_date_rejects_bad_style(bad):
    with pytest.raises(ValueError):
        format_thai_date(date(2025, 9, 26), style=bad)


def test_format_thai_date_rejects_non_date():
    with pytest.raises(TypeError):
        format_thai_date("2025-09-26")


# --- parse_thai_date --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 9, 26), date(2025, 9, 26)),
        ("2025-09-26", date(2025, 9, 26)),
        ("2568-09-26", date(2025, 9, 26)),  # A B.E. year in ISO order is still B.E.
        ("26/09/2568", date(2025, 9, 26)),
        ("26/9/2025", date(2025, 9, 26)),
        ("1/10/2567", date(2024, 10, 1)),
        ("๒๖/๐๙/๒๕๖๘", date(2025, 9, 26)),
        ("๒๖ กันยายน ๒๕๖๘", date(2025, 9, 26)),
        ("26 กันยายน 2568", date(2025, 9, 26)),
        ("26 ก.ย. 2568", date(2025, 9, 26)),
        ("26 ก.ย. 68", date(2025, 9, 26)),
        ("26 ก.ย 68", date(2025, 9, 26)),
        ("26ก.ย.68", date(2025, 9, 26)),
        ("๒๖ ก.ย. ๖๘", date(2025, 9, 26)),
        ("  26/09/2568  ", date(2025, 9, 26)),
        (f"26{NBSP}กันยายน{NBSP}2568", date(2025, 9, 26)),
        ("29/02/2567", date(2024, 2, 29)),  # 2567 B.E. = 2024 is a leap year.
        ("29 ก.พ. 2024", date(2024, 2, 29)),
    ],
)
def test_parse_thai_date_accepts(value, expected):
    result = parse_thai_date(value)
    assert result == expected
    assert type(result) is date


def test_parse_thai_date_drops_the_time_of_a_datetime():
    result = parse_thai_date(datetime(2025, 9, 26, 14, 30))
    assert result == date(2025, 9, 26)
    assert type(result) is date


@pytest.mark.parametrize(
    "bad",
    [
        "31/02/2568",  # February never has 31 days.
        "29/02/2568",  # 2568 B.E. = 2025 is not a leap year.
        "32/01/2568",
        "15/13/2568",
        "0/1/2568",
        "2025-02-30",
        "2025-13-01",
        "2025-9-26",  # ISO needs two-digit month and day.
        "26/09/68",  # Slashes need a 4-digit year.
        "26/09/1800",  # A 4-digit year outside both accepted ranges.
        "26-09-2568",
        "26.09.2568",
        "2025/09/26",
        "31 กุมภาพันธ์ 2568",
        "26 กย. 2568",  # Unknown month.
        "26 September 2025",
        "26 ก.ย. 068",
        "26 ก.ย.",
        "กันยายน 2568",
        "",
        "   ",
        "abc",
        "2025-09-26T10:00:00",
        None,
        20250926,
        2568.0,
        True,
    ],
)
def test_parse_thai_date_rejects(bad):
    with pytest.raises(ThaiParseError):
        parse_thai_date(bad)


def test_parse_thai_date_error_quotes_the_value():
    with pytest.raises(ThaiParseError) as caught:
        parse_thai_date("31/02/2568")
    assert '"31/02/2568"' in caught.value.message_th
    assert '"31/02/2568"' in caught.value.message_en


@pytest.mark.parametrize("d", [date(2025, 9, 26), date(2024, 2, 29), date(2024, 10, 1)])
@pytest.mark.parametrize("digits", ["thai", "arabic"])
@pytest.mark.parametrize("style", ["full", "abbr"])
def test_format_thai_date_round_trips(d, digits, style):
    assert parse_thai_date(format_thai_date(d, digits=digits, style=style)) == d


# --- format_number ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"value": 98.8}, "๙๘.๘๐"),
        ({"value": 98.8, "digits": "arabic"}, "98.80"),
        ({"value": 69.225, "digits": "arabic"}, "69.23"),  # Half up; the float itself is 69.2249…
        ({"value": 0.125, "digits": "arabic"}, "0.13"),
        ({"value": 2.5, "decimals": 0, "digits": "arabic"}, "3"),
        ({"value": 3.5, "decimals": 0, "digits": "arabic"}, "4"),  # Not banker's rounding.
        ({"value": -69.225, "digits": "arabic"}, "-69.23"),  # Half away from zero for negatives.
        ({"value": 98.8, "decimals": 1, "digits": "arabic"}, "98.8"),
        ({"value": 98.86, "decimals": 1, "digits": "arabic"}, "98.9"),
        ({"value": 100, "digits": "arabic"}, "100.00"),
        ({"value": 1234.5, "digits": "arabic"}, "1,234.50"),
        ({"value": 1234567.891, "digits": "arabic"}, "1,234,567.89"),
        ({"value": 1234.5}, "๑,๒๓๔.๕๐"),
        ({"value": 0}, "๐.๐๐"),
        ({"value": Decimal("12.345"), "digits": "arabic"}, "12.35"),
        ({"value": 8.44, "sign": True}, "+๘.๔๔"),
        ({"value": 8.44, "sign": True, "digits": "arabic"}, "+8.44"),
        ({"value": -8.44, "sign": True}, "-๘.๔๔"),
        ({"value": -8.44, "sign": True, "digits": "arabic"}, "-8.44"),
        ({"value": -8.44, "digits": "arabic"}, "-8.44"),
        ({"value": 0, "sign": True, "digits": "arabic"}, "0.00"),
        ({"value": 0.001, "sign": True, "digits": "arabic"}, "0.00"),  # Rounds to zero: no sign.
        ({"value": -0.001, "digits": "arabic"}, "0.00"),  # Never "-0.00".
        ({"value": -0.001, "sign": True, "digits": "arabic"}, "0.00"),
        ({"value": -0.0, "digits": "arabic"}, "0.00"),
        ({"value": 0.005, "sign": True, "digits": "arabic"}, "+0.01"),
        ({"value": None}, "–"),
        ({"value": None, "digits": "arabic", "sign": True}, "–"),
        ({"value": float("nan")}, "–"),
    ],
)
def test_format_number(kwargs, expected):
    assert format_number(**kwargs) == expected


def test_format_number_none_uses_an_en_dash():
    assert format_number(None) == "\u2013"


def test_format_number_negative_sign_is_ascii_hyphen_minus():
    assert format_number(-1.5, sign=True, digits="arabic")[0] == "\u002d"


@pytest.mark.parametrize("value", [98.8, -8.44, 0.0, 1234.5, 69.23])
def test_format_number_round_trips_with_parse_number(value):
    assert parse_number(format_number(value, sign=True)) == value


@pytest.mark.parametrize("bad", ["Thai", "", None, "latin"])
def test_format_number_rejects_bad_digits(bad):
    with pytest.raises(ValueError):
        format_number(98.8, digits=bad)


@pytest.mark.parametrize("bad", [-1, 1.5, True, "2", None])
def test_format_number_rejects_bad_decimals(bad):
    with pytest.raises(ValueError):
        format_number(98.8, decimals=bad)


@pytest.mark.parametrize("bad", [float("inf"), float("-inf")])
def test_format_number_rejects_infinity(bad):
    with pytest.raises(ValueError):
        format_number(bad)


@pytest.mark.parametrize("bad", ["98.8", True, [98.8], date(2025, 1, 1)])
def test_format_number_rejects_non_numbers(bad):
    with pytest.raises(TypeError):
        format_number(bad)


# --- Values as pandas hands them over ---------------------------------------------------------


def test_numpy_and_pandas_values_from_spreadsheets():
    # Cells read by pandas arrive as numpy scalars, Timestamps and NaT rather than builtin types.
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    assert parse_year(np.int64(2568)) == 2568
    assert parse_year(np.float64(2025.0)) == 2568
    assert parse_number(np.int64(98)) == 98.0
    assert parse_number(np.float64("nan")) is None
    assert format_number(np.float64(69.225), digits="arabic") == "69.23"
    assert parse_thai_date(pd.Timestamp("2025-09-26 10:00")) == date(2025, 9, 26)
    with pytest.raises(ThaiParseError):
        parse_thai_date(pd.NaT)
    with pytest.raises(ThaiParseError):
        parse_number(np.bool_(True))
