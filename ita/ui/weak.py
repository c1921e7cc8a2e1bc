"""The weak page's settings and workflows: its remembered settings (thresholds, focus, meeting mode),
what it shows for an agency without indicator scores, the OIT items not done, and the suggested
measures that a click adds to next year's plan. pages/weak.py calls these in its order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from ita.core.analysis import Thresholds
from ita.core.framework import Framework
from ita.core.markdown import plain_line
from ita.core.model import Dataset
from ita.services import catalogue, plan, weak
from ita.services.remembered import Remembered
from ita.storage.store import Store
from ita.ui.auth import current_account, may_write
from ita.ui.common import PLAN_YEARS, framework_notice, num
from ita.ui.meeting import meeting_style
from ita.ui.saving import flash, save

# Session keys. The settings are remembered across visits to other pages (ita.services.remembered).
REMEMBER, TARGETS, FLASH, NONCE = "weak_remember", "weak_targets", "weak_flash", "weak_nonce"
DEFAULTS: dict[str, Any] = {"urgent_below": 85.0, "strong_from": 95.0, "drop_over": 1.0, "focus": 3,
                            "meeting": False}


def remembered_settings() -> Remembered:
    """Returns the page's settings, kept across page visits; their widgets are keyed 'weak_set_<name>'."""
    return Remembered(st.session_state, REMEMBER, DEFAULTS, "weak_set_")


def meeting_toggle(settings: Remembered) -> bool:
    """Draws the meeting-mode switch (and, when on, its style); returns whether it is on."""
    meeting = st.toggle("โหมดประชุม (จอโปรเจกเตอร์: ตัวอักษรใหญ่ ซ่อนแถบด้านข้าง)", key=settings.widget("meeting"))
    settings.keep(meeting=meeting)
    if meeting:
        meeting_style()
    return meeting


def show_flash(plan_year: int) -> None:
    """Shows the message of the last write (once), with a link to the plan it went to."""
    if FLASH in st.session_state:
        st.success(plain_line(st.session_state.pop(FLASH)), icon=":material/check_circle:")
        st.page_link("pages/measures.py", label=f"ไปที่แผนมาตรการปี {plan_year}", icon=":material/checklist:")


def thresholds_box(settings: Remembered) -> Thresholds:
    """Draws the adjustable thresholds; returns them (the last valid ones when the new are not)."""
    with st.expander("เกณฑ์การจัดกลุ่มและการแจ้งเตือน (ปรับได้)", expanded=False, icon=":material/tune:"):
        c1, c2, c3, c4 = st.columns(4)
        urgent = c1.number_input("ต้องแก้ไขเร่งด่วน: ต่ำกว่า", 0.0, 100.0, step=0.5, format="%.2f",
                                 key=settings.widget("urgent_below"))
        strong = c2.number_input("จุดแข็ง: ตั้งแต่", 0.0, 100.0, step=0.5, format="%.2f",
                                 key=settings.widget("strong_from"))
        drop = c3.number_input("แจ้งเตือนเมื่อลดลงเกิน (คะแนน)", 0.0, 100.0, step=0.5, format="%.2f",
                               key=settings.widget("drop_over"))
        focus_n = c4.number_input("จำนวนตัวชี้วัดที่เน้น", 1, 10, step=1, key=settings.widget("focus"))
        settings.keep(focus=int(focus_n))
        st.caption("85 เป็นเกณฑ์ผ่านของ ป.ป.ช. [C]; 95 สำหรับจุดแข็งเป็นแนวปฏิบัติทั่วไป [U] (DOMAIN.md §3) "
                   "ค่าที่ตั้งจะจำไว้จนปิดเบราว์เซอร์ และไม่เปลี่ยนเกณฑ์ของหน้าอื่น")
        try:
            chosen = Thresholds(float(urgent), float(strong), float(drop))
        except ValueError:
            st.error("เกณฑ์ไม่ถูกต้อง: 'ต้องแก้ไขเร่งด่วน' ต้องไม่มากกว่า 'จุดแข็ง' จึงยังใช้เกณฑ์เดิม")
        else:
            settings.keep(urgent_below=chosen.urgent_below, strong_from=chosen.strong_from, drop_over=chosen.drop_over)
    return Thresholds(settings["urgent_below"], settings["strong_from"], settings["drop_over"])


def kept_targets(agency: str, year: int) -> dict[str, float]:
    """Returns the what-if targets of the agency and year, kept in the session (changed in place)."""
    return st.session_state.setdefault(TARGETS, {}).setdefault(f"{agency}|{year}", {})


@dataclass(frozen=True)
class WeakView:
    """What the weak page's sections draw from: the agency's year, its indicators ranked by headroom
    (ita.services.weak.weak_table), its scores, the weaknesses its measures record, and its targets."""

    ds: Dataset
    fw: Framework
    store: Store
    agency: str
    year: int
    table: pd.DataFrame
    scores: dict[str, float | None]
    recorded: pd.DataFrame
    targets: dict[str, float]
    meeting: bool

    @property
    def plan_year(self) -> int:
        """Returns the plan year the results of `year` feed (the next fiscal year)."""
        return self.year + 1

    @property
    def scope(self) -> str:
        """Returns 'agency|year', the part of the what-if widgets' keys that names the year."""
        return f"{self.agency}|{self.year}"


def lines(text: Any) -> str:
    """Returns user text as Markdown that shows it literally, line breaks kept."""
    return "  \n".join(plain_line(line) for line in plan.as_text(text).splitlines()) or "–"


def no_scores_section(view: WeakView) -> None:
    """Draws what the page can say of a year without indicator scores: its total's headroom, where
    to enter the scores, and the weaknesses the agency recorded in its measures."""
    year = view.year
    published = weak.published_result(view.ds, view.agency, year)
    total = published.total if published else None
    st.info(
        f"ปี {year} ของหน่วยงานนี้ไม่มีคะแนนรายตัวชี้วัด (รายงานของหน่วยงานให้เฉพาะคะแนนรวม) จึงยังจัดกลุ่มและเรียง"
        "ตามคะแนนที่ยังเพิ่มได้ไม่ได้"
        + (f" — คะแนนรวม {num(total)} ยังเพิ่มได้อีก {num(100 - total)} คะแนน แต่ไม่ทราบว่าอยู่ที่ตัวชี้วัดใด"
           if total is not None else "")
    )
    st.page_link("pages/data.py", label=f"กรอกคะแนนทั้ง 10 ตัวชี้วัดของปี {year} ที่หน้า 'ข้อมูล' "
                 "(แท็บ 'กรอกหรือแก้ไขคะแนน')", icon=":material/edit_note:")
    st.subheader("จุดอ่อนที่หน่วยงานบันทึกไว้เอง")
    if view.recorded.empty:
        st.caption("ยังไม่มีมาตรการที่บันทึกจุดอ่อนหรือประเด็นที่แก้ไขไว้")
        return
    st.caption("จากช่อง 'จุดอ่อนหรือประเด็นที่แก้ไข' ของมาตรการ (ตามที่บันทึก ไม่ได้แก้ไขถ้อยคำ)")
    for r in view.recorded.itertuples(index=False):
        st.markdown(f"**แผนปี {r.year} มาตรการ {plain_line(r.number)}. {plain_line(r.title)}**  \n"
                    f"ตัวชี้วัด: {plain_line(r.labels) or '–'}")
        st.markdown(lines(r.weakness))
        if r.source:
            st.caption(plain_line(f"ที่มา: {r.source}"))


def oit_section(view: WeakView) -> None:
    """Draws the year's OIT items not done, under their sub-indicators."""
    year = view.year
    st.subheader(f"ข้อ OIT ปี {year} ที่ยังไม่ได้ดำเนินการ")
    left = weak.oit_not_done(view.ds, view.agency, year, view.fw)
    n = weak.oit_recorded(view.ds, view.agency, year)
    if n == 0:
        st.caption(f"ไม่มีบันทึกสถานะข้อ OIT ของปี {year}")
        return
    if left.empty:
        st.success(f"ทุกข้อ OIT ที่บันทึกไว้ของปี {year} ({n} ข้อ) ดำเนินการแล้ว")
        return
    st.caption(f"{len(left)} ข้อ จาก {n} ข้อที่บันทึกไว้ (เลขข้อ OIT เปลี่ยนทุกปี ห้ามเทียบข้ามปีด้วยเลขข้อ)")
    for sub, group in weak.by_sub_indicator(left):
        st.markdown(f"**{plain_line(sub)}**")
        st.dataframe(group, hide_index=True, column_order=["item", "printed", "title", "status", "owner", "progress"],
                     column_config={"item": st.column_config.TextColumn("ข้อ", width="small"),
                                    "printed": "ข้อตามเอกสาร", "title": st.column_config.TextColumn("ข้อมูล",
                                                                                                  width="large"),
                                    "status": "สถานะ", "owner": "ผู้รับผิดชอบ", "progress": "ความก้าวหน้า"})


def suggestions_section(view: WeakView, codes: list[str]) -> None:
    """Draws the catalogue's suggested measures for each indicator in `codes`, each with a button
    that adds it to next year's plan."""
    plan_year = view.plan_year
    st.subheader(f"ข้อเสนอมาตรการสำหรับแผนปี {plan_year}")
    framework_notice(view.fw, plan_year)  # a plan of a year whose framework is unconfirmed says so
    if not codes:
        st.caption("ไม่มีตัวชี้วัดที่ต้องพัฒนาตามเกณฑ์ที่ตั้งไว้")
        return
    st.caption("จากคลังมาตรการที่สร้างจากรายงานของ อบต.ป่าตึง (มาตรการปี 2568, 2569 และแนวทางยกระดับรายตัวชี้วัด) "
               "และมาตรการเดิมของหน่วยงานนี้ · กดเพิ่มแล้วจะเป็นมาตรการใหม่สถานะ 'ยังไม่เริ่ม' ในแผนปีถัดไป "
               "แก้ไขรายละเอียดต่อได้ที่หน้า 'มาตรการ'")
    planned = view.store.measures(view.agency, plan_year)
    adds = may_write("measures", view.agency, note=False)  # the buttons only for whom the store lets add
    entries = [*catalogue.load_catalogue(),
               *catalogue.own_entries(view.store.measures(view.agency), plan_year, view.ds.is_fictional(view.agency),
                                      view.ds["indicator_scores"], view.fw)]
    rows = {r.indicator: r for r in view.table.itertuples(index=False)}
    for i, code in enumerate(codes):
        r = rows.get(code)
        head = view.fw.indicator_label(code) + (f" · {r.category_th} · ยังเพิ่มได้ {num(r.headroom)}" if r else "")
        cands = catalogue.candidates(code, entries, planned["title"])
        with st.expander(f"{plain_line(head)} ({len(cands)} ข้อเสนอ)", expanded=i == 0):
            if cands.empty:
                st.caption("ยังไม่มีข้อเสนอในคลังสำหรับตัวชี้วัดนี้")
            for c in cands.itertuples(index=False):
                st.markdown(f"**{plain_line(c.title)}**")
                st.caption(plain_line(
                    f"{c.origin_th} · ตัวชี้วัด {c.indicators} · {c.link_th}" + (" · ข้อมูลสมมุติ" if c.fictional else "")))
                st.markdown(lines(c.method))
                st.caption(plain_line(f"ที่มา: {c.source}" + (f" · {c.link_note}" if c.link == "U" else "")))
                if c.outcome_th:
                    st.caption(plain_line(c.outcome_th))
                label = "อยู่ในแผนแล้ว" if c.planned else f"เพิ่มในแผนปี {plan_year}"
                if adds and st.button(label, key=f"weak_add|{code}|{c.key}", disabled=bool(c.planned),
                                      icon=":material/add:"):
                    add_candidate(view, code, catalogue.entry_by_key(entries, c.key), planned)
                st.divider()


def add_candidate(view: WeakView, code: str, entry: catalogue.Entry, planned: pd.DataFrame) -> None:
    """Adds the suggested measure `entry` for indicator `code` to next year's plan, with the
    indicator's weakness and what-if target; reruns with a message, or says why it was refused."""
    plan_year = view.plan_year
    weakness = weak.candidate_weakness(view.table, view.recorded, code, view.fw, view.year)
    fields = catalogue.measure_fields(entry, code, weakness, plan_year, planned["number"],
                                      view.store.units(view.agency), target=view.targets.get(code))
    added = save(lambda: view.store.add_measure({"agency": view.agency, **fields}, current_account()),
                 invalid=lambda exc: plain_line("เพิ่มไม่ได้: " + "; ".join(f"{f}: {m}" for f, m in exc.problems)))
    if added:
        # The measures page opens on the plan the measure went to.
        st.session_state.setdefault(PLAN_YEARS, {})[view.scope] = plan_year
        flash(FLASH, f"เพิ่มมาตรการ '{plan.measure_label(fields['number'], fields['title'])}' ในแผนปี {plan_year} แล้ว")
