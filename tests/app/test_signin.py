"""AppTest of signing in (issue 12): the first admin made with the setup code, the sign-in form (one message
for every refusal, five failures lock), signing out, idle expiry, ITA_READ=signed-in, and the sidebar's
account block that replaced the name box."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from ita.core.markdown import unescape
from ita.storage.accounts import SIGN_IN_REFUSED_TH, Accounts
from ita.storage.store import Store
from ita.ui import auth

REPO_ROOT = Path(__file__).resolve().parents[2]
SIGNIN, OVERVIEW = "pages/signin.py", "pages/overview.py"
PASSWORD = "ม้าลายกินหญ้า2568"
NOT_SIGNED_IN = "ยังไม่ได้ลงชื่อเข้าใช้ (ดูข้อมูลได้อย่างเดียว)"
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _add(db: Path, name: str = "somying", role: str = "planner", display: str = "สมหญิง รักดี") -> None:
    """Makes an account in the test's store (cheap hashes; the app verifies them all the same)."""
    store = Store(db)
    try:
        Accounts(store, hasher=FAST).add("ผู้ทดสอบ", name, role, PASSWORD, display=display)
    finally:
        store.close()


def _accounts(db: Path) -> list[tuple[str, str, bool]]:
    store = Store(db)
    try:
        return [(r.username, r.role, r.active) for r in Accounts(store, hasher=FAST).list()]
    finally:
        store.close()


def _app() -> AppTest:
    return AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=30)


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _open(at: AppTest, page: str = SIGNIN) -> AppTest:
    _run(at)
    at.switch_page(page)
    return _run(at)


def _texts(at: AppTest, where: str = "main") -> str:
    """Every text of the main area (or the sidebar), as read on screen."""
    area = getattr(at, where)
    kinds = ("title", "markdown", "caption", "info", "warning", "success", "error", "text")
    return "\n".join(unescape(str(e.value)) for kind in kinds for e in getattr(area, kind))


def _errors(at: AppTest) -> list[str]:
    return [unescape(e.value) for e in at.main.error]


def _sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key=auth.NAME_IN).input(name)
    at.text_input(key=auth.PASSWORD_IN).input(password)
    at.button(key="auth_sign_in_submit").click()
    return _run(at)


def _signed_in_as(at: AppTest) -> str:
    """The sidebar's account line ('' when it says nobody is signed in)."""
    return next((unescape(m.value) for m in at.sidebar.markdown if m.value.startswith("ผู้ใช้:")), "")


def _first_admin(at: AppTest, code: str, again: str = PASSWORD) -> AppTest:
    at.text_input(key=auth.CODE_IN).input(code)
    at.text_input(key=auth.ADMIN_IN).input("somchai")
    at.text_input(key=auth.DISPLAY_IN).input("สมชาย ใจดี")
    at.text_input(key=auth.POSITION_IN).input("ปลัด อบต.")
    at.text_input(key=auth.NEW_PASSWORD_IN).input(PASSWORD)
    at.text_input(key=auth.AGAIN_IN).input(again)
    at.button(key="auth_first_admin_submit").click()
    return _run(at)


# -- the first admin ------------------------------------------------------------------------------


def test_the_first_admin_is_made_with_the_setup_code_and_signed_in(db: Path) -> None:
    at = _open(_app())
    assert at.title[0].value == "ลงชื่อเข้าใช้"
    intro = _texts(at)
    assert "หน้าต่างคำสั่ง" in intro and "python -m ita users add NAME --role admin" in intro
    code = auth.setup_code()  # the code of this process (AppTest runs the app in it), as printed
    assert code

    _first_admin(at, "AAAA-BBBB-CCCC")
    assert _errors(at) == ["รหัสตั้งค่าไม่ถูกต้อง ดูรหัสได้ที่หน้าต่างคำสั่งที่เปิดโปรแกรม"]
    assert _accounts(db) == []
    assert at.text_input(key=auth.NEW_PASSWORD_IN).value == "", "a refused password is not kept"

    _first_admin(at, code, again=PASSWORD + "x")
    assert _errors(at) == [auth.PASSWORDS_DIFFER_TH]
    assert _accounts(db) == []

    _first_admin(at, code.lower().replace("-", " "))  # typed loosely: case and separators do not matter
    assert _errors(at) == []
    assert _accounts(db) == [("somchai", "admin", True)]
    assert "ลงชื่อเข้าใช้แล้ว: สมชาย ใจดี (somchai) · ผู้ดูแลระบบ · ตำแหน่ง ปลัด อบต." in _texts(at)
    assert _signed_in_as(at) == "ผู้ใช้: สมชาย ใจดี · ผู้ดูแลระบบ"
    assert auth.setup_code() == "", "the code is spent once an account exists"
    assert not at.text_input, "the forms are gone once signed in"


def test_the_setup_code_is_printed_once_to_stderr_and_never_shown(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    at = _open(_app())
    _run(at)
    code = auth.setup_code()
    printed = [line for line in capsys.readouterr().err.splitlines() if code in line]
    assert len(printed) == 1, printed  # one line, whatever the runs, in Thai and English
    assert "รหัสตั้งค่าสำหรับสร้างผู้ดูแลระบบคนแรกคือ" in printed[0] and "one-time setup code" in printed[0]
    # Every element the browser was sent, the form's placeholder included (so the walk reaches it).
    sent = "\n".join(str(getattr(node, "proto", "")) for area in (at.main, at.sidebar) for node in area)
    assert "XXXX-XXXX-XXXX" in sent
    assert code not in sent
    assert auth.setup_code() == code
    assert code not in capsys.readouterr().err, "not printed again"


# -- the sign-in form -----------------------------------------------------------------------------


def test_sign_in_shows_the_account_and_sign_out_ends_it(db: Path) -> None:
    at = _open(_app())
    _add(db)
    _run(at)
    assert NOT_SIGNED_IN in _texts(at, "sidebar")
    assert [(link.proto.label, link.proto.page) for link in at.sidebar.get("page_link")] == [("ลงชื่อเข้าใช้", "signin")]
    assert at.text_input(key=auth.PASSWORD_IN).proto.type == at.text_input(key=auth.PASSWORD_IN).proto.PASSWORD

    _sign_in(at, "SomYing")  # user names are not case-sensitive
    assert _errors(at) == []
    assert "ลงชื่อเข้าใช้แล้ว: สมหญิง รักดี (somying) · ผู้วางแผน" in _texts(at)
    assert _signed_in_as(at) == "ผู้ใช้: สมหญิง รักดี · ผู้วางแผน"
    assert PASSWORD not in repr(at.session_state.to_dict()), "the password does not stay in the session"

    at.sidebar.button(key="auth_sign_out").click()
    _run(at)
    assert _signed_in_as(at) == ""
    assert NOT_SIGNED_IN in _texts(at, "sidebar")
    assert at.text_input(key=auth.NAME_IN), "the sign-in form is back"


def test_a_wrong_password_and_an_unknown_user_get_the_same_message(db: Path) -> None:
    at = _open(_app())
    _add(db)
    _run(at)
    _sign_in(at, "somying", "ผิดรหัสผ่านนะจ๊ะ")
    wrong_password = _errors(at)
    _sign_in(at, "nobody", PASSWORD)
    unknown_user = _errors(at)
    assert wrong_password == unknown_user == [SIGN_IN_REFUSED_TH]
    assert _signed_in_as(at) == ""
    _run(at)
    assert _errors(at) == [], "the message is shown once"


def test_five_failures_lock_the_account(db: Path) -> None:
    at = _open(_app())
    _add(db)
    _run(at)
    for _ in range(5):
        _sign_in(at, "somying", "ไม่ใช่รหัสนี้แน่นอน")
        assert _errors(at) == [SIGN_IN_REFUSED_TH]
    _sign_in(at, "somying", PASSWORD)  # the right password, but the account is locked for 15 minutes
    assert _errors(at) == [SIGN_IN_REFUSED_TH]
    assert _signed_in_as(at) == ""


# -- the session ----------------------------------------------------------------------------------


def test_an_idle_session_is_signed_out_with_a_message_once(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_800_000_000.0]
    monkeypatch.setattr(auth, "now", lambda: clock[0])
    at = _open(_app())
    _add(db)
    _run(at)
    _sign_in(at, "somying")
    at.switch_page(OVERVIEW)
    _run(at)

    clock[0] += 29 * 60  # active within 30 minutes: still signed in, and the 30 minutes start again
    _run(at)
    assert _signed_in_as(at) == "ผู้ใช้: สมหญิง รักดี · ผู้วางแผน"
    clock[0] += 29 * 60
    _run(at)
    assert _signed_in_as(at)

    clock[0] += 31 * 60
    _run(at)
    assert _signed_in_as(at) == ""
    assert auth.EXPIRED_TH in [w.value for w in at.main.warning]
    assert at.main.metric, "the overview still reads in public mode"
    _run(at)
    assert auth.EXPIRED_TH not in [w.value for w in at.main.warning], "said once"


def test_idle_minutes_come_from_the_setting(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_800_000_000.0]
    monkeypatch.setattr(auth, "now", lambda: clock[0])
    monkeypatch.setenv("ITA_IDLE_MINUTES", "5")
    at = _open(_app())
    _add(db)
    _run(at)
    _sign_in(at, "somying")
    clock[0] += 6 * 60
    _run(at)
    assert _signed_in_as(at) == ""
    assert auth.EXPIRED_TH in [w.value for w in at.main.warning]


def test_a_disabled_account_is_signed_out_and_a_new_role_counts_at_the_next_click(db: Path) -> None:
    at = _open(_app())
    _add(db)
    _run(at)
    _sign_in(at, "somying")
    store = Store(db)
    try:
        Accounts(store, hasher=FAST).update("ผู้ทดสอบ", "somying", role="viewer")
        _run(at)
        assert _signed_in_as(at) == "ผู้ใช้: สมหญิง รักดี · ผู้บริหาร / ผู้กำกับดูแล"
        Accounts(store, hasher=FAST).set_active("ผู้ทดสอบ", "somying", False)
    finally:
        store.close()
    _run(at)
    assert _signed_in_as(at) == ""
    assert NOT_SIGNED_IN in _texts(at, "sidebar")


# -- reading ------------------------------------------------------------------------------------


def test_public_mode_reads_without_signing_in_and_has_no_name_box(db: Path) -> None:
    at = _run(_app())
    assert at.main.metric[0].value == "98.80"  # the overview of ป่าตึง 2568
    assert NOT_SIGNED_IN in _texts(at, "sidebar")
    assert [(link.proto.label, link.proto.page) for link in at.sidebar.get("page_link")] == [("ลงชื่อเข้าใช้", "signin")]
    for page in ("pages/weak.py", "pages/measures.py", "pages/progress.py", "pages/data.py", OVERVIEW):
        at.switch_page(page)
        _run(at)
        assert not at.sidebar.text_input, f"{page}: the sidebar's name box is gone"
        assert [s.key for s in at.sidebar.selectbox] == ["agency", "year"]


def test_signed_in_mode_offers_only_the_sign_in_page_until_signing_in(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(_app(), OVERVIEW)  # the browser asks for the overview (as by its address)...
    monkeypatch.setenv("ITA_READ", "signed-in")  # ...of a server that wants readers signed in
    _add(db)
    _run(at)
    assert [t.value for t in at.main.title] == ["ลงชื่อเข้าใช้"]
    assert not at.main.metric and not at.sidebar.selectbox, "no data, not even the agencies' names"
    assert "ต้องลงชื่อเข้าใช้ก่อนจึงจะดูข้อมูลได้" in _texts(at, "sidebar")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(OVERVIEW)  # the navigation holds the sign-in page only

    store = Store(db)
    try:  # the agencies to choose are those the account may read: here ป่าตึง
        Accounts(store, hasher=FAST).grant("ผู้ทดสอบ", "somying", "agency", "องค์การบริหารส่วนตำบลป่าตึง")
    finally:
        store.close()
    _sign_in(at, "somying")
    assert _signed_in_as(at) == "ผู้ใช้: สมหญิง รักดี · ผู้วางแผน"
    assert [s.key for s in at.sidebar.selectbox] == ["agency", "year"]
    assert at.sidebar.selectbox(key="agency").options == ["องค์การบริหารส่วนตำบลป่าตึง"]
    at.switch_page(OVERVIEW)
    _run(at)
    assert at.main.metric[0].value == "98.80"

    at.sidebar.button(key="auth_sign_out").click()
    _run(at)
    assert [t.value for t in at.main.title] == ["ลงชื่อเข้าใช้"] and not at.main.metric


@pytest.mark.cold_server
def test_signed_in_mode_holds_for_a_page_run_alone(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh server runs pages/overview.py alone (Streamlit's old pages-folder mode): the page must not
    show its data to a browser that is not signed in (ita.ui.shell.ensure_frame)."""
    at = _open(_app(), OVERVIEW)
    monkeypatch.setenv("ITA_READ", "signed-in")
    _run(at)
    assert [t.value for t in at.main.title] == ["ลงชื่อเข้าใช้"]
    assert not at.main.metric and not at.sidebar.selectbox
