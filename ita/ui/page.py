"""What every page reads before it draws anything: the chosen agency's data, the framework, the sidebar's
choice and the store."""

from __future__ import annotations

from typing import NamedTuple

import streamlit as st

from ita.core.framework import Framework
from ita.core.model import Dataset
from ita.storage.store import Store
from ita.ui.common import framework_notice
from ita.ui.data import agency_data, framework, store
from ita.ui.shell import ensure_frame
from ita.ui.sidebar import AGENCY_KEY, YEAR_KEY, Selection

NO_AGENCY = "ยังไม่มีข้อมูลผลการประเมินในระบบ จึงยังเลือกหน่วยงานไม่ได้"


def selection() -> Selection:
    """Returns the sidebar's current choice (set by dashboard.py before the page runs).

    Every page calls this first; it draws the frame when dashboard.py did not run (ita.ui.shell)."""
    ensure_frame()
    return Selection(st.session_state.get(AGENCY_KEY), st.session_state.get(YEAR_KEY))


class PageStart(NamedTuple):
    ds: Dataset  # the chosen agency's rows and the national tables (ita.ui.data.agency_data)
    fw: Framework
    sel: Selection
    store: Store


def start_page() -> PageStart:
    """Returns the chosen agency's data, the framework, the sidebar choice and the store a page works on.

    A page reads one agency's data, so it gets that agency's slice of the dataset, cached per agency and data
    version: nothing then filters the national tables for it on every run. What spans many agencies (the
    sidebar's index, the peers' ranking, the overseer's groups) reads ita.ui.data.dataset() where it is cached."""
    sel = selection()
    fw = framework()
    framework_notice(fw, sel.year)  # the chosen year's framework unconfirmed (or unknown): said on every page
    return PageStart(agency_data(sel.agency), fw, sel, store())
