"""`python -m ita review`, run as a user runs it, on the bundled workbooks (hand computations in
tests/unit/core/test_review.py and below)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEMO, PATUENG = ROOT / "data" / "demo_fictional.xlsx", ROOT / "data" / "patueng.xlsx"


def run(*args):
    return subprocess.run([sys.executable, "-m", "ita", "review", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_review_json_of_the_fictional_agency_2568_is_the_issues_format_and_the_hand_computation():
    proc = run(DEMO, "--agency", "สุขใจ", "--year", "2568", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert list(out) == ["year", "measures", "targeted_change", "untargeted_change", "note"]
    assert out["year"] == 2568
    assert [list(m) for m in out["measures"]] == [["number", "title", "status", "indicators", "change"]] * 3
    # 9.3 → 9: 88.30 → 94.50; 10.1 → 10: 81.60 → 87.90; 8: 86.90 → 93.20.
    assert [(m["number"], m["indicators"], m["change"]) for m in out["measures"]] == [
        ("1", ["9"], {"9": 6.2}), ("2", ["10"], {"10": 6.3}), ("3", ["8"], {"8": 6.3})]
    assert out["targeted_change"] == 6.27  # (6.20 + 6.30 + 6.30) / 3
    assert out["untargeted_change"] == 2.56  # (2.80 + 3.30 + 3.50 + 3.20 + 4.90 + 1.80 − 1.60) / 7
    assert "ไม่ใช่หลักฐานว่าคะแนนเปลี่ยนเพราะมาตรการ" in out["note"] and "ข้อมูลสมมุติ" in out["note"]


def test_review_json_of_the_fictional_agency_2569():
    """2568 → 2569 (demo.py): targeted 1 +0.70, 2 +0.70, 4 −0.30, 7 +3.50, 10 +1.80 → 6.40 / 5 = 1.28;
    untargeted 3 −0.20, 5 +0.50, 6 +0.40, 8 −0.20, 9 +0.80 → 1.30 / 5 = 0.26."""
    out = json.loads(run(DEMO, "--agency", "สุขใจ", "--year", "2569", "--json").stdout)
    assert (out["targeted_change"], out["untargeted_change"]) == (1.28, 0.26)
    assert {m["number"]: m["change"] for m in out["measures"]} == {
        "1": {"7": 3.5}, "2": {"10": 1.8}, "3": {"4": -0.3}, "4": {"1": 0.7, "2": 0.7}}


def test_review_of_the_real_agency_says_totals_only():
    proc = run(PATUENG, "--agency", "ป่าตึง", "--year", "2568", "--json")
    out = json.loads(proc.stdout)
    assert out["targeted_change"] is None and out["untargeted_change"] is None
    assert [m["status"] for m in out["measures"]] == ["แล้วเสร็จ"] * 3
    assert "ปี 2567 ได้ 90.36 ปี 2568 ได้ 98.80 (+8.44)" in out["note"]
    assert "แล้วเสร็จ 3 จาก 3 มาตรการ" in out["note"]


def test_review_text_output_and_refusals():
    text = run(DEMO, "--agency", "สุขใจ", "--year", "๒๕๖๘")
    assert text.returncode == 0 and "[ข้อมูลสมมุติ — ไม่ใช่ผลจริง]" in text.stdout
    assert "ตัวชี้วัดที่มาตรการมุ่ง (3 ตัว): เฉลี่ย +6.27" in text.stdout
    assert "เป้าหมาย 92.00 ได้ 94.50 (ตัวชี้วัดที่ 9)" in text.stdout
    unknown = run(DEMO, "--agency", "ไม่มีหน่วยงานนี้", "--year", "2568")
    assert unknown.returncode == 1 and "ต้องระบุหน่วยงานเดียว" in unknown.stderr
    bad = run(DEMO, "--agency", "สุขใจ", "--year", "ปีหน้า")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
