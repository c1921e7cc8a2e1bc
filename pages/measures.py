"""Measures (the content of O27): the plan of a fiscal year; add, edit, reorder, delete and undo,
and the history of each measure with restore. Reads widgets, calls ita.services.plan and the
workflows of ita.ui.measures, renders."""

import streamlit as st

from ita.core.checks import plan_periods_outside_year
from ita.core.markdown import plain_line
from ita.services import plan
from ita.ui.auth import may_write
from ita.ui.common import chosen_agency, plan_year_choice
from ita.ui.documents import o27_section
from ita.ui.measures import (
    PlanView,
    add_section,
    carry_section,
    conflict_box,
    deleted_section,
    edit_form,
    flash_and_undo,
    history_section,
    order_and_delete,
    pick_measure,
)
from ita.ui.page import NO_AGENCY, start_page

ds, fw, sel, store = start_page()

st.title("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
st.caption("แผนมาตรการของหน่วยงาน (เนื้อหาของข้อ O27) ที่ได้จากการวิเคราะห์ผลการประเมินปีก่อน")
agency = chosen_agency(ds, sel, NO_AGENCY)

# -- the plan year: remembered per sidebar choice, shared with the progress page --------------
all_measures = store.measures(agency)
plan_year = plan_year_choice(all_measures["year"], agency, sel.year, "measures_plan_year",
                             help=f"ผลการประเมินปี {sel.year} ใช้วางมาตรการของปี {sel.year + 1}")
st.subheader(f"{plain_line(agency)} · แผนมาตรการปีงบประมาณ {plan_year}")
flash_and_undo(store)

# -- the plan ---------------------------------------------------------------------------------
measures = store.measures(agency, plan_year)
origins = store.carry_origins(agency, plan_year)  # where the plan's carried measures came from
if measures.empty:
    st.info(f"ยังไม่มีมาตรการของปีงบประมาณ {plan_year} เพิ่มได้ในส่วน 'เพิ่มมาตรการ' ด้านล่าง")
else:
    columns = ["number", "title", "indicators", "units", "period", "status", "target", "updated"]
    if plan.has_results(measures):
        columns.append("results")
    if not origins.empty:
        columns.append("carried")
    st.dataframe(
        plan.plan_table(measures, origins),
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
            "carried": st.column_config.TextColumn("ยกมาจาก", width="medium"),
        },
        key="measures_plan_table",
    )
    st.caption(f"{len(measures)} มาตรการ เรียงตามลำดับในแผน (ลำดับตามเอกสาร ไม่จำเป็นต้องต่อเนื่อง)")
    for line in plan_periods_outside_year(measures, plan_year):
        st.warning(plain_line(line), icon=":material/event_busy:")
    carried = plan.origin_labels(origins)
    with st.expander("รายละเอียดของแต่ละมาตรการ"):
        for row in measures.to_dict("records"):
            st.markdown(f"**{plain_line(plan.measure_label(row['number'], row['title'], 200))}**")
            for label, text in plan.measure_details(row, carried.get(int(row["id"]), "")):
                st.text(f"{label}: {text}")
            st.divider()

# -- the official documents ---------------------------------------------------------------------
with st.expander("เอกสาร O27 (Word / Excel / PDF) และสรุปสำหรับผู้บริหาร", icon=":material/description:"):
    o27_section(ds, fw, agency, plan_year)

# -- add a measure, then edit, reorder, delete or restore the one chosen ------------------------
view = PlanView(ds, fw, store, agency, plan_year, measures, store.units(agency))
if not may_write("measures", agency):  # a courtesy: the store refuses such a write anyway
    st.stop()
carry_section(view)
add_section(view, all_measures)
if measures.empty:
    st.stop()
measure_id, current = pick_measure(view)
order_and_delete(view, measure_id, current)
conflict_box(measure_id, current)
edit_form(view, measure_id)
history_section(view, measure_id, current)
deleted_section(view)
