"""The official documents as plain data: O27 (the analysis of year Y−1 and the measures of year Y)
and O28 (the report on the measures of year Y), ready to be laid out in Word or Excel.

Every text in a document model is final: numbers, dates, years and numbering are written in the
chosen digits (Thai by default, as the agencies' own documents write them), and text that a person
typed is kept as typed — only its Thai digits become Arabic ones when Arabic digits are asked for
(Arabic digits inside typed text are never turned Thai, since they may be part of a web address or a
code such as "O27"). Scores stay numbers too, for the Excel chart. Nothing here invents a score: an
agency with totals only gets a document that says so and names the weaknesses its measures record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

import pandas as pd

from ita.core.analysis import agency_years, indicator_table
from ita.core.framework import TOOLS, DocumentItem, Framework
from ita.core.model import Dataset
from ita.core.review import FICTION_NOTE, INFERRED_LEAD, IndicatorChange, Review, review
from ita.core.rules import inferred_status, is_carried_source
from ita.core.sanitise import dataset_control_fields, typed_control_fields
from ita.core.schema import MEASURE_STATUSES
from ita.core.scoring import YearResult
from ita.core.text import as_text, is_blank, split_units
from ita.core.thai import (
    THAI_MONTHS_FULL,
    fiscal_year_bounds,
    format_number,
    format_thai_date,
    parse_thai_date,
    to_arabic_digits,
)
from ita.core.thai import to_thai_digits as _to_thai
from ita.services.plan import DONE

Digits = Literal["thai", "arabic"]
DIGITS: tuple[str, ...] = ("thai", "arabic")

FICTIONAL_LABEL = "ข้อมูลสมมุติ — เอกสารนี้สร้างจากข้อมูลสมมุติเพื่อการสาธิต ไม่ใช่ผลการประเมินจริง ห้ามเผยแพร่"

# The three analysis headings the ITA manual requires of O27 (agency report, item ๐๒๗).
HEADINGS: tuple[str, str, str] = (
    "ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน",
    "ประเด็นที่จะต้องพัฒนาให้ดีขึ้น",
    "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ",
)

# The columns of the agency's own tables (source/000_df50eb1001732c1f.txt): the FY2569 measures
# table (O27) and the FY2568 report table (O28); O28 adds the status of each measure.
O27_COLUMNS: tuple[str, ...] = ("มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การติดตามผล")
O28_COLUMNS: tuple[str, ...] = (
    "ลำดับ",
    "มาตรการ/กิจกรรม",
    "วิธีดำเนินการ",
    "ระยะเวลาในการดำเนินการ",
    "ผู้รับผิดชอบ",
    "สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม",
    "ผลลัพธ์หรือความสำเร็จในการดำเนินการ",
    "สถานะ",
    "ปัญหา/อุปสรรค",
    "ข้อเสนอแนะ",
)
# O28 in Word prints each measure as a block of labelled rows (wide text, no narrow columns).
O28_BLOCK_LABELS: tuple[str, ...] = (
    "ประเด็นที่แก้ไข",
    "วิธีดำเนินการ",
    "ระยะเวลา",
    "ผู้รับผิดชอบ",
    "สถานะ",
    "ผลการดำเนินการ",
    "ผลลัพธ์/ความสำเร็จ",
    "ปัญหา/อุปสรรค",
    "ข้อเสนอแนะ",
)
OVERALL_HEADING = "ปัญหา/อุปสรรค และข้อเสนอแนะในภาพรวม"
RESULT_COLUMNS: tuple[str, ...] = ("ตัวชี้วัด", "ปี {before}", "ปี {after}", "เปลี่ยนแปลง")
# The review of the previous plan year in O27 (ita.core.review): one row per measure of that plan.
REVIEW_COLUMNS: tuple[str, ...] = ("ลำดับ", "มาตรการ", "สถานะ", "ตัวชี้วัดที่มุ่ง", "คะแนนที่เปลี่ยน {before} → {after}")
# What the review's change cell says for an agency with totals only (as the review page says it).
NO_INDICATOR_SCORES = "ไม่มีคะแนนรายตัวชี้วัด"

DOTS = "................................................"
NO_RECORD = "ยังไม่มีการบันทึก"
# What a table cell says when the plan gives no follow-up (the agency's FY2568 table has none): an
# official table with an empty cell reads as an omission of the document rather than of the plan.
NOT_STATED = "ไม่ระบุ"
# The roles the signature blocks give their signers: O27 ends with the approval, O28 with the report
# and the head's acknowledgement (as the agency's own memo: the preparer proposes, the นายก approves).
APPROVER = "ผู้อนุมัติ"
REPORTER = "ผู้รายงาน"
ACKNOWLEDGER = "ผู้บริหารรับทราบ/อนุมัติ"


# -- digits ------------------------------------------------------------------------------------


def check_digits(digits: str) -> Digits:
    """Returns `digits` when it is 'thai' or 'arabic'; raises ValueError otherwise."""
    if digits not in DIGITS:
        raise ValueError(f'digits must be "thai" or "arabic", not {digits!r}')
    return digits  # type: ignore[return-value]


def program_text(text: str, digits: Digits) -> str:
    """Returns text the program wrote (numbers, years, numbering) in the chosen digits."""
    return _to_thai(text) if digits == "thai" else to_arabic_digits(text)


def typed_text(value: Any, digits: Digits) -> str:
    """Returns text a person typed, as typed but without spaces at the end of a line (they show as a
    stray gap in a justified Word cell); its Thai digits become Arabic when Arabic is asked for."""
    text = "\n".join(line.rstrip() for line in as_text(value).replace("\r\n", "\n").split("\n")).strip()
    return to_arabic_digits(text) if digits == "arabic" else text


def number(value: float | None, digits: Digits, sign: bool = False) -> str:
    """Returns a score with two decimals in the chosen digits ('–' when unknown)."""
    return format_number(value, digits=digits, sign=sign)


def thai_long_date(d: date, digits: Digits) -> str:
    """Returns a date the way Thai official documents write it: '๒๖ กันยายน พ.ศ. ๒๕๖๘'."""
    return program_text(f"{d.day} {THAI_MONTHS_FULL[d.month - 1]} พ.ศ. {d.year + 543}", digits)


def short_date(value: Any, digits: Digits) -> str:
    """Returns an ISO date as '๑๘ มี.ค. ๒๕๖๘' ('' when blank, the text itself when unreadable)."""
    text = as_text(value)
    if not text:
        return ""
    try:
        return format_thai_date(parse_thai_date(text[:10]), digits=digits, style="abbr")
    except ValueError:
        return typed_text(text, digits)


# -- the model ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """The three analysis texts of O27, in the order of HEADINGS."""

    urgent: str
    improve: str
    approach: str

    def texts(self) -> tuple[str, str, str]:
        return (self.urgent, self.improve, self.approach)

    def overridden(self, overrides: Mapping[str, str | None] | None, digits: Digits) -> Analysis:
        """Returns the analysis with each non-blank override (keys urgent, improve, approach) in
        place of the default; an override is typed text, so only its digits may change."""
        if not overrides:
            return self
        unknown = set(overrides) - {"urgent", "improve", "approach"}
        if unknown:
            raise KeyError(f"unknown analysis texts: {sorted(unknown)}")
        kept = {k: typed_text(v, digits) for k, v in overrides.items() if not is_blank(v)}
        return replace(self, **kept)


@dataclass(frozen=True)
class ScoreRow:
    """One row of the results table: an indicator, a tool or the total, in two years."""

    kind: Literal["indicator", "tool", "total"]
    code: str
    label: str
    before: float | None
    after: float | None
    before_text: str
    after_text: str
    change_text: str


@dataclass(frozen=True)
class MeasureRow:
    """One measure as the documents print it (every text final)."""

    number: str
    title: str
    weakness: str
    method: str
    owner: str
    period: str
    followup: str
    status: str
    summary: str
    results: str
    # INFERRED_MARK when the stored note says the status was inferred, not recorded ('' otherwise).
    status_mark: str = ""
    # The problems/obstacles and suggestions O28 reports for the measure, as typed ('' when none: what a
    # blank prints is the Word and Excel writers' choice).
    problems: str = ""
    suggestions: str = ""

    @property
    def title_numbered(self) -> str:
        """Returns '๑. title' (the O27 table's first column)."""
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def how(self) -> str:
        """Returns the O28 'วิธีดำเนินการ' cell: the weakness answered, then the method."""
        return "\n".join(t for t in (self.weakness, self.method) if t)

    def o27_cells(self) -> tuple[str, ...]:
        return (self.title_numbered, self.method, self.owner, self.period, self.followup)

    def o28_cells(self) -> tuple[str, ...]:
        return (self.number, self.title, self.how, self.period, self.owner, self.summary, self.results,
                self.status + self.status_mark, *self.report_texts())

    def report_texts(self) -> tuple[str, str]:
        """Returns the problems and suggestions as O28 prints them ("ยังไม่มีการบันทึก…" when not written)."""
        return (self.problems or f"{NO_RECORD}ปัญหา/อุปสรรค", self.suggestions or f"{NO_RECORD}ข้อเสนอแนะ")

    @property
    def o28_heading(self) -> str:
        """Returns the heading of the measure's block in O28: 'มาตรการที่ ๑ title'."""
        return f"มาตรการที่ {self.number} {self.title}" if self.number else self.title

    def o28_block(self) -> tuple[tuple[str, str], ...]:
        """Returns the measure's O28 block as (label, text) rows (O28_BLOCK_LABELS' order); the weakness
        row only when the plan names one, "ยังไม่มีการบันทึก…" for problems and suggestions not written."""
        # The owners are one line in the block's wide cell ("๑. สำนักปลัด  ๒. กองคลัง …"), not a list.
        owners = "  ".join(line.strip() for line in self.owner.split("\n") if line.strip())
        texts = (self.weakness, self.method, self.period, owners, self.status + self.status_mark, self.summary,
                 self.results, *self.report_texts())
        return tuple((label, text) for label, text in zip(O28_BLOCK_LABELS, texts, strict=True)
                     if text or label != O28_BLOCK_LABELS[0])


@dataclass(frozen=True)
class ReviewRow:
    """One measure of the previous plan year in O27's review (ita.core.review), every text final."""

    number: str
    title: str
    status: str
    # INFERRED_MARK when the status was inferred from the agency's report, not recorded ('' otherwise).
    status_mark: str
    indicators: str  # one indicator a line, with its name ("๙ การเปิดเผยข้อมูล")
    change: str  # the change of each indicator from the year before ("+๖.๒๐")

    def cells(self) -> tuple[str, str, str, str, str]:
        return (self.number, self.title, self.status + self.status_mark, self.indicators, self.change)


@dataclass(frozen=True)
class Signature:
    """One signature block: the date line, the signer's name in brackets and position (dotted lines
    when not known) and the role the block gives them ("ผู้อนุมัติ", "ผู้รายงาน", …)."""

    date_line: str
    name: str
    position: str
    role: str


@dataclass(frozen=True)
class Document:
    """O27 or O28 of one agency and fiscal year, every text final."""

    kind: Literal["O27", "O28"]
    agency: str
    year: int
    digits: Digits
    fictional: bool
    title: tuple[str, ...]
    intro: str
    before_year: int
    after_year: int
    results: tuple[ScoreRow, ...]
    results_note: str
    analysis: Analysis | None
    measures_heading: str
    measures: tuple[MeasureRow, ...]
    summary_line: str
    signatures: tuple[Signature, ...]
    # The OIT item code the document carries for its year (ita.core.framework.Framework.document_item)
    # and the note saying it was read from another year ('' when it is the year's own).
    code: str = ""
    code_note: str = ""
    # Why the document is a draft (DRAFT_LABEL on every page); () when it is not one.
    draft_reasons: tuple[str, ...] = ()
    # Notes printed under the measures table: gaps in the numbering, inferred statuses.
    measures_notes: tuple[str, ...] = ()
    # O28: the problems/obstacles and suggestions of the whole year (the reports table), as typed ('' when
    # none); O27 has none.
    problems: str = ""
    suggestions: str = ""
    # O27: the review of the previous plan year's measures (the plan of `year` − 1 against the results of
    # `year` − 2 and `year` − 1, ita.core.review): its heading, one row per measure and the summary and
    # notes under the table; ("", (), ()) when that plan has no measures (and for O28).
    review_heading: str = ""
    review_rows: tuple[ReviewRow, ...] = ()
    review_lines: tuple[str, ...] = ()

    @property
    def has_review(self) -> bool:
        return bool(self.review_rows)

    def review_columns(self) -> tuple[str, ...]:
        return tuple(program_text(c.format(before=self.before_year, after=self.after_year), self.digits)
                     for c in REVIEW_COLUMNS)

    @property
    def signature(self) -> Signature:
        """Returns the first signature block (O27: the approver; O28: the reporter)."""
        return self.signatures[0]

    @property
    def columns(self) -> tuple[str, ...]:
        return O27_COLUMNS if self.kind == "O27" else O28_COLUMNS

    def rows(self) -> list[tuple[str, ...]]:
        """Returns the measures table's rows, in plan order."""
        if self.kind == "O27":
            return [m.o27_cells() for m in self.measures]
        return [m.o28_cells() for m in self.measures]

    def result_columns(self) -> tuple[str, ...]:
        return tuple(
            program_text(c.format(before=self.before_year, after=self.after_year), self.digits) for c in RESULT_COLUMNS
        )

    @property
    def chart_rows(self) -> tuple[ScoreRow, ...]:
        """Returns the rows the chart shows: the indicators when there are any, else the total."""
        indicators = tuple(r for r in self.results if r.kind == "indicator")
        return indicators or tuple(r for r in self.results if r.kind == "total")

    def chart_title(self) -> str:
        what = "รายตัวชี้วัด" if any(r.kind == "indicator" for r in self.results) else "คะแนนรวม"
        return program_text(f"ผลการประเมิน ITA {what} ปี {self.before_year} และ {self.after_year}", self.digits)

    @property
    def fiction_label(self) -> str:
        """Returns the label every document made from fictional data carries."""
        return FICTIONAL_LABEL

    @property
    def draft(self) -> bool:
        return bool(self.draft_reasons)

    def overall(self) -> tuple[tuple[str, str], ...]:
        """Returns O28's overall problems and suggestions as (label, text), "ยังไม่มีการบันทึก…" when not
        written."""
        return (("ปัญหา/อุปสรรค", self.problems or f"{NO_RECORD}ปัญหา/อุปสรรคในภาพรวม"),
                ("ข้อเสนอแนะ", self.suggestions or f"{NO_RECORD}ข้อเสนอแนะในภาพรวม"))

    @property
    def file_stem(self) -> str:
        """Returns the file name without extension: the item code of the framework and the year, e.g.
        'O27_2569'."""
        return f"{self.code or self.kind}_{self.year}"


# -- reading the dataset -------------------------------------------------------------------------


def _agency_row(ds: Dataset, agency: str) -> dict[str, Any]:
    df = ds["agencies"]
    rows = df[df["agency"] == agency]
    return rows.iloc[0].to_dict() if len(rows) else {}


SETTING_KEYS: tuple[str, ...] = ("head_name", "head_position", "preparer_name", "preparer_position", "address")


def agency_settings(ds: Dataset, agency: str) -> dict[str, str]:
    """Returns the agency's settings for its documents (ita.core.schema.AGENCY_SETTINGS): the head's and
    the preparer's name and position and the address line, '' where the agencies table has none."""
    row = _agency_row(ds, agency)
    return {k: as_text(row.get(k)) for k in SETTING_KEYS}


def year_report(ds: Dataset, agency: str, year: int, digits: Digits) -> dict[str, str]:
    """Returns the problems/obstacles and suggestions of the agency's O28 report of `year` (the reports
    table) as typed, '' where none is stored."""
    df = ds["reports"]
    rows = df[(df["agency"] == agency) & (df["year"].astype("Int64") == int(year))]
    row = rows.iloc[0].to_dict() if len(rows) else {}
    return {k: typed_text(row.get(k), digits) for k in ("problems", "suggestions")}


def default_date(kind: Literal["O27", "O28"], year: int, today: date | None = None) -> date:
    """Returns the date a document of plan year `year` (B.E.) carries by default, within the fiscal
    year it belongs to (FY Y runs 1 Oct Y−1 to 30 Sep Y): O27 is approved before its plan year starts,
    so today within fiscal year `year` − 1 (30 Sep of `year` − 1 at the latest); O28 reports at the end
    of the plan year, so 30 Sep of `year`, or today when that is earlier (1 Oct of `year` − 1 at the
    earliest)."""
    today = today or date.today()
    start, end = fiscal_year_bounds(int(year) - 1 if kind == "O27" else int(year))
    return min(max(today, start), end)


def agency_heading(ds: Dataset, agency: str) -> str:
    """Returns the agency with its district and province when known: 'องค์การบริหารส่วนตำบลป่าตึง
    อำเภอแม่จัน จังหวัดเชียงราย' (placeholders such as '(สมมุติ)' are left out)."""
    row = _agency_row(ds, agency)
    parts = [agency]
    for prefix, key in (("อำเภอ", "district"), ("จังหวัด", "province")):
        value = as_text(row.get(key))
        if value and not value.startswith("(") and value not in agency:
            parts.append(f"{prefix}{value}")
    return " ".join(parts)


def plan_measures(ds: Dataset, agency: str, year: int) -> pd.DataFrame:
    """Returns the agency's measures of `year` in plan order (the dataset's order)."""
    df = ds["measures"]
    return df[(df["agency"] == agency) & (df["year"].astype("Int64") == int(year))].reset_index(drop=True)


def _results_by_year(ds: Dataset, agency: str, fw: Framework) -> dict[int, YearResult]:
    return {y.year: y for y in agency_years(ds, agency, fw)}


def _level_text(yr: YearResult | None) -> str:
    if yr is None:
        return ""
    if yr.level:
        return f"ระดับ “{yr.level}”"
    if yr.level_computed:
        return f"ระดับ “{yr.level_computed}” (คำนวณจากคะแนน ไม่ใช่ระดับที่ประกาศ)"
    return ""


def owner_text(measure: Mapping[str, Any]) -> str:
    """Returns the owner as the document wrote it, else the units (numbered when several)."""
    written = as_text(measure.get("owner_text"))
    if written:
        return written
    units = split_units(measure.get("units"))
    if len(units) > 1:
        return "\n".join(f"{i}. {u}" for i, u in enumerate(units, start=1))
    return units[0] if units else ""


def _log_lines(log: pd.DataFrame, digits: Digits) -> list[str]:
    lines = []
    ordered = log.assign(_d=log["date"].astype(str)).sort_values("_d", kind="stable")
    for r in ordered.itertuples(index=False):
        text = typed_text(r.text, digits)
        when = short_date(r.date, digits)
        evidence = typed_text(r.evidence, digits)
        line = f"• {when}: {text}" if when else f"• {text}"
        lines.append(line + (f" (หลักฐาน: {evidence})" if evidence else ""))
    return lines


def measure_rows(ds: Dataset, agency: str, year: int, digits: Digits) -> tuple[MeasureRow, ...]:
    """Returns the measures of the year with their progress log folded into the summary (dated,
    oldest first); a measure with nothing recorded says so instead of leaving a blank cell."""
    progress = ds["progress"]
    progress = progress[(progress["agency"] == agency) & (progress["year"].astype("Int64") == int(year))]
    out = []
    for m in plan_measures(ds, agency, year).to_dict("records"):
        number = as_text(m.get("number"))
        log = progress[progress["number"].astype(str).map(as_text) == number]
        summary_lines = [t for t in (typed_text(m.get("summary"), digits),) if t] + _log_lines(log, digits)
        status = as_text(m.get("status")) or MEASURE_STATUSES[0]
        out.append(
            MeasureRow(
                number=program_text(to_arabic_digits(number), digits),
                title=typed_text(m.get("title"), digits),
                weakness=typed_text(m.get("weakness"), digits),
                method=typed_text(m.get("method"), digits),
                owner=typed_text(owner_text(m), digits),
                period=typed_text(m.get("period"), digits),
                followup=typed_text(m.get("followup"), digits) or NOT_STATED,
                status=status,
                summary="\n".join(summary_lines) or f"{NO_RECORD}ผลการดำเนินการ",
                results=typed_text(m.get("results"), digits) or f"{NO_RECORD}ผลลัพธ์",
                status_mark=INFERRED_MARK if inferred_status(m.get("note")) else "",
                problems=typed_text(m.get("problems"), digits),
                suggestions=typed_text(m.get("suggestions"), digits),
            )
        )
    return tuple(out)


def results_rows(
    ds: Dataset, agency: str, before: int, after: int, fw: Framework, digits: Digits
) -> tuple[tuple[ScoreRow, ...], str]:
    """Returns the results table of `after` against `before` — indicators 1–10 and the tools where
    either year has them, then the total — and a note saying what is missing ('' when nothing)."""
    years = _results_by_year(ds, agency, fw)
    a, b = years.get(before), years.get(after)
    rows: list[ScoreRow] = []

    def add(kind: Any, code: str, label: str, x: float | None, y: float | None) -> None:
        change = number(y - x, digits, sign=True) if x is not None and y is not None else "–"
        rows.append(ScoreRow(kind, code, label, x, y, number(x, digits), number(y, digits), change))

    has_ind = any(r is not None and r.has_indicators for r in (a, b))
    if has_ind:
        for ind in fw.indicators:
            add("indicator", ind.code, program_text(f"ตัวชี้วัดที่ {ind.code} {ind.name_th}", digits),
                a.indicators.get(ind.code) if a else None, b.indicators.get(ind.code) if b else None)
    for t in TOOLS:
        x = a.tools.get(t) if a else None
        y = b.tools.get(t) if b else None
        if x is not None or y is not None:
            add("tool", t, f"{t} ({fw.tool(t).name_th})", x, y)
    add("total", "total", "คะแนนรวม", a.best_total if a else None, b.best_total if b else None)
    notes = []
    if not has_ind:
        notes.append("แสดงเฉพาะคะแนนรวม เนื่องจากไม่มีคะแนนรายตัวชี้วัดประกอบ")
    missing = [y for y, r in ((before, a), (after, b)) if r is None or r.best_total is None]
    if missing:
        notes.append("ไม่มีข้อมูลผลการประเมินของปี " + " และ ".join(str(y) for y in missing))
    computed = [y for y, r in ((before, a), (after, b)) if r is not None and r.total is None and r.total_computed]
    if computed:
        notes.append("คะแนนรวมของปี " + " และ ".join(str(y) for y in computed) + " คำนวณจากคะแนนตัวชี้วัด")
    return tuple(rows), program_text(" · ".join(notes), digits)


# -- the default analysis texts -------------------------------------------------------------------


def _weaknesses_recorded(ds: Dataset, agency: str, year: int, digits: Digits) -> tuple[int | None, list[str]]:
    """Returns the latest plan year up to `year` whose measures record a weakness, with them."""
    df = ds["measures"]
    mine = df[(df["agency"] == agency) & (df["year"].astype("Int64") <= int(year))]
    for y in sorted({int(v) for v in mine["year"]}, reverse=True):
        rows = plan_measures(ds, agency, y)
        named = [typed_text(w, digits) for w in rows["weakness"] if not is_blank(w)]
        if named:
            return y, named
    return None, []


def approach_lines(ds: Dataset, agency: str, year: int, fw: Framework, digits: Digits) -> list[str]:
    """Returns one line per indicator approach the agency set for fiscal year `year` (its
    'แนวทางในการยกระดับการประเมิน' table), in indicator order: '• ตัวชี้วัดที่ ๑ name: approach
    (ผู้รับผิดชอบ: owner)'; [] when it has none for that year."""
    df = ds["approaches"]
    if df.empty:
        return []
    mine = df[(df["agency"] == agency) & (df["year"].astype("Int64") == int(year))]
    names = {ind.code: ind.name_th for ind in fw.indicators}
    order = {code: i for i, code in enumerate(names)}
    out = []
    for r in sorted(mine.to_dict("records"), key=lambda r: (order.get(as_text(r["indicator"]), len(order)),
                                                            as_text(r["indicator"]))):
        code = as_text(r["indicator"])
        label = program_text(f"ตัวชี้วัดที่ {code}", digits) + (f" {names[code]}" if code in names else "")
        # The approach's numbered points go on one line: the heading's text is a list of indicators.
        text = " ".join(line for line in typed_text(r.get("approach"), digits).split("\n") if line.strip())
        owner = typed_text(r.get("owner"), digits)
        out.append(f"• {label}: {text}" + (f" (ผู้รับผิดชอบ: {owner})" if owner else ""))
    return out


def default_analysis(ds: Dataset, agency: str, year: int, fw: Framework, digits: Digits = "thai") -> Analysis:
    """Returns the default analysis texts of O27 for fiscal year `year` from the weak-point analysis
    of the results of `year` − 1: urgent = indicators below 85, to improve = 85 to below 95, both
    ranked by headroom; the approach lists the year's measures. Without indicator scores the texts say
    so and list the weaknesses the agency's measures record (with the plan year they come from)."""
    digits = check_digits(digits)
    result_year = int(year) - 1
    yr = _results_by_year(ds, agency, fw).get(result_year)
    p = lambda text: program_text(text, digits)  # noqa: E731 - a short local alias keeps the sentences readable
    n = lambda v: number(v, digits)  # noqa: E731
    approaches = approach_lines(ds, agency, int(year), fw, digits)

    if yr is not None and yr.has_indicators:
        table = indicator_table(result_year, yr.indicators, fw)

        def lines(category: str) -> list[str]:
            return [
                p(f"• ตัวชี้วัดที่ {r.indicator} {r.name_th} ({r.tool}) ได้ ") + n(r.score)
                + p(" คะแนน ยังเพิ่มคะแนนรวมได้อีก ") + n(r.headroom) + p(" คะแนน")
                for r in table.itertuples(index=False) if r.category == category
            ]

        urgent = lines("urgent")
        improve = lines("improve")
        urgent_text = (
            p(f"จากผลการประเมินปี {result_year} ตัวชี้วัดที่ได้ต่ำกว่า 85 คะแนน (เรียงตามคะแนนรวมที่ยังเพิ่มได้ มากไปน้อย):\n")
            + "\n".join(urgent)
            if urgent else p(f"จากผลการประเมินปี {result_year} ไม่มีตัวชี้วัดที่ได้ต่ำกว่า 85 คะแนน")
        )
        improve_text = (
            p(f"ตัวชี้วัดที่ได้ 85 ถึงต่ำกว่า 95 คะแนนในปี {result_year} "
              "(เรียงตามคะแนนรวมที่ยังเพิ่มได้ มากไปน้อย):\n")
            + "\n".join(improve)
            if improve else p(f"ไม่มีตัวชี้วัดที่ได้ 85 ถึงต่ำกว่า 95 คะแนนในปี {result_year} "
                              "(ตัวชี้วัดที่ไม่ต่ำกว่า 85 ได้ 95 คะแนนขึ้นไปทุกตัว) ประเด็นที่ต้องพัฒนาคือการรักษามาตรฐานไว้")
        )
    else:
        total = yr.best_total if yr else None
        if total is None:
            urgent_text = p(f"การวิเคราะห์ครั้งนี้ยังไม่มีผลการประเมินของปี {result_year} ประกอบ "
                            "จึงยังระบุจุดอ่อนจากคะแนนไม่ได้")
        else:
            # Said as the agency's own document would; the prompt to enter the indicator scores is on
            # screen (results_prompt), never in the document.
            urgent_text = (
                p(f"ผลการประเมินปี {result_year} ได้คะแนนรวม ") + n(total)
                + p(" คะแนน การวิเคราะห์ครั้งนี้ไม่มีคะแนนรายตัวชี้วัดประกอบ จึงไม่ได้จัดลำดับจุดอ่อนตามคะแนนรายตัวชี้วัด")
            )
        source_year, named = _weaknesses_recorded(ds, agency, int(year), digits)
        if named and source_year is not None:
            # The measures of plan year P answer the results of P − 1 (DOMAIN §1), so the weaknesses
            # they name are of that year, which is not `result_year` when they come from an earlier plan.
            where = "มาตรการของปีนี้" if source_year == int(year) else f"มาตรการปีงบประมาณ {source_year}"
            named_year = source_year - 1
            lead = p(f"\nประเด็นที่หน่วยงานระบุจากผลการประเมินปี {named_year} ({where}):\n")
            if named_year != result_year:
                lead = p(f"\nจึงยังไม่มีจุดอ่อนที่ระบุจากผลการประเมินปี {result_year} รายการต่อไปนี้คือ"
                         f"ประเด็นที่หน่วยงานระบุจากผลการประเมินปี {named_year} ({where}) "
                         "ควรทบทวนว่ายังเป็นจุดอ่อนอยู่หรือไม่:\n")
            urgent_text += lead + "\n".join(f"• {w}" for w in named)
        if total is None:
            improve_text = p("ยังระบุประเด็นที่ต้องพัฒนาจากคะแนนไม่ได้ เพราะยังไม่มีข้อมูลผลการประเมิน")
        else:
            gap = (p(" ต่ำกว่าเกณฑ์ผ่าน ") + n(fw.pass_mark - total) + p(" คะแนน")) if total < fw.pass_mark else ""
            improve_text = (
                p(f"คะแนนรวมปี {result_year} ได้ ") + n(total) + p(" คะแนน ยังห่างจากคะแนนเต็ม ")
                + n(100 - total) + p(" คะแนน") + gap
            )
    if approaches:
        improve_text += (
            p(f"\nแนวทางในการยกระดับการประเมินรายตัวชี้วัดที่หน่วยงานกำหนดไว้สำหรับปีงบประมาณ {year}:\n")
            + "\n".join(approaches)
        )

    measures = plan_measures(ds, agency, int(year))
    if measures.empty:
        approach = p(f"ยังไม่ได้กำหนดมาตรการของปีงบประมาณ {year}")
    else:
        listed = []
        for m in measures.itertuples(index=False):
            codes = as_text(m.indicators)
            tail = p(f" (ตัวชี้วัดที่ {codes.replace(',', ', ')})") if codes else ""
            listed.append(p(f"{to_arabic_digits(as_text(m.number))}. ") + typed_text(m.title, digits) + tail)
        approach = (
            p(f"นำผลการวิเคราะห์ไปกำหนดมาตรการ/แนวทางในการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ {year} "
              f"จำนวน {len(measures)} มาตรการ ได้แก่\n")
            + "\n".join(listed)
            + p("\nแต่ละมาตรการกำหนดวิธีการดำเนินการ ผู้รับผิดชอบ ระยะเวลาดำเนินการ และการติดตามผลไว้ในตารางมาตรการ "
                "และรายงานผลการดำเนินการตามมาตรการเมื่อสิ้นปีงบประมาณ")
        )
    return Analysis(urgent_text, improve_text, approach)


# -- honesty: item codes, draft, inferred statuses, gaps in the numbering -------------------------

DRAFT_LABEL = "ร่าง"
INFERRED_MARK = "*"
# The role each document plays in the framework's OIT items (ita/resources/framework.json, document_items).
ROLES: dict[str, str] = {"O27": "analysis", "O28": "report"}


def item_code(fw: Framework, kind: Literal["O27", "O28"], year: int) -> DocumentItem:
    """Returns the OIT item code the document `kind` of fiscal year `year` carries, from the framework
    (the nearest year it knows, with a note, when it does not know `year`)."""
    return fw.document_item(int(year), ROLES[kind])


def _thai_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " และ " + items[-1]


def numbering_gaps(numbers: list[str]) -> list[int]:
    """Returns the whole numbers from 1 to the largest measure number that no measure carries (numbers
    that are not whole numbers are left out of the count)."""
    whole = {int(n) for n in (to_arabic_digits(as_text(v)) for v in numbers) if n.isdigit()}
    return sorted(set(range(1, max(whole) + 1)) - whole) if whole else []


def plan_defaulted(ds: Dataset, agency: str, year: int) -> bool:
    """Returns True when the plan of `year` has measures and none was ever updated: every status is
    blank or the first of the scale ("ยังไม่เริ่ม"), no measure has a summary or a result, and no
    progress entry is recorded for the year."""
    measures = plan_measures(ds, agency, int(year))
    if measures.empty:
        return False
    if any(as_text(v) not in ("", MEASURE_STATUSES[0]) for v in measures["status"]):
        return False
    if any(not is_blank(v) for col in ("summary", "results") for v in measures[col]):
        return False
    progress = ds["progress"]
    return progress[(progress["agency"] == agency) & (progress["year"].astype("Int64") == int(year))].empty


def draft_reasons(ds: Dataset, agency: str, year: int, issued: date | None, digits: Digits) -> tuple[str, ...]:
    """Returns why O28 of `year` is a draft: its plan was never updated (plan_defaulted), or it is
    dated before its plan year ends (30 Sep of `year`, B.E.); () when neither."""
    reasons = []
    if plan_defaulted(ds, agency, year):
        reasons.append(f"สถานะของมาตรการทุกข้อยังเป็นค่าเริ่มต้น “{MEASURE_STATUSES[0]}” และยังไม่มีการบันทึกความก้าวหน้า")
    end = fiscal_year_bounds(int(year))[1]
    if issued is not None and issued < end:
        reasons.append(f"ลงวันที่ {thai_long_date(issued, digits)} ก่อนสิ้นปีงบประมาณ "
                       + program_text(f"{year}", digits) + f" ({thai_long_date(end, digits)})")
    return tuple(reasons)


def results_gap(ds: Dataset, agency: str, plan_year: int, fw: Framework) -> str | None:
    """Returns what O27 of `plan_year` lacks from the results it analyses (those of `plan_year` − 1):
    "total" (no result at all), "indicators" (a total but no indicator scores), or None. The page
    prompts the user to enter them; the document itself only says what it was based on."""
    yr = _results_by_year(ds, agency, fw).get(int(plan_year) - 1)
    if yr is None or yr.best_total is None:
        return "total"
    return None if yr.has_indicators else "indicators"


def measures_notes(ds: Dataset, agency: str, year: int, digits: Digits, statuses: bool) -> tuple[str, ...]:
    """Returns the notes under the measures table: the numbers missing from the plan's numbering and,
    when the table shows `statuses`, the measures whose status was inferred, with the explanation."""
    measures = plan_measures(ds, agency, int(year))
    notes = []
    gaps = numbering_gaps(list(measures["number"]))
    if gaps:
        notes.append(program_text(f"ไม่มีมาตรการลำดับที่ {_thai_list([str(g) for g in gaps])} ในเอกสารต้นฉบับ", digits))
    # A measure carried from an earlier plan (Store.carry_forward) says so in its source; the documents name it.
    carried = [(program_text(to_arabic_digits(as_text(m.get("number"))), digits), as_text(m.get("source")))
               for m in measures.to_dict("records") if is_carried_source(m.get("source"))]
    for number, source in carried:
        notes.append(program_text(f"มาตรการลำดับที่ {number} {source} ซึ่งยังไม่แล้วเสร็จในปีนั้น", digits))
    if statuses:
        by_reason: dict[str, list[str]] = {}
        for m in measures.to_dict("records"):
            reason = inferred_status(m.get("note"))
            if reason:
                by_reason.setdefault(typed_text(reason, digits), []).append(
                    program_text(to_arabic_digits(as_text(m.get("number"))), digits))
        for reason, numbers in by_reason.items():
            notes.append(f"{INFERRED_MARK} {reason} (มาตรการลำดับที่ {_thai_list(numbers)})")
    return tuple(notes)


# -- the review of the previous plan year (O27) ----------------------------------------------------

def _indicator_line(code: str, fw: Framework, digits: Digits) -> str:
    """Returns '๙ การเปิดเผยข้อมูล' (the column's header says ตัวชี้วัดที่มุ่ง), '๙.๔ …' for a sub-indicator,
    the code alone when the framework does not know it."""
    label = fw.indicator_label(code)
    for prefix in ("ตัวชี้วัดที่ ", "ตัวชี้วัดย่อยที่ "):
        label = label.removeprefix(prefix)
    return program_text(label, digits)


def _change_lines(changes: tuple[IndicatorChange, ...], digits: Digits) -> str:
    """Returns each indicator's change from the year before ('+๖.๒๐'; both scores are in the results table
    above it), or '–' with the reason a score is missing; a measure of several indicators names each code."""
    lines = []
    for c in changes:
        head = program_text(f"{c.code}: ", digits) if len(changes) > 1 else ""
        if c.change is None:
            lines.append(head + "–" + (f" ({program_text(c.reason, digits)})" if c.reason else ""))
        else:
            lines.append(head + number(c.change, digits, sign=True))
    return "\n".join(lines)


def review_rows(r: Review, fw: Framework, digits: Digits) -> tuple[ReviewRow, ...]:
    """Returns one row per measure of the review: its number, title, final status (marked when inferred),
    the indicators it targets (those compared when there are indicator scores, else as the plan names them)
    and their change; an agency with totals only gets NO_INDICATOR_SCORES instead of a change."""
    out = []
    for m in r.measures:
        codes = m.indicators if r.mode == "indicators" else m.linked
        if r.mode == "totals":
            change = NO_INDICATOR_SCORES
        else:
            change = _change_lines(m.changes, digits) if m.changes else "–"
        out.append(ReviewRow(
            number=program_text(to_arabic_digits(m.number), digits),
            title=typed_text(m.title, digits),
            status=typed_text(m.status, digits) or MEASURE_STATUSES[0],
            status_mark=INFERRED_MARK if m.status_inferred else "",
            indicators="\n".join(_indicator_line(c, fw, digits) for c in codes) or NOT_STATED,
            change=change,
        ))
    return tuple(out)


def review_lines(r: Review, digits: Digits) -> tuple[str, ...]:
    """Returns the lines under the review's table: the measures completed, the plain mean change of the
    indicators the measures targeted beside that of the others (or, for totals only, the review's sentence
    on the total), then the review's notes as ita.core.review words them (a comparison, not proof of
    cause; few indicators; missing scores), the note on inferred statuses marked with INFERRED_MARK, and
    without the review's sentence on fictional data (the document carries its own label)."""
    p = lambda text: program_text(text, digits)  # noqa: E731
    lines = []
    if r.mode != "totals":  # the totals sentence says how many were completed itself
        lines.append(p(f"มาตรการปีงบประมาณ {r.year} แล้วเสร็จ {r.done} จาก {r.count} มาตรการ"))
    if r.mode == "indicators" and r.targeted:
        n_u = sum(1 for c in r.untargeted if c.change is not None)
        codes = ", ".join(c.code for c in r.targeted)
        lines.append(
            p(f"คะแนนของตัวชี้วัดที่มาตรการมุ่ง (ตัวชี้วัดที่ {codes}) เปลี่ยนเฉลี่ย ") + number(r.targeted_change, digits, True)
            + p(f" คะแนน เทียบกับตัวชี้วัดอื่นที่ไม่มีมาตรการมุ่ง {n_u} ตัว ซึ่งเปลี่ยนเฉลี่ย ")
            + number(r.untargeted_change, digits, True)
            + p(f" คะแนน (ค่าเฉลี่ยอย่างง่ายของคะแนนปี {r.year} ลบคะแนนปี {r.before_year} "
                "ของตัวชี้วัดที่มีคะแนนทั้งสองปี)"))
    inferred = any(m.status_inferred for m in r.measures)
    marked = False
    for note in r.notes:
        if note == FICTION_NOTE:  # the document carries FICTIONAL_LABEL on every page instead
            continue
        if inferred and note.startswith(INFERRED_LEAD):
            note, marked = f"{INFERRED_MARK} {note}", True
        lines.append(p(note))
    if inferred and not marked:
        lines.append(f"{INFERRED_MARK} สถานะที่มีเครื่องหมาย {INFERRED_MARK} อนุมานจากรายงานของหน่วยงาน ไม่ได้บันทึกไว้โดยตรง")
    return tuple(lines)


def review_block(ds: Dataset, agency: str, plan_year: int, fw: Framework,
                 digits: Digits) -> tuple[str, tuple[ReviewRow, ...], tuple[str, ...]]:
    """Returns O27's review of the measures of `plan_year` (the year before the O27's own): its heading,
    rows and lines, from ita.core.review on the same data; ("", (), ()) when that plan has no measures.
    The what-if scenarios are the store's, not the document's: they are left out."""
    if plan_measures(ds, agency, int(plan_year)).empty:
        return "", (), ()
    r = review(ds, agency, int(plan_year), fw)
    heading = program_text(f"ผลการดำเนินการตามมาตรการปีงบประมาณ พ.ศ. {r.year} และคะแนนที่เปลี่ยน", digits)
    return heading, review_rows(r, fw, digits), review_lines(r, digits)


# -- the documents ------------------------------------------------------------------------------


def _pick(override: str | None, setting: str) -> str:
    """Returns a typed override when it is not blank, else the agency's setting."""
    return override if not is_blank(override) else setting


def _signature(issued: date | None, digits: Digits, name: str, position: str, role: str) -> Signature:
    date_line = f"ณ วันที่ {thai_long_date(issued, digits)}" if issued else f"ณ วันที่ {DOTS[:12]} พ.ศ. {DOTS[:12]}"
    return Signature(
        date_line=date_line,
        name=f"({typed_text(name, digits)})" if as_text(name) else f"({DOTS})",
        position=typed_text(position, digits) if as_text(position) else f"ตำแหน่ง {DOTS}",
        role=role,
    )


def build_o27(
    ds: Dataset,
    agency: str,
    year: int,
    fw: Framework,
    *,
    digits: str = "thai",
    analysis: Mapping[str, str | None] | None = None,
    issued: date | None = None,
    signer_name: str | None = None,
    signer_position: str | None = None,
) -> Document:
    """Returns O27 for fiscal year `year`: the results of `year`−1 against `year`−2, the review of the
    measures of `year`−1 against the same results (review_block; none when that plan has no measures), the
    three analysis texts (defaults from default_analysis, each replaced by a non-blank `analysis` override)
    and the measures of `year` in plan order, ending with the approval block ("ผู้อนุมัติ"): the head
    of the agency from its settings, unless a non-blank `signer_name`/`signer_position` is given."""
    d = check_digits(digits)
    y = int(year)
    results, note = results_rows(ds, agency, y - 2, y - 1, fw, d)
    after = _results_by_year(ds, agency, fw).get(y - 1)
    total = after.best_total if after else None
    before_total = next((r.before for r in results if r.kind == "total"), None)
    if total is None:
        intro = program_text(f"การวิเคราะห์ครั้งนี้ยังไม่มีผลการประเมิน ITA ของ{agency} ปีงบประมาณ พ.ศ. {y - 1} ประกอบ", d)
    else:
        intro = (
            program_text(f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{agency} ประจำปีงบประมาณ พ.ศ. {y - 1} "
                         "ได้คะแนนรวม ", d)
            + number(total, d) + " คะแนน" + (f" {_level_text(after)}" if _level_text(after) else "")
        )
        if before_total is not None:
            intro += (
                program_text(f" เทียบกับปีงบประมาณ พ.ศ. {y - 2} ซึ่งได้ ", d) + number(before_total, d)
                + " คะแนน เปลี่ยนแปลง " + number(total - before_total, d, sign=True) + " คะแนน"
            )
    texts = default_analysis(ds, agency, y, fw, d).overridden(analysis, d)
    code = item_code(fw, "O27", y)
    settings = agency_settings(ds, agency)
    measures = measure_rows(ds, agency, y, d)
    review_heading, reviewed, reviewed_lines = review_block(ds, agency, y - 1, fw, d)
    return Document(
        kind="O27",
        agency=agency,
        year=y,
        digits=d,
        fictional=ds.is_fictional(agency),
        title=(
            "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
            program_text(f"ในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. {y - 1}", d),
            "และมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            program_text(f"ประจำปีงบประมาณ พ.ศ. {y}", d),
            agency_heading(ds, agency),
        ),
        intro=intro,
        before_year=y - 2,
        after_year=y - 1,
        results=results,
        results_note=note,
        analysis=texts,
        measures_heading=program_text(
            f"มาตรการ/แนวทางในการส่งเสริมคุณธรรมและความโปร่งใสของ{agency} ปีงบประมาณ พ.ศ. {y}", d
        ),
        measures=measures,
        summary_line=program_text(f"จำนวน {len(measures)} มาตรการ", d),
        signatures=(_signature(issued, d, _pick(signer_name, settings["head_name"]),
                               _pick(signer_position, settings["head_position"]), APPROVER),),
        code=code.code,
        code_note=code.note,
        # Without the results it analyses, O27 cannot be published as the year's analysis.
        draft_reasons=() if total is not None else (
            program_text(f"ยังไม่มีผลการประเมินของปีงบประมาณ พ.ศ. {y - 1}", d),),
        measures_notes=measures_notes(ds, agency, y, d, statuses=False),
        review_heading=review_heading,
        review_rows=reviewed,
        review_lines=reviewed_lines,
    )


def build_o28(
    ds: Dataset,
    agency: str,
    year: int,
    fw: Framework,
    *,
    digits: str = "thai",
    issued: date | None = None,
    signer_name: str | None = None,
    signer_position: str | None = None,
    head_name: str | None = None,
    head_position: str | None = None,
) -> Document:
    """Returns O28 for fiscal year `year`: the report table of the year's measures (plan order) with
    the summary folded from each measure's record and dated progress log, the results and status (each
    row with its problems/obstacles and suggestions, and the document with the year's, from the reports
    table), ending with two blocks: the reporter ("ผู้รายงาน": the preparer of the agency's settings, unless a
    non-blank `signer_name`/`signer_position` is given) and the head's acknowledgement
    ("ผู้บริหารรับทราบ/อนุมัติ": the head of the settings, unless `head_name`/`head_position`)."""
    d = check_digits(digits)
    y = int(year)
    yr = _results_by_year(ds, agency, fw).get(y)
    measures = measure_rows(ds, agency, y, d)
    head = program_text(f"{agency} ได้รายงานผลการดำเนินงานตามมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใสในหน่วยงานภาครัฐ "
                        f"ประจำปีงบประมาณ พ.ศ. {y} โดยแสดงมาตรการ/กิจกรรมที่ดำเนินการ การสรุปผลการดำเนินการ "
                        "ผลลัพธ์ของการดำเนินการ และผู้รับผิดชอบ ดังนี้", d)
    if yr is not None and yr.best_total is not None:
        level = _level_text(yr)
        intro = (
            program_text(f"จากการประเมินผลคุณธรรมและความโปร่งใสในการดำเนินงานของ{agency} ประจำปีงบประมาณ พ.ศ. {y} "
                         "โดยภาพรวมได้คะแนน ", d)
            + number(yr.best_total, d) + (f" อยู่ใน{level}" if level else "") + " " + head
        )
    else:
        intro = head
    done = sum(1 for m in measures if m.status == DONE)
    rate = f" (ร้อยละ {number(100.0 * done / len(measures), d)})" if measures else ""
    settings = agency_settings(ds, agency)
    code = item_code(fw, "O28", y)
    overall = year_report(ds, agency, y, d)
    return Document(
        kind="O28",
        agency=agency,
        year=y,
        digits=d,
        fictional=ds.is_fictional(agency),
        title=(
            "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
            f"ของ{agency_heading(ds, agency)}",
            program_text(f"ประจำปีงบประมาณ พ.ศ. {y}", d),
        ),
        intro=intro,
        before_year=y - 1,
        after_year=y,
        results=(),
        results_note="",
        analysis=None,
        measures_heading=program_text(
            f"รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ {y}", d
        ),
        measures=measures,
        summary_line=program_text(f"มาตรการทั้งหมด {len(measures)} มาตรการ แล้วเสร็จ {done} มาตรการ", d) + rate,
        signatures=(
            _signature(issued, d, _pick(signer_name, settings["preparer_name"]),
                       _pick(signer_position, settings["preparer_position"]), REPORTER),
            _signature(issued, d, _pick(head_name, settings["head_name"]),
                       _pick(head_position, settings["head_position"]), ACKNOWLEDGER),
        ),
        code=code.code,
        code_note=code.note,
        draft_reasons=draft_reasons(ds, agency, y, issued, d),
        measures_notes=measures_notes(ds, agency, y, d, statuses=True),
        problems=overall["problems"],
        suggestions=overall["suggestions"],
    )


def status_summary(doc: Document) -> list[tuple[str, int]]:
    """Returns (status, count) for every status of the five-step scale, then any other status."""
    statuses = [m.status for m in doc.measures]
    order = list(MEASURE_STATUSES) + sorted({s for s in statuses if s not in MEASURE_STATUSES})
    return [(s, statuses.count(s)) for s in order]


def document_years(ds: Dataset, agency: str) -> list[int]:
    """Returns the fiscal years a document can be made for: every year with measures, and every year
    after one with results (its O27 analyses them), ascending."""
    m = ds["measures"]
    years = {int(y) for y in m.loc[m["agency"] == agency, "year"].dropna()}
    years.update(y + 1 for y in ds.years(agency))
    return sorted(years)


def has_content(ds: Dataset, agency: str, year: int) -> bool:
    """Returns True when the agency has measures of `year` or results of `year`−1 or `year`."""
    y = int(year)
    return not plan_measures(ds, agency, y).empty or bool({y - 1, y} & set(ds.years(agency)))


def control_fields(
    ds: Dataset,
    agency: str,
    year: int,
    kind: Literal["O27", "O28"],
    *,
    analysis: Mapping[str, str | None] | None = None,
    signer_name: str | None = "",
    signer_position: str | None = "",
    head_name: str | None = "",
    head_position: str | None = "",
) -> list[str]:
    """Returns, by their Thai names, the texts O27 or O28 of `year` is made from that hold control
    characters, which the Word and Excel files leave out (ita.core.sanitise): the agency's rows of the
    years the document reads (O27: the results of `year` − 2 and − 1 and the plan of `year`; O28: the
    plan and results of `year`), then the analysis texts and the signer as typed."""
    y = int(year)
    years = (y - 2, y - 1, y) if kind == "O27" else (y,)
    typed: dict[str, object] = {
        f"({i}) {heading}": (analysis or {}).get(key)
        for i, (key, heading) in enumerate(zip(("urgent", "improve", "approach"), HEADINGS, strict=True), start=1)
    }
    typed.update({"ชื่อผู้ลงนาม": signer_name, "ตำแหน่งผู้ลงนาม": signer_position,
                  "ชื่อผู้บริหาร": head_name, "ตำแหน่งผู้บริหาร": head_position})
    return dataset_control_fields(ds, agency, years) + typed_control_fields(typed)
