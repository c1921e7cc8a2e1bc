import pytest

from ita.core.scoring import evaluate_year, level_for, round2, tool_scores, total_from_tools

TRAT_2564 = dict(zip([str(i) for i in range(1, 11)],
                     [93.55, 87.72, 91.01, 87.93, 89.52, 90.55, 88.68, 88.58, 72.89, 65.56], strict=True))
TRAT_2563 = dict(zip([str(i) for i in range(1, 11)],
                     [92.57, 86.13, 90.08, 85.98, 88.04, 83.67, 82.11, 79.29, 69.94, 52.78], strict=True))


def test_trat_2564_reproduces_the_published_total(fw):
    # Hand-computed: IIT = 449.73 / 5 = 89.946; EIT = 267.81 / 3 = 89.27; OIT = 138.45 / 2 = 69.225;
    # total = 0.3 × 89.946 + 0.3 × 89.27 + 0.4 × 69.225 = 81.4548.
    yr = evaluate_year(2564, TRAT_2564, fw, total=81.45)
    assert yr.tools_computed["IIT"] == pytest.approx(89.946)
    assert yr.tools_computed["EIT"] == pytest.approx(89.27)
    assert yr.tools_computed["OIT"] == pytest.approx(69.225)
    assert yr.total_computed == pytest.approx(81.4548)
    assert abs(yr.total_computed - 81.45) <= 0.01
    assert round2(yr.tools_computed["OIT"]) == 69.23
    assert yr.findings == []
    assert yr.level_computed == "B"


def test_trat_2563_reproduces_the_published_total(fw):
    yr = evaluate_year(2563, TRAT_2563, fw, total=75.62)
    assert yr.total_computed == pytest.approx(75.619)
    assert [f.code for f in yr.findings] == []


def test_tool_needs_all_its_indicators(fw):
    scores = dict(TRAT_2564)
    del scores["10"]
    tools = tool_scores(scores, fw)
    assert tools["OIT"] is None and tools["IIT"] == pytest.approx(89.946)
    assert total_from_tools(tools, fw.for_year(2564).weights) is None
    yr = evaluate_year(2564, scores, fw)
    assert [f.code for f in yr.findings] == ["partial_indicators"]


def test_total_disagreement_is_reported_not_overwritten(fw):
    yr = evaluate_year(2564, TRAT_2564, fw, total=82.00)
    assert yr.total == 82.00  # the published value stays
    assert yr.best_total == 82.00
    assert [f.code for f in yr.findings] == ["total_mismatch"]
    assert "82.00" in yr.findings[0].message_th and "81.45" in yr.findings[0].message_th
    # Within the 0.05 tolerance nothing is reported.
    assert evaluate_year(2564, TRAT_2564, fw, total=81.50).findings == []


def test_published_tool_disagreement_is_reported(fw):
    yr = evaluate_year(2564, TRAT_2564, fw, tools_published={"OIT": 70.0})
    assert [f.code for f in yr.findings] == ["tool_mismatch"]
    assert yr.tools["OIT"] == 70.0  # published wins for display


def test_year_with_only_a_total_is_valid(fw):
    yr = evaluate_year(2568, {}, fw, total=98.80, level="ผ่านดี")
    assert yr.findings == []
    assert yr.total_computed is None and not yr.has_indicators
    # 98.80 could be ผ่านดีเยี่ยม or not depending on the tools: the computed level is not guessed.
    assert yr.level_computed is None
    assert "IIT" in yr.level_reason_th


def test_letter_levels_at_the_boundaries(fw):
    scheme = fw.for_year(2565).level_scheme
    cases = {100: "AA", 95: "AA", 94.99: "A", 85: "A", 84.99: "B", 75: "B", 65: "C", 55: "D", 54.99: "E",
             50: "E", 49.99: "F", 0: "F"}
    for total, level in cases.items():
        assert level_for(scheme, total, {}).level == level, total


def test_pass_levels_use_the_tools(fw):
    scheme = fw.for_year(2568).level_scheme
    all95 = {"IIT": 96, "EIT": 95, "OIT": 97}
    assert level_for(scheme, 96, all95).level == "ผ่านดีเยี่ยม"
    # The 2568 case from DOMAIN.md: 94.64 with EIT below 85 was rated ผ่าน.
    assert level_for(scheme, 94.64, {"IIT": 97, "EIT": 84, "OIT": 99}).level == "ผ่าน"
    assert level_for(scheme, 96, {"IIT": 96, "EIT": 90, "OIT": 99}).level == "ผ่านดี"
    assert level_for(scheme, 80, {}).level == "ต้องปรับปรุง"
    assert level_for(scheme, 69.99, {}).level == "ต้องปรับปรุงโดยด่วน"
    # One tool known below 85 decides ผ่าน even when the others are unknown.
    assert level_for(scheme, 90, {"EIT": 80}).level == "ผ่าน"
    assert level_for(scheme, 90, {"EIT": 90}).level is None
    assert level_for(scheme, None, {}).level is None


def test_level_disagreement_is_flagged(fw):
    yr = evaluate_year(2568, {}, fw, total=98.80, level="ผ่านดี",
                       tools_published={"IIT": 99.0, "EIT": 98.0, "OIT": 99.25})
    assert yr.level == "ผ่านดี"
    assert yr.level_computed == "ผ่านดีเยี่ยม"
    assert "level_mismatch" in [f.code for f in yr.findings]


def test_unknown_level_label_and_unknown_year(fw):
    yr = evaluate_year(2568, {}, fw, total=90, level="AA")
    assert "unknown_level" in [f.code for f in yr.findings]
    yr = evaluate_year(2550, TRAT_2564, fw, total=81.45)
    assert yr.total_computed is None and yr.level_computed is None
    assert [f.code for f in yr.findings] == ["unknown_year"]


def test_round2_rounds_half_up():
    assert round2(69.225) == 69.23
    assert round2(98.80 - 90.36) == 8.44
    assert round2(None) is None


def test_round2_of_values_with_two_decimals_or_fewer_and_of_the_rest():
    # Most published scores already have two decimals and are returned as they are; the others are
    # rounded half up on the decimal they are written with.
    assert [round2(v) for v in (98.8, 100.0, 0.05, 3, -12.34)] == [98.8, 100.0, 0.05, 3.0, -12.34]
    assert [round2(v) for v in (2.675, -0.005, 1e-7, 12345678.125, 98.80000001)] == [
        2.68, -0.01, 0.0, 12345678.13, 98.8
    ]
    assert round2(1e20) == 1e20
