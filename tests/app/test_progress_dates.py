"""AppTest of the progress page's dates: progress is what was done, so neither the entry form nor the
correction form offers a day after today (the store refuses one too, tests/unit/test_store.py)."""

import sqlite3
from datetime import date, timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ita.storage.store import Store
from tests.app.session import signed_in
from tests.unit.conftest import actor

REPO_ROOT = Path(__file__).resolve().parents[2]
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"


def _page() -> AppTest:
    """The progress page of ป่าตึง (its plan of 2569), by a signed-in person; the first run seeds the store."""
    at = signed_in(AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=30), "ผู้ทดสอบ")
    at.run()
    if at.sidebar.selectbox(key="agency").value != PATUENG:
        at.sidebar.selectbox(key="agency").set_value(PATUENG)
        at.run()
    at.switch_page("pages/progress.py")
    return _run(at)


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _date_input(at: AppTest, prefix: str):
    found = [d for d in at.date_input if d.key and d.key.startswith(prefix)]
    assert len(found) == 1, [d.key for d in at.date_input]
    return found[0]


def _text_area(at: AppTest, prefix: str):
    [found] = [t for t in at.text_area if t.key and t.key.startswith(prefix)]
    return found


def test_the_progress_form_offers_no_day_after_today(db: Path) -> None:
    at = _page()
    mid = int(at.selectbox(key=f"progress_pick|{PATUENG}|2569").value)
    day = _date_input(at, "progress|")
    assert day.value == date.today() and day.max == date.today()
    # A later day typed anyway (the year mistyped) is never saved as a day after today.
    day.set_value(date.today() + timedelta(days=400))
    _text_area(at, "progress|").input("ประชุมแล้ว (พิมพ์ปีผิด)")
    at.button(key="progress_submit").click()
    _run(at)
    s = Store(db)
    dates = list(s.progress(mid)["date"])
    s.close()
    assert all(date.fromisoformat(d) <= date.today() for d in dates), dates


def test_the_correction_form_offers_no_day_after_today_and_opens_an_older_later_dated_entry(db: Path) -> None:
    at = _page()
    mid = int(at.selectbox(key=f"progress_pick|{PATUENG}|2569").value)
    s = Store(db)
    pid = s.add_progress(mid, "2025-11-03", "ประชุมชี้แจงแล้ว", "", actor("สมหญิง"))
    s.close()
    _run(at)
    assert _date_input(at, "progress_edit|").max == date.today()
    # An entry saved with a later day before the rule (written here straight into the file) still
    # opens, and its text can be corrected without touching its day.
    later = date.today() + timedelta(days=30)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE progress SET date = ?, version = version + 1 WHERE id = ?", (later.isoformat(), pid))
    conn.close()
    _run(at)
    assert _date_input(at, "progress_edit|").value == date(2025, 11, 3)  # the entry as the form read it
    at.button(key="progress_entry_reload").click()
    _run(at)
    day = _date_input(at, "progress_edit|")
    assert day.value == later and day.max == later
    _text_area(at, "progress_edit|").input("ประชุมชี้แจงเจ้าหน้าที่แล้ว")
    at.button(key="progress_edit_submit").click()
    _run(at)
    assert not at.error, [e.value for e in at.error]
    s = Store(db)
    row = s.progress(mid).iloc[0]
    s.close()
    assert (row["date"], row["text"]) == (later.isoformat(), "ประชุมชี้แจงเจ้าหน้าที่แล้ว")
