"""Weak points and targets (the planners' meeting page): every indicator in its category ranked by
headroom with its flags, the OIT items not done, what-if targets with saved scenarios, suggested
measures for next year's plan, and a meeting mode for the projector. Reads widgets, calls
ita.services.weak / ita.services.whatif / ita.services.catalogue and the store, renders."""

from typing import Any

import streamlit as st

from ita.core.analysis import CATEGORY_TH, Thresholds, year_scores
from ita.core.markdown import plain_line
from ita.core.text import as_text, is_blank
from ita.services import catalogue, plan, weak, whatif
from ita.storage.store import ConflictError, InvalidEntry, StoreError
from ita.ui.common import PLAN_YEARS, author, author_box, chosen_agency, num, selection
from ita.ui.data import dataset, framework, store

# Session keys. Widget values are copied to the `REMEMBER` dict after each run and back before the
# widgets are drawn, so thresholds, the meeting mode and the targets survive a visit to another page
# (Streamlit drops the state of widgets that a run does not draw).
REMEMBER, TARGETS, FLASH, NONCE = "weak_remember", "weak_targets", "weak_flash", "weak_nonce"
DEFAULTS: dict[str, Any] = {"urgent_below": 85.0, "strong_from": 95.0, "drop_over": 1.0, "focus": 3,
                            "meeting": False}
ss = st.session_state

ds = dataset()
fw = framework()
sel = selection()
author_box()
s = store()
remembered: dict[str, Any] = ss.setdefault(REMEMBER, dict(DEFAULTS))


def remembered_widget(name: str) -> str:
    """Returns the widget key of a remembered setting, its value restored when the widget is new."""
    key = f"weak_set_{name}"
    if key not in ss:
        ss[key] = remembered.get(name, DEFAULTS[name])
    return key


def lines(text: Any) -> str:
    """Returns user text as Markdown that shows it literally, line breaks kept."""
    return "  \n".join(plain_line(line) for line in as_text(text).splitlines()) or "–"


def flash(message: str) -> None:
    ss[FLASH] = message
    st.rerun()


meeting = st.toggle("โหมดประชุม (จอโปรเจกเตอร์: ตัวอักษรใหญ่ ซ่อนแถบด้านข้าง)", key=remembered_widget("meeting"))
remembered["meeting"] = meeting
if meeting:
    # Static CSS written here (no user text): hide the sidebar and the toolbar, enlarge the type.
    st.html("""<style>
    [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
    [data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
    [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.5rem 3rem !important; }
    [data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label,
    [data-testid="stMain"] button { font-size: 1.45rem !important; line-height: 1.5 !important; }
    [data-testid="stMain"] h1 { font-size: 3.2rem !important; }
    [data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 2.2rem !important; }
    [data-testid="stMain"] input { font-size: 1.3rem !important; }
    [data-testid="stMain"] [data-baseweb="tag"], [data-testid="stMain"] [data-baseweb="tag"] * {
        font-size: 1.2rem !important; height: auto !important; }
    [data-testid="stMain"] [data-testid="stMetricValue"] p { font-size: 3.4rem !important;
        line-height: 1.2 !important; }
    [data-testid="stMain"] [data-testid="stMetricLabel"] p { font-size: 1.5rem !important; }
    [data-testid="stMain"] [data-testid="stMetricDelta"] p { font-size: 1.4rem !important; }
    </style>""")

st.title("จุดอ่อนและเป้าหมาย")
agency = chosen_agency(ds, sel, "ยังไม่มีข้อมูลผลการประเมินในระบบ จึงยังเลือกหน่วยงานไม่ได้", heading=True)
year = int(sel.year)
plan_year = year + 1
if FLASH in ss:
    st.success(plain_line(ss.pop(FLASH)), icon=":material/check_circle:")
    st.page_link("pages/measures.py", label=f"ไปที่แผนมาตรการปี {plan_year}", icon=":material/checklist:")


# -- thresholds ---------------------------------------------------------------------------------
def settings() -> Thresholds:
    """Draws the adjustable thresholds; returns them (the last valid ones when the new are not)."""
    with st.expander("เกณฑ์การจัดกลุ่มและการแจ้งเตือน (ปรับได้)", expanded=False, icon=":material/tune:"):
        c1, c2, c3, c4 = st.columns(4)
        urgent = c1.number_input("ต้องแก้ไขเร่งด่วน: ต่ำกว่า", 0.0, 100.0, step=0.5, format="%.2f",
                                 key=remembered_widget("urgent_below"))
        strong = c2.number_input("จุดแข็ง: ตั้งแต่", 0.0, 100.0, step=0.5, format="%.2f",
                                 key=remembered_widget("strong_from"))
        drop = c3.number_input("แจ้งเตือนเมื่อลดลงเกิน (คะแนน)", 0.0, 100.0, step=0.5, format="%.2f",
                               key=remembered_widget("drop_over"))
        focus_n = c4.number_input("จำนวนตัวชี้วัดที่เน้น", 1, 10, step=1, key=remembered_widget("focus"))
        remembered["focus"] = int(focus_n)
        st.caption("85 เป็นเกณฑ์ผ่านของ ป.ป.ช. [C]; 95 สำหรับจุดแข็งเป็นแนวปฏิบัติทั่วไป [U] (DOMAIN.md §3) "
                   "ค่าที่ตั้งจะจำไว้จนปิดเบราว์เซอร์ และไม่เปลี่ยนเกณฑ์ของหน้าอื่น")
        try:
            chosen = Thresholds(float(urgent), float(strong), float(drop))
        except ValueError:
            st.error("เกณฑ์ไม่ถูกต้อง: 'ต้องแก้ไขเร่งด่วน' ต้องไม่มากกว่า 'จุดแข็ง' จึงยังใช้เกณฑ์เดิม")
        else:
            remembered.update(urgent_below=chosen.urgent_below, strong_from=chosen.strong_from,
                              drop_over=chosen.drop_over)
    return Thresholds(remembered["urgent_below"], remembered["strong_from"], remembered["drop_over"])


thresholds = settings()
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
scores = year_scores(ds, agency, year)
has_scores = not table.empty
recorded = weak.recorded_weaknesses(ds, agency, fw)
targets_all: dict[str, dict[str, float]] = ss.setdefault(TARGETS, {})
scope = f"{agency}|{year}"
targets = targets_all.setdefault(scope, {})


# -- sections -----------------------------------------------------------------------------------
def focus_section() -> None:
    top = weak.focus(table, remembered["focus"])
    if top.empty:
        st.success(f"ทุกตัวชี้วัดของปี {year} อยู่ในกลุ่มจุดแข็ง (ตั้งแต่ {thresholds.strong_from:g})")
        return
    st.subheader(f"ตัวชี้วัดที่ควรเน้น ({len(top)} อันดับแรกตามคะแนนที่ยังเพิ่มได้)")
    cols = st.columns(len(top))
    for col, r in zip(cols, top.itertuples(index=False), strict=True):
        col.metric(
            f"{r.rank}. {r.label}", num(r.score),
            delta=None if is_blank(r.change) else f"{num(r.change, sign=True)} จากปี {year - 1}",
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


def no_scores_section() -> None:
    published = weak.published_result(ds, agency, year)
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
    if recorded.empty:
        st.caption("ยังไม่มีมาตรการที่บันทึกจุดอ่อนหรือประเด็นที่แก้ไขไว้")
        return
    st.caption("จากช่อง 'จุดอ่อนหรือประเด็นที่แก้ไข' ของมาตรการ (ตามที่บันทึก ไม่ได้แก้ไขถ้อยคำ)")
    for r in recorded.itertuples(index=False):
        st.markdown(f"**แผนปี {r.year} มาตรการ {plain_line(r.number)}. {plain_line(r.title)}**  \n"
                    f"ตัวชี้วัด: {plain_line(r.labels) or '–'}")
        st.markdown(lines(r.weakness))
        if r.source:
            st.caption(plain_line(f"ที่มา: {r.source}"))


def oit_section() -> None:
    st.subheader(f"ข้อ OIT ปี {year} ที่ยังไม่ได้ดำเนินการ")
    left = weak.oit_not_done(ds, agency, year, fw)
    n = weak.oit_recorded(ds, agency, year)
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


def sync(src: str, dst: str, code: str) -> None:
    """Copies a target from its slider to its number box (or back) and remembers it."""
    ss[dst] = ss[src]
    targets[code] = float(ss[src])


def whatif_section() -> None:
    st.subheader("ลองตั้งเป้าหมาย (what-if)")
    missing = whatif.missing_indicators(scores, fw)
    if missing:
        st.info(
            f"การลองตั้งเป้าต้องมีคะแนนครบทั้ง 10 ตัวชี้วัดของปี {year} ซึ่งหน่วยงานนี้ยังไม่มี"
            + (f" (ขาดตัวชี้วัดที่ {', '.join(missing)})" if len(missing) < len(fw.indicator_codes) else "")
            + " กรอกคะแนนได้ที่หน้า 'ข้อมูล'"
        )
        return
    order = list(table["indicator"]) + [c for c in fw.indicator_codes if c not in set(table["indicator"])]
    pick_key = f"weak_wi_pick|{scope}"
    if pick_key not in ss:
        ss[pick_key] = [c for c in order if c in targets]
    chosen = st.multiselect(
        "ตัวชี้วัดที่จะลองตั้งเป้า", order, key=pick_key, placeholder="เลือกตัวชี้วัด (เรียงตามคะแนนที่ยังเพิ่มได้)",
        format_func=lambda c: f"{fw.indicator_label(c)} (ปัจจุบัน {num(scores.get(c))})",
    )
    for code in list(targets):
        if code not in chosen:
            targets.pop(code)
    for code in chosen:
        current = float(scores[code])  # type: ignore[arg-type]
        s_key, n_key = f"weak_wi_s|{scope}|{code}", f"weak_wi_n|{scope}|{code}"
        start = targets.get(code, current)
        ss.setdefault(s_key, start)
        ss.setdefault(n_key, start)
        c1, c2, c3 = st.columns([2, 5, 2])
        c1.markdown(f"**{plain_line(fw.indicator_label(code))}**  \nปัจจุบัน {num(current)}")
        c2.slider("เป้าหมาย (เลื่อน)", 0.0, 100.0, step=0.05, key=s_key, on_change=sync, args=(s_key, n_key, code),
                  label_visibility="collapsed")
        c3.number_input("เป้าหมาย", 0.0, 100.0, step=0.01, format="%.2f", key=n_key, on_change=sync,
                        args=(n_key, s_key, code))
        targets[code] = float(ss[n_key])
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
    published = weak.published_result(ds, agency, year)
    if published and published.level:
        st.caption(plain_line(f"ระดับที่ประกาศของปี {year}: {published.level} — ระดับในส่วนนี้คำนวณ"
                              "ตามเกณฑ์ในโปรแกรม อาจต่างจากที่ประกาศ"))
    scenarios_section(result)


def scenarios_section(result: whatif.WhatIf) -> None:
    with st.expander("สถานการณ์ที่บันทึกไว้ และการนำเป้าหมายไปใช้กับมาตรการ", expanded=not meeting,
                     icon=":material/bookmark:"):
        nonce = ss.get(NONCE, 0)
        c1, c2 = st.columns([3, 1])
        name = c1.text_input("ชื่อสถานการณ์", key=f"weak_sc_name|{nonce}", placeholder="เช่น เป้าหมายปี 2569 แบบเข้ม")
        if c2.button("บันทึกสถานการณ์", key="weak_sc_save", icon=":material/save:", disabled=not targets):
            try:
                s.save_scenario(agency, year, name, whatif.targets_json(result.targets), author())
            except StoreError as exc:
                st.error(plain_line(exc.message_th))
            else:
                ss[NONCE] = nonce + 1
                flash(f"บันทึกสถานการณ์ '{name.strip()}' แล้ว")
        saved = s.scenarios(agency, year)
        if saved.empty:
            st.caption("ยังไม่มีสถานการณ์ที่บันทึกไว้ของหน่วยงานและปีนี้")
        else:
            labels = {int(r.id): whatif.scenario_label(r) for r in saved.itertuples(index=False)}
            c1, c2, c3 = st.columns([4, 1, 1])
            sid = c1.selectbox("สถานการณ์", list(labels), format_func=labels.get, key="weak_sc_pick")
            if c2.button("เปิด", key="weak_sc_open", icon=":material/folder_open:"):
                row = saved[saved["id"] == sid].iloc[0]
                targets.clear()
                targets.update(whatif.targets_from_json(row["targets"]))
                for key in [k for k in ss if isinstance(k, str) and k.startswith(("weak_wi_s|", "weak_wi_n|",
                                                                                  "weak_wi_pick|"))]:
                    del ss[key]
                flash(f"เปิดสถานการณ์ '{row['name']}' แล้ว")
            if c3.button("ลบ", key="weak_sc_delete", icon=":material/delete:"):
                row = saved[saved["id"] == sid].iloc[0]
                try:
                    s.delete_scenario(int(sid), int(row["version"]), author())
                except StoreError as exc:
                    st.error(plain_line(exc.message_th))
                else:
                    flash(f"ลบสถานการณ์ '{row['name']}' แล้ว")
        st.markdown(f"**นำเป้าหมายไปเป็นคะแนนเป้าหมายของมาตรการในแผนปี {plan_year}**")
        adopt = whatif.adoptable_targets(s.measures(agency, plan_year), result.targets)
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
        todo = adopt[adopt["action"] == "update"]
        if st.button(f"ใช้เป้าหมายใหม่กับ {len(todo)} มาตรการ", key="weak_adopt", disabled=todo.empty,
                     icon=":material/flag:"):
            done, failed = 0, []
            for r in todo.itertuples(index=False):
                try:
                    s.update_measure(int(r.id), {"target": float(r.target)}, int(r.version), author())
                    done += 1
                except (ConflictError, StoreError) as exc:
                    failed.append(f"{r.number}: {exc.message_th}")
            if failed:
                st.error(plain_line("บางมาตรการบันทึกไม่ได้: " + "; ".join(failed)))
            else:
                flash(f"ตั้งคะแนนเป้าหมายของ {done} มาตรการในแผนปี {plan_year} แล้ว")


def suggestions_section(codes: list[str]) -> None:
    st.subheader(f"ข้อเสนอมาตรการสำหรับแผนปี {plan_year}")
    if not codes:
        st.caption("ไม่มีตัวชี้วัดที่ต้องพัฒนาตามเกณฑ์ที่ตั้งไว้")
        return
    st.caption("จากคลังมาตรการที่สร้างจากรายงานของ อบต.ป่าตึง (มาตรการปี 2568, 2569 และแนวทางยกระดับรายตัวชี้วัด) "
               "และมาตรการเดิมของหน่วยงานนี้ · กดเพิ่มแล้วจะเป็นมาตรการใหม่สถานะ 'ยังไม่เริ่ม' ในแผนปีถัดไป "
               "แก้ไขรายละเอียดต่อได้ที่หน้า 'มาตรการ'")
    planned = s.measures(agency, plan_year)
    entries = [*catalogue.load_catalogue(),
               *catalogue.own_entries(s.measures(agency), plan_year, ds.is_fictional(agency))]
    rows = {r.indicator: r for r in table.itertuples(index=False)}
    for i, code in enumerate(codes):
        r = rows.get(code)
        head = fw.indicator_label(code) + (f" · {r.category_th} · ยังเพิ่มได้ {num(r.headroom)}" if r else "")
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
                label = "อยู่ในแผนแล้ว" if c.planned else f"เพิ่มในแผนปี {plan_year}"
                if st.button(label, key=f"weak_add|{code}|{c.key}", disabled=bool(c.planned),
                             icon=":material/add:"):
                    add_candidate(code, c.key, entries, planned)
                st.divider()


def add_candidate(code: str, key: str, entries: list[catalogue.Entry], planned: Any) -> None:
    entry = catalogue.entry_by_key(entries, key)
    weakness = weak.candidate_weakness(table, recorded, code, fw, year)
    fields = catalogue.measure_fields(entry, code, weakness, plan_year, planned["number"], s.units(agency),
                                      target=targets.get(code))
    try:
        s.add_measure({"agency": agency, **fields}, author())
    except InvalidEntry as exc:
        st.error(plain_line("เพิ่มไม่ได้: " + "; ".join(f"{f}: {m}" for f, m in exc.problems)))
    else:
        # The measures page opens on the plan the measure went to.
        ss.setdefault(PLAN_YEARS, {})[f"{agency}|{year}"] = plan_year
        flash(f"เพิ่มมาตรการ '{plan.measure_label(fields['number'], fields['title'])}' ในแผนปี {plan_year} แล้ว")


# -- the page: meeting mode puts the focus first --------------------------------------------------
weak_codes = weak.weak_codes(table, recorded)
if meeting:
    if has_scores:
        focus_section()
        whatif_section()
        suggestions_section(weak_codes)
        with st.expander("ตารางตัวชี้วัดทั้งหมด"):
            table_section()
    else:
        no_scores_section()
        suggestions_section(weak_codes)
    with st.expander("ข้อ OIT ที่ยังไม่ได้ดำเนินการ"):
        oit_section()
else:
    if has_scores:
        focus_section()
        table_section()
    else:
        no_scores_section()
    oit_section()
    whatif_section()
    suggestions_section(weak_codes)
