"""The ITA framework per fiscal year, read from data with its source and confidence.

The facts live in `ita/resources/framework.json` (or the file named by the environment
variable ITA_FRAMEWORK), never as literals in code, because several of them are only
weakly known (DOMAIN.md [W]/[U]) and must stay visible and editable.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    years: dict[int, YearFramework] = {}
    for y in raw["years"]:
        oit_items: tuple[OitItem, ...] = ()
        oit_source = oit_note = ""
        if y.get("oit_items"):
            # A copied framework file may keep pointing at the bundled item lists.
            oit_path = base / y["oit_items"]
            if not oit_path.exists():
                oit_path = RESOURCES / y["oit_items"]
            oit_items, oit_source, oit_note = _load_oit(oit_path)
        weights = {k: float(v) for k, v in y["weights"].items()}
        if abs(sum(weights.values()) - 1.0) > 1e-9 or set(weights) != {t.code for t in tools}:
            raise ValueError(f"weights of {y['year']} must cover every tool and sum to 1: {weights}")
        years[int(y["year"])] = YearFramework(
            year=int(y["year"]),
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
        )
    return Framework(
        tools=tools,
        indicators=indicators,
        years=years,
        pass_mark=pass_mark,
        pass_mark_confidence=raw["pass_mark"]["confidence"],
        pass_mark_source=raw["pass_mark"]["source"],
        indicators_source=raw["indicators_source"]["source"],
        path=path,
    )


@lru_cache(maxsize=8)
def _load_cached(path: str) -> Framework:
    p = Path(path)
    return _parse(json.loads(p.read_text(encoding="utf-8")), p.parent, path)


def load_framework(path: str | os.PathLike[str] | None = None) -> Framework:
    """Returns the framework from `path`, else ITA_FRAMEWORK, else the bundled file."""
    chosen = path or os.environ.get("ITA_FRAMEWORK") or DEFAULT_FRAMEWORK
    return _load_cached(str(Path(chosen).resolve()))
