"""Entry point: page config, navigation, and the sidebar every page shares. No data logic."""

import streamlit as st

from ita.ui.common import sidebar
from ita.ui.data import dataset

st.set_page_config(page_title="แดชบอร์ด ITA", page_icon="📊", layout="wide")

pages = st.navigation(
    [
        st.Page("pages/overview.py", title="ภาพรวม", icon=":material/monitoring:", default=True),
        st.Page("pages/indicators.py", title="รายตัวชี้วัด", icon=":material/grid_view:"),
        st.Page("pages/measures.py", title="มาตรการ", icon=":material/checklist:"),
        st.Page("pages/progress.py", title="ติดตามความก้าวหน้า", icon=":material/timeline:"),
        st.Page("pages/data.py", title="ข้อมูล", icon=":material/database:"),
    ]
)
st.sidebar.title("แดชบอร์ด ITA")
st.sidebar.caption("การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ")
sidebar(dataset())
pages.run()
