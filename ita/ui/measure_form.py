"""The fields of a measure, drawn by the measures page's add form and edit form alike (keys
"<form>|<field>"), returning the store's fields (ita.services.plan.entry_fields) and any problem found before
the store is asked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from ita.core import rules
from ita.core.framework import Framework
from ita.core.schema import MEASURE_STATUSES
from ita.core.text import as_text, is_blank, split_indicators, split_units
from ita.services import plan

PERIOD_HELP = "เช่น ต.ค.๖๘ ถึง ก.ย.๖๙, มี.ค. ๖๙, ตุลาคม ๒๕๖๘ ถึง กันยายน ๒๕๖๙ หรือ ตลอดปีงบประมาณ"


def measure_fields(k: str, values: Mapping[str, Any], fw: Framework, plan_year: int, units: list[str], *,
                   number_help: str, editing: bool) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Draws the fields inside the current form, starting from `values` (a stored row, or the add
    form's suggestion); returns (fields, problems). The edit form also shows the document's owner
    text, the summary, the results and the note; the add form carries those of `values` as they are."""
    text = {f: as_text(values.get(f)) for f in plan.ENTRY_FIELDS}
    chosen_indicators = split_indicators(values.get("indicators"))
    chosen_units = split_units(values.get("units"))
    c1, c2 = st.columns([1, 4])
    number = c1.text_input("ลำดับ", value=text["number"], key=f"{k}|number", help=number_help)
    title = c2.text_area("มาตรการ/แนวทาง", value=text["title"], key=f"{k}|title", height=80)
    c1, c2 = st.columns(2)
    indicators = c1.multiselect("ตัวชี้วัดที่เกี่ยวข้อง", plan.indicator_options(fw, plan_year, chosen_indicators),
                                default=chosen_indicators, key=f"{k}|indicators", format_func=fw.indicator_label,
                                placeholder="เลือกตัวชี้วัด (ถ้ามี)")
    picked_units = c2.multiselect("ส่วนงานที่รับผิดชอบ", list(dict.fromkeys([*units, *chosen_units])),
                                  default=chosen_units, key=f"{k}|units", placeholder="เลือกได้หลายส่วนงาน")
    typed = {
        "weakness": st.text_area("จุดอ่อนหรือประเด็นที่แก้ไข", value=text["weakness"], key=f"{k}|weakness", height=80),
        "method": st.text_area("วิธีการดำเนินการ", value=text["method"], key=f"{k}|method"),
    }
    if editing:
        typed["owner_text"] = st.text_area("ผู้รับผิดชอบ (ตามเอกสาร)", value=text["owner_text"], key=f"{k}|owner",
                                           height=68)
    c1, c2 = st.columns(2)
    typed["period"] = c1.text_input("ระยะเวลาดำเนินการ", value=text["period"], key=f"{k}|period", help=PERIOD_HELP)
    typed["followup"] = c2.text_input("การติดตามผล", value=text["followup"], key=f"{k}|followup",
                                      placeholder="เช่น รายงานความก้าวหน้ารายไตรมาส")
    c1, c2, c3 = st.columns(3)
    no_budget_before = text["budget"] == plan.NO_BUDGET
    budget_text = c1.text_input("งบประมาณ", value="" if no_budget_before else text["budget"], key=f"{k}|budget",
                                placeholder="เช่น 20,000 บาท")
    no_budget = c1.checkbox(plan.NO_BUDGET, value=no_budget_before, key=f"{k}|no_budget")
    target = c2.number_input("คะแนนเป้าหมาย", min_value=rules.SCORE_MIN, max_value=rules.SCORE_MAX, step=0.01,
                             format="%.2f",
                             value=None if is_blank(values.get("target")) else float(values["target"]),
                             key=f"{k}|target", placeholder="ไม่ระบุ")
    status = text["status"] if text["status"] in MEASURE_STATUSES else plan.NOT_STARTED
    typed["status"] = c3.selectbox("สถานะ", MEASURE_STATUSES, key=f"{k}|status", index=MEASURE_STATUSES.index(status))
    if editing:
        typed["summary"] = st.text_area("สรุปผลการดำเนินการ", value=text["summary"], key=f"{k}|summary")
        typed["results"] = st.text_area("ผลลัพธ์หรือความสำเร็จ", value=text["results"], key=f"{k}|results")
        typed["note"] = st.text_input("หมายเหตุ", value=text["note"], key=f"{k}|note")
    else:
        typed.update(owner_text=text["owner_text"], note=text["note"])
    typed["budget"], problems = plan.budget_entry(budget_text, no_budget)
    fields = plan.entry_fields(number=number, title=title, indicators=indicators, units=picked_units, target=target,
                               **typed)
    return fields, problems
