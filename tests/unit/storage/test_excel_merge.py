"""Several workbooks read together (ita.storage.excel.read_many): a key in more than one file with other
values is an error naming both files, so that no command silently uses whichever file came first;
a row repeated exactly is kept once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ita.core.model import Dataset
from ita.storage.bundled import bundled_files
from ita.storage.excel import read_many

ROOT = Path(__file__).resolve().parents[3]
HEAD = ["หน่วยงาน", "ปีงบประมาณ", "คะแนนรวม"]
INDS = ["หน่วยงาน", "ปีงบประมาณ", *[f"ตัวชี้วัดที่ {i}" for i in range(1, 11)], "คะแนนรวม"]


def _across(report):
    return [p for p in report.errors if p.code == "duplicate_across_files"]


def test_same_agency_and_year_in_two_files_is_an_error_naming_both(tmp_path, fw, wide_xlsx):
    a, b = tmp_path / "ก.xlsx", tmp_path / "ข.xlsx"
    a.write_bytes(wide_xlsx([HEAD, ["อบต.ก", 2568, 98.8]]))
    b.write_bytes(wide_xlsx([HEAD, ["อบต.ก", 2568, 50.0]]))
    ds, report, names = read_many([a, b], fw)
    assert names == ["ก.xlsx", "ข.xlsx"]
    assert not report.ok
    [p] = _across(report)
    assert (p.sheet, p.row, p.column) == ("ข.xlsx › ผล", 2, "ปีงบประมาณ")
    assert "'ก.xlsx'" in p.message_th and "'ข.xlsx'" in p.message_th
    assert "ทั้งสองไฟล์" in p.message_th and "อบต.ก / 2568" in p.message_th
    # Both rows are kept: nothing is chosen silently (and the report refuses the whole read).
    assert sorted(ds["results"]["total"]) == [50.0, 98.8]


def test_a_conflicting_wide_row_is_one_error_not_one_per_indicator(tmp_path, fw, wide_xlsx):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(wide_xlsx([INDS, ["อบต.ก", 2568, *range(90, 100), 94.0]]))
    b.write_bytes(wide_xlsx([INDS, ["อบต.ก", 2568, *range(89, 99), 93.0]]))
    _, report, _ = read_many([a, b], fw)
    assert len(_across(report)) == 1


def test_the_same_file_given_twice_counts_once(tmp_path, fw, template_xlsx):
    path = tmp_path / "แผน.xlsx"
    path.write_bytes(template_xlsx({
        "มาตรการ": [["อบต.ก", 2569, "1", "มาตรการหนึ่ง"], ["อบต.ก", 2569, "2", "มาตรการสอง"]],
    }))
    ds, report, _ = read_many([path, path], fw)
    assert report.ok, report.format_text()
    assert list(ds["measures"]["number"]) == ["1", "2"]  # not 1, 2, 1, 2 (O28 counted 8 measures of 4)


def test_two_yearly_exports_repeating_the_agency_details_merge(tmp_path, fw, template_xlsx):
    agency = ["อบต.ก", "อบต.", "เชียงใหม่", None, "ไม่ใช่"]
    a, b = tmp_path / "2567.xlsx", tmp_path / "2568.xlsx"
    a.write_bytes(template_xlsx({"หน่วยงาน": [agency], "มาตรการ": [["อบต.ก", 2568, "1", "มาตรการปี 68"]]}))
    b.write_bytes(template_xlsx({"หน่วยงาน": [agency], "มาตรการ": [["อบต.ก", 2569, "1", "มาตรการปี 69"]]}))
    ds, report, _ = read_many([a, b], fw)
    assert report.ok, report.format_text()
    assert list(ds["agencies"]["agency"]) == ["อบต.ก"]
    assert sorted(ds["measures"]["year"]) == [2568, 2569]


def test_a_measure_number_in_thai_digits_in_another_file_is_the_same_key(tmp_path, fw, template_xlsx):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(template_xlsx({"มาตรการ": [["อบต.ก", 2569, "1", "มาตรการหนึ่ง"]]}))
    b.write_bytes(template_xlsx({"มาตรการ": [["อบต.ก", 2569, "๑", "มาตรการหนึ่ง (อีกไฟล์)"]]}))
    _, report, _ = read_many([a, b], fw)
    [p] = _across(report)
    assert p.value == "อบต.ก / 2569 / 1"


def test_different_keys_in_different_files_merge_without_error(tmp_path, fw, wide_xlsx):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(wide_xlsx([HEAD, ["อบต.ก", 2567, 90.36]]))
    b.write_bytes(wide_xlsx([HEAD, ["อบต.ก", 2568, 98.8], ["อบต.ข", 2567, 80.0]]))
    ds, report, _ = read_many([a, b], fw)
    assert report.ok, report.format_text()
    assert len(ds["results"]) == 3


def test_a_wide_file_beside_a_template_listing_its_agency_is_no_duplicate(tmp_path, fw, wide_xlsx, template_xlsx):
    # A wide file's agencies table is made from its rows' names; it is not a second listing.
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(template_xlsx({"หน่วยงาน": [["อบต.ก", None, None, None, "ไม่ใช่"]]}))
    b.write_bytes(wide_xlsx([HEAD, ["อบต.ก", 2568, 98.8]]))
    _, report, _ = read_many([a, b], fw)
    assert report.ok, report.format_text()


def test_the_bundled_workbooks_share_no_key(fw):
    ds, report, _ = read_many(bundled_files(), fw)
    assert _across(report) == []
    assert isinstance(ds, Dataset)


def test_cli_refuses_two_files_with_the_same_agency_and_year(tmp_path, wide_xlsx):
    other = tmp_path / "อีกไฟล์.xlsx"
    other.write_bytes(wide_xlsx([HEAD, ["องค์การบริหารส่วนตำบลป่าตึง", 2568, 50.0]]))
    env = {**os.environ, "ITA_DB": str(tmp_path / "ita.db")}
    proc = subprocess.run(
        [sys.executable, "-m", "ita", "summary", str(ROOT / "data" / "patueng.xlsx"), str(other), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env=env,
    )
    assert proc.returncode == 1, proc.stdout
    assert proc.stdout == ""
    assert "ข้อมูลขัดกันข้ามไฟล์" in proc.stderr and "อีกไฟล์.xlsx" in proc.stderr


def test_two_files_agreeing_on_a_total_from_different_sources_agree(tmp_path, fw, wide_xlsx):
    # A wide sheet cites itself ("นำเข้าจากชีต … แถว …"); the same total in two of them is one fact.
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(wide_xlsx([HEAD, ["อบต.ก", 2568, 98.8]]))
    b.write_bytes(wide_xlsx([["หมายเหตุ"], HEAD, ["อบต.ก", 2568, 98.8]]))
    ds, report, _ = read_many([a, b], fw)
    assert report.ok, report.format_text()
    assert list(ds["results"]["total"]) == [98.8]
    assert "แถว 2" in ds["results"]["source"].iloc[0]  # the first file's


def test_a_blank_count_in_a_conflicting_national_row_is_compared_not_a_crash(tmp_path, fw, template_xlsx):
    # A blank nullable number (the agencies count) is missing, not pd.NA: `NA == ""` has no truth value.
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.write_bytes(template_xlsx({"ค่าเฉลี่ยประเทศ": [[2567, None, 93.05]]}))
    b.write_bytes(template_xlsx({"ค่าเฉลี่ยประเทศ": [[2567, None, 93.82]]}))
    _, report, _ = read_many([a, b], fw)
    [p] = _across(report)
    assert p.value == "2567"
    same, _, _ = read_many([a, a], fw)
    assert len(same["national"]) == 1
