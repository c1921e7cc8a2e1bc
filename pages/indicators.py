"""Indicators: heat map over the years, changes, two-year comparison, drill-down to OIT."""

import streamlit as st

from ita.core.analysis import CATEGORY_TH
from ita.services.charts import comparison_chart, heatmap_chart
from ita.services.indicators import (
    changes_of,
    compare_of,
    matrix_of,
    oit_framework_change,
    oit_items,
    sub_indicator_scores,
)
from ita.storage.export import frames_to_xlsx
from ita.ui.common import chart, chart_fiction, chosen_agency
from ita.ui.data import agency_results
from ita.ui.page import start_page

ds, fw, sel, _ = start_page()

st.title("ผลรายตัวชี้วัด")
agency = chosen_agency(ds, sel, "ยังไม่มีข้อมูลผลการประเมินในระบบ", heading=True)
year = int(sel.year)
fiction = chart_fiction(ds, agency)

results = agency_results(agency)  # ita.core.analysis.agency_years(), cached: the matrix, changes and comparison
matrix = matrix_of(results, fw)
if matrix.empty:
    st.info(
        "หน่วยงานนี้ยังไม่มีคะแนนรายตัวชี้วัด (มีเฉพาะคะแนนรวม) เพิ่มได้โดยกรอกชีต 'คะแนนตัวชี้วัด' "
        "ของแม่แบบ Excel แล้วนำเข้า ด้านล่างยังดูรายการข้อ OIT ของปีนี้ได้"
    )
else:
    chart(heatmap_chart(matrix), "ita_indicator_heatmap",
          data=lambda: frames_to_xlsx({"คะแนนรายตัวชี้วัด": matrix}, fiction))
    st.caption("สี: " + " · ".join(f"{v}" for v in (
        f"{CATEGORY_TH['urgent']} (ต่ำกว่า 85)", f"{CATEGORY_TH['improve']} (85 ถึงต่ำกว่า 95)",
        f"{CATEGORY_TH['strong']} (95 ขึ้นไป)")))

    st.subheader(f"คะแนนปี {year} เทียบปี {year - 1}")
    changes = changes_of(results, year, fw)
    st.dataframe(
        changes.assign(category=changes["category"].map(CATEGORY_TH)),
        hide_index=True,
        column_order=["label", "tool", "score", "prev_score", "change", "category"],
        column_config={
            "label": st.column_config.TextColumn("ตัวชี้วัด", pinned=True),
            "tool": "เครื่องมือ",
            "score": st.column_config.NumberColumn(f"ปี {year}", format="%.2f"),
            "prev_score": st.column_config.NumberColumn(f"ปี {year - 1}", format="%.2f"),
            "change": st.column_config.NumberColumn("เปลี่ยนแปลง", format="%+.2f"),
            "category": "กลุ่ม",
        },
    )

    years = sorted({int(y) for y in matrix["year"]})
    if len(years) >= 2:
        st.subheader("เปรียบเทียบสองปี")
        a, b = st.columns(2)
        year_a = a.selectbox("ปีที่ 1", years, index=len(years) - 2, key="compare_a")
        year_b = b.selectbox("ปีที่ 2", years, index=len(years) - 1, key="compare_b")
        compare = compare_of(results, year_a, year_b, fw)
        chart(comparison_chart(compare, year_a, year_b), "ita_compare",
              data=lambda: frames_to_xlsx({"เปรียบเทียบ": compare}, fiction))
        warning = oit_framework_change(fw, year_a, year_b)
        if warning:
            st.caption(f"⚠ {warning}")

st.subheader("เจาะลึกตัวชี้วัดที่ 9 และ 10 (OIT)")
parent = st.radio("ตัวชี้วัด", ["9", "10"], horizontal=True, key="drill_parent",
                  format_func=lambda c: fw.indicator_label(c))
subs = sub_indicator_scores(ds, agency, year, parent, fw)
if subs.empty:
    st.info(f"เกณฑ์ปี {year} ที่โปรแกรมรู้จักไม่มีรายการตัวชี้วัดย่อย")
else:
    st.dataframe(subs, hide_index=True, column_config={
        "code": st.column_config.TextColumn("ตัวชี้วัดย่อย", pinned=True), "name_th": "ชื่อ",
        "score": st.column_config.NumberColumn("คะแนน", format="%.2f"),
    })
items = oit_items(ds, agency, year, fw, parent=parent)
if items.empty:
    st.info(f"ไม่มีรายการข้อ OIT ของปี {year} (เลขข้อ OIT เปลี่ยนทุกปี ห้ามเทียบข้ามปีด้วยเลขข้อ)")
else:
    st.caption(f"รายการข้อ OIT ปี {year} ({len(items)} ข้อ) — เลขข้อเปลี่ยนทุกปี ห้ามเทียบข้ามปีด้วยเลขข้อ")
    st.dataframe(items, hide_index=True, column_order=[
        "item", "printed", "sub_indicator", "title", "status", "owner", "progress", "contents"],
        column_config={
            "item": st.column_config.TextColumn("ข้อ", pinned=True), "printed": "ข้อตามเอกสาร",
            "sub_indicator": "ตัวชี้วัดย่อย", "title": "ข้อมูล", "status": "สถานะ", "owner": "ผู้รับผิดชอบ",
            "progress": "ความก้าวหน้า", "contents": "องค์ประกอบที่ต้องมี",
        })
