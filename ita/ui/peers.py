"""The peers page's cached views and sections (pages/peers.py calls them in its order).

rank_all() of a year (every agency × every group) is cached per store version: ~0.16 s at 8,317 agencies,
and the distribution and the percentile over the years are both read from it, so after one visit every
agency of that year is free. agency_peers() (the cards) is cached per agency and year, what is read from
rank_all() per group (the totals, the percentile over the years, the profile, the risers) per group too."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ita.core.markdown import plain_line
from ita.core.peers import GROUP_TH, MIN_PEERS, AgencyPeers, agency_peers, indicator_profile, rank_all, risers
from ita.services.peers import (
    default_group,
    distribution_chart,
    group_totals,
    label_fictional,
    percentile_chart,
    percentile_history,
    profile_chart,
)
from ita.storage.export import frames_to_xlsx
from ita.ui.common import chart, num
from ita.ui.data import dataset, framework, version

GROUP_KEY = "peers_group"  # the group chosen for the distribution, the history, the profile and the risers


# cache_resource, not cache_data (as ita.ui.data._dataset): at national scale a year's table has ~41,600 rows,
# and unpickling five of them at every rerun cost more than the rest of the page. Nothing changes it in place.
@st.cache_resource(show_spinner="กำลังจัดอันดับหน่วยงานทั้งหมดของปี…", max_entries=8)
def _ranked(path: str, version: int, year: int) -> pd.DataFrame:
    return rank_all(dataset(), year, framework())


def ranked(year: int) -> pd.DataFrame:
    """Returns ita.core.peers.rank_all() of the year (cached until the next write)."""
    return _ranked(*version(), int(year))


@st.cache_data(show_spinner=False, max_entries=64)
def _peers(path: str, version: int, agency: str, year: int) -> AgencyPeers:
    return agency_peers(dataset(), agency, year, framework())


def peers_of(agency: str, year: int) -> AgencyPeers:
    """Returns ita.core.peers.agency_peers() of the agency and year (cached until the next write)."""
    return _peers(*version(), agency, int(year))


# The group's totals and the agency's percentile over the years are picked out of rank_all() tables of ~41,600
# rows (one per agency and group) per year: ~15 ms a run at national scale, so they are cached as the profile is.
@st.cache_data(show_spinner=False, max_entries=64)
def _totals(path: str, version: int, year: int, group: str, key: str) -> pd.DataFrame:
    return group_totals(ranked(year), group, key)


@st.cache_data(show_spinner=False, max_entries=64)
def _history(path: str, version: int, agency: str, group: str, years: tuple[int, ...]) -> pd.DataFrame:
    return percentile_history({y: ranked(y) for y in years}, agency, group)


@st.cache_data(show_spinner=False, max_entries=64)
def _profile(path: str, version: int, agency: str, year: int, group: str) -> pd.DataFrame:
    return indicator_profile(dataset(), agency, year, group, framework())


@st.cache_data(show_spinner=False, max_entries=64)
def _risers(path: str, version: int, agency: str, year: int, group: str) -> pd.DataFrame:
    ds = dataset()
    return label_fictional(ds, risers(ds, agency, year, group, framework()))


def _where(row: pd.Series, markdown: bool = True) -> str:
    """Returns the group's Thai name with its key ('จังหวัดเดียวกัน (เชียงราย)'); escaped for Markdown unless
    `markdown` is False (a chart's title, which ita.core.sanitise.chart_text escapes its own way)."""
    key = str(row["key"]) if row["key"] and row["group"] != "all" else ""
    key = plain_line(key) if markdown else key
    return f"{row['group_th']}" + (f" ({key})" if key else "")


def group_cards(groups: pd.DataFrame) -> None:
    """Draws one card per group: rank of n and percentile, or the Thai note saying why not."""
    cols = st.columns(len(groups))
    for col, (_, g) in zip(cols, groups.iterrows(), strict=True):
        where = _where(g)
        if g["ranked"]:
            col.metric(where, f"อันดับ {int(g['rank'])} จาก {int(g['n'])}", border=True,
                       help="อันดับ 1 = คะแนนรวมสูงสุด คะแนนเท่ากันได้อันดับที่ดีกว่าร่วมกัน")
            col.caption(f"เปอร์เซ็นไทล์ {g['percentile']:.1f} · มัธยฐาน {num(g['median'])} "
                        f"(Q1 {num(g['q1'])}, Q3 {num(g['q3'])})")
        else:
            col.metric(where, "ไม่จัดอันดับ", border=True)
        if g["note"]:
            # The note says why there is no rank (fewer than MIN_PEERS, no attribute, no total) and when a
            # group mixes real and fictional agencies: shown as given, never dropped.
            (col.caption if g["ranked"] else col.info)(plain_line(g["note"]))
    st.caption(f"อันดับ 1 = คะแนนรวมสูงสุด · เปอร์เซ็นไทล์ = ร้อยละของหน่วยงานอื่นในกลุ่มที่คะแนนรวมต่ำกว่า · "
               f"n = จำนวนหน่วยงานในกลุ่มที่มีคะแนนรวมปีนี้ (รวมหน่วยงานนี้) · กลุ่มที่มีน้อยกว่า {MIN_PEERS} แห่ง"
               " ไม่จัดอันดับ")


def group_key(agency: str) -> str:
    """Returns the session key of the agency's group choice."""
    return f"{GROUP_KEY}|{agency}"


def group_choice(groups: pd.DataFrame, agency: str) -> pd.Series | None:
    """Draws the choice of one group (those the agency belongs to) and returns its row; None when none.
    Kept per agency: another agency's groups differ in size, so each starts from its own default."""
    have = groups[groups["n"] > 0].set_index("group", drop=False)
    if have.empty:
        return None
    options = list(have.index)
    key = group_key(agency)
    if st.session_state.get(key) not in options:  # none yet, or a group it has not this year
        st.session_state[key] = default_group(groups)
    chosen = st.radio("กลุ่มที่ใช้เปรียบเทียบด้านล่าง", options, key=key, horizontal=True,
                      format_func=lambda g: f"{_where(have.loc[g])} · {int(have.loc[g, 'n'])} แห่ง")
    return have.loc[chosen]


def distribution(row: pd.Series, agency: str, year: int, total: float | None, fiction: str) -> None:
    """Draws the histogram of the group's totals with the agency marked."""
    totals = _totals(*version(), int(year), str(row["group"]), str(row["key"]))
    title = f"การกระจายของคะแนนรวมปี {year}: {_where(row, markdown=False)} ({len(totals)} แห่ง)"
    chart(distribution_chart(totals, agency, total, title), "ita_peers_distribution",
          data=lambda: frames_to_xlsx({"คะแนนรวมของกลุ่ม": label_fictional(dataset(), totals)}, fiction))
    if not row["ranked"]:
        st.caption(f"กลุ่มนี้มีเพียง {int(row['n'])} แห่ง (น้อยกว่า {MIN_PEERS}) แผนภูมิจึงแสดงคะแนนของแต่ละแห่ง"
                   " ไม่ใช่การกระจายที่ใช้สรุปได้")


def history(row: pd.Series, agency: str, years: list[int], fiction: str) -> None:
    """Draws the agency's percentile in the group over its years, with what it means."""
    table = _history(*version(), agency, str(row["group"]),
                     tuple(int(y) for y in years))
    if table.empty:
        st.info("ไม่มีคะแนนรวมของหน่วยงานในปีใดเลย จึงไม่มีเปอร์เซ็นไทล์รายปี")
        return
    if table["percentile"].isna().all():
        # An empty line chart would look like missing data; say why there is no point instead.
        st.info(f"กลุ่มนี้มีน้อยกว่า {MIN_PEERS} แห่งในทุกปีที่หน่วยงานมีคะแนนรวม"
                f" ({', '.join(str(int(y)) for y in table['year'])}) จึงไม่มีเปอร์เซ็นไทล์รายปี")
        return
    chart(percentile_chart(table), "ita_peers_percentile",
          data=lambda: frames_to_xlsx({"เปอร์เซ็นไทล์รายปี": table}, fiction))
    st.caption("เปอร์เซ็นไทล์บอกว่าหน่วยงานอยู่เหนือหน่วยงานอื่นในกลุ่มกี่เปอร์เซ็นต์ เมื่อคะแนนของทุกหน่วยงานสูงขึ้นทุกปี"
               " คะแนนรวมที่สูงขึ้นอาจไม่ได้แปลว่าดีขึ้นเมื่อเทียบกับผู้อื่น เส้นนี้จึงแสดงความก้าวหน้าที่แท้จริง:"
               " ขึ้นเมื่อแซงหน้าหน่วยงานอื่น ลงเมื่อหน่วยงานอื่นพัฒนาเร็วกว่า")
    small = table[table["percentile"].isna()]
    if len(small):
        st.caption(f"ปี {', '.join(str(int(y)) for y in small['year'])}: กลุ่มมีน้อยกว่า {MIN_PEERS} แห่ง"
                   " จึงไม่มีเปอร์เซ็นไทล์ (เส้นขาดช่วง)")


def profile(row: pd.Series, agency: str, year: int, fiction: str) -> None:
    """Draws the indicator profile against the group's median and quartiles, or says the report has totals only."""
    fw = framework()
    table = _profile(*version(), agency, year, str(row["group"]))
    if table.empty:
        st.info(f"รายงานของหน่วยงานนี้ปี {year} ให้เฉพาะคะแนนรวม ไม่มีคะแนนรายตัวชี้วัด จึงเทียบรายตัวชี้วัดไม่ได้"
                " กรอกคะแนนรายตัวชี้วัดได้ที่หน้าข้อมูล")
        st.page_link("pages/data.py", label="ไปที่หน้าข้อมูลเพื่อกรอกคะแนนรายตัวชี้วัด", icon=":material/database:")
        return
    chart(profile_chart(table, fw), "ita_peers_profile",
          data=lambda: frames_to_xlsx({"รายตัวชี้วัดเทียบกลุ่ม": table}, fiction))
    if table["median"].isna().any():
        st.caption(f"ตัวชี้วัดที่กลุ่มมีคะแนนน้อยกว่า {MIN_PEERS} แห่ง แสดงเฉพาะคะแนนของหน่วยงานนี้ ไม่มีมัธยฐานและควอร์ไทล์")


def rising_peers(row: pd.Series, agency: str, year: int) -> None:
    """Draws the group's agencies that rose most from a start close to this agency's."""
    table = _risers(*version(), agency, year, str(row["group"]))
    st.caption(f"หน่วยงาน{GROUP_TH[str(row['group'])]}ที่คะแนนรวมปี {year - 1} ใกล้เคียงกับหน่วยงานนี้ (ต่างกันไม่เกิน"
               " ±2 คะแนน) เรียงตามคะแนนที่เพิ่มขึ้นมากที่สุด — หน่วยงานที่น่าไปเรียนรู้")
    if table.empty:
        st.info(f"ไม่มีหน่วยงานในกลุ่มนี้ที่เริ่มจากคะแนนใกล้เคียงกันในปี {year - 1}"
                " (หรือหน่วยงานนี้ไม่มีคะแนนรวมปีก่อน)")
        return
    st.dataframe(table, hide_index=True, column_config={
        "agency": st.column_config.TextColumn("หน่วยงาน", pinned=True),
        "before": st.column_config.NumberColumn(f"ปี {year - 1}", format="%.2f"),
        "total": st.column_config.NumberColumn(f"ปี {year}", format="%.2f"),
        "gain": st.column_config.NumberColumn("เพิ่มขึ้น", format="%+.2f"),
        "fictional": "หมายเหตุ",
    })
