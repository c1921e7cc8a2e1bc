"""`python -m ita report`, run as a user runs it: the four files for อบต.ป่าตึง's FY2568 and FY2569
reopened, and every bad input answered in Thai with an exit code, never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from ita.cli.main import main
from ita.documents import content as D
from tests.unit.doc_samples import plain_docx  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
PATUENG_XLSX = ROOT / "data" / "patueng.xlsx"
DEMO_XLSX = ROOT / "data" / "demo_fictional.xlsx"
FILES = ("O27_{y}.docx", "O28_{y}.docx", "O27_{y}.xlsx", "O28_{y}.xlsx")
SOURCE = Path("/work/shared/source/000_df50eb1001732c1f.txt")

# The agency's report as extracted to text (SOURCE, kept outside the repository): its FY2568 report
# table (lines 112, 115, 118: ลำดับ, มาตรการ/กิจกรรม, วิธีดำเนินการ, ระยะเวลา, ผู้รับผิดชอบ, สรุปผล, ผลลัพธ์)
# and the rows of its FY2569 measures table (lines 240–251: มาตรการ/แนวทาง, วิธีการดำเนินการ,
# ผู้รับผิดชอบ, ระยะเวลาดำเนินการ, การติดตามผล), copied verbatim (tabs between cells) so that the
# expectations below come from the agency's text, not from our records.
REPORT_O28_2568 = '''\
๑\tมาตรการเสริมสร้างความ ซื่อสัตย์สุจริต และปลูกฝัง ทศนคติ วัฒนธรรมที่ดีใน การต่อต้านการทุจริต\tจากผลการประเมิน ITA ตัวชี้วัดที่ ๙.๔ การบริหารและพัฒนา ทรัพยากรบุคคล ประเด็น บุคลากรในหน่วยงานบางราย ยังมีการปฏิบัติงานอย่างไม่ถูกต้อง ๑. จัดทำคู่มือหรือมาตรฐานการ ปฏิบัติงานของเจ้าหน้าที่แต่ละคน ให้ทราบถึงระเบียบและวิธีปฏิบัติ มีการอบรมคุณธรรมจริยธรรม บุคลากร ๒. จัดโครงการส่งเสริมคุณธรรม จริยธรรมบุคลากรขององค์การ บริหารส่วนตำบลป่าตึงเพื่อ เสริมสร้างวัฒนธรรมองค์กรสุจริต\tตลอด ปีงบประมาณ\tสำนักปลัด\t๑. จัดทำ คู่มือหรือมาตรฐาน การปฏิบัติงานของ เจ้าหน้าที่แต่ละคนให้ทราบ ถึงระเบียบและวิธีปฏิบัติ มี การอบรมคุณธรรม จริยธรรมบุคลากร ๒. จัดโครงการส่งเสริมคุณธรรม จริยธรรมบุ คคลากรของ องค์การบริหารส่วนตำบล ปาตึง เพื่ อ เสริม สร้าง วัฒนธรรมองค์กรสุจริต\t๑. จัดกิจกรรมส่งเสริมคุณธรรม จริยธรรมบุคลากรของ อบต. ปาตึงเพื่อเสริมสร้างวัฒนธรรม องค์กรสุจริต ภายใต้โครงการ เพิ่มศักยภาพเจ้าหน้าที่ท้องถิ่น และผู้ที่เกี่ยวข้อง ประจำปี งบประมาณ ๒๕๖๘ เมื่อวันที่ ๑๘ มีนาคม ๒๕๖๘ และ โครงการอบรมเสริมสร้าง คุณธรรม จริยธรรมตามหลัก ธรรมาภิบาลเพื่อป้องกันการ ทุจริต เมื่อวันที่ ๒๙ กรกฎาคม ๒๕๖๘ ๒. มีคู่มือการปฏิบัติงานของ เจ้าหน้าที่
๒\tมาตรการเปิดโอกาสให้ประชาชนมีส่วนร่วมและเผยแพร่การทำงานขององค์การบริหารส่วนตำบลป่าตึง\t<p>จากผลการประเมิน ITA ตัวชี้วัดที่ ๘ การปรับปรุงการทำงาน ประเด็น การเปิดโอกาสให้ผู้รับบริการเป็นคะแนนจากการประเมินการรับรู้ของผู้รับบริการ ผู้มาติดต่อหรือ ผู้มีส่วนได้ส่วนเสียของหน่วยงานต่อการปรับปรุงระบบการทำงาน ในประเด็นที่เกี่ยวข้องกับการปรับปรุงพัฒนาหน่วยงาน ทั้งการปฏิบัติงานของเจ้าหน้าที่ และกระบวนการทำงานของหน่วยงานให้ดียิ่งขึ้น รวมไปถึงการนำเทคโนโลยีมาใช้ในการดำเนินงาน</p> <p>๑. การเปิดโอกาสให้ ผู้มาติดต่อเข้ามามีส่วนร่วมในการปรับปรุงพัฒนาการดำเนินงาน เพิ่มช่องทางการปฏิสัมพันธ์ระหว่างองค์การบริหารส่วนตำบลป่าตึงกับประชาชน</p> <p>๒. ปรับปรุงเว็บไซต์ อบรม.ป่าตึง ให้ข้อมูลเป็นปัจจุบันครบถ้วนสมบูรณ์ และโดยต้องเผยแพร่ข่าวสารในหัวข้อหรือตำแหน่งที่สามารถเข้าถึงและสืบค้นข้อมูลได้โดยง่าย</p>\tตลอดปีงบประมาณ\t<p>๑. สำนักปลัด</p> <p>๒. แต่งตั้งเจ้าหน้าที่รับผิดชอบงานประชาสัมพันธ์ เพื่อคอยเผยแพร่ข้อมูลข่าวสารในด้านต่างๆ</p>\t<p>๑. ปรับปรุงคำสั่งแต่งตั้งเจ้าหน้าที่รับผิดชอบงานประชาสัมพันธ์ให้เป็นปัจจุบัน</p> <p>๒. ปรับปรุงช่องทางการปฏิสัมพันธ์กับผู้รับบริการและประชาชนทั่วไป ได้แก่ เว็บไซต์, Facebook และ Line และได้มีประกาศการเปิดเผยข้อมูลข่าวสารของราชการเป็นปัจจุบัน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ พร้อมส่งหนังสือถึงผู้นำชุมชนให้ประชาสัมพันธ์ชื่อเว็บไซต์, Facebook และ Line และเชิญชวนประชาชนให้เข้าชมเว็บไซต์, เข้าร่วมเป็นสมาชิก</p>\tมีช่องทางการเข้าถึงข้อมูล เช่น เว็บไซต์ สื่อวารสาร ประชาสัมพันธ์ทาง line OA , facebook , Youtube, วิทยุประชาสัมพันธ์เคลื่อนที่, ประกาศประชาสัมพันธ์เสียงตามสาย/บอร์ดประจำหมู่บ้าน และมีการติดตามปรับปรุงข้อมูลให้เป็นปัจจุบันทุกสัปดาห์
๓\tมาตรการกำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ\tจากผลการประเมิน ITA ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ ประเด็น บุคลากรในหน่วยงานบางรายมีการขอยืมทรัพย์สินของทางราชการไปใช้ปฏิบัติงานอย่างไม่ถูกต้อง ๑. ระบุขั้นตอนและแนวทางในการขอยืมทรัพย์สินของทางราชการตามประเภทงานด้านต่าง ๆ ไว้อย่างชัดเจนในคู่มือมาตรฐานการปฏิบัติงาน พร้อมทั้ง ๒. เผยแพร่ประชาสัมพันธ์การจัดกิจกรรมผ่านเว็บไซต์และFacebook ของหน่วยงาน\tตลอดปีงบประมาณ\t๑. งานพัสดุ กอง ๒. คณะกรรมการทบทวน ปรับปรุงการจัดทำคู่มือการใช้ทรัพย์สินของทางราชการ คลัง\t๑. คำสั่งแต่งตั้งคณะกรรมการทบทวนปรับปรุงการจัดทำคู่มือการใช้ทรัพย์สินของทางราชการ ๒. แบบฟอร์มการให้บริการยืมทรัพย์สินของทางราชการ ๓. สมุดคุมการให้ยืม - คืนทรัพย์สินของทางราชการ ๔. รายงานสถิติการยืมสรุปผลการดำเนินการด้านการให้บริการยืม - คืนทรัพย์สินของราชการ\t๑. รายงานสถิติการยืมสรุปผลการดำเนินการด้านการให้บริการยืม - คืนทรัพย์สินของทางราชการ ๒. ออกคำสั่งแต่งตั้งคณะกรรมการทบทวนปรับปรุงการจัดทำคู่มือการใช้ทรัพย์สินของทางราชการ ๓. จัดทำแบบฟอร์มการให้บริการยืมทรัพย์สินของทางราชการ ๔. มีสมุดคุมการให้ยืม - คืนทรัพย์สินของทางราชการ
'''  # noqa: E501
REPORT_O27_2569 = '''\
๑. มาตรการลดขั้นตอนในการให้บริการและการปรับปรุงระบบการทำงาน\t๑. สร้างกระบวนการปรึกษาหารือระหว่างผู้บริหารและบุคลากรเพื่อร่วมกันทบทวนปัญหาและอุปสรรคในการปฏิบัติงานอย่างเป็นระบบ ๒. ส่งเสริมให้ผู้รับบริการและประชาชนทั่วไปมีส่วนร่วมในการแสดงความคิดเห็นหรือให้คำแนะนำในการพัฒนา ๓. ปรับปรุงคุณภาพและมาตรฐานการให้บริการได้โดยสะดวก ๔. ขับเคลื่อนการให้บริการแบบออนไลน์ระบบ (e- Service)\t๑. สำนักปลัด ๒. กองคลัง ๓. กองการศึกษาฯ ๔. กองช่าง ๕. กองสาธารณสุขฯ\tต.ค.๖๘ ถึง ก.ย.๖๙\tรายงานความก้าวหน้าและสรุปผลสิ้นปีงบประมาณ
๒. มาตรการเผยแพร่ข้อมูลต่อสาธารณะและการเพิ่มช่องทางให้ประชาชนมีส่วนร่วมในการเสนอแนะการปฏิบัติงาน\t๑. เน้นการเผยแพร่ข้อมูลพื้นฐานเกี่ยวกับการปฏิบัติงาน ประกอบด้วยข้อมูลด้านการบริหารงานทั่วไป งบประมาณ การจัดซื้อจัดจ้าง หรือจัดหาพัสดุและการบริหารทรัพยากรบุคคล ๒. เพิ่มช่องทางการปฏิสัมพันธ์กับผู้รับบริการและประชาชนทั่วไป ซึ่งในความเป็นจริง อบต.ป่าตึงมีเว็บไซต์, เฟซบุ๊ก, ไลน์ เป็นช่องทางในการประชาสัมพันธ์เผยแพร่ข้อมูล และให้ประชาชน / มีส่วนร่วม...\t๑. สำนักปลัด ๒. กองคลัง ๓. กองการศึกษาฯ ๔. กองช่าง ๕. กองสาธารณสุขฯ\tต.ค.๖๘ ถึง ก.ย.๖๙\tรายงานความก้าวหน้าทุก ๖ เดือนและสรุปผลสิ้นปีงบประมาณ
\t<p>มีส่วนร่วมในการเสนอแนะการปฏิบัติงานมานานแล้ว แต่ประชาชนอาจเข้าไม่ถึง และไม่ทราบชื่อเว็บไซต์, เพชบุ๊ก, ไลน์ อบรมฯ ทั้งนี้ ในปีงบประมาณ ๒๕๖๕ อบรมฯ ได้ปรับปรุงเว็บไซต์ และเผยแพร่ช่องทางให้ประชาชนทราบ โดยส่งหนังสือถึงผู้นำชุมชนให้ประชาสัมพันธ์ชื่อเว็บไซต์, เพชบุ๊ก, ไลน์ และเชิญชวนประชาชนให้เข้าชม เว็บไซต์, เข้าร่วมเป็นสมาชิกของกลุ่ม เพชบุ๊ก, ไลน์ ของ อบรม.</p> <p>๓. ปรับปรุงเว็บไซต์ อบรม.ปาดัง ให้ข้อมูลเป็นปัจจุบัน ครบถ้วนสมบูรณ์ และโดยต้องเผยแพร่ข่าวสารในหัวข้อหรือตำแหน่งที่สามารถเข้าถึงและสืบค้นข้อมูลได้โดยง่าย</p>\t\t\t
<p>๓. ปรับปรุงเว็บไซต์ อบรม.ปาดัง ให้สอดคล้องกับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)</p>\t<p>ปรับปรุงเว็บไซต์และอัปเดตข้อมูลให้สอดคล้องกับแนวทางการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ(ITA) เช่น</p> <ul style="list-style-type: none"> - จัดให้มีช่องทางร้องเรียนการทุจริตแยกจากช่องทางกรร้องเรียนทั่วไป - ปรับปรุงข้อมูลผู้บริหารให้ครบถ้วนทั้ง ชื่อ – สกุล ตำแหน่ง รูปถ่าย และช่องทางการติดต่อ -จัดให้มีช่องทางการปฏิสัมพันธ์กับผู้รับบริการและประชาชนทั่วไป - จัดให้มีบริการผ่านระบบ e-service \t<ol style="list-style-type: none"> ๑. สำนักปลัด ๒. กองคลัง ๓. กองการศึกษาฯ ๔. กองช่าง ๕. กองสาธารณสุขฯ \t<p>ต.ค.๖๘ ถึง ก.ย.๖๙</p>\t<p>รายงานผลการดำเนินการผ่านเว็บไซต์ patueng.go.th และรายงานความก้าวหน้าทุก ๖ เดือน และสรุปผลสิ้นปีงบประมาณ</p>
<p>๔. ผู้บริหารควรแสดงเจตจำนงและให้คำมั่นสัญญาว่าจะปฏิบัติงานด้วยความซื่อสัตย์สุจริต โปร่งใส และเป็นไปตามหลักธรรมาภิบาล และขับเคลื่อนแผนปฏิบัติการป้องกันปราบปรามการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. ๒๕๖๙ และแผนการเสริมสร้างวินัยคุณธรรม จริยธรรม และป้องกันการทุจริต ประจำปี พ.ศ. ๒๕๖๙ อย่างต่อเนื่อง</p>\t<p>๑. ผู้บริหาร อบต.ฯ ได้มีการแสดงเจตจำนง หรือคำมั่นสัญญาว่าจะปฏิบัติงานด้วยความซื่อสัตย์สุจริต โปร่งใส และเป็นไปตามหลักธรรมาภิบาล ตั้งแต่ สำนักงาน ป.ป.ช. ได้ กำหนดให้ดำเนินการแล้ว และมีการเผยแพร่โดยออกเป็นประกาศ ติดบอร์ดประชาสัมพันธ์หน้าสำนักงาน, จัดทำหนังสือแจ้งผู้นำชุมชน, และเผยแพร่ผ่านเว็บไซต์ของ อบต.ฯ ตั้งแต่ปีงบประมาณ ๒๕๖๑</p> <p>๒. ผู้บริหาร และพนักงาน อบต. ได้ร่วมลงนามในบันทึกข้อตกลงการแสดงเจตจำนงฯ ทุกปีงบประมาณ</p> <p>๓. ขับเคลื่อนแผนปฏิบัติการป้องกันปราบปรามการทุจริตและประพฤติมิชอบ ประจำปีงบประมาณ พ.ศ. ๒๕๖๙ และแผนการเสริมสร้างวินัยคุณธรรม จริยธรรม และป้องกันการทุจริต ประจำปี พ.ศ. ๒๕๖๙ อย่างต่อเนื่อง มีการติดตามประเมินผลตามแผนฯ และรายงานผลต่อสภาท้องถิ่น และประชาชนทราบ ทุก ๖ เดือน</p>\t<p>๑. สำนักปลัด ๒. กองคลัง ๓. กองการศึกษาฯ ๔. กองช่าง ๕. กองสาธารณสุขฯ</p>\t<p>ต.ค.๖๘ ถึง ก.ย.๖๙</p>\t<p>รายงานความก้าวหน้าทุก ๖ เดือน และสรุปผลสิ้นปีงบประมาณ</p>
<p>๖. ยกระดับการดำเนินการเพื่อป้องกันการทุจริต</p>\t<p>๑. จัดประชุมเตรียมความพร้อมเข้ารับการประเมิน ITA ก่อนจะศึกษาและวิเคราะห์ผลการประเมินของปีที่ผ่านมาเพื่อกำหนดแนวทางการปรับปรุงและพัฒนา</p> <p>๒. จัดทำแนวทางการปฏิบัติตามมาตรการภายใน และให้มีการกำกับติดตามการนำไปปฏิบัติอย่างเป็นรูปธรรม</p> <p>๓. พัฒนาทักษะ ความรู้ความสามารถของบุคลากร ผู้ดูแลเว็บไซต์ของหน่วยงานในการปรับปรุงระบบให้ทันสมัยและมีการติดต่อสื่อสารผ่านเว็บไซต์ได้อย่างรวดเร็วและมีประสิทธิภาพ</p>\t<p>๑. สำนักปลัด</p> <p>๒. กองคลัง</p> <p>๓. กองการศึกษาฯ</p> <p>๔. กองช่าง</p> <p>๕. กองสาธารณสุขฯ</p>\t<p>ต.ค.๖๘ ถึง ก.ย.๖๙</p>\t<p>รายงานความก้าวหน้าทุก ๖ เดือน และสรุปผลสิ้นปีงบประมาณ</p>
<p>๗. การเสริมสร้างความรู้ความเข้าใจในดำเนินการตามมาตรการส่งเสริมคุณธรรม และความโปร่งใส และเตรียมความพร้อมสำหรับการเข้ารับการประเมินคุณธรรมและความโปร่งใสครั้งต่อไป</p>\t<p>๑. จัดประชุม หรือจัดกิจกรรมอบรมให้ความรู้ ความเข้าใจแก่เจ้าหน้าที่ที่เกี่ยวข้องเกี่ยวกับการดำเนินการตามมาตรการและการประเมินคุณธรรมและความโปร่งใส</p> <p>๒. ประเมินผลหลังจากเสร็จสิ้นกิจกรรม</p> <p>๓. แจ้งมาตรการและการประเมินคุณธรรมและความโปร่งใสให้บุคลากรทราบและถือปฏิบัติ และส่งเสริมให้บุคลากรเข้าร่วมกิจกรรมมีส่วนร่วมในการตรวจสอบการดำเนินงานของ อบต.</p>\t<p>สำนักปลัด</p>\t<p>มี.ค. ๖๙</p>\t<p>รายงานสรุปผลหลังแล้วเสร็จกิจกรรม</p>
'''  # noqa: E501

# Where our records knowingly differ from the extracted text: a table cell's word split across its
# lines by the extraction ("กอง … คลัง"), corrected in data/build and listed in the workbook's remarks.
# Spaces never count: the extraction turned every line wrap inside a cell into a space.
EXTRACTION_FIXES = {("2568", "3", "owner"): [("กอง๒.", "กองคลัง๒."), ("ราชการคลัง", "ราชการ")]}


def flat(text: str) -> str:
    """Returns the text without markup and whitespace (cells compare like this)."""
    return "".join(re.sub(r"<[^>]+>", " ", text).split())


def report_rows(excerpt: str) -> list[list[str]]:
    """Returns the excerpt's table rows as lists of cells."""
    return [line.split("\t") for line in excerpt.splitlines() if line.strip()]


def fixed(year: str, number: str, field: str, text: str) -> str:
    for old, new in EXTRACTION_FIXES.get((year, number, field), []):
        assert old in text, (old, text)
        text = text.replace(old, new)
    return text


def test_the_excerpts_are_the_reports_own_lines():
    # Only where the report's text file is at hand (the excerpts above are what the tests rely on).
    if SOURCE.exists():
        lines = set(SOURCE.read_text(encoding="utf-8").splitlines())
        for excerpt in (REPORT_O28_2568, REPORT_O27_2569):
            assert set(excerpt.splitlines()) <= lines


def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ita", "report", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _table(path: Path, index: int = -1) -> list[list[str]]:
    """Returns a table's rows; -1 is the measures table, the last one but O28's signature blocks."""
    tables = [t for t in plain_docx(path).tables if len(t.rows) > 1 or index != -1]
    return [[c.text for c in row.cells] for row in tables[index].rows]


def _o28_rows(path: Path) -> list[list[str]]:
    """Returns O28's report table as the Excel file holds it (Word prints a block per measure): the
    header, then one row per measure, its number written in the document's digits."""
    ws = openpyxl.load_workbook(path)["รายงานผล"]
    head = next(r for r in range(1, 8) if ws.cell(r, 1).value == "ลำดับ")
    rows = [[ws.cell(head, j).value for j in range(1, 11)]]
    r = head + 1
    while isinstance(ws.cell(r, 1).value, int):
        rows.append([D.program_text(str(ws.cell(r, 1).value), "thai")] +
                    [ws.cell(r, j).value or "" for j in range(2, 11)])
        r += 1
    return rows


def test_fy2568_reproduces_the_reports_three_measures_and_results(tmp_path: Path):
    proc = run(PATUENG_XLSX, "--year", "2568", "--out", tmp_path / "out", "--date", "21/10/2568")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    for name in FILES:
        assert (out / name.format(y=2568)).stat().st_size > 5000
        assert str(out / name.format(y=2568)) in proc.stdout
    rows = _o28_rows(out / "O28_2568.xlsx")
    assert rows[0] == list(D.O28_COLUMNS)
    assert [r[1] for r in rows[1:]] == [
        "มาตรการเสริมสร้างความซื่อสัตย์สุจริต และปลูกฝังทศนคติ วัฒนธรรมที่ดีในการต่อต้านการทุจริต",
        "มาตรการเปิดโอกาสให้ประชาชนมีส่วนร่วมและเผยแพร่การทำงานขององค์การบริหารส่วนตำบลป่าตึง",
        "มาตรการกำกับดูแลและตรวจสอบการใช้ทรัพย์สินของราชการ",
    ]
    assert "ภายใต้โครงการ เพิ่มศักยภาพเจ้าหน้าที่ท้องถิ่น" in rows[1][6]
    assert [r[7] for r in rows[1:]] == ["แล้วเสร็จ*"] * 3
    written = plain_docx(out / "O28_2568.docx")
    blocks = [c.text for c in written.tables[-1].rows[0].cells]  # the reporter and the head, side by side
    assert all(b.startswith("ณ วันที่ ๒๑ ตุลาคม พ.ศ. ๒๕๖๘") for b in blocks)
    assert "(นางสาวกนกพร โภชนพันธ์)" in blocks[0] and "(นายณัฐกรณ์ ใจรังสี)" in blocks[1]
    ws = openpyxl.load_workbook(out / "O28_2568.xlsx")["รายงานผล"]
    assert [ws.cell(r, 1).value for r in (3, 4, 5)] == [1, 2, 3]  # numbers, shown in Thai digits by the format


def test_fy2568_o28_every_cell_as_in_the_report(tmp_path: Path):
    proc = run(PATUENG_XLSX, "--year", "2568", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    # Without --date each document carries its default date (within its fiscal year).
    o27 = "\n".join(p.text for p in plain_docx(tmp_path / "O27_2568.docx").paragraphs)
    assert f"ณ วันที่ {D.thai_long_date(D.default_date('O27', 2568), 'thai')}" in o27
    o28 = plain_docx(tmp_path / "O28_2568.docx").tables[-1].rows[0].cells[0].text
    assert o28.startswith(f"ณ วันที่ {D.thai_long_date(D.default_date('O28', 2568), 'thai')}")
    printed = report_rows(REPORT_O28_2568)
    assert [r[0] for r in printed] == ["๑", "๒", "๓"]
    fields = ("number", "title", "how", "period", "owner", "summary", "results")
    for path in (tmp_path / "O28_2568.xlsx",):
        ours = _o28_rows(path)[1:]
        assert len(ours) == len(printed) == 3
        for mine, theirs in zip(ours, printed, strict=True):
            for j, field in enumerate(fields):
                expected = fixed("2568", to_arabic(theirs[0]), field, flat(theirs[j]))
                assert flat(mine[j]) == expected, (theirs[0], field, mine[j])
                # No cell line ends (or starts) with a space: it shows as a gap in a justified cell.
                assert all(line == line.strip() for line in mine[j].split("\n")), (field, mine[j])
            # The report prints no status column; its FY2568 status is inferred (a finished year), so marked.
            assert mine[7] == "แล้วเสร็จ*"
    ws = openpyxl.load_workbook(tmp_path / "O28_2568.xlsx")["รายงานผล"]
    for i, theirs in enumerate(printed):
        row = [ws.cell(3 + i, j + 1).value for j in range(8)]
        # The measure's number is a number in Excel, shown in Thai digits by its format.
        assert isinstance(row[0], int) and ws.cell(3 + i, 1).number_format == "[$-D00041E]0"
        row[0] = str(row[0]).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        for j, field in enumerate(fields):
            assert flat(row[j]) == fixed("2568", to_arabic(theirs[0]), field, flat(theirs[j])), (theirs[0], field)
            assert row[j] == row[j].strip()


def to_arabic(text: str) -> str:
    return text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))


def test_fy2569_o27_titles_owners_periods_and_followup_as_in_the_report(tmp_path: Path):
    proc = run(PATUENG_XLSX, "--year", "2569", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    # A row whose first cell is empty continues the measure above it over a page break (measure ๒).
    printed = [r for r in report_rows(REPORT_O27_2569) if flat(r[0])]
    ours = _table(tmp_path / "O27_2569.docx")[1:]
    assert [flat(r[0])[:2] for r in printed] == ["๑.", "๒.", "๓.", "๔.", "๖.", "๗."]
    assert len(ours) == len(printed)
    for mine, theirs in zip(ours, printed, strict=True):
        assert flat(mine[0]) == flat(theirs[0])  # numbered title
        assert flat(mine[2]) == flat(theirs[2])  # owners
        assert flat(mine[3]) == flat(theirs[3])  # period
        assert flat(mine[4]) == flat(theirs[4])  # การติดตามผล
        if not flat(theirs[0]).startswith("๒."):  # measure ๒'s method runs on over the page break
            assert flat(mine[1]) == flat(theirs[1])
    assert "patueng.go.th" in ours[2][4]
    ws = openpyxl.load_workbook(tmp_path / "O27_2569.xlsx")["มาตรการ"]
    header = next(r for r in range(1, 6) if ws.cell(r, 1).value == "มาตรการ/แนวทาง")
    for i, theirs in enumerate(printed, start=header + 1):
        assert [flat(ws.cell(i, j).value) for j in (1, 3, 4, 5)] == [flat(theirs[j]) for j in (0, 2, 3, 4)]


def test_fy2568_o27_says_when_the_report_gives_no_follow_up(tmp_path: Path):
    # The FY2568 table has no follow-up column: the cell says so rather than stay blank.
    proc = run(PATUENG_XLSX, "--year", "2568", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert [r[4] for r in _table(tmp_path / "O27_2568.docx")[1:]] == [D.NOT_STATED] * 3
    ws = openpyxl.load_workbook(tmp_path / "O27_2568.xlsx")["มาตรการ"]
    values = [ws.cell(r, 5).value for r in range(1, ws.max_row + 1)]
    assert values.count(D.NOT_STATED) == 3


def test_fy2569_holds_its_measures(tmp_path: Path):
    proc = run(PATUENG_XLSX, "--year", "๒๕๖๙", "--out", tmp_path, "--agency", "ป่าตึง")
    assert proc.returncode == 0, proc.stderr
    rows = _table(tmp_path / "O27_2569.docx")
    assert [r[0].split(".")[0] for r in rows[1:]] == ["๑", "๒", "๓", "๔", "๖", "๗"]
    results = _table(tmp_path / "O27_2569.docx", 0)
    assert results[1] == ["คะแนนรวม", "๙๐.๓๖", "๙๘.๘๐", "+๘.๔๔"]
    assert "มาตรการ 6 มาตรการ" in proc.stdout
    # What the page shows before a download, the command prints after the paths.
    notes = proc.stdout.split("O28_2569.xlsx\n", 1)[1].splitlines()
    assert notes[:2] == [
        "หมายเหตุ O27: กรอบการประเมินยังไม่ระบุรหัสข้อของเอกสารนี้สำหรับปี 2569 จึงใช้รหัสข้อ O27 ของปี 2568 "
        "(ปีใกล้ที่สุดที่มี)",
        "หมายเหตุ O28: มีคำว่า “ร่าง” กำกับทุกหน้า เพราะ สถานะของมาตรการทุกข้อยังเป็นค่าเริ่มต้น “ยังไม่เริ่ม” "
        "และยังไม่มีการบันทึกความก้าวหน้า",
    ]
    assert "หมายเหตุ O27: ผลการประเมินปี 2568 มีเฉพาะคะแนนรวม" in notes[3]
    assert ("คำที่อาจพิมพ์ผิด (เอกสารพิมพ์ตามที่บันทึกไว้): “เพชบุ๊ก” (มาตรการลำดับที่ 2 · วิธีการดำเนินการ, 3 ครั้ง) "
            "น่าจะเป็น “เฟซบุ๊ก”") in notes


def test_fy2568_dated_after_its_year_prints_no_draft_note(tmp_path: Path):
    proc = run(PATUENG_XLSX, "--year", "2568", "--out", tmp_path, "--date", "2025-10-15")
    assert proc.returncode == 0, proc.stderr
    assert "ร่าง" not in proc.stdout and "หมายเหตุ O28" not in proc.stdout
    early = run(PATUENG_XLSX, "--year", "2568", "--out", tmp_path, "--date", "2025-06-01")
    assert "หมายเหตุ O28: มีคำว่า “ร่าง” กำกับทุกหน้า เพราะ ลงวันที่ ๑ มิถุนายน พ.ศ. ๒๕๖๘ ก่อนสิ้นปีงบประมาณ ๒๕๖๘" in early.stdout


def test_arabic_digits_and_fictional_label(tmp_path: Path):
    proc = run(DEMO_XLSX, "--year", "2569", "--out", tmp_path, "--digits", "arabic")
    assert proc.returncode == 0, proc.stderr
    assert "ข้อมูลสมมุติ" in proc.stdout
    d = plain_docx(tmp_path / "O27_2569.docx")
    assert "ข้อมูลสมมุติ" in d.paragraphs[0].text
    assert "91.93" in "\n".join(p.text for p in d.paragraphs)


def test_bad_inputs_get_a_thai_message_and_an_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    cases = [
        ((PATUENG_XLSX, "--year", "2575", "--out", tmp_path), 1, "ไม่มีมาตรการของปีงบประมาณ 2575"),
        ((PATUENG_XLSX, "--year", "สองห้าหก", "--out", tmp_path), 2, "อ่านปี"),
        ((PATUENG_XLSX, "--year", "2569", "--out", tmp_path, "--agency", "อบต.ไม่มีจริง"), 1, "ไม่พบหน่วยงาน"),
        ((PATUENG_XLSX, DEMO_XLSX, "--year", "2569", "--out", tmp_path), 1, "ระบุด้วย --agency"),
        ((PATUENG_XLSX, "--year", "2569", "--out", blocker), 1, "มีไฟล์ชื่อนี้อยู่แล้ว"),
        ((PATUENG_XLSX, "--year", "2569", "--out", blocker / "sub"), 1, "เขียนไฟล์ลงโฟลเดอร์"),
        ((tmp_path / "missing.xlsx", "--year", "2569", "--out", tmp_path), 1, "ไม่พบไฟล์"),
        ((PATUENG_XLSX, "--year", "2569", "--out", tmp_path, "--date", "31/02/2568"), 2, "ไม่มีวันที่"),
        ((PATUENG_XLSX, "--year", "2569", "--out", tmp_path, "--digits", "roman"), 2, "invalid choice"),
    ]
    # In-process (the subprocess tests above cover the real entry point): each case takes milliseconds.
    for args, code, message in cases:
        try:
            returned = main(["report", *map(str, args)])
        except SystemExit as exc:  # argparse's own usage errors
            returned = exc.code
        err = capsys.readouterr().err
        assert returned == code, (args, err)
        assert message in err, (args, err)
        assert "Traceback" not in err
    assert not list(tmp_path.glob("O2*"))  # nothing written by a refused command


def test_report_says_which_texts_lose_their_control_characters(tmp_path: Path, monkeypatch, capsys):
    # Issue 11, case 8. The template reader gives no control character today (openpyxl keeps `_x000B_`
    # as it is written), but a reader that decodes it would, so the dataset is given directly.
    from ita.cli import report
    from ita.core.model import Dataset
    from tests.unit.doc_samples import plan_dataset

    ds = plan_dataset(2)
    measures = ds["measures"].copy()
    measures.loc[0, "title"] = "มาตรการ\x0bพิเศษ\x01"
    monkeypatch.setattr(report, "read_inputs", lambda *a: Dataset({**ds.tables, "measures": measures}))
    assert main(["report", "any.xlsx", "--year", "2569", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "อักขระควบคุม" in err and "มาตรการ ปี 2569 ลำดับ 1 · มาตรการ/แนวทาง" in err
    titles = [c.text for t in plain_docx(tmp_path / "O28_2569.docx").tables for row in t.rows for c in row.cells]
    assert "มาตรการที่ ๑ มาตรการ\nพิเศษ" in titles


def test_pdf_writes_o27_and_o28_pdfs_in_the_chosen_font(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    import zipfile

    import pypdfium2 as pdfium

    assert main(["report", str(PATUENG_XLSX), "--year", "2569", "--out", str(tmp_path), "--pdf",
                 "--font", "TH SarabunPSK"]) == 0
    out = capsys.readouterr().out
    for kind in ("O27", "O28"):
        pdf = tmp_path / f"{kind}_2569.pdf"
        assert str(pdf) in out
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and len(pdfium.PdfDocument(data)) >= 1
        with zipfile.ZipFile(tmp_path / f"{kind}_2569.docx") as z:
            assert 'w:cs="TH SarabunPSK"' in z.read("word/styles.xml").decode()


def test_pdf_without_libreoffice_exits_1_in_thai_and_writes_nothing(tmp_path: Path, monkeypatch, capsys):
    from ita.documents import pdf

    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(pdf, "SOFFICE_CANDIDATES", ())
    assert main(["report", str(PATUENG_XLSX), "--year", "2569", "--out", str(tmp_path), "--pdf"]) == 1
    err = capsys.readouterr().err
    assert pdf.MISSING_TH in err and "Traceback" not in err
    assert not list(tmp_path.glob("O2*"))
    with pytest.raises(SystemExit):
        main(["report", str(PATUENG_XLSX), "--year", "2569", "--out", str(tmp_path), "--font", "Angsana New"])
