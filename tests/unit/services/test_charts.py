"""Chart builders (ita.services.charts) and the chart-data export (ita.storage.export) on small hand-made frames.

The frames are built the way ita.services.overview / ita.services.indicators build theirs (`pd.DataFrame(rows,
columns=...)`), so pandas 3's inference (a text column with a missing value becomes dtype `str`
holding NaN) reaches the builders exactly as it does in the app.
"""

from __future__ import annotations

import io
import json

import numpy as np
import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from ita.core.analysis import CATEGORY_TH
from ita.core.model import Dataset
from ita.services.charts import (
    BAND_COLOURS,
    DOWN_COLOUR,
    TOOL_COLOURS,
    TOTAL_COLOUR,
    UP_COLOUR,
    chart_config,
    comparison_chart,
    heatmap_chart,
    timeline_chart,
    tools_chart,
    trend_chart,
    waterfall_chart,
)
from ita.services.overview import TREND_COLUMNS, drivers
from ita.services.progress import measure_periods
from ita.storage.export import frames_to_xlsx
from tests.unit.services.measure_frames import measures

# --------------------------------------------------------------------------- hand-made frames


def _trend(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=TREND_COLUMNS)


def _row(year: int, total: float | None, level: str | None = None, level_computed: str | None = None,
         national: float | None = None, **tools: float) -> dict:
    return {"year": year, "total": total, "computed": False, "level": level, "level_computed": level_computed,
            "national_mean": national, **tools}


@pytest.fixture
def trend() -> pd.DataFrame:
    """Three years; 2567 has no published level (as อบต.ป่าตึง's report), 2568 no national mean."""
    return _trend([
        _row(2566, 80.0, "ต้องปรับปรุง", "ต้องปรับปรุง", 90.19, IIT=85.0, EIT=80.0, OIT=76.0),
        _row(2567, 90.36, None, None, 93.05),
        _row(2568, 98.8, "ผ่านดี", None, None),
    ])


@pytest.fixture
def tools() -> pd.DataFrame:
    return pd.DataFrame({
        "year": [2567, 2567, 2567, 2568, 2568, 2568],
        "tool": ["EIT", "IIT", "OIT", "EIT", "IIT", "OIT"],
        "score": [88.63, 90.48, 84.95, 90.80, 94.02, 91.20],
    })


@pytest.fixture
def table() -> pd.DataFrame:
    """A drivers table: three indicators, +1.5, −0.5, +2.0 points."""
    return pd.DataFrame({
        "indicator": ["1", "2", "9"],
        "name_th": ["การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การเปิดเผยข้อมูล"],
        "tool": ["IIT", "IIT", "OIT"],
        "contribution": [1.5, -0.5, 2.0],
    })


def _matrix_row(year: int, code: str, name: str, score: float, category: str) -> dict:
    return {"year": year, "indicator": code, "label": f"{code}. {name}", "name_th": name, "tool": "X",
            "score": score, "category": category}


@pytest.fixture
def matrix() -> pd.DataFrame:
    """Indicators 9, 10 and 2 (deliberately unsorted; 10 must come after 9), 10 lacks 2565."""
    return pd.DataFrame([
        _matrix_row(2565, "9", "การเปิดเผยข้อมูล", 95.0, "strong"),
        _matrix_row(2566, "9", "การเปิดเผยข้อมูล", 96.0, "strong"),
        _matrix_row(2566, "10", "การป้องกันการทุจริต", 70.0, "urgent"),
        _matrix_row(2565, "2", "การใช้งบประมาณ", 84.1, "urgent"),
        _matrix_row(2566, "2", "การใช้งบประมาณ", 86.4, "improve"),
    ])


@pytest.fixture
def compare() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"indicator": "1", "label": "1. การปฏิบัติหน้าที่", "tool": "IIT", "score_a": 92.4, "score_b": 95.2,
             "change": 2.8, "category": "strong"},
            {"indicator": "10", "label": "10. การป้องกันการทุจริต", "tool": "OIT", "score_a": None,
             "score_b": 87.9, "change": None, "category": "improve"},
        ],
        columns=["indicator", "label", "tool", "score_a", "score_b", "change", "category"],
    )


def _shapes(fig: go.Figure, kind: str) -> list:
    return [s for s in fig.layout.shapes if s.type == kind]


def _assert_year_axis(axis) -> None:
    # Without these plotly labels B.E. years 2,563.5.
    assert axis.tickformat == "d"
    assert axis.dtick == 1


# --------------------------------------------------------------------------- trend_chart


def test_trend_chart_draws_the_total_and_the_national_mean(trend: pd.DataFrame) -> None:
    fig = trend_chart(trend, pass_mark=85.0)

    assert [t.type for t in fig.data] == ["scatter", "scatter"]
    national, total = fig.data
    assert list(total.x) == [2566, 2567, 2568]
    assert list(total.y) == pytest.approx([80.0, 90.36, 98.8])
    assert list(total.text) == ["80.00", "90.36", "98.80"]
    assert total.line.color == TOTAL_COLOUR
    assert national.name == "ค่าเฉลี่ยประเทศ"
    assert list(national.x) == [2566, 2567]  # 2568 has no national mean, so no point
    assert list(national.y) == pytest.approx([90.19, 93.05])


def test_trend_chart_years_are_whole_buddhist_era_years(trend: pd.DataFrame) -> None:
    fig = trend_chart(trend)

    _assert_year_axis(fig.layout.xaxis)
    assert list(fig.layout.xaxis.range) == [2565.5, 2568.5]


def test_trend_chart_keeps_a_year_without_total_on_the_axis(trend: pd.DataFrame) -> None:
    with_gap = pd.concat([_trend([_row(2565, None, national=87.57)]), trend], ignore_index=True)

    fig = trend_chart(with_gap)

    assert list(fig.data[-1].x) == [2566, 2567, 2568]  # no point, no 'nan' label for 2565
    assert "nan" not in " ".join(fig.data[-1].text)
    assert list(fig.layout.xaxis.range) == [2564.5, 2568.5]


def test_trend_chart_pass_line_at_85_and_three_bands(trend: pd.DataFrame) -> None:
    fig = trend_chart(trend, pass_mark=85.0, excellent=95.0)

    lines = _shapes(fig, "line")
    assert len(lines) == 1
    assert lines[0].y0 == lines[0].y1 == 85.0
    assert lines[0].line.dash == "dash"
    assert any("85" in (a.text or "") and "เกณฑ์ผ่าน" in a.text for a in fig.layout.annotations)
    rects = sorted(_shapes(fig, "rect"), key=lambda s: s.y0)
    # Lowest value shown is 80.00, so the axis (and the lowest band) starts at 75.
    assert [(r.y0, r.y1) for r in rects] == [(75.0, 85.0), (85.0, 95.0), (95.0, 100.5)]
    assert [r.fillcolor for r in rects] == [BAND_COLOURS["urgent"], BAND_COLOURS["improve"],
                                            BAND_COLOURS["strong"]]
    assert list(fig.layout.yaxis.range) == [75.0, 101]


def test_trend_chart_labels_each_band_at_its_top_left(trend: pd.DataFrame) -> None:
    fig = trend_chart(trend, pass_mark=85.0, excellent=95.0)

    # Labels stay on the plot's left edge whatever the years shown ("x domain"), under each band's top.
    labels = {a.text: a for a in fig.layout.annotations}
    for text, top in (("ต่ำกว่า 85 (ไม่ผ่าน)", 85.0), ("85–94.99", 95.0), ("95 ขึ้นไป", 100.5)):
        a = labels[text]
        assert (a.xref, a.x, a.xanchor, a.y, a.yanchor, a.showarrow) == ("x domain", 0, "left", top, "top", False)
    rects = _shapes(fig, "rect") + _shapes(fig, "line")
    assert {(r.xref, r.x0, r.x1) for r in rects} == {("x domain", 0, 1)}  # across the whole plot
    assert all(r.opacity == pytest.approx(0.1) for r in _shapes(fig, "rect"))


def test_trend_chart_pass_line_follows_the_framework_pass_mark(trend: pd.DataFrame) -> None:
    fig = trend_chart(trend, pass_mark=80.0)

    assert [(s.y0, s.y1) for s in _shapes(fig, "line")] == [(80.0, 80.0)]


def test_trend_chart_without_national_means_has_one_trace() -> None:
    fig = trend_chart(_trend([_row(2563, 75.62), _row(2564, 81.45)]))

    assert len(fig.data) == 1
    assert fig.data[0].name == "คะแนนรวม"


def test_trend_chart_hover_level_falls_back_to_computed_then_dash() -> None:
    # Built like trend_frame builds it: with one level missing, pandas 3 stores the column as
    # dtype str and the missing level as NaN (not None).
    trend = _trend([
        _row(2566, 80.0, None, "ต้องปรับปรุง"),
        _row(2567, 90.36, None, None),
        _row(2568, 98.8, "ผ่านดี", None),
    ])

    fig = trend_chart(trend)

    assert list(fig.data[-1].customdata) == ["ต้องปรับปรุง", "–", "ผ่านดี"]
    assert "null" not in json.dumps(fig.to_plotly_json()["data"][-1]["customdata"], default=str).lower()


# --------------------------------------------------------------------------- tools_chart


def test_tools_chart_groups_iit_eit_oit_by_year(tools: pd.DataFrame) -> None:
    fig = tools_chart(tools)

    assert [t.type for t in fig.data] == ["bar"] * 3
    assert [t.name for t in fig.data] == ["IIT", "EIT", "OIT"]
    iit, eit, oit = fig.data
    assert list(iit.x) == [2567, 2568]
    assert list(iit.y) == pytest.approx([90.48, 94.02])
    assert list(eit.y) == pytest.approx([88.63, 90.80])
    assert list(oit.y) == pytest.approx([84.95, 91.20])
    assert list(oit.text) == ["84.95", "91.20"]
    assert [t.marker.color for t in fig.data] == [TOOL_COLOURS[t] for t in ("IIT", "EIT", "OIT")]
    assert fig.layout.barmode == "group"
    _assert_year_axis(fig.layout.xaxis)
    assert list(fig.layout.xaxis.range) == [2566.5, 2568.5]
    assert list(fig.layout.yaxis.range) == [70, 105]


def test_tools_chart_colour_follows_the_tool_not_the_position(tools: pd.DataFrame) -> None:
    only_oit = tools[tools["tool"] == "OIT"]

    fig = tools_chart(only_oit)

    by_name = {t.name: t for t in fig.data}
    assert by_name["OIT"].marker.color == TOOL_COLOURS["OIT"]
    assert list(by_name["OIT"].y) == pytest.approx([84.95, 91.20])
    assert len(by_name["IIT"].y) == 0 and len(by_name["EIT"].y) == 0


# --------------------------------------------------------------------------- waterfall_chart


def test_waterfall_starts_absolute_then_relative_then_total(table: pd.DataFrame) -> None:
    fig = waterfall_chart(table, 2567, 2568, 80.0, 83.0)

    assert len(fig.data) == 1
    wf = fig.data[0]
    assert wf.type == "waterfall"
    assert list(wf.measure) == ["absolute", "relative", "relative", "relative", "total"]
    assert list(wf.y) == pytest.approx([80.0, 1.5, -0.5, 2.0, 83.0])
    assert list(wf.x) == ["ปี 2567", "1. การปฏิบัติหน้าที่", "2. การใช้งบประมาณ", "9. การเปิดเผยข้อมูล", "ปี 2568"]
    assert list(wf.text) == ["80.00", "+1.50", "-0.50", "+2.00", "83.00"]
    assert wf.increasing.marker.color == UP_COLOUR
    assert wf.decreasing.marker.color == DOWN_COLOUR
    assert wf.totals.marker.color == TOTAL_COLOUR
    assert "2567" in fig.layout.title.text and "2568" in fig.layout.title.text


def test_waterfall_relative_bars_add_up_to_the_change_of_total(fw) -> None:
    a = "อบต.ทดสอบ"
    s67 = [90, 90, 90, 90, 90, 80, 80, 80, 70, 70]
    s68 = [95, 90, 90, 90, 90, 80, 90, 80, 80, 70]
    ds = Dataset.from_records({
        "agencies": [{"agency": a, "fictional": "ใช่"}],
        "indicator_scores": [
            {"agency": a, "year": y, "indicator": str(i), "score": s}
            for y, scores in ((2567, s67), (2568, s68)) for i, s in enumerate(scores, 1)
        ],
    })
    result = drivers(ds, a, 2567, 2568, fw)

    fig = waterfall_chart(result.table, 2567, 2568, result.total_from, result.total_to)

    wf = fig.data[0]
    relative = [y for y, m in zip(wf.y, wf.measure, strict=True) if m == "relative"]
    assert len(relative) == 10
    # 5 points on indicator 1 (IIT, 6 %), 10 on 7 (EIT, 10 %), 10 on 9 (OIT, 20 %): 0.3 + 1 + 2.
    assert sum(relative) == pytest.approx(3.3)
    assert sum(relative) == pytest.approx(result.total_to - result.total_from)
    assert wf.y[0] == pytest.approx(result.total_from) and wf.y[-1] == pytest.approx(result.total_to)


def test_waterfall_y_range_shows_every_running_total() -> None:
    # Up 20 points, then down 15: the running total peaks at 100, above both ends (80 and 85).
    table = pd.DataFrame({"indicator": ["1", "9"], "name_th": ["ก", "ข"], "tool": ["IIT", "OIT"],
                          "contribution": [20.0, -15.0]})

    fig = waterfall_chart(table, 2567, 2568, 80.0, 85.0)

    low, high = fig.layout.yaxis.range
    for running in (80.0, 100.0, 85.0):
        assert low <= running <= high, f"bar end {running} is outside the y range {low}–{high}"


# --------------------------------------------------------------------------- heatmap_chart


def test_heatmap_cells_are_band_categories_with_scores_written(matrix: pd.DataFrame) -> None:
    fig = heatmap_chart(matrix)

    assert len(fig.data) == 1
    hm = fig.data[0]
    assert hm.type == "heatmap"
    assert list(hm.y) == ["2. การใช้งบประมาณ", "9. การเปิดเผยข้อมูล", "10. การป้องกันการทุจริต"]
    assert list(hm.x) == [2565, 2566]
    assert [list(r) for r in hm.z] == [[0, 1], [2, 2], [None, 0]]
    assert [list(r) for r in hm.text] == [["84.10", "86.40"], ["95.00", "96.00"], ["", "70.00"]]
    assert hm.texttemplate == "%{text}"
    assert (hm.zmin, hm.zmax) == (-0.5, 2.5)
    assert list(hm.colorbar.tickvals) == [0, 1, 2]
    assert list(hm.colorbar.ticktext) == [CATEGORY_TH["urgent"], CATEGORY_TH["improve"], CATEGORY_TH["strong"]]
    _assert_year_axis(fig.layout.xaxis)
    assert fig.layout.yaxis.autorange == "reversed"


def test_heatmap_colour_scale_maps_each_category_to_its_band_colour(matrix: pd.DataFrame) -> None:
    scale = heatmap_chart(matrix).data[0].colorscale
    # zmin −0.5 .. zmax 2.5: category k sits at (k + 0.5) / 3 of the scale.
    stops = [(float(pos), colour) for pos, colour in scale]

    def colour_at(x: float) -> str:
        below = [c for pos, c in stops if pos <= x]
        return below[-1]

    for k, band in enumerate(("urgent", "improve", "strong")):
        assert colour_at((k + 0.5) / 3) == BAND_COLOURS[band]


def test_heatmap_height_grows_with_the_number_of_indicators(matrix: pd.DataFrame) -> None:
    one = heatmap_chart(matrix[matrix["indicator"] == "9"])
    three = heatmap_chart(matrix)

    assert three.layout.height > one.layout.height


# --------------------------------------------------------------------------- comparison_chart


def test_comparison_chart_two_years_side_by_side(compare: pd.DataFrame) -> None:
    fig = comparison_chart(compare, 2567, 2568)

    assert [t.type for t in fig.data] == ["bar", "bar"]
    first, second = fig.data
    assert (first.name, second.name) == ("ปี 2567", "ปี 2568")
    assert list(first.x) == ["1. การปฏิบัติหน้าที่", "10. การป้องกันการทุจริต"]
    assert first.y[0] == pytest.approx(92.4) and pd.isna(first.y[1])
    assert list(second.y) == pytest.approx([95.2, 87.9])
    assert list(first.text) == ["92.40", ""]  # a missing score is not written as 'nan'
    assert list(second.text) == ["95.20", "87.90"]
    assert second.marker.color == TOTAL_COLOUR
    assert fig.layout.barmode == "group"
    assert list(fig.layout.yaxis.range) == [70, 105]


# --------------------------------------------------------------------------- shared look


def test_colours_agree_across_builders(trend, tools, table, matrix, compare) -> None:
    trend_fig = trend_chart(trend)
    # The agency's total is the same blue on the trend line, the waterfall's totals and the latest year.
    assert trend_fig.data[-1].line.color == TOTAL_COLOUR
    assert waterfall_chart(table, 2567, 2568, 80.0, 83.0).data[0].totals.marker.color == TOTAL_COLOUR
    assert comparison_chart(compare, 2567, 2568).data[1].marker.color == TOTAL_COLOUR
    # The band colours of the trend's background are the heat map's cell colours.
    band_fills = {r.fillcolor for r in _shapes(trend_fig, "rect")}
    heat_colours = {c for _, c in heatmap_chart(matrix).data[0].colorscale}
    assert band_fills == heat_colours == set(BAND_COLOURS.values())
    # A tool keeps its colour whatever other tools the frame holds.
    full = {t.name: t.marker.color for t in tools_chart(tools).data}
    part = {t.name: t.marker.color for t in tools_chart(tools[tools["tool"] != "IIT"]).data}
    assert full == part == TOOL_COLOURS


def test_every_chart_has_a_thai_title_and_a_thai_capable_font(trend, tools, table, matrix, compare) -> None:
    figs = [trend_chart(trend), tools_chart(tools), waterfall_chart(table, 2567, 2568, 80.0, 83.0),
            heatmap_chart(matrix), comparison_chart(compare, 2567, 2568)]
    for fig in figs:
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in fig.layout.title.text), fig.layout.title.text
        assert "Thai" in fig.layout.font.family or "Sarabun" in fig.layout.font.family
        json.loads(fig.to_json())  # serialisable as st.plotly_chart needs it


def test_chart_config_gives_a_png_download_named_after_the_chart() -> None:
    config = chart_config("ita_trend")

    assert config["toImageButtonOptions"]["format"] == "png"
    assert config["toImageButtonOptions"]["filename"] == "ita_trend"
    assert config["toImageButtonOptions"].get("scale", 1) >= 2
    assert config["displaylogo"] is False
    assert "toImage" not in config.get("modeBarButtonsToRemove", [])
    assert config.get("displayModeBar", True) is not False


# --------------------------------------------------------------------------- typed text in labels
# Issue 11, case 9: plotly draws HTML in every text it shows, so a measure titled <b>x</b> was bold and
# <a href=…> a working link in the timeline. Labels from data are escaped (ita.core.sanitise.chart_text).

BOLD, LINK = "<b>x</b>", '<a href="https://e.x">y</a>'
BOLD_SHOWN, LINK_SHOWN = "&lt;b&gt;x&lt;/b&gt;", '&lt;a href="https://e.x"&gt;y&lt;/a&gt;'
TEMPLATES = {"hovertemplate", "texttemplate"}  # the program's own markup (<br>, <extra>) lives only here


def _label_texts(node: object, key: str = "") -> list[str]:
    """Returns every string of a figure's JSON that plotly draws, the templates left out."""
    if isinstance(node, dict):
        return [t for k, v in node.items() if k not in TEMPLATES for t in _label_texts(v, k)]
    if isinstance(node, list | tuple):
        return [t for v in node for t in _label_texts(v, key)]
    return [node] if isinstance(node, str) else []


def _no_markup(fig: go.Figure) -> list[str]:
    texts = _label_texts(json.loads(fig.to_json()))
    assert not [t for t in texts if "<" in t or ">" in t], texts
    return texts


def test_timeline_labels_from_measure_titles_show_as_typed() -> None:
    df = measures({"title": BOLD, "period": "ต.ค.๖๘ ถึง ธ.ค.๖๘", "status": "แล้วเสร็จ"},
                  {"title": LINK, "period": "มี.ค.๖๙", "status": "<i>รอ</i> & ดู"})

    fig = timeline_chart(measure_periods(df).parsed, "ช่วงเวลา <b>แผน</b>")
    texts = _no_markup(fig)
    spec = json.loads(fig.to_json())
    assert spec["layout"]["yaxis"]["categoryarray"] == [f"1. {BOLD_SHOWN}", f"2. {LINK_SHOWN}"]
    assert [t["y"] for t in spec["data"]] == [[f"1. {BOLD_SHOWN}"], [f"2. {LINK_SHOWN}"]]
    assert spec["data"][1]["name"] == "&lt;i&gt;รอ&lt;/i&gt; &amp; ดู"
    assert spec["data"][1]["customdata"] == [["มี.ค.๖๙", "&lt;i&gt;รอ&lt;/i&gt; &amp; ดู"]]
    assert spec["layout"]["title"]["text"] == "ช่วงเวลา &lt;b&gt;แผน&lt;/b&gt;"
    assert "ต.ค.๖๘ ถึง ธ.ค.๖๘" in texts  # Thai text is untouched


def test_labels_of_the_other_charts_show_as_typed(table: pd.DataFrame, matrix: pd.DataFrame,
                                                  compare: pd.DataFrame) -> None:
    trend = _trend([_row(2567, 90.0, BOLD), _row(2568, 95.0, None, LINK)])
    assert list(trend_chart(trend).data[-1].customdata) == [BOLD_SHOWN, LINK_SHOWN]
    _no_markup(trend_chart(trend))
    hostile = table.assign(name_th=[BOLD, LINK, "ก & ข"])
    assert waterfall_chart(hostile, 2567, 2568, 80.0, 83.0).data[0].x[1:4] == (
        f"1. {BOLD_SHOWN}", f"2. {LINK_SHOWN}", "9. ก &amp; ข")
    _no_markup(waterfall_chart(hostile, 2567, 2568, 80.0, 83.0))
    marked = matrix.assign(label=matrix["label"].str.replace("การ", "<b>การ</b>", n=1, regex=False))
    assert heatmap_chart(marked).data[0].y[0] == "2. &lt;b&gt;การ&lt;/b&gt;ใช้งบประมาณ"
    _no_markup(heatmap_chart(marked))
    compare = compare.assign(label=[LINK, BOLD])
    assert comparison_chart(compare, 2567, 2568).data[0].x == (LINK_SHOWN, BOLD_SHOWN)
    _no_markup(comparison_chart(compare, 2567, 2568))


# --------------------------------------------------------------------------- frames_to_xlsx


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "year": np.array([2567, 2568], dtype="int64"),
        "total": [90.36, np.nan],
        "level": ["ผ่าน", "=1+1"],
        "note": ["+66 53 123 456", "@ผู้ดูแล"],
    })


def test_frames_to_xlsx_writes_note_header_and_values(frame: pd.DataFrame) -> None:
    wb = _open(frames_to_xlsx({"คะแนนรวมรายปี": frame}, note="ข้อมูลสมมุติ — ไม่ใช่ผลการประเมินจริง"))

    assert wb.sheetnames == ["คะแนนรวมรายปี"]
    ws = wb["คะแนนรวมรายปี"]
    assert ws["A1"].value == "ข้อมูลสมมุติ — ไม่ใช่ผลการประเมินจริง"
    assert [c.value for c in ws[2]] == ["year", "total", "level", "note"]
    assert all(c.font.bold for c in ws[2])
    assert [c.value for c in ws[3]] == [2567, 90.36, "ผ่าน", "+66 53 123 456"]
    assert type(ws["A3"].value) is int  # numpy int64 written as a number, not text
    assert ws["B4"].value is None  # NaN left empty, not 'nan'
    assert ws.freeze_panes == "A3"
    assert ws.max_row == 4


def test_frames_to_xlsx_never_writes_a_formula(frame: pd.DataFrame) -> None:
    ws = _open(frames_to_xlsx({"x": frame}))["x"]

    formula_like = {c.coordinate: c for row in ws.iter_rows() for c in row
                    if isinstance(c.value, str) and c.value[:1] in "=+-@"}
    assert set(formula_like) == {"C3", "D2", "D3"}
    for cell in formula_like.values():
        assert cell.data_type == "s", f"{cell.coordinate} {cell.value!r} is {cell.data_type}"
    assert ws["C3"].value == "=1+1"


def test_frames_to_xlsx_without_note_starts_with_the_header(frame: pd.DataFrame) -> None:
    ws = _open(frames_to_xlsx({"x": frame}))["x"]

    assert [c.value for c in ws[1]] == ["year", "total", "level", "note"]
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 3


def test_frames_to_xlsx_one_sheet_per_frame_names_cut_to_31(frame: pd.DataFrame) -> None:
    long = "ก" * 40
    wb = _open(frames_to_xlsx({"หนึ่ง": frame, long: frame.head(1)}))

    assert wb.sheetnames == ["หนึ่ง", "ก" * 31]
    assert wb["ก" * 31].max_row == 2
