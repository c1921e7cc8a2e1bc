"""The measures page's workflows: adding a measure (blank, from a weak indicator or from the
catalogue), and for the measure chosen moving it, deleting it (with a confirmation and an undo),
editing it against the version its form read (ita.services.open_forms: the conflict with someone
else's save, keep mine or take theirs), and restoring an earlier version or a deleted measure.
pages/measures.py calls these in its order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

import pandas as pd
import streamlit as st

from ita.core.framework import Framework
from ita.core.markdown import plain_line
from ita.core.model import Dataset
from ita.services import catalogue, plan
from ita.services.open_forms import OpenForms, measure_conflict
from ita.storage.store import ConflictError, InvalidEntry, Store
from ita.ui.auth import current_account
from ita.ui.measure_form import measure_fields
from ita.ui.saving import flash, problems_message, save

FLASH, UNDO, CONFIRM, EDITS, ADD_NONCE = (
    "measures_flash", "measures_undo", "measures_confirm_delete", "measures_edit_base", "measures_add_nonce",
)


@dataclass(frozen=True)
class PlanView:
    """One agency's plan of one fiscal year, as the measures page works on it."""

    ds: Dataset
    fw: Framework
    store: Store
    agency: str
    plan_year: int
    measures: pd.DataFrame  # Store.measures of the plan, in plan order
    units: list[str]  # the agency's units, offered in the forms

    @property
    def labels(self) -> dict[int, str]:
        """Returns {id: '3. title'} of the plan's measures, in plan order."""
        return plan.measure_labels(self.measures)


def edit_forms() -> OpenForms:
    """Returns the measures' edit forms open in this session, and the conflict shown."""
    return OpenForms(st.session_state, EDITS)


def done(message: str, keep_undo: bool = False) -> NoReturn:
    """Remembers a message for the next run, and reruns so every table shows the change (the
    undo of a deletion is offered until the next change, unless `keep_undo`)."""
    if not keep_undo:
        st.session_state.pop(UNDO, None)
    flash(FLASH, message)


def flash_and_undo(store: Store) -> None:
    """Shows the message of the last change (once), and the undo of a deletion just made."""
    if FLASH in st.session_state:
        st.success(plain_line(st.session_state.pop(FLASH)))
    undo = st.session_state.get(UNDO)
    if not undo:
        return
    c1, c2 = st.columns([3, 1])
    c1.info(plain_line(f"ลบมาตรการ '{undo['label']}' แล้ว ยังกู้คืนได้"))
    if c2.button("เลิกทำ (กู้คืนมาตรการ)", key="measures_undo_button", icon=":material/undo:"):
        if save(lambda: store.undelete_measure(undo["id"], current_account())):
            done(f"กู้คืนมาตรการ '{undo['label']}' แล้ว")
        st.session_state.pop(UNDO, None)  # refused: the undo is not offered again


# -- add a measure ------------------------------------------------------------------------------


def _from_weak(view: PlanView) -> tuple[dict[str, Any], str]:
    """Draws the choice of a weak indicator of a scored year; returns the form's prefill and its source."""
    scored = plan.scored_years(view.ds, view.agency, view.fw)
    if not scored:
        st.info("หน่วยงานนี้ยังไม่มีคะแนนรายตัวชี้วัด (มีเฉพาะคะแนนรวม) จึงยังเลือกจากตัวชี้วัดที่ควรพัฒนาไม่ได้ "
                "ใช้แบบฟอร์มว่างด้านล่างได้ หรือนำเข้าคะแนนรายตัวชี้วัดก่อน")
        return {}, "blank"
    first = plan.weak_source_year(scored, view.plan_year)
    source_year = st.selectbox("ผลการประเมินของปี", scored, index=scored.index(first), key="measures_weak_year")
    weak = plan.weak_choices(view.ds, view.agency, source_year, view.fw)
    if weak.empty:
        st.success(f"ทุกตัวชี้วัดของปี {source_year} ได้ 95 ขึ้นไป ไม่มีตัวชี้วัดที่ต้องพัฒนา")
        return {}, "blank"
    st.dataframe(
        weak, hide_index=True, column_order=["label", "score", "category_th", "headroom"],
        column_config={
            "label": "ตัวชี้วัด", "score": st.column_config.NumberColumn("คะแนน", format="%.2f"),
            "category_th": "กลุ่ม",
            "headroom": st.column_config.NumberColumn("คะแนนรวมที่ยังเพิ่มได้", format="%.2f"),
        },
    )
    labels = dict(zip(weak["indicator"], weak["label"], strict=True))
    code = st.selectbox("ตัวชี้วัดที่จะวางมาตรการ", list(labels), format_func=labels.get, key="measures_weak_code")
    return plan.prefill_from_weak(weak, code), f"weak{source_year}-{code}"


def _from_catalogue(view: PlanView, all_measures: pd.DataFrame) -> tuple[dict[str, Any], str]:
    """Draws the choice of a catalogue measure (the agency's earlier ones first); returns the
    form's prefill and its source."""
    plan_year, fw = view.plan_year, view.fw
    st.caption(f"มาตรการเดิมของหน่วยงานนี้ (ปีก่อนปี {plan_year}) และคลังมาตรการที่สร้างจากรายงานของ "
               "อบต.ป่าตึง (มาตรการปี 2568, 2569 และแนวทางยกระดับรายตัวชี้วัด) · ระยะเวลาจะเลื่อนมาเป็นปีของแผน")
    entries = [*catalogue.own_entries(all_measures, plan_year, view.ds.is_fictional(view.agency),
                                      view.ds["indicator_scores"], fw),
               *catalogue.load_catalogue()]
    c1, c2 = st.columns([1, 3])
    only = c1.selectbox("เฉพาะตัวชี้วัด", [None, *fw.indicator_codes], key="measures_cat_indicator",
                        format_func=lambda c: "ทุกตัวชี้วัด" if c is None else fw.indicator_label(c))
    listed = catalogue.listing(entries, only, view.measures["title"])
    if listed.empty:
        c2.info("ยังไม่มีมาตรการในคลังสำหรับตัวชี้วัดนี้")
        return {}, "blank"
    labels = dict(zip(listed["key"], listed["label"], strict=True))
    key = c2.selectbox("มาตรการในคลัง", list(labels), format_func=labels.get,
                       key=f"measures_cat_key|{view.agency}|{plan_year}|{only}")
    entry = catalogue.entry_by_key(entries, key)
    st.caption(plain_line(f"ที่มา: {entry.source}" + (" · ข้อมูลสมมุติ" if entry.fictional else "")))
    if entry.outcome_th:
        st.caption(plain_line(entry.outcome_th))
    if entry.link == "U":
        st.warning(plain_line(f"ตัวชี้วัด {', '.join(entry.indicators)}: {catalogue.LINK_TH['U']} — "
                                    f"{entry.link_note} ตรวจก่อนบันทึก"), icon=":material/help:")
    else:
        st.caption(plain_line(f"ตัวชี้วัด {', '.join(entry.indicators)}: {catalogue.LINK_TH['C']}"))
    return catalogue.form_values(entry, plan_year, view.units), f"cat-{key}"


def add_section(view: PlanView, all_measures: pd.DataFrame) -> None:
    """Draws where a new measure starts from (blank, a weak indicator, the catalogue) and the add
    form filled from it; saves the form's measure at the end of the plan."""
    st.subheader("เพิ่มมาตรการ")
    mode = st.radio(
        "เริ่มจาก", ["blank", "weak", "catalogue"], horizontal=True, key="measures_add_mode",
        format_func={"blank": "แบบฟอร์มว่าง", "weak": "ตัวชี้วัดที่ควรพัฒนา", "catalogue": "จากคลังมาตรการ"}.get,
    )
    prefill, source = {}, "blank"
    if mode == "weak":
        prefill, source = _from_weak(view)
    elif mode == "catalogue":
        prefill, source = _from_catalogue(view, all_measures)
    plan_year = view.plan_year
    # The form's key changes with its source and after each save, so it starts from the new
    # suggestion; a refused save keeps the key, so nothing the person typed is lost.
    nonce = st.session_state.get(ADD_NONCE, 0)
    form_key = f"add|{view.agency}|{plan_year}|{source}|{nonce}"
    suggested = {**prefill, "number": plan.next_number(view.measures["number"]),
                 "period": prefill.get("period") or plan.default_period(plan_year)}
    with st.form(form_key):
        fields, problems = measure_fields(form_key, suggested, view.fw, plan_year, view.units, editing=False,
                                          number_help="เสนอเลขถัดจากเลขที่มากที่สุดของปีนี้ แก้ได้")
        added = st.form_submit_button("บันทึกมาตรการใหม่", type="primary", key="measures_add_submit",
                                      icon=":material/add:")
    if added and problems:
        st.error(problems_message(InvalidEntry(problems)))
    elif added:
        # A measure made from the catalogue records where it came from.
        origin = {"source": prefill["source"]} if prefill.get("source") else {}
        fields = {"agency": view.agency, "year": plan_year, **fields, **origin}
        if save(lambda: view.store.add_measure(fields, current_account()), invalid=problems_message):
            st.session_state[ADD_NONCE] = nonce + 1
            done(f"เพิ่มมาตรการ '{plan.measure_label(fields['number'], fields['title'])}' ในแผนปี {plan_year} แล้ว")


# -- carry the unfinished measures into the next plan ---------------------------------------------


def carry_section(view: PlanView) -> None:
    """Draws the carrying of the plan's unfinished measures (not carried yet) into the plan of the year after:
    all of them chosen, one button; the store refuses what may not be carried and says why."""
    to_year = view.plan_year + 1
    candidates = plan.carry_candidates(view.measures, view.store.measures(view.agency, to_year))
    with st.expander(f"ยกมาตรการที่ยังไม่แล้วเสร็จไปปีงบประมาณ {to_year}", icon=":material/redo:"):
        if candidates.empty:
            st.caption(f"ไม่มีมาตรการของปี {view.plan_year} ที่ยังไม่แล้วเสร็จและยังไม่ได้ยกไปแผนปี {to_year}")
            return
        st.caption(f"มาตรการที่ยกไปจะต่อท้ายแผนปี {to_year} ด้วยรายละเอียดและสถานะเดิม ระยะเวลาเลื่อนเป็นปี {to_year} "
                   "ผลการดำเนินการ ปัญหา/อุปสรรคและข้อเสนอแนะของปีนี้อยู่กับมาตรการเดิม บันทึกความก้าวหน้าเดิมแสดงใต้"
                   "บันทึกของมาตรการที่ยกไปในหน้า 'ติดตามความก้าวหน้า'")
        labels = dict(zip((int(i) for i in candidates["id"]), candidates["label"], strict=True))
        # The key names the candidates: after a carry the list is new, and so is its default (all of them).
        chosen = st.multiselect("มาตรการที่จะยกไป", list(labels), default=list(labels), format_func=labels.get,
                                key=f"measures_carry_pick|{view.agency}|{view.plan_year}|{','.join(map(str, labels))}")
        clicked = st.button(f"ยก {len(chosen)} มาตรการไปแผนปี {to_year}", key="measures_carry", type="primary",
                            disabled=not chosen, icon=":material/redo:")
    if clicked:
        saved = save(lambda: view.store.carry_forward(chosen, to_year, current_account()), invalid=problems_message)
        if saved:
            done(plan.carried_message(len(saved.value), to_year))


# -- the measure chosen -------------------------------------------------------------------------


def pick_measure(view: PlanView) -> tuple[int, dict[str, Any]]:
    """Draws the choice of a measure of the plan; returns its id and its row as stored now. Its
    edit form opens on that row unless one is open already."""
    st.subheader("แก้ไข จัดลำดับ หรือลบมาตรการ")
    labels = view.labels
    measure_id = st.selectbox("เลือกมาตรการ", list(labels), format_func=labels.get,
                              key=f"measures_pick|{view.agency}|{view.plan_year}")
    current = view.store.measure(measure_id)
    edit_forms().open(measure_id, current)
    return measure_id, current


def _move(view: PlanView, measure_id: int, step: int) -> None:
    """Moves the measure; forms open at the version just before the move stay valid."""
    before = plan.versions(view.measures)
    order = plan.move(list(view.labels), measure_id, step)
    if save(lambda: view.store.reorder_measures(order, current_account())) is None:
        return
    edit_forms().carry(before, plan.versions(view.store.measures(view.agency, view.plan_year)))
    done(f"ย้าย '{view.labels[measure_id]}' {'ขึ้น' if step < 0 else 'ลง'}แล้ว")


def order_and_delete(view: PlanView, measure_id: int, current: dict[str, Any]) -> None:
    """Draws the buttons that move the measure up or down and delete it (after a confirmation)."""
    ids, label = list(view.labels), view.labels[measure_id]
    c1, c2, c3 = st.columns(3)
    position = ids.index(measure_id)
    if c1.button("เลื่อนขึ้น", key="measures_up", disabled=position == 0, icon=":material/arrow_upward:"):
        _move(view, measure_id, -1)
    if c2.button("เลื่อนลง", key="measures_down", disabled=position == len(ids) - 1,
                 icon=":material/arrow_downward:"):
        _move(view, measure_id, 1)
    if c3.button("ลบมาตรการนี้", key="measures_delete", icon=":material/delete:"):
        st.session_state[CONFIRM] = measure_id
    if st.session_state.get(CONFIRM) != measure_id:
        return
    st.warning(plain_line(f"ยืนยันการลบมาตรการ '{label}'? ลบแล้วยังกู้คืนได้ "
                                "(ปุ่ม 'เลิกทำ' หรือส่วน 'มาตรการที่ลบไปแล้ว')"))
    c1, c2 = st.columns(2)
    if c1.button("ยืนยันการลบ", type="primary", key="measures_delete_confirm"):
        st.session_state.pop(CONFIRM, None)
        if save(lambda: view.store.delete_measure(measure_id, current["version"], current_account())):
            edit_forms().close(measure_id)
            st.session_state[UNDO] = {"id": measure_id, "label": label}
            done(f"ลบมาตรการ '{label}' แล้ว", keep_undo=True)
    if c2.button("ยกเลิก", key="measures_delete_cancel"):
        st.session_state.pop(CONFIRM, None)
        st.rerun()


def conflict_box(measure_id: int, current: dict[str, Any]) -> None:
    """Says when the measure was saved since its form was read; after a refused save, shows what
    the other person changed and the choice of saving over it or taking it."""
    forms = edit_forms()
    if forms.changed_since_read(measure_id, current["version"]):
        st.info(f"มีการบันทึกมาตรการนี้หลังจากที่คุณเปิดแบบฟอร์ม (ฉบับที่ {current['version']}) "
                "ถ้าบันทึกตอนนี้ระบบจะแสดงสิ่งที่เปลี่ยนให้ตรวจก่อน หรือกด 'โหลดฉบับล่าสุด'")
    conflict = forms.conflict()
    if conflict is None or conflict.row_id != measure_id:
        return
    st.error(plain_line(conflict.message))
    st.dataframe(
        conflict.table, hide_index=True,
        column_config={"field": "ช่อง", "before": "ค่าเดิม (ที่คุณเปิดอ่าน)", "theirs": "ค่าที่อีกคนบันทึก",
                       "mine": "ค่าที่คุณกรอก"},
    )
    st.caption("ข้อมูลที่คุณกรอกยังอยู่ในแบบฟอร์มด้านล่าง เลือกได้ว่าจะบันทึกทับ หรือโหลดฉบับล่าสุดแล้วแก้ใหม่")
    c1, c2 = st.columns(2)
    if c1.button("ใช้ข้อมูลของฉัน (กดบันทึกอีกครั้งเพื่อยืนยัน)", key="measures_conflict_mine"):
        # Only the fields this person changed (against what they read) are saved over the other's.
        forms.keep_mine(measure_id, current["version"])
        st.rerun()
    if c2.button("โหลดฉบับล่าสุด (ทิ้งสิ่งที่ฉันแก้)", key="measures_conflict_reload"):
        forms.reload(measure_id, current)
        st.rerun()


def edit_form(view: PlanView, measure_id: int) -> None:
    """Draws the edit form of the measure as its form read it; saves the fields changed against
    the version read (a conflict when someone saved since)."""
    forms = edit_forms()
    form = forms.open_form(measure_id)
    form_key = form.key("edit", measure_id)
    with st.form(form_key):
        st.caption(f"แบบฟอร์มนี้อ่านจากฉบับที่ {form.version} ของมาตรการ")
        edited, problems = measure_fields(form_key, form.read, view.fw, view.plan_year, view.units, editing=True,
                                          number_help="เปลี่ยนเลขลำดับได้ บันทึกความก้าวหน้าของมาตรการยังอยู่ครบ")
        submitted = st.form_submit_button("บันทึกการแก้ไข", type="primary", key="measures_edit_submit",
                                          icon=":material/save:")
    if not submitted:
        return
    if problems:
        st.error(problems_message(InvalidEntry(problems)))
        return
    changes = plan.changed_fields(form.read, edited)
    if not changes:
        st.info("ไม่มีช่องใดเปลี่ยน จึงไม่ได้บันทึก")
        return

    def refused(exc: ConflictError) -> NoReturn:
        forms.refused(measure_conflict(measure_id, exc, changes))
        st.rerun()

    saved = save(lambda: view.store.update_measure(measure_id, changes, form.version, current_account()),
                 invalid=problems_message, conflict=refused)
    if saved:
        row = saved.value
        forms.reload(measure_id, row)
        done(f"บันทึกการแก้ไข '{plan.measure_label(row['number'], row['title'])}' แล้ว (ฉบับที่ {row['version']})")


def history_section(view: PlanView, measure_id: int, current: dict[str, Any]) -> None:
    """Draws the measure's history and the restore of an earlier version."""
    st.subheader("ประวัติการแก้ไขของมาตรการนี้")
    history = view.store.history("measures", measure_id)
    st.dataframe(
        plan.history_table(history), hide_index=True, column_order=["at", "author", "action", "version", "changes"],
        column_config={"at": "เมื่อ", "author": "ผู้บันทึก", "action": "การกระทำ", "version": "ฉบับที่",
                       "changes": st.column_config.TextColumn("สิ่งที่เปลี่ยน", width="large")},
    )
    restorable = plan.restorable_versions(history, current["version"])
    if restorable.empty:
        st.caption("ยังไม่มีฉบับก่อนหน้าให้กู้คืน")
        return
    choices = dict(zip(restorable["id"], restorable["label"], strict=True))
    c1, c2 = st.columns([3, 1])
    chosen = c1.selectbox("ฉบับที่ต้องการกู้คืน", list(choices), format_func=choices.get,
                          key=f"measures_restore|{measure_id}")
    if c2.button("กู้คืนฉบับนี้", key="measures_restore_button", icon=":material/history:") and save(
            lambda: view.store.restore_version(chosen, current_account())):
        edit_forms().close(measure_id)
        done(f"กู้คืน '{view.labels[measure_id]}' เป็น{choices[chosen].split(' · ')[0]}แล้ว")


def deleted_section(view: PlanView) -> None:
    """Draws the plan's deleted measures, each of which can be brought back."""
    deleted = plan.deleted_measures(view.store.history("measures"), view.agency, view.plan_year)
    if deleted.empty:
        return
    with st.expander(f"มาตรการที่ลบไปแล้วของปี {view.plan_year} ({len(deleted)})"):
        gone = dict(zip(deleted["id"], deleted["label"], strict=True))
        back = st.selectbox("มาตรการที่ลบ", list(gone), format_func=gone.get, key="measures_deleted_pick")
        if st.button("กู้คืนมาตรการนี้", key="measures_undelete", icon=":material/restore_from_trash:") and save(
                lambda: view.store.undelete_measure(back, current_account())):
            done(f"กู้คืนมาตรการ '{gone[back]}' แล้ว")
