"""The app's own workbook template: one sheet per table, Thai headers.

Each table is described once here; the Excel writer, the reader, the validator and the
bundled-data builder all work from these descriptions, so a column is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal["text", "int", "score", "year", "date", "indicators", "bool"]

# The fixed five-step status scale for measures (used by the store and the documents too).
MEASURE_STATUSES: tuple[str, ...] = (
    "ยังไม่เริ่ม",
    "เริ่มแล้ว",
    "ดำเนินการบางส่วน",
    "ดำเนินการเกือบแล้วเสร็จ",
    "แล้วเสร็จ",
)

# The two states the agency's own report uses for OIT items and improvement approaches.
ITEM_STATUSES: tuple[str, ...] = ("ยังไม่ได้ดำเนินการ", "ดำเนินการ")

# Confidence tags of DOMAIN.md: confirmed, weak (one secondary source), unconfirmed.
CONFIDENCES: tuple[str, ...] = ("C", "W", "U")

YES, NO = "ใช่", "ไม่ใช่"


@dataclass(frozen=True)
class Column:
    """One column of a template sheet: its key in pandas, its Thai header, its kind."""

    key: str
    header: str
    kind: ColumnKind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    width: int = 18


@dataclass(frozen=True)
class Table:
    """One sheet of the template; `unique` names the columns that identify a row."""

    key: str
    sheet: str
    title_en: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()
    description: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


AGENCY = Column("agency", "หน่วยงาน", required=True, width=28)
YEAR = Column("year", "ปีงบประมาณ", "year", required=True, width=12)
SOURCE = Column("source", "แหล่งที่มา", width=40)
NOTE = Column("note", "หมายเหตุ", width=30)
# What an agency is, for comparing it with its peers (ita.core.peers); all optional. A wide file may carry
# them in columns of these headers (ita.storage.excel), the same in every row of one agency.
AGENCY_ATTRIBUTES: tuple[Column, ...] = (
    Column("kind", "ประเภทหน่วยงาน", width=14),
    Column("district", "อำเภอ"),
    Column("province", "จังหวัด"),
    # อบต. are grouped L/M/S by the Department of Local Administration (DOMAIN.md §7); blank where unknown.
    Column("size", "ขนาด", width=8),
    Column("ministry", "กระทรวง", width=24),
)
# The agency's signers and address line, as its documents print them (ita.documents.content).
AGENCY_SETTINGS: tuple[Column, ...] = (
    Column("head_name", "ชื่อหัวหน้าหน่วยงาน", width=26),
    Column("head_position", "ตำแหน่งหัวหน้าหน่วยงาน", width=30),
    Column("preparer_name", "ชื่อผู้จัดทำรายงาน", width=26),
    Column("preparer_position", "ตำแหน่งผู้จัดทำรายงาน", width=30),
    Column("address", "ที่อยู่หน่วยงาน", width=40),
)

# The two texts the O28 report carries per measure (the measures table) and for the whole year (the
# reports table): problems and obstacles met, and suggestions.
REPORT_TEXTS: tuple[Column, ...] = (
    Column("problems", "ปัญหา/อุปสรรค", width=50),
    Column("suggestions", "ข้อเสนอแนะ", width=50),
)

TABLES: tuple[Table, ...] = (
    Table(
        "agencies",
        "หน่วยงาน",
        "Agencies",
        (
            AGENCY,
            *AGENCY_ATTRIBUTES[:3],
            Column("fictional", "ข้อมูลสมมุติ", "bool", required=True, choices=(YES, NO), width=12),
            # The agency's settings for its documents (optional: a workbook without them still reads):
            # who approves O27 and acknowledges O28 (the head), who prepares O28, the address line.
            *AGENCY_SETTINGS,
            SOURCE,
            NOTE,
            # Added later (size, ministry): last, so a sheet written before them still reads column by column.
            *AGENCY_ATTRIBUTES[3:],
        ),
        unique=("agency",),
        description=("รายชื่อหน่วยงาน หน่วยงานที่เป็นข้อมูลสมมุติต้องระบุ 'ใช่' "
                     "ชื่อและตำแหน่งของหัวหน้าหน่วยงานและผู้จัดทำรายงานใช้ลงนามท้ายเอกสาร O27/O28 (เว้นว่างได้)"),
    ),
    Table(
        "units",
        "ส่วนงาน",
        "Units of the agency",
        (AGENCY, Column("unit", "ส่วนงาน", required=True, width=24), SOURCE),
        unique=("agency", "unit"),
        description="สำนัก/กองของหน่วยงาน ใช้เป็นผู้รับผิดชอบมาตรการ",
    ),
    Table(
        "results",
        "ผลรวมรายปี",
        "Yearly results",
        (
            AGENCY,
            YEAR,
            Column("IIT", "IIT", "score", width=9),
            Column("EIT", "EIT", "score", width=9),
            Column("OIT", "OIT", "score", width=9),
            Column("total", "คะแนนรวม", "score", width=11),
            Column("level", "ระดับ", width=14),
            SOURCE,
            NOTE,
        ),
        unique=("agency", "year"),
        description="คะแนนรวมและระดับตามที่ประกาศ (IIT/EIT/OIT ใส่เมื่อทราบ)",
    ),
    Table(
        "indicator_scores",
        "คะแนนตัวชี้วัด",
        "Indicator scores",
        (
            AGENCY,
            YEAR,
            Column("indicator", "ตัวชี้วัด", required=True, width=10),
            Column("score", "คะแนน", "score", required=True, width=10),
            SOURCE,
        ),
        unique=("agency", "year", "indicator"),
        description="คะแนนรายตัวชี้วัด ๑–๑๐ (และตัวชี้วัดย่อย เช่น 9.1) หนึ่งแถวต่อหนึ่งตัวชี้วัด",
    ),
    Table(
        "national",
        "ค่าเฉลี่ยประเทศ",
        "National figures",
        (
            YEAR,
            Column("agencies_count", "จำนวนหน่วยงาน", "int", width=14),
            Column("mean", "ค่าเฉลี่ย", "score", width=10),
            Column("share_pass", "สัดส่วนที่ได้ 85 ขึ้นไป (%)", "score", width=14),
            Column("confidence", "ความเชื่อมั่น", choices=CONFIDENCES, width=10),
            SOURCE,
            NOTE,
        ),
        unique=("year",),
        description="ผลระดับประเทศ พร้อมแหล่งที่มาและระดับความเชื่อมั่น (C ยืนยันแล้ว, W แหล่งเดียว, U ยังไม่ยืนยัน)",
    ),
    Table(
        "national_indicators",
        "ค่าประเทศรายตัวชี้วัด",
        "National indicator figures",
        (
            YEAR,
            Column("indicator", "ตัวชี้วัด", required=True, width=10),
            Column("score", "คะแนน", "score", required=True, width=10),
            Column("confidence", "ความเชื่อมั่น", choices=CONFIDENCES, width=10),
            SOURCE,
            NOTE,
        ),
        unique=("year", "indicator"),
        description="ค่าระดับประเทศรายตัวชี้วัดเท่าที่มีการเผยแพร่",
    ),
    Table(
        "oit_items",
        "รายการ OIT",
        "OIT items of the agency",
        (
            AGENCY,
            YEAR,
            Column("item", "ข้อ", required=True, width=7),
            Column("item_printed", "ข้อตามเอกสาร", width=10),
            Column("sub_indicator", "ตัวชี้วัดย่อย", width=10),
            Column("title", "ข้อมูล", width=36),
            Column("owner", "ผู้รับผิดชอบ", width=20),
            Column("status", "สถานะ", choices=ITEM_STATUSES, width=16),
            Column("progress", "ความก้าวหน้าผลการดำเนินการ", width=50),
            SOURCE,
        ),
        unique=("agency", "year", "item"),
        description="ความก้าวหน้ารายข้อ OIT ของหน่วยงาน (เลขข้อเปลี่ยนทุกปี ห้ามเทียบข้ามปีด้วยเลขข้อ)",
    ),
    Table(
        "approaches",
        "แนวทางยกระดับ",
        "Improvement approaches per indicator",
        (
            AGENCY,
            YEAR,
            Column("indicator", "ตัวชี้วัด", required=True, width=10),
            Column("approach", "แนวทางในการยกระดับ", required=True, width=50),
            Column("owner", "ผู้รับผิดชอบ", width=20),
            Column("period", "ระยะเวลา", width=18),
            Column("status", "สถานะ", choices=ITEM_STATUSES, width=16),
            Column("progress", "ความก้าวหน้าผลการดำเนินการ", width=50),
            SOURCE,
        ),
        unique=("agency", "year", "indicator"),
        description="แนวทางยกระดับผลการประเมินรายตัวชี้วัด (IIT/EIT)",
    ),
    Table(
        "measures",
        "มาตรการ",
        "Measures",
        (
            AGENCY,
            YEAR,
            Column("number", "ลำดับ", required=True, width=7),
            Column("title", "มาตรการ/แนวทาง", required=True, width=40),
            Column("indicators", "ตัวชี้วัดที่เกี่ยวข้อง", "indicators", width=14),
            Column("weakness", "จุดอ่อนหรือประเด็นที่แก้ไข", width=40),
            Column("method", "วิธีการดำเนินการ", width=50),
            Column("owner_text", "ผู้รับผิดชอบ (ตามเอกสาร)", width=30),
            Column("units", "ส่วนงานที่รับผิดชอบ", width=30),
            Column("period", "ระยะเวลาดำเนินการ", width=18),
            Column("followup", "การติดตามผล", width=30),
            Column("budget", "งบประมาณ", width=14),
            Column("target", "คะแนนเป้าหมาย", "score", width=10),
            Column("status", "สถานะ", choices=MEASURE_STATUSES, width=18),
            Column("summary", "สรุปผลการดำเนินการ", width=50),
            Column("results", "ผลลัพธ์หรือความสำเร็จ", width=50),
            # What the O28 report says of the measure besides its results (optional; written on the
            # progress page by the measure's unit heads or the planner: Store.save_measure_report).
            *REPORT_TEXTS,
            Column("updated", "ปรับปรุงล่าสุด", "date", width=12),
            SOURCE,
            NOTE,
        ),
        unique=("agency", "year", "number"),
        description="มาตรการของแต่ละปีงบประมาณ ส่วนงานหลายส่วนคั่นด้วย ';' ตัวชี้วัดหลายตัวคั่นด้วย ','",
    ),
    Table(
        "progress",
        "ความก้าวหน้ามาตรการ",
        "Progress log of measures",
        (
            AGENCY,
            YEAR,
            Column("number", "ลำดับมาตรการ", required=True, width=10),
            Column("date", "วันที่", "date", required=True, width=12),
            Column("text", "ความก้าวหน้า", required=True, width=50),
            Column("evidence", "ลิงก์หลักฐาน", width=30),
            Column("author", "ผู้รายงาน", width=18),
            SOURCE,
        ),
        unique=(),
        description="บันทึกความก้าวหน้าของมาตรการ ลงวันที่",
    ),
    Table(
        "reports",
        "ปัญหาและข้อเสนอแนะ",
        "Problems and suggestions of the year's report",
        (AGENCY, YEAR, *REPORT_TEXTS, SOURCE),
        unique=("agency", "year"),
        description=("ปัญหา/อุปสรรค และข้อเสนอแนะภาพรวมของรายงานผลการดำเนินการตามมาตรการ (O28) "
                     "ของปีงบประมาณนั้น หนึ่งแถวต่อหนึ่งปี (ของแต่ละมาตรการอยู่ในชีต 'มาตรการ')"),
    ),
    Table(
        "remarks",
        "ข้อสังเกต",
        "Remarks on the source documents",
        (
            AGENCY,
            Column("year", "ปีงบประมาณ", "year", width=12),
            Column("topic", "เรื่อง", required=True, width=24),
            Column("remark", "ข้อสังเกต", required=True, width=60),
            SOURCE,
        ),
        unique=(),
        description="สิ่งที่ควรทราบเกี่ยวกับเอกสารต้นทาง เช่น เลขข้อซ้ำหรือมาตรการที่ไม่มีในเอกสาร",
    ),
)

TABLES_BY_KEY: dict[str, Table] = {t.key: t for t in TABLES}
TABLES_BY_SHEET: dict[str, Table] = {t.sheet: t for t in TABLES}

INFO_SHEET = "คำอธิบาย"
LISTS_SHEET = "รายการเลือก"

# Separators inside one cell: several units, several indicators.
UNIT_SEP = ";"
INDICATOR_SEP = ","
