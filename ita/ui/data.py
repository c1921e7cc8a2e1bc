"""The one way pages reach the data: the store (opened and seeded once per process) and a
cached dataset keyed on the store's data version, so every write is seen at once. A store that
cannot be opened right now (another process holds it, the file is unusable) is said in an error box
and the run stops there; the next run tries again (a failed open is not cached)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ita.core.analysis import agency_years
from ita.core.framework import Framework, load_framework
from ita.core.markdown import plain_line
from ita.core.model import Dataset
from ita.core.scoring import YearResult
from ita.services.agencies import AgencyIndex, agency_index
from ita.services.overview import Overview, overview
from ita.storage.bundled import load_bundled
from ita.storage.store import Store, StoreError


@st.cache_resource(show_spinner="กำลังเปิดฐานข้อมูล…")
def _opened() -> Store:
    the_store = Store()
    if not the_store.is_seeded():
        bundled, _ = load_bundled()
        the_store.seed(bundled)
    return the_store


def store() -> Store:
    """Returns the store at ITA_DB, seeded from the bundled workbooks the first time; when it
    cannot be opened now, shows why (Thai) and stops the run."""
    try:
        return _opened()
    except StoreError as exc:
        st.error(f"เปิดข้อมูลไม่ได้ในขณะนี้: {plain_line(exc.message_th)}", icon=":material/database:")
        st.stop()


# cache_resource, not cache_data: every run reads the one copy instead of unpickling its own (a national
# store's dataset is ~416k rows; NATIONAL-SCALE.md). Nothing may change the frames it returns in place.
@st.cache_resource(show_spinner=False, max_entries=2)
def _dataset(path: str, version: int) -> Dataset:
    # `path` and `version` only decide when the cache is stale.
    return store().dataset()


def dataset() -> Dataset:
    """Returns every live row of the store (cached until the next write)."""
    the_store = store()
    return _dataset(the_store.name, the_store.data_version())


@st.cache_resource(show_spinner=False, max_entries=2)
def _agency_index(path: str, version: int) -> AgencyIndex:
    return agency_index(dataset())


def agencies() -> AgencyIndex:
    """Returns ita.services.agencies.agency_index() of the dataset (one copy, until the next write)."""
    the_store = store()
    return _agency_index(the_store.name, the_store.data_version())


# The chosen agency's rows, held like the dataset: a page about one agency filters tables of ~416k rows for it
# several times per run otherwise (each `ds[...]["agency"] == agency` costs ~17 ms at national scale, 40–90 ms
# a run on the weak, measures, progress and data pages; BENCHMARKS.md, issue 14). Nothing may change the frames
# it returns in place.
@st.cache_resource(show_spinner=False, max_entries=16)
def _agency_data(path: str, version: int, agency: str) -> Dataset:
    return dataset().for_agency(agency)


def agency_data(agency: str | None) -> Dataset:
    """Returns Dataset.for_agency(agency) of the dataset: the agency's rows of every table and the national
    tables whole (one copy per agency until the next write); None gives no agency's rows."""
    the_store = store()
    return _agency_data(the_store.name, the_store.data_version(), agency or "")


def framework() -> Framework:
    """Returns the ITA framework (cached by ita.core.framework itself)."""
    return load_framework()


# Views derived from the dataset, cached like it on the store's data version: evaluating an agency's
# years on every rerun is the larger part of a warm page's time (BENCHMARKS.md).


@st.cache_data(show_spinner=False, max_entries=64)
def _agency_results(path: str, version: int, agency: str) -> tuple[YearResult, ...]:
    return tuple(agency_years(agency_data(agency), agency, framework()))


def agency_results(agency: str) -> tuple[YearResult, ...]:
    """Returns ita.core.analysis.agency_years() of the agency (cached until the next write)."""
    the_store = store()
    return _agency_results(the_store.name, the_store.data_version(), agency)


@st.cache_data(show_spinner=False, max_entries=64)
def _overview(path: str, version: int, agency: str, year: int) -> Overview:
    return overview(agency_data(agency), agency, year, framework())


def overview_of(agency: str, year: int) -> Overview:
    """Returns ita.services.overview.overview() of the agency and year (cached until the next write)."""
    the_store = store()
    return _overview(the_store.name, the_store.data_version(), agency, year)


@st.cache_data(show_spinner=False, max_entries=32)
def _history_page(path: str, version: int, agency: str, limit: int, offset: int) -> tuple[pd.DataFrame, int]:
    return store().agency_history(agency, limit=limit, offset=offset)


def history_page(agency: str, limit: int, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """Returns Store.agency_history() of the agency (cached until the next write: the query scans the score
    tables, ~0.3 s in a national store, and the data page reruns at every click)."""
    the_store = store()
    return _history_page(the_store.name, the_store.data_version(), agency, limit, offset)
