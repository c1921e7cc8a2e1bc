"""The progress page's workflows: recording progress on a measure (with a new status), the
measure's log, whose entries can be corrected against the version their form read
(ita.services.open_forms) or deleted with an undo, and the problems/obstacles and suggestions the O28
report gives for the measure and for the whole year. pages/progress.py calls these in its order."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from ita.core.markdown import plain_line
from ita.core.schema import MEASURE_STATUSES
from ita.core.text import as_text, split_units
from ita.services import plan, progress
from ita.services.open_forms import OpenForms
from ita.services.plan_writes import record_progress
from ita.storage.store import ConflictError, Store
from ita.ui.auth import current_account, may_write
from ita.ui.saving import flash, problems_message, save

FLASH, NONCE, READ, STALE_DAYS = "progress_flash", "progress_nonce", "progress_read_version", "progress_stale_days"
ENTRY_FLASH, ENTRY_UNDO, ENTRY_READ = "progress_entry_flash", "progress_entry_undo", "progress_entry_read"
REPORT_FLASH, REPORT_READ = "progress_report_flash", "progress_report_read"
YEAR_REPORT_FLASH, YEAR_REPORT_READ = "progress_year_report_flash", "progress_year_report_read"
MEASURE_REPORT_TITLE = "ปัญหา/อุปสรรค และข้อเสนอแนะ (ลงในรายงาน O28)"
YEAR_REPORT_TITLE = "ปัญหา/อุปสรรค และข้อเสนอแนะภาพรวมของปี"
EVIDENCE_HELP = "ต้องขึ้นต้นด้วย http:// หรือ https:// (เว้นว่างได้)"


def evidence_column() -> Any:
    """Returns the column of the evidence links, drawn as links."""
    return st.column_config.LinkColumn("ลิงก์หลักฐาน", width="medium")


def show_flash() -> None:
    """Shows the message of the last progress recorded (once): a success, or a warning when the
    entry was saved but the status was not."""
    if FLASH in st.session_state:
        kind, message = st.session_state.pop(FLASH)
        (st.success if kind == "ok" else st.warning)(plain_line(message))


def stale_days() -> int:
    """Draws the number of days without an update that makes a measure stale; returns it
    (remembered across page visits)."""
    days = st.number_input("ไม่มีการปรับปรุงมาแล้วอย่างน้อย (วัน)", min_value=1, max_value=3650, step=1,
                           value=int(st.session_state.get(STALE_DAYS, progress.DEFAULT_STALE_DAYS)),
                           key="progress_stale_days_input")
    st.session_state[STALE_DAYS] = int(days)
    return int(days)


def progress_form(store: Store, measure_id: int, label: str, today: date) -> None:
    """Draws the form that records progress on the measure (and may change its status); the
    status change is saved against the version of the measure the form was opened at."""
    state = st.session_state
    current = store.measure(measure_id)
    st.text(f"สถานะปัจจุบัน: {current['status']} · ระยะเวลา: {current['period'] or 'ไม่ระบุ'}")
    if not may_write("progress", current["agency"], split_units(current["units"])):
        return
    # A unit head reports progress; the status is the planner's (the store refuses it anyway).
    sets_status = may_write("measures", current["agency"], note=False)
    form_key = f"progress|{measure_id}|{state.get(NONCE, 0)}"
    read_version = state.setdefault(READ, {}).setdefault(form_key, current["version"])
    with st.form(form_key):
        c1, c2 = st.columns([1, 3])
        day = c1.date_input("วันที่", value=today, max_value=today, format="DD/MM/YYYY", key=f"{form_key}|date")
        evidence = c2.text_input("ลิงก์หลักฐาน", key=f"{form_key}|evidence", placeholder="https://…",
                                 help=EVIDENCE_HELP)
        text = st.text_area("ความก้าวหน้า", key=f"{form_key}|text", placeholder="เช่น จัดประชุมชี้แจงเจ้าหน้าที่แล้ว ๑ ครั้ง")
        new_status = st.selectbox("เปลี่ยนสถานะเป็น", ["", *MEASURE_STATUSES], key=f"{form_key}|status",
                                  format_func=lambda v: v or "ไม่เปลี่ยนสถานะ") if sets_status else ""
        submitted = st.form_submit_button("บันทึกความก้าวหน้า", type="primary", key="progress_submit",
                                          icon=":material/add_task:")
    if not submitted:
        return
    recorded = save(lambda: record_progress(store, measure_id, label, day, text, evidence, status=current["status"],
                                            new_status=new_status, read_version=read_version, actor=current_account()),
                    invalid=problems_message)
    if recorded:
        state[READ].pop(form_key, None)
        state[NONCE] = state.get(NONCE, 0) + 1
        flash(FLASH, recorded.value)


def _undo_banner(store: Store) -> None:
    """Shows the undo of a progress entry just deleted."""
    undo = st.session_state.get(ENTRY_UNDO)
    if not undo:
        return
    c1, c2 = st.columns([3, 1])
    c1.info(plain_line(f"ลบบันทึกความก้าวหน้า '{undo['label']}' ของมาตรการ '{undo['measure']}' แล้ว "
                             "ยังกู้คืนได้"))
    if c2.button("เลิกทำ (กู้คืนบันทึก)", key="progress_undo_button", icon=":material/undo:"):
        st.session_state.pop(ENTRY_UNDO, None)
        if save(lambda: store.undelete_progress(undo["id"], current_account())):
            flash(ENTRY_FLASH, f"กู้คืนบันทึกความก้าวหน้า '{undo['label']}' แล้ว")


def measure_log(store: Store, measure_id: int, label: str, today: date) -> None:
    """Draws the measure's progress log, with the correction and deletion of an entry."""
    if ENTRY_FLASH in st.session_state:
        st.success(plain_line(st.session_state.pop(ENTRY_FLASH)))
    _undo_banner(store)
    entries = store.progress(measure_id)
    log = progress.progress_log(entries)
    if log.empty:
        st.caption("มาตรการนี้ยังไม่มีบันทึกความก้าวหน้า")
        return
    st.dataframe(log, hide_index=True,
                 column_config={"date": "วันที่", "text": st.column_config.TextColumn("ความก้าวหน้า", width="large"),
                                "evidence": evidence_column(), "author": "ผู้รายงาน"})
    measure = store.measure(measure_id)
    if not may_write("progress", measure["agency"], split_units(measure["units"]), note=False):
        return
    with st.expander("แก้ไขหรือลบบันทึกความก้าวหน้า", icon=":material/edit_note:"):
        choices = progress.progress_choices(entries)
        progress_id = st.selectbox("บันทึกที่ต้องการแก้ไขหรือลบ", list(choices), format_func=choices.get,
                                   key=f"progress_entry_pick|{measure_id}")
        entry = progress.progress_entry(entries, progress_id)
        _correction_form(store, progress_id, entry, today)
        _delete_entry(store, progress_id, entry, label)


def original_logs_section(store: Store, measure_id: int) -> None:
    """Draws, under a carried measure's own log, the logs of the measures it was carried from (nearest first),
    each under its year and number, to read only."""
    chain = store.carried_chain(measure_id)
    if chain.empty:
        return
    for original in progress.original_logs(chain, store.carried_progress(measure_id)):
        st.markdown(f"**{plain_line(original.heading)}**")
        if original.log.empty:
            st.caption("มาตรการเดิมนี้ไม่มีบันทึกความก้าวหน้า")
            continue
        st.dataframe(original.log, hide_index=True,
                     column_config={"date": "วันที่",
                                    "text": st.column_config.TextColumn("ความก้าวหน้า", width="large"),
                                    "evidence": evidence_column(), "author": "ผู้รายงาน"})
    st.caption("บันทึกของมาตรการเดิมแสดงให้อ่านเท่านั้น (แก้ไขได้ที่แผนของปีนั้น) "
               "บันทึกความก้าวหน้าใหม่จะอยู่กับมาตรการของแผนปีนี้")


def _correction_form(store: Store, progress_id: int, entry: dict[str, Any], today: date) -> None:
    """Draws the correction form of the entry as its form read it; saves the fields changed
    against the version read, and never over someone else's newer correction."""
    # The form carries the entry as it was read (and its version) until it is saved or reloaded,
    # so a correction never goes over someone else's newer one.
    forms = OpenForms(st.session_state, ENTRY_READ)
    form = forms.open(progress_id, entry)
    if forms.changed_since_read(progress_id, entry["version"]):
        st.info("มีการแก้ไขบันทึกนี้หลังจากที่คุณเปิดแบบฟอร์ม ระบบจะไม่บันทึกทับ "
                "กด 'โหลดฉบับล่าสุด' แล้วแก้จากฉบับล่าสุด")
        if st.button("โหลดฉบับล่าสุด", key="progress_entry_reload", icon=":material/refresh:"):
            forms.reload(progress_id, entry)
            st.rerun()
    st.caption(plain_line(f"ผู้รายงาน: {entry['author'] or 'ไม่ระบุ'} (แก้ไขแล้วชื่อผู้รายงานยังเป็นชื่อเดิม "
                                "ส่วนชื่อผู้แก้ไขบันทึกไว้ในประวัติ)"))
    read = form.read
    form_key = form.key("progress_edit", progress_id)
    with st.form(form_key):
        c1, c2 = st.columns([1, 3])
        # No date after today (the store refuses one); an entry saved with a later date before
        # that rule can still be opened, and is refused only if its date is saved again.
        day = c1.date_input("วันที่", value=read["day"], format="DD/MM/YYYY", key=f"{form_key}|date",
                            max_value=max(today, read["day"]) if read["day"] else today)
        evidence = c2.text_input("ลิงก์หลักฐาน", value=read["evidence"], key=f"{form_key}|evidence", help=EVIDENCE_HELP)
        text = st.text_area("ความก้าวหน้า", value=read["text"], key=f"{form_key}|text")
        submitted = st.form_submit_button("บันทึกการแก้ไข", type="primary", key="progress_edit_submit",
                                          icon=":material/save:")
    if not submitted:
        return
    changes = progress.progress_changes(read, day, text, evidence)
    if not changes:
        st.info("ไม่มีข้อมูลที่เปลี่ยน จึงไม่ได้บันทึก")
        return

    def refused(exc: ConflictError) -> None:
        st.error(plain_line(plan.conflict_message(exc.by, exc.at, exc.theirs, progress.PROGRESS_FIELD_LABELS)))

    saved = save(lambda: store.update_progress(progress_id, changes, form.version, current_account()),
                 invalid=problems_message, conflict=refused)
    if saved:
        forms.close(progress_id)
        st.session_state.pop(ENTRY_UNDO, None)
        flash(ENTRY_FLASH, f"แก้ไขบันทึกความก้าวหน้า '{progress.progress_label(saved.value)}' แล้ว")


def _delete_entry(store: Store, progress_id: int, entry: dict[str, Any], measure_label: str) -> None:
    """Draws the deletion of the entry as shown, after a confirmation (undone by the undo banner)."""
    # The confirmation is for the entry as shown: a change saved since gives a new, unticked box.
    sure = st.checkbox(plain_line(f"ยืนยันการลบบันทึก '{entry['label']}' (ลบแล้วยังกู้คืนได้ด้วยปุ่ม 'เลิกทำ')"),
                       key=f"progress_delete_confirm|{progress_id}|{entry['version']}")
    deleting = st.button("ลบบันทึกนี้", key="progress_delete", disabled=not sure, icon=":material/delete:") and sure
    if deleting and save(lambda: store.delete_progress(progress_id, entry["version"], current_account())):
        OpenForms(st.session_state, ENTRY_READ).close(progress_id)
        st.session_state[ENTRY_UNDO] = {"id": progress_id, "label": entry["label"], "measure": measure_label}
        st.rerun()


# -- the O28 report's problems/obstacles and suggestions -------------------------------------------------


def _report_texts_read_only(row: dict[str, Any], key: str) -> None:
    """Shows the two stored texts in boxes that cannot be edited (the account may not write them)."""
    for field, label in progress.REPORT_FIELD_LABELS.items():
        st.text_area(label, value=as_text(row.get(field)), disabled=True, key=f"{key}|{field}",
                     placeholder="ยังไม่มีการบันทึก")


def _report_form(form_key: str, read: dict[str, Any], submit_key: str) -> tuple[bool, str, str]:
    """Draws the two text areas of a report form holding what it read; returns (submitted, problems,
    suggestions)."""
    labels = progress.REPORT_FIELD_LABELS
    with st.form(form_key):
        problems = st.text_area(labels["problems"], value=read["problems"], key=f"{form_key}|problems",
                                placeholder="เช่น งบประมาณไม่เพียงพอ เจ้าหน้าที่มีภารกิจมาก")
        suggestions = st.text_area(labels["suggestions"], value=read["suggestions"], key=f"{form_key}|suggestions",
                                   placeholder="เช่น ควรจัดอบรมเจ้าหน้าที่ทุกไตรมาส")
        submitted = st.form_submit_button("บันทึกปัญหา/อุปสรรคและข้อเสนอแนะ", type="primary", key=submit_key,
                                          icon=":material/save:")
    return submitted, problems, suggestions


def _opened_report(forms: OpenForms, row_id: int, row: dict[str, Any], reload_key: str) -> Any:
    """Returns the report form open on the row. A newer version that changed other fields only (a measure's
    status or plan) moves the form on to it; one that changed the two texts is said, with a reload."""
    form = forms.open(row_id, progress.report_read(row))
    if form.version != int(row["version"]) and progress.report_texts_unchanged(form.read, row):
        forms.keep_mine(row_id, int(row["version"]))
        form = forms.open_form(row_id)
    if forms.changed_since_read(row_id, int(row["version"])):
        st.info("มีการแก้ไขปัญหา/อุปสรรคหรือข้อเสนอแนะนี้หลังจากที่คุณเปิดแบบฟอร์ม ระบบจะไม่บันทึกทับ "
                "กด 'โหลดฉบับล่าสุด' แล้วแก้จากฉบับล่าสุด")
        if st.button("โหลดฉบับล่าสุด", key=reload_key, icon=":material/refresh:"):
            forms.reload(row_id, progress.report_read(row))
            st.rerun()
    return form


def _refused(exc: ConflictError) -> None:
    st.error(plain_line(plan.conflict_message(exc.by, exc.at, exc.theirs,
                                              {**plan.FIELD_LABELS, **progress.REPORT_FIELD_LABELS})))


def _carry_progress_form(measure_id: int, before: int, after: int) -> None:
    """Moves the measure's progress form (its status change is saved against the version it read) from
    `before` to `after`, this person's own save of the report texts, so that save is not taken for
    someone else's."""
    read = st.session_state.get(READ, {})
    for key, version in list(read.items()):
        if key.startswith(f"progress|{measure_id}|") and version == before:
            read[key] = after


def measure_report_form(store: Store, measure_id: int, label: str) -> None:
    """Draws the problems/obstacles and suggestions the O28 report gives for the measure: a form for whoever
    may report progress on it (a head of one of its units, a planner), saved against the version it read;
    the stored texts, not editable, for everyone else."""
    st.markdown(f"**{MEASURE_REPORT_TITLE}**")
    if REPORT_FLASH in st.session_state:
        st.success(plain_line(st.session_state.pop(REPORT_FLASH)))
    current = store.measure(measure_id)
    if not may_write("progress", current["agency"], split_units(current["units"]), note=False):
        _report_texts_read_only(current, f"progress_report_view|{measure_id}")
        return
    forms = OpenForms(st.session_state, REPORT_READ)
    form = _opened_report(forms, measure_id, current, "progress_report_reload")
    submitted, problems, suggestions = _report_form(form.key("progress_report", measure_id), dict(form.read),
                                                    "progress_report_submit")
    if not submitted:
        return
    saved = save(lambda: store.save_measure_report(measure_id, problems, suggestions, form.version,
                                                   current_account()), conflict=_refused)
    if saved:
        forms.reload(measure_id, progress.report_read(saved.value))
        _carry_progress_form(measure_id, form.version, int(saved.value["version"]))
        flash(REPORT_FLASH, f"บันทึกปัญหา/อุปสรรคและข้อเสนอแนะของ '{label}' แล้ว")


def year_report_form(store: Store, agency: str, year: int) -> None:
    """Draws the problems/obstacles and suggestions of the agency's O28 report of `year` as a whole: a form
    for a planner of the agency, saved against the version it read; the stored texts for everyone else."""
    st.subheader(f"{YEAR_REPORT_TITLE} {year}")
    st.caption("ข้อความภาพรวมของรายงาน O28 ทั้งฉบับ (ของแต่ละมาตรการบันทึกในส่วน 'บันทึกความก้าวหน้า' ด้านบน)")
    if YEAR_REPORT_FLASH in st.session_state:
        st.success(plain_line(st.session_state.pop(YEAR_REPORT_FLASH)))
    current = store.year_report(agency, year)
    if not may_write("measures", agency, note=False):
        st.caption("ผู้วางแผนของหน่วยงานเป็นผู้บันทึกส่วนนี้")
        _report_texts_read_only(current, f"progress_year_report_view|{agency}|{year}")
        return
    # The forms are by year within the agency's own state: a year's report row may not exist yet (no id).
    forms = OpenForms(st.session_state, f"{YEAR_REPORT_READ}|{agency}")
    form = _opened_report(forms, int(year), current, "progress_year_report_reload")
    submitted, problems, suggestions = _report_form(form.key(f"progress_year_report|{agency}", int(year)),
                                                    dict(form.read), "progress_year_report_submit")
    if not submitted:
        return
    saved = save(lambda: store.save_year_report(agency, int(year), problems, suggestions, form.version,
                                                current_account()), conflict=_refused)
    if saved:
        forms.reload(int(year), progress.report_read(saved.value))
        flash(YEAR_REPORT_FLASH, f"บันทึกปัญหา/อุปสรรคและข้อเสนอแนะภาพรวมของปี {year} แล้ว")
