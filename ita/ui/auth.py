"""Signing in (issue 12): who this browser session is, the sign-in page and the sidebar's account block.

The session keeps only the user name and the time of its last activity; the account is read from the store
at every run, so a disabled account or a changed role counts from the next click. Streamlit keeps sessions
in the server's memory per browser tab, so a reload ends the sign-in. Passwords and the setup code never
enter st.session_state beyond the form's own widgets, which the callbacks empty at once.
"""

from __future__ import annotations

import sys
import time

import streamlit as st

from ita.core.access import ACTIONS_TH, Account, Action, allows, idle_minutes, read_mode
from ita.core.errors import ItaError
from ita.core.markdown import plain_line
from ita.storage.accounts import MIN_PASSWORD, Accounts, new_setup_code
from ita.storage.store import Store
from ita.ui.data import store
from ita.ui.sso import (
    sso_account,
    sso_button,
    sso_configured,
    sso_sign_out,
    sso_unknown_email,
    sso_unverified_email,
)

USER, SEEN = "auth_user", "auth_seen"  # the signed-in user name, the time of the last activity
VIA_SSO = "auth_via_sso"  # signed in through the organisation's provider (single sign-on)
END_SSO = "auth_end_sso"  # a sign-out of such a session: the next run ends the provider's identity too
EXPIRED = "auth_expired"  # set when idleness signed the session out: the message is still to be shown
REFUSED = "auth_refused"  # the Thai message of a refused form, shown once by the page
SIGNIN_PAGE = "pages/signin.py"
EXPIRED_TH = "หมดเวลาการใช้งาน กรุณาลงชื่อเข้าใช้อีกครั้ง"
PASSWORDS_DIFFER_TH = "รหัสผ่านสองครั้งไม่ตรงกัน กรุณากรอกใหม่"
SETUP_MESSAGE = (
    "ยังไม่มีบัญชีผู้ใช้: รหัสตั้งค่าสำหรับสร้างผู้ดูแลระบบคนแรกคือ {code} (ใช้ได้ครั้งเดียว) "
    "กรอกที่หน้า 'ลงชื่อเข้าใช้' / no account yet: the one-time setup code for the first admin is {code} "
    "(enter it on the sign-in page)"
)

# The forms' widget keys.
NAME_IN, PASSWORD_IN = "auth_name", "auth_password"
CODE_IN, ADMIN_IN, DISPLAY_IN, POSITION_IN = "auth_code", "auth_admin", "auth_display", "auth_position"
NEW_PASSWORD_IN, AGAIN_IN = "auth_new_password", "auth_again"


def now() -> float:
    """Seconds since the epoch: the one clock of the sessions, which tests move on."""
    return time.time()


@st.cache_resource(show_spinner=False)
def _accounts(_store: Store) -> Accounts:
    return Accounts(_store)


def accounts() -> Accounts:
    """Returns the accounts of the app's store (one per process: its dummy hash costs a verify's time)."""
    return _accounts(store())


@st.cache_resource(show_spinner=False)
def _process_code() -> str:
    code = new_setup_code()
    print(SETUP_MESSAGE.format(code=code), file=sys.stderr, flush=True)
    return code


def setup_code() -> str:
    """Returns the first admin's one-time setup code while the store has no account ('' after), printed once
    per process to the terminal that started the app, so only whoever runs the server can read it."""
    return "" if accounts().count() else _process_code()


def _start(username: str) -> None:
    st.session_state[USER] = username
    st.session_state[SEEN] = now()
    st.session_state.pop(EXPIRED, None)


def sign_out() -> None:
    """Ends this browser session's sign-in (the agency chosen and other settings stay). When the browser
    also holds the organisation provider's identity, the next run ends it too (`end_sso`): otherwise the
    next run would sign the same person in again."""
    st.session_state.pop(USER, None)
    st.session_state.pop(SEEN, None)
    if st.session_state.pop(VIA_SSO, False):
        st.session_state[END_SSO] = True


def end_sso() -> None:
    """Ends the provider's identity when a sign-out asked for it (called first by the frame: st.logout
    leaves the run, so it cannot be called from a button's callback)."""
    if st.session_state.pop(END_SSO, False):
        sso_sign_out()


def _from_sso() -> Account | None:
    """Returns (and signs in) the active account whose e-mail the organisation's provider gave, if any."""
    if not sso_configured():
        return None
    account = sso_account(accounts())
    if account is not None:
        _start(account.username)
        st.session_state[VIA_SSO] = True
    return account


def current_account() -> Account | None:
    """Returns the signed-in account, read from the store now; signs out an idle session (with a message
    shown once) and one whose account was disabled or deleted."""
    username = st.session_state.get(USER)
    if not username:
        return _from_sso()
    moment = now()
    if moment - float(st.session_state.get(SEEN, 0.0)) > idle_minutes() * 60:
        sign_out()  # (a provider's identity is ended too: it must not sign an idle browser in again)
        st.session_state[EXPIRED] = True
        return None
    account = accounts().account(username)
    if account is None or not account.active:
        sign_out()
        return None
    st.session_state[SEEN] = moment
    return account


def may_write(action: Action, agency: str | None, units: list[str] | None = None, note: bool = True) -> bool:
    """Returns whether the signed-in account may do `action` here, so a page draws its forms only then
    (a courtesy: the store checks every write again); with `note`, says why not."""
    account = current_account()
    if allows(account, action, agency, units):
        return True
    if note:
        if account is None:
            st.info(f"ดูได้อย่างเดียว: ลงชื่อเข้าใช้ด้วยบัญชีที่มีสิทธิ์ก่อนจึงจะ{ACTIONS_TH[action]}ได้",
                    icon=":material/lock:")
        else:
            st.info(f"ดูได้อย่างเดียว: บัญชี {plain_line(account.username)} ({account.role_th}) "
                    f"ไม่มีสิทธิ์{ACTIONS_TH[action]}ของหน่วยงานนี้", icon=":material/lock:")
    return False


def recorder_caption() -> str:
    """Returns who a save is recorded as, for a page's caption."""
    account = current_account()
    return f"ผู้บันทึก: {plain_line(account.label)}" if account is not None else "ยังไม่ได้ลงชื่อเข้าใช้ (ดูได้อย่างเดียว)"


def may_browse(account: Account | None) -> bool:
    """Returns whether every page is open: always with ITA_READ=public, else only once signed in."""
    return read_mode() == "public" or account is not None


def expiry_notice() -> None:
    """Says once, in the page, that idleness ended the sign-in."""
    if st.session_state.pop(EXPIRED, False):
        st.warning(EXPIRED_TH, icon=":material/timer_off:")


def account_sidebar(account: Account | None) -> None:
    """Draws who is signed in and a sign-out button, or that nobody is and a link to the sign-in page."""
    if account is not None:
        st.sidebar.markdown(f"ผู้ใช้: {plain_line(account.display)} · {account.role_th}")
        st.sidebar.button("ออกจากระบบ", key="auth_sign_out", on_click=sign_out, icon=":material/logout:")
        return
    if read_mode() == "public":
        st.sidebar.caption("ยังไม่ได้ลงชื่อเข้าใช้ (ดูข้อมูลได้อย่างเดียว)")
    else:
        st.sidebar.caption("ยังไม่ได้ลงชื่อเข้าใช้ (ต้องลงชื่อเข้าใช้ก่อนจึงจะดูข้อมูลได้)")
    st.sidebar.page_link(SIGNIN_PAGE, label="ลงชื่อเข้าใช้", icon=":material/login:")


# -- the sign-in page ------------------------------------------------------------------------------


def _taken(*keys: str) -> list[str]:
    """Returns the forms' values and empties them, so no password stays in the session."""
    values = [str(st.session_state.get(k) or "") for k in keys]
    for k in keys:
        st.session_state[k] = ""
    return values


def _sign_in() -> None:
    """The sign-in form's callback: runs before the frame, so this very run shows the account."""
    name = str(st.session_state.get(NAME_IN) or "")
    [password] = _taken(PASSWORD_IN)
    try:
        account = accounts().sign_in(name, password)
    except ItaError as exc:
        st.session_state[REFUSED] = exc.message_th
        return
    _start(account.username)


def _create_first_admin() -> None:
    """The first-admin form's callback: creates the admin with the setup code and signs them in."""
    s = st.session_state
    password, again = _taken(NEW_PASSWORD_IN, AGAIN_IN)
    if password != again:
        s[REFUSED] = PASSWORDS_DIFFER_TH
        return
    try:
        account = accounts().create_first_admin(
            str(s.get(CODE_IN) or ""), setup_code(), str(s.get(ADMIN_IN) or ""), password,
            display=str(s.get(DISPLAY_IN) or ""), position=str(s.get(POSITION_IN) or ""))
    except ItaError as exc:
        s[REFUSED] = exc.message_th
        return
    s[CODE_IN] = ""
    _start(account.username)


def _refusal() -> None:
    message = st.session_state.pop(REFUSED, None)
    if message:
        st.error(plain_line(message), icon=":material/block:")


def _signed_in(account: Account) -> None:
    where = f" · ตำแหน่ง {plain_line(account.position)}" if account.position else ""
    st.success(f"ลงชื่อเข้าใช้แล้ว: {plain_line(account.display)} ({plain_line(account.username)}) · "
               f"{account.role_th}{where}", icon=":material/verified_user:")
    st.button("ออกจากระบบ", key="auth_sign_out_page", on_click=sign_out, icon=":material/logout:")


def _sso_section() -> None:
    """The organisation's sign-in button (when configured), and why a provider's sign-in gave no account."""
    if not sso_configured():
        return
    if email := sso_unknown_email(accounts()):
        st.warning(f"อีเมล {plain_line(email)} ยังไม่มีบัญชีในระบบ กรุณาติดต่อผู้ดูแลระบบ", icon=":material/person_off:")
    elif email := sso_unverified_email():
        st.warning(f"ผู้ให้บริการยังไม่ยืนยันอีเมล {plain_line(email)} จึงใช้ลงชื่อเข้าใช้ไม่ได้", icon=":material/person_off:")
    sso_button()
    st.caption("หรือลงชื่อเข้าใช้ด้วยชื่อผู้ใช้และรหัสผ่านของระบบนี้")


def _sign_in_form() -> None:
    _sso_section()
    with st.form("auth_sign_in"):
        st.text_input("ชื่อผู้ใช้", key=NAME_IN, autocomplete="username")
        st.text_input("รหัสผ่าน", key=PASSWORD_IN, type="password", autocomplete="current-password")
        st.form_submit_button("ลงชื่อเข้าใช้", key="auth_sign_in_submit", on_click=_sign_in, type="primary")
    st.caption("ลืมรหัสผ่านหรือบัญชีถูกพักการใช้ กรุณาติดต่อผู้ดูแลระบบ")


def _first_admin_form() -> None:
    st.info(
        "ยังไม่มีบัญชีผู้ใช้ในระบบ สร้างบัญชีผู้ดูแลระบบคนแรกได้ที่นี่ด้วยรหัสตั้งค่า ซึ่งพิมพ์ไว้ในหน้าต่างคำสั่ง "
        "(terminal) ที่เปิดโปรแกรม (ใช้ได้ครั้งเดียว) หรือสร้างบนเครื่องแม่ข่ายด้วยคำสั่ง "
        "`python -m ita users add NAME --role admin`", icon=":material/key:")
    with st.form("auth_first_admin"):
        st.text_input("รหัสตั้งค่า", key=CODE_IN, placeholder="XXXX-XXXX-XXXX", autocomplete="off")
        st.text_input("ชื่อผู้ใช้", key=ADMIN_IN, autocomplete="username", help="1–64 ตัวอักษร ไม่มีช่องว่าง")
        st.text_input("ชื่อที่แสดง", key=DISPLAY_IN, help="ชื่อนี้จะอยู่ในประวัติการแก้ไข")
        st.text_input("ตำแหน่ง", key=POSITION_IN)
        st.text_input("รหัสผ่าน", key=NEW_PASSWORD_IN, type="password", autocomplete="new-password",
                      help=f"อย่างน้อย {MIN_PASSWORD} ตัวอักษร")
        st.text_input("รหัสผ่านอีกครั้ง", key=AGAIN_IN, type="password", autocomplete="new-password")
        st.form_submit_button("สร้างผู้ดูแลระบบและลงชื่อเข้าใช้", key="auth_first_admin_submit",
                              on_click=_create_first_admin, type="primary")


def signin_page() -> None:
    """Draws the sign-in page: the first admin's form while there is no account, else the sign-in form, or
    who is signed in with a sign-out button."""
    st.title("ลงชื่อเข้าใช้")
    account = current_account()
    if account is not None:
        _signed_in(account)
        return
    _refusal()
    if setup_code():
        _first_admin_form()
    else:
        _sign_in_form()
