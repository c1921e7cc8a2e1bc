"""The app on PostgreSQL (ITA_DB a postgresql:// URL), under AppTest: it seeds the bundled data on first open,
every page of the menu runs with both the real and the fictional agency, and a save made through another
process's store — another app server sharing the database — is shown at this server's next run (its caches
are keyed on the data version the database holds, not on anything of one process)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from ita.storage.store import Store
from ita.ui.shell import PAGES
from tests.app.conftest import use_store
from tests.app.test_pages import FICTION, PATUENG, REPO_ROOT, choose, run
from tests.unit.conftest import actor


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, pg_url: str) -> Iterator[AppTest]:
    use_store(monkeypatch, pg_url)
    yield AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=60)
    st.cache_data.clear()
    st.cache_resource.clear()


def test_every_page_runs_on_postgresql_for_the_real_and_the_fictional_agency(app: AppTest) -> None:
    run(app)
    assert app.main.metric[0].value == "98.80"  # ป่าตึง 2568, seeded into PostgreSQL on first open
    for agency in (PATUENG, FICTION):
        choose(app, agency)
        for path, title, _ in PAGES:
            app.switch_page(path)
            run(app)
            assert app.sidebar.selectbox(key="agency").value == agency, (title, agency)


def test_a_save_through_another_server_is_shown_at_the_next_run(app: AppTest, pg_url: str) -> None:
    run(app)
    assert app.main.metric[0].value == "98.80"
    other = Store(pg_url)  # another app server's store on the same database
    try:
        other.save_year(PATUENG, 2568, {}, {"total": 97.5}, actor("ผู้ใช้ที่เครื่องอื่น"), "หนังสือแจ้งผล")
    finally:
        other.close()
    run(app)
    assert app.main.metric[0].value == "97.50"
    assert "+7.14" in app.main.metric[0].delta


def test_the_data_version_is_read_once_per_run(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cache is keyed on the data version; a page asks for it up to ten times a run, and on PostgreSQL
    each read is a round trip (BENCHMARKS.md, issue 15): it is read once per run (ita.ui.data.version)."""
    reads = []
    original = Store.data_version
    monkeypatch.setattr(Store, "data_version", lambda self: reads.append(1) or original(self))
    run(app)
    for path in ("pages/overseer.py", "pages/peers.py", "pages/overview.py"):
        app.switch_page(path)
        reads.clear()
        run(app)
        assert len(reads) == 1, (path, len(reads))
