"""The agencies' attributes (type, size, province, district, ministry): through the template, the wide layout
(the same in every row of one agency, else an error at the row) and the store, and migration 7."""

import io
import sqlite3

import openpyxl

from ita.core.model import Dataset
from ita.core.sanitise import dataset_control_fields
from ita.storage import migrate
from ita.storage.excel import read_workbook, template_bytes, write_workbook
from ita.storage.store import MIGRATIONS, Store
from tests.unit.conftest import actor

ATTRS = {"kind": "อบต.", "size": "M", "province": "น่าน", "district": "ปัว", "ministry": "มหาดไทย"}


def _ds():
    return Dataset.from_records({
        "agencies": [{"agency": "อบต.ทดลอง", "fictional": "ใช่", **ATTRS}],
        "results": [{"agency": "อบต.ทดลอง", "year": 2568, "total": 90.0}],
    })


def test_the_template_has_the_attribute_headers():
    ws = openpyxl.load_workbook(io.BytesIO(template_bytes()))["หน่วยงาน"]
    headers = {c.value for row in ws.iter_rows(max_row=5) for c in row}
    assert {"ประเภทหน่วยงาน", "ขนาด", "จังหวัด", "อำเภอ", "กระทรวง"} <= headers


def test_attributes_round_trip_through_the_workbook_and_the_store(new_db):
    back = read_workbook(write_workbook(_ds()))
    assert back.report.ok, back.report.format_text()
    assert back.dataset["agencies"].iloc[0][list(ATTRS)].to_dict() == ATTRS
    store = Store(new_db("s"))
    store.import_dataset(back.dataset, actor())
    assert store.dataset()["agencies"].iloc[0][list(ATTRS)].to_dict() == ATTRS


def _wide(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ผล"
    ws.append(["หน่วยงาน", "ปี", "ITA", "ประเภทหน่วยงาน", "ขนาด", "จังหวัด", "อำเภอ", "กระทรวง"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_wide_layout_reads_one_set_of_attributes_per_agency():
    res = read_workbook(_wide([
        ["อบต.ก", 2567, 90, "อบต.", None, "น่าน", "ปัว", None],
        ["อบต.ก", 2568, 91, "อบต.", "L", "น่าน", "ปัว", "มหาดไทย"],  # a blank earlier says nothing
        ["เทศบาลตำบลข", 2568, 92, "เทศบาลตำบล", None, "แพร่", None, None],
    ]))
    assert res.report.ok, res.report.format_text()
    a = res.dataset["agencies"].set_index("agency")
    assert a.loc["อบต.ก", list(ATTRS)].to_dict() == {"kind": "อบต.", "size": "L", "province": "น่าน",
                                                     "district": "ปัว", "ministry": "มหาดไทย"}
    assert a.loc["เทศบาลตำบลข", ["kind", "size", "district"]].tolist() == ["เทศบาลตำบล", "", ""]


def test_an_agency_whose_rows_disagree_is_an_error_at_the_row_and_column():
    res = read_workbook(_wide([
        ["อบต.ก", 2567, 90, "อบต.", "L", "น่าน", "ปัว", None],
        ["อบต.ก", 2568, 91, "อบต.", "L", "แพร่", "ปัว", None],
    ]))
    assert not res.report.ok
    (p,) = res.report.errors
    assert (p.sheet, p.row, p.column, p.value) == ("ผล", 3, "จังหวัด", "แพร่")
    assert "อบต.ก" in p.message_th and "น่าน" in p.message_th and "แถว 2" in p.message_th


def test_a_wide_file_without_attribute_columns_still_reads_as_before():
    wb = openpyxl.Workbook()
    wb.active.append(["หน่วยงาน", "ปี", "ITA"])
    wb.active.append(["อบต.ก", 2568, 90])
    buf = io.BytesIO()
    wb.save(buf)
    res = read_workbook(buf.getvalue())
    assert res.report.ok and res.dataset["agencies"].iloc[0][list(ATTRS)].tolist() == [""] * 5


def test_migration_7_adds_size_and_ministry_and_keeps_the_rows(tmp_path):
    path = tmp_path / "v6.db"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:6]:
        conn.executescript(script)
    conn.execute("INSERT INTO meta(key, value) VALUES('schema_version', '6')")
    conn.execute("INSERT INTO agencies(agency, kind, province, fictional) VALUES ('ก', 'อบต.', 'น่าน', 'ไม่ใช่')")
    conn.commit()
    conn.close()
    store = Store(path)
    assert store.schema_version() == int(migrate.head()) >= 7
    row = store.dataset()["agencies"].iloc[0]
    assert (row["agency"], row["kind"], row["province"], row["size"], row["ministry"]) == ("ก", "อบต.", "น่าน", "", "")
    store.import_dataset(_ds(), actor())
    assert store.dataset()["agencies"].set_index("agency").loc["อบต.ทดลอง", "ministry"] == "มหาดไทย"


def test_an_attribute_is_a_text_like_the_others_control_characters_are_named_and_left_out_of_files():
    ds = Dataset.from_records({"agencies": [{"agency": "อบต.ทดลอง", "fictional": "ใช่", "ministry": "มหาด\x07ไทย"}]})
    assert any("กระทรวง" in f for f in dataset_control_fields(ds, "อบต.ทดลอง"))
    back = read_workbook(write_workbook(ds))
    assert back.dataset["agencies"].iloc[0]["ministry"] == "มหาดไทย"
