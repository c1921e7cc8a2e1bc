"""The bundled workbooks: built from reviewed records, honest about what they are."""

import importlib.util
import sys
from pathlib import Path

import pytest

from ita.core.analysis import agency_summary
from ita.core.schema import MEASURE_STATUSES
from ita.storage.excel import read_workbook

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_workbooks", DATA / "build" / "build_workbooks.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_workbooks"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def patueng():
    return read_workbook(DATA / "patueng.xlsx")


def test_committed_workbooks_match_their_records(builder):
    # The records are what reviewers read; the workbooks must not drift from them.
    for name, (ds, _) in builder.build().items():
        res = read_workbook(DATA / name)
        assert res.report.ok, res.report.format_text()
        assert res.dataset.equals(ds), f"{name} differs: run python data/build/build_workbooks.py"


def test_every_row_says_where_it_came_from():
    for path in DATA.glob("*.xlsx"):
        ds = read_workbook(path).dataset
        for key, df in ds.tables.items():
            if "source" in df and len(df):
                assert (df["source"].str.len() > 0).all(), f"{path.name}:{key} has rows without a source"


def test_patueng_totals_from_the_report(patueng, fw):
    s = agency_summary(patueng.dataset, PATUENG, fw)
    years = {y["year"]: y for y in s["years"]}
    assert set(years) == {2567, 2568}
    assert years[2567]["total"] == 90.36
    assert years[2568]["total"] == 98.80
    assert years[2568]["level"] == "ผ่านดี"
    assert years[2568]["change"] == 8.44
    assert s["fictional"] is False


def test_patueng_has_no_invented_scores(patueng):
    ds = patueng.dataset
    assert ds["indicator_scores"].empty
    for tool in ("IIT", "EIT", "OIT"):
        assert ds["results"][tool].isna().all()


def test_patueng_measures_as_numbered_in_the_report(patueng):
    m = patueng.dataset["measures"]
    by_year = {y: list(g["number"]) for y, g in m.groupby("year")}
    assert by_year == {2568: ["1", "2", "3"], 2569: ["1", "2", "3", "4", "6", "7"]}
    fy68 = m[m["year"] == 2568]
    assert list(fy68["indicators"]) == ["9.4", "8", "4"]
    assert (fy68["status"] == "แล้วเสร็จ").all()
    assert (fy68["results"].str.len() > 0).all()
    assert set(m["status"]) <= set(MEASURE_STATUSES)
    remarks = " ".join(patueng.dataset["remarks"]["remark"])
    assert "๕" in remarks  # the absent measure 5 is recorded, not invented


def test_patueng_units_and_oit_items(patueng):
    ds = patueng.dataset
    assert list(ds["units"]["unit"]) == ["สำนักปลัด", "กองคลัง", "กองการศึกษาฯ", "กองช่าง", "กองสาธารณสุขฯ"]
    oit = ds["oit_items"]
    assert len(oit) == 28 and list(oit["item"])[:2] == ["O1", "O2"]
    assert (oit["status"] == "ดำเนินการ").all()
    assert len(ds["approaches"]) == 8


def test_demo_agency_is_labelled_fictional_everywhere():
    res = read_workbook(DATA / "demo_fictional.xlsx")
    ds = res.dataset
    (agency,) = ds.agencies()
    assert "สมมุติ" in agency
    assert ds.is_fictional(agency)
    for key, df in ds.tables.items():
        if "source" in df and len(df):
            assert df["source"].str.contains("สมมุติ").all(), key
    assert sorted(set(ds["indicator_scores"]["year"])) == [2565, 2566, 2567, 2568, 2569]


def test_national_means_with_sources():
    ds = read_workbook(DATA / "national.xlsx").dataset
    nat = ds["national"].set_index("year")
    assert nat.loc[2568, "mean"] == 93.82
    assert nat.loc[2565, "mean"] == 87.57
    assert nat.loc[2567, "confidence"] == "W"  # derived, not published
    assert (ds["national"]["source"].str.len() > 0).all()


def test_patueng_extraction_artefacts_are_corrected_and_each_correction_is_remarked(patueng):
    # The text extraction of the report put spaces inside words of the FY2568 table and moved "คลัง" of
    # "กองคลัง" to another line of its cell; the records are corrected and every correction is listed.
    ds = patueng.dataset
    m = ds["measures"]
    fy68 = m[m["year"] == 2568].set_index("number")
    texts = " ".join(str(v) for col in ("title", "weakness", "method", "owner_text", "period", "summary", "results")
                     for v in m[col])
    for artefact in ("บุ คคลากร", "เพื่ อ", "เสริม สร้าง", "ตลอด ปีงบประมาณ", "ราชการ คลัง", "กอง\n"):
        assert artefact not in texts, artefact
    assert fy68.loc["3", "owner_text"].split("\n")[0] == "๑. งานพัสดุ กองคลัง"
    assert fy68.loc["1", "period"] == "ตลอดปีงบประมาณ"
    assert "จริยธรรมบุคคลากรขององค์การบริหารส่วนตำบลปาตึงเพื่อเสริมสร้างวัฒนธรรมองค์กรสุจริต" in fy68.loc["1", "summary"]
    # Misspellings that the report really prints stay as printed.
    assert "ทศนคติ" in fy68.loc["1", "title"]
    assert "อบรม.ปาดัง" in texts
    remarks = ds["remarks"]
    fixes = remarks[remarks["topic"].str.startswith("แก้ไขจากการแปลงข้อความ")]
    said = " ".join(fixes["remark"])
    for extracted, corrected in (
        ("ตลอด ปีงบประมาณ", "ตลอดปีงบประมาณ"),
        ("จริยธรรมบุ คคลากร", "จริยธรรมบุคคลากร"),
        ("เพื่ อ เสริม สร้าง", "เพื่อเสริมสร้าง"),
        ("๑. งานพัสดุ กอง ๒. คณะกรรมการทบทวน", "๑. งานพัสดุ กองคลัง ๒. คณะกรรมการทบทวน"),
    ):
        assert f"“{extracted}" in said or extracted in said, extracted
        assert corrected in said, corrected
    assert len(fixes) == 4 and (fixes["year"] == 2568).all()
    # No remark still claims the corrected text is kept as printed.
    assert not remarks["remark"].str.contains("“บุ คคลากร”, “เพื่ อ”").any()
