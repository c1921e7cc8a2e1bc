"""A measure's period against its fiscal year (1 October – 30 September): inside, partly over, outside."""

import pandas as pd
import pytest

from ita.core.checks import period_outside_year, plan_periods_outside_year
from ita.core.thai import ThaiParseError


@pytest.mark.parametrize("period", ["ต.ค.๖๘ ถึง ก.ย.๖๙", "ตลอดปีงบประมาณ", "มี.ค. ๖๙", "ตุลาคม ๒๕๖๘ ถึง ตุลาคม ๒๕๖๘"])
def test_inside_the_fiscal_year(period):
    assert period_outside_year(period, 2569) is None


def test_partly_over_and_wholly_outside_are_told_apart():
    assert "เกินช่วงของปีงบประมาณ 2569" in period_outside_year("ก.ย.๖๙ ถึง ธ.ค.๖๙", 2569)
    assert "อยู่นอกปีงบประมาณ 2569 (ต.ค.68 – ก.ย.69)" in period_outside_year("ม.ค.70 - ก.พ.70", 2569)
    assert "อยู่นอก" in period_outside_year("ก.ย.๖๘", 2569)  # the month before the year starts


def test_an_unreadable_period_raises_and_the_plan_list_skips_it():
    with pytest.raises(ThaiParseError):
        period_outside_year("ก.ย.๖๙ ถึง ต.ค.๖๘", 2569)
    plan = pd.DataFrame({"number": ["1", "2", "3", "4"],
                         "period": ["ต.ค.๖๘ ถึง ก.ย.๖๙", "ม.ค.70 - ก.พ.70", "อ่านไม่ได้", ""]})
    [line] = plan_periods_outside_year(plan, 2569)
    assert line.startswith("มาตรการ 2: ระยะเวลา 'ม.ค.70 - ก.พ.70' อยู่นอก")
