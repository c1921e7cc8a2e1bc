"""Issue 11, cases 1–6: files made to hurt the reader. Each ends with one clear WorkbookError (Thai
first, naming the file, and the sheet and cell where there is one) or with the right result; through
`python -m ita` in a child whose address space is capped at 1 GB, with exit 0 or 1 and no traceback.
Every input is built here, part by part (tests/unit/storage/raw_xlsx.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ita.storage.excel import read_workbook
from tests.unit.storage.raw_xlsx import (
    HEADER,
    LIMITED_CLI,
    SHEET,
    flip_to_zlib_error,
    number,
    read_limited,
    row,
    run_limited,
    shared,
    text,
    with_method,
    with_version_needed,
    workbook,
)
from tests.unit.storage.test_excel_bad_files import assert_cli_refuses

DATA_ROW = row(2, text("A2", "อบต.ก"), number("B2", 2568), number("C2", 90.5))


def refused(tmp_path: Path, data: bytes, *parts: str) -> dict[str, object]:
    """Asserts the workbook is refused with one WorkbookError whose Thai message holds `parts`, by
    read_workbook and through the CLI (exit 1, no traceback), each in a child capped at 1 GB, never
    in this process: a regression must fail the test, not exhaust the machine. Returns the error."""
    path = tmp_path / "ไฟล์ทดสอบ.xlsx"
    path.write_bytes(data)
    assert_cli_refuses(path, parts[0], code=LIMITED_CLI)
    error = read_limited(path)
    assert error["error"], error
    for part in parts:
        assert part in str(error["th"]), error["th"]
    assert error["en"] and error["name"] == path.name
    assert not str(error["en"]).startswith("unexpected"), error["en"]
    return error


# 1. Corrupt compressed data, an unknown zip version or compression method.


def test_1_a_flipped_byte_in_a_sheets_compressed_stream(tmp_path):
    # zlib.error ("invalid distance too far back") escaped the old check: exit 3 and a traceback page.
    refused(tmp_path, flip_to_zlib_error(workbook(HEADER + DATA_ROW)), "ไฟล์เสียหายหรือไม่สมบูรณ์")


def test_1_an_entry_needing_an_unknown_zip_version(tmp_path):
    # zipfile raised NotImplementedError ("zip file version 9.9") on opening: exit 3.
    refused(tmp_path, with_version_needed(workbook(HEADER + DATA_ROW), SHEET, 99), "วิธีที่โปรแกรมนี้ไม่รองรับ")


def test_1_an_entry_with_an_unknown_compression_method(tmp_path):
    refused(tmp_path, with_method(workbook(HEADER + DATA_ROW), SHEET, 99), "วิธีที่โปรแกรมนี้ไม่รองรับ")


# 2. A far cell: the old reader made a list per row number up to it (2.6–7.5 GB from 5 KB).


def test_2_a_cell_at_row_99999999(tmp_path):
    far = row(99999999, number("E99999999", 1))
    error = refused(tmp_path, workbook(HEADER + DATA_ROW + far), "ชีต 'ผล'", "E99999999", "200,000")
    assert "E99999999" in str(error["en"])


def test_2_a_row_numbered_2000000000(tmp_path):
    # A cell without its own reference takes its row's number: the check places it as the reader would.
    far = '<row r="2000000000"><c><v>1</v></c></row>'
    refused(tmp_path, workbook(HEADER + DATA_ROW + far), "ชีต 'ผล'", "A2000000000")


@pytest.mark.parametrize("tag", ['<c r="B2" r="E99999999">', '<c r="B2"r="E99999999">'])
def test_2_a_second_reference_in_a_cell_tag(tmp_path, tag):
    # The value reader places a cell at the LAST `r` of its tag: checked as written, it would have
    # been B2 to the check and E99999999 (16 GB, a killed process) to the reader.
    far = f'<row r="2">{text("A2", "อบต.ก")}{tag}<v>2568</v></c></row>'
    refused(tmp_path, workbook(HEADER + far), "ไฟล์เสียหายหรือไม่สมบูรณ์")


# 3. Merged ranges: the old reader expanded them on opening (65 s and 7.1 GB for one range).


def test_3_a_merged_range_over_the_whole_sheet(tmp_path):
    merges = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    refused(tmp_path, workbook(HEADER + DATA_ROW, merges), "ชีต 'ผล'", "A1:XFD1048576")


def test_3_two_hundred_overlapping_merged_ranges(tmp_path):
    ranges = "".join(f'<mergeCell ref="A{1 + i % 3}:Z{5000 + i}"/>' for i in range(200))
    refused(
        tmp_path, workbook(HEADER + DATA_ROW, f'<mergeCells count="200">{ranges}</mergeCells>'),
        "ชีต 'ผล'", "ช่องที่ผสานไว้รวมกันเกิน 1,000,000 ช่อง",
    )


def test_3_overlapping_merged_ranges_within_the_limits_read_right(tmp_path):
    # The agency merged down its five years, the same range given 200 times: each year is read once,
    # with the agency's name.
    rows = [row(2, text("A2", "อบต.ก"), number("B2", 2564), number("C2", 80))]
    rows += [row(r, number(f"B{r}", 2562 + r), number(f"C{r}", 78 + r)) for r in range(3, 7)]
    merges = '<mergeCells count="200">' + '<mergeCell ref="A2:A6"/>' * 200 + "</mergeCells>"
    res = read_workbook(workbook(HEADER + "".join(rows), merges))
    assert res.report.problems == [], res.report.format_text()
    got = res.dataset["results"][["agency", "year", "total"]].values.tolist()
    assert got == [["อบต.ก", 2564, 80.0]] + [["อบต.ก", 2562 + r, float(78 + r)] for r in range(3, 7)]


# 4. Sheets that expand to tens of MB under the size cap, from files of a few hundred KB.


def test_4_millions_of_cells_without_their_position(tmp_path):
    cells = "<c><v>1</v></c>" * 50
    sheet = f"<row>{cells}</row>" * 80_000  # 61 MB of XML, 4 million cells
    data = workbook(sheet)
    assert len(data) < 400_000
    refused(tmp_path, data, "ชีต 'ผล'", "รูปแบบที่ไม่พบบ่อย")


def test_4_tens_of_mb_of_cells_within_the_limits_read_to_a_clear_report(tmp_path):
    # 100,000 rows of 20 numbers, 54 MB of XML: within every limit, so read. A row of 7s looks like a
    # header of indicator 7 columns, and the report says the table has no fiscal-year column.
    cells = "".join(f'<c r="{col}{{r}}"><v>7</v></c>' for col in "ABCDEFGHIJKLMNOPQRST")
    sheet = "".join(f'<row r="{r}">{cells.format(r=r)}</row>' for r in range(1, 100_001))
    path = tmp_path / "ใหญ่.xlsx"
    path.write_bytes(workbook(sheet))
    proc = run_limited("validate", str(path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "ข้อผิดพลาด 1 รายการ" in proc.stdout and "ไม่มีคอลัมน์ที่จำเป็น 'ปีงบประมาณ'" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_4_one_shared_string_shown_by_thousands_of_cells(tmp_path):
    # 30 KB: a 3 MB string that 5,000 cells show. The value reader copies it for each cell (15 GB):
    # its process was killed, with nothing to catch.
    cells = "".join(row(r, shared(f"A{r}", 0)) for r in range(1, 5001))
    data = workbook(cells, strings=["x" * 3_000_000])
    assert len(data) < 40_000
    refused(tmp_path, data, "ชีต 'ผล'", "ข้อความในช่องรวมกันเกิน")


def test_shared_strings_are_read_where_they_stand():
    # As Excel saves text; the same reading through the exact path (a cell tag in another form).
    strings = ["หน่วยงาน", "ปีงบประมาณ", "คะแนนรวม", "อบต.ก", "อบต.ข"]
    head = row(1, shared("A1", 0), shared("B1", 1), shared("C1", 2))
    body = row(2, shared("A2", 3), number("B2", 2567), number("C2", 80)) + row(3, shared("A3", 4), number("B3", 2568),
                                                                                 number("C3", 90.5))
    for sheet in (head + body, head + body.replace('<c r="A3" t="s">', "<c t='s' r='A3'>")):
        res = read_workbook(workbook(sheet, strings=strings))
        assert res.report.problems == [], res.report.format_text()
        got = res.dataset["results"][["agency", "year", "total"]].values.tolist()
        assert got == [["อบต.ก", 2567, 80.0], ["อบต.ข", 2568, 90.5]]


# 5. A large legitimate file: a national results file took 1.32 GB to validate.


def national_sheet(agencies: int, years: range) -> str:
    """Returns the sheet data of a national wide file: agency, year, ten indicators equal to the total
    (so the total agrees with them), one row per agency and year."""
    head = row(1, text("A1", "หน่วยงาน"), text("B1", "ปีงบประมาณ"),
               *[text(f"{c}1", f"ตัวชี้วัดที่ {i}") for i, c in enumerate("CDEFGHIJKL", start=1)],
               text("M1", "คะแนนรวม"))
    rows = [head]
    r = 1
    for a in range(1, agencies + 1):
        for y in years:
            r += 1
            score = 50 + (a * 7 + y) % 50
            rows.append(row(r, text(f"A{r}", f"อบต.ตัวอย่าง {a:04d}"), number(f"B{r}", y),
                            *[number(f"{c}{r}", score) for c in "CDEFGHIJKLM"]))
    return "".join(rows)


def test_5_a_national_results_file_validates_within_1_gb(tmp_path):
    path = tmp_path / "ผลทั้งประเทศ.xlsx"
    path.write_bytes(workbook(national_sheet(8317, range(2564, 2569))))
    proc = run_limited("validate", str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ข้อผิดพลาด 0 รายการ, คำเตือน 0 รายการ" in proc.stdout
    # And its numbers land where they belong: agency 4321's 2566 total is 50 + (4321·7 + 2566) % 50.
    proc = run_limited("summary", str(path), "--agency", "อบต.ตัวอย่าง 4321", "--json")
    assert proc.returncode == 0, proc.stderr
    [summary] = json.loads(proc.stdout)
    totals = {y["year"]: y["total"] for y in summary["years"]}
    assert totals == {y: 50 + (4321 * 7 + y) % 50 for y in range(2564, 2569)}


# 6. A cell in row 0 was read as the last row's value: `summary` showed 55 for a score not in the file.


def test_6_a_cell_in_row_0_is_refused_not_read_into_another_row(tmp_path):
    sheet = row(1, text("A1", "หน่วยงาน"), text("B1", "ปีงบประมาณ"), text("C1", "ตัวชี้วัดที่ 1"),
                text("D1", "คะแนนรวม"))
    sheet += row(2, text("A2", "อบต.ก"), number("B2", 2568), number("D2", 90.5))
    sheet += '<row r="3"><c r="C0"><v>55</v></c></row>'
    error = refused(tmp_path, workbook(sheet), "ชีต 'ผล'", "C0", "ไม่มีแถวที่ 0")
    assert "C0" in str(error["en"])
    path = tmp_path / "ไฟล์ทดสอบ.xlsx"
    proc = run_limited("summary", str(path), "--json")
    assert proc.returncode == 1 and proc.stdout == "", proc.stdout
    assert "C0" in proc.stderr and "Traceback" not in proc.stderr
