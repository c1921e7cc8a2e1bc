"""The overseer page's sections (ภาพรวมหลายหน่วยงาน): the group and year chosen, the group's figures, its table
and the way to one agency's own pages. The figures are ita.services.overseer's; this module only draws them.

Everything the page reads of the dataset is cached on the store's data version (as ita.ui.data's caches): the
groups, their members and years scan the agencies table and the score tables (~30 ms a run at national scale
before, BENCHMARKS.md issue 14). A list of agencies in a cache key is given by its digest (`_key`): Streamlit's
hasher walks a list item by item, 22 ms at every run for a type's 5,263 agencies."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import streamlit as st

from ita.core.access import Account, read_mode
from ita.core.markdown import plain_line
from ita.core.thai import format_number
from ita.services import overseer as svc
from ita.services.agencies import SHOWN_AT_MOST, AgencyIndex
from ita.ui.common import num
from ita.ui.data import agencies, dataset, framework, version
from ita.ui.sidebar import AGENCY_KEY, YEAR_KEY, Selection

KIND_KEY, KEY_KEY, PROVINCE_KEY, YEAR_CHOICE = "overseer_kind", "overseer_key", "overseer_province", "overseer_year"
OPEN_KEY, OPEN_BUTTON, OPEN_SELECTED = "overseer_open", "overseer_open_button", "overseer_open_row"
TABLE_KEY = "overseer_table"
OVERVIEW_PAGE = "pages/overview.py"
SMALL_GROUP = 5  # below this, the page says the figures rest on few agencies (as the peers' MIN_PEERS)


def _key(names: Sequence[str] | None) -> str:
    """Returns a short cache key of a list of agencies (None, all agencies, is '*')."""
    return "*" if names is None else hashlib.sha256("\x1f".join(names).encode()).hexdigest()


# In the functions below `path`, `version` and the `*_key` arguments only decide when the cache is stale; the
# arguments whose names start with "_" are not hashed (their `*_key` stands for them).
@st.cache_data(show_spinner="กำลังคำนวณภาพรวมของกลุ่ม…", max_entries=16)
def _view(path: str, version: int, members_key: str, _members: tuple[str, ...], year: int) -> svc.GroupView:
    return svc.group_view(dataset(), _members, year, framework())


def group_view(members: list[str], year: int) -> svc.GroupView:
    """Returns ita.services.overseer.group_view() of the members and year (cached until the next write)."""
    return _view(*version(), _key(members), tuple(members), int(year))


@st.cache_data(show_spinner=False, max_entries=16)
def _covered(path: str, version: int, account: Account) -> list[str]:
    return svc.covered(dataset(), account)


@st.cache_data(show_spinner=False, max_entries=64)
def _values(path: str, version: int, kind: str, province: str, among_key: str, _among: list[str] | None) -> list[str]:
    return svc.group_values(dataset(), kind, _among, province=province)


@st.cache_data(show_spinner=False, max_entries=64)
def _members(path: str, version: int, kind: str, key: str, among_key: str, _among: list[str] | None) -> list[str]:
    return svc.group_members(dataset(), kind, key, _among)


@st.cache_data(show_spinner=False, max_entries=64)
def _years(path: str, version: int, members_key: str, _members: list[str]) -> list[int]:
    return svc.group_years(dataset(), _members)


def covered(account: Account | None) -> list[str]:
    """Returns ita.services.overseer.covered() of the account (cached until the next write)."""
    return [] if account is None else _covered(*version(), account)


def readable(account: Account | None) -> list[str] | None:
    """Returns the agencies the page may show: None (all) with ITA_READ=public, else those the account may read."""
    return None if read_mode() == "public" else covered(account)


def group_values(kind: str, among: list[str] | None, province: str = "") -> list[str]:
    """Returns ita.services.overseer.group_values() (cached until the next write)."""
    return _values(*version(), kind, province, _key(among), among)


def group_members(kind: str, key: str, among: list[str] | None) -> list[str]:
    """Returns ita.services.overseer.group_members() of a province, district, type or ministry (cached until the
    next write)."""
    return _members(*version(), kind, key, _key(among), among)


def group_years(members: list[str]) -> list[int]:
    """Returns ita.services.overseer.group_years() of the members (cached until the next write)."""
    return _years(*version(), _key(members), members)


def _choice(label: str, options: list, key: str, fallback: object, **kwargs: object) -> object:
    """Draws a selectbox whose value is kept between visits (as the sidebar's are) and returns it."""
    value = st.session_state.get(key)
    start = value if value in options else fallback if fallback in options else options[0]
    return st.selectbox(label, options, index=options.index(start), key=key, **kwargs)


def choose_group(account: Account | None, among: list[str] | None,
                 sel: Selection, index: AgencyIndex) -> tuple[str, str, list[str]] | None:
    """Draws the choice of group; returns (kind, Thai name of the group, members), or None (with a note) when
    there is no group to show."""
    granted = covered(account) if account is not None and account.role != "admin" else []
    kinds = [k for k in svc.KINDS if k != "granted" or granted]
    # A viewer (an overseer with grants) starts on their own group.
    start = "granted" if granted and account is not None and account.role == "viewer" else "province"
    kind = st.radio("ดูตาม", kinds, index=kinds.index(st.session_state.get(KIND_KEY, start))
                    if st.session_state.get(KIND_KEY, start) in kinds else 0,
                    key=KIND_KEY, format_func=svc.KIND_TH.get, horizontal=True)
    own_province, _ = index.area(sel.agency) if sel.agency else ("", "")
    if kind == "granted":
        members = granted if among is None else [a for a in granted if a in set(among)]
        return kind, "หน่วยงานตามสิทธิ์ของบัญชีนี้", members
    if kind == "all":
        # With ITA_READ=signed-in an account sees only what it may read: not "the whole country" then.
        name = "ทั้งประเทศ" if among is None else "ทุกหน่วยงานที่บัญชีนี้เปิดดูได้"
        return kind, name, group_members(kind, "", among)
    if kind == "district":
        provinces = group_values("province", among)
        if not provinces:
            st.info("ยังไม่มีข้อมูลจังหวัดของหน่วยงานในระบบ จึงยังดูตามอำเภอไม่ได้")
            return None
        province = _choice("จังหวัด", provinces, PROVINCE_KEY, own_province)
        districts = group_values("district", among, province=str(province))
        if not districts:
            st.info(f"ยังไม่มีข้อมูลอำเภอของหน่วยงานในจังหวัด{plain_line(str(province))}")
            return None
        district = _choice("อำเภอ", districts, f"{KEY_KEY}|district", index.area(sel.agency)[1] if sel.agency else "")
        key = f"{province}/{district}"
        return kind, f"อำเภอ{district} จังหวัด{province}", group_members(kind, key, among)
    values = group_values(kind, among)
    if not values:
        st.info(f"ยังไม่มีข้อมูล{svc.KIND_TH[kind]}ของหน่วยงานในระบบ จึงยังดูตาม{svc.KIND_TH[kind]}ไม่ได้")
        return None
    fallback = {"province": own_province,
                "type": index.attributes.get("kind", {}).get(sel.agency or "", "")}.get(kind, "")
    key = str(_choice(svc.KIND_TH[kind], values, f"{KEY_KEY}|{kind}", fallback))
    name = {"province": f"จังหวัด{key}", "type": key, "ministry": f"กระทรวง{key}"}[kind]
    return kind, name, group_members(kind, key, among)


def choose_year(members: list[str], sel: Selection) -> int | None:
    """Draws the fiscal-year choice among the years the group has results for (the sidebar's year first)."""
    years = group_years(members)
    if not years:
        return None
    return int(_choice("ปีงบประมาณ (พ.ศ.)", years, YEAR_CHOICE, sel.year if sel.year in years else years[-1],
                       format_func=str))


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{format_number(value, 1, digits='arabic')} %"


def labels(view: svc.GroupView, name: str) -> None:
    """Says when the group is fictional, or mixes real and fictional agencies, and when it is small."""
    if view.all_fictional:
        st.warning("**ข้อมูลสมมุติ** — ทุกหน่วยงานในกลุ่มนี้เป็นหน่วยงานสมมุติเพื่อการสาธิต ตัวเลขทั้งหมดไม่ใช่ผลการประเมินจริง",
                   icon="⚠️")
    elif view.mixed_note:
        st.warning(f"**ข้อมูลสมมุติปนอยู่** — {view.mixed_note}", icon="⚠️")
    if 0 < view.n < SMALL_GROUP:
        st.info(f"{plain_line(name)} มีหน่วยงานที่มีคะแนนรวมปี {view.year} เพียง {view.n} แห่ง "
                "ตัวเลขสรุปด้านล่างจึงบอกได้น้อย อ่านเป็นรายหน่วยงานจะตรงกว่า")


def cards(view: svc.GroupView) -> None:
    """The four cards: agencies, pass rate, mean and median with their change from the previous year."""
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("จำนวนหน่วยงาน", f"{view.members:,}", border=True,
              help="หน่วยงานทั้งหมดในกลุ่ม (ตามตารางหน่วยงาน)")
    c1.caption(f"มีคะแนนรวมปี {view.year}: {view.n:,} แห่ง")
    c2.metric(f"อัตราผ่าน (≥ {view.pass_mark:g})", _pct(view.pass_rate), border=True)
    c2.caption(f"ผ่าน {view.passed:,} จาก {view.n:,} แห่ง")
    prev = view.year - 1
    for col, label, value, change, before in (
        (c3, "ค่าเฉลี่ย", view.mean, view.mean_change, view.prev_mean),
        (c4, "มัธยฐาน", view.median, view.median_change, view.prev_median),
    ):
        col.metric(f"{label} ปี {view.year}", num(value), border=True,
                   delta=f"{num(change, sign=True)} จากปี {prev}" if change is not None else None)
        col.caption(f"ปี {prev}: {num(before)} ({view.prev_n:,} แห่ง)" if before is not None
                    else f"ไม่มีคะแนนรวมของปี {prev} ในกลุ่มนี้ จึงไม่แสดงการเปลี่ยนแปลง")


def sections(view: svc.GroupView) -> None:
    """Levels, below the pass mark, the largest falls, the weak indicators and the plans."""
    left, right = st.columns(2)
    with left:
        st.subheader("การกระจายของระดับ")
        if view.levels.empty:
            st.info(f"ไม่มีคะแนนรวมปี {view.year} ในกลุ่มนี้")
        else:
            st.dataframe(view.levels, hide_index=True, column_config={
                "level": "ระดับ", "agencies": st.column_config.NumberColumn("จำนวนหน่วยงาน", format="%d")})
            st.caption("ระดับที่ประกาศ ถ้าไม่มีใช้ระดับที่คำนวณตามเกณฑ์ของปี (ดูคอลัมน์ 'ที่มาของระดับ' ในตาราง)")
    with right:
        st.subheader(f"ต่ำกว่าเกณฑ์ผ่าน {view.pass_mark:g}")
        if view.below.empty:
            st.success(f"ไม่มีหน่วยงานในกลุ่มที่ได้ต่ำกว่า {view.pass_mark:g} ในปี {view.year}")
        else:
            st.dataframe(view.below, hide_index=True, column_config={
                "agency": "หน่วยงาน", "total": st.column_config.NumberColumn("คะแนนรวม", format="%.2f"),
                "change": st.column_config.NumberColumn("เปลี่ยนจากปีก่อน", format="%+.2f")})
    left, right = st.columns(2)
    with left:
        st.subheader("ลดลงมากที่สุด")
        if view.fell.empty:
            st.info(f"ไม่มีหน่วยงานในกลุ่มที่คะแนนรวมลดลงจากปี {view.year - 1}")
        else:
            st.dataframe(view.fell, hide_index=True, column_config={
                "agency": "หน่วยงาน", "prev_total": st.column_config.NumberColumn(f"ปี {view.year - 1}", format="%.2f"),
                "total": st.column_config.NumberColumn(f"ปี {view.year}", format="%.2f"),
                "change": st.column_config.NumberColumn("เปลี่ยน", format="%+.2f")})
    with right:
        st.subheader("ตัวชี้วัดที่อ่อนบ่อยที่สุด")
        weak = view.weak[view.weak["weak"] > 0] if len(view.weak) else view.weak
        if view.weak.empty:
            st.info(f"ไม่มีคะแนนรายตัวชี้วัดของหน่วยงานในกลุ่มปี {view.year}")
        elif weak.empty:
            st.success(f"ไม่มีตัวชี้วัดใดที่หน่วยงานในกลุ่มได้ต่ำกว่า {svc.WEAK_BELOW:g}")
        else:
            st.dataframe(weak, hide_index=True, column_config={
                "indicator": None, "label": "ตัวชี้วัด",
                "weak": st.column_config.NumberColumn(f"หน่วยงานที่ได้ต่ำกว่า {svc.WEAK_BELOW:g}", format="%d"),
                "scored": st.column_config.NumberColumn("หน่วยงานที่มีคะแนน", format="%d")})
    st.subheader(f"แผนมาตรการปีงบประมาณ {view.plan_year}")
    if not view.plans_kept:
        st.info("ยังไม่มีแผนมาตรการของหน่วยงานในกลุ่มนี้เก็บไว้ในระบบ จึงยังบอกไม่ได้ว่าหน่วยงานใดมีแผนแล้ว")
    else:
        a, b = st.columns(2)
        a.metric("หน่วยงานที่มีแผนมาตรการ", f"{view.with_plan:,} จาก {view.members:,}", border=True)
        b.metric("มาตรการที่แล้วเสร็จ", _pct(view.completion), border=True)
        b.caption(f"แล้วเสร็จ {view.done:,} จาก {view.measures:,} มาตรการ" if view.measures
                  else f"ยังไม่มีมาตรการของปี {view.plan_year}")


def agencies_table(view: svc.GroupView, name: str) -> str | None:
    """Draws the group's table (sortable by any column in the browser); returns the agency of the row selected.
    Keyed by group and year: a row selected in another group's table must not pick this group's agency."""
    st.subheader("หน่วยงานในกลุ่ม")
    st.caption("คลิกหัวคอลัมน์เพื่อเรียง เลือกแถวเพื่อเปิดหน้าของหน่วยงานนั้น")
    shown = view.table.assign(fictional=view.table["fictional"].map({True: "สมมุติ", False: ""}))
    event = st.dataframe(
        shown, hide_index=True, key=f"{TABLE_KEY}|{name}|{view.year}", on_select="rerun", selection_mode="single-row",
        column_config={
            "agency": "หน่วยงาน", "fictional": "ข้อมูลสมมุติ",
            "total": st.column_config.NumberColumn(f"คะแนนรวม {view.year}", format="%.2f"),
            "computed": st.column_config.CheckboxColumn("คำนวณจากตัวชี้วัด"),
            "level": "ระดับ", "level_source": "ที่มาของระดับ",
            "prev_total": st.column_config.NumberColumn(f"คะแนนรวม {view.year - 1}", format="%.2f"),
            "change": st.column_config.NumberColumn("เปลี่ยนแปลง", format="%+.2f"),
            "passed": st.column_config.CheckboxColumn(f"ผ่าน (≥ {view.pass_mark:g})"),
            "measures": st.column_config.NumberColumn(f"มาตรการปี {view.plan_year}", format="%d"),
            "done": st.column_config.NumberColumn("แล้วเสร็จ", format="%d"),
            "completion": st.column_config.NumberColumn("แล้วเสร็จ (%)", format="%.1f"),
        },
    )
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    return str(view.table["agency"].iloc[rows[0]]) if rows and rows[0] < len(view.table) else None


def _open(agency: str, year: int) -> None:
    """Makes `agency` (and `year`, when it has results then) the sidebar's choice. A callback: it runs before
    the sidebar's widgets are drawn, so their keys may still be set; the sidebar keeps a chosen agency in its
    list whatever its search box and filters say (ita.services.agencies.choices)."""
    st.session_state[AGENCY_KEY] = agency
    if year in agencies().years.get(agency, ()):
        st.session_state[YEAR_KEY] = year


def open_agency(view: svc.GroupView, selected: str | None, index: AgencyIndex) -> None:
    """Offers each agency of the group one click from its own pages: the row selected in the table, or one
    chosen in a list (at most SHOWN_AT_MOST, lowest totals first when the group is larger)."""
    if selected is not None:
        if st.button(f"เปิดหน้าภาพรวมของ {plain_line(index.label(selected))}", key=OPEN_SELECTED, type="primary",
                     on_click=_open, args=(selected, view.year), icon=":material/open_in_new:"):
            st.switch_page(OVERVIEW_PAGE)
    names = list(view.lowest_first)
    if len(names) > SHOWN_AT_MOST:
        st.caption(f"รายการด้านล่างแสดง {SHOWN_AT_MOST} แห่งที่คะแนนรวมต่ำสุด จาก {len(names):,} แห่ง "
                   "หน่วยงานอื่นเลือกได้จากตารางด้านบน")
        names = names[:SHOWN_AT_MOST]
    if not names:
        return
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    agency = a.selectbox("เปิดหน้าของหน่วยงาน", names, key=OPEN_KEY, format_func=index.label)
    if b.button("เปิดหน้าภาพรวม", key=OPEN_BUTTON, on_click=_open, args=(agency, view.year),
                icon=":material/open_in_new:"):
        st.switch_page(OVERVIEW_PAGE)
