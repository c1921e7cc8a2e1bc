"""Many agencies at once (ภาพรวมหลายหน่วยงาน, issue 14): for a province, a district, a type, a ministry, the whole
country or the agencies an account's grants cover, in one year — how many, the pass rate, the levels, the mean and
median and their change, who is below 85 and who fell most, the indicators most often weak, next year's plans, and a
table from which each agency is one click from its own pages. Reads widgets, calls ita.ui.overseer, renders."""

import streamlit as st

from ita.core.markdown import plain_line
from ita.ui import overseer as ui
from ita.ui.auth import current_account
from ita.ui.data import agencies
from ita.ui.page import start_page

sel = start_page().sel
st.title("ภาพรวมหลายหน่วยงาน")
account = current_account()
index = agencies()
among = ui.readable(account)
group = ui.choose_group(account, among, sel, index)
if group is None:
    st.stop()
_, name, members = group
if not members:
    st.info("ไม่มีหน่วยงานที่เปิดดูได้ในกลุ่มนี้")
    st.stop()
year = ui.choose_year(members, sel)
if year is None:
    st.info(f"ยังไม่มีผลการประเมินของหน่วยงานใน{plain_line(name)}")
    st.stop()
st.subheader(f"{plain_line(name)} · ปีงบประมาณ {year}")  # a name from an imported file
view = ui.group_view(members, year)
ui.labels(view, name)
ui.cards(view)
ui.sections(view)
ui.open_agency(view, ui.agencies_table(view, name), index)
