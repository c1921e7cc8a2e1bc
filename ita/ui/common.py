"""Shared widgets: the plan year, the chosen agency's heading, numbers, charts."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ita.core.framework import Framework
from ita.core.markdown import plain_line
from ita.core.model import Dataset
from ita.core.sanitise import control_note
from ita.core.thai import format_number
from ita.services.charts import chart_config
from ita.services.plan import default_plan_year, plan_years
from ita.ui.data import framework
from ita.ui.sidebar import Selection

PLAN_YEARS = "plan_year_by_selection"  # the plan year chosen per sidebar choice, shared by the plan pages


def plan_year_choice(measure_years: pd.Series, agency: str, year: int, key: str, help: str | None = None) -> int:
    """Draws the choice of the plan's fiscal year and returns it. The choice is remembered per
    sidebar choice and shared by the measures and progress pages (results of year Y plan year Y+1)."""
    years = plan_years(measure_years, year)
    remembered = st.session_state.setdefault(PLAN_YEARS, {}).get(f"{agency}|{year}")
    start = remembered if remembered in years else default_plan_year(measure_years, year)
    chosen = st.selectbox("แผนมาตรการของปีงบประมาณ (พ.ศ.)", years, index=years.index(start),
                          key=f"{key}|{agency}|{year}", help=help)
    st.session_state[PLAN_YEARS][f"{agency}|{year}"] = chosen
    if int(chosen) != int(year):  # the chosen year's notice is start_page's
        plan_year_notice(int(chosen))
    return int(chosen)


FRAMEWORK_NOTICE_ICON = ":material/pending:"


def framework_notice(fw: Framework, year: int | None) -> bool:
    """Shows the framework's Thai notice for `year` (Framework.provisional_notice: a provisional year, carried
    forward or added by an admin until NACC publishes its manual, or a year it has no entry for) as a
    warning; returns whether there was one. The one way a page says a year's framework is unconfirmed."""
    notice = fw.provisional_notice(int(year)) if year is not None else None
    if notice:
        st.warning(plain_line(notice), icon=FRAMEWORK_NOTICE_ICON)
    return bool(notice)


def plan_year_notice(plan_year: int) -> bool:
    """framework_notice() for a plan's year, with the framework the pages use (ita.ui.data.framework)."""
    return framework_notice(framework(), plan_year)


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


CHART_FICTION = "ข้อมูลสมมุติ — ไม่ใช่ผลการประเมินจริง"


def chart_fiction(ds: Dataset, agency: str) -> str:
    """Returns the label a fictional agency's charts carry in their titles ('' for a real agency)."""
    return CHART_FICTION if ds.is_fictional(agency) else ""


def control_characters_note(fields: list[str], what: str) -> None:
    """Says, before a download, which texts hold control characters that `what` (the files) leave out
    (ita.core.sanitise), so a changed text is never a surprise; shows nothing when there are none."""
    if fields:
        st.warning(plain_line(control_note(fields, what)), icon=":material/warning:")


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
