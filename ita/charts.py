"""Chart builders: pure `DataFrame -> plotly Figure` functions used by every page.

Colours are fixed per indicator, tool and band so a chart reads the same on every page, and
come from colour-blind-safe palettes (Paul Tol's 'muted' for indicators; Okabe–Ito for the
rest). Years are Buddhist Era whole numbers on every axis.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ita.analysis import CATEGORY_TH
from ita.thai import format_number

FONT_FAMILY = "Sarabun, 'TH Sarabun New', 'Noto Sans Thai', 'Leelawadee UI', Tahoma, Garuda, Loma, sans-serif"

INDICATOR_COLOURS: dict[str, str] = {
    "1": "#332288", "2": "#88CCEE", "3": "#44AA99", "4": "#117733", "5": "#999933",
    "6": "#DDCC77", "7": "#CC6677", "8": "#882255", "9": "#AA4499", "10": "#555555",
}
TOOL_COLOURS: dict[str, str] = {"IIT": "#56B4E9", "EIT": "#E69F00", "OIT": "#CC79A7"}
BAND_COLOURS: dict[str, str] = {"urgent": "#D55E00", "improve": "#F0E442", "strong": "#0072B2"}
TOTAL_COLOUR = "#0072B2"
NATIONAL_COLOUR = "#666666"
PASS_COLOUR = "#D55E00"
UP_COLOUR, DOWN_COLOUR = "#009E73", "#D55E00"


def chart_config(filename: str) -> dict[str, Any]:
    """Returns the plotly config: a PNG download button named after the chart, no logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


def _base(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 14},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        plot_bgcolor="white",
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    fig.update_yaxes(gridcolor="#E5E5E5", zeroline=False)
    return fig


def _year_axis(fig: go.Figure, years: Sequence[int]) -> None:
    # Without tickformat "d" and dtick 1 plotly shows B.E. years as 2,563.5.
    fig.update_xaxes(tickformat="d", dtick=1, title_text="ปีงบประมาณ (พ.ศ.)")
    if years:
        fig.update_xaxes(range=[min(years) - 0.5, max(years) + 0.5])


def _n(v: float | None, sign: bool = False) -> str:
    return format_number(v, digits="arabic", sign=sign)


def trend_chart(trend: pd.DataFrame, pass_mark: float = 85.0, excellent: float = 95.0) -> go.Figure:
    """Returns the total over the years with bands (< pass, pass–excellent, ≥ excellent), the pass
    line and the national mean as a reference line. `trend` is ita.overview.trend_frame()."""
    df = trend.dropna(subset=["total"])
    years = [int(y) for y in trend["year"]]
    low = min([*df["total"].tolist(), *trend["national_mean"].dropna().tolist(), pass_mark]) - 5
    low = max(0.0, float(int(low // 5 * 5)))
    fig = go.Figure()
    bands = [
        (low, pass_mark, BAND_COLOURS["urgent"], f"ต่ำกว่า {pass_mark:g} (ไม่ผ่าน)"),
        (pass_mark, excellent, BAND_COLOURS["improve"], f"{pass_mark:g}–{excellent - 0.01:g}"),
        (excellent, 100.5, BAND_COLOURS["strong"], f"{excellent:g} ขึ้นไป"),
    ]
    for y0, y1, colour, label in bands:
        fig.add_hrect(y0=y0, y1=y1, fillcolor=colour, opacity=0.10, line_width=0,
                      annotation_text=label, annotation_position="top left",
                      annotation_font={"size": 11, "color": "#444444"})
    fig.add_hline(y=pass_mark, line_dash="dash", line_color=PASS_COLOUR, line_width=2,
                  annotation_text=f"เกณฑ์ผ่าน {pass_mark:g}", annotation_position="bottom right")
    nat = trend.dropna(subset=["national_mean"])
    if len(nat):
        fig.add_trace(
            go.Scatter(
                x=nat["year"], y=nat["national_mean"], name="ค่าเฉลี่ยประเทศ", mode="lines+markers",
                line={"color": NATIONAL_COLOUR, "dash": "dot"}, marker={"symbol": "diamond"},
                hovertemplate="ปี %{x}<br>ค่าเฉลี่ยประเทศ %{y:.2f}<extra></extra>",
            )
        )
    levels = [_text(lv) or _text(lc) or "–" for lv, lc in zip(df["level"], df["level_computed"], strict=True)]
    fig.add_trace(
        go.Scatter(
            x=df["year"], y=df["total"], name="คะแนนรวม", mode="lines+markers+text",
            line={"color": TOTAL_COLOUR, "width": 3}, marker={"size": 10},
            text=[_n(v) for v in df["total"]], textposition="top center",
            customdata=levels,
            hovertemplate="ปี %{x}<br>คะแนนรวม %{y:.2f}<br>ระดับ %{customdata}<extra></extra>",
        )
    )
    _base(fig, "คะแนนรวม ITA รายปี")
    _year_axis(fig, years)
    fig.update_yaxes(range=[low, 101], title_text="คะแนน")
    return fig


def tools_chart(tools: pd.DataFrame) -> go.Figure:
    """Returns grouped bars of IIT/EIT/OIT by year; `tools` is ita.overview.tools_frame()."""
    fig = go.Figure()
    for tool, colour in TOOL_COLOURS.items():
        part = tools[tools["tool"] == tool]
        fig.add_trace(
            go.Bar(
                x=part["year"], y=part["score"], name=tool, marker_color=colour,
                text=[_n(v) for v in part["score"]], textposition="outside",
                hovertemplate=f"ปี %{{x}}<br>{tool} %{{y:.2f}}<extra></extra>",
            )
        )
    _base(fig, "คะแนนรายเครื่องมือ (IIT / EIT / OIT)", height=380)
    _year_axis(fig, [int(y) for y in tools["year"]])
    fig.update_layout(barmode="group")
    low = max(0, int(tools["score"].min() // 10 * 10) - 10) if len(tools) else 0
    fig.update_yaxes(range=[low, 105], title_text="คะแนน")
    return fig


def _text(value: object) -> str:
    """Returns a text cell as a str ('' for None, NaN or pd.NA)."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def waterfall_chart(table: pd.DataFrame, year_from: int, year_to: int, total_from: float,
                    total_to: float) -> go.Figure:
    """Returns a waterfall from the computed total of `year_from` through each indicator's
    weighted contribution to the total of `year_to`; `table` is ita.overview.drivers().table."""
    x = [f"ปี {year_from}", *[f"{i}. {n}" for i, n in zip(table["indicator"], table["name_th"], strict=True)],
         f"ปี {year_to}"]
    y = [total_from, *table["contribution"].tolist(), total_to]
    measure = ["absolute", *["relative"] * len(table), "total"]
    text = [_n(total_from), *[_n(v, sign=True) for v in table["contribution"]], _n(total_to)]
    fig = go.Figure(
        go.Waterfall(
            x=x, y=y, measure=measure, text=text, textposition="outside",
            increasing={"marker": {"color": UP_COLOUR}}, decreasing={"marker": {"color": DOWN_COLOUR}},
            totals={"marker": {"color": TOTAL_COLOUR}}, connector={"line": {"color": "#999999"}},
            hovertemplate="%{x}<br>%{text}<extra></extra>",
        )
    )
    _base(fig, f"ตัวชี้วัดใดทำให้คะแนนรวมเปลี่ยน (ปี {year_from} → {year_to})", height=460)
    ends = [total_from, total_to, *(total_from + table["contribution"].cumsum()).tolist()]
    fig.update_yaxes(range=[max(0, min(ends) - 3), min(105, max(ends) + 3)], title_text="คะแนนรวม")
    fig.update_xaxes(tickangle=-30)
    fig.update_layout(showlegend=False)
    return fig


def heatmap_chart(matrix: pd.DataFrame) -> go.Figure:
    """Returns indicator × year cells coloured by band (urgent / improve / strong) with the score
    written in each; `matrix` is ita.indicators.indicator_matrix()."""
    order = {"urgent": 0, "improve": 1, "strong": 2}
    labels = list(dict.fromkeys(matrix.sort_values("indicator", key=lambda s: s.astype(int))["label"]))
    years = sorted({int(y) for y in matrix["year"]})
    z, text = [], []
    for label in labels:
        rows = matrix[matrix["label"] == label].set_index("year")
        z.append([order[rows.loc[y, "category"]] if y in rows.index else None for y in years])
        text.append([_n(rows.loc[y, "score"]) if y in rows.index else "" for y in years])
    colours = [BAND_COLOURS["urgent"], BAND_COLOURS["improve"], BAND_COLOURS["strong"]]
    scale = [[0, colours[0]], [1 / 3, colours[0]], [1 / 3, colours[1]], [2 / 3, colours[1]],
             [2 / 3, colours[2]], [1, colours[2]]]
    fig = go.Figure(
        go.Heatmap(
            z=z, x=years, y=labels, text=text, texttemplate="%{text}", zmin=-0.5, zmax=2.5,
            colorscale=scale, xgap=2, ygap=2,
            colorbar={"tickvals": [0, 1, 2], "ticktext": [CATEGORY_TH[k] for k in order], "title": ""},
            hovertemplate="%{y}<br>ปี %{x}: %{text}<extra></extra>",
            textfont={"color": "black"},
        )
    )
    _base(fig, "คะแนนรายตัวชี้วัด × ปี", height=120 + 38 * max(len(labels), 1))
    fig.update_xaxes(tickformat="d", dtick=1, title_text="ปีงบประมาณ (พ.ศ.)", side="top")
    fig.update_yaxes(autorange="reversed")
    return fig


def comparison_chart(compare: pd.DataFrame, year_a: int, year_b: int) -> go.Figure:
    """Returns grouped bars of each indicator in two years; `compare` is
    ita.indicators.compare_years()."""
    fig = go.Figure()
    for col, year, colour in (("score_a", year_a, "#BBBBBB"), ("score_b", year_b, TOTAL_COLOUR)):
        fig.add_trace(
            go.Bar(
                x=compare["label"], y=compare[col], name=f"ปี {year}", marker_color=colour,
                text=[_n(v) if pd.notna(v) else "" for v in compare[col]], textposition="outside",
                hovertemplate="%{x}<br>" + f"ปี {year}" + " %{y:.2f}<extra></extra>",
            )
        )
    _base(fig, f"เปรียบเทียบรายตัวชี้วัด ปี {year_a} กับ {year_b}", height=440)
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickangle=-30)
    vals = pd.concat([compare["score_a"], compare["score_b"]]).dropna()
    low = max(0, int(vals.min() // 10 * 10) - 10) if len(vals) else 0
    fig.update_yaxes(range=[low, 105], title_text="คะแนน")
    return fig
