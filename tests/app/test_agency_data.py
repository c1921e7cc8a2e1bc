"""The chosen agency's slice of the dataset (ita.ui.data.agency_data, issue 14): what every page about one agency
reads. It holds exactly that agency's rows of every table and the national tables whole, is made once per agency
and data version, and a write anywhere makes a new one (the old copy is left as it was); the pages that read it
show a score saved elsewhere at their next run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ita.core.analysis import CATEGORY_TH
from ita.core.model import Dataset
from ita.core.schema import TABLES
from ita.storage.store import Store
from ita.ui import data
from tests.app.session import Page
from tests.unit.conftest import actor

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"


def _score(ds: Dataset, year: int, code: str) -> list[float]:
    df = ds["indicator_scores"]
    return df.loc[(df["year"] == year) & (df["indicator"] == code), "score"].tolist()


def test_the_slice_is_the_agencys_rows_and_the_national_tables(db: Path) -> None:
    whole = data.dataset()
    mine = data.agency_data(SUKJAI)
    for t in TABLES:
        if "agency" in t.keys:
            # every row of the agency, in the dataset's order, and no other agency's
            expected = whole[t.key][whole[t.key]["agency"] == SUKJAI].reset_index(drop=True)
            pd.testing.assert_frame_equal(mine[t.key], expected, check_dtype=False)
        else:
            pd.testing.assert_frame_equal(mine[t.key], whole[t.key])
    assert len(mine["indicator_scores"]) == 50 and set(mine["results"]["year"]) == {2565, 2566, 2567, 2568, 2569}
    assert mine.equals(whole.for_agency(SUKJAI))
    assert len(mine["national"]) == len(whole["national"]) > 0  # the national means the pages compare with


def test_the_slice_is_made_once_per_agency_and_nothing_for_no_agency(db: Path) -> None:
    mine = data.agency_data(SUKJAI)
    assert data.agency_data(SUKJAI) is mine  # the next run reads the same copy
    theirs = data.agency_data(PATUENG)
    assert theirs is not mine and set(theirs["results"]["agency"]) == {PATUENG}
    nobody = data.agency_data(None)  # no agency to choose: no agency's rows, the national tables still there
    assert all(nobody[t.key].empty for t in TABLES if "agency" in t.keys)
    assert nobody["national"].equals(data.dataset()["national"])


def test_a_write_makes_a_new_slice_and_leaves_the_old_one(db: Path) -> None:
    before = data.agency_data(SUKJAI)
    assert _score(before, 2568, "1") == [pytest.approx(95.2)]
    other = Store(db)  # another connection, as another person's save
    try:
        other.save_year(SUKJAI, 2568, {"1": 55.5}, {}, actor("ผู้แก้ไข"), "ทดสอบ")
    finally:
        other.close()
    after = data.agency_data(SUKJAI)
    assert after is not before
    assert _score(after, 2568, "1") == [55.5]
    assert after.equals(data.dataset().for_agency(SUKJAI))
    assert _score(before, 2568, "1") == [pytest.approx(95.2)]  # a page still drawing from it is not changed


def test_the_weak_page_shows_a_score_saved_elsewhere_at_its_next_run(db: Path) -> None:
    page = Page("pages/weak.py", SUKJAI)
    assert page.table().loc["1", "score"] == pytest.approx(95.2)
    other = Store(db)
    try:
        other.save_year(SUKJAI, 2568, {"1": 55.5}, {}, actor("ผู้แก้ไข"), "ทดสอบ")
    finally:
        other.close()
    page.run()
    table = page.table()
    assert table.loc["1", "score"] == pytest.approx(55.5)
    assert table.index[0] == "1"  # now the most points left: 0.06 × 44.5 = 2.67
    assert table.loc["1", "category_th"] == CATEGORY_TH["urgent"]

