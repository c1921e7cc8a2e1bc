"""Did last year's measures move their indicators? The review of a plan year Y against the results of Y−1 and Y.

The measures of plan year Y answer the results of Y−1 (ita.services.plan.results_year) and are carried out in
fiscal year Y, whose ITA results are the results of Y. For each measure: the indicators it targets, its final
status, and those indicators' change from Y−1 to Y; beside them the change of the indicators no measure targeted,
and the plain mean of each group. It is a comparison, not proof of cause, and every sentence says what it rests
on: few indicators, a missing score (and which year's), a status inferred rather than recorded, an agency with
totals only (then the total's change beside the measures completed, and what cannot be said).

Rules (issue 16):
- a measure linked to a sub-indicator (9.4) targets its indicator (9) unless the agency has scores of that
  sub-indicator in both years, when the sub-indicator itself is compared;
- an indicator targeted by several measures counts once in the targeted mean;
- the untargeted group is indicators 1–10 that no measure targets, directly or through a sub-indicator;
- a mean is over the indicators with a score in both years; a change without both scores is None with its reason;
- figures are rounded to 2 decimals, as the published scores are.

Pure functions on plain data and frames; nothing here reads files or the store.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from ita.core.analysis import agency_years
from ita.core.framework import Framework
from ita.core.model import Dataset
from ita.core.rules import inferred_status
from ita.core.schema import MEASURE_STATUSES
from ita.core.scoring import clean, evaluate_year
from ita.core.text import as_text, code_key, is_blank, split_indicators

DONE = MEASURE_STATUSES[-1]
# Below this many indicators a group's mean is said to rest on few indicators.
FEW_INDICATORS = 3
CAUSE_NOTE = ("เป็นการเปรียบเทียบคะแนนก่อนและหลังปีที่ดำเนินมาตรการ ไม่ใช่หลักฐานว่าคะแนนเปลี่ยนเพราะมาตรการ "
              "คะแนนของตัวชี้วัดเปลี่ยนได้จากปัจจัยอื่นด้วย เช่น ผู้ตอบแบบวัดและเกณฑ์ของแต่ละปี")

# Two notes the documents treat on their own (ita.documents.content): a document carries its own fictional label,
# and marks the inferred statuses with a sign that this note explains.
FICTION_NOTE = "ข้อมูลสมมุติเพื่อการสาธิต ไม่ใช่ผลการประเมินจริง"
INFERRED_LEAD = "สถานะของมาตรการที่"

Mode = Literal["indicators", "totals", "none"]


def _r(value: float | None) -> float | None:
    return None if value is None else round(float(value) + 0.0, 2)


def fmt(value: float | None, sign: bool = False) -> str:
    """Returns a figure as the review writes it: '94.50', '+6.20' with `sign`, '–' for None."""
    if value is None:
        return "–"
    return f"{value:+.2f}" if sign else f"{value:.2f}"


@dataclass(frozen=True)
class IndicatorChange:
    """One indicator (or sub-indicator) compared between two years; `reason` says why `change` is None."""

    code: str
    before: float | None
    after: float | None
    change: float | None
    reason: str = ""


@dataclass(frozen=True)
class MeasureReview:
    """One measure of the plan with its status and its indicators' change."""

    number: str
    title: str
    status: str
    linked: tuple[str, ...]  # the codes as the plan names them ("9.3", "10,10.1")
    changes: tuple[IndicatorChange, ...]  # the indicators compared, in code order
    target: float | None = None  # the measure's target score, if the plan gives one
    status_inferred: str = ""  # the stored note's sentence when the status was inferred, not recorded
    measure_id: int | None = None

    @property
    def indicators(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.changes)

    @property
    def done(self) -> bool:
        return self.status == DONE

    @property
    def step(self) -> int | None:
        """Returns the status's step on the five-step scale (1–5), None for a status outside it."""
        return MEASURE_STATUSES.index(self.status) + 1 if self.status in MEASURE_STATUSES else None

    @property
    def mean_change(self) -> float | None:
        known = [c.change for c in self.changes if c.change is not None]
        return _r(sum(known) / len(known)) if known else None

    def target_line(self) -> str:
        """Returns 'เป้าหมาย 92.00 ได้ 94.50 (ตัวชี้วัดที่ 9)' for a measure with a target ('' without one)."""
        if self.target is None or not self.changes:
            return ""
        reached = "; ".join(f"ได้ {fmt(c.after)} (ตัวชี้วัดที่ {c.code})" for c in self.changes)
        return f"เป้าหมาย {fmt(self.target)} {reached}"


@dataclass(frozen=True)
class ScenarioCheck:
    """A what-if scenario saved on the results of Y−1, its targets beside the scores Y reached."""

    name: str
    rows: tuple[tuple[str, float, float | None], ...]  # (code, target, reached)
    total_target: float | None  # the total the targets gave (computed by the year's rule)
    total_reached: float | None

    @property
    def met(self) -> int:
        return sum(1 for _, target, reached in self.rows if reached is not None and reached >= target - 1e-9)


@dataclass(frozen=True)
class Review:
    """The review of the plan of `year` against the results of `year` − 1 and `year`."""

    agency: str
    year: int
    mode: Mode
    measures: tuple[MeasureReview, ...]
    targeted: tuple[IndicatorChange, ...]
    untargeted: tuple[IndicatorChange, ...]
    total_before: float | None
    total_after: float | None
    notes: tuple[str, ...]
    fictional: bool = False
    scenarios: tuple[ScenarioCheck, ...] = ()

    @property
    def before_year(self) -> int:
        return self.year - 1

    @property
    def count(self) -> int:
        return len(self.measures)

    @property
    def done(self) -> int:
        return sum(1 for m in self.measures if m.done)

    @property
    def targeted_change(self) -> float | None:
        return _mean(self.targeted)

    @property
    def untargeted_change(self) -> float | None:
        return _mean(self.untargeted)

    @property
    def total_change(self) -> float | None:
        if self.total_before is None or self.total_after is None:
            return None
        return _r(self.total_after - self.total_before)

    @property
    def note(self) -> str:
        return " ".join(self.notes)

    def headline(self) -> str:
        """Returns the executives' one line: 'มาตรการปี 2568 แล้วเสร็จ 3 จาก 3 · ตัวชี้วัดที่มาตรการมุ่ง
        เปลี่ยนเฉลี่ย +6.27 เทียบกับ +2.56 ของตัวอื่น' (or the total's change for a totals-only agency)."""
        if not self.measures:
            return f"ไม่มีมาตรการของปีงบประมาณ {self.year}"
        line = f"มาตรการปี {self.year} แล้วเสร็จ {self.done} จาก {self.count}"
        if self.targeted_change is not None or self.untargeted_change is not None:
            line += (f" · ตัวชี้วัดที่มาตรการมุ่งเปลี่ยนเฉลี่ย {fmt(self.targeted_change, True)} "
                     f"เทียบกับ {fmt(self.untargeted_change, True)} ของตัวชี้วัดอื่น ({self.before_year}→{self.year})")
        elif self.total_change is not None:
            line += f" · คะแนนรวม {self.before_year}→{self.year} เปลี่ยน {fmt(self.total_change, True)}"
        else:
            missing = _missing_results(self.before_year, self.total_before, self.year, self.total_after)
            line += f" · ยังเปรียบเทียบไม่ได้: {missing}"
        return line

    def as_json(self) -> dict[str, Any]:
        """Returns the review in the CLI's format (issue 16): year, measures (number, title, status, indicators,
        change by code), targeted_change, untargeted_change, note."""
        return {
            "year": self.year,
            "measures": [
                {"number": m.number, "title": m.title, "status": m.status, "indicators": list(m.indicators),
                 "change": {c.code: c.change for c in m.changes}}
                for m in self.measures
            ],
            "targeted_change": self.targeted_change,
            "untargeted_change": self.untargeted_change,
            "note": self.note,
        }


def _missing_results(y0: int, before: float | None, y: int, after: float | None) -> str:
    missing = [str(v) for v, t in ((y0, before), (y, after)) if t is None]
    return f"ยังไม่มีผลการประเมินปี {' และ '.join(missing)}" if missing else "ไม่มีคะแนนรายตัวชี้วัดให้เปรียบเทียบ"


def _mean(changes: Sequence[IndicatorChange]) -> float | None:
    known = [c.change for c in changes if c.change is not None]
    return _r(sum(known) / len(known)) if known else None


def compare(code: str, before: Mapping[str, float | None], after: Mapping[str, float | None],
            before_year: int, after_year: int) -> IndicatorChange:
    """Returns one code's scores in both years and its change, or None with the Thai reason."""
    b, a = clean(before.get(code)), clean(after.get(code))
    if b is not None and a is not None:
        return IndicatorChange(code, _r(b), _r(a), _r(a - b))
    missing = [str(y) for y, v in ((before_year, b), (after_year, a)) if v is None]
    return IndicatorChange(code, _r(b), _r(a), None, f"ไม่มีคะแนนปี {' และ '.join(missing)}")


def resolve(linked: Sequence[str], before: Mapping[str, float | None], after: Mapping[str, float | None],
            fw: Framework) -> tuple[list[str], list[str]]:
    """Returns (the codes a measure's links compare, the sub-indicators that fell back to their indicator):
    a sub-indicator with a score in both years is compared itself, otherwise its indicator; each code once,
    in code order; codes that are neither an indicator nor a sub-indicator of one are dropped."""
    codes: set[str] = set()
    fell_back: list[str] = []
    indicators = set(fw.indicator_codes)
    for raw in linked:
        code = as_text(raw)
        if code in indicators:
            codes.add(code)
            continue
        parent = code.split(".")[0]
        if parent not in indicators:
            continue
        if clean(before.get(code)) is not None and clean(after.get(code)) is not None:
            codes.add(code)
        else:
            codes.add(parent)
            fell_back.append(code)
    return sorted(codes, key=code_key), fell_back


def scores_by_year(scores: pd.DataFrame, agency: str, years: Sequence[int]) -> dict[int, dict[str, float | None]]:
    """Returns {year: {code: score}} of the agency's indicator_scores rows for `years`."""
    rows = scores[(scores["agency"] == agency) & scores["year"].isin([int(y) for y in years])]
    out: dict[int, dict[str, float | None]] = {int(y): {} for y in years}
    for r in rows.itertuples(index=False):
        out[int(r.year)][str(r.indicator)] = clean(r.score)
    return out


def measure_changes(linked: Sequence[str], year: int, by_year: Mapping[int, Mapping[str, float | None]],
                    fw: Framework) -> tuple[IndicatorChange, ...]:
    """Returns the change from `year` − 1 to `year` of the indicators a measure of plan year `year` targets."""
    before, after = by_year.get(int(year) - 1, {}), by_year.get(int(year), {})
    codes, _ = resolve(linked, before, after, fw)
    return tuple(compare(c, before, after, int(year) - 1, int(year)) for c in codes)


def _numbers(measures: Sequence[MeasureReview]) -> str:
    return ", ".join(m.number or "–" for m in measures)


def review_plan(
    agency: str,
    year: int,
    plan: pd.DataFrame,
    by_year: Mapping[int, Mapping[str, float | None]],
    totals: Mapping[int, float | None],
    fw: Framework,
    *,
    fictional: bool = False,
    scenarios: pd.DataFrame | None = None,
) -> Review:
    """Returns the review of the plan of `year` (measures rows in plan order: number, title, status, indicators,
    target, note and optionally id) against the agency's scores `by_year` ({year: {code: score}}) and best
    totals `totals` ({year: total}) of `year` − 1 and `year`; `scenarios` are Store.scenarios rows saved on the
    results of `year` − 1 (name, targets as JSON)."""
    y, y0 = int(year), int(year) - 1
    before, after = by_year.get(y0, {}), by_year.get(y, {})
    notes: list[str] = []
    measures: list[MeasureReview] = []
    for r in plan.to_dict("records"):
        linked = tuple(split_indicators(r.get("indicators")))
        codes, fell_back = resolve(linked, before, after, fw)
        number = as_text(r.get("number"))
        target = clean(r.get("target")) if not is_blank(r.get("target")) else None
        measures.append(MeasureReview(
            number=number, title=" ".join(as_text(r.get("title")).split()), status=as_text(r.get("status")),
            linked=linked, changes=tuple(compare(c, before, after, y0, y) for c in codes), target=target,
            status_inferred=inferred_status(r.get("note")),
            measure_id=None if is_blank(r.get("id")) else int(r["id"]),
        ))
        if fell_back and before and after:
            parents = sorted({c.split(".")[0] for c in fell_back}, key=code_key)
            notes.append(f"มาตรการที่ {number or '–'} ระบุตัวชี้วัดย่อย {', '.join(fell_back)} ซึ่งไม่มีคะแนนรายตัวชี้วัดย่อย"
                         f"ทั้งสองปี จึงเทียบกับตัวชี้วัดที่ {', '.join(parents)}")

    targeted_codes = sorted({c.code for m in measures for c in m.changes}, key=code_key)
    covered = {c.split(".")[0] for c in targeted_codes}
    untargeted_codes = [c for c in fw.indicator_codes if c not in covered]
    targeted = tuple(compare(c, before, after, y0, y) for c in targeted_codes)
    untargeted = tuple(compare(c, before, after, y0, y) for c in untargeted_codes)
    total_before, total_after = clean(totals.get(y0)), clean(totals.get(y))
    has_pairs = any(c.change is not None for c in (*targeted, *untargeted)) or any(
        clean(before.get(c)) is not None and clean(after.get(c)) is not None for c in fw.indicator_codes)
    mode: Mode = "indicators" if has_pairs else "totals" if (
        total_before is not None and total_after is not None) else "none"

    done = sum(1 for m in measures if m.done)
    lead: list[str] = []
    if not measures:
        lead.append(f"ไม่มีมาตรการของปีงบประมาณ {y} จึงไม่มีตัวชี้วัดที่มาตรการมุ่ง")
    if mode == "indicators":
        lead.append(CAUSE_NOTE)
        for label, group in (("ที่มาตรการมุ่ง", targeted), ("อื่น", untargeted)):
            n = sum(1 for c in group if c.change is not None)
            if group and n < FEW_INDICATORS:
                notes.append(f"ค่าเฉลี่ยของตัวชี้วัด{label}มาจากตัวชี้วัดเพียง {n} ตัว จึงขึ้นกับตัวชี้วัดตัวใดตัวหนึ่งมาก")
        missing = [c for c in (*targeted, *untargeted) if c.change is None]
        if missing:
            notes.append("ไม่นับในค่าเฉลี่ย: " + "; ".join(f"ตัวชี้วัดที่ {c.code} {c.reason}" for c in missing))
    elif mode == "totals":
        assert total_before is not None and total_after is not None
        lead.append(
            f"หน่วยงานมีเฉพาะคะแนนรวม: ปี {y0} ได้ {fmt(total_before)} ปี {y} ได้ {fmt(total_after)} "
            f"({fmt(total_after - total_before, True)}) ขณะที่มาตรการปี {y} แล้วเสร็จ {done} จาก {len(measures)} มาตรการ "
            "บอกได้ว่าคะแนนรวมเปลี่ยนไปเท่าใดในปีที่ดำเนินมาตรการ แต่บอกไม่ได้ว่าตัวชี้วัดที่มาตรการมุ่งเปลี่ยนต่างจาก"
            "ตัวชี้วัดอื่นหรือไม่ เพราะไม่มีคะแนนรายตัวชี้วัด และไม่ใช่หลักฐานว่าคะแนนเปลี่ยนเพราะมาตรการ")
    else:
        lead.append(f"ยังเปรียบเทียบไม่ได้: {_missing_results(y0, total_before, y, total_after)}")
    unlinked = [m for m in measures if not m.changes]
    if unlinked and measures:
        notes.append(f"มาตรการที่ {_numbers(unlinked)} ไม่ได้ระบุตัวชี้วัด จึงไม่อยู่ในกลุ่มตัวชี้วัดที่มาตรการมุ่ง")
    inferred = [m for m in measures if m.status_inferred]
    if inferred:
        notes.append(f"{INFERRED_LEAD} {_numbers(inferred)} อนุมานจากรายงานของหน่วยงาน ไม่ได้บันทึกไว้โดยตรง")
    if fictional:
        notes.append(FICTION_NOTE)
    return Review(
        agency=agency, year=y, mode=mode, measures=tuple(measures), targeted=targeted, untargeted=untargeted,
        total_before=_r(total_before), total_after=_r(total_after), notes=(*lead, *notes), fictional=fictional,
        scenarios=scenario_checks(scenarios, y, before, after, total_after, fw) if scenarios is not None else (),
    )


def scenario_checks(scenarios: pd.DataFrame, year: int, before: Mapping[str, float | None],
                    after: Mapping[str, float | None], total_reached: float | None,
                    fw: Framework) -> tuple[ScenarioCheck, ...]:
    """Returns each scenario's targets beside the scores `year` reached, and the total its targets gave (the
    scores of `year` − 1 with the targets in place, by the rule of `year`) beside the total reached."""
    out = []
    for r in scenarios.to_dict("records"):
        try:
            raw = json.loads(as_text(r.get("targets")) or "{}")
        except json.JSONDecodeError:
            continue
        targets = {str(k): clean(v) for k, v in raw.items() if clean(v) is not None} if isinstance(raw, dict) else {}
        if not targets:
            continue
        rows = tuple((code, float(t), _r(clean(after.get(code))))  # type: ignore[arg-type]
                     for code, t in sorted(targets.items(), key=lambda kv: code_key(kv[0])))
        planned = {**{k: v for k, v in before.items() if k in fw.indicator_codes}, **targets}
        total_target = None
        if fw.for_year(year) is not None and all(clean(planned.get(c)) is not None for c in fw.indicator_codes):
            total_target = _r(evaluate_year(year, planned, fw).total_computed)
        out.append(ScenarioCheck(as_text(r.get("name")), rows, total_target, _r(total_reached)))
    return tuple(out)


def review(ds: Dataset, agency: str, year: int, fw: Framework, scenarios: pd.DataFrame | None = None) -> Review:
    """Returns the review of the agency's plan of `year` from a Dataset (its measures of `year` in plan order,
    its indicator scores and best totals of `year` − 1 and `year`)."""


    y = int(year)
    m = ds["measures"]
    plan = m[(m["agency"] == agency) & (m["year"].astype("Int64") == y)]
    by_year = scores_by_year(ds["indicator_scores"], agency, [y - 1, y])
    totals = {r.year: r.best_total for r in agency_years(ds, agency, fw) if r.year in (y - 1, y)}
    return review_plan(agency, y, plan, by_year, totals, fw, fictional=ds.is_fictional(agency), scenarios=scenarios)


def reviewable_years(ds: Dataset, agency: str) -> list[int]:
    """Returns the plan years of the agency that have measures, ascending."""
    m = ds["measures"]
    return sorted({int(y) for y in m.loc[m["agency"] == agency, "year"].dropna()})
