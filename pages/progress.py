"""Progress of the measures (the content of O28): implementation rate, by unit and by quarter, a
timeline, the measures nobody updated, the dated progress log with evidence links (an entry can
be corrected, or deleted with an undo), and the problems/obstacles and suggestions O28 gives per measure
and for the year. Reads widgets, calls ita.services.plan and the workflows of
ita.ui.progress, renders."""

from datetime import date

import streamlit as st

from ita.core.markdown import plain_line
from ita.core.thai import format_number
from ita.services import charts, plan, progress
from ita.ui.common import chart, chosen_agency, plan_year_choice
from ita.ui.documents import o28_section
from ita.ui.page import NO_AGENCY, start_page
from ita.ui.progress import (
    evidence_column,
    measure_log,
    measure_report_form,
    original_logs_section,
    progress_form,
    show_flash,
    stale_days,
    year_report_form,
)

ds, fw, sel, store = start_page()
today = date.today()

st.title("ติดตามความก้าวหน้ามาตรการ")
st.caption("ผลการดำเนินการตามมาตรการ (เนื้อหาของข้อ O28): ความก้าวหน้า หลักฐาน และมาตรการที่ยังไม่มีความเคลื่อนไหว")
agency = chosen_agency(ds, sel, NO_AGENCY)

all_measures = store.measures(agency)
plan_year = plan_year_choice(all_measures["year"], agency, sel.year, "progress_plan_year")
st.subheader(f"{plain_line(agency)} · มาตรการปีงบประมาณ {plan_year}")
show_flash()

measures = store.measures(agency, plan_year)
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

with st.expander("รายงาน O28 (Word / Excel / PDF)", icon=":material/description:"):
    o28_section(ds, fw, agency, plan_year)

st.subheader("รายส่วนงาน")
st.dataframe(
    progress.by_unit(measures, store.units(agency)), hide_index=True,
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
days = stale_days()
stale = progress.stale_measures(measures, plan_entries, today, days)
if stale.empty:
    st.success(f"ทุกมาตรการที่ยังไม่แล้วเสร็จมีการปรับปรุงภายใน {days} วันที่ผ่านมา")
else:
    st.warning(f"{len(stale)} มาตรการไม่มีการปรับปรุงมาแล้ว {days} วันขึ้นไป (นับถึง "
               f"{plan.thai_date(today)})")
    st.dataframe(
        stale, hide_index=True, column_order=["number", "title", "status", "units", "last_update", "days"],
        column_config={"number": "ลำดับ", "title": "มาตรการ", "status": "สถานะ", "units": "ส่วนงาน",
                       "last_update": st.column_config.DateColumn("ปรับปรุงล่าสุด", format="DD/MM/YYYY"),
                       "days": "ผ่านมา (วัน)"},
    )
st.caption("ปรับปรุงล่าสุด = วันที่ล่าสุดระหว่างการแก้ไขมาตรการกับบันทึกความก้าวหน้า "
           "มาตรการที่แล้วเสร็จไม่ถูกนับ")

# -- record progress on a measure, and its log ----------------------------------------------------
st.subheader("บันทึกความก้าวหน้า")
labels = plan.measure_labels(measures)
measure_id = st.selectbox("มาตรการ", list(labels), format_func=labels.get, key=f"progress_pick|{agency}|{plan_year}")
progress_form(store, measure_id, labels[measure_id], today)
measure_log(store, measure_id, labels[measure_id], today)
original_logs_section(store, measure_id)
measure_report_form(store, measure_id, labels[measure_id])

st.subheader("บันทึกความก้าวหน้าทุกมาตรการของแผน")
everything = progress.plan_log(measures, plan_entries)
if everything.empty:
    st.caption(f"ยังไม่มีบันทึกความก้าวหน้าของแผนปี {plan_year}")
else:
    st.dataframe(everything, hide_index=True,
                 column_config={"number": "ลำดับ", "title": "มาตรการ", "date": "วันที่",
                                "text": st.column_config.TextColumn("ความก้าวหน้า", width="large"),
                                "evidence": evidence_column(), "author": "ผู้รายงาน"})

year_report_form(store, agency, plan_year)
