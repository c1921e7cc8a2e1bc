"""ita.services.progress: the follow-up of a plan of measures (O28), on small hand-computed frames."""

from datetime import date

import pandas as pd
import pytest

from ita.services import charts, plan, progress
from tests.unit.services.measure_frames import A, measures


def progress_entries(*rows: tuple[str, str]) -> pd.DataFrame:
    """Returns progress entries (number, ISO date) as Dataset['progress'] holds them."""
    return pd.DataFrame(
        [{"agency": A, "year": 2569, "number": n, "date": d, "text": f"ทำแล้ว {d}", "evidence": "", "author": "x",
          "source": ""} for n, d in rows],
        columns=["agency", "year", "number", "date", "text", "evidence", "author", "source"],
    )


# -- rates and counts --------------------------------------------------------------------------------


def test_implementation_rate_is_the_share_done():
    df = measures({"status": "แล้วเสร็จ"}, {"status": "เริ่มแล้ว"}, {"status": "ยังไม่เริ่ม"},
                  {"status": "ดำเนินการบางส่วน"})
    assert progress.implementation_rate(df) == 25.0
    assert progress.done_count(df) == 1
    assert progress.implementation_rate(df.iloc[:0]) is None
    assert progress.implementation_rate(measures({"status": "แล้วเสร็จ"}, {"status": "แล้วเสร็จ"},
                                             {"status": "เริ่มแล้ว"})) == pytest.approx(200 / 3)


def test_status_counts_keep_the_five_steps_in_order_and_unknown_ones():
    df = measures({"status": "แล้วเสร็จ"}, {"status": "แล้วเสร็จ"}, {"status": "เริ่มแล้ว"}, {"status": "รอ"})
    counts = progress.status_counts(df)
    assert list(counts["status"]) == [
        "ยังไม่เริ่ม", "เริ่มแล้ว", "ดำเนินการบางส่วน", "ดำเนินการเกือบแล้วเสร็จ", "แล้วเสร็จ", "รอ"]
    assert list(counts["count"]) == [0, 1, 0, 0, 2, 1]
    assert list(counts["share"]) == [0.0, 25.0, 0.0, 0.0, 50.0, 25.0]


def test_by_unit_counts_a_measure_for_each_of_its_units():
    df = measures(
        {"units": "กองคลัง;สำนักปลัด", "status": "แล้วเสร็จ"},
        {"units": "สำนักปลัด", "status": "เริ่มแล้ว"},
        {"units": " ", "status": "แล้วเสร็จ"},
        {"units": "กองช่าง", "status": "เริ่มแล้ว"},
    )
    table = progress.by_unit(df, ["สำนักปลัด", "กองคลัง"])
    assert table.to_dict("records") == [
        {"unit": "สำนักปลัด", "measures": 2, "done": 1, "rate": 50.0},
        {"unit": "กองคลัง", "measures": 1, "done": 1, "rate": 100.0},
        {"unit": "ไม่ระบุส่วนงาน", "measures": 1, "done": 1, "rate": 100.0},
        {"unit": "กองช่าง", "measures": 1, "done": 0, "rate": 0.0},
    ]


# -- periods, quarters, staleness -----------------------------------------------------------------


@pytest.fixture
def timed() -> pd.DataFrame:
    return measures(
        {"period": "ต.ค.๖๘ ถึง ก.ย.๖๙"},        # Q1–Q4
        {"period": "ธ.ค.๖๘ ถึง ม.ค.๖๙"},        # crosses Q1 and Q2
        {"period": "ม.ค. 69 - มิ.ย. 69"},       # Q2 and Q3
        {"period": "เม.ย.๖๙"},                  # Q3 only
        {"period": "ก.ย.๖๙ ถึง ต.ค.๖๙"},        # Q4, running past the fiscal year
        {"period": "ตลอดปีงบประมาณ"},           # Q1–Q4, read with the measure's year
        {"period": ""},
        {"period": "ตุลา 68 ถึง กันยา 69"},
    )


def test_measure_periods_read_each_period_and_list_the_unreadable(timed):
    periods = progress.measure_periods(timed)
    parsed = periods.parsed
    assert list(parsed["number"]) == ["1", "2", "3", "4", "5", "6"]
    assert (parsed["start"].iloc[0], parsed["end"].iloc[0]) == (date(2025, 10, 1), date(2026, 9, 30))
    assert (parsed["start"].iloc[1], parsed["end"].iloc[1]) == (date(2025, 12, 1), date(2026, 1, 31))
    assert (parsed["start"].iloc[4], parsed["end"].iloc[4]) == (date(2026, 9, 1), date(2026, 10, 31))
    assert (parsed["start"].iloc[5], parsed["end"].iloc[5]) == (date(2025, 10, 1), date(2026, 9, 30))
    unparsed = periods.unparsed
    assert list(unparsed["number"]) == ["7", "8"]
    assert unparsed["problem"].iloc[0] == "ไม่ได้ระบุระยะเวลาดำเนินการ"
    assert "ไม่รู้จักชื่อเดือน" in unparsed["problem"].iloc[1]
    assert unparsed["period"].iloc[1] == "ตุลา 68 ถึง กันยา 69"


def test_quarter_labels_name_the_months_and_the_calendar_year():
    assert progress.quarter_label(2569, 1) == "ไตรมาส 1 (ต.ค.–ธ.ค. 2568)"
    assert progress.quarter_label(2569, 2) == "ไตรมาส 2 (ม.ค.–มี.ค. 2569)"
    assert progress.quarter_label(2569, 4) == "ไตรมาส 4 (ก.ค.–ก.ย. 2569)"


def test_by_quarter_counts_measures_in_every_quarter_they_cross_and_dated_entries(timed):
    periods = progress.measure_periods(timed).parsed
    entries = progress_entries(("1", "2025-10-01"), ("1", "2025-12-31"), ("2", "2026-01-01"), ("1", "2026-09-30"),
                       ("1", "2026-10-01"), ("2", "2025-09-30"))
    table = progress.by_quarter(periods, entries, 2569)
    assert list(table["quarter"]) == [1, 2, 3, 4]
    # Q1: 1, 2, 6 · Q2: 1, 2, 3, 6 · Q3: 1, 3, 4, 6 · Q4: 1, 5, 6
    assert list(table["active"]) == [3, 4, 4, 3]
    assert list(table["entries"]) == [2, 1, 0, 1]
    assert (table["start"].iloc[1], table["end"].iloc[1]) == (date(2026, 1, 1), date(2026, 3, 31))
    assert progress.entries_outside_year(entries, 2569) == 2


def test_stale_measures_use_the_latest_update_or_progress_and_skip_done_ones():
    today = date(2026, 1, 31)
    df = measures(
        {"updated": "2025-10-25", "title": "A"},                          # 98 days: stale
        {"updated": "2025-10-25", "title": "B"},                          # progress 21 days ago
        {"updated": "2025-10-01", "title": "C", "status": "แล้วเสร็จ"},   # done: never flagged
        {"updated": "", "title": "D"},                                     # never updated: stale
        {"updated": "2025-11-02", "title": "E"},                          # exactly 90 days: stale
        {"updated": "2025-11-03", "title": "F"},                          # 89 days
    )
    entries = progress_entries(("2", "2026-01-10"), ("2", "2025-09-01"), ("9", "2026-01-30"))
    last = progress.last_updates(df, entries, today)
    assert [None if pd.isna(d) else int(d) for d in last["days"]] == [98, 21, 122, None, 90, 89]
    assert last["last_update"].iloc[1] == date(2026, 1, 10)
    stale = progress.stale_measures(df, entries, today, 90)
    assert list(stale["title"]) == ["D", "A", "E"]
    assert list(progress.stale_measures(df, entries, today, 99)["title"]) == ["D"]
    assert list(progress.stale_measures(df, entries, today, 1)["title"]) == ["D", "A", "E", "F", "B"]
    with pytest.raises(ValueError):
        progress.stale_measures(df, entries, today, -1)


def test_plan_progress_keeps_the_agency_and_year():
    entries = pd.concat([progress_entries(("1", "2026-01-01")),
                         progress_entries(("1", "2025-01-01")).assign(year=2568),
                         progress_entries(("1", "2026-01-02")).assign(agency="อื่น")])
    assert list(progress.plan_progress(entries, A, 2569)["date"]) == ["2026-01-01"]


def test_progress_log_shows_thai_dates_and_no_link_for_a_blank_evidence():
    log = pd.DataFrame([{"id": 2, "date": "2026-01-05", "text": " ประชุม ", "evidence": "https://x.go.th/a",
                         "author": "สมชาย", "source": ""},
                        {"id": 1, "date": "2025-12-01", "text": "เริ่ม", "evidence": "", "author": "", "source": ""}])
    shown = progress.progress_log(log)
    assert list(shown["date"]) == ["5 ม.ค. 2569", "1 ธ.ค. 2568"]
    assert shown["text"].iloc[0] == "ประชุม"
    assert shown["evidence"].iloc[0] == "https://x.go.th/a"
    assert pd.isna(shown["evidence"].iloc[1])


def _entries() -> pd.DataFrame:
    return pd.DataFrame([{"id": 7, "date": "2026-01-05", "text": "ประชุม  ชี้แจง\nเจ้าหน้าที่", "evidence": None,
                          "author": "สมชาย", "source": "", "version": 3},
                         {"id": 4, "date": "เมื่อวาน", "text": "เริ่ม", "evidence": "https://x.go.th/a", "author": "",
                          "source": "", "version": 1}])


def test_progress_choices_and_entry_give_what_the_edit_form_shows():
    assert progress.progress_choices(_entries()) == {7: "5 ม.ค. 2569 · ประชุม ชี้แจง เจ้าหน้าที่ · สมชาย",
                                                 4: "เมื่อวาน · เริ่ม"}
    entry = progress.progress_entry(_entries(), 7)
    assert entry == {"id": 7, "version": 3, "date": "2026-01-05", "day": date(2026, 1, 5),
                     "text": "ประชุม  ชี้แจง\nเจ้าหน้าที่", "evidence": "", "author": "สมชาย",
                     "label": "5 ม.ค. 2569 · ประชุม ชี้แจง เจ้าหน้าที่"}
    assert progress.progress_entry(_entries(), 4)["day"] is None  # an unreadable stored date leaves the box empty
    with pytest.raises(KeyError):
        progress.progress_entry(_entries(), 99)


def test_progress_changes_are_only_what_the_form_changed():
    read = progress.progress_entry(_entries(), 7)
    assert progress.progress_changes(read, date(2026, 1, 5), "ประชุม  ชี้แจง\nเจ้าหน้าที่ ", "") == {}
    assert progress.progress_changes(read, date(2026, 1, 6), " ประชุมแล้ว ", "https://x.go.th/b") == {
        "date": "2026-01-06", "text": "ประชุมแล้ว", "evidence": "https://x.go.th/b"}
    assert progress.progress_changes(read, None, read["text"], "") == {"date": ""}  # the store refuses it


def test_a_progress_conflict_names_the_entry_fields_in_thai():
    message = plan.conflict_message("สมหญิง", "2026-01-05T10:00:00", {"text": ("ก", "ข"), "date": ("x", "x")},
                                    progress.PROGRESS_FIELD_LABELS)
    assert "สมหญิง" in message and "(ช่อง: ความก้าวหน้า)" in message and "5 ม.ค. 2569 10:00" in message


def test_a_report_form_reads_the_two_texts_and_sees_whether_they_changed():
    row = {"problems": "คนไม่พอ", "suggestions": None, "status": "เริ่มแล้ว", "version": 3}
    read = progress.report_read(row)
    assert read == {"problems": "คนไม่พอ", "suggestions": "", "version": 3}
    assert progress.REPORT_FIELD_LABELS == {"problems": "ปัญหา/อุปสรรค", "suggestions": "ข้อเสนอแนะ"}
    # Another field and the version moved: the texts read still hold; a text moved: they do not.
    assert progress.report_texts_unchanged(read, {**row, "status": "แล้วเสร็จ", "version": 4})
    assert not progress.report_texts_unchanged(read, {**row, "suggestions": "อบรม", "version": 4})
    assert progress.report_read({"version": 0}) == {"problems": "", "suggestions": "", "version": 0}


def test_plan_log_is_newest_first_and_keeps_entries_of_missing_measures():
    df = measures({"number": "1", "title": "ก"})
    table = progress.plan_log(df, progress_entries(("1", "2025-11-01"), ("5", "2026-02-01"), ("1", "2026-01-01")))
    assert list(table["date"]) == ["1 ก.พ. 2569", "1 ม.ค. 2569", "1 พ.ย. 2568"]
    assert table["title"].iloc[0] == progress.ORPHAN_TITLE
    assert table["title"].iloc[1] == "ก"


def test_timeline_chart_draws_one_bar_per_measure_coloured_by_status():
    df = measures({"period": "ต.ค.๖๘ ถึง ก.ย.๖๙", "status": "แล้วเสร็จ", "title": "ก"},
                  {"period": "มี.ค.๖๙", "status": "ยังไม่เริ่ม", "title": "ข"},
                  {"period": "ม.ค.๖๙ ถึง มิ.ย.๖๙", "status": "แล้วเสร็จ", "title": "ค"})
    fig = charts.timeline_chart(progress.measure_periods(df).parsed, "ช่วงเวลา", today=date(2026, 2, 15))
    traces = {t.name: t for t in fig.data}
    assert list(traces) == ["ยังไม่เริ่ม", "แล้วเสร็จ"]  # the scale's order
    done = traces["แล้วเสร็จ"]
    assert done.marker.color == charts.STATUS_COLOURS["แล้วเสร็จ"] == "#009E73"
    assert list(done.y) == ["1. ก", "3. ค"]
    assert list(done.base) == ["2025-10-01", "2026-01-01"]
    day = 24 * 3600 * 1000
    assert list(done.x) == [365 * day, 181 * day]  # Oct–Sep 2025/26 and Jan–Jun 2026, days inclusive
    assert list(traces["ยังไม่เริ่ม"].x) == [31 * day]
    assert list(fig.layout.yaxis.categoryarray) == ["1. ก", "2. ข", "3. ค"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.xaxis.ticktext[:2] == ("ต.ค.68", "พ.ย.68")
    assert fig.layout.shapes[0].x0 == "2026-02-15"
    assert fig.layout.showlegend is True
    assert len(set(charts.STATUS_COLOURS.values())) == 5
    outside = charts.timeline_chart(progress.measure_periods(df).parsed, "x", today=date(2027, 1, 1))
    assert not outside.layout.shapes


