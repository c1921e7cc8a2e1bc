"""`python -m ita report`, run as a user runs it: the four files for อบต.ป่าตึง's FY2568 and FY2569
reopened, and every bad input answered in Thai with an exit code, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from ita import documents as D
from ita.cli import main

ROOT = Path(__file__).resolve().parents[2]
PATUENG_XLSX = ROOT / "data" / "patueng.xlsx"
DEMO_XLSX = ROOT / "data" / "demo_fictional.xlsx"
FILES = ("O27_{y}.docx", "O28_{y}.docx", "O27_{y}.xlsx", "O28_{y}.xlsx")


def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ita", "report", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _table(path: Path, index: int = -1) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in docx.Document(str(path)).tables[index].rows]


def test_fy2568_reproduces_the_reports_three_measures_and_results(tmp_path: Path):
    proc = run(PATUENG_XLSX, "--year", "2568", "--out", tmp_path / "out", "--date", "21/10/2568")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    for name in FILES:
        assert (out / name.format(y=2568)).stat().st_size > 5000
        assert str(out / name.format(y=2568)) in proc.stdout
    rows = _table(out / "O28_2568.docx")
    assert rows[0] == list(D.O28_COLUMNS)
    assert [r[1] for r in rows[1:]] == [
        "มาตรการเสริมสร้างความซื่อสัตย์สุจริต และปลูกฝังทศนคติ วัฒนธรรมที่ดีในการต่อต้านการทุจริต",
        "มาตรการเปิดโอกาสให้ประชาชนมีส่วนร่วมและเผยแพร่การทำงานขององค์การบริหารส่วนตำบลป่าตึง",
        "มาตรการกำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ",
    ]
    assert "ภายใต้โครงการ เพิ่มศักยภาพเจ้าหน้าที่ท้องถิ่น" in rows[1][6]
    assert [r[7] for r in rows[1:]] == ["แล้วเสร็จ"] * 3
    text = "\n".join(p.text for p in docx.Document(str(out / "O28_2568.docx")).paragraphs)
    assert "ณ วันที่ ๒๑ ตุลาคม พ.ศ. ๒๕๖๘" in text
    ws = openpyxl.load_workbook(out / "O28_2568.xlsx")["รายงานผล"]
    assert [ws.cell(r, 1).value for r in (3, 4, 5)] == ["๑", "๒", "๓"]


def test_fy2569_holds_its_measures(tmp_path: Path):
    proc = run(PATUENG_XLSX, "--year", "๒๕๖๙", "--out", tmp_path, "--agency", "ป่าตึง")
    assert proc.returncode == 0, proc.stderr
    rows = _table(tmp_path / "O27_2569.docx")
    assert [r[0].split(".")[0] for r in rows[1:]] == ["๑", "๒", "๓", "๔", "๖", "๗"]
    results = _table(tmp_path / "O27_2569.docx", 0)
    assert results[1] == ["คะแนนรวม", "๙๐.๓๖", "๙๘.๘๐", "+๘.๔๔"]
    assert "มาตรการ 6 มาตรการ" in proc.stdout


def test_arabic_digits_and_fictional_label(tmp_path: Path):
    proc = run(DEMO_XLSX, "--year", "2569", "--out", tmp_path, "--digits", "arabic")
    assert proc.returncode == 0, proc.stderr
    assert "ข้อมูลสมมุติ" in proc.stdout
    d = docx.Document(str(tmp_path / "O27_2569.docx"))
    assert "ข้อมูลสมมุติ" in d.paragraphs[0].text
    assert "91.93" in "\n".join(p.text for p in d.paragraphs)


def test_bad_inputs_get_a_thai_message_and_an_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    cases = [
        ((PATUENG_XLSX, "--year", "2575", "--out", tmp_path), 1, "ไม่มีมาตรการของปีงบประมาณ 2575"),
        ((PATUENG_XLSX, "--year", "สองห้าหก", "--out", tmp_path), 2, "อ่านปี"),
        ((PATUENG_XLSX, "--year", "2569", "--out", tmp_path, "--agency", "อบต.ไม่มีจริง"), 1, "ไม่พบหน่วยงาน"),
        ((PATUENG_XLSX, DEMO_XLSX, "--year", "2569", "--out", tmp_path), 1, "ระบุด้วย --agency"),
        ((PATUENG_XLSX, "--year", "2569", "--out", blocker), 1, "มีไฟล์ชื่อนี้อยู่แล้ว"),
        ((PATUENG_XLSX, "--year", "2569", "--out", blocker / "sub"), 1, "เขียนไฟล์ลงโฟลเดอร์"),
        ((tmp_path / "missing.xlsx", "--year", "2569", "--out", tmp_path), 1, "ไม่พบไฟล์"),
        ((PATUENG_XLSX, "--year", "2569", "--out", tmp_path, "--date", "31/02/2568"), 2, "ไม่มีวันที่"),
        ((PATUENG_XLSX, "--year", "2569", "--out", tmp_path, "--digits", "roman"), 2, "invalid choice"),
    ]
    # In-process (the subprocess tests above cover the real entry point): each case takes milliseconds.
    for args, code, message in cases:
        try:
            returned = main(["report", *map(str, args)])
        except SystemExit as exc:  # argparse's own usage errors
            returned = exc.code
        err = capsys.readouterr().err
        assert returned == code, (args, err)
        assert message in err, (args, err)
        assert "Traceback" not in err
    assert not list(tmp_path.glob("O2*"))  # nothing written by a refused command
