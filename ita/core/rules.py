"""The rules every writer and reader of the data applies, each defined once with its message: the
score range, a measure's fields, a progress entry, and the names of an import's actions.

The store, the Excel reader, the import checks, score entry and what-if call these and only say
where a problem is (a field, a sheet and row, an indicator); the wording is this module's. Pure
functions: no I/O, and `today` is always a parameter.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ita.core import thai
from ita.core.schema import INDICATOR_SEP, MEASURE_STATUSES, TABLES_BY_KEY, UNIT_SEP
from ita.core.text import is_blank


@dataclass(frozen=True)
class RuleProblem:
    """Why a value breaks a rule: a Thai message for the user and an English one for logs."""

    message_th: str
    message_en: str


# -- scores ------------------------------------------------------------------------------------

SCORE_MIN = 0.0
SCORE_MAX = 100.0
# The rule in words, without a value: the template's data validation and its notes say it too.
SCORE_RULE_TH = "คะแนนต้องอยู่ระหว่าง 0 ถึง 100"
SCORE_RULE_EN = "score must be 0–100"


def score_problem(score: float | None) -> RuleProblem | None:
    """Returns the problem of a score outside SCORE_MIN–SCORE_MAX (NaN is no score either), or None
    when it is within or blank (None: whether a score is required is the caller's rule)."""
    if score is None:
        return None
    number = float(score)
    if not math.isnan(number) and SCORE_MIN <= number <= SCORE_MAX:
        return None
    return RuleProblem(f"{SCORE_RULE_TH} (ได้ {number:g})", f"{SCORE_RULE_EN}, got {number:g}")


def read_score(value: Any) -> float | None:
    """Returns a score typed as a number or as text (thai.parse_number: Thai digits, thousands in groups
    of three, so "9,5" is refused rather than read as 95), None when blank (None, NaN, empty text);
    raises thai.ThaiParseError (a ValueError) for text that is not a number."""
    if is_blank(value):
        return None
    try:
        return thai.parse_number(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise thai.ThaiParseError(f"คะแนนต้องเป็นตัวเลข (ได้ '{value}')",
                                  f"score must be a number, got '{value}'") from None


def typed_score(value: Any) -> tuple[float | None, RuleProblem | None]:
    """Returns a score typed as a number or as text, read (read_score) and checked (score_problem):
    the number, None when blank or unreadable, and its problem, None when there is none."""
    try:
        score = read_score(value)
    except thai.ThaiParseError as exc:
        return None, RuleProblem(exc.message_th, exc.message_en)
    return score, score_problem(score)


# -- choices and indicators --------------------------------------------------------------------


def choice_problem(value: Any, choices: Sequence[str]) -> RuleProblem | None:
    """Returns the problem of a value that is not one of `choices` (a status, a yes/no column),
    else None."""
    if value in choices:
        return None
    return RuleProblem(f"ต้องเป็นหนึ่งใน: {', '.join(choices)}", f"must be one of: {', '.join(choices)}")


def indicators_problem(codes: Sequence[str], known_codes: Collection[str]) -> RuleProblem | None:
    """Returns the problem naming the codes that are not known indicators, else None."""
    unknown = [c for c in codes if c not in known_codes]
    if not unknown:
        return None
    return RuleProblem(
        f"ไม่รู้จักตัวชี้วัด {', '.join(unknown)} (ใช้ 1–10 หรือตัวชี้วัดย่อย เช่น 9.1)",
        f"unknown indicator(s) {', '.join(unknown)} (use 1–10 or a sub-indicator such as 9.1)",
    )


# -- measures ----------------------------------------------------------------------------------

NO_BUDGET = "ไม่ใช้งบประมาณ"


def _header(table: str, key: str) -> str:
    return TABLES_BY_KEY[table].column(key).header


def unit_problem(unit: str, known_units: Collection[str]) -> RuleProblem | None:
    """Returns the problem of a responsible unit that is not one of the agency's units (or of any
    unit when the agency has no list yet), else None."""
    if not known_units:
        return RuleProblem(
            f"ยังไม่มีรายชื่อส่วนงานของหน่วยงานนี้ จึงเลือก '{unit}' ไม่ได้ (เพิ่มรายชื่อในชีต 'ส่วนงาน' ของแม่แบบ Excel "
            "แล้วนำเข้าที่หน้า 'ข้อมูล' หรือเขียนชื่อผู้รับผิดชอบไว้ในช่อง 'ผู้รับผิดชอบ (ตามเอกสาร)')",
            f"the agency has no list of units yet, so '{unit}' cannot be chosen",
        )
    if unit in known_units:
        return None
    return RuleProblem(
        f"ส่วนงาน '{unit}' ไม่อยู่ในรายชื่อส่วนงานของหน่วยงาน ({', '.join(sorted(known_units))})",
        f"unit '{unit}' is not in the agency's list of units",
    )


def period_problem(period: str, fiscal_year: int | None) -> RuleProblem | None:
    """Returns the problem of a measure's period that cannot be read (relative to its fiscal year),
    else None. A period outside the year is allowed (ita.core.checks warns about it)."""
    try:
        thai.parse_period(period, fiscal_year=fiscal_year)
    except thai.ThaiParseError as exc:
        return RuleProblem(exc.message_th, exc.message_en)
    return None


def measure_problems(fields: Mapping[str, Any], *, known_units: Collection[str],
                     known_indicators: Collection[str], fiscal_year: int | None) -> list[tuple[str, str]]:
    """Returns the problems of a measure's fields as (field label, Thai message), empty when it can
    be saved: a title and (when given) a number are required, the status is one of
    MEASURE_STATUSES, units and indicators are known, the period can be read, the target is a
    score. `known_units` are the agency's units, `known_indicators` the framework's codes."""
    problems: list[tuple[str, str]] = []

    def add(key: str, problem: RuleProblem | None) -> None:
        if problem is not None:
            problems.append((_header("measures", key), problem.message_th))

    if not str(fields.get("title") or "").strip():
        add("title", RuleProblem("ต้องกรอกชื่อมาตรการ", "a title is required"))
    if "number" in fields and not str(fields.get("number") or "").strip():
        add("number", RuleProblem("ต้องกรอกลำดับ", "a number is required"))
    status = fields.get("status")
    if status is not None:
        add("status", choice_problem(status, MEASURE_STATUSES))
    for unit in [u.strip() for u in str(fields.get("units") or "").split(UNIT_SEP) if u.strip()]:
        add("units", unit_problem(unit, known_units))
    for code in [c.strip() for c in str(fields.get("indicators") or "").split(INDICATOR_SEP) if c.strip()]:
        add("indicators", indicators_problem([code], known_indicators))
    period = str(fields.get("period") or "").strip()
    if period:
        add("period", period_problem(period, fiscal_year))
    add("target", typed_score(fields.get("target"))[1])
    return problems


def number_taken_problem(number: Any, restoring: bool = False) -> tuple[str, str]:
    """Returns the problem (field label, Thai message) of a measure number another live measure of the
    plan already has; `restoring` says so for a deleted measure brought back."""
    return (_header("measures", "number"),
            f"มีมาตรการลำดับ {number} ในปีนี้แล้ว" + (" จึงกู้คืนไม่ได้" if restoring else ""))


def next_number(numbers: Iterable[Any]) -> str:
    """Returns the number of a measure added to a plan whose measures have `numbers`: one more than the
    largest whole number among them (Thai digits read too), '1' when there is none. Gaps are not filled:
    after 1,2,3,4,6,7 comes 8."""
    whole = [int(t) for t in (thai.to_arabic_digits(str(n).strip()) for n in numbers if not is_blank(n))
             if t.isdigit()]
    return str(max(whole, default=0) + 1)


# -- carrying unfinished measures forward -------------------------------------------------------

DONE = MEASURE_STATUSES[-1]


def carried_label(number: Any, year: Any) -> str:
    """Returns how a measure names the one it was carried from: 'มาตรการที่ 2 ปีงบประมาณ 2569'."""
    return f"มาตรการที่ {number} ปีงบประมาณ {year}"


def carried_source(number: Any, year: Any) -> str:
    """Returns the `source` a carried measure is stored with: 'ยกมาจากมาตรการที่ 2 ปีงบประมาณ 2569'."""
    return f"ยกมาจาก{carried_label(number, year)}"


def is_carried_source(text: Any) -> bool:
    """Returns True for a `source` that carried_source wrote (a measure carried from an earlier plan)."""
    return not is_blank(text) and str(text).startswith(carried_source("", "").split(" ")[0])


def carried_note(year: Any, status: Any) -> str:
    """Returns the `note` a carried measure is stored with: why it is in the plan, and where its earlier
    progress is."""
    return (f"ยังไม่แล้วเสร็จในแผนปีงบประมาณ {year} (สถานะขณะยกมา: {status}) จึงยกมาดำเนินการต่อ "
            "บันทึกความก้าวหน้าก่อนหน้านี้อยู่กับมาตรการเดิม")


CARRY_LABEL = "ยกมาตรการไปปีถัดไป"


def carry_year_problem(to_year: Any) -> tuple[str, str] | None:
    """Returns the problem (field label, Thai message) of a plan year measures cannot be carried into
    (not a B.E. fiscal year), else None."""
    try:
        thai.fiscal_year_bounds(int(to_year))
    except (TypeError, ValueError):
        return (_header("measures", "year"), f"ปีงบประมาณที่จะยกไป '{to_year}' ไม่ถูกต้อง ต้องเป็นปี พ.ศ. เช่น 2570")
    return None


def carry_problem(measure: Mapping[str, Any], to_year: int, agency: str,
                  carried_as: Any = None) -> tuple[str, str] | None:
    """Returns why `measure` (a stored row) cannot be carried into the plan of `to_year` of `agency`, as
    (the measure's name, Thai message), else None: it is deleted, of another agency, not of an earlier
    year, done, or already carried into that plan (`carried_as`: the number of its live copy there)."""
    name = carried_label(measure["number"], measure["year"])
    if measure.get("deleted"):
        return name, f"ถูกลบแล้ว จึงยกไปแผนปี {to_year} ไม่ได้"
    if measure["agency"] != agency:
        return name, f"เป็นของ {measure['agency']} ยกไปพร้อมมาตรการของ {agency} ไม่ได้ (ยกได้ครั้งละหน่วยงาน)"
    if int(measure["year"]) >= int(to_year):
        return name, f"ยกไปได้เฉพาะแผนของปีหลังจากปี {measure['year']} จึงยกไปแผนปี {to_year} ไม่ได้"
    if measure["status"] == DONE:
        return name, f"แล้วเสร็จแล้ว จึงไม่ต้องยกไปแผนปี {to_year}"
    if carried_as is not None:
        return name, f"ยกไปแผนปี {to_year} แล้ว (เป็นมาตรการที่ {carried_as}) จึงไม่ยกซ้ำ"
    return None


def nothing_to_carry_problem() -> tuple[str, str]:
    """Returns the problem of a carry with no measure chosen."""
    return CARRY_LABEL, "ยังไม่ได้เลือกมาตรการที่จะยกไป"


def second_copy_problem(number: Any, year: Any, original: Mapping[str, Any]) -> tuple[str, str]:
    """Returns the problem of bringing back (undelete, restore) measure `number` of `year`, carried from
    `original`, while another live measure of that plan is carried from it too."""
    return (_header("measures", "number"),
            f"มาตรการที่ {number} ยกมาจาก{carried_label(original['number'], original['year'])} "
            f"ซึ่งยกไปแผนปี {year} อีกรายการหนึ่งแล้ว จึงกู้คืนไม่ได้ (ลบรายการนั้นก่อน)")


def budget_problems(typed: str, no_budget: bool) -> list[tuple[str, str]]:
    """Returns the problem (field label, Thai message) of a budget typed while 'ไม่ใช้งบประมาณ' is
    ticked, which is refused rather than dropped silently; empty otherwise."""
    if not no_budget or not typed or typed == NO_BUDGET:
        return []
    return [(_header("measures", "budget"), f"เลือก '{NO_BUDGET}' ไว้ แต่ยังกรอกงบประมาณ '{typed}' ให้ลบข้อความ "
                                            f"หรือเอาเครื่องหมายที่ '{NO_BUDGET}' ออก")]


# -- progress entries --------------------------------------------------------------------------

PROGRESS_FIELDS = ("date", "text", "evidence")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# The field an import names when it refuses a progress date.
DATE_LABEL = _header("progress", "date")


def future_date_problem(day: date, today: date) -> RuleProblem | None:
    """Returns the problem of a progress date after `today` (progress records what has been done),
    else None."""
    if day <= today:
        return None
    shown, shown_today = (thai.format_thai_date(d, digits="arabic", style="abbr") for d in (day, today))
    return RuleProblem(
        f"ต้องไม่เลยวันนี้ ({shown} อยู่หลังวันนี้ {shown_today}) บันทึกความก้าวหน้าได้เฉพาะสิ่งที่ทำไปแล้ว",
        f"the date {day.isoformat()} is after today ({today.isoformat()}); progress records what has been done",
    )


def evidence_problem(link: str) -> RuleProblem | None:
    """Returns the problem of an evidence link that is not an http(s) URL, else None (no link is
    fine)."""
    if not link or URL_RE.match(link):
        return None
    return RuleProblem("ลิงก์หลักฐานต้องขึ้นต้นด้วย http:// หรือ https://",
                       "the evidence link must start with http:// or https://")


def progress_values(fields: Mapping[str, Any], today: date) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Returns the given fields of a progress entry (of PROGRESS_FIELDS) as stored — ISO date,
    stripped text and link — and every problem as (field label, Thai message): a date that cannot
    be read or lies after `today`, an empty text, a link that is not http(s)."""
    problems: list[tuple[str, str]] = []
    values: dict[str, str] = {}
    if "date" in fields:
        try:
            day = thai.parse_thai_date(fields["date"])
        except thai.ThaiParseError as exc:
            problems.append((DATE_LABEL, exc.message_th))
        else:
            values["date"] = day.isoformat()
            if problem := future_date_problem(day, today):
                problems.append((DATE_LABEL, problem.message_th))
    if "text" in fields:
        values["text"] = str(fields["text"] or "").strip()
        if not values["text"]:
            problems.append((_header("progress", "text"), "ต้องกรอกข้อความ"))
    if "evidence" in fields:
        values["evidence"] = str(fields["evidence"] or "").strip()
        if problem := evidence_problem(values["evidence"]):
            problems.append((_header("progress", "evidence"), problem.message_th))
    return values, problems


# -- the O28 report's problems and suggestions ----------------------------------------------------

# The texts of the report a measure carries and the year's row of `reports` carries (ita.core.schema.REPORT_TEXTS).
REPORT_FIELDS = ("problems", "suggestions")


def report_texts(problems: Any, suggestions: Any) -> dict[str, str]:
    """Returns the problems/obstacles and suggestions of an O28 report (a measure's, or the year's) as
    stored: the text stripped, as a progress entry's is, '' when blank (blank is allowed: it clears the
    text). Control characters are kept as typed, as everywhere in the store: the files are cleaned when
    written (ita.core.sanitise)."""
    return {key: "" if is_blank(value) else str(value).strip()
            for key, value in zip(REPORT_FIELDS, (problems, suggestions), strict=True)}


# -- importing ---------------------------------------------------------------------------------

# What importing does to each row (Store.preview_import), in the order the data page counts them.
ADDED, CHANGED, UNCHANGED = "เพิ่ม", "แก้ไข", "เหมือนเดิม"
IMPORT_ACTIONS: tuple[str, ...] = (ADDED, CHANGED, UNCHANGED)


# A stored note saying a status was inferred: "สถานะ “แล้วเสร็จ” อนุมานจาก… (…)" (one sentence, with the
# bracket that follows it), as the bundled data writes it; "สถานะเริ่มต้น …" is not an inference.
_INFERRED = re.compile(r"สถานะ[^().]*?อนุมาน[^().]*(?:\([^)]*\))?")


def inferred_status(note: Any) -> str:
    """Returns the sentence of a measure's stored note saying its status was inferred ('' when none)."""
    found = _INFERRED.search("" if is_blank(note) else str(note))
    return found.group(0).strip() if found else ""
