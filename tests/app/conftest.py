"""AppTest runs the app the way a warm server does.

AppTest makes a new PagesManager for every run, and with a folder named `pages/` next to dashboard.py
that starts every run in Streamlit's old pages-folder mode — which a real server leaves for good at
its first st.navigation call. The pages cope with that mode (ita.ui.shell.ensure_frame draws the frame,
tested by the tests marked `cold_server`), but its widget ids differ from the normal mode's, so a test
that clicks across several runs would see values vanish that a user never loses. This fixture turns the
old mode off after each PagesManager is made, as a warm server has it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ita.core.model import Dataset

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def warm_server(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.get_closest_marker("cold_server"):
        return
    original_init = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def use_store(monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    """Runs the app from the repo root (it opens bundled files by relative path) on the store at `target` (a file
    or a postgresql:// URL, never the developer's own), with empty Streamlit caches."""
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("ITA_DB", target)
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A throwaway ITA_DB (its path), run from the repo root, with empty Streamlit caches around the test.
    A test module may define its own `db` (tests/app/test_data_page.py gives a Store)."""
    path = tmp_path / "ita.db"
    use_store(monkeypatch, str(path))
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def seeded_with(path: Path, extra: Dataset) -> Path:
    """Seeds the store at `path` (the `db` fixture's) with the bundled data, imports `extra` into it as a planner's
    import would, and empties Streamlit's caches; returns `path`."""
    from ita.storage.bundled import load_bundled
    from ita.storage.store import Store
    from tests.unit.conftest import actor

    s = Store(path)
    try:
        s.seed(load_bundled()[0])
        s.import_dataset(extra, actor("ผู้นำเข้า"))
    finally:
        s.close()
    st.cache_data.clear()
    st.cache_resource.clear()
    return path
