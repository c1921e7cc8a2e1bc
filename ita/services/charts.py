"""Chart builders: pure `DataFrame -> plotly Figure` functions used by every page.

Colours are fixed per indicator, tool and band so a chart reads the same on every page, and
come from colour-blind-safe palettes (Paul Tol's 'muted' for indicators; Okabe–Ito for the
rest). Years are Buddhist Era whole numbers on every axis. Every text that comes from data (a
measure's title, a status, a period, a level, an indicator's label) goes through
ita.core.sanitise.chart_text, since plotly draws HTML in labels: it shows as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from ita.core.analysis import CATEGORY_TH
from ita.core.sanitise import chart_text
from ita.core.schema import MEASURE_STATUSES
from ita.core.thai import format_number, format_period
from ita.services.review import TARGETED_TH, UNTARGETED_TH

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


def _layout(title: str, height: int = 420, *, xaxis: dict[str, Any] | None = None,
            yaxis: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """Returns the layout every chart shares (title, Thai font, margins, legend, grid) with the
    chart's own axes and settings merged in.

    A figure is built in one `go.Figure(data=..., layout=...)` call: plotly validates every property
    on each `update_layout`, `update_xaxes` or `add_hrect`, so building it step by step costs several
    times as much (BENCHMARKS.md)."""
    return {
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "font": {"family": FONT_FAMILY, "size": 14},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        "plot_bgcolor": "white",
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "xaxis": xaxis or {},
        "yaxis": {"gridcolor": "#E5E5E5", "zeroline": False, **(yaxis or {})},
        **extra,
    }


def _year_axis(years: Sequence[int], **extra: Any) -> dict[str, Any]:
    """Returns an x axis of whole Buddhist-Era years, with half a year of room at each end."""
    # Without tickformat "d" and dtick 1 plotly shows B.E. years as 2,563.5.
    axis: dict[str, Any] = {"tickformat": "d", "dtick": 1, "title": {"text": "ปีงบประมาณ (พ.ศ.)"}, **extra}
    if years:
        axis["range"] = [min(years) - 0.5, max(years) + 0.5]
    return axis


def _n(v: float | None, sign: bool = False) -> str:
    return format_number(v, digits="arabic", sign=sign)


def trend_chart(trend: pd.DataFrame, pass_mark: float = 85.0, excellent: float = 95.0) -> go.Figure:
    """Returns the total over the years with bands (< pass, pass–excellent, ≥ excellent), the pass
    line and the national mean as a reference line. `trend` is ita.services.overview.trend_frame()."""
    df = trend.dropna(subset=["total"])
    years = [int(y) for y in trend["year"]]
    nat = trend.dropna(subset=["national_mean"])
    low = min([*df["total"].tolist(), *nat["national_mean"].tolist(), pass_mark]) - 5
    low = max(0.0, float(int(low // 5 * 5)))
    # The bands and the pass line span the plot's width ("x domain") at fixed scores, each with its
    # label: the shapes and annotations plotly's add_hrect / add_hline would make, written at once.
    bands = [
        (low, pass_mark, BAND_COLOURS["urgent"], f"ต่ำกว่า {pass_mark:g} (ไม่ผ่าน)"),
        (pass_mark, excellent, BAND_COLOURS["improve"], f"{pass_mark:g}–{excellent - 0.01:g}"),
        (excellent, 100.5, BAND_COLOURS["strong"], f"{excellent:g} ขึ้นไป"),
    ]
    across = {"xref": "x domain", "x0": 0, "x1": 1, "yref": "y"}
    shapes: list[dict[str, Any]] = [
        {"type": "rect", **across, "y0": y0, "y1": y1, "fillcolor": colour, "opacity": 0.10, "line": {"width": 0}}
        for y0, y1, colour, _ in bands
    ]
    shapes.append({"type": "line", **across, "y0": pass_mark, "y1": pass_mark,
                   "line": {"color": PASS_COLOUR, "dash": "dash", "width": 2}})
    annotations: list[dict[str, Any]] = [
        {"text": label, "xref": "x domain", "x": 0, "xanchor": "left", "yref": "y", "y": y1, "yanchor": "top",
         "showarrow": False, "font": {"size": 11, "color": "#444444"}}
        for _, y1, _, label in bands
    ]
    annotations.append({"text": f"เกณฑ์ผ่าน {pass_mark:g}", "xref": "x domain", "x": 1, "xanchor": "right",
                        "yref": "y", "y": pass_mark, "yanchor": "top", "showarrow": False})
    traces: list[dict[str, Any]] = []
    if len(nat):
        traces.append({
            "type": "scatter", "x": nat["year"], "y": nat["national_mean"],
            "name": "ค่าเฉลี่ยประเทศ", "mode": "lines+markers",
            "line": {"color": NATIONAL_COLOUR, "dash": "dot"}, "marker": {"symbol": "diamond"},
            "hovertemplate": "ปี %{x}<br>ค่าเฉลี่ยประเทศ %{y:.2f}<extra></extra>",
        })
    levels = [chart_text(_text(lv) or _text(lc) or "–")
              for lv, lc in zip(df["level"], df["level_computed"], strict=True)]
    traces.append({
        "type": "scatter", "x": df["year"], "y": df["total"], "name": "คะแนนรวม",
        "mode": "lines+markers+text", "line": {"color": TOTAL_COLOUR, "width": 3}, "marker": {"size": 10},
        "text": [_n(v) for v in df["total"]], "textposition": "top center", "customdata": levels,
        "hovertemplate": "ปี %{x}<br>คะแนนรวม %{y:.2f}<br>ระดับ %{customdata}<extra></extra>",
    })
    return go.Figure(data=traces, layout=_layout(
        "คะแนนรวม ITA รายปี", xaxis=_year_axis(years), yaxis={"range": [low, 101], "title": {"text": "คะแนน"}},
        shapes=shapes, annotations=annotations,
    ))


def tools_chart(tools: pd.DataFrame) -> go.Figure:
    """Returns grouped bars of IIT/EIT/OIT by year; `tools` is ita.services.overview.tools_frame()."""
    traces = []
    for tool, colour in TOOL_COLOURS.items():
        part = tools[tools["tool"] == tool]
        traces.append({
            "type": "bar", "x": part["year"], "y": part["score"], "name": tool,
            "marker": {"color": colour}, "text": [_n(v) for v in part["score"]], "textposition": "outside",
            "hovertemplate": f"ปี %{{x}}<br>{tool} %{{y:.2f}}<extra></extra>",
        })
    low = max(0, int(tools["score"].min() // 10 * 10) - 10) if len(tools) else 0
    return go.Figure(data=traces, layout=_layout(
        "คะแนนรายเครื่องมือ (IIT / EIT / OIT)", height=380, barmode="group",
        xaxis=_year_axis([int(y) for y in tools["year"]]), yaxis={"range": [low, 105], "title": {"text": "คะแนน"}},
    ))


def _text(value: object) -> str:
    """Returns a text cell as a str ('' for None, NaN or pd.NA)."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def waterfall_chart(table: pd.DataFrame, year_from: int, year_to: int, total_from: float,
                    total_to: float) -> go.Figure:
    """Returns a waterfall from the computed total of `year_from` through each indicator's
    weighted contribution to the total of `year_to`; `table` is ita.services.overview.drivers().table."""
    x = [f"ปี {year_from}",
         *[chart_text(f"{i}. {n}") for i, n in zip(table["indicator"], table["name_th"], strict=True)],
         f"ปี {year_to}"]
    y = [total_from, *table["contribution"].tolist(), total_to]
    measure = ["absolute", *["relative"] * len(table), "total"]
    text = [_n(total_from), *[_n(v, sign=True) for v in table["contribution"]], _n(total_to)]
    ends = [total_from, total_to, *(total_from + table["contribution"].cumsum()).tolist()]
    waterfall = {
        "type": "waterfall", "x": x, "y": y, "measure": measure, "text": text, "textposition": "outside",
        "increasing": {"marker": {"color": UP_COLOUR}}, "decreasing": {"marker": {"color": DOWN_COLOUR}},
        "totals": {"marker": {"color": TOTAL_COLOUR}}, "connector": {"line": {"color": "#999999"}},
        "hovertemplate": "%{x}<br>%{text}<extra></extra>",
    }
    return go.Figure(data=[waterfall], layout=_layout(
        f"ตัวชี้วัดใดทำให้คะแนนรวมเปลี่ยน (ปี {year_from} → {year_to})", height=460, showlegend=False,
        xaxis={"tickangle": -30},
        yaxis={"range": [max(0, min(ends) - 3), min(105, max(ends) + 3)], "title": {"text": "คะแนนรวม"}},
    ))


def heatmap_chart(matrix: pd.DataFrame) -> go.Figure:
    """Returns indicator × year cells coloured by band (urgent / improve / strong) with the score
    written in each; `matrix` is ita.services.indicators.indicator_matrix()."""
    order = {"urgent": 0, "improve": 1, "strong": 2}
    labels = list(dict.fromkeys(matrix.sort_values("indicator", key=lambda s: s.astype(int))["label"]))
    years = sorted({int(y) for y in matrix["year"]})
    # Plain dicts, not a boolean filter per indicator: pandas lookups per cell are slow at this size.
    cells = {(label, int(year)): (category, score) for label, year, category, score
             in zip(matrix["label"], matrix["year"], matrix["category"], matrix["score"], strict=True)}
    z = [[order[cells[label, y][0]] if (label, y) in cells else None for y in years] for label in labels]
    text = [[_n(cells[label, y][1]) if (label, y) in cells else "" for y in years] for label in labels]
    colours = [BAND_COLOURS["urgent"], BAND_COLOURS["improve"], BAND_COLOURS["strong"]]
    scale = [[0, colours[0]], [1 / 3, colours[0]], [1 / 3, colours[1]], [2 / 3, colours[1]],
             [2 / 3, colours[2]], [1, colours[2]]]
    heatmap = {
        "type": "heatmap", "z": z, "x": years, "y": [chart_text(label) for label in labels], "text": text,
        "texttemplate": "%{text}",
        "zmin": -0.5, "zmax": 2.5, "colorscale": scale, "xgap": 2, "ygap": 2,
        "colorbar": {"tickvals": [0, 1, 2], "ticktext": [CATEGORY_TH[k] for k in order], "title": {"text": ""}},
        "hovertemplate": "%{y}<br>ปี %{x}: %{text}<extra></extra>",
        "textfont": {"color": "black"},
    }
    return go.Figure(data=[heatmap], layout=_layout(
        "คะแนนรายตัวชี้วัด × ปี", height=120 + 38 * max(len(labels), 1),
        xaxis={"tickformat": "d", "dtick": 1, "title": {"text": "ปีงบประมาณ (พ.ศ.)"}, "side": "top"},
        yaxis={"autorange": "reversed"},
    ))


def comparison_chart(compare: pd.DataFrame, year_a: int, year_b: int) -> go.Figure:
    """Returns grouped bars of each indicator in two years; `compare` is
    ita.services.indicators.compare_years()."""
    traces = [
        {
            "type": "bar", "x": [chart_text(label) for label in compare["label"]], "y": compare[col],
            "name": f"ปี {year}",
            "marker": {"color": colour}, "text": [_n(v) if pd.notna(v) else "" for v in compare[col]],
            "textposition": "outside", "hovertemplate": "%{x}<br>" + f"ปี {year}" + " %{y:.2f}<extra></extra>",
        }
        for col, year, colour in (("score_a", year_a, "#BBBBBB"), ("score_b", year_b, TOTAL_COLOUR))
    ]
    vals = pd.concat([compare["score_a"], compare["score_b"]]).dropna()
    low = max(0, int(vals.min() // 10 * 10) - 10) if len(vals) else 0
    return go.Figure(data=traces, layout=_layout(
        f"เปรียบเทียบรายตัวชี้วัด ปี {year_a} กับ {year_b}", height=440, barmode="group",
        xaxis={"tickangle": -30}, yaxis={"range": [low, 105], "title": {"text": "คะแนน"}},
    ))


# Okabe–Ito colours (safe for the common colour-vision deficiencies), from "not started" in grey
# to "done" in bluish green; the legend and the hover text name the status too.
STATUS_COLOURS: dict[str, str] = {
    "ยังไม่เริ่ม": "#999999",
    "เริ่มแล้ว": "#56B4E9",
    "ดำเนินการบางส่วน": "#E69F00",
    "ดำเนินการเกือบแล้วเสร็จ": "#0072B2",
    "แล้วเสร็จ": "#009E73",
}


# -- the timeline chart ------------------------------------------------------------------------


def _month_ticks(first: date, last: date) -> tuple[list[str], list[str]]:
    months = []
    d = date(first.year, first.month, 1)
    while d <= last:
        months.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    step = 1 if len(months) <= 15 else 3
    shown = months[::step]
    return [m.isoformat() for m in shown], [format_period(m, m, digits="arabic") for m in shown]


def timeline_chart(periods: pd.DataFrame, title: str, today: date | None = None) -> go.Figure:
    """Returns a horizontal bar per measure from its start to its end (inclusive), coloured by
    status (STATUS_COLOURS), first measure on top, months on the axis in Thai with B.E. years,
    and a line at `today` when it falls inside the plotted span. `periods` is PlanPeriods.parsed."""
    fig = go.Figure()
    labels = [chart_text(label) for label in dict.fromkeys(periods["label"])]
    for status in [*MEASURE_STATUSES, *sorted(set(periods["status"]) - set(MEASURE_STATUSES))]:
        rows = periods[periods["status"] == status]
        if rows.empty:
            continue
        fig.add_trace(go.Bar(
            name=chart_text(status),
            orientation="h",
            y=[chart_text(label) for label in rows["label"]],
            base=[d.isoformat() for d in rows["start"]],
            x=[((end + timedelta(days=1)) - start).total_seconds() * 1000
               for start, end in zip(rows["start"], rows["end"], strict=True)],
            marker_color=STATUS_COLOURS.get(status, "#000000"),
            customdata=[(chart_text(period), chart_text(status)) for period, status
                        in zip(rows["period"], rows["status"], strict=True)],
            hovertemplate="%{y}<br>ระยะเวลา: %{customdata[0]}<br>สถานะ: %{customdata[1]}<extra></extra>",
        ))
    fig.update_layout(
        title={"text": chart_text(title), "x": 0, "xanchor": "left"},
        font={"family": FONT_FAMILY, "size": 14},
        height=max(260, 90 + 42 * len(labels)),
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1,
                "traceorder": "normal"},
        barmode="overlay",
        showlegend=True,  # even with one status, so the colour is always explained
        plot_bgcolor="white",
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    if not periods.empty:
        first, last = min(periods["start"]), max(periods["end"])
        ticks, texts = _month_ticks(first, last)
        fig.update_xaxes(type="date", tickvals=ticks, ticktext=texts, gridcolor="#E5E5E5",
                         range=[first.isoformat(), (last + timedelta(days=1)).isoformat()])
        if today is not None and first <= today <= last:
            fig.add_shape(type="line", x0=today.isoformat(), x1=today.isoformat(), y0=0, y1=1, yref="paper",
                          line={"color": "#D55E00", "width": 2, "dash": "dot"})
            fig.add_annotation(x=today.isoformat(), y=1, yref="paper", text="วันนี้", showarrow=False,
                               yanchor="bottom", font={"color": "#D55E00"})
    return fig


# -- the review of a plan year ---------------------------------------------------------------------


def review_chart(indicators: pd.DataFrame, year_from: int, year_to: int, targeted_mean: float | None,
                 untargeted_mean: float | None) -> go.Figure:
    """Returns horizontal bars of each indicator's change from `year_from` to `year_to`, the indicators measures
    targeted in one colour and the others in another, each group's mean as a dashed line; `indicators` is
    ita.services.review.indicators_table() (rows without a change are left out)."""
    rows = indicators[indicators["change"].notna()]
    traces = []
    groups = ((TARGETED_TH, TOTAL_COLOUR, targeted_mean), (UNTARGETED_TH, "#BBBBBB", untargeted_mean))
    for group, colour, mean in groups:
        part = rows[rows["group"] == group]
        average = _n(mean, sign=True) if mean is not None else "–"
        traces.append({
            "type": "bar", "orientation": "h", "name": f"{group} (เฉลี่ย {average})",
            "y": [chart_text(label) for label in part["label"]], "x": part["change"], "marker": {"color": colour},
            "text": [_n(v, sign=True) for v in part["change"]], "textposition": "outside",
            "hovertemplate": "%{y}<br>" + f"{year_from}→{year_to}" + " %{x:+.2f}<extra></extra>",
        })
    # Room beyond the longest bars for their labels, which plotly would otherwise cut at the plot's edge.
    low, high = min(0.0, *rows["change"]), max(0.0, *rows["change"])
    pad = max(0.5, 0.15 * (high - low))
    span = [low - (pad if low < 0 else 0.1), high + pad]
    shapes = [
        {"type": "line", "x0": mean, "x1": mean, "yref": "paper", "y0": 0, "y1": 1,
         "line": {"color": colour, "dash": "dash", "width": 2}}
        for mean, colour in ((targeted_mean, TOTAL_COLOUR), (untargeted_mean, "#777777")) if mean is not None
    ]
    return go.Figure(data=traces, layout=_layout(
        f"คะแนนรายตัวชี้วัดที่เปลี่ยน ปี {year_from} → {year_to}", height=140 + 34 * max(len(rows), 1),
        xaxis={"title": {"text": "คะแนนที่เปลี่ยน"}, "zeroline": True, "zerolinecolor": "#999999", "range": span},
        yaxis={"autorange": "reversed"}, shapes=shapes, barmode="overlay",
    ))
