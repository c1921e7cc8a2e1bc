"""Entry point of the ITA dashboard (placeholder until the overview pages land)."""

import streamlit as st

st.set_page_config(page_title="แดชบอร์ด ITA", page_icon="📊", layout="wide")
st.title("แดชบอร์ดผลการประเมิน ITA")
st.caption("Integrity and Transparency Assessment dashboard")
st.write("หน้าภาพรวมและหน้ารายตัวชี้วัดอยู่ระหว่างการพัฒนา ข้อมูลที่รวมมากับโปรแกรมอยู่ในโฟลเดอร์ data/")
