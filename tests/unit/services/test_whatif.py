"""What-if on hand-computed years: new tool scores, total, gain, level by the year's own rule
(AA–F up to 2565, ผ่าน/ผ่านดี/ผ่านดีเยี่ยม from 2566), distances, and which measures take a target.

Weights are 30/30/40 with a plain mean inside each tool, so an IIT indicator weighs 6 %, an EIT
indicator 10 % and an OIT indicator 20 % of the total."""

import pandas as pd
import pytest

from ita.services import whatif
from ita.services.whatif import WhatIfError, what_if


def flat(score: float, **over: float) -> dict[str, float]:
    """Ten indicators at `score`, with some replaced: flat(90, i9=100)."""
    return {str(i): score for i in range(1, 11)} | {k[1:]: v for k, v in over.items()}


# -- the AA–F scheme (2563–2565) ------------------------------------------------------------------


def test_letter_year_raising_oit_by_ten_adds_four_points(fw):
    # 2565, all 90: total 90 (A). 9 and 10 to 100: OIT 100, total 0.3·90 + 0.3·90 + 0.4·100 = 94 (A).
    r = what_if(2565, flat(90), {"9": 100, "10": 100}, fw)
    assert r.total_before == pytest.approx(90.0)
    assert r.total == pytest.approx(94.0)
    assert r.gain == pytest.approx(4.0)
    assert r.tools == pytest.approx({"IIT": 90.0, "EIT": 90.0, "OIT": 100.0})
    assert (r.level_before, r.level) == ("A", "A")
    assert r.to_pass == 0 and r.to_top == pytest.approx(1.0)


def test_letter_year_reaches_aa_at_95(fw):
    # EIT to 100 too: 27 + 30 + 40 = 97 → AA.
    r = what_if(2565, flat(90), {"6": 100, "7": 100, "8": 100, "9": 100, "10": 100}, fw)
    assert r.total == pytest.approx(97.0)
    assert r.gain == pytest.approx(7.0)
    assert r.level == "AA" and r.to_top == 0


def test_letter_year_with_real_trat_2564_scores(fw):
    # ตราด 2564 (NACC regional report): published 81.45 (B). OIT (72.89 + 65.56)/2 = 69.225;
    # with 9 → 90 and 10 → 85 it is 87.5, so the total rises by 0.4 × 18.275 = 7.31 to 88.7648 (A).
    trat = dict(zip(map(str, range(1, 11)),
                    [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56], strict=True))
    r = what_if(2564, trat, {"9": 90, "10": 85}, fw)
    assert r.total_before == pytest.approx(81.4548)
    assert r.gain == pytest.approx(7.31)
    assert r.total == pytest.approx(88.7648)
    assert (r.level_before, r.level) == ("B", "A")
    assert r.to_top == pytest.approx(95 - 88.7648)
    assert r.scheme_th == "ระดับ AA–F" and r.level_confidence == "C"


def test_a_single_iit_indicator_moves_the_total_by_six_percent_of_its_change(fw):
    r = what_if(2564, flat(80), {"3": 90}, fw)
    assert r.gain == pytest.approx(0.6)
    assert r.total == pytest.approx(80.6)
    assert r.level == "B"
    assert r.to_pass == pytest.approx(4.4)


# -- the pass scheme (2566 on) -------------------------------------------------------------------


def test_pass_year_levels_depend_on_the_tools(fw):
    # 2567, all 90: total 90, every tool ≥ 85 → ผ่านดี.
    assert what_if(2567, flat(90), {}, fw).level == "ผ่านดี"
    # IIT to 80 (indicators 1–5): 24 + 27 + 36 = 87 ≥ 85 but IIT < 85 → ผ่าน.
    r = what_if(2567, flat(90), {str(i): 80 for i in range(1, 6)}, fw)
    assert r.total == pytest.approx(87.0)
    assert r.gain == pytest.approx(-3.0)
    assert r.level == "ผ่าน"


def test_pass_year_98_with_one_tool_below_95_is_not_excellent(fw):
    # All 100 but EIT 94: 30 + 28.2 + 40 = 98.2, EIT < 95 → ผ่านดี (as ป่าตึง's 98.80 was published).
    r = what_if(2568, flat(100), {"6": 94, "7": 94, "8": 94}, fw)
    assert r.total == pytest.approx(98.2)
    assert r.level == "ผ่านดี"
    assert r.to_top == 0  # the total is past 95; the level still needs every tool at 95
    r = what_if(2568, flat(100), {"7": 90}, fw)
    assert r.total == pytest.approx(99.0)
    assert r.tools["EIT"] == pytest.approx(96.6667, abs=1e-4)
    assert r.level == "ผ่านดีเยี่ยม"


def test_pass_year_low_totals(fw):
    assert what_if(2566, flat(75), {}, fw).level == "ต้องปรับปรุง"
    r = what_if(2566, flat(60), {}, fw)
    assert r.level == "ต้องปรับปรุงโดยด่วน"
    assert r.to_pass == pytest.approx(25.0) and r.to_top == pytest.approx(35.0)


def test_no_targets_changes_nothing(fw):
    r = what_if(2568, flat(91.5), {}, fw)
    assert r.gain == 0 and r.total == r.total_before


def test_tools_table(fw):
    t = whatif.tools_table(what_if(2565, flat(90), {"9": 100}, fw))
    assert list(t["tool"]) == ["IIT", "EIT", "OIT"]
    assert list(t["change"]) == pytest.approx([0.0, 0.0, 5.0])


# -- refusals -----------------------------------------------------------------------------------


def test_needs_all_ten_scores(fw):
    with pytest.raises(WhatIfError) as exc:
        what_if(2568, {"1": 90.0, "2": None}, {"10": 95}, fw)
    assert "ครบทั้ง 10 ตัวชี้วัด" in exc.value.message_th
    assert "2, 3, 4, 5, 6, 7, 8, 9, 10" in exc.value.message_th
    with pytest.raises(WhatIfError):
        what_if(2568, {}, {}, fw)


def test_unknown_year(fw):
    with pytest.raises(WhatIfError, match="2550"):
        what_if(2550, flat(90), {}, fw)


@pytest.mark.parametrize("targets", [{"11": 90}, {"9.1": 90}, {"1": 100.01}, {"1": -1}, {"1": "abc"}])
def test_bad_targets(fw, targets):
    with pytest.raises(WhatIfError):
        what_if(2568, flat(90), targets, fw)


def test_targets_in_thai_digits(fw):
    assert whatif.check_targets({"๑๐": "๙๕.๕"}, fw) == {"10": 95.5}


def test_parse_target():
    assert whatif.parse_target("10=95") == ("10", 95.0)
    assert whatif.parse_target(" ๙ = ๙๗.๒๕ ") == ("9", 97.25)
    for bad in ("10", "=95", "10=", "10=abc"):
        with pytest.raises(WhatIfError):
            whatif.parse_target(bad)


# -- scenarios and measures ----------------------------------------------------------------------


def test_targets_json_round_trip_in_indicator_order():
    text = whatif.targets_json({"10": 95, "2": 90.5})
    assert text == '{"2": 90.5, "10": 95.0}'
    assert whatif.targets_from_json(text) == {"2": 90.5, "10": 95.0}
    assert whatif.targets_from_json("") == {}
    assert whatif.targets_from_json("not json") == {}
    assert whatif.targets_text({"10": 95, "7": 90}) == "7 → 90.00, 10 → 95.00"


def test_adoptable_targets():
    measures = pd.DataFrame([
        {"id": 1, "version": 3, "number": "1", "title": "ก", "indicators": "10", "target": None},
        {"id": 2, "version": 1, "number": "2", "title": "ข", "indicators": "10,10.1", "target": 95.0},
        {"id": 3, "version": 1, "number": "3", "title": "ค", "indicators": "1,2", "target": None},
        {"id": 4, "version": 1, "number": "4", "title": "ง", "indicators": "4", "target": 80.0},
        {"id": 5, "version": 1, "number": "5", "title": "จ", "indicators": "", "target": None},
        {"id": 6, "version": 2, "number": "6", "title": "ฉ", "indicators": "1.1,3", "target": 70.0},
    ])
    out = whatif.adoptable_targets(measures, {"10": 95.0, "1": 90.0, "2": 92.0})
    assert list(out["id"]) == [1, 2, 3, 6]
    assert list(out["action"]) == ["update", "same", "ambiguous", "update"]
    assert out.loc[0, "target"] == 95.0 and out.loc[0, "version"] == 3
    assert pd.isna(out.loc[2, "target"])
    assert out.loc[3, "target"] == 90.0 and out.loc[3, "current"] == 70.0
    assert whatif.adoptable_targets(measures, {}).empty
