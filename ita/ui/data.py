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
from ita.core.review import Review, review
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


RUN_KEY, VERSION_KEY = "_ita_run", "_ita_data_version"


def begin_run() -> None:
    """Marks a new script run (ita.ui.shell.frame, first thing in every run): the data version is read again."""
    st.session_state[RUN_KEY] = st.session_state.get(RUN_KEY, 0) + 1


def version() -> tuple[str, int]:
    """Returns (the store's name, its data version): what every cache of the app is keyed on. The version is
    read from the database once per run (a page asks up to ten times; on PostgreSQL each read is a round trip
    or three) and again after a write through this process; so a save through another app server shows at
    this server's next run, and one through this server at once."""
    the_store = store()
    key = (st.session_state.get(RUN_KEY), the_store.name, the_store.writes)
    kept = st.session_state.get(VERSION_KEY)
    if key[0] is not None and kept is not None and kept[0] == key:
        return kept[1]
    try:
        found = (the_store.name, the_store.data_version())
    except StoreError as exc:  # the server went away since the store was opened: said, as store() says it
        st.error(f"อ่านข้อมูลไม่ได้ในขณะนี้: {plain_line(exc.message_th)}", icon=":material/database:")
        st.stop()
    st.session_state[VERSION_KEY] = (key, found)
    return found


def data_version() -> int:
    """Returns the store's data version as version() reads it (once per run)."""
    return version()[1]


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
    return _dataset(*version())


@st.cache_resource(show_spinner=False, max_entries=2)
def _agency_index(path: str, version: int) -> AgencyIndex:
    return agency_index(dataset())


def agencies() -> AgencyIndex:
    """Returns ita.services.agencies.agency_index() of the dataset (one copy, until the next write)."""
    return _agency_index(*version())


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
    return _agency_data(*version(), agency or "")


@st.cache_resource(show_spinner=False, max_entries=4)
def _framework(path: str, version: int, file: str) -> Framework:
    # `path` and `version` only decide when the cache is stale; `file` is the framework file (ITA_FRAMEWORK).
    return load_framework(file).with_years(store().framework_years())


def framework() -> Framework:
    """Returns the ITA framework: the file's (ita.core.framework.load_framework, ITA_FRAMEWORK) with the years an
    admin added from the app (Store.framework_years; a year the file has stays the file's), cached until the
    next write like the dataset."""
    return _framework(*version(), load_framework().path)


# Views derived from the dataset, cached like it on the store's data version: evaluating an agency's
# years on every rerun is the larger part of a warm page's time (BENCHMARKS.md).


@st.cache_data(show_spinner=False, max_entries=64)
def _agency_results(path: str, version: int, agency: str) -> tuple[YearResult, ...]:
    return tuple(agency_years(agency_data(agency), agency, framework()))


def agency_results(agency: str) -> tuple[YearResult, ...]:
    """Returns ita.core.analysis.agency_years() of the agency (cached until the next write)."""
    return _agency_results(*version(), agency)


@st.cache_data(show_spinner=False, max_entries=64)
def _overview(path: str, version: int, agency: str, year: int) -> Overview:
    return overview(agency_data(agency), agency, year, framework())


def overview_of(agency: str, year: int) -> Overview:
    """Returns ita.services.overview.overview() of the agency and year (cached until the next write)."""
    return _overview(*version(), agency, year)


@st.cache_data(show_spinner=False, max_entries=64)
def _review(path: str, version: int, agency: str, year: int) -> Review:
    return review(agency_data(agency), agency, year, framework(), scenarios=store().scenarios(agency, year - 1))


def review_of(agency: str, year: int) -> Review:
    """Returns ita.core.review.review() of the agency's plan of `year`, with the scenarios saved on the results
    of `year` − 1 (cached until the next write)."""
    return _review(*version(), agency, int(year))


@st.cache_data(show_spinner=False, max_entries=32)
def _history_page(path: str, version: int, agency: str, limit: int, offset: int) -> tuple[pd.DataFrame, int]:
    return store().agency_history(agency, limit=limit, offset=offset)


def history_page(agency: str, limit: int, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """Returns Store.agency_history() of the agency (cached until the next write: the query scans the score
    tables, ~0.3 s in a national store, and the data page reruns at every click)."""
    return _history_page(*version(), agency, limit, offset)
