"""`python -m ita whatif`, run as a user runs it, on the bundled workbooks."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"


def run(*args):
    return subprocess.run([sys.executable, "-m", "ita", "whatif", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_whatif_json_for_the_fictional_agency_under_the_pass_scheme():
    # อบต.สุขใจ 2568: OIT (94.50 + 87.90)/2 = 91.20; with 10 → 95 it is 94.75, so the total rises by
    # 0.4 × 3.55 = 1.42, from 91.926 to 93.346; every tool ≥ 85 and the total < 95 → ผ่านดี.
    proc = run(DATA / "demo_fictional.xlsx", "--agency", "สุขใจ", "--year", "2568", "--set", "10=95", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out == {"total": 93.35, "gain": 1.42, "level": "ผ่านดี",
                   "tools": {"IIT": 94.02, "EIT": 90.8, "OIT": 94.75}}


def test_whatif_json_under_the_letter_scheme_with_several_targets_and_thai_digits():
    # ตราด 2564: 81.4548 (B); 9 → 90 and 10 → 85 add 0.4 × (87.5 − 69.225) = 7.31 → 88.7648 (A).
    proc = run(DATA / "trat_2563_2564.xlsx", "--agency", "จังหวัดตราด", "--year", "๒๕๖๔",
               "--set", "9=90", "--set", "๑๐=๘๕", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["total"] == 88.76 and out["gain"] == 7.31 and out["level"] == "A"
    assert out["tools"] == {"IIT": 89.95, "EIT": 89.27, "OIT": 87.5}


def test_whatif_text_output():
    proc = run(DATA / "demo_fictional.xlsx", "--agency", "สุขใจ", "--year", "2568", "--set", "7=95", "--set", "10=95")
    assert proc.returncode == 0, proc.stderr
    assert "ข้อมูลสมมุติ" in proc.stdout
    # 7: 0.10 × 7.9 = 0.79; 10: 0.20 × 7.1 = 1.42 → +2.21, 91.93 → 94.14.
    assert "คะแนนรวม: 91.93 → 94.14 (+2.21)" in proc.stdout


def test_whatif_needs_the_ten_indicator_scores():
    proc = run(DATA / "patueng.xlsx", "--agency", "ป่าตึง", "--year", "2568", "--set", "10=95", "--json")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "ครบทั้ง 10 ตัวชี้วัด" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_whatif_usage_errors():
    for bad in (["--set", "10"], ["--set", "11=90"], ["--set", "10=101"], ["--set", "10=abc"]):
        proc = run(DATA / "demo_fictional.xlsx", "--agency", "สุขใจ", "--year", "2568", *bad)
        assert proc.returncode == 2, (bad, proc.stderr)
        assert "Traceback" not in proc.stderr
    proc = run(DATA / "demo_fictional.xlsx", "--agency", "ไม่มีหน่วยงานนี้", "--year", "2568", "--set", "10=95")
    assert proc.returncode == 1 and "ต้องระบุหน่วยงานเดียว" in proc.stderr
    proc = run(DATA / "demo_fictional.xlsx", "--agency", "สุขใจ", "--year", "2560", "--set", "10=95")
    assert proc.returncode == 1 and "2560" in proc.stderr


def test_whatif_refuses_two_targets_for_one_indicator():
    # Last-one-wins would silently drop a target the user typed; Thai and Arabic digits are the same code.
    for repeated in (["--set", "10=95", "--set", "10=90"], ["--set", "7=95", "--set", "10=95", "--set", "๑๐=๙๐"]):
        proc = run(DATA / "demo_fictional.xlsx", "--agency", "สุขใจ", "--year", "2568", *repeated, "--json")
        assert proc.returncode == 2, (repeated, proc.stderr)
        assert proc.stdout == ""
        assert "ตั้งเป้าตัวชี้วัดเดียวกันซ้ำ" in proc.stderr and "ตัวชี้วัดที่ 10" in proc.stderr
        assert "Traceback" not in proc.stderr


def test_whatif_reads_a_christian_era_year_as_report_does():
    be = run(DATA / "demo_fictional.xlsx", "--agency", "สุขใจ", "--year", "2568", "--set", "10=95", "--json")
    ce = run(DATA / "demo_fictional.xlsx", "--agency", "สุขใจ", "--year", "2025", "--set", "10=95", "--json")
    assert ce.returncode == 0, ce.stderr
    assert json.loads(ce.stdout) == json.loads(be.stdout)
    proc = run(DATA / "demo_fictional.xlsx", "--agency", "สุขใจ", "--year", "ปีหน้า", "--set", "10=95")
    assert proc.returncode == 2 and "ใช้คำสั่งไม่ถูกต้อง" in proc.stderr and "Traceback" not in proc.stderr
