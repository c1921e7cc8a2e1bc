"""The one cached loader of the app's data, keyed on what changes it."""

from __future__ import annotations

import streamlit as st

from ita.bundled import bundled_files, load_bundled
from ita.framework import Framework, load_framework
from ita.model import Dataset
from ita.validation import Report


@st.cache_data(show_spinner="กำลังโหลดข้อมูล…")
def _load(key: tuple[tuple[str, float], ...]) -> tuple[Dataset, Report]:
    # `key` (file names and modification times) only decides when the cache is stale.
    return load_bundled()


def dataset() -> tuple[Dataset, Report]:
    """Returns the app's dataset and its validation report (cached until a file changes)."""
    return _load(tuple((p.name, p.stat().st_mtime) for p in bundled_files()))


def framework() -> Framework:
    """Returns the ITA framework (cached by ita.framework itself)."""
    return load_framework()
