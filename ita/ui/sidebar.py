"""The sidebar every page shares: the agency and fiscal year chosen, kept between pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ita.services.agencies import SEARCH_ABOVE, SHOWN_AT_MOST, AgencyIndex, choices, filter_values

AGENCY_KEY, YEAR_KEY, SEARCH_KEY = "agency", "year", "agency_search"
# The filters shown above the search box when there are many agencies (agencies-table columns).
FILTERS = (("province", "จังหวัด"), ("kind", "ประเภทหน่วยงาน"))
DEFAULT_AGENCY_HINT = "ป่าตึง"


@dataclass(frozen=True)
class Selection:
    agency: str | None
    year: int | None


def _default_agency(agencies: tuple[str, ...] | list[str]) -> str:
    return next((a for a in agencies if DEFAULT_AGENCY_HINT in a), agencies[0])


def sidebar(index: AgencyIndex, readable: Callable[[str], bool] | None = None) -> Selection:
    """Draws the agency and fiscal-year choices every page shares; returns the selection.

    The choices live in st.session_state, so they survive moving between pages. Each choice is
    also passed as the widget's `index`: the browser draws a widget again from that index when it
    remounts it (after a page switch or a run cut short by a click), and without it showed, and on
    the next run sent, the first agency or year instead of the one chosen. `readable` keeps the agencies
    the signed-in account may read (ITA_READ=signed-in); None keeps all. Above SEARCH_ABOVE agencies a
    search box narrows the list, which never holds more than SHOWN_AT_MOST (ita.services.agencies)."""
    # `among` is None when every agency may be read: the index's own lists then serve without a pass over them.
    among = None if readable is None else [a for a in index.names if readable(a)]
    allowed = index.names if among is None else among
    if not allowed:
        st.sidebar.info("ยังไม่มีข้อมูลผลการประเมิน")
        return Selection(None, None)
    chosen = kept(AGENCY_KEY, allowed, _default_agency(allowed))
    if len(allowed) > SEARCH_ABOVE:
        filters = {column: _filter(index, column, label, among) for column, label in FILTERS}
        query = st.sidebar.text_input("ค้นหาหน่วยงาน", key=SEARCH_KEY, placeholder="พิมพ์บางส่วนของชื่อ",
                                      help="ไม่สนใจช่องว่างและตัวพิมพ์เล็กใหญ่")
        found = choices(index, chosen, query, filters, among=among)
        options = found.options
        if found.cut:
            st.sidebar.caption(f"พบ {found.matched:,} หน่วยงาน แสดง {SHOWN_AT_MOST} รายการแรก "
                               "กรุณาพิมพ์ชื่อให้ละเอียดขึ้นเพื่อค้นหา")
        elif not found.matched:
            st.sidebar.caption("ไม่พบหน่วยงานที่ตรงกับคำค้น")
        elif query.strip() or any(filters.values()):
            st.sidebar.caption(f"พบ {found.matched:,} หน่วยงาน")
    else:
        options = list(allowed)
    agency = st.sidebar.selectbox(
        "หน่วยงาน", options, index=options.index(chosen), key=AGENCY_KEY, format_func=index.label,
    )
    years = list(index.years[agency])
    year = st.sidebar.selectbox("ปีงบประมาณ (พ.ศ.)", years, index=years.index(kept(YEAR_KEY, years, years[-1])),
                                key=YEAR_KEY, format_func=str)
    return Selection(agency, int(year))


def _filter(index: AgencyIndex, column: str, label: str, among: list[str] | None) -> str:
    """Draws one attribute filter ("" = all); kept between pages like the other choices."""
    options = ["", *filter_values(index, column, among)]
    key = f"filter_{column}"
    return st.sidebar.selectbox(label, options, index=options.index(kept(key, options, "")), key=key,
                                format_func=lambda v: v or "ทั้งหมด")


def kept(key: str, options: list, fallback: object) -> object:
    """Returns the value kept under `key` when it is still one of `options`, else `fallback`."""
    value = st.session_state.get(key)
    return value if value in options else fallback
