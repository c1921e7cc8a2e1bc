"""The O27/O28 document models (ita.documents.content) and the executive brief (ita.documents.brief), checked against
the agency's own report for อบต.ป่าตึง and against hand-computed weak points for the other data."""

from __future__ import annotations

import re
from datetime import date

import pytest

from ita.core.model import Dataset
from ita.core.thai import THAI_DIGITS
from ita.documents import content as D
from ita.documents.brief import MAX_MEASURES_LISTED, brief_html, build_brief, trend_svg
from tests.unit.doc_samples import AGENCY, plan_dataset

PATUENG = "องค์การบริหารส่วนตำบลป่าตึง"
SUKJAI = "อบต.สุขใจ (ข้อมูลสมมุติ)"
TRAT = "จังหวัดตราด"
ARABIC = re.compile(r"[0-9]")


def _all_texts(doc: D.Document) -> list[str]:
    texts = [*doc.title, doc.intro, doc.results_note, doc.measures_heading, doc.summary_line,
             doc.signature.date_line, *[c for row in doc.rows() for c in row],
             *[t for r in doc.results for t in (r.label, r.before_text, r.after_text, r.change_text)]]
    if doc.analysis:
        texts += list(doc.analysis.texts())
    # O27's review of the previous plan year (issue 16).
    texts += [doc.review_heading, *doc.review_lines, *(c for r in doc.review_rows for c in r.cells())]
    return texts


# -- O28 of อบต.ป่าตึง FY2568: the report's three measures with their recorded results -------------


def test_patueng_o28_2568_reproduces_the_three_measures_of_the_report(bundled, fw):
    doc = D.build_o28(bundled, PATUENG, 2568, fw)
    assert doc.columns == D.O28_COLUMNS
    assert doc.columns[:7] == ("ลำดับ", "มาตรการ/กิจกรรม", "วิธีดำเนินการ", "ระยะเวลาในการดำเนินการ", "ผู้รับผิดชอบ",
                               "สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม", "ผลลัพธ์หรือความสำเร็จในการดำเนินการ")
    rows = doc.rows()
    assert [r[0] for r in rows] == ["๑", "๒", "๓"]
    assert [r[1] for r in rows] == [
        "มาตรการเสริมสร้างความซื่อสัตย์สุจริต และปลูกฝังทศนคติ วัฒนธรรมที่ดีในการต่อต้านการทุจริต",
        "มาตรการเปิดโอกาสให้ประชาชนมีส่วนร่วมและเผยแพร่การทำงานขององค์การบริหารส่วนตำบลป่าตึง",
        "มาตรการกำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ",
    ]
    # The report's "วิธีดำเนินการ" cell: the weakness from the ITA results, then the method.
    assert rows[0][2].startswith("จากผลการประเมิน ITA ตัวชี้วัดที่ ๙.๔ การบริหารและพัฒนาทรัพยากรบุคคล")
    assert "๑. จัดทำคู่มือหรือมาตรฐานการปฏิบัติงาน" in rows[0][2]
    assert rows[1][2].startswith("จากผลการประเมิน ITA ตัวชี้วัดที่ ๘ การปรับปรุงการทำงาน")
    assert rows[2][2].startswith("จากผลการประเมิน ITA ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ")
    assert [r[3] for r in rows] == ["ตลอดปีงบประมาณ"] * 3
    assert rows[0][4] == "สำนักปลัด"
    # "กองคลัง" rejoined: the extracted text had split it across the cell's two lines.
    assert rows[2][4].split("\n")[0] == "๑. งานพัสดุ กองคลัง"
    assert "จัดโครงการส่งเสริมคุณธรรม" in rows[0][5]
    assert rows[0][6].endswith("๒. มีคู่มือการปฏิบัติงานของเจ้าหน้าที่")
    assert "มีช่องทางการเข้าถึงข้อมูล" in rows[1][6]
    assert "รายงานสถิติการยืมสรุปผลการดำเนินการ" in rows[2][6]
    assert [r[7] for r in rows] == ["แล้วเสร็จ*"] * 3  # inferred statuses carry the mark
    assert "โดยภาพรวมได้คะแนน ๙๘.๘๐ อยู่ในระดับ “ผ่านดี”" in doc.intro
    assert doc.summary_line == "มาตรการทั้งหมด ๓ มาตรการ แล้วเสร็จ ๓ มาตรการ (ร้อยละ ๑๐๐.๐๐)"
    assert not doc.fictional


def test_patueng_o27_2569_holds_the_fy2569_measures_numbered_as_printed(bundled, fw):
    doc = D.build_o27(bundled, PATUENG, 2569, fw)
    assert doc.columns == ("มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การติดตามผล")
    rows = doc.rows()
    assert [r[0].split(".")[0] for r in rows] == ["๑", "๒", "๓", "๔", "๖", "๗"]  # no ๕, as printed
    assert rows[0][0] == "๑. มาตรการลดขั้นตอนในการให้บริการและการปรับปรุงระบบการทำงาน"
    assert rows[5][0].startswith("๗. การเสริมสร้างความรู้ความเข้าใจ")
    assert [r[3] for r in rows] == ["ต.ค.๖๘ ถึง ก.ย.๖๙"] * 5 + ["มี.ค. ๖๙"]
    assert rows[0][2] == "๑. สำนักปลัด\n๒. กองคลัง\n๓. กองการศึกษาฯ\n๔. กองช่าง\n๕. กองสาธารณสุขฯ"
    assert rows[0][4] == "รายงานความก้าวหน้าและสรุปผลสิ้นปีงบประมาณ"
    assert rows[5][4] == "รายงานสรุปผลหลังแล้วเสร็จกิจกรรม"
    assert "(e- Service)" in rows[0][1]


def test_patueng_o27_has_totals_only_and_invents_no_indicator_score(bundled, fw):
    doc = D.build_o27(bundled, PATUENG, 2569, fw)
    assert [r.kind for r in doc.results] == ["total"]
    (total,) = doc.results
    assert (total.before, total.after) == (90.36, 98.80)
    assert (total.before_text, total.after_text, total.change_text) == ("๙๐.๓๖", "๙๘.๘๐", "+๘.๔๔")
    assert doc.results_note == "แสดงเฉพาะคะแนนรวม เนื่องจากไม่มีคะแนนรายตัวชี้วัดประกอบ"
    assert doc.chart_rows == (total,)
    assert doc.result_columns() == ("ตัวชี้วัด", "ปี ๒๕๖๗", "ปี ๒๕๖๘", "เปลี่ยนแปลง")
    assert "ได้คะแนนรวม ๙๘.๘๐ คะแนน ระดับ “ผ่านดี”" in doc.intro
    assert "+๘.๔๔" in doc.intro
    urgent, improve, approach = doc.analysis.texts()
    assert "ผลการประเมินปี ๒๕๖๘ ได้คะแนนรวม ๙๘.๘๐ คะแนน การวิเคราะห์ครั้งนี้ไม่มีคะแนนรายตัวชี้วัดประกอบ" in urgent
    # The weaknesses the agency itself named come from its FY2568 measures, which answered the 2567
    # results: the text says so and does not present them as weaknesses of 2568.
    assert "ประเด็นที่หน่วยงานระบุจากผลการประเมินปี ๒๕๖๗ (มาตรการปีงบประมาณ ๒๕๖๘)" in urgent
    assert "ยังไม่มีจุดอ่อนที่ระบุจากผลการประเมินปี ๒๕๖๘" in urgent
    assert "จากผลการประเมินปี ๒๕๖๘" not in urgent.replace("ยังไม่มีจุดอ่อนที่ระบุจากผลการประเมินปี ๒๕๖๘", "")
    assert "ตัวชี้วัดที่ ๙.๔" in urgent and "ตัวชี้วัดที่ ๘" in urgent and "ตัวชี้วัดที่ ๔" in urgent
    assert "ยังเพิ่มคะแนนรวมได้อีก" not in urgent + improve  # no headroom without indicator scores
    assert "ห่างจากคะแนนเต็ม ๑.๒๐ คะแนน" in improve
    assert "จำนวน ๖ มาตรการ" in approach
    assert approach.index("๑. มาตรการลดขั้นตอน") < approach.index("๗. การเสริมสร้างความรู้")


def test_patueng_o27_2568_uses_the_weaknesses_of_its_own_measures(bundled, fw):
    doc = D.build_o27(bundled, PATUENG, 2568, fw)
    urgent = doc.analysis.urgent
    assert "ประเด็นที่หน่วยงานระบุจากผลการประเมินปี ๒๕๖๗ (มาตรการของปีนี้)" in urgent
    assert "ยังไม่มีจุดอ่อนที่ระบุ" not in urgent  # the FY2568 measures did analyse the 2567 results
    assert "ผลการประเมินปี ๒๕๖๗ ได้คะแนนรวม ๙๐.๓๖ คะแนน การวิเคราะห์ครั้งนี้ไม่มีคะแนนรายตัวชี้วัดประกอบ" in urgent
    # Heading (2) lists the report's own approaches per indicator for FY2568, not a generic sentence.
    improve = doc.analysis.improve
    assert "แนวทางในการยกระดับการประเมินรายตัวชี้วัดที่หน่วยงานกำหนดไว้สำหรับปีงบประมาณ ๒๕๖๘" in improve
    assert "เมื่อมีคะแนนรายตัวชี้วัด" not in improve
    lines = [ln for ln in improve.split("\n") if ln.startswith("• ")]
    assert [ln.split(":")[0] for ln in lines] == [
        f"• ตัวชี้วัดที่ {d} {name}" for d, name in zip("๑๒๓๔๕๖๗๘", (
            "การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ", "การแก้ไขปัญหาการทุจริต",
            "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร", "การปรับปรุงระบบการทำงาน"), strict=True)]
    assert "๑. สร้างแนวปฏิบัติเกี่ยวกับการใช้ทรัพย์สินของทางราชการ ๒. มีขั้นตอนการขออนุญาตการขอยืมที่ถูกต้อง" in lines[3]
    assert lines[1].endswith("(ผู้รับผิดชอบ: สำนักปลัด / กองคลัง)")
    # The FY2568 table gives no follow-up: the cell says so instead of staying blank.
    assert [r[4] for r in doc.rows()] == [D.NOT_STATED] * 3
    total = doc.results[-1]
    assert (total.before, total.after, total.change_text) == (None, 90.36, "–")
    assert "ไม่มีข้อมูลผลการประเมินของปี ๒๕๖๖" in doc.results_note
    assert len(doc.measures) == 3


# -- O27 from indicator scores --------------------------------------------------------------------


def test_trat_analysis_ranks_urgent_indicators_by_headroom(bundled, fw):
    doc = D.build_o27(bundled, TRAT, 2565, fw, digits="arabic")
    urgent = doc.analysis.urgent
    # 2564: indicator 10 = 65.56 (0.20 × 34.44 = 6.89 points left), 9 = 72.89 (0.20 × 27.11 = 5.42).
    assert "ตัวชี้วัดที่ 10 การป้องกันการทุจริต (OIT) ได้ 65.56 คะแนน ยังเพิ่มคะแนนรวมได้อีก 6.89 คะแนน" in urgent
    assert "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล (OIT) ได้ 72.89 คะแนน ยังเพิ่มคะแนนรวมได้อีก 5.42 คะแนน" in urgent
    assert urgent.index("ตัวชี้วัดที่ 10") < urgent.index("ตัวชี้วัดที่ 9")
    assert "ตัวชี้วัดที่ 1 " not in urgent  # 93.55 is not urgent
    assert "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน (EIT) ได้ 88.58" in doc.analysis.improve
    assert "ยังไม่ได้กำหนดมาตรการของปีงบประมาณ 2565" in doc.analysis.approach
    kinds = [r.kind for r in doc.results]
    assert kinds == ["indicator"] * 10 + ["tool"] * 3 + ["total"]
    ind9 = doc.results[8]
    assert (ind9.before, ind9.after, ind9.change_text) == (69.94, 72.89, "+2.95")
    assert doc.results[-1].after_text == "81.45"


def test_fictional_agency_improve_list_and_label(bundled, fw):
    doc = D.build_o27(bundled, SUKJAI, 2569, fw)
    assert doc.fictional and "ข้อมูลสมมุติ" in doc.fiction_label
    assert "ไม่มีตัวชี้วัดที่ได้ต่ำกว่า ๘๕ คะแนน" in doc.analysis.urgent
    first = doc.analysis.improve.split("\n")[1]
    assert first == "• ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต (OIT) ได้ ๘๗.๙๐ คะแนน ยังเพิ่มคะแนนรวมได้อีก ๒.๔๒ คะแนน"
    assert "(ตัวชี้วัดที่ ๑๐, ๑๐.๑)" in doc.analysis.approach


def test_analysis_overrides_replace_only_the_texts_given(bundled, fw):
    default = D.build_o27(bundled, SUKJAI, 2569, fw)
    doc = D.build_o27(bundled, SUKJAI, 2569, fw,
                      analysis={"urgent": "ข้อความที่แก้ไขเอง ข้อ ๑", "improve": "   ", "approach": None})
    assert doc.analysis.urgent == "ข้อความที่แก้ไขเอง ข้อ ๑"
    assert doc.analysis.improve == default.analysis.improve
    assert doc.analysis.approach == default.analysis.approach
    arabic = D.build_o27(bundled, SUKJAI, 2569, fw, digits="arabic", analysis={"urgent": "ข้อ ๑ และ O27"})
    assert arabic.analysis.urgent == "ข้อ 1 และ O27"
    with pytest.raises(KeyError):
        D.build_o27(bundled, SUKJAI, 2569, fw, analysis={"weakness": "x"})


# -- digits, dates and order ---------------------------------------------------------------------


def test_thai_digits_by_default_in_everything_the_program_writes(bundled, fw):
    doc = D.build_o27(bundled, PATUENG, 2569, fw, issued=date(2025, 9, 26))
    for text in (*doc.title, doc.intro, doc.measures_heading, doc.summary_line, doc.signature.date_line,
                 *doc.result_columns()):
        assert not ARABIC.search(text), text
    assert doc.signature.date_line == "ณ วันที่ ๒๖ กันยายน พ.ศ. ๒๕๖๘"


def test_arabic_digits_leave_no_thai_digit_anywhere(bundled, fw):
    for doc in (D.build_o27(bundled, PATUENG, 2569, fw, digits="arabic", issued=date(2025, 9, 26)),
                D.build_o28(bundled, PATUENG, 2568, fw, digits="arabic")):
        for text in _all_texts(doc):
            assert not set(text) & set(THAI_DIGITS), text
    doc = D.build_o27(bundled, PATUENG, 2569, fw, digits="arabic", issued=date(2025, 9, 26))
    assert doc.results[0].after_text == "98.80"
    assert doc.rows()[0][3] == "ต.ค.68 ถึง ก.ย.69"
    assert doc.signature.date_line == "ณ วันที่ 26 กันยายน พ.ศ. 2568"
    with pytest.raises(ValueError):
        D.build_o27(bundled, PATUENG, 2569, fw, digits="roman")


def test_o28_folds_the_dated_progress_log_oldest_first(bundled, fw):
    doc = D.build_o28(bundled, SUKJAI, 2568, fw)
    lines = doc.measures[0].summary.split("\n")
    assert lines[0] == "เผยแพร่ครบ ๑๒ เดือน (สมมุติ)"  # the measure's own summary first
    assert lines[1].startswith("• ๑๕ ม.ค. ๒๕๖๘: เริ่มเผยแพร่รายงานรายเดือน (สมมุติ)")
    assert lines[2] == "• ๒๐ ก.ย. ๒๕๖๘: เผยแพร่ครบทุกเดือน (สมมุติ) (หลักฐาน: https://example.org/demo/p2)"
    assert len(lines) == 3
    assert doc.fictional


def test_o28_says_when_nothing_is_recorded(bundled, fw):
    doc = D.build_o28(bundled, PATUENG, 2569, fw)
    assert {m.summary for m in doc.measures} == {"ยังไม่มีการบันทึกผลการดำเนินการ"}
    assert {m.results for m in doc.measures} == {"ยังไม่มีการบันทึกผลลัพธ์"}
    assert {m.status for m in doc.measures} == {"ยังไม่เริ่ม"}
    assert "มาตรการทั้งหมด ๖ มาตรการ แล้วเสร็จ ๐ มาตรการ" in doc.summary_line
    assert D.status_summary(doc)[0] == ("ยังไม่เริ่ม", 6)


def test_rows_keep_the_plan_order_of_the_dataset(fw):
    ds = plan_dataset(3)
    df = ds["measures"].iloc[[2, 0, 1]].reset_index(drop=True)  # the plan was reordered: 3, 1, 2
    ds = Dataset({**ds.tables, "measures": df})
    doc = D.build_o28(ds, AGENCY, 2569, fw)
    assert [r[0] for r in doc.rows()] == ["๓", "๑", "๒"]


def test_twenty_measures_and_unsigned_signature(fw):
    doc = D.build_o27(plan_dataset(20), AGENCY, 2569, fw)
    assert [m.number for m in doc.measures] == [D.program_text(str(i), "thai") for i in range(1, 21)]
    assert doc.signature.date_line.startswith("ณ วันที่ ....")
    assert doc.signature.name.startswith("(....")
    signed = D.build_o28(plan_dataset(2), AGENCY, 2569, fw, signer_name="นายทดสอบ ใจดี",
                         signer_position="นายกองค์การบริหารส่วนตำบล")
    assert (signed.signature.name, signed.signature.position) == ("(นายทดสอบ ใจดี)", "นายกองค์การบริหารส่วนตำบล")


def test_document_years_and_content(bundled):
    assert D.document_years(bundled, PATUENG) == [2568, 2569]
    assert D.has_content(bundled, PATUENG, 2569)
    assert not D.has_content(bundled, PATUENG, 2575)
    assert D.agency_heading(bundled, PATUENG) == "องค์การบริหารส่วนตำบลป่าตึง อำเภอแม่จัน จังหวัดเชียงราย"
    assert D.agency_heading(bundled, SUKJAI) == SUKJAI  # '(สมมุติ)' placeholders left out


# -- the executive brief --------------------------------------------------------------------------


def test_brief_cards_headroom_and_status(bundled, fw):
    b = build_brief(bundled, SUKJAI, 2568, 2569, fw)
    assert [c.value for c in b.cards] == ["๙๑.๙๓", "+๔.๒๒", "+๖.๙๓", "-๑.๘๙"]
    assert b.cards[0].note == "ผ่านดี"
    assert [h[0] for h in b.headroom] == ["ตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต", "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร",
                                          "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล"]
    assert [h[2] for h in b.headroom] == ["๒.๔๒", "๑.๒๙", "๑.๑๐"]
    assert dict(b.status_counts) == {"ยังไม่เริ่ม": 1, "เริ่มแล้ว": 1, "ดำเนินการบางส่วน": 1,
                                     "ดำเนินการเกือบแล้วเสร็จ": 0, "แล้วเสร็จ": 1}
    page = brief_html(b)
    assert "ข้อมูลสมมุติ" in page and "<script" not in page
    assert page.count("<svg") == 1 and "<polyline" in trend_svg(b)


def test_brief_of_totals_only_says_so_and_escapes_user_text(bundled, fw):
    b = build_brief(bundled, PATUENG, 2568, 2569, fw, digits="arabic")
    assert b.headroom == ()
    assert "มีเฉพาะคะแนนรวม" in b.headroom_note
    assert b.cards[0].value == "98.80" and b.cards[1].value == "+8.44"
    ds = plan_dataset(12)
    df = ds["measures"].copy()
    df.loc[0, "title"] = "<script>alert(1)</script> & มาตรการ"
    ds = Dataset({**ds.tables, "measures": df})
    b = build_brief(ds, AGENCY, 2568, 2569, fw)
    assert b.measures_more == 12 - MAX_MEASURES_LISTED
    page = brief_html(b)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; มาตรการ" in page
    assert "และอีก ๔ มาตรการ" in page


def test_typed_text_loses_the_spaces_at_the_end_of_its_lines(fw):
    # A summary typed or imported with trailing spaces shows a stray gap in a justified Word cell.
    ds = plan_dataset(1)
    m = ds["measures"].copy()
    m.loc[0, "summary"] = "ผลข้อหนึ่ง \r\nผลข้อสอง  \n"
    m.loc[0, "results"] = "  ผลลัพธ์ "
    m.loc[0, "followup"] = "   "
    ds = Dataset({**ds.tables, "measures": m})
    (row,) = D.build_o28(ds, AGENCY, 2569, fw).rows()
    assert row[5].split("\n")[0] == "ผลข้อหนึ่ง"
    assert row[5].split("\n")[1] == "ผลข้อสอง"
    assert row[6] == "ผลลัพธ์"
    (o27,) = D.build_o27(ds, AGENCY, 2569, fw).rows()
    assert o27[4] == D.NOT_STATED


def test_o28_carries_each_measures_and_the_years_problems_and_suggestions(fw):
    ds = plan_dataset(2)
    measures = ds["measures"].copy()
    measures.loc[0, ["problems", "suggestions"]] = ["เจ้าหน้าที่ ๒ คนลาออก  \nงบประมาณล่าช้า", "เพิ่มอัตรากำลัง"]
    reports = [{"agency": AGENCY, "year": 2569, "problems": "ประชาชนร่วมประชุม ๓ ครั้งเท่านั้น ",
                "suggestions": "ประชาสัมพันธ์ทางวิทยุชุมชน"},
               {"agency": AGENCY, "year": 2568, "problems": "ของปีก่อน"},
               {"agency": "อบต.อื่น", "year": 2569, "problems": "ของหน่วยงานอื่น"}]
    ds = Dataset({**ds.tables, "measures": measures, "reports": Dataset.from_records({"reports": reports})["reports"]})
    doc = D.build_o28(ds, AGENCY, 2569, fw)
    first, second = doc.measures
    assert (first.problems, first.suggestions) == ("เจ้าหน้าที่ ๒ คนลาออก\nงบประมาณล่าช้า", "เพิ่มอัตรากำลัง")
    assert (second.problems, second.suggestions) == ("", "")  # blank stays blank: the writers decide
    assert (doc.problems, doc.suggestions) == ("ประชาชนร่วมประชุม ๓ ครั้งเท่านั้น", "ประชาสัมพันธ์ทางวิทยุชุมชน")
    # Typed text: only its digits follow the choice; the table's last two columns hold them, and a
    # measure without them says so.
    arabic = D.build_o28(ds, AGENCY, 2569, fw, digits="arabic")
    assert arabic.measures[0].problems.startswith("เจ้าหน้าที่ 2 คน") and arabic.problems.endswith("3 ครั้งเท่านั้น")
    assert arabic.rows()[0][8:] == ("เจ้าหน้าที่ 2 คนลาออก\nงบประมาณล่าช้า", "เพิ่มอัตรากำลัง")
    assert doc.rows()[1][8:] == ("ยังไม่มีการบันทึกปัญหา/อุปสรรค", "ยังไม่มีการบันทึกข้อเสนอแนะ")
    assert len(doc.rows()[0]) == len(D.O28_COLUMNS)
    # A year without a report row, and O27, carry none.
    assert (D.build_o28(ds, AGENCY, 2570, fw).problems, D.build_o27(ds, AGENCY, 2569, fw).problems) == ("", "")


def test_control_characters_in_the_report_texts_are_named_for_o28(fw):
    ds = plan_dataset(1)
    measures = ds["measures"].copy()
    measures.loc[0, "suggestions"] = "ก\x01ข"
    reports = Dataset.from_records({"reports": [{"agency": AGENCY, "year": 2569, "problems": "ค\x0bง"}]})["reports"]
    ds = Dataset({**ds.tables, "measures": measures, "reports": reports})
    assert D.control_fields(ds, AGENCY, 2569, "O28") == ["มาตรการ ปี 2569 ลำดับ 1 · ข้อเสนอแนะ",
                                                          "ปัญหาและข้อเสนอแนะ ปี 2569 · ปัญหา/อุปสรรค"]


# -- the documents speak as the agency, not about the tool ------------------------------------------

TOOL_WORDS = ("ในระบบ", "กรอก", "แดชบอร์ด", "เมื่อมีคะแนน", "นำเข้า")


@pytest.mark.parametrize("agency", [PATUENG, SUKJAI, TRAT])
def test_no_document_speaks_about_the_tool(bundled, fw, agency):
    years = bundled.years(agency)
    for year in range(min(years), max(years) + 2):
        for doc in (D.build_o27(bundled, agency, year, fw), D.build_o28(bundled, agency, year, fw)):
            texts = _all_texts(doc) + [*doc.draft_reasons, *doc.measures_notes]
            for word in TOOL_WORDS:
                assert not [t for t in texts if word in t], (doc.kind, year, word)


def test_o27_without_the_results_it_analyses_is_a_draft_and_says_so_as_a_document(bundled, fw):
    # ตราด has results for 2563–2564 only: O27 of 2566 analyses 2565, which is missing.
    doc = D.build_o27(bundled, TRAT, 2566, fw)
    assert doc.draft and doc.draft_reasons == ("ยังไม่มีผลการประเมินของปีงบประมาณ พ.ศ. ๒๕๖๕",)
    assert doc.intro == "การวิเคราะห์ครั้งนี้ยังไม่มีผลการประเมิน ITA ของจังหวัดตราด ปีงบประมาณ พ.ศ. ๒๕๖๕ ประกอบ"
    assert doc.analysis.urgent.startswith("การวิเคราะห์ครั้งนี้ยังไม่มีผลการประเมินของปี ๒๕๖๕ ประกอบ")
    assert D.results_gap(bundled, TRAT, 2566, fw) == "total"
    # With the results in hand O27 is not a draft, whether the indicator scores are there or not.
    assert not D.build_o27(bundled, TRAT, 2565, fw).draft and D.results_gap(bundled, TRAT, 2565, fw) is None
    assert not D.build_o27(bundled, PATUENG, 2569, fw).draft
    assert D.results_gap(bundled, PATUENG, 2569, fw) == "indicators"
