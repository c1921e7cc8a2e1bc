"""Scores: tool scores and total from indicator scores, computed level, and the comparison
with what NACC published. Published values are never overwritten: every disagreement
becomes a finding that pages, the CLI and the documents show.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ita.core.framework import TOOLS, Framework, LevelScheme

# A published total and one computed from the indicators may differ by rounding; more than
# this is reported (the rule; published 2563–2565 totals reproduce to ±0.01).
TOTAL_TOLERANCE = 0.05


@dataclass(frozen=True)
class Finding:
    """Something a reader must see: a disagreement or a value that cannot be computed."""

    code: str
    message_th: str
    message_en: str


@dataclass(frozen=True)
class LevelResult:
    level: str | None
    reason_th: str = ""
    reason_en: str = ""


@dataclass
class YearResult:
    """One agency-year: what was published, what we compute, and where they differ."""

    year: int
    indicators: dict[str, float | None]
    tools_published: dict[str, float | None]
    tools_computed: dict[str, float | None]
    total: float | None
    total_computed: float | None
    level: str | None
    level_computed: str | None
    level_reason_th: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def tools(self) -> dict[str, float | None]:
        """Returns each tool's published score, else the computed one."""
        pub, comp = self.tools_published, self.tools_computed
        return {t: pub.get(t) if _known(pub.get(t)) else comp.get(t) for t in TOOLS}

    @property
    def best_total(self) -> float | None:
        """Returns the published total, else the computed one."""
        return self.total if _known(self.total) else self.total_computed

    @property
    def has_indicators(self) -> bool:
        return any(_known(v) for v in self.indicators.values())


def _known(v: float | None) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def round2(v: float | None) -> float | None:
    """Returns v rounded half up to two decimals (69.225 -> 69.23), as published figures are."""
    if v is None:
        return None
    text = repr(float(v))
    # A value written with at most two decimals is its own rounding (most published scores); the
    # check spares a national summary a million Decimal roundings.
    dot = text.find(".")
    if dot >= 0 and len(text) - dot <= 3 and "e" not in text:
        return float(v)
    return float(Decimal(text).quantize(_CENT, rounding=ROUND_HALF_UP))


_CENT = Decimal("0.01")


def clean(v: object) -> float | None:
    """Returns v as a float, or None for None/NaN."""
    if v is None:
        return None
    f = float(v)  # type: ignore[arg-type]
    return None if math.isnan(f) else f


def tool_scores(indicators: Mapping[str, float | None], fw: Framework) -> dict[str, float | None]:
    """Returns each tool's score, the plain mean of its indicators; None unless all are known."""
    out: dict[str, float | None] = {}
    for tool in fw.tools:
        vals = [clean(indicators.get(code)) for code in tool.indicators]
        out[tool.code] = None if any(v is None for v in vals) else sum(vals) / len(vals)  # type: ignore[arg-type]
    return out


def total_from_tools(tools: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """Returns the weighted total of the tool scores, or None when a tool is unknown."""
    if any(clean(tools.get(t)) is None for t in weights):
        return None
    return sum(weights[t] * float(tools[t]) for t in weights)  # type: ignore[arg-type]


def level_for(scheme: LevelScheme, total: float | None, tools: Mapping[str, float | None]) -> LevelResult:
    """Returns the level the scheme gives; None with a reason when a needed score is unknown.

    Rules are tried from best to worst. A rule whose condition cannot be decided because a
    tool score is unknown stops the search: guessing would hide exactly the uncertainty
    the published-versus-computed comparison is there to show.
    """
    if total is None:
        return LevelResult(None, "ไม่มีคะแนนรวม", "no total")
    for rule in scheme.rules:
        if total < rule.min_total:
            continue
        if rule.min_each_tool is None:
            return LevelResult(rule.level)
        vals = [clean(tools.get(t)) for t in TOOLS]
        if any(v is not None and v < rule.min_each_tool for v in vals):
            continue
        if any(v is None for v in vals):
            missing = ", ".join(t for t, v in zip(TOOLS, vals, strict=True) if v is None)
            return LevelResult(
                None,
                f"ต้องทราบคะแนน {missing} จึงจะคำนวณระดับได้ (ระดับ {rule.level} ต้องได้ทุกเครื่องมือ ≥ "
                f"{rule.min_each_tool:g})",
                f"needs the {missing} score(s): level {rule.level} requires every tool"
                f" ≥ {rule.min_each_tool:g}",
            )
        return LevelResult(rule.level)
    return LevelResult(None, "ไม่มีเกณฑ์ระดับที่ตรงกับคะแนน", "no level rule matches")


def evaluate_year(
    year: int,
    indicators: Mapping[str, float | None],
    fw: Framework,
    *,
    total: float | None = None,
    level: str | None = None,
    tools_published: Mapping[str, float | None] | None = None,
) -> YearResult:
    """Returns the year's published and computed results with every disagreement as a finding."""
    inds = {code: clean(indicators.get(code)) for code in fw.indicator_codes}
    pub_tools = {t: clean((tools_published or {}).get(t)) for t in TOOLS}
    total = clean(total)
    level = level or None
    yf = fw.for_year(year)
    findings: list[Finding] = []
    comp_tools = tool_scores(inds, fw)
    comp_total = total_from_tools(comp_tools, yf.weights) if yf else None
    if yf is None:
        findings.append(
            Finding(
                "unknown_year",
                f"{fw.unknown_year_th(year)} จึงคำนวณคะแนนรวมและระดับไม่ได้",
                f"no framework is known for {year}: total and level are not computed",
            )
        )
    partial = [c for c, v in inds.items() if v is None]
    if 0 < len(partial) < len(inds):
        findings.append(
            Finding(
                "partial_indicators",
                f"ปี {year} ขาดคะแนนตัวชี้วัดที่ {', '.join(partial)}",
                f"{year}: indicator(s) {', '.join(partial)} missing",
            )
        )
    if total is not None and comp_total is not None and abs(total - comp_total) > TOTAL_TOLERANCE:
        findings.append(
            Finding(
                "total_mismatch",
                f"ปี {year} คะแนนรวมที่ประกาศ {total:.2f} ต่างจากที่คำนวณจากตัวชี้วัด {comp_total:.2f} "
                f"({total - comp_total:+.2f})",
                f"{year}: published total {total:.2f} differs from the computed {comp_total:.2f}",
            )
        )
    for t in TOOLS:
        p, c = pub_tools[t], comp_tools[t]
        if p is not None and c is not None and abs(p - c) > TOTAL_TOLERANCE:
            findings.append(
                Finding(
                    "tool_mismatch",
                    f"ปี {year} คะแนน {t} ที่ประกาศ {p:.2f} ต่างจากที่คำนวณ {c:.2f}",
                    f"{year}: published {t} {p:.2f} differs from the computed {c:.2f}",
                )
            )
    level_computed: str | None = None
    reason = ""
    if yf is not None:
        best_tools = {t: pub_tools[t] if pub_tools[t] is not None else comp_tools[t] for t in TOOLS}
        best_total = total if total is not None else comp_total
        lr = level_for(yf.level_scheme, best_total, best_tools)
        level_computed, reason = lr.level, lr.reason_th
        if level and level_computed and level != level_computed:
            findings.append(
                Finding(
                    "level_mismatch",
                    f"ปี {year} ระดับที่ประกาศ '{level}' ต่างจากระดับที่คำนวณ '{level_computed}' "
                    f"(เกณฑ์ระดับความเชื่อมั่น {yf.level_confidence})",
                    f"{year}: published level '{level}' differs from the computed '{level_computed}'",
                )
            )
        if level and level not in yf.level_scheme.levels:
            findings.append(
                Finding(
                    "unknown_level",
                    f"ปี {year} ระดับ '{level}' ไม่อยู่ในเกณฑ์ {yf.level_scheme.name_th}",
                    f"{year}: level '{level}' is not in the scheme {yf.level_scheme.key}",
                )
            )
    return YearResult(
        year=year,
        indicators=inds,
        tools_published=pub_tools,
        tools_computed=comp_tools,
        total=total,
        total_computed=comp_total,
        level=level,
        level_computed=level_computed,
        level_reason_th=reason,
        findings=findings,
    )
