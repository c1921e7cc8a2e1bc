"""Weak points and targets (the planners' meeting page): every indicator in its category ranked by
headroom with its flags, the OIT items not done, what-if targets with saved scenarios, suggested
measures for next year's plan, and a meeting mode for the projector. Reads widgets, calls
ita.services.weak and the sections of ita.ui.weak and ita.ui.whatif, renders."""

import streamlit as st

from ita.core.analysis import CATEGORY_TH, year_scores
from ita.core.markdown import plain_line
from ita.services import plan, weak
from ita.ui.common import chosen_agency, num
from ita.ui.page import NO_AGENCY, start_page
from ita.ui.weak import (
    WeakView,
    kept_targets,
    meeting_toggle,
    no_scores_section,
    oit_section,
    remembered_settings,
    show_flash,
    suggestions_section,
    thresholds_box,
)
from ita.ui.whatif import whatif_section

ds, fw, sel, store = start_page()
settings = remembered_settings()
meeting = meeting_toggle(settings)

st.title("จุดอ่อนและเป้าหมาย")
agency = chosen_agency(ds, sel, NO_AGENCY, heading=True)
year = int(sel.year)
show_flash(year + 1)

thresholds = thresholds_box(settings)
st.caption(
    f"{CATEGORY_TH['urgent']}: ต่ำกว่า {thresholds.urgent_below:g} · {CATEGORY_TH['improve']}: "
    f"{thresholds.urgent_below:g} ถึงต่ำกว่า {thresholds.strong_from:g} · {CATEGORY_TH['strong']}: ตั้งแต่ "
    f"{thresholds.strong_from:g} · แจ้งเตือนเมื่อลดลงเกิน {thresholds.drop_over:g} คะแนนจากปีก่อน · "
    "เรียงตามคะแนนรวมที่ยังเพิ่มได้ = น้ำหนัก × (100 − คะแนน)"
)
yf = fw.for_year(year)
if yf is not None:
    st.caption(
        f"น้ำหนักปี {year}: " + " · ".join(f"{t} {w * 100:g}%" for t, w in yf.weights.items())
        + f" (ความเชื่อมั่น {yf.weights_confidence}) · เกณฑ์ระดับ: {yf.level_scheme.name_th} "
        f"(ความเชื่อมั่น {yf.level_confidence})"
    )

table = weak.meeting_table(ds, agency, year, fw, thresholds)
view = WeakView(ds, fw, store, agency, year, table, year_scores(ds, agency, year),
                weak.recorded_weaknesses(ds, agency, fw), kept_targets(agency, year), meeting)


def focus_section() -> None:
    top = weak.focus(table, settings["focus"])
    if top.empty:
        st.success(f"ทุกตัวชี้วัดของปี {year} อยู่ในกลุ่มจุดแข็ง (ตั้งแต่ {thresholds.strong_from:g})")
        return
    st.subheader(f"ตัวชี้วัดที่ควรเน้น ({len(top)} อันดับแรกตามคะแนนที่ยังเพิ่มได้)")
    cols = st.columns(len(top))
    for col, r in zip(cols, top.itertuples(index=False), strict=True):
        col.metric(
            f"{r.rank}. {r.label}", num(r.score),
            delta=None if plan.is_blank(r.change) else f"{num(r.change, sign=True)} จากปี {year - 1}",
            border=True,
        )
        col.caption(plain_line(f"{r.category_th} · ยังเพิ่มคะแนนรวมได้ {num(r.headroom)}"
                                     + (f" · {r.flags}" if r.flags else "")))


def table_section() -> None:
    counts = weak.category_counts(table)
    st.subheader(f"ตัวชี้วัดทั้งหมดของปี {year} เรียงตามคะแนนที่ยังเพิ่มได้")
    st.caption(" · ".join(f"{CATEGORY_TH[c]} {n} ตัว" for c, n in counts.items())
               + f" · รวมคะแนนที่ยังเพิ่มได้ {num(float(table['headroom'].sum()))} คะแนน")
    st.dataframe(
        table, hide_index=True, key="weak_table",
        column_order=["rank", "label", "score", "prev_score", "change", "national", "headroom", "category_th",
                      "flags"],
        column_config={
            "rank": st.column_config.NumberColumn("อันดับ", width="small", pinned=True),
            "label": st.column_config.TextColumn("ตัวชี้วัด", width="medium", pinned=True),
            "score": st.column_config.NumberColumn(f"ปี {year}", format="%.2f"),
            "prev_score": st.column_config.NumberColumn(f"ปี {year - 1}", format="%.2f"),
            "change": st.column_config.NumberColumn("เปลี่ยนแปลง", format="%+.2f"),
            "national": st.column_config.NumberColumn("ค่าประเทศ", format="%.2f",
                                                      help="ค่าระดับประเทศรายตัวชี้วัดเท่าที่มีการเผยแพร่"),
            "headroom": st.column_config.NumberColumn("คะแนนรวมที่ยังเพิ่มได้", format="%.2f"),
            "category_th": "กลุ่ม",
            "flags": st.column_config.TextColumn("ข้อสังเกต", width="medium"),
        },
    )
    if not table["national"].notna().any():
        st.caption(f"ไม่มีค่าระดับประเทศรายตัวชี้วัดของปี {year} จึงไม่เทียบกับค่าประเทศ")


# -- the page: meeting mode puts the focus first --------------------------------------------------
weak_codes = weak.weak_codes(table, view.recorded)
if meeting:
    if not table.empty:
        focus_section()
        whatif_section(view)
        suggestions_section(view, weak_codes)
        with st.expander("ตารางตัวชี้วัดทั้งหมด"):
            table_section()
    else:
        no_scores_section(view)
        suggestions_section(view, weak_codes)
    with st.expander("ข้อ OIT ที่ยังไม่ได้ดำเนินการ"):
        oit_section(view)
else:
    if not table.empty:
        focus_section()
        table_section()
    else:
        no_scores_section(view)
    oit_section(view)
    whatif_section(view)
    suggestions_section(view, weak_codes)
