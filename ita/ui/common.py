"""Shared widgets: the agency and year chosen in the sidebar, labels, downloads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ita.core.markdown import plain_line
from ita.core.model import Dataset
from ita.core.thai import format_number
from ita.services.charts import chart_config

AGENCY_KEY, YEAR_KEY, AUTHOR_KEY = "agency", "year", "author"
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


def sidebar(ds: Dataset) -> Selection:
    """Draws the agency and fiscal-year choices every page shares; returns the selection.

    The choices live in st.session_state, so they survive moving between pages. Each choice is
    also passed as the widget's `index`: the browser draws a widget again from that index when it
    remounts it (after a page switch or a run cut short by a click), and without it showed, and on
    the next run sent, the first agency or year instead of the one chosen."""
    agencies = [a for a in ds.agencies() if ds.years(a)]
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


AUTHOR_NAME = "author_name"  # the name typed, kept while the box is not drawn (pages that only read)


def author_box() -> None:
    """Draws the name to record in the history, in the sidebar of the pages that save. Reading
    pages leave it out (less to draw before their first chart); the name is kept between pages."""
    if AUTHOR_KEY not in st.session_state:
        st.session_state[AUTHOR_KEY] = st.session_state.get(AUTHOR_NAME, "")
    st.session_state[AUTHOR_NAME] = st.sidebar.text_input(
        "ชื่อผู้บันทึก", key=AUTHOR_KEY, placeholder="เช่น สมชาย (สำนักปลัด)",
        help="ชื่อนี้จะอยู่ในประวัติการแก้ไขทุกครั้งที่บันทึก")


def author() -> str:
    """Returns the name to record in the history ('ไม่ระบุชื่อ' when blank)."""
    return (st.session_state.get(AUTHOR_KEY) or st.session_state.get(AUTHOR_NAME) or "").strip() or "ไม่ระบุชื่อ"


def selection() -> Selection:
    """Returns the sidebar's current choice (set by dashboard.py before the page runs).

    Every page calls this first; it draws the frame when dashboard.py did not run (ita.ui.shell)."""
    from ita.ui.shell import ensure_frame  # the shell imports this module

    ensure_frame()
    return Selection(st.session_state.get(AGENCY_KEY), st.session_state.get(YEAR_KEY))


PLAN_YEARS = "plan_year_by_selection"  # the plan year chosen per sidebar choice, shared by the plan pages


def plan_year_choice(measure_years: pd.Series, agency: str, year: int, key: str, help: str | None = None) -> int:
    """Draws the choice of the plan's fiscal year and returns it. The choice is remembered per
    sidebar choice and shared by the measures and progress pages (results of year Y plan year Y+1)."""
    from ita.services.plan import default_plan_year, plan_years

    years = plan_years(measure_years, year)
    remembered = st.session_state.setdefault(PLAN_YEARS, {}).get(f"{agency}|{year}")
    start = remembered if remembered in years else default_plan_year(measure_years, year)
    chosen = st.selectbox("แผนมาตรการของปีงบประมาณ (พ.ศ.)", years, index=years.index(start),
                          key=f"{key}|{agency}|{year}", help=help)
    st.session_state[PLAN_YEARS][f"{agency}|{year}"] = chosen
    return int(chosen)


def chosen_agency(ds: Dataset, sel: Selection, no_data: str, heading: bool = False) -> str:
    """Returns the agency chosen in the sidebar, after (with `heading`) the agency and year as a
    subheading and its fictional label when it has one; with no agency to choose, says `no_data`
    and stops the page."""
    if sel.agency is None or sel.year is None:
        st.info(no_data)
        st.stop()
    if heading:
        st.subheader(f"{plain_line(sel.agency)} · ปีงบประมาณ {sel.year}")
    fiction_banner(ds, sel.agency)
    return sel.agency


def fiction_banner(ds: Dataset, agency: str) -> None:
    """Shows a visible label when the agency's data is fictional."""
    if ds.is_fictional(agency):
        st.warning(
            f"**ข้อมูลสมมุติ** — '{plain_line(agency)}' เป็นหน่วยงานสมมุติเพื่อการสาธิต ตัวเลขทั้งหมดไม่ใช่ผลการประเมินจริง",
            icon="⚠️",
        )


def num(value: float | None, sign: bool = False) -> str:
    """Returns a score with two decimals in Arabic digits ('–' when unknown)."""
    return format_number(value, digits="arabic", sign=sign)


def chart(fig: go.Figure, name: str, data: Callable[[], bytes] | None = None, key: str = "") -> None:
    """Draws a chart (PNG download in its toolbar) and a button to download its data as Excel."""
    st.plotly_chart(fig, config=chart_config(name), key=f"chart-{key or name}")
    if data is not None:
        st.download_button(
            "ดาวน์โหลดข้อมูลของแผนภูมิ (Excel)", data=data, file_name=f"{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"dl-{key or name}", icon=":material/download:", on_click="ignore",
        )
