"""The entry script runs headless under AppTest with no exception and shows the ITA title."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[AppTest]:
    """An AppTest of dashboard.py run from the repo root, with a throwaway ITA_DB and empty caches."""
    # The app opens bundled files by relative path, as `streamlit run` does from the repo root.
    monkeypatch.chdir(REPO_ROOT)
    monkeypatch.setenv("ITA_DB", str(tmp_path / "ita.db"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=30)
    st.cache_data.clear()
    st.cache_resource.clear()


def test_dashboard_runs_and_shows_ita_title(app: AppTest) -> None:
    app.run()

    assert not app.exception, [e.value for e in app.exception]
    titles = [t.value for t in app.title]
    assert any("ITA" in t for t in titles), titles
