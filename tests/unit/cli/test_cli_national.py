"""`python -m ita peers`, `fictional` and `import`, run as a user runs them, on files written here."""

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[3]
HEADER = ["หน่วยงาน", "ปีงบประมาณ", "คะแนนรวม", "ประเภทหน่วยงาน", "ขนาด", "จังหวัด", "อำเภอ", "กระทรวง"]


def run(*args):
    return subprocess.run([sys.executable, "-m", "ita", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def wide(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return path


# Six อบต. of one district: totals 97, 95, 95, 92, 88 and one without a 2568 total; a seventh in another
# province. Hand computation for อบต.ข (95): province n = 5 (ฉ has no total), rank 2 (tie with ค), the others
# lower: ง, จ → 2 of 4 = 50.0; median 95, q1 92, q3 95 (linear on 88, 92, 95, 95, 97).
ROWS = [
    ["อบต.ก", 2568, 97, "อบต.", "L", "น่าน", "ปัว", "มหาดไทย"],
    ["อบต.ข", 2568, 95, "อบต.", "L", "น่าน", "ปัว", "มหาดไทย"],
    ["อบต.ค", 2568, 95, "อบต.", "M", "น่าน", "ปัว", "มหาดไทย"],
    ["อบต.ง", 2568, 92, "อบต.", "L", "น่าน", "ปัว", "มหาดไทย"],
    ["อบต.จ", 2568, 88, "อบต.", "L", "น่าน", "ปัว", "มหาดไทย"],
    ["อบต.ฉ", 2567, 80, "อบต.", "L", "น่าน", "ปัว", "มหาดไทย"],
    ["อบต.ช", 2568, 99, "อบต.", "S", "แพร่", None, "มหาดไทย"],
]


def test_peers_json_matches_a_hand_computation(tmp_path):
    proc = run("peers", wide(tmp_path / "n.xlsx", ROWS), "--agency", "อบต.ข", "--year", "2568", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out == {
        "agency": "อบต.ข", "year": 2568, "total": 95.0,
        "groups": [
            # type อบต.: 6 with a total (ก ข ค ง จ ช): rank 3 (ช 99, ก 97 above; tie with ค); lower ง จ → 2/5.
            {"group": "type", "key": "อบต.", "n": 6, "rank": 3, "percentile": 40.0, "median": 95.0, "q1": 92.75,
             "q3": 96.5},
            {"group": "size", "key": "อบต. L", "n": 4, "rank": None, "percentile": None, "median": 93.5,
             "q1": 91.0, "q3": 95.5, "note": out["groups"][1]["note"]},
            {"group": "province", "key": "น่าน", "n": 5, "rank": 2, "percentile": 50.0, "median": 95.0,
             "q1": 92.0, "q3": 95.0},
            {"group": "district", "key": "น่าน/ปัว", "n": 5, "rank": 2, "percentile": 50.0, "median": 95.0,
             "q1": 92.0, "q3": 95.0},
            {"group": "all", "key": "ทั้งประเทศ", "n": 6, "rank": 3, "percentile": 40.0, "median": 95.0,
             "q1": 92.75, "q3": 96.5},
        ],
    }
    assert "4" in out["groups"][1]["note"] and "5" in out["groups"][1]["note"]


def test_peers_one_group_text_output_and_refusals(tmp_path):
    f = wide(tmp_path / "n.xlsx", ROWS)
    proc = run("peers", f, "--agency", "อบต.ช", "--year", "๒๕๖๘", "--group", "district", "--json")
    assert proc.returncode == 0, proc.stderr
    (g,) = json.loads(proc.stdout)["groups"]
    assert g["key"] is None and g["rank"] is None and "อำเภอ" in g["note"]
    text = run("peers", f, "--agency", "อบต.ข", "--year", "2568", "--group", "province")
    assert text.returncode == 0, text.stderr
    assert "อันดับ 2 จาก 5 แห่ง" in text.stdout and "เปอร์เซ็นไทล์ 50.0" in text.stdout
    assert run("peers", f, "--agency", "อบต.", "--year", "2568").returncode == 1  # several agencies match
    assert run("peers", f, "--agency", "อบต.ข", "--year", "ปีหน้า").returncode == 2
    assert run("peers", f, "--agency", "อบต.ข", "--year", "2568", "--group", "ภาค").returncode == 2


def test_fictional_then_import_then_import_again(tmp_path):
    out, db = tmp_path / "f.xlsx", tmp_path / "s.db"
    made = run("fictional", "--seed", 3, "--agencies", 20, "--province", "น่าน", "--out", out)
    assert made.returncode == 0, made.stderr
    assert "ข้อมูลสมมุติ" in made.stdout and "100 แถว" in made.stdout
    first = run("import", out, "--db", db)
    assert first.returncode == 0, first.stderr
    assert "เพิ่ม" in first.stdout and "จาก 20 หน่วยงาน" in first.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM results WHERE deleted = 0").fetchone()[0] == 100
    assert conn.execute("SELECT COUNT(DISTINCT province), MIN(fictional) FROM agencies").fetchone() == (1, "ใช่")
    conn.close()
    again = run("import", out, "--db", db)
    assert again.returncode == 0 and "เพิ่ม 0," in again.stdout and "แก้ไข 0," in again.stdout


def test_import_refuses_a_file_with_errors_and_writes_nothing(tmp_path):
    db = tmp_path / "s.db"
    good = wide(tmp_path / "good.xlsx", ROWS[:2])
    bad = wide(tmp_path / "bad.xlsx", [["อบต.ซ", 2568, 101, "อบต.", "L", "น่าน", "ปัว", "มหาดไทย"]])
    proc = run("import", good, bad, "--db", db)
    assert proc.returncode == 1
    assert "ไม่นำเข้า" in proc.stderr and "Traceback" not in proc.stderr
    if db.exists():
        assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM results").fetchone()[0] == 0
