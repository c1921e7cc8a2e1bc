"""Data: import a workbook (checked first, previewed, then imported), download the template or the
agency's data, enter or correct one year's scores, and see or restore earlier versions. Reads
widgets, calls ita.services.data_entry and the workflows of ita.ui.data_entry, renders."""

import streamlit as st

from ita.core.markdown import plain
from ita.core.sanitise import dataset_control_fields
from ita.services import data_entry
from ita.storage.excel import template_bytes
from ita.ui.auth import current_account, may_write, recorder_caption
from ita.ui.common import control_characters_note
from ita.ui.data import history_page
from ita.ui.data_entry import FLASH_KEY, done, entry_section, import_section, plain_message, writes
from ita.ui.downloads import download_button
from ita.ui.page import start_page
from ita.ui.saving import save

HISTORY_PAGE_KEY = "history_page"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ds, fw, sel, store = start_page()
agency, year = sel.agency, sel.year


def downloads_section() -> None:
    c1, c2 = st.columns(2)
    c1.download_button(
        "ดาวน์โหลดแม่แบบ Excel (ว่าง)",
        data=template_bytes,
        file_name="ita_template.xlsx",
        mime=XLSX,
        on_click="ignore",
        icon=":material/download:",
        key="dl_template",
    )
    if agency:
        with c2:
            download_button(
                "ดาวน์โหลดข้อมูลทั้งหมดของหน่วยงานนี้ (Excel)",
                lambda: data_entry.agency_workbook(store.dataset(), agency, fw),
                what="ข้อมูลของหน่วยงาน (Excel)",
                texts=("ชื่อหน่วยงานหรือส่วนงาน มาตรการ บันทึกความก้าวหน้า ปัญหา/อุปสรรคและข้อเสนอแนะ "
                       "หรือข้อสังเกตของหน่วยงานนี้"),
                file_name=data_entry.export_file_name(agency),
                mime=XLSX,
                key="dl_agency",
                help="ไฟล์อยู่ในรูปแบบแม่แบบ แก้ไขแล้วนำเข้ากลับได้",
            )
        control_characters_note(dataset_control_fields(ds, agency), "ไฟล์ข้อมูลของหน่วยงานที่ดาวน์โหลด")


def history_section() -> None:
    if agency is None:
        st.info("ยังไม่มีหน่วยงานในระบบ")
        return
    # One page of entries read with LIMIT in the store (a national store's history is ~457k entries).
    per_page = data_entry.HISTORY_PAGE
    page_no = st.session_state.get(HISTORY_PAGE_KEY, 1)
    frame, total = history_page(agency, per_page, (page_no - 1) * per_page)
    pages = data_entry.history_pages(total)
    if page_no > pages:  # another agency, or fewer entries: start again from the newest
        st.session_state[HISTORY_PAGE_KEY] = page_no = 1
        frame, total = history_page(agency, per_page)
    history = data_entry.agency_history([frame], agency, fw, limit=per_page)
    if history.empty:
        st.info("ยังไม่มีประวัติการแก้ไขคะแนนของหน่วยงานนี้")
        return
    if pages > 1:
        st.caption(f"การเปลี่ยนแปลงของคะแนนตัวชี้วัดและผลรวมรายปีทั้งหมด {total:,} รายการ หน้า {page_no} จาก {pages} "
                   f"(หน้าละ {per_page} รายการ ใหม่สุดอยู่บน)")
        st.number_input("หน้า", min_value=1, max_value=pages, step=1, key=HISTORY_PAGE_KEY)
    else:
        st.caption(f"การเปลี่ยนแปลงล่าสุด {len(history)} รายการของคะแนนตัวชี้วัดและผลรวมรายปี (ใหม่สุดอยู่บน)")
    st.dataframe(data_entry.history_table(history), hide_index=True, width="stretch")
    labels = data_entry.history_labels(history)
    chosen = st.selectbox("เลือกรุ่นที่จะกู้คืน", list(labels), format_func=labels.get, key="restore_choice")
    confirm = st.checkbox(
        "ยืนยัน: ให้รายการนี้กลับเป็นค่าในรุ่นที่เลือก (การกู้คืนจะบันทึกในประวัติด้วย)",
        key=f"restore_confirm_{chosen}_{writes()}",
    )
    if not may_write("scores", agency):
        return
    restoring = st.button("กู้คืนรุ่นนี้", disabled=not confirm, icon=":material/history:", key="restore_button")
    if restoring and save(lambda: data_entry.restore(store, int(chosen), current_account()), message=plain_message):
        done(f"กู้คืนรุ่นเลขที่ {chosen} แล้ว")


st.title("ข้อมูล: นำเข้า กรอก และแก้ไข")
if agency:
    st.caption(f"หน่วยงาน: {plain(agency)} · ปีงบประมาณที่เลือก: {year} · {recorder_caption()}")
if message := st.session_state.pop(FLASH_KEY, None):
    st.success(message, icon=":material/check_circle:")

tab_import, tab_entry, tab_history = st.tabs(["นำเข้าจาก Excel", "กรอกหรือแก้ไขคะแนน", "ประวัติการแก้ไข"])
with tab_import:
    downloads_section()
    st.subheader("นำเข้าไฟล์ Excel")
    import_section(fw, agency)
with tab_entry:
    entry_section(ds, fw, agency, year)
with tab_history:
    history_section()
