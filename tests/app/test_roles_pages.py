"""What each role finds on the pages (issue 12): signed out (public reading), a viewer, a planner on an
agency not granted, and a unit head read every page with no way to save what they may not; a unit head
reports progress only on their unit's measures, without the status; the users page is an admin's. The
store refuses such writes anyway (tests/unit/storage/test_store_access.py): this is the courtesy."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ita.storage.accounts import Accounts
from ita.storage.store import Store
from tests.app.session import FAST_HASHER, REPO_ROOT, signed_in

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"
PAGES = ("pages/overview.py", "pages/indicators.py", "pages/weak.py", "pages/measures.py", "pages/progress.py",
         "pages/data.py")
# The widgets that save, by key (prefixes for the keyed per-form ones).
SAVE_KEYS = ("measures_add_submit", "measures_carry", "measures_edit_submit", "measures_restore_button",
             "measures_undelete", "progress_submit", "progress_edit_submit", "progress_delete", "import_button",
             "restore_button",
             "weak_add|", "weak_adopt", "entry_form_", "progress_report_submit", "progress_year_report_submit")
READ_ONLY = "ดูได้อย่างเดียว"


def _app(who: str | None, role: str = "viewer", grants: tuple[tuple[str, str, str], ...] = ()) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=30)
    if who is not None:
        signed_in(at, who, role)
        store = Store()
        try:
            accounts = Accounts(store, hasher=FAST_HASHER)
            for grant in grants:
                accounts.grant("ผู้ทดสอบระบบ", who, *grant)
        finally:
            store.close()
    return at


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _choose(at: AppTest, agency: str) -> None:
    if at.sidebar.selectbox(key="agency").value != agency:
        at.sidebar.selectbox(key="agency").set_value(agency)
        _run(at)


def _saving_widgets(at: AppTest) -> list[str]:
    """Returns the keys of the enabled buttons and forms' submit buttons that would save."""
    keys = [b.key or "" for b in [*at.button, *at.get("form_submit_button")] if not b.proto.disabled]
    return [k for k in keys if k.startswith(SAVE_KEYS)]


def _texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.main.info, *at.main.warning, *at.main.markdown])


def _every_page_reads_and_offers_no_save(at: AppTest, agency: str) -> None:
    _run(at)
    _choose(at, agency)
    for page in PAGES:
        at.switch_page(page)
        _run(at)
        assert _saving_widgets(at) == [], page
    at.switch_page("pages/measures.py")
    _run(at)
    assert READ_ONLY in _texts(at)
    assert at.main.dataframe, "the plan is still shown"


def test_signed_out_every_page_reads_and_none_saves(db: Path) -> None:
    _every_page_reads_and_offers_no_save(_app(None), PATUENG)


def test_a_viewer_reads_their_agency_and_cannot_save(db: Path) -> None:
    _every_page_reads_and_offers_no_save(_app("exec1", "viewer", (("agency", PATUENG, ""),)), PATUENG)


def test_a_planner_cannot_save_for_an_agency_not_granted(db: Path) -> None:
    at = _app("plan1", "planner", (("agency", PATUENG, ""),))
    _every_page_reads_and_offers_no_save(at, SUKJAI)
    _choose(at, PATUENG)
    at.switch_page("pages/measures.py")
    _run(at)
    assert "measures_add_submit" in _saving_widgets(at)


def test_a_unit_head_reports_progress_only_on_their_units_measures(db: Path) -> None:
    at = _app("head1", "unit", (("unit", PATUENG, "กองคลัง"),))
    _run(at)
    _choose(at, PATUENG)
    at.switch_page("pages/measures.py")
    _run(at)
    assert _saving_widgets(at) == []
    at.switch_page("pages/progress.py")
    _run(at)
    pick = next(s for s in at.main.selectbox if (s.key or "").startswith("progress_pick|"))
    store = Store()
    try:
        plan = store.measures(PATUENG, int(pick.key.rsplit("|", 1)[1]))
    finally:
        store.close()
    finance = plan[plan["units"].str.contains("กองคลัง")]
    other = plan[~plan["units"].str.contains("กองคลัง")]
    assert len(finance) and len(other)
    pick.set_value(int(other["id"].iloc[0]))
    _run(at)
    assert "progress_submit" not in _saving_widgets(at)
    assert "progress_report_submit" not in _saving_widgets(at)
    assert "ไม่มีสิทธิ์รายงานความก้าวหน้า" in _texts(at)
    pick = next(s for s in at.main.selectbox if (s.key or "").startswith("progress_pick|"))
    pick.set_value(int(finance["id"].iloc[0]))
    _run(at)
    assert "progress_submit" in _saving_widgets(at)
    # The measure's problems and suggestions for O28 are theirs to write too; the year's are a planner's.
    assert "progress_report_submit" in _saving_widgets(at)
    assert "progress_year_report_submit" not in _saving_widgets(at)
    assert not any((s.key or "").endswith("|status") for s in at.main.selectbox), "the status is a planner's"
    form = next(a for a in at.main.text_area if (a.key or "").endswith("|text"))
    form.input("ตรวจนับพัสดุแล้ว")
    at.button(key="progress_submit").click()
    _run(at)
    store = Store()
    try:
        entries = store.progress(int(finance["id"].iloc[0]))
    finally:
        store.close()
    assert list(entries["author"])[-1] == "head1" and list(entries["text"])[-1] == "ตรวจนับพัสดุแล้ว"
    problems = next(a for a in at.main.text_area
                    if (a.key or "").startswith("progress_report|") and a.key.endswith("|problems"))
    problems.input("ผู้ยืมคืนช้า")
    at.button(key="progress_report_submit").click()
    _run(at)
    store = Store()
    try:
        measure = store.measure(int(finance["id"].iloc[0]))
        author = store.history("measures", int(finance["id"].iloc[0]))["author"].iloc[0]
    finally:
        store.close()
    assert (measure["problems"], author) == ("ผู้ยืมคืนช้า", "head1")


def test_the_users_page_is_an_admins(db: Path) -> None:
    at = _run(_app("plan1", "planner", (("agency", PATUENG, ""),)))
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin.py")  # not in a planner's menu

    at = _run(_app("root1", "admin"))
    at.switch_page("pages/admin.py")
    _run(at)
    accounts = at.main.dataframe[0].value
    assert {"root1", "plan1"} <= set(accounts["username"])
    assert "password" not in " ".join(accounts.columns) and "argon2" not in accounts.to_string()


def test_an_admin_adds_an_account_grants_it_and_the_history_says_who(db: Path) -> None:
    at = _run(_app("root1", "admin"))
    at.switch_page("pages/admin.py")
    _run(at)
    at.text_input(key="admin_add_username").input("plan2")
    at.selectbox(key="admin_add_role").set_value("planner")
    at.text_input(key="admin_add_display").input("ผู้วางแผน สอง")
    at.text_input(key="admin_add_password").input("รหัสผ่านที่ยาวพอ-2568")
    at.text_input(key="admin_add_again").input("รหัสผ่านที่ยาวพอ-2568")
    next(b for b in at.button if b.label == "เพิ่มบัญชี").click()
    _run(at)
    assert any("เพิ่มบัญชี plan2 (ผู้วางแผน) แล้ว" in s.value for s in at.main.success)
    at.selectbox(key="admin_grant_name").set_value("plan2")
    _run(at)
    at.selectbox(key="admin_grant_choice_plan2").set_value(("agency", PATUENG, ""))
    at.button(key="admin_grant_plan2").click()
    _run(at)
    store = Store()
    try:
        account = Accounts(store, hasher=FAST_HASHER).account("plan2")
        history = store.history("grants")
    finally:
        store.close()
    assert account is not None and account.role == "planner" and account.agencies == frozenset({PATUENG})
    assert list(history["author"]) == ["root1"]
    shown = next(d.value for d in at.main.dataframe if "account" in d.value.columns)  # the history tab's table
    assert {"เพิ่ม", f"ให้สิทธิ์ หน่วยงาน {PATUENG}"} <= set(shown["action"])
    assert "argon2" not in shown.to_string()
