"""The data page's workflows: a workbook checked, previewed and then imported, and one year's scores
entered or corrected against the year as the form read it. The pure side (checks, tables, messages)
is ita.services.data_entry; pages/data.py calls these in its tabs."""

from __future__ import annotations

from typing import Any, NoReturn

import streamlit as st

from ita.core import rules
from ita.core.framework import Framework
from ita.core.markdown import plain
from ita.core.model import Dataset
from ita.services import data_entry
from ita.storage.excel import ReadResult, WorkbookError, max_upload_bytes, read_workbook
from ita.storage.store import ConflictError, StoreError
from ita.ui.auth import current_account, may_write
from ita.ui.common import fiction_banner, framework_notice
from ita.ui.data import data_version, store
from ita.ui.saving import flash, save

FLASH_KEY = "data_flash"  # a success message shown after the rerun that a write triggers
READS_KEY = "data_reads"  # the reads of the current upload, so a rerun does not read it again
PREVIEW_KEY = "data_preview"  # (read, data version, what is shown of its preview) of the current upload
# Bumped after each write made here, so the forms start again from the stored data. Not the store's
# data version: another person's save must not wipe what this person is typing.
WRITES_KEY = "data_writes"


def writes() -> int:
    """Returns how many writes this session made on the data page (part of its widgets' keys)."""
    return st.session_state.get(WRITES_KEY, 0)


def done(message: str) -> NoReturn:
    """Shows `message` after a rerun, so the sidebar and every table show the new data."""
    st.session_state[WRITES_KEY] = writes() + 1
    flash(FLASH_KEY, message)


def plain_message(exc: StoreError) -> str:
    """Returns the store's Thai message escaped as the data page shows it (line breaks kept)."""
    return plain(exc.message_th)


def _read(uploaded: Any, fw: Framework, default_agency: str | None) -> ReadResult:
    """Returns the ReadResult of the upload, read once per file and agency name."""
    reads = st.session_state.get(READS_KEY)
    if not reads or reads[0] != uploaded.file_id:
        reads = (uploaded.file_id, {})
        st.session_state[READS_KEY] = reads
    if default_agency not in reads[1]:
        reads[1][default_agency] = read_workbook(uploaded, fw, default_agency=default_agency)
    return reads[1][default_agency]


def import_section(fw: Framework, agency: str | None) -> None:
    """Draws the upload of a workbook, its check (every problem), what importing it would change,
    and the button that imports it. Offered to an admin and to a planner (whose file may bring an agency
    granted but not yet in the store); the store checks every agency of the file."""
    account = current_account()
    if not (account is not None and account.active and account.role == "planner") and not may_write("import", agency):
        return
    limit = max_upload_bytes()
    uploaded = st.file_uploader(
        f"เลือกไฟล์ Excel (.xlsx) ขนาดไม่เกิน {data_entry.size_text(limit)}",
        type=["xlsx"],
        key=f"upload_{writes()}",
        max_upload_size=data_entry.upload_limit_mb(limit),
        help="ใช้ได้ทั้งแม่แบบของโปรแกรม และตารางแบบกว้าง (หนึ่งแถวต่อหน่วยงานและปี มีคอลัมน์ปีงบประมาณ "
        "คะแนนรวม และตัวชี้วัดที่ 1–10) ระบบจะตรวจทุกช่องก่อน และยังไม่บันทึกจนกว่าจะกดนำเข้า",
    )
    if uploaded is None:
        st.caption("ยังไม่ได้เลือกไฟล์ ระบบจะตรวจไฟล์และแสดงสิ่งที่จะเปลี่ยนก่อนนำเข้าเสมอ")
        return
    too_large = data_entry.size_problem(uploaded.size, limit)
    if too_large:
        st.error(plain(too_large))
        return
    try:
        result = _read(uploaded, fw, None)
        if data_entry.needs_agency_name(result):
            st.info("ไฟล์นี้ไม่มีคอลัมน์ 'หน่วยงาน' กรุณาระบุว่าคะแนนในไฟล์เป็นของหน่วยงานใด")
            name = st.text_input("ชื่อหน่วยงานของคะแนนในไฟล์นี้", value=agency or "", key=f"import_agency_{uploaded.file_id}")
            if name.strip():
                result = _read(uploaded, fw, name.strip())
    except WorkbookError as exc:
        st.error(f"อ่านไฟล์นี้ไม่ได้: {plain(exc.message_th)} — ไม่มีการเปลี่ยนแปลงข้อมูลในระบบ")
        return
    except Exception:  # noqa: BLE001 - the reader turns every failure of a file into a WorkbookError; this last resort keeps a traceback off the page all the same
        st.error("อ่านไฟล์นี้ไม่ได้ เกิดข้อผิดพลาดที่ไม่คาดคิดระหว่างอ่านไฟล์ กรุณาเปิดไฟล์ใน Excel แล้วบันทึกใหม่"
                 " — ไม่มีการเปลี่ยนแปลงข้อมูลในระบบ")
        return
    if _check_report(result):
        _preview_and_import(result)


def _check_report(result: ReadResult) -> bool:
    """Draws what the check of the file found; returns whether the file can be imported."""
    summary = data_entry.summarise(result)
    st.markdown(f"**ไฟล์:** {plain(result.name)}  \n**รูปแบบที่พบ:** {summary.layout_th}")
    c1, c2 = st.columns(2)
    c1.metric("ข้อผิดพลาด", summary.errors, border=True)
    c2.metric("คำเตือน", summary.warnings, border=True)
    if summary.errors or summary.warnings:
        st.dataframe(data_entry.report_table(result.report), hide_index=True, width="stretch")
    if not summary.can_import:
        st.error(f"พบข้อผิดพลาด {summary.errors} รายการ จึงจะไม่นำเข้าข้อมูลใด ๆ จากไฟล์นี้ กรุณาแก้ไขไฟล์ตามตารางด้านบนแล้วอัปโหลดใหม่")
        return False
    if summary.warnings:
        st.caption("คำเตือนไม่ขัดขวางการนำเข้า แต่ควรตรวจดูก่อน")
    return True


def _preview(result: ReadResult) -> data_entry.PreviewShown:
    """Returns what the page shows of store().preview_import of the read file, made once per file and data
    version (a national file's preview takes seconds; every click on the page reruns it)."""
    version = data_version()
    kept = st.session_state.get(PREVIEW_KEY)
    if kept is None or kept[0] is not result or kept[1] != version:
        kept = (result, version, data_entry.preview_shown(store().preview_import(result.dataset)))
        st.session_state[PREVIEW_KEY] = kept
    return kept[2]


def progress_bar() -> Any:
    """Draws an empty progress bar; returns the callback (fraction, Thai text) that moves it."""
    bar = st.progress(0.0, text="กำลังเริ่มนำเข้า…")

    def moved(fraction: float, text: str) -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=text)
    return moved


def _preview_and_import(result: ReadResult) -> None:
    """Draws what importing the file would add and change (the counts, and at most PREVIEW_SHOWN rows),
    and the button that imports it with a progress bar."""
    st.markdown("**สิ่งที่จะเปลี่ยนเมื่อนำเข้า**")
    st.caption("ช่องที่ว่างในไฟล์จะไม่ลบค่าที่มีอยู่ในระบบ (ลบหรือแก้ค่าได้ที่แท็บ 'กรอกหรือแก้ไขคะแนน' ซึ่งเก็บประวัติไว้)")
    shown = _preview(result)
    counts = shown.counts
    c1, c2, c3 = st.columns(3)
    c1.metric("เพิ่ม", counts[data_entry.ADDED], border=True)
    c2.metric("แก้ไข", counts[data_entry.CHANGED], border=True)
    c3.metric("เหมือนเดิม", counts[data_entry.UNCHANGED], border=True)
    show_all = st.checkbox("แสดงแถวที่เหมือนเดิมด้วย", value=False, key="preview_show_all")
    rows = shown.rows[show_all]
    if rows > data_entry.PREVIEW_SHOWN:
        st.caption(f"แสดง {data_entry.PREVIEW_SHOWN:,} แถวแรกจาก {rows:,} แถว (จำนวนทั้งหมดอยู่ในตัวเลขด้านบน)")
    st.dataframe(shown.tables[show_all], hide_index=True,
                 width="stretch")
    if counts[data_entry.ADDED] + counts[data_entry.CHANGED] == 0:
        st.info("ไฟล์นี้ไม่มีแถวข้อมูล ไม่มีอะไรต้องนำเข้า" if not counts[data_entry.UNCHANGED]
                else "ทุกแถวในไฟล์มีอยู่ในระบบแล้วและเหมือนเดิม ไม่มีอะไรต้องนำเข้า")
        return
    label = f"นำเข้าข้อมูล (เพิ่ม {counts[data_entry.ADDED]} แก้ไข {counts[data_entry.CHANGED]})"
    if st.button(label, type="primary", icon=":material/upload:", key="import_button"):
        moved = progress_bar()
        imported = save(lambda: store().import_dataset(result.dataset, current_account(), progress=moved),
                        message=plain_message)
        if imported:
            st.session_state.pop(READS_KEY, None)
            st.session_state.pop(PREVIEW_KEY, None)
            done(data_entry.import_message(imported.value, result.name))


def _problems_text(heading: str, problems: list[tuple[str, str]]) -> str:
    """Returns `heading` and one '- field: message' line per problem, both escaped."""
    return heading + "\n".join(f"- {plain(field)}: {plain(message)}" for field, message in problems)


def entry_section(ds: Dataset, fw: Framework, agency: str | None, year: int | None) -> None:
    """Draws the entry of one year's scores, level and source (any year, a new one too); checks
    them on request, and saves them against the year as the form read it."""
    if agency is None:
        st.info("ยังไม่มีหน่วยงานในระบบ เริ่มจากนำเข้าไฟล์ Excel ที่แท็บ 'นำเข้าจาก Excel'")
        return
    fiction_banner(ds, agency)
    if not may_write("scores", agency):
        return
    upcoming = data_entry.next_year(ds, agency, year or 2568)
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
    elif not data_entry.has_indicator_scores(ds, agency, entry_year):
        st.info(
            f"รายงานผลของปี {entry_year} ไม่มีคะแนนรายตัวชี้วัด (มีเฉพาะคะแนนรวม) "
            "กรอกคะแนนทั้ง 10 ตัวชี้วัดได้ที่ตารางนี้ จากหนังสือแจ้งผลการประเมิน ITA ของ ป.ป.ช."
        )
    if note := data_entry.year_note(fw, entry_year):
        st.warning(note)
    elif entry_year != year:  # the sidebar's year has its notice from start_page
        framework_notice(fw, entry_year)

    existing = data_entry.existing_result(ds, agency, entry_year)
    options = data_entry.level_options(fw, entry_year, (existing or {}).get("level"))
    suffix = f"{agency}_{entry_year}_{writes()}"
    # The form shows the year as it was when the form opened, and the save is judged against that:
    # another person's save neither wipes what this person types nor is undone by it (ConflictError).
    if f"entry_read_{suffix}" not in st.session_state:
        st.session_state[f"entry_read_{suffix}"] = (data_entry.entry_frame(ds, agency, entry_year, fw),
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
                    f"คะแนน ({rules.SCORE_MIN:g}–{rules.SCORE_MAX:g})", min_value=rules.SCORE_MIN,
                    max_value=rules.SCORE_MAX, step=0.01, format="%.2f",
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
    conflict_key = f"entry_conflict_{suffix}"
    if not (submitted or checked):
        # A refused save's conflict stays on screen with its button until the person starts again,
        # so that the button's click (which arrives in a run without a submit) is seen.
        _conflict_box(conflict_key, suffix)
        return
    st.session_state.pop(conflict_key, None)
    heading = ("ตรวจแล้ว ยังบันทึกไม่ได้ (ยังไม่ได้บันทึก):\n\n" if checked
               else "บันทึกไม่ได้ ยังไม่มีการบันทึกข้อมูลใด ๆ:\n\n")
    problems = data_entry.entry_problems(edited, source, level, existing, stored=read)
    if problems:
        st.error(_problems_text(heading, problems))
        return
    entry = data_entry.year_entry(edited, level, note, existing, fw)
    if checked:
        findings = data_entry.entry_findings(entry_year, entry, fw)
        if findings:
            st.warning("ตรวจแล้ว ยังไม่ได้บันทึก: บันทึกได้ แต่มีข้อสังเกต (ตัวเลขที่ประกาศจะถูกเก็บตามที่กรอก):"
                       + data_entry.findings_text(findings))
        else:
            st.success("ตรวจแล้ว ไม่พบปัญหา ยังไม่ได้บันทึก กด 'บันทึกคะแนน' เพื่อบันทึก")
        return

    def conflict(exc: ConflictError) -> None:
        st.session_state[conflict_key] = (exc.message_th, exc.theirs)
        _conflict_box(conflict_key, suffix)

    saved = save(lambda: store().save_year(agency, entry_year, entry.indicators, entry.result, current_account(),
                                           source.strip(), read=read),
                 message=lambda exc: _problems_text(heading, [("บันทึก", exc.message_th)]),
                 invalid=lambda exc: _problems_text(heading, exc.problems), conflict=conflict)
    if saved:
        findings = data_entry.entry_findings(entry_year, entry, fw)
        done(data_entry.saved_message(agency, entry_year, entry_year not in known_years)
             + data_entry.findings_text(findings))


def _conflict_box(key: str, suffix: str) -> None:
    """Draws the conflict kept under `key` (what another person saved meanwhile) and the button that
    opens the form again on the latest data; nothing when no conflict is kept."""
    kept = st.session_state.get(key)
    if kept is None:
        return
    message, theirs = kept
    st.error(plain(message))
    st.dataframe(data_entry.conflict_table(theirs), hide_index=True)
    if st.button("เริ่มใหม่จากข้อมูลล่าสุด (ล้างค่าที่กรอกไว้)", key=f"entry_reload_{suffix}"):
        st.session_state.pop(key, None)
        st.session_state[WRITES_KEY] = writes() + 1
        st.rerun()
