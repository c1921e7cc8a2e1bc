"""The admin page (issue 12, item 7): accounts, roles and grants, unlock, disable, new passwords, and the
history of every change; and the framework's years (issue 16: the file's, and those an admin adds). Only an
admin sees it in the menu; every change is checked again by the store or
ita.storage.accounts (an admin's account), so the page is not the control."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ita.core.access import ROLES, Account
from ita.core.framework import YEAR_RANGE, Framework, load_framework
from ita.core.markdown import plain_line
from ita.services import admin
from ita.storage.accounts import AccountRow, Accounts
from ita.ui.auth import accounts, current_account
from ita.ui.data import dataset, framework, store
from ita.ui.saving import flash, problems_message, save

FLASH_KEY = "admin_flash"


def admin_page() -> None:
    """Draws the page for an admin; anyone else is told it is an admin's and the run stops."""
    me = current_account()
    if me is None or me.role != "admin" or not me.active:
        st.warning("หน้านี้สำหรับผู้ดูแลระบบเท่านั้น", icon=":material/lock:")
        st.stop()
    st.title("ผู้ใช้และสิทธิ์")
    # Always one element here, message or not: the tabs below keep their place, so a click in the third
    # tab after a saved change does not send the person back to the first.
    notice = st.empty()
    if message := st.session_state.pop(FLASH_KEY, None):
        notice.success(message, icon=":material/check_circle:")
    book = accounts()
    rows = book.list()
    st.dataframe(admin.accounts_table(rows, book.clock()), hide_index=True, width="stretch", column_config={
        "username": "ชื่อผู้ใช้", "display": "ชื่อที่แสดง", "position": "ตำแหน่ง", "email": "อีเมล", "role": "บทบาท",
        "state": "สถานะ", "grants": "สิทธิ์", "changed": "แก้ไขล่าสุด"})
    add_tab, edit_tab, grant_tab, history_tab = st.tabs(["เพิ่มบัญชี", "แก้ไขบัญชี", "สิทธิ์ของบัญชี", "ประวัติ"])
    with add_tab:
        _add_form(book, me)
    names = [r.username for r in rows]
    with edit_tab:
        _edit_section(book, me, names)
    with grant_tab:
        _grant_section(book, me, names)
    with history_tab:
        history = admin.history_table(store().history("accounts"), store().history("grants"))
        st.dataframe(history, hide_index=True, width="stretch", column_config={
            "at": "เมื่อ", "author": "ผู้ทำ", "account": "บัญชี", "action": "การกระทำ", "changes": "ที่เปลี่ยน"})
    st.divider()
    framework_section(me)


def _role_label(role: str) -> str:
    return f"{ROLES[role]} ({role})"


def _add_form(book: Accounts, me: Account) -> None:
    with st.form("admin_add", clear_on_submit=False):
        c1, c2 = st.columns(2)
        username = c1.text_input("ชื่อผู้ใช้", key="admin_add_username")
        role = c2.selectbox("บทบาท", list(ROLES), format_func=_role_label, key="admin_add_role")
        display = c1.text_input("ชื่อที่แสดง (ลงในประวัติ)", key="admin_add_display")
        position = c2.text_input("ตำแหน่ง (ใช้ในส่วนลงนามของเอกสาร)", key="admin_add_position")
        email = c1.text_input("อีเมล (สำหรับเข้าระบบด้วยบัญชีองค์กร ไม่บังคับ)", key="admin_add_email")
        sso_only = c2.checkbox("ไม่ตั้งรหัสผ่าน (เข้าได้ด้วยบัญชีองค์กรเท่านั้น)", key="admin_add_sso_only")
        password = c1.text_input("รหัสผ่าน (อย่างน้อย 10 ตัวอักษร)", type="password", key="admin_add_password")
        again = c2.text_input("รหัสผ่านอีกครั้ง", type="password", key="admin_add_again")
        submitted = st.form_submit_button("เพิ่มบัญชี", icon=":material/person_add:")
    if not submitted:
        return
    if not sso_only and password != again:
        st.error("รหัสผ่านสองช่องไม่ตรงกัน")
        return
    if save(lambda: book.add(me, username, role, None if sso_only else password, display, position, email)):
        flash(FLASH_KEY, f"เพิ่มบัญชี {plain_line(username)} ({ROLES[role]}) แล้ว ให้สิทธิ์หน่วยงานได้ที่แท็บ 'สิทธิ์ของบัญชี'")


def _pick(book: Accounts, names: list[str], key: str) -> AccountRow | None:
    """Draws the choice of an account (each tab its own) and returns it as stored now."""
    if not names:
        st.info("ยังไม่มีบัญชี")
        return None
    return book.get(st.selectbox("บัญชี", names, key=key))


def _edit_section(book: Accounts, me: Account, names: list[str]) -> None:
    row = _pick(book, names, "admin_edit_name")
    if row is None:
        return
    name = row.username
    with st.form(f"admin_edit_{name}"):
        c1, c2 = st.columns(2)
        display = c1.text_input("ชื่อที่แสดง", value=row.display)
        position = c2.text_input("ตำแหน่ง", value=row.position)
        email = c1.text_input("อีเมล", value=row.email)
        role = c2.selectbox("บทบาท", list(ROLES), index=list(ROLES).index(row.role), format_func=_role_label)
        saved = st.form_submit_button("บันทึกการแก้ไข", icon=":material/save:")
    if saved and save(lambda: book.update(me, name, display=display, position=position, email=email, role=role)):
        flash(FLASH_KEY, f"แก้ไขบัญชี {plain_line(name)} แล้ว")
    c1, c2, c3 = st.columns(3)
    if row.active:
        if c1.button("ระงับบัญชี", key=f"admin_disable_{name}", icon=":material/block:",
                     disabled=name.casefold() == me.username.casefold()) and save(
                lambda: book.set_active(me, name, False)):
            flash(FLASH_KEY, f"ระงับบัญชี {plain_line(name)} แล้ว")
    elif c1.button("เปิดใช้บัญชี", key=f"admin_enable_{name}", icon=":material/check:") and save(
            lambda: book.set_active(me, name, True)):
        flash(FLASH_KEY, f"เปิดใช้บัญชี {plain_line(name)} แล้ว")
    if c2.button("ปลดล็อก", key=f"admin_unlock_{name}", icon=":material/lock_open:",
                 disabled=not row.locked(book.clock())) and save(lambda: book.unlock(me, name)):
        flash(FLASH_KEY, f"ปลดล็อกบัญชี {plain_line(name)} แล้ว")
    with c3.popover("ตั้งรหัสผ่านใหม่", icon=":material/key:"):
        with st.form(f"admin_password_{name}"):
            password = st.text_input("รหัสผ่านใหม่", type="password")
            again = st.text_input("รหัสผ่านใหม่อีกครั้ง", type="password")
            if st.form_submit_button("ตั้งรหัสผ่าน"):
                if password != again:
                    st.error("รหัสผ่านสองช่องไม่ตรงกัน")
                elif save(lambda: book.set_password(me, name, password)):
                    flash(FLASH_KEY, f"ตั้งรหัสผ่านใหม่ของ {plain_line(name)} แล้ว")


def _grant_section(book: Accounts, me: Account, names: list[str]) -> None:
    row = _pick(book, names, "admin_grant_name")
    if row is None:
        return
    name = row.username
    if row.role == "admin":
        st.info("ผู้ดูแลระบบเห็นและแก้ไขได้ทุกหน่วยงาน ไม่ต้องให้สิทธิ์")
        return
    for kind, agency, value in row.grants:
        c1, c2 = st.columns([4, 1])
        c1.write(plain_line(admin.grant_label(kind, agency, value)))
        if c2.button("ถอน", key=f"admin_revoke_{name}_{kind}_{agency}_{value}", icon=":material/remove:") and save(
                lambda k=kind, a=agency, v=value: book.revoke(me, name, k, a, v)):
            flash(FLASH_KEY, f"ถอนสิทธิ์ {plain_line(admin.grant_label(kind, agency, value))} ของ {plain_line(name)} แล้ว")
    ds = dataset()
    units = {a: store().units(a) for a in ds.agencies()} if row.role == "unit" else {}
    options = [g for g in admin.grant_options(row.role, ds, units) if g not in row.grants]
    if not options:
        st.caption("ไม่มีสิทธิ์อื่นที่ให้ได้อีก")
        return
    chosen = st.selectbox("ให้สิทธิ์เพิ่ม", options, format_func=lambda g: admin.grant_label(*g),
                          key=f"admin_grant_choice_{name}")
    if st.button("ให้สิทธิ์", key=f"admin_grant_{name}", icon=":material/add:") and save(
            lambda: book.grant(me, name, *chosen)):
        flash(FLASH_KEY, f"ให้สิทธิ์ {plain_line(admin.grant_label(*chosen))} แก่ {plain_line(name)} แล้ว")


# -- the framework's years (issue 16) ----------------------------------------------------------------------


def framework_section(me: Account) -> None:
    """Draws 'กรอบการประเมินรายปี': every year of the framework (the file's and those an admin added) with its
    weights, level scheme, confidences and provisional mark; the form to add a year carried forward from
    another; the deletion of an added year after a confirmation. The store checks every write again."""
    st.subheader("กรอบการประเมินรายปี")
    st.caption("น้ำหนักของเครื่องมือและเกณฑ์ระดับของแต่ละปีงบประมาณ ปีที่ยังไม่ยืนยันแสดงคำเตือนในทุกหน้าที่ใช้ปีนั้น "
               "ปีที่อยู่ในไฟล์กรอบการประเมิน (ita/resources/framework.json) มีผลเหนือกว่าปีที่เพิ่มจากหน้านี้เสมอ")
    file_fw, fw = load_framework(), framework()
    rows = store().framework_year_rows()
    st.dataframe(admin.framework_table(file_fw, fw, rows), hide_index=True, width="stretch", key="framework_years",
                 column_config={
                     "year": st.column_config.NumberColumn("ปี", format="%d"), "origin": "ที่มา",
                     "weights": "น้ำหนัก", "weights_confidence": "ความเชื่อมั่นของน้ำหนัก",
                     "level_scheme": "เกณฑ์ระดับ", "level_confidence": "ความเชื่อมั่นของเกณฑ์ระดับ",
                     "provisional": "สถานะกรอบ", "state": "การใช้งาน"})
    add_tab, delete_tab = st.tabs(["เพิ่มปี", "ลบปีที่เพิ่มไว้"])
    with add_tab:
        _framework_add_form(me, fw)
    with delete_tab:
        _framework_delete(me, fw, rows)


def _framework_add_form(me: Account, fw: Framework) -> None:
    # The widgets are keyed on the latest year: once a year is added the form starts again from the next one.
    latest = max(fw.years)
    years = sorted(fw.years, reverse=True)
    carried = int(st.selectbox("ยกมาจากปี", years, index=0, key=f"framework_add_from|{latest}", format_func=str,
                               help="น้ำหนักและเกณฑ์ระดับของปีนี้เป็นค่าเริ่มต้นของฟอร์ม"))
    weights, scheme = admin.carried_values(fw, carried)
    schemes = list(fw.level_schemes)
    with st.form(f"framework_add|{latest}|{carried}"):
        year = st.number_input("ปีงบประมาณ (พ.ศ.) ที่จะเพิ่ม", min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1],
                               value=min(latest + 1, YEAR_RANGE[1]), step=1, key=f"framework_add_year|{latest}")
        columns = st.columns(len(weights))
        typed = {tool: columns[i].number_input(f"น้ำหนัก {tool} (%)", min_value=0.0, max_value=100.0, value=float(w),
                                               step=5.0, key=f"framework_add_w|{tool}|{latest}|{carried}")
                 for i, (tool, w) in enumerate(weights.items())}
        level = st.selectbox("เกณฑ์ระดับ", schemes, index=schemes.index(scheme),
                             key=f"framework_add_scheme|{latest}|{carried}",
                             format_func=lambda k: fw.level_schemes[k].name_th)
        source = st.text_area("แหล่งที่มา/หมายเหตุ (ต้องกรอก)", key=f"framework_add_source|{latest}",
                              placeholder=f"เช่น ยกมาจากปี {carried} จนกว่า ป.ป.ช. จะประกาศคู่มือการประเมินของปีนี้")
        submitted = st.form_submit_button("เพิ่มกรอบของปีนี้", icon=":material/add:")
    if not submitted:
        return
    body = admin.year_body(int(year), carried, typed, level, source, fw)
    if save(lambda: store().add_framework_year(int(year), body, me), invalid=problems_message):
        flash(FLASH_KEY, f"เพิ่มกรอบการประเมินปี {int(year)} แล้ว (ยังไม่ยืนยัน ยกมาจากปี {carried}) "
                         "ทุกหน้าที่ใช้ปีนี้จะแสดงคำเตือนว่ายังไม่ยืนยัน")


def _framework_delete(me: Account, fw: Framework, rows: pd.DataFrame) -> None:
    added = admin.added_years(fw, rows)
    if not added:
        st.caption("ยังไม่มีปีที่ผู้ดูแลระบบเพิ่มไว้ (ปีในไฟล์กรอบการประเมินลบจากหน้านี้ไม่ได้)")
        return
    by_id = {a["id"]: a for a in added}
    chosen = by_id[st.selectbox("ปีที่เพิ่มไว้", list(by_id), format_func=lambda i: str(by_id[i]["label"]),
                                key="framework_delete_pick")]
    # The confirmation is for the row as shown: a change saved since gives a new, unticked box.
    sure = st.checkbox(f"ยืนยันการลบกรอบการประเมินปี {chosen['year']} ที่เพิ่มไว้ (ยังดูได้ในประวัติ)",
                       key=f"framework_delete_confirm|{chosen['id']}|{chosen['version']}")
    if st.button("ลบกรอบของปีนี้", key="framework_delete", disabled=not sure, icon=":material/delete:") and sure \
            and save(lambda: store().delete_framework_year(int(chosen["id"]), int(chosen["version"]), me)):
        flash(FLASH_KEY, f"ลบกรอบการประเมินปี {chosen['year']} ที่เพิ่มไว้แล้ว")
