"""The peers page (issue 14, item 2) as plain data and figures: the agency's place in each group (from
ita.core.peers.agency_peers), the totals of one group and the percentile over the years (both from
ita.core.peers.rank_all tables, which the page caches per year), the indicator profile and the risers.

Nothing here ranks anything itself: the rules live in ita.core.peers; this module only selects and shapes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ita.core.framework import Framework
from ita.core.model import Dataset
from ita.core.peers import GROUP_TH, AgencyPeers
from ita.core.sanitise import chart_text
from ita.core.schema import YES
from ita.services.charts import TOTAL_COLOUR, _layout, _n, _year_axis

AGENCY_COLOUR, PEERS_COLOUR = "#D55E00", "#56B4E9"
GROUP_COLUMNS = ["group", "group_th", "key", "n", "rank", "percentile", "median", "q1", "q3", "note", "ranked"]
HISTORY_COLUMNS = ["year", "key", "n", "rank", "percentile", "total", "median"]


def groups_table(result: AgencyPeers) -> pd.DataFrame:
    """Returns one row per group of agency_peers() with its Thai name; `ranked` says whether a rank was given
    (False below MIN_PEERS or without the group), and `key` is '' where the agency has no such group."""
    rows = [{**g, "group_th": GROUP_TH[g["group"]], "key": g["key"] or "", "note": g.get("note", ""),
             "ranked": g["rank"] is not None} for g in result.groups]
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def default_group(groups: pd.DataFrame) -> str | None:
    """Returns the group to show first: the smallest group that is ranked (agencies most like this one that are
    still enough to rank), else the largest group the agency belongs to; None when it belongs to none."""
    have = groups[groups["n"] > 0]
    if have.empty:
        return None
    ranked = have[have["ranked"]]
    pick = ranked.sort_values("n", kind="stable").iloc[0] if len(ranked) else \
        have.sort_values("n", ascending=False, kind="stable").iloc[0]
    return str(pick["group"])


def group_totals(table: pd.DataFrame, group: str, key: str) -> pd.DataFrame:
    """Returns the totals of one group's agencies (agency, total; highest first) from a rank_all() table."""
    rows = table[(table["group"] == group) & (table["key"] == key)]
    return rows[["agency", "total"]].sort_values("total", ascending=False, kind="stable").reset_index(drop=True)


def percentile_history(tables: Mapping[int, pd.DataFrame], agency: str, group: str) -> pd.DataFrame:
    """Returns, per year of `tables` (rank_all() of each year) where the agency has a total, its key, n, rank,
    percentile, total and the group's median: ita.core.peers.percentile_over_years, from tables already made."""
    rows = []
    for year in sorted(tables):
        t = tables[year]
        r = t[(t["agency"] == agency) & (t["group"] == group)]
        if len(r):
            rows.append(r.iloc[0][HISTORY_COLUMNS[1:]].to_dict() | {"year": int(year)})
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


def fictional_agencies(ds: Dataset, agencies: pd.Series) -> np.ndarray:
    """Returns, per agency, whether the agencies table marks it fictional (at once, not agency by agency)."""
    table = ds["agencies"]
    return agencies.isin(table.loc[table["fictional"] == YES, "agency"]).to_numpy()


def label_fictional(ds: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """Returns the frame with a column `fictional` ('ข้อมูลสมมุติ' or '') beside each agency."""
    return frame.assign(fictional=np.where(fictional_agencies(ds, frame["agency"]), "ข้อมูลสมมุติ", ""))


def distribution_chart(totals: pd.DataFrame, agency: str, total: float | None, title: str) -> go.Figure:
    """Returns a histogram of the group's totals with the agency's total as a labelled vertical line."""
    data: list[Any] = [go.Histogram(x=totals["total"], marker={"color": PEERS_COLOUR}, name="หน่วยงานในกลุ่ม",
                                    hovertemplate="คะแนนรวม %{x}<br>%{y} แห่ง<extra></extra>",
                                    xbins={"size": 1} if len(totals) > 1 else None)]
    shapes, notes = [], []
    if total is not None:
        shapes.append({"type": "line", "x0": total, "x1": total, "y0": 0, "y1": 1, "yref": "paper",
                       "line": {"color": AGENCY_COLOUR, "width": 3}})
        notes.append({"x": total, "y": 1, "yref": "paper", "yanchor": "bottom", "showarrow": False,
                      "text": f"{chart_text(agency)}: {_n(total)}", "font": {"color": AGENCY_COLOUR}})
    return go.Figure(data=data, layout=_layout(
        chart_text(title), xaxis={"title": {"text": "คะแนนรวม"}},
        yaxis={"title": {"text": "จำนวนหน่วยงาน"}}, shapes=shapes, annotations=notes, bargap=0.05,
        showlegend=False))


def percentile_chart(history: pd.DataFrame) -> go.Figure:
    """Returns the agency's percentile in its group over the years (a gap where the group was too small)."""
    years = [int(y) for y in history["year"]]
    pct = pd.to_numeric(history["percentile"], errors="coerce")
    text = [f"ปี {y}: เปอร์เซ็นไทล์ {_n(p) if pd.notna(p) else '– (กลุ่มเล็กเกินไป)'}<br>คะแนนรวม {_n(t)}"
            f" · มัธยฐานกลุ่ม {_n(m)} · {int(n)} แห่ง"
            for y, p, t, m, n in zip(years, pct, history["total"], history["median"], history["n"], strict=True)]
    data = [go.Scatter(x=years, y=pct, mode="lines+markers", line={"color": TOTAL_COLOUR, "width": 3},
                       name="เปอร์เซ็นไทล์", text=text, hovertemplate="%{text}<extra></extra>", connectgaps=False)]
    return go.Figure(data=data, layout=_layout(
        "เปอร์เซ็นไทล์ในกลุ่มรายปี", xaxis=_year_axis(years),
        yaxis={"range": [0, 100], "title": {"text": "เปอร์เซ็นไทล์ (ร้อยละของหน่วยงานอื่นที่คะแนนต่ำกว่า)"}},
        showlegend=False))


def profile_chart(profile: pd.DataFrame, fw: Framework) -> go.Figure:
    """Returns the agency's indicator scores against the group's quartile range (bar from Q1 to Q3) and median;
    an indicator whose group has fewer than MIN_PEERS scores shows the agency's score only."""
    labels = [chart_text(fw.indicator_label(str(c))) for c in profile["indicator"]]
    q1, q3 = profile["q1"].astype(float), profile["q3"].astype(float)
    data = [
        go.Bar(y=labels, x=q3 - q1, base=q1, orientation="h", marker={"color": PEERS_COLOUR, "opacity": 0.5},
               name="ช่วงควอร์ไทล์ของกลุ่ม (Q1–Q3)", hovertemplate="Q1 %{base:.2f} – Q3 %{customdata:.2f}<extra></extra>",
               customdata=q3),
        go.Scatter(y=labels, x=profile["median"].astype(float), mode="markers", name="มัธยฐานของกลุ่ม",
                   marker={"symbol": "line-ns-open", "size": 18, "color": "#333333", "line": {"width": 3}},
                   hovertemplate="มัธยฐาน %{x:.2f}<extra></extra>"),
        go.Scatter(y=labels, x=profile["score"].astype(float), mode="markers", name="หน่วยงานนี้",
                   marker={"symbol": "diamond", "size": 12, "color": AGENCY_COLOUR},
                   hovertemplate="คะแนน %{x:.2f}<extra></extra>"),
    ]
    return go.Figure(data=data, layout=_layout(
        "คะแนนรายตัวชี้วัดเทียบกลุ่ม", height=120 + 36 * len(labels), xaxis={"title": {"text": "คะแนน"}},
        yaxis={"autorange": "reversed"}, barmode="overlay"))

