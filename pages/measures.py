"""Measures (the content of O27): the plan of a fiscal year; add, edit, reorder, delete and undo,
and the history of each measure with restore. Reads widgets, calls ita.services.plan, ita.services.catalogue and the
store, renders."""

import streamlit as st

from ita.core.checks import plan_periods_outside_year
from ita.core.markdown import plain_line
from ita.services import catalogue, plan
from ita.storage.store import ConflictError, InvalidEntry, StoreError
from ita.ui.common import author, author_box, chosen_agency, plan_year_choice, selection
from ita.ui.data import dataset, framework, store
from ita.ui.documents import o27_section
from ita.ui.measure_form import measure_fields

FLASH, UNDO, CONFIRM, EDITS, CONFLICT, ADD_NONCE = (
    "measures_flash", "measures_undo", "measures_confirm_delete", "measures_edit_base", "measures_conflict",
    "measures_add_nonce",
)
ss = st.session_state

ds = dataset()
fw = framework()
sel = selection()
author_box()
s = store()

st.title("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
st.caption("แผนมาตรการของหน่วยงาน (เนื้อหาของข้อ O27) ที่ได้จากการวิเคราะห์ผลการประเมินปีก่อน")
agency = chosen_agency(ds, sel, "ยังไม่มีข้อมูลผลการประเมินในระบบ จึงยังเลือกหน่วยงานไม่ได้")

# -- the plan year: remembered per sidebar choice, shared with the progress page --------------
all_measures = s.measures(agency)
plan_year = plan_year_choice(all_measures["year"], agency, sel.year, "measures_plan_year",
                             help=f"ผลการประเมินปี {sel.year} ใช้วางมาตรการของปี {sel.year + 1}")
st.subheader(f"{plain_line(agency)} · แผนมาตรการปีงบประมาณ {plan_year}")


def done(message: str, keep_undo: bool = False) -> None:
    """Remembers a message for the next run, and reruns so every table shows the change."""
    ss[FLASH] = message
    if not keep_undo:
        ss.pop(UNDO, None)
    st.rerun()


def show_problems(exc: InvalidEntry) -> None:
    st.error("บันทึกไม่ได้ กรุณาแก้ไขแล้วบันทึกอีกครั้ง:\n\n" + "\n".join(f"- {f}: {plain_line(m)}" for f, m in exc.problems))


if FLASH in ss:
    st.success(plain_line(ss.pop(FLASH)))
undo = ss.get(UNDO)
if undo:
    c1, c2 = st.columns([3, 1])
    c1.info(plain_line(f"ลบมาตรการ '{undo['label']}' แล้ว ยังกู้คืนได้"))
    if c2.button("เลิกทำ (กู้คืนมาตรการ)", key="measures_undo_button", icon=":material/undo:"):
        try:
            s.undelete_measure(undo["id"], author())
        except StoreError as exc:
            ss.pop(UNDO, None)
            st.error(plain_line(exc.message_th))
        else:
            done(f"กู้คืนมาตรการ '{undo['label']}' แล้ว")

# -- the plan ---------------------------------------------------------------------------------
measures = s.measures(agency, plan_year)
if measures.empty:
    st.info(f"ยังไม่มีมาตรการของปีงบประมาณ {plan_year} เพิ่มได้ในส่วน 'เพิ่มมาตรการ' ด้านล่าง")
else:
    columns = ["number", "title", "indicators", "units", "period", "status", "target", "updated"]
    if plan.has_results(measures):
        columns.append("results")
    st.dataframe(
        plan.plan_table(measures),
        hide_index=True,
        column_order=columns,
        column_config={
            "number": st.column_config.TextColumn("ลำดับ", pinned=True, width="small"),
            "title": st.column_config.TextColumn("มาตรการ/แนวทาง", width="large"),
            "indicators": "ตัวชี้วัด",
            "units": "ส่วนงาน",
            "period": "ระยะเวลา",
            "status": "สถานะ",
            "target": st.column_config.NumberColumn("เป้าหมาย", format="%.2f"),
            "updated": "ปรับปรุงล่าสุด",
            "results": st.column_config.TextColumn("ผลการดำเนินการที่บันทึกไว้", width="large"),
        },
        key="measures_plan_table",
    )
    st.caption(f"{len(measures)} มาตรการ เรียงตามลำดับในแผน (ลำดับตามเอกสาร ไม่จำเป็นต้องต่อเนื่อง)")
    for line in plan_periods_outside_year(measures, plan_year):
        st.warning(plain_line(line), icon=":material/event_busy:")
    with st.expander("รายละเอียดของแต่ละมาตรการ"):
        for row in measures.to_dict("records"):
            st.markdown(f"**{plain_line(plan.measure_label(row['number'], row['title'], 200))}**")
            for label, text in plan.measure_details(row):
                st.text(f"{label}: {text}")
            st.divider()

# -- the official documents ---------------------------------------------------------------------
with st.expander("เอกสาร O27 (Word / Excel) และสรุปสำหรับผู้บริหาร", icon=":material/description:"):
    o27_section(ds, fw, agency, plan_year)

# -- add a measure ----------------------------------------------------------------------------
st.subheader("เพิ่มมาตรการ")
units = s.units(agency)
mode = st.radio(
    "เริ่มจาก", ["blank", "weak", "catalogue"], horizontal=True, key="measures_add_mode",
    format_func={"blank": "แบบฟอร์มว่าง", "weak": "ตัวชี้วัดที่ควรพัฒนา", "catalogue": "จากคลังมาตรการ"}.get,
)
prefill: dict = {}
source = "blank"
if mode == "weak":
    scored = plan.scored_years(ds, agency, fw)
    if not scored:
        st.info("หน่วยงานนี้ยังไม่มีคะแนนรายตัวชี้วัด (มีเฉพาะคะแนนรวม) จึงยังเลือกจากตัวชี้วัดที่ควรพัฒนาไม่ได้ "
                "ใช้แบบฟอร์มว่างด้านล่างได้ หรือนำเข้าคะแนนรายตัวชี้วัดก่อน")
    else:
        first = plan.weak_source_year(scored, plan_year)
        source_year = st.selectbox("ผลการประเมินของปี", scored, index=scored.index(first),
                                   key="measures_weak_year")
        weak = plan.weak_choices(ds, agency, source_year, fw)
        if weak.empty:
            st.success(f"ทุกตัวชี้วัดของปี {source_year} ได้ 95 ขึ้นไป ไม่มีตัวชี้วัดที่ต้องพัฒนา")
        else:
            st.dataframe(
                weak, hide_index=True, column_order=["label", "score", "category_th", "headroom"],
                column_config={
                    "label": "ตัวชี้วัด", "score": st.column_config.NumberColumn("คะแนน", format="%.2f"),
                    "category_th": "กลุ่ม",
                    "headroom": st.column_config.NumberColumn("คะแนนรวมที่ยังเพิ่มได้", format="%.2f"),
                },
            )
            labels = dict(zip(weak["indicator"], weak["label"], strict=True))
            code = st.selectbox("ตัวชี้วัดที่จะวางมาตรการ", list(labels), format_func=labels.get,
                                key="measures_weak_code")
            prefill = plan.prefill_from_weak(weak, code)
            source = f"weak{source_year}-{code}"
elif mode == "catalogue":
    st.caption(f"มาตรการเดิมของหน่วยงานนี้ (ปีก่อนปี {plan_year}) และคลังมาตรการที่สร้างจากรายงานของ "
               "อบต.ป่าตึง (มาตรการปี 2568, 2569 และแนวทางยกระดับรายตัวชี้วัด) · ระยะเวลาจะเลื่อนมาเป็นปีของแผน")
    entries = [*catalogue.own_entries(all_measures, plan_year, ds.is_fictional(agency)), *catalogue.load_catalogue()]
    c1, c2 = st.columns([1, 3])
    only = c1.selectbox("เฉพาะตัวชี้วัด", [None, *fw.indicator_codes], key="measures_cat_indicator",
                        format_func=lambda c: "ทุกตัวชี้วัด" if c is None else fw.indicator_label(c))
    listed = catalogue.listing(entries, only, measures["title"])
    if listed.empty:
        c2.info("ยังไม่มีมาตรการในคลังสำหรับตัวชี้วัดนี้")
    else:
        labels = dict(zip(listed["key"], listed["label"], strict=True))
        key = c2.selectbox("มาตรการในคลัง", list(labels), format_func=labels.get,
                           key=f"measures_cat_key|{agency}|{plan_year}|{only}")
        entry = catalogue.entry_by_key(entries, key)
        st.caption(plain_line(f"ที่มา: {entry.source}" + (" · ข้อมูลสมมุติ" if entry.fictional else "")))
        if entry.link == "U":
            st.warning(plain_line(f"ตัวชี้วัด {', '.join(entry.indicators)}: {catalogue.LINK_TH['U']} — "
                                  f"{entry.link_note} ตรวจก่อนบันทึก"), icon=":material/help:")
        else:
            st.caption(plain_line(f"ตัวชี้วัด {', '.join(entry.indicators)}: {catalogue.LINK_TH['C']}"))
        prefill = catalogue.form_values(entry, plan_year, units)
        source = f"cat-{key}"

# The form's key changes with its source and after each save, so it starts from the new
# suggestion; a refused save keeps the key, so nothing the person typed is lost.
fk = f"add|{agency}|{plan_year}|{source}|{ss.get(ADD_NONCE, 0)}"
suggested = {**prefill, "number": plan.next_number(measures["number"]),
             "period": prefill.get("period") or plan.default_period(plan_year)}
with st.form(fk):
    fields, problems = measure_fields(fk, suggested, fw, plan_year, units, editing=False,
                                      number_help="เสนอเลขถัดจากเลขที่มากที่สุดของปีนี้ แก้ได้")
    added = st.form_submit_button("บันทึกมาตรการใหม่", type="primary", key="measures_add_submit",
                                  icon=":material/add:")
if added and problems:
    show_problems(InvalidEntry(problems))
elif added:
    # A measure made from the catalogue records where it came from.
    origin = {"source": prefill["source"]} if prefill.get("source") else {}
    try:
        s.add_measure({"agency": agency, "year": plan_year, **fields, **origin}, author())
    except InvalidEntry as exc:
        show_problems(exc)
    else:
        ss[ADD_NONCE] = ss.get(ADD_NONCE, 0) + 1
        done(f"เพิ่มมาตรการ '{plan.measure_label(fields['number'], fields['title'])}' ในแผนปี {plan_year} แล้ว")

if measures.empty:
    st.stop()

# -- edit, reorder, delete ----------------------------------------------------------------------
st.subheader("แก้ไข จัดลำดับ หรือลบมาตรการ")
labels = plan.measure_labels(measures)
ids = list(labels)
mid = st.selectbox("เลือกมาตรการ", ids, format_func=labels.get, key=f"measures_pick|{agency}|{plan_year}")
current = s.measure(mid)

# The form carries the version it was read at (and that row as read) until it is saved,
# reloaded, or the person chooses to save over someone else's change.
bases = ss.setdefault(EDITS, {})
base = bases.setdefault(mid, {"version": current["version"], "read": current, "nonce": 0})
ek = f"edit|{mid}|{base['nonce']}"
read = base["read"]



def move_measure(step: int) -> None:
    """Moves the chosen measure; forms open at the version just before the move stay valid."""
    before = plan.versions(measures)
    s.reorder_measures(plan.move(ids, mid, step), author())
    after = plan.versions(s.measures(agency, plan_year))
    carried = plan.carried_versions({k: b["version"] for k, b in bases.items()}, before, after)
    for k, version in carried.items():
        bases[k]["version"] = version
    done(f"ย้าย '{labels[mid]}' {'ขึ้น' if step < 0 else 'ลง'}แล้ว")


c1, c2, c3 = st.columns(3)
position = ids.index(mid)
if c1.button("เลื่อนขึ้น", key="measures_up", disabled=position == 0, icon=":material/arrow_upward:"):
    move_measure(-1)
if c2.button("เลื่อนลง", key="measures_down", disabled=position == len(ids) - 1, icon=":material/arrow_downward:"):
    move_measure(1)
if c3.button("ลบมาตรการนี้", key="measures_delete", icon=":material/delete:"):
    ss[CONFIRM] = mid
if ss.get(CONFIRM) == mid:
    st.warning(plain_line(f"ยืนยันการลบมาตรการ '{labels[mid]}'? ลบแล้วยังกู้คืนได้ "
                          "(ปุ่ม 'เลิกทำ' หรือส่วน 'มาตรการที่ลบไปแล้ว')"))
    c1, c2 = st.columns(2)
    if c1.button("ยืนยันการลบ", type="primary", key="measures_delete_confirm"):
        ss.pop(CONFIRM, None)
        try:
            s.delete_measure(mid, current["version"], author())
        except StoreError as exc:
            st.error(plain_line(exc.message_th))
        else:
            bases.pop(mid, None)
            ss[UNDO] = {"id": mid, "label": labels[mid]}
            done(f"ลบมาตรการ '{labels[mid]}' แล้ว", keep_undo=True)
    if c2.button("ยกเลิก", key="measures_delete_cancel"):
        ss.pop(CONFIRM, None)
        st.rerun()

if current["version"] != base["version"] and ss.get(CONFLICT, {}).get("id") != mid:
    st.info(f"มีการบันทึกมาตรการนี้หลังจากที่คุณเปิดแบบฟอร์ม (ฉบับที่ {current['version']}) "
            "ถ้าบันทึกตอนนี้ระบบจะแสดงสิ่งที่เปลี่ยนให้ตรวจก่อน หรือกด 'โหลดฉบับล่าสุด'")
conflict = ss.get(CONFLICT)
if conflict and conflict["id"] == mid:
    st.error(plain_line(conflict["message"]))
    st.dataframe(
        conflict["table"], hide_index=True,
        column_config={"field": "ช่อง", "before": "ค่าเดิม (ที่คุณเปิดอ่าน)", "theirs": "ค่าที่อีกคนบันทึก",
                       "mine": "ค่าที่คุณกรอก"},
    )
    st.caption("ข้อมูลที่คุณกรอกยังอยู่ในแบบฟอร์มด้านล่าง เลือกได้ว่าจะบันทึกทับ หรือโหลดฉบับล่าสุดแล้วแก้ใหม่")
    c1, c2 = st.columns(2)
    if c1.button("ใช้ข้อมูลของฉัน (กดบันทึกอีกครั้งเพื่อยืนยัน)", key="measures_conflict_mine"):
        # Only the fields this person changed (against what they read) are saved over the other's.
        bases[mid] = {**base, "version": current["version"]}
        ss.pop(CONFLICT, None)
        st.rerun()
    if c2.button("โหลดฉบับล่าสุด (ทิ้งสิ่งที่ฉันแก้)", key="measures_conflict_reload"):
        bases[mid] = {"version": current["version"], "read": current, "nonce": base["nonce"] + 1}
        ss.pop(CONFLICT, None)
        st.rerun()

with st.form(ek):
    st.caption(f"แบบฟอร์มนี้อ่านจากฉบับที่ {base['version']} ของมาตรการ")
    edited, problems = measure_fields(ek, read, fw, plan_year, units, editing=True,
                                      number_help="เปลี่ยนเลขลำดับได้ บันทึกความก้าวหน้าของมาตรการยังอยู่ครบ")
    saved = st.form_submit_button("บันทึกการแก้ไข", type="primary", key="measures_edit_submit",
                                  icon=":material/save:")
if saved and problems:
    show_problems(InvalidEntry(problems))
elif saved:
    changes = plan.changed_fields(read, edited)
    if not changes:
        st.info("ไม่มีช่องใดเปลี่ยน จึงไม่ได้บันทึก")
    else:
        try:
            row = s.update_measure(mid, changes, base["version"], author())
        except ConflictError as exc:
            ss[CONFLICT] = {"id": mid, "message": plan.conflict_message(exc.by, exc.at, exc.theirs),
                            "table": plan.conflict_table(exc.theirs, changes)}
            st.rerun()
        except InvalidEntry as exc:
            show_problems(exc)
        except StoreError as exc:
            st.error(plain_line(exc.message_th))
        else:
            bases[mid] = {"version": row["version"], "read": row, "nonce": base["nonce"] + 1}
            ss.pop(CONFLICT, None)
            done(f"บันทึกการแก้ไข '{plan.measure_label(row['number'], row['title'])}' แล้ว (ฉบับที่ {row['version']})")

# -- history ----------------------------------------------------------------------------------
st.subheader("ประวัติการแก้ไขของมาตรการนี้")
history = s.history("measures", mid)
st.dataframe(
    plan.history_table(history), hide_index=True, column_order=["at", "author", "action", "version", "changes"],
    column_config={"at": "เมื่อ", "author": "ผู้บันทึก", "action": "การกระทำ", "version": "ฉบับที่",
                   "changes": st.column_config.TextColumn("สิ่งที่เปลี่ยน", width="large")},
)
restorable = plan.restorable_versions(history, current["version"])
if restorable.empty:
    st.caption("ยังไม่มีฉบับก่อนหน้าให้กู้คืน")
else:
    choices = dict(zip(restorable["id"], restorable["label"], strict=True))
    c1, c2 = st.columns([3, 1])
    hid = c1.selectbox("ฉบับที่ต้องการกู้คืน", list(choices), format_func=choices.get, key=f"measures_restore|{mid}")
    if c2.button("กู้คืนฉบับนี้", key="measures_restore_button", icon=":material/history:"):
        try:
            s.restore_version(hid, author())
        except StoreError as exc:
            st.error(plain_line(exc.message_th))
        else:
            bases.pop(mid, None)
            done(f"กู้คืน '{labels[mid]}' เป็น{choices[hid].split(' · ')[0]}แล้ว")

deleted = plan.deleted_measures(s.history("measures"), agency, plan_year)
if not deleted.empty:
    with st.expander(f"มาตรการที่ลบไปแล้วของปี {plan_year} ({len(deleted)})"):
        gone = dict(zip(deleted["id"], deleted["label"], strict=True))
        back = st.selectbox("มาตรการที่ลบ", list(gone), format_func=gone.get, key="measures_deleted_pick")
        if st.button("กู้คืนมาตรการนี้", key="measures_undelete", icon=":material/restore_from_trash:"):
            try:
                s.undelete_measure(back, author())
            except StoreError as exc:
                st.error(plain_line(exc.message_th))
            else:
                done(f"กู้คืนมาตรการ '{gone[back]}' แล้ว")
