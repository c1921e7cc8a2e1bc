"""Progress of the measures (the content of O28): implementation rate, by unit and by quarter, a
timeline, the measures nobody updated, and the dated progress log with evidence links (an entry can
be corrected, or deleted with an undo)."""

from datetime import date

import streamlit as st

from ita.core.markdown import plain_line
from ita.core.schema import MEASURE_STATUSES
from ita.core.text import thai_date
from ita.core.thai import format_number
from ita.services import charts, plan, progress
from ita.storage.store import ConflictError, InvalidEntry, StoreError
from ita.ui.common import author, author_box, chart, chosen_agency, plan_year_choice, selection
from ita.ui.data import dataset, framework, store
from ita.ui.documents import o28_section

FLASH, NONCE, READ, STALE_DAYS = "progress_flash", "progress_nonce", "progress_read_version", "progress_stale_days"
ENTRY_FLASH, ENTRY_UNDO, ENTRY_READ = "progress_entry_flash", "progress_entry_undo", "progress_entry_read"
ss = st.session_state

ds = dataset()
sel = selection()
author_box()
s = store()
today = date.today()

st.title("ติดตามความก้าวหน้ามาตรการ")
st.caption("ผลการดำเนินการตามมาตรการ (เนื้อหาของข้อ O28): ความก้าวหน้า หลักฐาน และมาตรการที่ยังไม่มีความเคลื่อนไหว")
agency = chosen_agency(ds, sel, "ยังไม่มีข้อมูลผลการประเมินในระบบ จึงยังเลือกหน่วยงานไม่ได้")

all_measures = s.measures(agency)
plan_year = plan_year_choice(all_measures["year"], agency, sel.year, "progress_plan_year")
st.subheader(f"{plain_line(agency)} · มาตรการปีงบประมาณ {plan_year}")
if FLASH in ss:
    kind, message = ss.pop(FLASH)
    (st.success if kind == "ok" else st.warning)(plain_line(message))

measures = s.measures(agency, plan_year)
if measures.empty:
    st.info(f"ยังไม่มีมาตรการของปีงบประมาณ {plan_year} เพิ่มมาตรการได้ที่หน้า 'มาตรการ'")
    st.stop()
plan_entries = progress.plan_progress(ds["progress"], agency, plan_year)

# -- implementation rate ------------------------------------------------------------------------
rate = progress.implementation_rate(measures)
counts = progress.status_counts(measures)
c1, c2, c3 = st.columns(3)
c1.metric("อัตราการดำเนินการแล้วเสร็จ", f"{format_number(rate, digits='arabic')}%", border=True,
          help="สัดส่วนของมาตรการที่มีสถานะ 'แล้วเสร็จ'")
c2.metric("มาตรการแล้วเสร็จ", f"{progress.done_count(measures)} จาก {len(measures)}", border=True)
c3.metric("บันทึกความก้าวหน้า", f"{len(plan_entries)} รายการ", border=True)
st.dataframe(
    counts, hide_index=True,
    column_config={"status": "สถานะ", "count": "จำนวนมาตรการ",
                   "share": st.column_config.NumberColumn("ร้อยละ", format="%.2f")},
)

with st.expander("รายงาน O28 (Word / Excel)", icon=":material/description:"):
    o28_section(ds, framework(), agency, plan_year)

st.subheader("รายส่วนงาน")
st.dataframe(
    progress.by_unit(measures, s.units(agency)), hide_index=True,
    column_config={"unit": "ส่วนงาน", "measures": "จำนวนมาตรการ", "done": "แล้วเสร็จ",
                   "rate": st.column_config.NumberColumn("ร้อยละแล้วเสร็จ", format="%.2f")},
)
st.caption("มาตรการที่มีหลายส่วนงานรับผิดชอบ นับให้ทุกส่วนงาน ผลรวมของคอลัมน์จึงมากกว่าจำนวนมาตรการได้")

# -- time ---------------------------------------------------------------------------------------
st.subheader("รายไตรมาสของปีงบประมาณ")
periods = progress.measure_periods(measures)
st.dataframe(
    progress.by_quarter(periods.parsed, plan_entries, plan_year), hide_index=True,
    column_order=["label", "active", "entries"],
    column_config={"label": "ไตรมาส", "active": "มาตรการที่อยู่ในช่วงดำเนินการ",
                   "entries": "บันทึกความก้าวหน้าในไตรมาส"},
)
outside = progress.entries_outside_year(plan_entries, plan_year)
if outside:
    st.caption(f"มีบันทึกความก้าวหน้า {outside} รายการที่ลงวันที่นอกปีงบประมาณ {plan_year} จึงไม่อยู่ในไตรมาสใด")

st.subheader("ช่วงเวลาดำเนินการของแต่ละมาตรการ")
if not periods.parsed.empty:
    chart(charts.timeline_chart(periods.parsed, f"ช่วงเวลาดำเนินการ แผนปีงบประมาณ {plan_year}", today),
          "ita_measures_timeline")
if not periods.unparsed.empty:
    st.warning(f"อ่านระยะเวลาของ {len(periods.unparsed)} มาตรการไม่ได้ จึงไม่อยู่ในแผนภูมิ:")
    st.dataframe(periods.unparsed, hide_index=True, column_order=["number", "title", "period", "problem"],
                 column_config={"number": "ลำดับ", "title": "มาตรการ", "period": "ระยะเวลาที่กรอก",
                                "problem": "สาเหตุ"})

# -- measures nobody updated --------------------------------------------------------------------
st.subheader("มาตรการที่ไม่มีความเคลื่อนไหว")
days = st.number_input("ไม่มีการปรับปรุงมาแล้วอย่างน้อย (วัน)", min_value=1, max_value=3650, step=1,
                       value=int(ss.get(STALE_DAYS, progress.DEFAULT_STALE_DAYS)), key="progress_stale_days_input")
ss[STALE_DAYS] = int(days)
stale = progress.stale_measures(measures, plan_entries, today, int(days))
if stale.empty:
    st.success(f"ทุกมาตรการที่ยังไม่แล้วเสร็จมีการปรับปรุงภายใน {int(days)} วันที่ผ่านมา")
else:
    st.warning(f"{len(stale)} มาตรการไม่มีการปรับปรุงมาแล้ว {int(days)} วันขึ้นไป (นับถึง "
               f"{thai_date(today)})")
    st.dataframe(
        stale, hide_index=True, column_order=["number", "title", "status", "units", "last_update", "days"],
        column_config={"number": "ลำดับ", "title": "มาตรการ", "status": "สถานะ", "units": "ส่วนงาน",
                       "last_update": st.column_config.DateColumn("ปรับปรุงล่าสุด", format="DD/MM/YYYY"),
                       "days": "ผ่านมา (วัน)"},
    )
st.caption("ปรับปรุงล่าสุด = วันที่ล่าสุดระหว่างการแก้ไขมาตรการกับบันทึกความก้าวหน้า "
           "มาตรการที่แล้วเสร็จไม่ถูกนับ")

# -- add a progress entry -----------------------------------------------------------------------
st.subheader("บันทึกความก้าวหน้า")
labels = plan.measure_labels(measures)
mid = st.selectbox("มาตรการ", list(labels), format_func=labels.get, key=f"progress_pick|{agency}|{plan_year}")
current = s.measure(mid)
st.text(f"สถานะปัจจุบัน: {current['status']} · ระยะเวลา: {current['period'] or 'ไม่ระบุ'}")
fk = f"progress|{mid}|{ss.get(NONCE, 0)}"
# The status change is saved against the version the form was opened at.
read_version = ss.setdefault(READ, {}).setdefault(fk, current["version"])
with st.form(fk):
    c1, c2 = st.columns([1, 3])
    day = c1.date_input("วันที่", value=today, max_value=today, format="DD/MM/YYYY", key=f"{fk}|date")
    evidence = c2.text_input("ลิงก์หลักฐาน", key=f"{fk}|evidence", placeholder="https://…",
                             help="ต้องขึ้นต้นด้วย http:// หรือ https:// (เว้นว่างได้)")
    text = st.text_area("ความก้าวหน้า", key=f"{fk}|text", placeholder="เช่น จัดประชุมชี้แจงเจ้าหน้าที่แล้ว ๑ ครั้ง")
    new_status = st.selectbox("เปลี่ยนสถานะเป็น", ["", *MEASURE_STATUSES], key=f"{fk}|status",
                              format_func=lambda v: v or "ไม่เปลี่ยนสถานะ")
    submitted = st.form_submit_button("บันทึกความก้าวหน้า", type="primary", key="progress_submit",
                                      icon=":material/add_task:")
if submitted:
    try:
        s.add_progress(mid, day.isoformat() if day else "", text, evidence, author())
    except InvalidEntry as exc:
        st.error("บันทึกไม่ได้ กรุณาแก้ไขแล้วบันทึกอีกครั้ง:\n\n"
                 + "\n".join(f"- {f}: {plain_line(m)}" for f, m in exc.problems))
    else:
        flash = ("ok", f"บันทึกความก้าวหน้าของ '{labels[mid]}' แล้ว")
        if new_status and new_status != current["status"]:
            try:
                s.update_measure(mid, {"status": new_status}, read_version, author())
            except ConflictError as exc:
                flash = ("warn", f"บันทึกความก้าวหน้าแล้ว แต่ยังไม่เปลี่ยนสถานะ: {exc.message_th}")
            except StoreError as exc:
                flash = ("warn", f"บันทึกความก้าวหน้าแล้ว แต่ยังไม่เปลี่ยนสถานะ: {exc.message_th}")
            else:
                flash = ("ok", f"บันทึกความก้าวหน้าและเปลี่ยนสถานะของ '{labels[mid]}' เป็น '{new_status}' แล้ว")
        ss[READ].pop(fk, None)
        ss[NONCE] = ss.get(NONCE, 0) + 1
        ss[FLASH] = flash
        st.rerun()

link = st.column_config.LinkColumn("ลิงก์หลักฐาน", width="medium")
if ENTRY_FLASH in ss:
    st.success(plain_line(ss.pop(ENTRY_FLASH)))
undo = ss.get(ENTRY_UNDO)
if undo:
    c1, c2 = st.columns([3, 1])
    c1.info(plain_line(f"ลบบันทึกความก้าวหน้า '{undo['label']}' ของมาตรการ '{undo['measure']}' แล้ว "
                       "ยังกู้คืนได้"))
    if c2.button("เลิกทำ (กู้คืนบันทึก)", key="progress_undo_button", icon=":material/undo:"):
        ss.pop(ENTRY_UNDO, None)
        try:
            s.undelete_progress(undo["id"], author())
        except StoreError as exc:
            st.error(plain_line(exc.message_th))
        else:
            ss[ENTRY_FLASH] = f"กู้คืนบันทึกความก้าวหน้า '{undo['label']}' แล้ว"
            st.rerun()
entries = s.progress(mid)
log = progress.progress_log(entries)
if log.empty:
    st.caption("มาตรการนี้ยังไม่มีบันทึกความก้าวหน้า")
else:
    st.dataframe(log, hide_index=True,
                 column_config={"date": "วันที่", "text": st.column_config.TextColumn("ความก้าวหน้า", width="large"),
                                "evidence": link, "author": "ผู้รายงาน"})
    with st.expander("แก้ไขหรือลบบันทึกความก้าวหน้า", icon=":material/edit_note:"):
        choices = progress.progress_choices(entries)
        pid = st.selectbox("บันทึกที่ต้องการแก้ไขหรือลบ", list(choices), format_func=choices.get,
                           key=f"progress_entry_pick|{mid}")
        entry = progress.progress_entry(entries, pid)
        # The form carries the entry as it was read (and its version) until it is saved or reloaded,
        # so a correction never goes over someone else's newer one.
        reads = ss.setdefault(ENTRY_READ, {})
        read = reads.setdefault(pid, {**entry, "nonce": 0})
        if entry["version"] != read["version"]:
            st.info("มีการแก้ไขบันทึกนี้หลังจากที่คุณเปิดแบบฟอร์ม ระบบจะไม่บันทึกทับ "
                    "กด 'โหลดฉบับล่าสุด' แล้วแก้จากฉบับล่าสุด")
            if st.button("โหลดฉบับล่าสุด", key="progress_entry_reload", icon=":material/refresh:"):
                reads[pid] = {**entry, "nonce": read["nonce"] + 1}
                st.rerun()
        st.caption(plain_line(f"ผู้รายงาน: {entry['author'] or 'ไม่ระบุ'} (แก้ไขแล้วชื่อผู้รายงานยังเป็นชื่อเดิม "
                              "ส่วนชื่อผู้แก้ไขบันทึกไว้ในประวัติ)"))
        ek = f"progress_edit|{pid}|{read['nonce']}"
        with st.form(ek):
            c1, c2 = st.columns([1, 3])
            # No date after today (the store refuses one); an entry saved with a later date before
            # that rule can still be opened, and is refused only if its date is saved again.
            e_day = c1.date_input("วันที่", value=read["day"], format="DD/MM/YYYY", key=f"{ek}|date",
                                  max_value=max(today, read["day"]) if read["day"] else today)
            e_evidence = c2.text_input("ลิงก์หลักฐาน", value=read["evidence"], key=f"{ek}|evidence",
                                       help="ต้องขึ้นต้นด้วย http:// หรือ https:// (เว้นว่างได้)")
            e_text = st.text_area("ความก้าวหน้า", value=read["text"], key=f"{ek}|text")
            save = st.form_submit_button("บันทึกการแก้ไข", type="primary", key="progress_edit_submit",
                                         icon=":material/save:")
        if save:
            changes = progress.progress_changes(read, e_day, e_text, e_evidence)
            if not changes:
                st.info("ไม่มีข้อมูลที่เปลี่ยน จึงไม่ได้บันทึก")
            else:
                try:
                    saved = s.update_progress(pid, changes, read["version"], author())
                except InvalidEntry as exc:
                    st.error("บันทึกไม่ได้ กรุณาแก้ไขแล้วบันทึกอีกครั้ง:\n\n"
                             + "\n".join(f"- {f}: {plain_line(m)}" for f, m in exc.problems))
                except ConflictError as exc:
                    st.error(plain_line(plan.conflict_message(exc.by, exc.at, exc.theirs,
                                                              progress.PROGRESS_FIELD_LABELS)))
                except StoreError as exc:
                    st.error(plain_line(exc.message_th))
                else:
                    reads.pop(pid, None)
                    ss.pop(ENTRY_UNDO, None)
                    ss[ENTRY_FLASH] = f"แก้ไขบันทึกความก้าวหน้า '{progress.progress_label(saved)}' แล้ว"
                    st.rerun()
        # The confirmation is for the entry as shown: a change saved since gives a new, unticked box.
        sure = st.checkbox(plain_line(f"ยืนยันการลบบันทึก '{entry['label']}' (ลบแล้วยังกู้คืนได้ด้วยปุ่ม 'เลิกทำ')"),
                           key=f"progress_delete_confirm|{pid}|{entry['version']}")
        if st.button("ลบบันทึกนี้", key="progress_delete", disabled=not sure, icon=":material/delete:") and sure:
            try:
                s.delete_progress(pid, entry["version"], author())
            except StoreError as exc:
                st.error(plain_line(exc.message_th))
            else:
                reads.pop(pid, None)
                ss[ENTRY_UNDO] = {"id": pid, "label": entry["label"], "measure": labels[mid]}
                st.rerun()

st.subheader("บันทึกความก้าวหน้าทุกมาตรการของแผน")
everything = progress.plan_log(measures, plan_entries)
if everything.empty:
    st.caption(f"ยังไม่มีบันทึกความก้าวหน้าของแผนปี {plan_year}")
else:
    st.dataframe(everything, hide_index=True,
                 column_config={"number": "ลำดับ", "title": "มาตรการ", "date": "วันที่",
                                "text": st.column_config.TextColumn("ความก้าวหน้า", width="large"),
                                "evidence": link, "author": "ผู้รายงาน"})
