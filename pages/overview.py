"""Overview for executives: how the agency did, the trend, the country, what drove the change."""

import streamlit as st

from ita.core.markdown import plain_line
from ita.services.charts import tools_chart, trend_chart, waterfall_chart
from ita.services.overview import drivers_of
from ita.services.review import review_years
from ita.storage.excel import template_bytes
from ita.storage.export import frames_to_xlsx
from ita.ui.common import chart, chart_fiction, fiction_banner, num
from ita.ui.data import overview_of, review_of
from ita.ui.page import start_page

ds, fw, sel, _ = start_page()

st.title("ภาพรวมผลการประเมิน ITA")
if sel.agency is None or sel.year is None:
    st.info("ยังไม่มีข้อมูลผลการประเมินในระบบ เริ่มได้โดยกรอกแม่แบบ Excel แล้วนำเข้า")
    st.download_button("ดาวน์โหลดแม่แบบ Excel (ว่าง)", data=template_bytes, file_name="ita_template.xlsx",
                       on_click="ignore")
    st.stop()

agency, year = sel.agency, sel.year
fiction = chart_fiction(ds, agency)
st.subheader(f"{plain_line(agency)} · ปีงบประมาณ {year}")
fiction_banner(ds, agency)
ov = overview_of(agency, year)  # cards, trend, tools: ita.services.overview.overview(), cached
cards, trend = ov.cards, ov.trend

# The cards sit above the trend chart but are sent after it: the browser fetches plotly's code only
# when a chart arrives, so sending the chart first lets that start while the cards are drawn.
head = st.container()
chart(trend_chart(trend, fw.pass_mark), "ita_trend",
      data=lambda: frames_to_xlsx({"คะแนนรวมรายปี": trend}, fiction))
if len(trend) == 1:
    st.caption(f"มีข้อมูลปีเดียว ({year}) จึงยังไม่เห็นแนวโน้ม")

c1, c2, c3, c4 = head.columns(4)
c1.metric(
    f"คะแนนรวม ปี {year}" + (" (คำนวณ)" if cards.total_is_computed else ""),
    num(cards.total),
    delta=f"{num(cards.change, sign=True)} จากปี {cards.prev_year}" if cards.change is not None else None,
    help=f"ปี {cards.prev_year}: {num(cards.prev_total)}" if cards.prev_total is not None
    else f"ไม่มีคะแนนของปี {cards.prev_year}",
    border=True,
)
if cards.change is None:
    c1.caption(f"ไม่มีคะแนนของปี {cards.prev_year} จึงไม่แสดงการเปลี่ยนแปลง")
c2.metric("ระดับที่ประกาศ", cards.level or "–", border=True,
          help=f"ระดับคำนวณตามเกณฑ์ปี {year} (ความเชื่อมั่นของเกณฑ์: {cards.level_confidence})")
computed = cards.level_computed or "คำนวณไม่ได้"
if cards.level_disagrees:
    c2.warning(f"ระดับที่คำนวณ: {computed} — ไม่ตรงกับที่ประกาศ")
else:
    c2.caption(f"ระดับที่คำนวณ: {computed}" + (f" ({cards.level_note})" if cards.level_note else ""))
c3.metric(f"ห่างจากเกณฑ์ผ่าน {cards.pass_mark:g}", num(cards.gap_to_pass, sign=True), border=True)
c3.caption(f"ห่างจาก 95: {num(cards.gap_to_excellent, sign=True)}")
if cards.national_mean is not None:
    c4.metric(f"เทียบค่าเฉลี่ยประเทศ ({num(cards.national_mean)})", num(cards.diff_national, sign=True),
              border=True, help=f"ที่มา: {cards.national_source} (ความเชื่อมั่น {cards.national_confidence})")
else:
    c4.metric("เทียบค่าเฉลี่ยประเทศ", "–", border=True)
    c4.caption(f"ไม่มีค่าเฉลี่ยประเทศของปี {year}")
for finding in cards.findings:
    head.warning(finding)
# The executives' line on the year's measures (ita.core.review): only when the year had a plan.
if year in review_years(ds["measures"]["year"]):
    head.info(plain_line(review_of(agency, year).headline()), icon=":material/fact_check:")
    head.page_link("pages/review.py", label="ดูการทบทวนมาตรการ: มาตรการได้ผลหรือไม่", icon=":material/arrow_forward:")

st.subheader("คะแนนรายเครื่องมือ")
tools = ov.tools
if tools.empty:
    st.info("ยังไม่มีคะแนน IIT / EIT / OIT ของหน่วยงานนี้ (รายงานของหน่วยงานให้เฉพาะคะแนนรวม)")
else:
    chart(tools_chart(tools), "ita_tools", data=lambda: frames_to_xlsx({"คะแนนรายเครื่องมือ": tools}, fiction))

st.subheader("อะไรทำให้คะแนนเปลี่ยน")
years = list(ov.years)
if len(years) < 2:
    st.info("ต้องมีข้อมูลอย่างน้อยสองปีจึงจะเปรียบเทียบได้")
elif len(ov.scored_years) < 2:
    # No two years with every indicator score, so no choice of years can give a waterfall: say which
    # years lack them (for this year and the one before), without year boxes that could not help.
    to_year = year if year in years[1:] else years[-1]
    st.info(drivers_of(ov.results, max(y for y in years if y < to_year), to_year, fw).missing_th)
else:
    a, b = st.columns(2)
    to_year = b.selectbox("ถึงปี", years[1:], index=len(years[1:]) - 1 if year not in years[1:]
                          else years[1:].index(year), key="drivers_to")
    earlier = [y for y in years if y < to_year]
    from_year = a.selectbox("จากปี", earlier, index=len(earlier) - 1, key="drivers_from")
    result = drivers_of(ov.results, from_year, to_year, fw)
    if result.missing_th:
        st.info(result.missing_th)
    else:
        chart(waterfall_chart(result.table, from_year, to_year, result.total_from, result.total_to),
              "ita_drivers", data=lambda: frames_to_xlsx({"ผลต่อคะแนนรวม": result.table}, fiction))
        st.caption(
            f"คะแนนรวมที่คำนวณจากตัวชี้วัดเปลี่ยน {num(result.change, sign=True)} คะแนน: "
            "แต่ละแท่งคือ น้ำหนักของตัวชี้วัด × คะแนน ที่เปลี่ยนไป (IIT ข้อละ 6%, EIT ข้อละ 10%, OIT ข้อละ 20% "
            "ตามน้ำหนัก 30/30/40 ของแต่ละปีในเกณฑ์)"
        )
