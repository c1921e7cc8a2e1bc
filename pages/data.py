"""Data: import a workbook (checked first, previewed, then imported), download the template or the
agency's data, enter or correct one year's scores, and see or restore earlier versions."""

import streamlit as st

from ita.core.markdown import plain
from ita.services import data_entry as de
from ita.storage.excel import WorkbookError, max_upload_bytes, read_workbook, template_bytes
from ita.storage.store import ConflictError, InvalidEntry, StoreError
from ita.ui.common import author, author_box, fiction_banner, selection
from ita.ui.data import dataset, framework, store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FLASH_KEY = "data_flash"  # a success message shown after the rerun that a write triggers
READS_KEY = "data_reads"  # the reads of the current upload, so a rerun does not read it again
# Bumped after each write made here, so the forms start again from the stored data. Not the store's
# data version: another person's save must not wipe what this person is typing.
WRITES_KEY = "data_writes"

ds = dataset()
fw = framework()
sel = selection()
author_box()
agency, year = sel.agency, sel.year
writes = st.session_state.get(WRITES_KEY, 0)


def read(uploaded, default_agency: str | None):
    """Returns the ReadResult of the upload, read once per file and agency name."""
    reads = st.session_state.get(READS_KEY)
    if not reads or reads[0] != uploaded.file_id:
        reads = (uploaded.file_id, {})
        st.session_state[READS_KEY] = reads
    if default_agency not in reads[1]:
        reads[1][default_agency] = read_workbook(uploaded, fw, default_agency=default_agency)
    return reads[1][default_agency]


def done(message: str) -> None:
    """Shows `message` after a rerun, so the sidebar and every table show the new data."""
    st.session_state[FLASH_KEY] = message
    st.session_state[WRITES_KEY] = writes + 1
    st.rerun()


def import_section() -> None:
    limit = max_upload_bytes()
    uploaded = st.file_uploader(
        f"เลือกไฟล์ Excel (.xlsx) ขนาดไม่เกิน {de.size_text(limit)}",
        type=["xlsx"],
        key=f"upload_{writes}",
        max_upload_size=de.upload_limit_mb(limit),
        help="ใช้ได้ทั้งแม่แบบของโปรแกรม และตารางแบบกว้าง (หนึ่งแถวต่อหน่วยงานและปี มีคอลัมน์ปีงบประมาณ "
        "คะแนนรวม และตัวชี้วัดที่ 1–10) ระบบจะตรวจทุกช่องก่อน และยังไม่บันทึกจนกว่าจะกดนำเข้า",
    )
    if uploaded is None:
        st.caption("ยังไม่ได้เลือกไฟล์ ระบบจะตรวจไฟล์และแสดงสิ่งที่จะเปลี่ยนก่อนนำเข้าเสมอ")
        return
    too_large = de.size_problem(uploaded.size, limit)
    if too_large:
        st.error(plain(too_large))
        return
    try:
        result = read(uploaded, None)
        if de.needs_agency_name(result):
            st.info("ไฟล์นี้ไม่มีคอลัมน์ 'หน่วยงาน' กรุณาระบุว่าคะแนนในไฟล์เป็นของหน่วยงานใด")
            name = st.text_input("ชื่อหน่วยงานของคะแนนในไฟล์นี้", value=agency or "", key=f"import_agency_{uploaded.file_id}")
            if name.strip():
                result = read(uploaded, name.strip())
    except WorkbookError as exc:
        st.error(f"อ่านไฟล์นี้ไม่ได้: {plain(exc.message_th)} — ไม่มีการเปลี่ยนแปลงข้อมูลในระบบ")
        return

    summary = de.summarise(result)
    st.markdown(f"**ไฟล์:** {plain(result.name)}  \n**รูปแบบที่พบ:** {summary.layout_th}")
    c1, c2 = st.columns(2)
    c1.metric("ข้อผิดพลาด", summary.errors, border=True)
    c2.metric("คำเตือน", summary.warnings, border=True)
    if summary.errors or summary.warnings:
        st.dataframe(de.report_table(result.report), hide_index=True, width="stretch")
    if not summary.can_import:
        st.error(f"พบข้อผิดพลาด {summary.errors} รายการ จึงจะไม่นำเข้าข้อมูลใด ๆ จากไฟล์นี้ กรุณาแก้ไขไฟล์ตามตารางด้านบนแล้วอัปโหลดใหม่")
        return
    if summary.warnings:
        st.caption("คำเตือนไม่ขัดขวางการนำเข้า แต่ควรตรวจดูก่อน")

    st.markdown("**สิ่งที่จะเปลี่ยนเมื่อนำเข้า**")
    st.caption("ช่องที่ว่างในไฟล์จะไม่ลบค่าที่มีอยู่ในระบบ (ลบหรือแก้ค่าได้ที่แท็บ 'กรอกหรือแก้ไขคะแนน' ซึ่งเก็บประวัติไว้)")
    preview = store().preview_import(result.dataset)
    counts = de.action_counts(preview)
    c1, c2, c3 = st.columns(3)
    c1.metric("เพิ่ม", counts[de.ADDED], border=True)
    c2.metric("แก้ไข", counts[de.CHANGED], border=True)
    c3.metric("เหมือนเดิม", counts[de.UNCHANGED], border=True)
    show_all = st.checkbox("แสดงแถวที่เหมือนเดิมด้วย", value=False, key="preview_show_all")
    st.dataframe(de.preview_table(preview, show_all), hide_index=True, width="stretch")
    if counts[de.ADDED] + counts[de.CHANGED] == 0:
        st.info("ไฟล์นี้ไม่มีแถวข้อมูล ไม่มีอะไรต้องนำเข้า" if not counts[de.UNCHANGED]
                else "ทุกแถวในไฟล์มีอยู่ในระบบแล้วและเหมือนเดิม ไม่มีอะไรต้องนำเข้า")
        return
    label = f"นำเข้าข้อมูล (เพิ่ม {counts[de.ADDED]} แก้ไข {counts[de.CHANGED]})"
    if st.button(label, type="primary", icon=":material/upload:", key="import_button"):
        try:
            changes = store().import_dataset(result.dataset, author())
        except StoreError as exc:
            st.error(plain(exc.message_th))
            return
        st.session_state.pop(READS_KEY, None)
        done(de.import_message(changes, result.name))


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
        c2.download_button(
            "ดาวน์โหลดข้อมูลทั้งหมดของหน่วยงานนี้ (Excel)",
            data=lambda: de.agency_workbook(store().dataset(), agency, fw),
            file_name=de.export_file_name(agency),
            mime=XLSX,
            on_click="ignore",
            icon=":material/download:",
            key="dl_agency",
            help="ไฟล์อยู่ในรูปแบบแม่แบบ แก้ไขแล้วนำเข้ากลับได้",
        )


def entry_section() -> None:
    if agency is None:
        st.info("ยังไม่มีหน่วยงานในระบบ เริ่มจากนำเข้าไฟล์ Excel ที่แท็บ 'นำเข้าจาก Excel'")
        return
    fiction_banner(ds, agency)
    upcoming = de.next_year(ds, agency, year or 2568)
    entry_year = int(
        st.number_input(
            "ปีงบประมาณ (พ.ศ.) ที่จะกรอก",
            min_value=2550,
            max_value=2700,
            value=year or upcoming,
            step=1,
            key=f"entry_year_{agency}_{year}",
            help=f"เปลี่ยนเป็นปีที่ยังไม่มีข้อมูลได้ เช่น ปีงบประมาณถัดไป ({upcoming})",
        )
    )
    known_years = ds.years(agency)
    if entry_year not in known_years:
        st.info(f"ยังไม่มีข้อมูลของปี {entry_year} — กรอกคะแนนแล้วกดบันทึกเพื่อเพิ่มปีนี้")
    elif not de.has_indicator_scores(ds, agency, entry_year):
        st.info(
            f"รายงานผลของปี {entry_year} ไม่มีคะแนนรายตัวชี้วัด (มีเฉพาะคะแนนรวม) "
            "กรอกคะแนนทั้ง 10 ตัวชี้วัดได้ที่ตารางนี้ จากหนังสือแจ้งผลการประเมิน ITA ของ ป.ป.ช."
        )
    if note := de.year_note(fw, entry_year):
        st.warning(note)

    existing = de.existing_result(ds, agency, entry_year)
    options = de.level_options(fw, entry_year, (existing or {}).get("level"))
    suffix = f"{agency}_{entry_year}_{writes}"
    # The form shows the year as it was when the form opened, and the save is judged against that:
    # another person's save neither wipes what this person types nor is undone by it (ConflictError).
    if f"entry_read_{suffix}" not in st.session_state:
        st.session_state[f"entry_read_{suffix}"] = (de.entry_frame(ds, agency, entry_year, fw),
                                                    store().year_values(agency, entry_year))
    frame, read = st.session_state[f"entry_read_{suffix}"]
    with st.form(f"entry_form_{suffix}"):
        edited = st.data_editor(
            frame,
            key=f"scores_{suffix}",
            hide_index=True,
            height=(len(frame) + 1) * 35 + 3,  # every row in view, no inner scrolling
            placeholder="–",
            num_rows="fixed",
            disabled=["code", "item", "tool", "source"],
            column_order=["item", "tool", "score", "source"],
            column_config={
                "item": st.column_config.TextColumn("ตัวชี้วัด / คะแนน", width="large"),
                "tool": st.column_config.TextColumn("เครื่องมือ", width="small"),
                "score": st.column_config.NumberColumn(
                    "คะแนน (0–100)", min_value=0.0, max_value=100.0, step=0.01, format="%.2f"
                ),
                "source": st.column_config.TextColumn("แหล่งที่มาเดิม", width="medium"),
            },
            width="stretch",
        )
        st.caption("ช่องว่างหมายถึงไม่ทราบ (ห้ามใส่ 0 แทน) การลบคะแนนออกจากช่องจะลบคะแนนนั้นออกจากระบบ และเก็บไว้ในประวัติ")
        current_level = (existing or {}).get("level") or ""
        level = st.selectbox(
            "ระดับผลการประเมินที่ประกาศ",
            options,
            index=options.index(current_level),
            format_func=lambda v: v or "(ไม่ระบุ)",
            key=f"level_{suffix}",
        )
        source = st.text_input(
            "แหล่งที่มาของตัวเลข (จำเป็น)",
            key=f"source_{suffix}",
            placeholder=f"เช่น หนังสือแจ้งผล ITA ปี {entry_year}",
            help="ทุกตัวเลขต้องมีแหล่งที่มา แหล่งที่มานี้จะบันทึกกับคะแนนที่เพิ่มหรือแก้ไขในครั้งนี้",
        )
        note = st.text_input("หมายเหตุ (ถ้ามี)", value=(existing or {}).get("note") or "", key=f"note_{suffix}")
        c1, c2 = st.columns(2)
        checked = c1.form_submit_button("ตรวจก่อนบันทึก", icon=":material/fact_check:",
                                        help="ตรวจคะแนนที่กรอกแบบเดียวกับตอนบันทึกและตอนนำเข้า โดยยังไม่บันทึก")
        submitted = c2.form_submit_button("บันทึกคะแนน", type="primary", icon=":material/save:")
    if not (submitted or checked):
        return
    problems = de.entry_problems(edited, source, level, existing, stored=read)
    if checked and not problems:
        findings = de.entry_findings(entry_year, de.year_entry(edited, level, note, existing, fw), fw)
        if findings:
            st.warning("ตรวจแล้ว ยังไม่ได้บันทึก: บันทึกได้ แต่มีข้อสังเกต (ตัวเลขที่ประกาศจะถูกเก็บตามที่กรอก):"
                       + de.findings_text(findings))
        else:
            st.success("ตรวจแล้ว ไม่พบปัญหา ยังไม่ได้บันทึก กด 'บันทึกคะแนน' เพื่อบันทึก")
        return
    if not problems:  # (a check without problems has returned above)
        entry = de.year_entry(edited, level, note, existing, fw)
        try:
            store().save_year(agency, entry_year, entry.indicators, entry.result, author(), source.strip(), read=read)
        except ConflictError as exc:
            st.error(plain(exc.message_th))
            st.dataframe(de.conflict_table(exc.theirs), hide_index=True)
            if st.button("เริ่มใหม่จากข้อมูลล่าสุด (ล้างค่าที่กรอกไว้)", key=f"entry_reload_{suffix}"):
                st.session_state[WRITES_KEY] = writes + 1
                st.rerun()
            return
        except InvalidEntry as exc:
            problems = exc.problems
        except StoreError as exc:
            problems = [("บันทึก", exc.message_th)]
        else:
            findings = de.entry_findings(entry_year, entry, fw)
            done(de.saved_message(agency, entry_year, entry_year not in known_years)
                 + de.findings_text(findings))
    st.error(
        ("ตรวจแล้ว ยังบันทึกไม่ได้ (ยังไม่ได้บันทึก):\n\n" if checked else "บันทึกไม่ได้ ยังไม่มีการบันทึกข้อมูลใด ๆ:\n\n")
        + "\n".join(f"- {plain(field)}: {plain(message)}" for field, message in problems)
    )


def history_section() -> None:
    if agency is None:
        st.info("ยังไม่มีหน่วยงานในระบบ")
        return
    history = de.agency_history([store().history("indicator_scores"), store().history("results")], agency, fw)
    if history.empty:
        st.info("ยังไม่มีประวัติการแก้ไขคะแนนของหน่วยงานนี้")
        return
    st.caption(f"การเปลี่ยนแปลงล่าสุด {len(history)} รายการของคะแนนตัวชี้วัดและผลรวมรายปี (ใหม่สุดอยู่บน)")
    st.dataframe(de.history_table(history), hide_index=True, width="stretch")
    labels = de.history_labels(history)
    chosen = st.selectbox("เลือกรุ่นที่จะกู้คืน", list(labels), format_func=labels.get, key="restore_choice")
    confirm = st.checkbox(
        "ยืนยัน: ให้รายการนี้กลับเป็นค่าในรุ่นที่เลือก (การกู้คืนจะบันทึกในประวัติด้วย)", key=f"restore_confirm_{chosen}_{writes}"
    )
    if st.button("กู้คืนรุ่นนี้", disabled=not confirm, icon=":material/history:", key="restore_button"):
        try:
            de.restore(store(), int(chosen), author())
        except StoreError as exc:
            st.error(plain(exc.message_th))
        else:
            done(f"กู้คืนรุ่นเลขที่ {chosen} แล้ว")


st.title("ข้อมูล: นำเข้า กรอก และแก้ไข")
if agency:
    st.caption(f"หน่วยงาน: {plain(agency)} · ปีงบประมาณที่เลือก: {year} · ผู้บันทึก: {plain(author())}")
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash, icon=":material/check_circle:")

tab_import, tab_entry, tab_history = st.tabs(["นำเข้าจาก Excel", "กรอกหรือแก้ไขคะแนน", "ประวัติการแก้ไข"])
with tab_import:
    downloads_section()
    st.subheader("นำเข้าไฟล์ Excel")
    import_section()
with tab_entry:
    entry_section()
with tab_history:
    history_section()
