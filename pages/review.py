"""Did last year's measures work? The review of a plan year: each measure's status and its indicators' change
from the year before, beside the indicators no measure targeted; targets beside the scores reached; what the
comparison can and cannot say. Reads widgets, calls ita.services.review, renders."""

import streamlit as st

from ita.core.markdown import plain_line
from ita.core.review import fmt
from ita.services import review as sr
from ita.services.charts import review_chart
from ita.storage.export import frames_to_xlsx
from ita.ui.common import chart, chart_fiction, chosen_agency
from ita.ui.data import review_of
from ita.ui.page import NO_AGENCY, start_page

ds, fw, sel, _ = start_page()

st.title("มาตรการได้ผลหรือไม่")
st.caption("ทบทวนมาตรการของปีงบประมาณหนึ่ง เทียบผลการประเมินปีก่อนกับปีที่ดำเนินมาตรการ "
           "เพื่อวางแผนปีถัดไป (ข้อมูลเดียวกับที่ใช้ในเอกสาร O27 ของปีถัดไป)")
agency = chosen_agency(ds, sel, NO_AGENCY, heading=True)

years = sr.review_years(ds["measures"]["year"])
default = sr.default_review_year(years, sel.year)
if default is None:
    st.info("ยังไม่มีแผนมาตรการของหน่วยงานนี้ จึงยังทบทวนผลไม่ได้ (เพิ่มมาตรการได้ที่หน้า 'มาตรการ')")
    st.stop()
year = st.selectbox("ทบทวนแผนมาตรการของปีงบประมาณ (พ.ศ.)", years, index=years.index(default),
                    key=f"review_year|{agency}|{sel.year}",
                    help="มาตรการของปี Y วางจากผลการประเมินปี Y−1 และดำเนินการในปี Y จึงเทียบผลปี Y−1 กับปี Y")
r = review_of(agency, year)

st.markdown(f"**{plain_line(r.headline())}**")
c1, c2, c3, c4 = st.columns(4)
c1.metric(f"มาตรการปี {year} แล้วเสร็จ", f"{r.done} จาก {r.count}", border=True)
c2.metric("ตัวชี้วัดที่มาตรการมุ่ง (เฉลี่ย)", fmt(r.targeted_change, True), border=True,
          help=f"{len(r.targeted)} ตัวชี้วัด: คะแนนปี {year} ลบปี {year - 1} เฉลี่ยอย่างง่าย ตัวชี้วัดที่หลายมาตรการมุ่งนับครั้งเดียว")
c3.metric("ตัวชี้วัดอื่น (เฉลี่ย)", fmt(r.untargeted_change, True), border=True,
          help=f"{len(r.untargeted)} ตัวชี้วัดที่ไม่มีมาตรการใดมุ่ง")
c4.metric(f"คะแนนรวม {year - 1}→{year}", fmt(r.total_change, True), border=True,
          help=f"ปี {year - 1}: {fmt(r.total_before)} · ปี {year}: {fmt(r.total_after)}")
for note in r.notes:
    st.caption(plain_line(note))

st.subheader("มาตรการและตัวชี้วัดที่มุ่ง")
measures = sr.measures_table(r)
fiction = chart_fiction(ds, agency)
st.dataframe(measures, hide_index=True, key="review_measures", column_config={
    "number": st.column_config.TextColumn("ลำดับ", width="small"),
    "title": st.column_config.TextColumn("มาตรการ", width="large"),
    "status": "สถานะสุดท้าย", "indicators": "ตัวชี้วัดที่มุ่ง",
    "change": st.column_config.TextColumn(f"คะแนนที่เปลี่ยน {year - 1}→{year}", width="medium"),
    "target": st.column_config.TextColumn("เป้าหมายกับคะแนนที่ได้", width="medium"),
})

indicators = sr.indicators_table(r, fw)
if r.mode == "indicators":
    st.subheader("ตัวชี้วัดที่มาตรการมุ่ง เทียบกับตัวชี้วัดอื่น")
    chart(review_chart(indicators, year - 1, year, r.targeted_change, r.untargeted_change), f"ita_review_{year}",
          data=lambda: frames_to_xlsx({"ทบทวนมาตรการ": measures, "ตัวชี้วัด": indicators}, fiction))

scenarios = sr.scenarios_table(r)
if not scenarios.empty:
    st.subheader(f"เป้าหมายที่ตั้งไว้ (สถานการณ์จากผลปี {year - 1}) กับคะแนนที่ได้ในปี {year}")
    st.dataframe(scenarios, hide_index=True, key="review_scenarios", column_config={
        "scenario": "สถานการณ์", "indicator": "ตัวชี้วัด",
        "target": st.column_config.NumberColumn("เป้าหมาย", format="%.2f"),
        "reached": st.column_config.NumberColumn("ได้จริง", format="%.2f"),
        "gap": st.column_config.NumberColumn("ต่างจากเป้า", format="%+.2f"), "met": "ผล",
    })

unfinished = r.count - r.done
if unfinished:
    st.info(plain_line(f"ยังมีมาตรการปี {year} ที่ไม่แล้วเสร็จ {unfinished} มาตรการ ยกไปแผนปี {year + 1} ได้ที่หน้า 'มาตรการ' "
                       f"(เลือกแผนปี {year})"), icon=":material/redo:")
st.page_link("pages/measures.py", label=f"ไปที่หน้ามาตรการ (วางแผนปี {year + 1})", icon=":material/checklist:")
