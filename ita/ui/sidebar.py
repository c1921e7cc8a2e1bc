"""The sidebar every page shares: the agency and fiscal year chosen, kept between pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ita.core.model import Dataset

AGENCY_KEY, YEAR_KEY = "agency", "year"
DEFAULT_AGENCY_HINT = "ป่าตึง"


@dataclass(frozen=True)
class Selection:
    agency: str | None
    year: int | None


def _default_agency(agencies: list[str]) -> str:
    return next((a for a in agencies if DEFAULT_AGENCY_HINT in a), agencies[0])


def agency_label(ds: Dataset, agency: str) -> str:
    """Returns the agency's name, with a fictional mark when the data is made up."""
    return f"{agency} ⚠ ข้อมูลสมมุติ" if ds.is_fictional(agency) and "สมมุติ" not in agency else agency


def sidebar(ds: Dataset, readable: Callable[[str], bool] | None = None) -> Selection:
    """Draws the agency and fiscal-year choices every page shares; returns the selection.

    The choices live in st.session_state, so they survive moving between pages. Each choice is
    also passed as the widget's `index`: the browser draws a widget again from that index when it
    remounts it (after a page switch or a run cut short by a click), and without it showed, and on
    the next run sent, the first agency or year instead of the one chosen. `readable` keeps the agencies
    the signed-in account may read (ITA_READ=signed-in); None keeps all."""
    agencies = [a for a in ds.agencies() if ds.years(a) and (readable is None or readable(a))]
    if not agencies:
        st.sidebar.info("ยังไม่มีข้อมูลผลการประเมิน")
        return Selection(None, None)
    agency = st.sidebar.selectbox(
        "หน่วยงาน", agencies, index=agencies.index(kept(AGENCY_KEY, agencies, _default_agency(agencies))),
        key=AGENCY_KEY, format_func=lambda a: agency_label(ds, a),
    )
    years = ds.years(agency)
    year = st.sidebar.selectbox("ปีงบประมาณ (พ.ศ.)", years, index=years.index(kept(YEAR_KEY, years, years[-1])),
                                key=YEAR_KEY, format_func=str)
    return Selection(agency, int(year))


def kept(key: str, options: list, fallback: object) -> object:
    """Returns the value kept under `key` when it is still one of `options`, else `fallback`."""
    value = st.session_state.get(key)
    return value if value in options else fallback
