"""Every writer and reader of a score refuses 120 with the one message of ita.core.rules, each at its
own place: the Excel reader (sheet, row, column), the store (indicator, result field, measure target),
score entry (the table's row) and what-if (the indicator)."""

import math

import pandas as pd
import pytest

from ita.core import rules
from ita.core.model import Dataset
from ita.services import data_entry as de
from ita.services.whatif import WhatIfError, what_if
from ita.storage.excel import read_workbook
from ita.storage.store import InvalidEntry
from tests.unit.conftest import actor

MESSAGE = rules.score_problem(120)
assert MESSAGE is not None


def test_the_excel_reader(fw, template_xlsx):
    res = read_workbook(template_xlsx({"คะแนนตัวชี้วัด": [["อบต.ก", 2568, "1", 120]]}), fw)
    [p] = res.report.problems
    assert (p.sheet, p.row, p.column) == ("คะแนนตัวชี้วัด", 2, "คะแนน")
    assert (p.message_th, p.message_en) == (MESSAGE.message_th, MESSAGE.message_en)


def test_the_store(store):
    with pytest.raises(InvalidEntry) as err:
        store.save_year("อบต.ใหม่", 2568, {"1": 120.0}, {"total": 120.0}, actor("ทดสอบ"), "หนังสือแจ้งผล")
    assert err.value.problems == [("ตัวชี้วัด 1", MESSAGE.message_th), ("total", MESSAGE.message_th)]
    measure = store.measures("องค์การบริหารส่วนตำบลป่าตึง", 2569).iloc[0]
    with pytest.raises(InvalidEntry) as err:
        store.update_measure(int(measure["id"]), {"target": 120}, int(measure["version"]), actor("ทดสอบ"))
    assert err.value.problems == [("คะแนนเป้าหมาย", MESSAGE.message_th)]


def test_score_entry(fw):
    table = de.entry_frame(Dataset(), "อบต.ใหม่", 2568, fw)
    table.loc[table["code"] == "1", "score"] = 120.0
    table.loc[table["code"] == "2", "score"] = math.nan  # blank, not a problem
    assert de.entry_problems(table, "หนังสือแจ้งผล", "", None) == [
        ("ตัวชี้วัดที่ 1 การปฏิบัติหน้าที่", MESSAGE.message_th)
    ]


def test_what_if(fw):
    with pytest.raises(WhatIfError) as err:
        what_if(2568, {str(i): 90.0 for i in range(1, 11)}, {"10": 120}, fw)
    assert err.value.message_th == f"เป้าหมายของตัวชี้วัดที่ 10: {MESSAGE.message_th}"
    assert err.value.message_en == f"target of indicator 10: {MESSAGE.message_en}"


def test_a_blank_what_if_target_is_refused(fw):
    with pytest.raises(WhatIfError, match="ยังไม่ได้กรอก"):
        what_if(2568, {str(i): 90.0 for i in range(1, 11)}, {"10": pd.NA}, fw)
