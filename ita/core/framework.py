"""The ITA framework per fiscal year, read from data with its source and confidence.

The facts live in `ita/resources/framework.json` (or the file named by the environment
variable ITA_FRAMEWORK), never as literals in code, because several of them are only
weakly known (DOMAIN.md [W]/[U]) and must stay visible and editable.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
DEFAULT_FRAMEWORK = RESOURCES / "framework.json"
TOOLS: tuple[str, ...] = ("IIT", "EIT", "OIT")


@dataclass(frozen=True)
class Tool:
    code: str
    name_th: str
    name_en: str
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Indicator:
    code: str
    tool: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class SubIndicator:
    code: str
    parent: str
    name_th: str


@dataclass(frozen=True)
class OitItem:
    code: str
    printed: str
    sub_indicator: str
    title: str
    contents: tuple[str, ...]


@dataclass(frozen=True)
class LevelRule:
    level: str
    min_total: float
    min_each_tool: float | None = None


@dataclass(frozen=True)
class LevelScheme:
    key: str
    name_th: str
    confidence: str
    source: str
    rules: tuple[LevelRule, ...]

    @property
    def levels(self) -> tuple[str, ...]:
        """Returns the level labels from best to worst."""
        return tuple(r.level for r in self.rules)


@dataclass(frozen=True)
class YearFramework:
    year: int
    weights: Mapping[str, float]
    weights_confidence: str
    weights_source: str
    level_scheme: LevelScheme
    level_confidence: str
    level_note: str
    pass_mark: float
    sub_indicators: tuple[SubIndicator, ...]
    oit_items: tuple[OitItem, ...]
    oit_source: str
    oit_note: str
    # The OIT item codes of the year's two documents: "analysis" (the analysis of results and the
    # measures, O27 in 2568) and "report" (the report on the measures, O28 in 2568); {} when unknown.
    document_items: Mapping[str, str] = field(default_factory=dict)
    # Unconfirmed until NACC publishes the year's manual: carried forward from `carried_from` (in the
    # file, or added by an admin from the app: `added`), said on every page by `provisional_note`.
    provisional: bool = False
    carried_from: int | None = None
    provisional_note: str = ""
    added: bool = False


DOCUMENT_ROLES: tuple[str, ...] = ("analysis", "report")


@dataclass(frozen=True)
class DocumentItem:
    """The OIT item code a document of a fiscal year carries, the year of the framework it was read
    from and, when that is another year (the nearest one the framework knows), a Thai note saying so."""

    code: str
    year: int
    note: str = ""


@dataclass(frozen=True)
class Framework:
    tools: tuple[Tool, ...]
    indicators: tuple[Indicator, ...]
    years: Mapping[int, YearFramework]
    pass_mark: float
    pass_mark_confidence: str
    pass_mark_source: str
    indicators_source: str
    path: str
    level_schemes: Mapping[str, LevelScheme] = field(default_factory=dict)

    @cached_property
    def indicator_codes(self) -> tuple[str, ...]:
        # Cached: scoring a national file asks for it about a million times.
        return tuple(i.code for i in self.indicators)

    @cached_property
    def _by_code(self) -> tuple[dict[str, Indicator], dict[str, Tool]]:
        return {i.code: i for i in self.indicators}, {t.code: t for t in self.tools}

    def indicator(self, code: str) -> Indicator:
        return self._by_code[0][code]

    def tool(self, code: str) -> Tool:
        return self._by_code[1][code]

    def for_year(self, year: int) -> YearFramework | None:
        """Returns the framework of a fiscal year (B.E.), or None when the year is unknown."""
        return self.years.get(int(year))

    def document_item(self, year: int, role: str) -> DocumentItem:
        """Returns the OIT item code of the document `role` ("analysis" or "report") for fiscal year
        `year`: the year's own when the framework gives one, else that of the nearest year that gives
        one (the earlier on a tie), with a note; raises ValueError for an unknown role or when no year
        gives one."""
        if role not in DOCUMENT_ROLES:
            raise ValueError(f"role must be one of {DOCUMENT_ROLES}, not {role!r}")
        known = sorted(y for y, yf in self.years.items() if yf.document_items.get(role))
        if not known:
            raise ValueError(f"the framework gives no item code for the document {role!r} in any year")
        y = int(year)
        nearest = min(known, key=lambda k: (abs(k - y), k))
        code = self.years[nearest].document_items[role]
        note = "" if nearest == y else (
            f"กรอบการประเมินยังไม่ระบุรหัสข้อของเอกสารนี้สำหรับปี {y} จึงใช้รหัสข้อ {code} ของปี {nearest} (ปีใกล้ที่สุดที่มี)"
        )
        return DocumentItem(code=code, year=nearest, note=note)

    def unknown_year_th(self, year: int) -> str:
        """Returns the one Thai way of saying the framework has no entry for `year` (with the years it has),
        used by the pages' notice, the import's and the scoring's findings, what-if and data entry."""
        return f"ยังไม่มีกรอบการประเมินของปี {int(year)} ในระบบ (มีปี {years_text(self.years)})"

    def provisional_notice(self, year: int) -> str | None:
        """Returns the Thai notice a page shows for fiscal year `year` (B.E.): the year's note when its
        framework is provisional (carried forward, or added by an admin, until NACC publishes the manual),
        a notice when the framework has no entry for the year at all, None for a year it knows as such."""
        yf = self.for_year(year)
        if yf is None:
            return (
                f"{self.unknown_year_th(year)} จึงยังไม่คำนวณคะแนนรวมและระดับของปีนี้ "
                "ผู้ดูแลระบบเพิ่มกรอบของปีนี้ได้ที่หน้า “ผู้ใช้และสิทธิ์” ส่วน “กรอบการประเมินรายปี”"
            )
        if not yf.provisional:
            return None
        return yf.provisional_note or provisional_note_th(yf.year, yf.carried_from, yf.added)

    def with_years(self, bodies: Mapping[int, Mapping[str, Any]]) -> Framework:
        """Returns a new Framework with the years an admin added (`bodies`: year → the year's entry as
        framework.json writes it, as the store keeps it) beside the file's. Each added year is
        provisional, marked as added by an admin, with confidence U. A year this framework already has
        is not overridden (the file wins), and a body year_problems() refuses is left out."""
        if not bodies:
            return self
        years = dict(self.years)
        for year, body in sorted(bodies.items()):
            if int(year) in self.years or year_problems(body, self) or int(body["year"]) != int(year):
                continue
            years[int(year)] = _year(
                {**body, "weights_confidence": "U", "level_confidence": "U", "provisional": True},
                self.level_schemes, {t.code for t in self.tools}, self.pass_mark, None, added=True,
            )
        return replace(self, years=years)

    def indicator_weight(self, year: int, code: str) -> float | None:
        """Returns an indicator's share of the total (e.g. 0.20 for indicator 9), or None."""
        yf = self.for_year(year)
        if yf is None or code not in self._by_code[0]:
            return None
        tool = self.tool(self.indicator(code).tool)
        return yf.weights[tool.code] / len(tool.indicators)

    def known_codes(self, year: int | None = None) -> set[str]:
        """Returns the indicator codes, plus the sub-indicator codes of the year (or of every year)."""
        codes = set(self.indicator_codes)
        years = [self.for_year(year)] if year is not None else list(self.years.values())
        for yf in years:
            if yf is not None:
                codes.update(s.code for s in yf.sub_indicators)
        return codes

    def indicator_label(self, code: str, english: bool = False) -> str:
        """Returns a label such as 'ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล'."""
        if code in self._by_code[0]:
            ind = self.indicator(code)
            return f"Indicator {code} {ind.name_en}" if english else f"ตัวชี้วัดที่ {code} {ind.name_th}"
        for yf in self.years.values():
            for sub in yf.sub_indicators:
                if sub.code == code:
                    return f"Sub-indicator {code}" if english else f"ตัวชี้วัดย่อยที่ {code} {sub.name_th}"
        return code


def years_text(years: Iterable[int]) -> str:
    """Returns years as runs: '2563–2570' or '2563–2570, 2575' ('–' when there are none)."""
    ordered = sorted({int(y) for y in years})
    runs: list[list[int]] = []
    for y in ordered:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) or "–"


def provisional_note_th(year: int, carried_from: int | None, added: bool = False) -> str:
    """Returns the Thai notice of a provisional year: unconfirmed, carried forward from which year (and added
    by an admin from the app, when it was), until NACC publishes its manual."""
    how = "ผู้ดูแลระบบเพิ่มไว้ในระบบ" if added else ""
    if carried_from is not None:
        how = f"{how} ยกมาจากปี {int(carried_from)}".strip()
    how = how or "ตั้งไว้ชั่วคราว"
    return (
        f"กรอบการประเมินปี {int(year)} ยังไม่ยืนยัน: {how} จนกว่า ป.ป.ช. จะประกาศคู่มือการประเมิน "
        "(น้ำหนัก เกณฑ์ระดับ และคะแนนที่คำนวณของปีนี้อาจเปลี่ยน)"
    )


# The fiscal years (B.E.) a year of the framework may be; the keys an added year's body may have.
YEAR_RANGE = (2550, 2700)
WEIGHTS_TOLERANCE = 1e-6
BODY_KEYS = frozenset({
    "year", "weights", "weights_confidence", "weights_source", "level_scheme", "level_confidence", "level_note",
    "provisional", "carried_from", "provisional_note", "sub_indicators", "document_items",
})
# The fields of an added year's form, as its problems name them.
FIELDS_TH = {
    "year": "ปีงบประมาณ", "weights": "น้ำหนัก", "level_scheme": "เกณฑ์ระดับ", "weights_source": "แหล่งที่มา/หมายเหตุ",
    "carried_from": "ยกมาจากปี", "sub_indicators": "ตัวชี้วัดย่อย", "document_items": "รหัสข้อเอกสาร",
    "body": "ข้อมูลของปี",
}


def _whole_year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def year_problems(body: Any, fw: Framework) -> list[tuple[str, str]]:
    """Returns every reason a year an admin adds (`body`: the year's entry as framework.json writes it) cannot
    join the framework `fw` (the file's), as (field in Thai, Thai message); empty when it can: a whole B.E. year
    in YEAR_RANGE that `fw` does not have, weights covering IIT, EIT and OIT that are numbers from 0 to 1
    summing to 1, a level scheme `fw` has, a source or note, and `carried_from` (when given) another year in the
    range (the year copied, which may be one an admin added earlier)."""
    f = FIELDS_TH
    if not isinstance(body, Mapping):
        return [(f["body"], "ข้อมูลของปีต้องเป็นรายการช่องตามไฟล์กรอบการประเมิน")]
    problems: list[tuple[str, str]] = []
    unknown = sorted(str(k) for k in body if k not in BODY_KEYS)
    if unknown:
        problems.append((f["body"], f"มีช่องที่กรอบการประเมินไม่รู้จัก: {', '.join(unknown)}"))
    low, high = YEAR_RANGE
    year = _whole_year(body.get("year"))
    if year is None:
        problems.append((f["year"], "ต้องเป็นปีงบประมาณ พ.ศ. เป็นจำนวนเต็ม เช่น 2571"))
    elif not low <= year <= high:
        problems.append((f["year"], f"ปี {year} อยู่นอกช่วงที่รับได้ ({low}–{high}) กรุณาใช้ปี พ.ศ."))
    elif year in fw.years:
        problems.append((f["year"], f"ปี {year} มีอยู่ในไฟล์กรอบการประเมินแล้ว (แก้ได้ที่ไฟล์เท่านั้น)"))
    weights = body.get("weights")
    tools = [t.code for t in fw.tools] or list(TOOLS)
    if not isinstance(weights, Mapping):
        problems.append((f["weights"], f"ต้องกำหนดน้ำหนักของ {', '.join(tools)}"))
    else:
        missing = [t for t in tools if t not in weights]
        extra = sorted(str(k) for k in weights if k not in tools)
        values = {str(k): _number(v) for k, v in weights.items()}
        if missing:
            problems.append((f["weights"], f"ขาดน้ำหนักของ {', '.join(missing)}"))
        if extra:
            problems.append((f["weights"], f"ไม่มีเครื่องมือ {', '.join(extra)} ในกรอบการประเมิน"))
        bad = [k for k, v in values.items() if v is None or not 0 <= v <= 1]
        if bad:
            problems.append((f["weights"], f"น้ำหนักของ {', '.join(bad)} ต้องเป็นตัวเลขตั้งแต่ 0 ถึง 1 (0–100%)"))
        elif not missing and not extra:
            total = sum(v for v in values.values() if v is not None)
            if abs(total - 1.0) > WEIGHTS_TOLERANCE:
                problems.append((f["weights"], f"น้ำหนักรวมกันต้องเท่ากับ 100% (ตอนนี้ {round(total * 100, 4):g}%)"))
    scheme = body.get("level_scheme")
    if not isinstance(scheme, str) or scheme not in fw.level_schemes:
        names = ", ".join(f"{k} ({s.name_th})" for k, s in fw.level_schemes.items())
        problems.append((f["level_scheme"], f"ต้องเลือกเกณฑ์ระดับที่มีในกรอบการประเมิน: {names}"))
    source = body.get("weights_source")
    if not isinstance(source, str) or not source.strip():
        problems.append((f["weights_source"], "ต้องระบุแหล่งที่มาหรือหมายเหตุว่ากรอบของปีนี้มาจากไหน เช่น "
                                              "ยกมาจากปีก่อนจนกว่า ป.ป.ช. จะประกาศคู่มือ"))
    if body.get("carried_from") is not None:
        # Any year in the range but the year itself: it may be one an admin added before (not in `fw`, the file's).
        carried = _whole_year(body.get("carried_from"))
        if carried is None or not low <= carried <= high or carried == year:
            problems.append((f["carried_from"], f"ต้องเป็นปี พ.ศ. ({low}–{high}) ที่ยกน้ำหนักและเกณฑ์ระดับมา "
                                                "และไม่ใช่ปีที่เพิ่ม"))
    subs = body.get("sub_indicators", [])
    if not isinstance(subs, list) or any(
            not isinstance(x, Mapping) or not isinstance(x.get("code"), str) or not isinstance(x.get("name_th"), str)
            for x in subs):
        problems.append((f["sub_indicators"], "ตัวชี้วัดย่อยแต่ละรายการต้องมีรหัสและชื่อ"))
    items = body.get("document_items", {})
    if not isinstance(items, Mapping) or any(not isinstance(v, str) for v in items.values()):
        problems.append((f["document_items"], "รหัสข้อเอกสารต้องเป็นข้อความ เช่น O27"))
    for key in ("weights_confidence", "level_confidence", "level_note", "provisional_note"):
        if key in body and not isinstance(body[key], str):
            problems.append((f["body"], f"ช่อง {key} ต้องเป็นข้อความ"))
    return problems


def _load_oit(path: Path) -> tuple[tuple[OitItem, ...], str, str]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    items = tuple(
        OitItem(
            code=i["code"],
            printed=i.get("printed", ""),
            sub_indicator=i["sub_indicator"],
            title=i["title"],
            contents=tuple(i.get("contents", ())),
        )
        for i in raw["items"]
    )
    return items, raw.get("source", ""), raw.get("note", "")


def _year(y: Mapping[str, Any], schemes: Mapping[str, LevelScheme], tool_codes: set[str], pass_mark: float,
          base: Path | None, added: bool = False) -> YearFramework:
    """Returns one year's entry of framework.json (or a body an admin added: `added`, no `base`: such a
    body names no file) as a YearFramework."""
    oit_items: tuple[OitItem, ...] = ()
    oit_source = oit_note = ""
    if y.get("oit_items") and base is not None:
        # A copied framework file may keep pointing at the bundled item lists.
        oit_path = base / y["oit_items"]
        if not oit_path.exists():
            oit_path = RESOURCES / y["oit_items"]
        oit_items, oit_source, oit_note = _load_oit(oit_path)
    weights = {k: float(v) for k, v in y["weights"].items()}
    if abs(sum(weights.values()) - 1.0) > WEIGHTS_TOLERANCE or set(weights) != tool_codes:
        raise ValueError(f"weights of {y['year']} must cover every tool and sum to 1: {weights}")
    year = int(y["year"])
    provisional = bool(y.get("provisional", False))
    carried = y.get("carried_from")
    carried_from = int(carried) if carried is not None else None
    return YearFramework(
        year=year,
        weights=weights,
        weights_confidence=y["weights_confidence"],
        weights_source=y["weights_source"],
        level_scheme=schemes[y["level_scheme"]],
        level_confidence=y["level_confidence"],
        level_note=y.get("level_note", ""),
        pass_mark=pass_mark,
        sub_indicators=tuple(
            SubIndicator(s["code"], s["code"].split(".")[0], s["name_th"])
            for s in y.get("sub_indicators", ())
        ),
        oit_items=oit_items,
        oit_source=oit_source,
        oit_note=oit_note,
        document_items={k: str(v) for k, v in y.get("document_items", {}).items() if k in DOCUMENT_ROLES},
        provisional=provisional,
        carried_from=carried_from,
        provisional_note=str(y.get("provisional_note") or "").strip()
        or (provisional_note_th(year, carried_from, added) if provisional else ""),
        added=added,
    )


def _parse(raw: Mapping[str, Any], base: Path, path: str) -> Framework:
    indicators = tuple(
        Indicator(i["code"], i["tool"], i["name_th"], i["name_en"]) for i in raw["indicators"]
    )
    tools = tuple(
        Tool(
            t["code"],
            t["name_th"],
            t["name_en"],
            tuple(i.code for i in indicators if i.tool == t["code"]),
        )
        for t in raw["tools"]
    )
    schemes = {
        key: LevelScheme(
            key=key,
            name_th=s["name_th"],
            confidence=s["confidence"],
            source=s["source"],
            rules=tuple(
                LevelRule(r["level"], float(r["min_total"]), r.get("min_each_tool")) for r in s["levels"]
            ),
        )
        for key, s in raw["level_schemes"].items()
    }
    pass_mark = float(raw["pass_mark"]["value"])
    tool_codes = {t.code for t in tools}
    years = {int(y["year"]): _year(y, schemes, tool_codes, pass_mark, base) for y in raw["years"]}
    return Framework(
        tools=tools,
        indicators=indicators,
        years=years,
        pass_mark=pass_mark,
        pass_mark_confidence=raw["pass_mark"]["confidence"],
        pass_mark_source=raw["pass_mark"]["source"],
        indicators_source=raw["indicators_source"]["source"],
        path=path,
        level_schemes=schemes,
    )


@lru_cache(maxsize=8)
def _load_cached(path: str) -> Framework:
    p = Path(path)
    return _parse(json.loads(p.read_text(encoding="utf-8")), p.parent, path)


def load_framework(path: str | os.PathLike[str] | None = None) -> Framework:
    """Returns the framework from `path`, else ITA_FRAMEWORK, else the bundled file."""
    chosen = path or os.environ.get("ITA_FRAMEWORK") or DEFAULT_FRAMEWORK
    return _load_cached(str(Path(chosen).resolve()))
