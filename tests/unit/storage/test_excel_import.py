"""Excel in: the app's template read back exactly, the wide layout people type from NACC reports,
and a validation report that names every problem with its sheet, row, column and value."""

from __future__ import annotations

import io
import re
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from ita.core.analysis import agency_years
from ita.core.model import Dataset
from ita.core.schema import INFO_SHEET, LISTS_SHEET, TABLES, TABLES_BY_KEY
from ita.core.scoring import TOTAL_TOLERANCE
from ita.storage.excel import read_workbook, template_bytes, write_workbook

DATA = Path(__file__).resolve().parents[3] / "data"
THAI = re.compile(r"[\u0E00-\u0E7F]")

# NACC regional report ITA 2564 (group 2), province of ตราด, indicators 1–10 and the total [DOMAIN.md §4].
TRAT = "จังหวัดตราด"
TRAT_2564 = [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56]
TRAT_2563 = [92.57, 86.13, 90.08, 85.98, 88.04, 83.67, 82.11, 79.29, 69.94, 52.78]
IND_HEADERS = [f"ตัวชี้วัดที่ {i}" for i in range(1, 11)]


def thai_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


def where(report, severity: str | None = None) -> set[tuple[str, str, int | None, str]]:
    """Returns {(severity, code, row, column)} of the report's problems."""
    return {
        (p.severity, p.code, p.row, p.column)
        for p in report.problems
        if severity is None or p.severity == severity
    }


def scores_of(ds: Dataset, agency: str, year: int) -> dict[str, float]:
    df = ds["indicator_scores"]
    rows = df[(df["agency"] == agency) & (df["year"] == year)]
    return dict(zip(rows["indicator"], rows["score"], strict=True))


# ---------------------------------------------------------------------------------------------
# A. The template: round trip, structure, formula-like text


def test_round_trip_gives_an_equal_dataset(full_dataset, fw):
    assert all(len(full_dataset[t.key]) for t in TABLES), "the fixture must fill every table"
    res = read_workbook(write_workbook(full_dataset, fw), fw)
    assert res.layout == "template"
    assert res.report.problems == []
    assert res.dataset.equals(full_dataset)
    # Missing scores stay missing: not 0, not dropped.
    results = res.dataset["results"].set_index("year")
    assert results.loc[2567, "IIT"] == 91.25
    assert results[["EIT", "OIT"]].loc[2567].isna().all()
    assert res.dataset["measures"]["updated"].tolist() == ["2025-11-03", ""]
    assert res.dataset["progress"]["date"].tolist() == ["2025-12-15"]
    assert res.dataset["approaches"]["approach"][0] == "-ลดขั้นตอน\n-เพิ่มช่องทางออนไลน์"


def test_round_trip_of_an_empty_dataset_and_of_a_dataset_read_twice(full_dataset, fw):
    once = read_workbook(write_workbook(full_dataset, fw), fw).dataset
    twice = read_workbook(write_workbook(once, fw), fw).dataset
    assert twice.equals(full_dataset)
    empty = read_workbook(write_workbook(Dataset(), fw), fw)
    assert empty.dataset.equals(Dataset())


def test_formula_like_text_is_stored_as_text_and_read_back_as_text(full_dataset, fw, formula_like):
    data = write_workbook(full_dataset, fw)
    wb = openpyxl.load_workbook(io.BytesIO(data))  # not data_only: a formula would show as one
    found: dict[str, str] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate}"
                    found[cell.value] = ws.title
    assert set(formula_like) <= set(found), set(formula_like) - set(found)
    back = read_workbook(data, fw).dataset
    texts = {v for t in TABLES for c in t.columns if c.kind == "text" for v in back[t.key][c.key]}
    assert set(formula_like) <= texts


def test_control_characters_from_pasted_text_do_not_break_the_export(fw):
    ds = Dataset.from_records({"remarks": [{"agency": "ก", "topic": "t", "remark": "ก\x0bข\x01ค\x0cง"}]})
    back = read_workbook(write_workbook(ds, fw), fw)
    # Word's line break and page break become line breaks; other control characters are dropped.
    assert back.dataset["remarks"]["remark"][0] == "ก\nขค\nง"


def test_template_has_one_sheet_per_table_with_thai_headers_and_a_frozen_header(fw):
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(fw)))
    assert wb.sheetnames == [INFO_SHEET, *[t.sheet for t in TABLES], LISTS_SHEET]
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    for t in TABLES:
        ws = wb[t.sheet]
        headers = [c.value for c in ws[1]]
        assert headers == [c.header for c in t.columns]
        assert all(THAI.search(h) for h in headers if h not in {"IIT", "EIT", "OIT"}), headers
        assert ws.freeze_panes == "A2"


CHOICE_COLUMNS = [(t.key, c.key) for t in TABLES for c in t.columns if c.choices]


def test_every_column_with_a_fixed_scale_is_listed():
    # The status columns of OIT items, approaches and measures are among them.
    assert {("oit_items", "status"), ("approaches", "status"), ("measures", "status")} <= set(CHOICE_COLUMNS)


@pytest.mark.parametrize(("table_key", "col_key"), CHOICE_COLUMNS)
def test_choice_columns_have_a_list_validation_with_exactly_their_choices(fw, table_key, col_key):
    table = TABLES_BY_KEY[table_key]
    col = table.column(col_key)
    letter = get_column_letter(table.keys.index(col_key) + 1)
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(fw)))
    ws = wb[table.sheet]
    lists = [
        dv
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
        and any(r.min_col == r.max_col == table.keys.index(col_key) + 1 for r in dv.sqref.ranges)
    ]
    assert len(lists) == 1, f"{table.sheet} column {letter}"
    dv = lists[0]
    assert f"{letter}2" in str(dv.sqref)
    # The list points at a range of the hidden lists sheet that holds exactly the choices.
    sheet, ref = dv.formula1.rsplit("!", 1)
    assert sheet.strip("'") == LISTS_SHEET
    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    values = [wb[LISTS_SHEET].cell(r, min_col).value for r in range(min_row, max_row + 1)]
    assert tuple(values) == col.choices


def test_empty_template_reads_back_with_one_warning_and_empty_tables(fw):
    res = read_workbook(template_bytes(fw), fw)
    assert res.layout == "template"
    # Valid (the download must import as a file), but it says that there is nothing in it.
    [p] = res.report.problems
    assert (p.severity, p.code) == ("warning", "no_rows")
    assert all(f"'{t.sheet}'" in p.message_th for t in TABLES)
    assert all(res.dataset[t.key].empty for t in TABLES)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.xlsx")), ids=lambda p: p.name)
def test_bundled_workbooks_read_with_no_error(fw, path):
    res = read_workbook(path, fw)
    assert res.report.errors == [], res.report.format_text()
    assert res.layout == "template"
    assert any(len(res.dataset[t.key]) for t in TABLES)


def test_there_are_bundled_workbooks():
    assert len(list(DATA.glob("*.xlsx"))) >= 3


# ---------------------------------------------------------------------------------------------
# B. The wide layout (one row per agency and year)


@pytest.fixture
def trat_book(wide_xlsx) -> bytes:
    """ตราด as a person might type it: a title and a blank row above the header, headers in four
    styles, 2564 as C.E. 2021 with Thai-digit text scores, 2563 in Thai digits with numbers stored
    as text, a blank row between the years, the agency merged over both, and a note below."""
    header = [
        "หน่วยงาน",
        "ปี",
        "ตัวชี้วัดที่ ๑",
        "ตัวชี้วัดที่ 2",
        3,
        "การใช้ทรัพย์สินของราชการ",
        *IND_HEADERS[4:8],
        "การเปิดเผยข้อมูล",
        "ตัวชี้วัดที่ ๑๐",
        "คะแนนรวม",
        "ระดับ",
    ]
    return wide_xlsx(
        [
            ["ผลการประเมิน ITA ปีงบประมาณ พ.ศ. ๒๕๖๔ จังหวัดตราด"],
            [],
            header,
            [TRAT, 2021, *[thai_digits(f"{v:.2f}") for v in TRAT_2564], "๘๑.๔๕", "B"],
            [],
            [None, "๒๕๖๓", *[f"{v:.2f}" for v in TRAT_2563], 75.62, "B"],
            ["ที่มา: รายงานผลการประเมิน ITA 2564 กลุ่มที่ 2 สำนักงาน ป.ป.ช."],
        ],
        merges=["A4:A6"],
    )


def test_wide_trat_values_are_read_exactly(fw, trat_book):
    res = read_workbook(trat_book, fw)
    assert res.layout == "wide"
    assert res.report.problems == [], res.report.format_text()
    ds = res.dataset
    assert scores_of(ds, TRAT, 2564) == {str(i): v for i, v in enumerate(TRAT_2564, start=1)}
    assert scores_of(ds, TRAT, 2563) == {str(i): v for i, v in enumerate(TRAT_2563, start=1)}
    results = ds["results"].set_index("year")
    assert sorted(results.index) == [2563, 2564]
    assert results.loc[2564, "total"] == 81.45
    assert results.loc[2563, "total"] == 75.62
    assert (results["level"] == "B").all()
    assert (results["agency"] == TRAT).all()
    # The wide sheet names the agency only: treated as real, with nothing else to overwrite in a store.
    assert ds["agencies"][["agency", "fictional", "source"]].values.tolist() == [[TRAT, "", ""]]
    assert not ds.is_fictional(TRAT)
    # Every imported row says where it came from (sheet and Excel row).
    assert results.loc[2564, "source"] == "นำเข้าจากชีต 'ผล' แถว 4"
    assert results.loc[2563, "source"] == "นำเข้าจากชีต 'ผล' แถว 6"


def test_wide_trat_analysis_reproduces_the_published_total(fw, trat_book):
    ds = read_workbook(trat_book, fw).dataset
    years = {y.year: y for y in agency_years(ds, TRAT, fw)}
    y64 = years[2564]
    # IIT = (93.55+87.72+91.01+87.93+89.52)/5 = 89.946; EIT = (90.55+88.68+88.58)/3 = 89.27;
    # OIT = (72.89+65.56)/2 = 69.225; total = .3·89.946 + .3·89.27 + .4·69.225 = 81.4548.
    assert y64.total_computed == pytest.approx(81.45, abs=0.01)
    assert y64.tools["IIT"] == pytest.approx(89.95, abs=0.01)
    assert y64.tools["EIT"] == pytest.approx(89.27, abs=0.01)
    assert y64.tools["OIT"] == pytest.approx(69.23, abs=0.01)
    assert y64.total == 81.45
    # 2563: .3·88.56 + .3·81.69 + .4·61.36 = 75.619.
    assert years[2563].total_computed == pytest.approx(75.62, abs=0.01)


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("ตัวชี้วัดที่ ๑", "1"),
        ("ตัวชี้วัดที่ 1", "1"),
        (1, "1"),
        ("1", "1"),
        ("ตัวชี้วัดที่ ๑๐", "10"),
        ("การเปิดเผยข้อมูล", "9"),
        ("การป้องกันการทุจริต", "10"),
        ("การปฏิบัติหน้าที่", "1"),
        ("ประสิทธิภาพการสื่อสาร", "7"),
        ("ตัวชี้วัดย่อยที่ 9.4", "9.4"),
    ],
)
def test_wide_indicator_header_forms(fw, wide_xlsx, header, code):
    res = read_workbook(wide_xlsx([["หน่วยงาน", "ปีงบประมาณ", header], ["ก", 2568, "๙๑.๕"]]), fw)
    assert res.report.errors == [], res.report.format_text()
    assert scores_of(res.dataset, "ก", 2568) == {code: 91.5}


@pytest.mark.parametrize("year_header", ["ปีงบประมาณ", "ปี", "ปีงบประมาณ พ.ศ."])
@pytest.mark.parametrize("total_header", ["คะแนนรวม", "ITA", "total", "คะแนน ITA"])
def test_wide_year_and_total_header_aliases(fw, wide_xlsx, year_header, total_header):
    res = read_workbook(
        wide_xlsx([["หน่วยงาน", year_header, total_header, "ระดับ"], ["ก", 2566, 90.19, "ผ่าน"]]), fw
    )
    assert res.report.errors == [], res.report.format_text()
    assert res.dataset["results"][["agency", "year", "total", "level"]].values.tolist() == [
        ["ก", 2566, 90.19, "ผ่าน"]
    ]


@pytest.mark.parametrize(
    ("year_cell", "year"),
    [
        (2021, 2564),
        (2564, 2564),
        ("2564", 2564),
        ("๒๕๖๔", 2564),
        ("พ.ศ. ๒๕๖๔", 2564),
        ("2025", 2568),
        (2568.0, 2568),
    ],
)
def test_wide_years_in_be_or_ce_with_thai_or_arabic_digits(fw, wide_xlsx, year_cell, year):
    res = read_workbook(wide_xlsx([["หน่วยงาน", "ปี", "คะแนนรวม"], ["ก", year_cell, 90]]), fw)
    assert res.report.errors == []
    assert res.dataset["results"]["year"].tolist() == [year]


@pytest.mark.parametrize(
    ("cell", "value"),
    [(" 93.55 ", 93.55), ("๙๓.๕๕", 93.55), ("93.55%", 93.55), (93.55, 93.55), (100, 100.0), ("0", 0.0)],
)
def test_wide_score_cells_as_text_thai_digits_or_numbers(fw, wide_xlsx, cell, value):
    res = read_workbook(wide_xlsx([["หน่วยงาน", "ปี", "ตัวชี้วัดที่ 9"], ["ก", 2568, cell]]), fw)
    assert res.report.errors == []
    assert scores_of(res.dataset, "ก", 2568) == {"9": value}


def test_wide_blank_score_cells_are_missing_not_zero(fw, wide_xlsx):
    res = read_workbook(
        wide_xlsx(
            [
                ["หน่วยงาน", "ปี", "ตัวชี้วัดที่ 1", "ตัวชี้วัดที่ 2", "ตัวชี้วัดที่ 3", "คะแนนรวม"],
                ["ก", 2568, 90, None, "-", None],
            ]
        ),
        fw,
    )
    assert res.report.errors == []
    assert scores_of(res.dataset, "ก", 2568) == {"1": 90.0}
    assert res.dataset["results"]["total"].isna().all()


def test_wide_tool_columns_are_read_and_checked_against_the_indicators(fw, wide_xlsx):
    header = ["หน่วยงาน", "ปี", *IND_HEADERS, "IIT", "EIT", "OIT", "ITA"]
    res = read_workbook(
        wide_xlsx(
            [
                header,
                [TRAT, 2564, *TRAT_2564, 89.95, 89.27, 69.23, 81.45],
                [TRAT, 2563, *TRAT_2563, 88.56, 85.00, 61.36, 75.62],
            ]
        ),
        fw,
    )
    assert res.report.errors == []
    results = res.dataset["results"].set_index("year")
    assert results.loc[2564, ["IIT", "EIT", "OIT", "total"]].tolist() == [89.95, 89.27, 69.23, 81.45]
    # 2563's EIT mean is (83.67+82.11+79.29)/3 = 81.69, not the 85.00 typed.
    assert where(res.report) == {("warning", "tool_mismatch", 3, "EIT")}


def test_wide_merged_agency_cell_spans_several_years_and_agencies(fw, wide_xlsx):
    res = read_workbook(
        wide_xlsx(
            [
                ["หน่วยงาน", "ปี", "คะแนนรวม"],
                ["ก", 2566, 80],
                [None, 2567, 81],
                [None, 2568, 82],
                ["ข", 2567, 90],
                [None, 2568, 91],
            ],
            merges=["A2:A4", "A5:A6"],
        ),
        fw,
    )
    assert res.report.problems == []
    got = res.dataset["results"][["agency", "year", "total"]].values.tolist()
    assert got == [
        ["ก", 2566, 80.0],
        ["ก", 2567, 81.0],
        ["ก", 2568, 82.0],
        ["ข", 2567, 90.0],
        ["ข", 2568, 91.0],
    ]


def test_wide_note_merged_across_the_table_is_not_read_as_data(fw, wide_xlsx):
    # A source line merged over the whole width is one cell: it has no year and no score.
    res = read_workbook(
        wide_xlsx(
            [
                ["ผลการประเมิน"],
                ["หน่วยงาน", "ปี", *IND_HEADERS, "คะแนนรวม"],
                [TRAT, 2564, *TRAT_2564, 81.45],
                ["ที่มา: สำนักงาน ป.ป.ช. 2564"],
            ],
            merges=["A1:M1", "A4:M4"],
        ),
        fw,
    )
    assert res.report.problems == [], res.report.format_text()
    assert len(res.dataset["results"]) == 1


def test_wide_header_is_found_even_when_data_rows_hold_more_numbers(fw, wide_xlsx):
    # Extra numeric columns (rank, group mean, last year) make each data row hold more numbers
    # than the header holds known names; numbers such as 93.55 must not count as headers.
    header = ["อันดับ", "หน่วยงาน", "ปี", *IND_HEADERS, "ค่าเฉลี่ยกลุ่ม", "คะแนนปีก่อน", "คะแนนรวม"]
    res = read_workbook(
        wide_xlsx(
            [
                header,
                [1, TRAT, 2564, *TRAT_2564, 80.12, 75.62, 81.45],
                [2, "จังหวัดจันทบุรี", 2564, *TRAT_2563, 80.12, 70.00, 75.62],
            ]
        ),
        fw,
    )
    assert res.report.errors == [], res.report.format_text()
    assert res.dataset["results"]["agency"].tolist() == [TRAT, "จังหวัดจันทบุรี"]
    assert scores_of(res.dataset, TRAT, 2564)["10"] == 65.56
    # The columns it does not know are named, once each, as warnings on the header row.
    assert where(res.report) == {
        ("warning", "unknown_column", 1, "อันดับ"),
        ("warning", "unknown_column", 1, "ค่าเฉลี่ยกลุ่ม"),
        ("warning", "unknown_column", 1, "คะแนนปีก่อน"),
    }


def test_wide_sheet_without_agency_column_uses_the_given_agency(fw, wide_xlsx):
    book = wide_xlsx([["ปีงบประมาณ", "คะแนนรวม"], [2567, 90.36], [2568, 98.80]])
    res = read_workbook(book, fw, default_agency="อบต.ป่าตึง")
    assert res.report.errors == []
    assert res.dataset["results"][["agency", "year"]].values.tolist() == [
        ["อบต.ป่าตึง", 2567],
        ["อบต.ป่าตึง", 2568],
    ]
    without = read_workbook(book, fw)
    assert [(p.code, p.row) for p in without.report.errors] == [("no_agency", 1)]


def test_a_workbook_with_no_score_table_is_one_error(fw, wide_xlsx):
    res = read_workbook(wide_xlsx([["ชื่อ", "ที่อยู่"], ["ก", "ข"]]), fw)
    assert res.layout == "none"
    assert [p.code for p in res.report.problems] == ["no_table"]
    assert THAI.search(res.report.problems[0].message_th)


# ---------------------------------------------------------------------------------------------
# C. Validation: every problem, with where it is


def test_wide_sheet_with_many_errors_reports_every_one_where_it_is(fw, wide_xlsx):
    header = ["หน่วยงาน", "ปีงบประมาณ", *IND_HEADERS, "ตัวชี้วัดที่ 11", "คะแนนรวม"]
    ok = [*TRAT_2564, None, 81.45]
    rows = [
        header,  # row 1: unknown indicator 11
        ["ก", 2564, *ok],  # row 2: fine
        ["ข", 2564, 93.55, 87.72, 101, *TRAT_2564[3:], None, 81.45],  # row 3: score above 100
        ["ค", 2564, *TRAT_2564[:4], "abc", *TRAT_2564[5:], None, 81.45],  # row 4: not a number
        ["ก", 2564, *ok],  # row 5: duplicate of row 2
        ["ง", 2564, *TRAT_2564, None, 90.00],  # row 6: total disagrees (warning)
        ["จ", 2550, *ok],  # row 7: no framework (warning)
        ["ฉ", 2564, *TRAT_2564, None, "๑๒๐"],  # row 8: total above 100
        ["ช", "ปีหน้า", *ok],  # row 9: not a year
        ["ซ", 2564, *TRAT_2564[:9], -0.5, None, None],  # row 10: score below 0
    ]
    res = read_workbook(wide_xlsx(rows), fw)
    assert where(res.report) == {
        ("error", "unknown_indicator", 1, "ตัวชี้วัดที่ 11"),
        ("error", "bad_value", 3, "ตัวชี้วัดที่ 3"),
        ("error", "bad_value", 4, "ตัวชี้วัดที่ 5"),
        ("error", "duplicate", 5, "ปีงบประมาณ"),
        ("warning", "total_mismatch", 6, "คะแนนรวม"),
        ("warning", "unknown_year", 7, "ปีงบประมาณ"),
        ("error", "bad_value", 8, "คะแนนรวม"),
        ("error", "bad_value", 9, "ปีงบประมาณ"),
        ("error", "bad_value", 10, "ตัวชี้วัดที่ 10"),
    }
    assert len(res.report.problems) == 9  # one problem each, no repeats
    by_row = {p.row: p for p in res.report.problems}
    assert {p.sheet for p in res.report.problems} == {"ผล"}
    assert by_row[1].value == "ตัวชี้วัดที่ 11"
    assert by_row[3].value == "101"
    assert by_row[4].value == "abc"
    assert by_row[5].value == "ก / 2564"
    assert "แถว 2" in by_row[5].message_th  # says which row it repeats
    assert by_row[6].value == "90.00"
    assert "81.45" in by_row[6].message_th
    assert by_row[7].value == "2550"
    assert by_row[8].value == "๑๒๐"
    assert by_row[9].value == "ปีหน้า"
    assert by_row[10].value == "-0.5"
    for p in res.report.problems:
        assert THAI.search(p.message_th), p
        assert re.match(r"[A-Za-z]", p.message_en), p  # English (it may quote the Thai value)
    assert not res.report.ok


def test_total_disagreement_is_a_warning_only_beyond_the_tolerance(fw, wide_xlsx):
    assert TOTAL_TOLERANCE == 0.05
    # Computed from the indicators: 81.4548. 81.50 is 0.0452 away; 81.40 is 0.0548 away.
    header = ["หน่วยงาน", "ปี", *IND_HEADERS, "คะแนนรวม"]
    res = read_workbook(
        wide_xlsx(
            [
                header,
                ["ก", 2564, *TRAT_2564, 81.50],
                ["ข", 2564, *TRAT_2564, 81.40],
                ["ค", 2564, *TRAT_2564, 81.45],
            ]
        ),
        fw,
    )
    assert where(res.report) == {("warning", "total_mismatch", 3, "คะแนนรวม")}
    assert res.report.ok  # a warning does not fail the file


def test_problems_name_the_header_the_user_typed(fw, wide_xlsx):
    res = read_workbook(
        wide_xlsx(
            [
                ["หน่วยงาน", "ปี", *IND_HEADERS, "ITA"],
                ["ก", 2550, *TRAT_2564, 81.45],
                ["ข", 2564, *TRAT_2564, 70],
            ]
        ),
        fw,
    )
    assert where(res.report) == {("warning", "unknown_year", 2, "ปี"), ("warning", "total_mismatch", 3, "ITA")}


def test_wide_duplicate_row_is_one_error_not_one_per_indicator(fw, wide_xlsx):
    header = ["หน่วยงาน", "ปี", *IND_HEADERS, "คะแนนรวม"]
    res = read_workbook(
        wide_xlsx([header, [TRAT, 2564, *TRAT_2564, 81.45], [TRAT, "2021", *TRAT_2564, 81.45]]), fw
    )
    assert where(res.report) == {("error", "duplicate", 3, "ปี")}


def test_wide_duplicate_across_sheets_names_the_other_sheet(fw, wide_xlsx):
    header = ["หน่วยงาน", "ปี", "คะแนนรวม"]
    res = read_workbook(
        wide_xlsx([header, ["ก", 2567, 90]], title="2567", extra_sheets={"สรุป": [header, ["ก", 2567, 90]]}),
        fw,
    )
    [p] = res.report.problems
    assert (p.code, p.sheet, p.row) == ("duplicate", "สรุป", 2)
    assert "ชีต '2567' แถว 2" in p.message_th


def test_wide_sheet_without_a_year_column_says_so(fw, wide_xlsx):
    res = read_workbook(wide_xlsx([["หน่วยงาน", *IND_HEADERS, "คะแนนรวม"], [TRAT, *TRAT_2564, 81.45]]), fw)
    [p] = res.report.problems
    assert (p.severity, p.code, p.sheet, p.row, p.column) == ("error", "missing_column", "ผล", 1, "ปีงบประมาณ")
    assert "ปีงบประมาณ" in p.message_th


def test_template_sheets_with_many_errors_report_every_one_where_it_is(fw, template_xlsx):
    base = Dataset.from_records(
        {
            "agencies": [{"agency": "ก", "fictional": "ใช่"}],
            "units": [{"agency": "ก", "unit": "สำนักปลัด"}, {"agency": "ก", "unit": "กองคลัง"}],
        }
    )
    book = template_xlsx(
        {
            "คะแนนตัวชี้วัด": [
                ["ก", 2567, "1", 90],  # row 2: fine
                ["ก", 2567, "11", 90],  # row 3: unknown indicator code
                ["ก", 2567, "๑", 91],  # row 4: duplicate of row 2 (Thai digit)
                ["ก", 2567, "2", "abc"],  # row 5: not a number
                ["ก", 2567, "3", 100.5],  # row 6: above 100
                ["ก", 2567, "4", None],  # row 7: required score missing
            ],
            "ผลรวมรายปี": [
                ["ก", 2567, None, None, None, 90],  # row 2: fine
                ["ก", "2024", None, None, None, 91],  # row 3: duplicate (C.E. 2024 = 2567)
                ["ก", 2550, None, None, None, 50],  # row 4: no framework (warning)
            ],
            "มาตรการ": [
                [
                    "ก",
                    2569,
                    "1",
                    "มาตรการ",
                    "9",
                    None,
                    None,
                    None,
                    "สำนักปลัด;กองช่าง",
                    "ก.ย.๖๙ ถึง ต.ค.๖๘",
                    None,
                    None,
                    None,
                    "เสร็จ",
                ],  # row 2: unknown unit, end before start, bad status
            ],
            "ความก้าวหน้ามาตรการ": [
                ["ก", 2569, "1", "2025-10-01", "ประชุม", "www.example.go.th"],  # row 2: bad link
                ["ก", 2569, "1", "2025-10-02", "ประชุม", "https://example.go.th/x"],  # row 3: fine
                ["ก", 2569, "2", "2025-10-03", "ประชุม", ""],  # row 4: no measure 2 in the plan
                ["ก", 2569, "1", (date.today() + timedelta(days=1)).isoformat(), "ประชุม", ""],  # row 5: tomorrow
            ],
            "รายการ OIT": [
                ["ก", 2568, "O1", None, None, None, None, "ทำแล้ว"],  # row 2: bad status
            ],
        },
        base=base,
    )
    res = read_workbook(book, fw)
    assert where(res.report) == {
        ("error", "bad_value", 3, "ตัวชี้วัด"),
        ("error", "duplicate", 4, "ตัวชี้วัด"),
        ("error", "bad_value", 5, "คะแนน"),
        ("error", "bad_value", 6, "คะแนน"),
        ("error", "required", 7, "คะแนน"),
        ("error", "duplicate", 3, "ปีงบประมาณ"),
        ("warning", "unknown_year", 4, "ปีงบประมาณ"),
        ("error", "unknown_unit", 2, "ส่วนงานที่รับผิดชอบ"),
        ("error", "bad_value", 2, "สถานะ"),
        ("error", "bad_link", 2, "ลิงก์หลักฐาน"),
        ("error", "bad_period", 2, "ระยะเวลาดำเนินการ"),
        ("error", "unknown_measure", 4, "ลำดับมาตรการ"),
        ("error", "future_date", 5, "วันที่"),
    }
    sheets = {(p.code, p.row, p.column): p.sheet for p in res.report.problems}
    assert sheets[("bad_value", 3, "ตัวชี้วัด")] == "คะแนนตัวชี้วัด"
    assert sheets[("duplicate", 3, "ปีงบประมาณ")] == "ผลรวมรายปี"
    assert sheets[("unknown_unit", 2, "ส่วนงานที่รับผิดชอบ")] == "มาตรการ"
    assert sheets[("bad_link", 2, "ลิงก์หลักฐาน")] == "ความก้าวหน้ามาตรการ"
    statuses = {p.sheet: p.value for p in res.report.problems if p.column == "สถานะ"}
    assert statuses == {"มาตรการ": "เสร็จ", "รายการ OIT": "ทำแล้ว"}
    values = {
        (p.sheet, p.row): p.value for p in res.report.problems
        if (p.code != "bad_value" or p.column != "สถานะ") and p.code != "bad_period"
    }
    assert values[("คะแนนตัวชี้วัด", 3)] == "11"
    assert values[("คะแนนตัวชี้วัด", 5)] == "abc"
    assert values[("มาตรการ", 2)] == "กองช่าง"
    assert values[("ความก้าวหน้ามาตรการ", 2)] == "www.example.go.th"
    assert values[("ความก้าวหน้ามาตรการ", 4)] == "2"
    assert next(p.value for p in res.report.problems if p.code == "bad_period") == "ก.ย.๖๙ ถึง ต.ค.๖๘"
    assert "แถว 2" in next(p.message_th for p in res.report.problems if p.code == "duplicate" and p.row == 4)
    for p in res.report.problems:
        assert THAI.search(p.message_th) and p.message_en, p


def test_template_total_disagreeing_with_indicator_sheet_is_a_warning(fw, template_xlsx):
    rows = [[TRAT, 2564, str(i), v] for i, v in enumerate(TRAT_2564, start=1)]
    book = template_xlsx({"คะแนนตัวชี้วัด": rows, "ผลรวมรายปี": [[TRAT, 2564, None, None, None, 80.0]]})
    res = read_workbook(book, fw)
    assert where(res.report, "error") == set()
    assert ("warning", "total_mismatch", 2, "คะแนนรวม") in where(res.report)
    assert res.report.ok


def test_template_missing_required_column_is_reported_with_its_sheet(fw, template_xlsx):
    res = read_workbook(template_xlsx({"ส่วนงาน": [["ก", "x"]]}, drop_columns={"ส่วนงาน": "ส่วนงาน"}), fw)
    [p] = res.report.errors
    assert (p.code, p.sheet, p.row, p.column) == ("missing_column", "ส่วนงาน", 1, "ส่วนงาน")


def test_template_unknown_column_is_a_warning(fw, template_xlsx):
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx({"ส่วนงาน": [["ก", "สำนักปลัด"]]})))
    wb["หน่วยงาน"].cell(1, 9, "เบอร์โทร")
    out = io.BytesIO()
    wb.save(out)
    res = read_workbook(out.getvalue(), fw)
    assert where(res.report) == {("warning", "unknown_column", 1, "เบอร์โทร")}


def test_report_text_lists_every_problem_with_its_place(fw, wide_xlsx):
    res = read_workbook(wide_xlsx([["หน่วยงาน", "ปี", "ตัวชี้วัดที่ 1", "ตัวชี้วัดที่ 2"], ["ก", 2568, "abc", 120]]), fw)
    lines = res.report.format_text().splitlines()
    assert len(lines) == 2
    assert any("ชีต 'ผล' แถว 2 คอลัมน์ 'ตัวชี้วัดที่ 1'" in line and "'abc'" in line for line in lines)
    assert any("ชีต 'ผล' แถว 2 คอลัมน์ 'ตัวชี้วัดที่ 2'" in line and "'120'" in line for line in lines)


def test_a_stray_cell_far_below_the_table_does_not_make_reading_slow(fw, wide_xlsx):
    # A space typed at T200000 gives the sheet a 200,000 × 20 dimension in a 5 KB file; reading
    # it cell by cell took 12 s. Only the cells the file holds are read.
    wb = openpyxl.load_workbook(io.BytesIO(wide_xlsx([["หน่วยงาน", "ปี", "คะแนนรวม"], ["ก", 2568, 90]])))
    wb.active["T200000"] = " "
    out = io.BytesIO()
    wb.save(out)
    start = time.monotonic()
    res = read_workbook(out.getvalue(), fw)
    assert time.monotonic() - start < 5
    assert res.report.problems == []
    assert res.dataset["results"][["agency", "year", "total"]].values.tolist() == [["ก", 2568, 90.0]]


# ---------------------------------------------------------------------------------------------
# Measure numbers in Thai digits, percent-formatted scores, a header with no rows


def test_measure_numbers_in_thai_digits_are_read_in_arabic_digits(fw, template_xlsx):
    res = read_workbook(template_xlsx({
        "มาตรการ": [["อบต.ก", 2569, "๑", "มาตรการหนึ่ง"], ["อบต.ก", 2569, "๑๒", "มาตรการสิบสอง"]],
        "ความก้าวหน้ามาตรการ": [["อบต.ก", 2569, "๑๒", "2025-11-01", "เริ่มแล้ว"]],
    }), fw)
    assert res.report.problems == [], res.report.format_text()
    assert res.dataset["measures"]["number"].tolist() == ["1", "12"]
    assert res.dataset["progress"]["number"].tolist() == ["12"]


def test_measure_numbered_in_thai_and_arabic_digits_in_one_sheet_is_a_duplicate(fw, template_xlsx):
    res = read_workbook(template_xlsx({
        "มาตรการ": [["อบต.ก", 2569, "1", "มาตรการหนึ่ง"], ["อบต.ก", 2569, "๑", "มาตรการหนึ่งซ้ำ"]],
    }), fw)
    assert where(res.report, "error") == {("error", "duplicate", 3, "ลำดับ")}


def _percent_book(rows: list[list], formats: dict[str, str], title: str = "ผล") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref, fmt in formats.items():
        ws[ref].number_format = fmt
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_score_typed_as_a_percentage_is_read_as_shown(fw):
    # Excel stores a typed 90% as 0.9 in a cell formatted '0%'; the text '90%' is read as 90 too.
    book = _percent_book(
        [["หน่วยงาน", "ปี", "ตัวชี้วัดที่ 1", "ตัวชี้วัดที่ 2", "ตัวชี้วัดที่ 3", "คะแนนรวม"],
         ["ก", 2568, 0.9, 0.958, "90%", 0.9]],
        {"C2": "0%", "D2": "0.0%", "F2": "0.00"},
    )
    res = read_workbook(book, fw)
    assert where(res.report, "error") == set()
    assert scores_of(res.dataset, "ก", 2568) == {"1": 90.0, "2": 95.8, "3": 90.0}
    # A plain number stays what it is (here 0.9, far off its indicators: a warning, as before).
    assert res.dataset["results"]["total"].tolist() == [0.9]


def test_a_percent_sign_quoted_in_the_format_is_not_a_percentage(fw):
    book = _percent_book([["หน่วยงาน", "ปี", "คะแนนรวม"], ["ก", 2568, 90]], {"C2": '0.00"%"'})
    res = read_workbook(book, fw)
    assert res.dataset["results"]["total"].tolist() == [90.0]


def test_a_percentage_in_a_template_score_column_and_one_above_100(fw):
    book = _percent_book(
        [["หน่วยงาน", "ปีงบประมาณ", "ตัวชี้วัด", "คะแนน"], ["ก", 2568, "1", 0.9], ["ก", 2568, "2", 1.5]],
        {"D2": "0%", "D3": "0%"},
        title="คะแนนตัวชี้วัด",
    )
    res = read_workbook(book, fw)
    assert res.dataset["indicator_scores"]["score"].tolist() == [90.0]
    [p] = res.report.errors
    assert (p.code, p.row, p.column, p.value) == ("bad_value", 3, "คะแนน", "150%")
    assert "150" in p.message_th


def test_a_wide_sheet_with_a_header_and_no_rows_says_so(fw, wide_xlsx):
    res = read_workbook(wide_xlsx([["หน่วยงาน", "ปีงบประมาณ", *IND_HEADERS, "คะแนนรวม"]]), fw)
    [p] = res.report.problems
    assert (p.code, p.sheet, p.row) == ("no_rows", "ผล", 1)
    assert "'ผล'" in p.message_th and "ไม่มีแถวข้อมูล" in p.message_th


def test_a_template_sheet_with_a_header_and_no_rows_says_so(fw):
    book = _percent_book([["หน่วยงาน", "ปีงบประมาณ", "คะแนนรวม"]], {}, title="ผลรวมรายปี")
    res = read_workbook(book, fw)
    [p] = res.report.problems
    assert (p.code, p.sheet, p.row) == ("no_rows", "ผลรวมรายปี", 1)
    assert "ผลรวมรายปี" in p.message_th and "ไม่มีแถวข้อมูล" in p.message_th


def test_no_rows_is_not_said_when_one_sheet_has_rows_or_rows_have_errors(fw, template_xlsx, wide_xlsx):
    # A download of the app holds empty sheets beside full ones: nothing to say about those.
    res = read_workbook(template_xlsx({"ส่วนงาน": [["ก", "สำนักปลัด"]]}), fw)
    assert res.report.problems == []
    res = read_workbook(wide_xlsx([["หน่วยงาน", "ปี", "คะแนนรวม"], ["ก", 2568, "abc"]]), fw)
    assert {p.code for p in res.report.problems} == {"bad_value"}
