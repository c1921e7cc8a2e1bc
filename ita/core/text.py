"""Generic text helpers for user-entered values (cells typed in forms, read from workbooks or from the
store): blank tests, stripped text, ISO dates shown in Thai, the template's list cells, and cutting a
label to a width. No I/O."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from ita.core.schema import INDICATOR_SEP, UNIT_SEP
from ita.core.thai import format_thai_date


def is_blank(value: Any) -> bool:
    """Returns True for None, NaN (of any float type), pd.NA and text that is empty or only spaces."""
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # not a single value (a list, a frame): not blank
        return False


def as_text(value: Any) -> str:
    """Returns the value as stripped text ('' for None and NaN)."""
    return "" if is_blank(value) else str(value).strip()


def iso_date(value: Any) -> date | None:
    """Returns the date of an ISO 'YYYY-MM-DD' text (or a date), None when blank or unreadable."""
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    text = as_text(value)
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def thai_date(value: Any) -> str:
    """Returns an ISO date as '25 ต.ค. 2568' (B.E., Arabic digits); unreadable text unchanged."""
    d = iso_date(value)
    if d is None:
        return as_text(value)
    return format_thai_date(d, digits="arabic", style="abbr")


def thai_datetime(value: Any) -> str:
    """Returns an ISO timestamp as '25 ต.ค. 2568 14:05'; unreadable text unchanged."""
    text = as_text(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return f"{thai_date(moment.date())} {moment:%H:%M}"


def split_units(text: Any) -> list[str]:
    """Returns the units of a ';'-separated cell, stripped, without blanks."""
    return [u.strip() for u in as_text(text).split(UNIT_SEP) if u.strip()]


def split_indicators(text: Any) -> list[str]:
    """Returns the indicator codes of a ','-separated cell, stripped, without blanks."""
    return [c.strip() for c in as_text(text).split(INDICATOR_SEP) if c.strip()]


def code_key(code: str) -> tuple[tuple[int, int, str], ...]:
    """Returns the sort key of a dotted code such as '9.4': numeric parts sort as numbers (9.4 before
    10), anything else after them as text."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split("."))


def shorten(text: str, width: int) -> str:
    """Returns `text` unchanged when it has at most `width` characters, else its first `width` − 1
    characters and '…'."""
    return text if len(text) <= width else text[: width - 1] + "…"
