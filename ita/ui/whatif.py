"""The weak page's what-if: targets typed or slid per indicator (kept per agency and year), the total
and level they give, saved scenarios (save, open, delete) and the targets set on next year's measures."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import streamlit as st

from ita.core.markdown import plain_line
from ita.services import weak, whatif
from ita.services.plan_writes import adopt_targets
from ita.ui.auth import current_account, may_write
from ita.ui.common import num
from ita.ui.saving import flash, save
from ita.ui.weak import FLASH, NONCE, WeakView

# The what-if's own widgets, whose keys end in '|agency|year' (and '|indicator'): forgotten when a
# scenario is opened, so they are drawn again from its targets.
TARGET_WIDGETS = ("weak_wi_s|", "weak_wi_n|", "weak_wi_pick|")


def _sync(source: str, other: str, targets: dict[str, float], code: str) -> None:
    """Copies a target from its slider to its number box (or back) and remembers it."""
    st.session_state[other] = st.session_state[source]
    targets[code] = float(st.session_state[source])


def forget_target_widgets(state: MutableMapping[str, Any]) -> None:
    """Removes the what-if's widget values from `state`, so the next run draws them from the targets."""
    for key in [k for k in state if isinstance(k, str) and k.startswith(TARGET_WIDGETS)]:
        del state[key]


def whatif_section(view: WeakView) -> None:
    """Draws the indicators to set targets for, a slider and a box per target, what the targets
    give (total, level, distances, tools), then the scenarios and their use on the plan."""
    year, fw, scores, targets = view.year, view.fw, view.scores, view.targets
    st.subheader("ลองตั้งเป้าหมาย (what-if)")
    missing = whatif.missing_indicators(scores, fw)
    if missing:
        st.info(
            f"การลองตั้งเป้าต้องมีคะแนนครบทั้ง 10 ตัวชี้วัดของปี {year} ซึ่งหน่วยงานนี้ยังไม่มี"
            + (f" (ขาดตัวชี้วัดที่ {', '.join(missing)})" if len(missing) < len(fw.indicator_codes) else "")
            + " กรอกคะแนนได้ที่หน้า 'ข้อมูล'"
        )
        return
    state = st.session_state
    order = list(view.table["indicator"]) + [c for c in fw.indicator_codes if c not in set(view.table["indicator"])]
    pick_key = f"weak_wi_pick|{view.scope}"
    if pick_key not in state:
        state[pick_key] = [c for c in order if c in targets]
    chosen = st.multiselect(
        "ตัวชี้วัดที่จะลองตั้งเป้า", order, key=pick_key, placeholder="เลือกตัวชี้วัด (เรียงตามคะแนนที่ยังเพิ่มได้)",
        format_func=lambda c: f"{fw.indicator_label(c)} (ปัจจุบัน {num(scores.get(c))})",
    )
    for code in list(targets):
        if code not in chosen:
            targets.pop(code)
    for code in chosen:
        current = float(scores[code])  # type: ignore[arg-type]
        slider_key, box_key = f"weak_wi_s|{view.scope}|{code}", f"weak_wi_n|{view.scope}|{code}"
        start = targets.get(code, current)
        state.setdefault(slider_key, start)
        state.setdefault(box_key, start)
        c1, c2, c3 = st.columns([2, 5, 2])
        c1.markdown(f"**{plain_line(fw.indicator_label(code))}**  \nปัจจุบัน {num(current)}")
        c2.slider("เป้าหมาย (เลื่อน)", 0.0, 100.0, step=0.05, key=slider_key, on_change=_sync,
                  args=(slider_key, box_key, targets, code), label_visibility="collapsed")
        c3.number_input("เป้าหมาย", 0.0, 100.0, step=0.01, format="%.2f", key=box_key, on_change=_sync,
                        args=(box_key, slider_key, targets, code))
        targets[code] = float(state[box_key])
    try:
        result = whatif.what_if(year, scores, targets, fw)
    except whatif.WhatIfError as exc:
        st.error(plain_line(exc.message_th))
        return
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("คะแนนรวมตามเป้า", num(result.total), delta=f"{num(result.gain, sign=True)} คะแนน",
              help=f"คำนวณจากคะแนนตัวชี้วัด · ก่อนตั้งเป้า {num(result.total_before)}", border=True)
    c1.caption(f"ก่อนตั้งเป้า (คำนวณ): {num(result.total_before)}")
    c2.metric("ระดับตามเป้า", result.level or "คำนวณไม่ได้", border=True,
              help=f"คำนวณตามเกณฑ์ปี {year}: {result.scheme_th} (ความเชื่อมั่น {result.level_confidence})")
    c2.caption(plain_line(f"ก่อนตั้งเป้า (คำนวณ): {result.level_before or '–'}"
                                + (f" · {result.level_reason_th}" if result.level_reason_th else "")))
    c3.metric(f"ยังขาดอีกถึง {result.pass_mark:g}", "ถึงแล้ว" if result.to_pass == 0 else num(result.to_pass),
              border=True)
    c4.metric(f"ยังขาดอีกถึง {result.top_mark:g}", "ถึงแล้ว" if result.to_top == 0 else num(result.to_top),
              border=True)
    st.dataframe(whatif.tools_table(result), hide_index=True, key="weak_wi_tools", column_config={
        "tool": "เครื่องมือ", "before": st.column_config.NumberColumn("ก่อน", format="%.2f"),
        "after": st.column_config.NumberColumn("ตามเป้า", format="%.2f"),
        "change": st.column_config.NumberColumn("เปลี่ยนแปลง", format="%+.2f")})
    published = weak.published_result(view.ds, view.agency, year)
    if published and published.level:
        st.caption(plain_line(f"ระดับที่ประกาศของปี {year}: {published.level} — ระดับในส่วนนี้คำนวณ"
                                    "ตามเกณฑ์ในโปรแกรม อาจต่างจากที่ประกาศ"))
    scenarios_section(view, result)


def scenarios_section(view: WeakView, result: whatif.WhatIf) -> None:
    """Draws the saved scenarios (save the targets under a name, open or delete one) and the
    targets' use as the target scores of next year's measures."""
    state, store, targets = st.session_state, view.store, view.targets
    with st.expander("สถานการณ์ที่บันทึกไว้ และการนำเป้าหมายไปใช้กับมาตรการ", expanded=not view.meeting,
                     icon=":material/bookmark:"):
        nonce = state.get(NONCE, 0)
        writes = may_write("scenarios", view.agency)
        c1, c2 = st.columns([3, 1])
        name = c1.text_input("ชื่อสถานการณ์", disabled=not writes, key=f"weak_sc_name|{nonce}",
                             placeholder="เช่น เป้าหมายปี 2569 แบบเข้ม")
        saving = c2.button("บันทึกสถานการณ์", key="weak_sc_save", icon=":material/save:",
                           disabled=not targets or not writes)
        if saving and save(lambda: store.save_scenario(view.agency, view.year, name,
                                                       whatif.targets_json(result.targets), current_account())):
            state[NONCE] = nonce + 1
            flash(FLASH, f"บันทึกสถานการณ์ '{name.strip()}' แล้ว")
        saved = store.scenarios(view.agency, view.year)
        if saved.empty:
            st.caption("ยังไม่มีสถานการณ์ที่บันทึกไว้ของหน่วยงานและปีนี้")
        else:
            labels = {int(r.id): whatif.scenario_label(r) for r in saved.itertuples(index=False)}
            c1, c2, c3 = st.columns([4, 1, 1])
            chosen = c1.selectbox("สถานการณ์", list(labels), format_func=labels.get, key="weak_sc_pick")
            row = saved[saved["id"] == chosen].iloc[0]
            if c2.button("เปิด", key="weak_sc_open", icon=":material/folder_open:"):
                targets.clear()
                targets.update(whatif.targets_from_json(row["targets"]))
                forget_target_widgets(state)
                flash(FLASH, f"เปิดสถานการณ์ '{row['name']}' แล้ว")
            if c3.button("ลบ", key="weak_sc_delete", icon=":material/delete:", disabled=not writes) and save(
                    lambda: store.delete_scenario(int(chosen), int(row["version"]), current_account())):
                flash(FLASH, f"ลบสถานการณ์ '{row['name']}' แล้ว")
        adopt_section(view, result)


def adopt_section(view: WeakView, result: whatif.WhatIf) -> None:
    """Draws which of next year's measures the targets apply to, and the button that sets them."""
    plan_year = view.plan_year
    st.markdown(f"**นำเป้าหมายไปเป็นคะแนนเป้าหมายของมาตรการในแผนปี {plan_year}**")
    adopt = whatif.adoptable_targets(view.store.measures(view.agency, plan_year), result.targets)
    if adopt.empty:
        st.caption(f"ยังไม่มีมาตรการในแผนปี {plan_year} ที่เชื่อมกับตัวชี้วัดที่ตั้งเป้าไว้")
        return
    st.dataframe(adopt.assign(action=adopt["action"].map(whatif.ADOPT_ACTIONS_TH)), hide_index=True,
                 column_order=["number", "title", "indicators", "current", "target", "action", "reason"],
                 column_config={"number": "ลำดับ", "title": st.column_config.TextColumn("มาตรการ", width="large"),
                                "indicators": "ตัวชี้วัด",
                                "current": st.column_config.NumberColumn("เป้าหมายเดิม", format="%.2f"),
                                "target": st.column_config.NumberColumn("เป้าหมายใหม่", format="%.2f"),
                                "action": "ผล", "reason": "เหตุผล"})
    todo = int((adopt["action"] == "update").sum())
    if not may_write("measures", view.agency, note=False):
        return
    if st.button(f"ใช้เป้าหมายใหม่กับ {todo} มาตรการ", key="weak_adopt", disabled=todo == 0,
                 icon=":material/flag:"):
        adopted = adopt_targets(view.store, adopt, current_account())
        if adopted.failed:
            st.error(plain_line("บางมาตรการบันทึกไม่ได้: " + "; ".join(adopted.failed)))
        else:
            flash(FLASH, f"ตั้งคะแนนเป้าหมายของ {adopted.done} มาตรการในแผนปี {plan_year} แล้ว")
