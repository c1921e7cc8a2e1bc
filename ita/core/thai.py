"""Thai conventions for the ITA dashboard: digits, Buddhist Era years, fiscal years, periods, numbers.

Thai government documents write years in the Buddhist Era (B.E. = C.E. + 543), often with Thai
digits, and count time in fiscal years (ปีงบประมาณ) that run from 1 October to 30 September.
Every parser here raises `ThaiParseError`, which carries a Thai message for the user and an English
one for logs, so that the pages can show a readable reason for every rejected value.
"""

from __future__ import annotations

import calendar
import math
import numbers
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from ita.core.errors import ItaError

__all__ = [
    "THAI_DIGITS",
    "THAI_MONTHS_ABBR",
    "THAI_MONTHS_FULL",
    "Period",
    "ThaiParseError",
    "be_to_ce",
    "ce_to_be",
    "default_period",
    "fiscal_quarter",
    "fiscal_year",
    "fiscal_year_bounds",
    "format_number",
    "format_period",
    "format_thai_date",
    "parse_number",
    "parse_period",
    "parse_thai_date",
    "parse_year",
    "quarter_bounds",
    "shift_period",
    "to_arabic_digits",
    "to_thai_digits",
]

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_ARABIC_DIGITS = "0123456789"
_TO_THAI = str.maketrans(_ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, _ARABIC_DIGITS)

BE_OFFSET = 543

THAI_MONTHS_ABBR: tuple[str, ...] = (
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

THAI_MONTHS_FULL: tuple[str, ...] = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)

# Every spelling of a month that the parsers accept, mapped to its number (1 = January).
# The abbreviation without its trailing dot is included because documents often drop it ("ต.ค 68").
_MONTH_NUMBERS: dict[str, int] = {}
for _number, (_abbr, _full) in enumerate(zip(THAI_MONTHS_ABBR, THAI_MONTHS_FULL, strict=True), start=1):
    _MONTH_NUMBERS[_full] = _number
    _MONTH_NUMBERS[_abbr] = _number
    _MONTH_NUMBERS[_abbr.removesuffix(".")] = _number
del _number, _abbr, _full

# The B.E. years a 4-digit year is read as, and the C.E. years that are converted to B.E.
# The two ranges do not overlap, so a 4-digit year is never ambiguous.
_BE_MIN, _BE_MAX = 2400, 2700
_CE_MIN, _CE_MAX = 1900, 2200

# Characters that Thai word processors insert invisibly (word-break hints and byte-order marks);
# they are removed from text so that a pasted value reads the same as a typed one.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))

_DIGITS_CHOICES = ("thai", "arabic")

# A blank-looking cell in a Thai report: a hyphen, an en dash or an em dash stands for "no value".
_NUMBER_BLANKS = frozenset({"", "-", "–", "—"})

_YEAR_RE = re.compile(
    r"(?:(?:ปีงบประมาณ|ปี)(?:\s*พ\.ศ\.)?|พ\.ศ\.|FY)?\s*(?P<year>[0-9]{4})",
    re.IGNORECASE,
)

# Thousands separators are allowed only in correct groups of three, so that a European decimal
# comma ("98,80") is rejected instead of being silently read as 9880.
_NUMBER_RE = re.compile(
    r"(?P<sign>[+\-−])?(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?P<frac>\.[0-9]+)?\s*%?",
)

_WHOLE_YEAR_RE = re.compile(r"ตลอด\s*ปีงบประมาณ")

# A month token is any run of non-digits; it is looked up afterwards so that an unknown month
# gets its own error message rather than a generic "unrecognised form".
_PERIOD_RE = re.compile(
    r"(?P<m1>[^0-9]+?)\s*(?P<y1>[0-9]+)"
    r"(?:\s*(?:ถึง|[-–—])\s*(?P<m2>[^0-9]+?)\s*(?P<y2>[0-9]+))?",
)

_ISO_DATE_RE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})")
_SLASH_DATE_RE = re.compile(r"(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})")
_THAI_DATE_RE = re.compile(r"(?P<d>[0-9]{1,2})\s*(?P<m>[^0-9]+?)\s*(?P<y>[0-9]+)")


class ThaiParseError(ItaError, ValueError):
    """A value could not be read; `message_th` is shown to users, `message_en` goes to logs."""

    def __str__(self) -> str:
        """Return the Thai message, because that is what the dashboard shows."""
        return self.message_th


def _quote(value: object) -> str:
    """Return the value quoted for an error message: strings in double quotes, a date or time as
    the person would read it (never Python's repr), others as repr."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, datetime) and value == value:  # (pandas' NaT is a datetime unequal to itself)
        return f"{value.date().isoformat()}" + (f" {value:%H:%M}" if value.time() != time() else "")
    if isinstance(value, date) and value == value:
        return value.isoformat()
    return repr(value)


def _check_digits(digits: object) -> None:
    """Return nothing if `digits` is "thai" or "arabic"; raise ValueError otherwise."""
    if not isinstance(digits, str) or digits not in _DIGITS_CHOICES:
        raise ValueError(f'digits must be "thai" or "arabic", not {digits!r}')


def _apply_digits(text: str, digits: str) -> str:
    """Return `text` with Arabic digits turned into Thai ones when `digits` is "thai"."""
    return text.translate(_TO_THAI) if digits == "thai" else text


def _normalise_text(text: str) -> str:
    """Return `text` with Arabic digits, without zero-width characters, and with single spaces."""
    return " ".join(text.translate(_ZERO_WIDTH).translate(_TO_ARABIC).split())


def _check_int(value: object, name: str) -> int:
    """Return `value` as an int; raise TypeError for anything else, including bool."""
    # A bool is an int in Python, but True as a year is always a bug in the caller.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, not {value!r}")
    return int(value)


def _check_date(value: object, name: str) -> date:
    """Return `value` if it is a date (a datetime counts); raise TypeError otherwise."""
    if not isinstance(value, date):
        raise TypeError(f"{name} must be a date, not {value!r}")
    return value


def to_thai_digits(value: object) -> str:
    """Return str(value) with the digits 0-9 replaced by Thai digits ๐-๙."""
    return str(value).translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    """Return `text` with the Thai digits ๐-๙ replaced by 0-9; raise TypeError if it is not a str."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {text!r}")
    return text.translate(_TO_ARABIC)


def be_to_ce(year: int) -> int:
    """Return the Common Era year for a Buddhist Era year (B.E. − 543)."""
    return _check_int(year, "year") - BE_OFFSET


def ce_to_be(year: int) -> int:
    """Return the Buddhist Era year for a Common Era year (C.E. + 543)."""
    return _check_int(year, "year") + BE_OFFSET


def _be_from_four_digits(year: int) -> int | None:
    """Return the B.E. year meant by a 4-digit year, or None if it is in neither accepted range."""
    if _BE_MIN <= year <= _BE_MAX:
        return year
    if _CE_MIN <= year <= _CE_MAX:
        return year + BE_OFFSET
    return None


def _year_error(value: object) -> ThaiParseError:
    """Return the error raised for a value that is not a readable year."""
    return ThaiParseError(
        f"อ่านปี {_quote(value)} ไม่ได้: ต้องเป็นปี พ.ศ. 4 หลัก ({_BE_MIN}–{_BE_MAX}) "
        f"หรือปี ค.ศ. 4 หลัก ({_CE_MIN}–{_CE_MAX}) เช่น 2568",
        f"Cannot read year {_quote(value)}: expected a 4-digit B.E. year ({_BE_MIN}-{_BE_MAX}) "
        f"or a 4-digit C.E. year ({_CE_MIN}-{_CE_MAX}), e.g. 2568",
    )


def parse_year(value: object) -> int:
    """Return the Buddhist Era year written in `value`.

    Accepts an int, a float or Decimal without a fraction, or a string of four Thai or Arabic digits
    with an optional prefix ("พ.ศ.", "ปี", "ปีงบประมาณ", "ปีงบประมาณ พ.ศ.", "FY"). B.E. years
    2400–2700 are returned as they are; C.E. years 1900–2200 are converted. Raises ThaiParseError
    for anything else.
    """
    if isinstance(value, bool):
        raise _year_error(value)
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise _year_error(value)
        number = int(value)
    elif isinstance(value, numbers.Real):
        as_float = float(value)
        if not math.isfinite(as_float) or not as_float.is_integer():
            raise _year_error(value)
        number = int(as_float)
    elif isinstance(value, str):
        match = _YEAR_RE.fullmatch(_normalise_text(value))
        if match is None:
            raise _year_error(value)
        number = int(match["year"])
    else:
        raise _year_error(value)
    be_year = _be_from_four_digits(number)
    if be_year is None:
        raise _year_error(value)
    return be_year


def _number_error(value: object) -> ThaiParseError:
    """Return the error raised for a value that is not a readable number."""
    return ThaiParseError(
        f"อ่านตัวเลข {_quote(value)} ไม่ได้: ต้องเป็นตัวเลข เช่น 98.80, ๙๘.๘๐, 1,234.5 หรือ 85%",
        f"Cannot read number {_quote(value)}: expected a number such as 98.80, ๙๘.๘๐, 1,234.5 or 85%",
    )


def parse_number(value: object) -> float | None:
    """Return the number written in `value` as a float, or None when the value is blank.

    Blank means None, NaN, an empty or all-space string, or a lone "-", "–" or "—". Strings may use
    Thai or Arabic digits, a leading sign (+, - or −), thousands separators in groups of three and a
    trailing "%", which is dropped without dividing by 100. Raises ThaiParseError for anything else.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise _number_error(value)
    if isinstance(value, (numbers.Real, Decimal)):
        if isinstance(value, Decimal) and value.is_nan():
            return None
        as_float = float(value)
        if math.isnan(as_float):
            return None
        # An infinite score or count is never real data; it comes from a division by zero upstream.
        if math.isinf(as_float):
            raise _number_error(value)
        return as_float
    if not isinstance(value, str):
        raise _number_error(value)
    # Only the ends are cleaned: a space inside ("9 8") may join two numbers, so it stays an error.
    text = value.strip().strip("\u200b\u200c\u200d\u2060\ufeff").strip()
    if text in _NUMBER_BLANKS:
        return None
    match = _NUMBER_RE.fullmatch(to_arabic_digits(text))
    if match is None or (match["int"] is None and match["frac"] is None):
        raise _number_error(value)
    sign = "-" if match["sign"] in ("-", "−") else ""
    integer = (match["int"] or "0").replace(",", "")
    return float(f"{sign}{integer}{match['frac'] or ''}")


def fiscal_year(d: date) -> int:
    """Return the Thai fiscal year (B.E.) that contains `d`; October starts the next fiscal year."""
    d = _check_date(d, "d")
    ce_year = d.year + 1 if d.month >= 10 else d.year
    return ce_year + BE_OFFSET


def fiscal_quarter(d: date) -> int:
    """Return the fiscal quarter (1–4) of `d`: Q1 = Oct–Dec, Q2 = Jan–Mar, Q3 = Apr–Jun, Q4 = Jul–Sep."""
    d = _check_date(d, "d")
    # Shifting the months so that October is 0 makes the quarters consecutive blocks of three.
    return (d.month - 10) % 12 // 3 + 1


def _check_fiscal_year(fy: object) -> int:
    """Return `fy` if it is a B.E. year in 2400–2700; raise TypeError or ValueError otherwise."""
    year = _check_int(fy, "fy")
    # A C.E. year passed by mistake (2025) would silently give a period five centuries ago.
    if not _BE_MIN <= year <= _BE_MAX:
        raise ValueError(f"fy must be a B.E. year between {_BE_MIN} and {_BE_MAX}, not {fy!r}")
    return year


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """Return (1 October, 30 September) of the B.E. fiscal year `fy`; FY2568 is 2024-10-01..2025-09-30."""
    ce_year = _check_fiscal_year(fy) - BE_OFFSET
    return date(ce_year - 1, 10, 1), date(ce_year, 9, 30)


def _month_end(year: int, month: int) -> date:
    """Return the last day of the given C.E. month, leap years included."""
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(fy: int, quarter: int) -> tuple[date, date]:
    """Return the first and last day of fiscal quarter `quarter` (1–4) of B.E. fiscal year `fy`.

    Raises ValueError when the quarter is not 1, 2, 3 or 4.
    """
    start_of_year = fiscal_year_bounds(fy)[0]
    if isinstance(quarter, bool) or not isinstance(quarter, numbers.Integral) or not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1, 2, 3 or 4, not {quarter!r}")
    # Quarter q starts 3(q-1) months after 1 October.
    months_from_start = 3 * (int(quarter) - 1)
    first_month_index = start_of_year.month - 1 + months_from_start
    year = start_of_year.year + first_month_index // 12
    month = first_month_index % 12 + 1
    return date(year, month, 1), _month_end(year, month + 2)


@dataclass(frozen=True)
class Period:
    """A span of whole days, `start` to `end` inclusive, with the text it was read from."""

    start: date
    end: date
    text: str

    def __post_init__(self) -> None:
        # A period that ends before it starts can only come from a bug, so it is refused at once.
        if self.end < self.start:
            raise ValueError(f"Period end {self.end} is before its start {self.start}")


def _period_error(text: object, reason_th: str, reason_en: str) -> ThaiParseError:
    """Return the error raised for a period that cannot be read, with the reason in both languages."""
    return ThaiParseError(
        f"อ่านช่วงเวลา {_quote(text)} ไม่ได้: {reason_th}",
        f"Cannot read period {_quote(text)}: {reason_en}",
    )


def _month_number(token: str, text: object) -> int:
    """Return the month number (1–12) of a Thai month name or abbreviation; raise ThaiParseError."""
    number = _MONTH_NUMBERS.get(token.strip())
    if number is None:
        raise ThaiParseError(
            f"ไม่รู้จักชื่อเดือน {_quote(token.strip())} ใน {_quote(text)}: ใช้ชื่อเต็ม เช่น ตุลาคม หรือชื่อย่อ เช่น ต.ค.",
            f"Unknown month {_quote(token.strip())} in {_quote(text)}: "
            f"use a full Thai month name (ตุลาคม) or its abbreviation (ต.ค.)",
        )
    return number


def _ce_year_from_digits(digits: str, text: object) -> int:
    """Return the C.E. year meant by a 2-digit (B.E. 25yy) or 4-digit year; raise ThaiParseError."""
    be_year = None
    if len(digits) == 2:
        # Two-digit years in Thai documents are always the last two digits of a 25xx B.E. year.
        be_year = 2500 + int(digits)
    elif len(digits) == 4:
        be_year = _be_from_four_digits(int(digits))
    if be_year is None:
        raise ThaiParseError(
            f"อ่านปี {_quote(digits)} ใน {_quote(text)} ไม่ได้: ใช้ปี พ.ศ. 2 หลัก (68) หรือ 4 หลัก (2568)",
            f"Cannot read year {_quote(digits)} in {_quote(text)}: use a 2-digit (68) or 4-digit (2568) "
            f"B.E. year",
        )
    return be_year - BE_OFFSET


def parse_period(text: str, fiscal_year: int | None = None) -> Period:
    """Return the Period written in `text`, from the first day of its first month to the last day of its last.

    Accepted forms, with Thai or Arabic digits and with or without spaces: "ต.ค.๖๘ ถึง ก.ย.๖๙"
    (separator "ถึง", "-", "–" or "—"), a single month "มี.ค. ๖๙", full month names with 4-digit years
    "ตุลาคม ๒๕๖๘ ถึง กันยายน ๒๕๖๙", and "ตลอดปีงบประมาณ", which means the whole of `fiscal_year`
    (B.E.). Two-digit years yy mean B.E. 25yy. Raises ThaiParseError for an unknown month, an end
    before the start, empty text, "ตลอดปีงบประมาณ" without `fiscal_year`, and anything else.
    """
    if fiscal_year is not None:
        try:
            _check_fiscal_year(fiscal_year)
        except (TypeError, ValueError) as error:
            raise ThaiParseError(
                f"ปีงบประมาณ {_quote(fiscal_year)} ไม่ถูกต้อง: ต้องเป็นปี พ.ศ. เช่น 2568",
                f"Invalid fiscal year {_quote(fiscal_year)}: expected a B.E. year such as 2568",
            ) from error
    if not isinstance(text, str):
        raise _period_error(text, "ต้องเป็นข้อความ", "expected text")
    normalised = _normalise_text(text)
    if not normalised:
        raise _period_error(text, "ไม่มีข้อความ", "the text is empty")

    if _WHOLE_YEAR_RE.fullmatch(normalised):
        if fiscal_year is None:
            raise _period_error(
                text,
                "ต้องระบุปีงบประมาณจึงจะรู้ว่า “ตลอดปีงบประมาณ” คือช่วงใด",
                'the fiscal year is needed to know which dates "ตลอดปีงบประมาณ" covers',
            )
        start, end = fiscal_year_bounds(fiscal_year)
        return Period(start, end, text)

    match = _PERIOD_RE.fullmatch(normalised)
    if match is None:
        raise _period_error(
            text,
            "ใช้รูปแบบ “ต.ค. 68 ถึง ก.ย. 69”, “มี.ค. 69”, “ตุลาคม 2568 ถึง กันยายน 2569” หรือ “ตลอดปีงบประมาณ”",
            'expected "ต.ค. 68 ถึง ก.ย. 69", "มี.ค. 69", "ตุลาคม 2568 ถึง กันยายน 2569" or "ตลอดปีงบประมาณ"',
        )
    start_month = _month_number(match["m1"], text)
    start_year = _ce_year_from_digits(match["y1"], text)
    if match["m2"] is None:
        end_month, end_year = start_month, start_year
    else:
        end_month = _month_number(match["m2"], text)
        end_year = _ce_year_from_digits(match["y2"], text)
    start = date(start_year, start_month, 1)
    end = _month_end(end_year, end_month)
    if end < start:
        raise _period_error(text, "เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น", "the end month is before the start month")
    return Period(start, end, text)


def _month_year_text(d: date) -> str:
    """Return "ต.ค.68" for October 2025: the month abbreviation and the 2-digit B.E. year."""
    be_year = d.year + BE_OFFSET
    # Outside 2500–2599 two digits would be read back as the wrong century, so all four are written.
    year_text = f"{be_year % 100:02d}" if 2500 <= be_year <= 2599 else str(be_year)
    return f"{THAI_MONTHS_ABBR[d.month - 1]}{year_text}"


def format_period(start: date, end: date, digits: str = "thai") -> str:
    """Return the period as Thai documents write it: "ต.ค.๖๘ ถึง ก.ย.๖๙", or "มี.ค.๖๙" for one month.

    Only months and years are written, so days inside the months are not shown; month-aligned
    periods read back unchanged with parse_period. `digits` is "thai" or "arabic". Raises ValueError
    for another `digits` or an end before the start, and TypeError if start or end is not a date.
    """
    _check_digits(digits)
    start = _check_date(start, "start")
    end = _check_date(end, "end")
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    first, last = _month_year_text(start), _month_year_text(end)
    text = first if first == last else f"{first} ถึง {last}"
    return _apply_digits(text, digits)


def default_period(fy: int) -> str:
    """Return the whole fiscal year as documents write it: "ต.ค.๖๘ ถึง ก.ย.๖๙" for 2569."""
    return format_period(*fiscal_year_bounds(int(fy)))


def shift_period(text: object, from_year: int, to_year: int) -> str:
    """Return the period of a `from_year` measure moved to `to_year` (same months, years shifted), as
    format_period writes it; the whole of `to_year` (default_period) when the text cannot be read."""
    try:
        period = parse_period(text.strip() if isinstance(text, str) else "", fiscal_year=int(from_year))
    except ThaiParseError:
        return default_period(to_year)
    shift = int(to_year) - int(from_year)
    start = date(period.start.year + shift, period.start.month, 1)
    end = date(period.end.year + shift, period.end.month, 1)
    return format_period(start, end)


def format_thai_date(d: date, digits: str = "thai", style: str = "full") -> str:
    """Return `d` as a Thai date with a B.E. year: "๒๖ กันยายน ๒๕๖๘" (full) or "๒๖ ก.ย. ๒๕๖๘" (abbr).

    `digits` is "thai" or "arabic" and `style` is "full" or "abbr"; anything else raises ValueError.
    """
    _check_digits(digits)
    if not isinstance(style, str) or style not in ("full", "abbr"):
        raise ValueError(f'style must be "full" or "abbr", not {style!r}')
    d = _check_date(d, "d")
    months = THAI_MONTHS_FULL if style == "full" else THAI_MONTHS_ABBR
    return _apply_digits(f"{d.day} {months[d.month - 1]} {d.year + BE_OFFSET}", digits)


def _date_error(value: object) -> ThaiParseError:
    """Return the error raised for a value that is not a readable date."""
    return ThaiParseError(
        f"อ่านวันที่ {_quote(value)} ไม่ได้: ใช้รูปแบบ 26/09/2568, 2025-09-26 หรือ 26 กันยายน 2568",
        f"Cannot read date {_quote(value)}: expected 26/09/2568, 2025-09-26 or 26 กันยายน 2568",
    )


def _make_date(ce_year: int, month: int, day: int, value: object) -> date:
    """Return date(ce_year, month, day); raise ThaiParseError naming `value` if no such day exists."""
    try:
        return date(ce_year, month, day)
    except ValueError as error:
        raise ThaiParseError(
            f"ไม่มีวันที่ {_quote(value)} ในปฏิทิน",
            f"Date {_quote(value)} does not exist in the calendar",
        ) from error


def parse_thai_date(value: object) -> date:
    """Return the date written in `value` (always a plain date, never a datetime).

    Accepts date and datetime objects, ISO "2025-09-26", day/month/year "26/09/2568" or "26/9/2025",
    and Thai "๒๖ กันยายน ๒๕๖๘", "26 ก.ย. 2568" or "26 ก.ย. 68". A 4-digit year of 2400–2700 is B.E.
    and one of 1900–2200 is C.E.; a 2-digit year yy is B.E. 25yy. Raises ThaiParseError for days that
    do not exist (31/02/2568) and for anything else.
    """
    if isinstance(value, date):
        # Rebuilding the date drops the time of a datetime and turns pandas' NaT into an error.
        try:
            return date(value.year, value.month, value.day)
        except (TypeError, ValueError) as error:
            raise _date_error(value) from error
    if not isinstance(value, str):
        raise _date_error(value)
    text = _normalise_text(value)

    numeric = _ISO_DATE_RE.fullmatch(text) or _SLASH_DATE_RE.fullmatch(text)
    if numeric is not None:
        be_year = _be_from_four_digits(int(numeric["y"]))
        if be_year is None:
            raise _date_error(value)
        return _make_date(be_year - BE_OFFSET, int(numeric["m"]), int(numeric["d"]), value)

    thai = _THAI_DATE_RE.fullmatch(text)
    if thai is None:
        raise _date_error(value)
    month = _month_number(thai["m"], value)
    ce_year = _ce_year_from_digits(thai["y"], value)
    return _make_date(ce_year, month, int(thai["d"]), value)


@lru_cache(maxsize=16)
def _quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def format_number(value: float | None, decimals: int = 2, digits: str = "thai", sign: bool = False) -> str:
    """Return `value` rounded half up to `decimals` places with thousands separators: 98.8 → "๙๘.๘๐".

    None and NaN give "–". With `sign`, positives get "+" and negatives "-" (hyphen-minus); zero,
    including a value that rounds to zero, gets no sign. `digits` is "thai" or "arabic". Raises
    ValueError for another `digits`, a negative `decimals` or an infinite value, and TypeError for a
    value that is not a number.
    """
    _check_digits(digits)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"decimals must be a non-negative int, not {decimals!r}")
    if value is None:
        return "–"
    if type(value) is not float and (isinstance(value, bool) or not isinstance(value, (numbers.Real, Decimal))):
        raise TypeError(f"value must be a number or None, not {value!r}")
    # Going through str() keeps the decimal the user sees: float 69.225 is stored as 69.22499…,
    # so rounding the float itself would give 69.22 instead of 69.23.
    try:
        exact = Decimal(str(value))
    except InvalidOperation as error:
        raise TypeError(f"value must be a number or None, not {value!r}") from error
    if exact.is_nan():
        return "–"
    if exact.is_infinite():
        raise ValueError(f"value must be finite, not {value!r}")
    rounded = exact.quantize(_quantum(decimals), rounding=ROUND_HALF_UP)
    body = format(rounded.copy_abs(), f",.{decimals}f")
    # The sign is taken after rounding so that -0.001 is written "0.00", never "-0.00".
    if rounded < 0:
        prefix = "-"
    elif sign and rounded > 0:
        prefix = "+"
    else:
        prefix = ""
    return _apply_digits(prefix + body, digits)
