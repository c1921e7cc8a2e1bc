"""The `python -m ita` command line, run as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[3]


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "ita", *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env=env,
    )


def test_summary_json_for_the_agency():
    proc = run("summary", ROOT / "data" / "patueng.xlsx", "--json")
    assert proc.returncode == 0, proc.stderr
    (agency,) = json.loads(proc.stdout)
    assert agency["agency"] == "องค์การบริหารส่วนตำบลป่าตึง"
    years = {y["year"]: y for y in agency["years"]}
    assert years[2567]["total"] == 90.36
    assert years[2568]["total"] == 98.80
    assert years[2568]["level"] == "ผ่านดี"
    assert years[2568]["change"] == 8.44
    for y in years.values():
        assert all(v is None for v in y["indicators"].values())
        assert set(y["tools"]) == {"IIT", "EIT", "OIT"}
        assert y["weak"] == []


def test_summary_json_for_trat_matches_published_totals():
    proc = run("summary", ROOT / "data" / "trat_2563_2564.xlsx", "--json")
    (agency,) = json.loads(proc.stdout)
    y64 = agency["years"][1]
    assert y64["year"] == 2564
    assert abs(y64["total_computed"] - 81.45) <= 0.01
    assert y64["tools"] == {"IIT": 89.95, "EIT": 89.27, "OIT": 69.23}
    assert [w["indicator"] for w in y64["weak"]][:2] == ["10", "9"]
    assert y64["weak"][0] == {"indicator": "10", "category": "urgent", "score": 65.56, "headroom": 6.89}
    # Sorted by headroom, largest first.
    heads = [w["headroom"] for w in y64["weak"]]
    assert heads == sorted(heads, reverse=True)


def test_summary_table_is_thai_and_labels_fiction():
    proc = run("summary", *sorted((ROOT / "data").glob("*.xlsx")))
    assert proc.returncode == 0, proc.stderr
    assert "ป่าตึง" in proc.stdout and "98.80" in proc.stdout and "+8.44" in proc.stdout
    assert "ข้อมูลสมมุติ" in proc.stdout
    assert "มีเฉพาะคะแนนรวม" in proc.stdout


def test_summary_agency_filter():
    proc = run("summary", *sorted((ROOT / "data").glob("*.xlsx")), "--agency", "ป่าตึง", "--json")
    assert [a["agency"] for a in json.loads(proc.stdout)] == ["องค์การบริหารส่วนตำบลป่าตึง"]
    proc = run("summary", ROOT / "data" / "patueng.xlsx", "--agency", "ไม่มีหน่วยงานนี้")
    assert proc.returncode == 1 and "ไม่พบหน่วยงาน" in proc.stderr


def test_summary_refuses_a_file_with_errors(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["หน่วยงาน", "ปีงบประมาณ", "คะแนนรวม"])
    ws.append(["อบต.ก", 2568, 120])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    proc = run("summary", path, "--json")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "0 ถึง 100" in proc.stderr and "Traceback" not in proc.stderr


def test_summary_thresholds_change_the_weak_list():
    proc = run("summary", ROOT / "data" / "trat_2563_2564.xlsx", "--json", "--urgent-below", "70",
               "--strong-from", "90")
    y64 = json.loads(proc.stdout)[0]["years"][1]
    assert {w["indicator"]: w["category"] for w in y64["weak"]} == {
        "10": "urgent", "9": "improve", "8": "improve", "7": "improve", "2": "improve", "4": "improve",
        "5": "improve",
    }
    bad = run("summary", ROOT / "data" / "trat_2563_2564.xlsx", "--urgent-below", "96")
    assert bad.returncode == 2 and "เกณฑ์ไม่ถูกต้อง" in bad.stderr


@pytest.mark.parametrize("name", ["patueng.xlsx", "demo_fictional.xlsx", "national.xlsx"])
def test_validate_bundled_files_pass(name):
    proc = run("validate", ROOT / "data" / name)
    assert proc.returncode == 0, proc.stdout
    assert "ผ่าน" in proc.stdout


def test_usage_error_exit_code():
    proc = run("summary")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("items", [[], [{"a": 1}], [{"ก": "x\ny", "b": [1, {"c": None}]}, {"d": []}, 2]])
def test_summary_json_is_written_item_by_item_as_one_indented_list(items, capsys):
    from ita.cli.main import _write_json_list

    _write_json_list(iter(items))
    assert capsys.readouterr().out == json.dumps(items, ensure_ascii=False, indent=2) + "\n"
