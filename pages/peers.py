"""Peers: the agency's rank and percentile among agencies like it, the group's totals, the percentile over the
years, the indicator profile and the peers that rose most (issue 14, item 2)."""

import streamlit as st

from ita.core.peers import MIN_PEERS
from ita.services.peers import groups_table
from ita.ui.common import chart_fiction, chosen_agency, num
from ita.ui.data import agency_results
from ita.ui.page import start_page
from ita.ui.peers import distribution, group_cards, group_choice, history, peers_of, profile, rising_peers

ds, fw, sel, _ = start_page()

st.title("เทียบกับหน่วยงานอื่น")
agency = chosen_agency(ds, sel, "ยังไม่มีข้อมูลผลการประเมินในระบบ", heading=True)
year = int(sel.year)
fiction = chart_fiction(ds, agency)

result = peers_of(agency, year)
groups = groups_table(result)
if result.total is None:
    st.info(f"หน่วยงานนี้ไม่มีคะแนนรวมปี {year} จึงเทียบกับหน่วยงานอื่นไม่ได้ เลือกปีอื่นที่แถบด้านข้าง")
    st.stop()
st.caption(f"คะแนนรวมปี {year}: {num(result.total)}")
if not groups["ranked"].any():
    st.warning(f"ทุกกลุ่มมีหน่วยงานที่มีคะแนนรวมปี {year} น้อยกว่า {MIN_PEERS} แห่ง จึงยังจัดอันดับไม่ได้"
               " — นำเข้าผลของหน่วยงานอื่น (เช่น ไฟล์ผลระดับประเทศ) ที่หน้าข้อมูลเพื่อเปรียบเทียบ",
               icon=":material/group_off:")
group_cards(groups)

row = group_choice(groups, agency)
if row is None:
    st.stop()
st.subheader("การกระจายของคะแนนรวมในกลุ่ม")
distribution(row, agency, year, result.total, fiction)
st.subheader("เปอร์เซ็นไทล์ในกลุ่มรายปี")
history(row, agency, sorted({r.year for r in agency_results(agency)}), fiction)
st.subheader("รายตัวชี้วัดเทียบกลุ่ม")
profile(row, agency, year, fiction)
st.subheader("หน่วยงานที่พัฒนาขึ้นมากจากจุดเริ่มต้นใกล้เคียงกัน")
rising_peers(row, agency, year)
