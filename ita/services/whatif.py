"""What-if: new target scores for some indicators of one year → the new tool scores, total, level
by that year's rule, the points gained and the distance to the pass mark and to the top level.

Pure functions on the framework and one year's indicator scores; the weights and the level rules
are the year's own (ita/resources/framework.json, with their confidence), through ita.core.scoring.
Also here: reading `IND=SCORE` targets, and which planned measures a scenario's targets apply to.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ita.core import rules
from ita.core.errors import ItaError
from ita.core.framework import TOOLS, Framework
from ita.core.scoring import clean, level_for, tool_scores, total_from_tools
from ita.core.text import as_text, is_blank, split_indicators, thai_datetime
from ita.core.thai import to_arabic_digits


class WhatIfError(ItaError, ValueError):
    """A what-if that cannot be computed, with a Thai message for the user and an English one."""


@dataclass(frozen=True)
class WhatIf:
    """The year before and after the targets. Distances are the total points still needed
    (0 once reached); `top_mark` is the lowest total of the scheme's best level (95)."""

    year: int
    targets: dict[str, float]
    indicators: dict[str, float]
    tools_before: dict[str, float | None]
    tools: dict[str, float | None]
    total_before: float
    total: float
    gain: float
    level_before: str | None
    level: str | None
    level_reason_th: str
    scheme_th: str
    level_confidence: str
    weights_confidence: str
    pass_mark: float
    top_mark: float
    to_pass: float
    to_top: float


def missing_indicators(indicators: Mapping[str, float | None], fw: Framework) -> list[str]:
    """Returns the codes of indicators 1–10 without a score, in order."""
    return [c for c in fw.indicator_codes if clean(indicators.get(c)) is None]


def check_targets(targets: Mapping[str, Any], fw: Framework) -> dict[str, float]:
    """Returns the targets as {code: float}; raises WhatIfError for a code that is not one of
    indicators 1–10 (sub-indicators do not enter the total), or a target that is blank, not a
    number or outside the score range (ita.core.rules)."""
    out: dict[str, float] = {}
    for code, value in targets.items():
        code = to_arabic_digits(str(code)).strip()
        if code not in fw.indicator_codes:
            raise WhatIfError(
                f"ตั้งเป้าได้เฉพาะตัวชี้วัดที่ 1–10 (ไม่ใช่ '{code}')",
                f"targets are for indicators 1-10 only, not '{code}'",
            )
        score, problem = rules.typed_score(value)
        if problem is not None:
            raise WhatIfError(f"เป้าหมายของตัวชี้วัดที่ {code}: {problem.message_th}",
                              f"target of indicator {code}: {problem.message_en}")
        if score is None:
            raise WhatIfError(f"ยังไม่ได้กรอกคะแนนเป้าหมายของตัวชี้วัดที่ {code}",
                              f"the target of indicator {code} is blank")
        out[code] = score
    return out


def parse_target(text: str) -> tuple[str, float]:
    """Returns ('10', 95.0) from '10=95' (Thai digits read too); raises WhatIfError otherwise."""
    code, sep, value = to_arabic_digits(text).partition("=")
    if not sep or not code.strip() or not value.strip():
        raise WhatIfError(f"รูปแบบต้องเป็น ตัวชี้วัด=คะแนน เช่น 10=95 (ได้ '{text}')",
                          f"expected IND=SCORE such as 10=95, got '{text}'")
    try:
        return code.strip(), float(value.strip())
    except ValueError:
        raise WhatIfError(f"คะแนนใน '{text}' ไม่ใช่ตัวเลข", f"the score in '{text}' is not a number") from None


def what_if(
    year: int, indicators: Mapping[str, float | None], targets: Mapping[str, Any], fw: Framework
) -> WhatIf:
    """Returns the year with `targets` replacing those indicators' scores. Needs the year's
    framework and all ten indicator scores (raises WhatIfError saying what is missing)."""
    yf = fw.for_year(int(year))
    if yf is None:
        raise WhatIfError(f"{fw.unknown_year_th(int(year))} (น้ำหนักและระดับ) จึงคำนวณไม่ได้",
                          f"no framework for {year}")
    before = {c: clean(indicators.get(c)) for c in fw.indicator_codes}
    missing = missing_indicators(before, fw)
    if missing:
        raise WhatIfError(
            f"การลองตั้งเป้าต้องมีคะแนนครบทั้ง 10 ตัวชี้วัดของปี {year} (ขาดตัวชี้วัดที่ {', '.join(missing)})",
            f"what-if needs all ten indicator scores of {year}; missing {', '.join(missing)}",
        )
    chosen = check_targets(targets, fw)
    after: dict[str, float] = {c: float(v) for c, v in before.items() if v is not None} | chosen
    tools_before = tool_scores(before, fw)
    tools_after = tool_scores(after, fw)
    total_before = total_from_tools(tools_before, yf.weights)
    total_after = total_from_tools(tools_after, yf.weights)
    assert total_before is not None and total_after is not None  # every indicator is known
    lb = level_for(yf.level_scheme, total_before, tools_before)
    la = level_for(yf.level_scheme, total_after, tools_after)
    top = max(r.min_total for r in yf.level_scheme.rules)
    return WhatIf(
        year=int(year),
        targets=chosen,
        indicators=after,
        tools_before=tools_before,
        tools=tools_after,
        total_before=total_before,
        total=total_after,
        gain=total_after - total_before,
        level_before=lb.level,
        level=la.level,
        level_reason_th=la.reason_th,
        scheme_th=yf.level_scheme.name_th,
        level_confidence=yf.level_confidence,
        weights_confidence=yf.weights_confidence,
        pass_mark=yf.pass_mark,
        top_mark=top,
        to_pass=max(0.0, yf.pass_mark - total_after),
        to_top=max(0.0, top - total_after),
    )


TOOL_COLUMNS = ["tool", "before", "after", "change"]


def tools_table(result: WhatIf) -> pd.DataFrame:
    """Returns IIT, EIT, OIT with the score before, after and the change."""
    rows = []
    for t in TOOLS:
        b, a = result.tools_before.get(t), result.tools.get(t)
        rows.append({"tool": t, "before": b, "after": a,
                     "change": a - b if a is not None and b is not None else None})
    return pd.DataFrame(rows, columns=TOOL_COLUMNS)


# -- scenarios ------------------------------------------------------------------------------------


def targets_json(targets: Mapping[str, float]) -> str:
    """Returns the targets as JSON text in indicator order (what the store keeps)."""
    ordered = sorted(targets.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 999)
    return json.dumps({k: float(v) for k, v in ordered}, ensure_ascii=False)


def targets_from_json(text: Any) -> dict[str, float]:
    """Returns the targets kept as JSON text ({} for blank or unreadable text)."""
    try:
        raw = json.loads(as_text(text) or "{}")
    except json.JSONDecodeError:
        return {}
    return {str(k): float(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def targets_text(targets: Mapping[str, float]) -> str:
    """Returns '10 → 95.00, 7 → 90.00' in indicator order."""
    return ", ".join(f"{k} → {v:.2f}" for k, v in targets_from_json(targets_json(targets)).items())


def scenario_label(row: Any) -> str:
    """Returns a saved scenario's label: 'name · 10 → 95.00 · author · 25 ต.ค. 2568 14:05'
    (`row` is a Store.scenarios row)."""
    return " · ".join(p for p in (
        as_text(row.name), targets_text(targets_from_json(row.targets)), as_text(row.author),
        thai_datetime(row.saved)) if p)


ADOPT_COLUMNS = ["id", "version", "number", "title", "indicators", "current", "target", "action", "reason"]
ADOPT_ACTIONS_TH = {"update": "ตั้งเป้าหมายใหม่", "same": "เป้าหมายเท่าเดิม", "ambiguous": "ไม่ตั้ง (หลายค่า)"}


def adoptable_targets(measures: pd.DataFrame, targets: Mapping[str, float]) -> pd.DataFrame:
    """Returns, for each planned measure (Store.measures rows) linked to an indicator with a
    target (directly or through a sub-indicator such as 10.1), the target it would get:
    action 'update' (a new value), 'same' (already that value) or 'ambiguous' (the measure serves
    indicators with different targets, so none is chosen for it)."""
    rows = []
    for r in measures.itertuples(index=False):
        codes = split_indicators(r.indicators)
        hits = {t: float(v) for t, v in targets.items() if any(c == t or c.split(".")[0] == t for c in codes)}
        if not hits:
            continue
        current = None if is_blank(r.target) else float(r.target)
        values = sorted(set(hits.values()))
        if len(values) > 1:
            action, target = "ambiguous", None
            reason = "มาตรการนี้เกี่ยวกับหลายตัวชี้วัดที่มีเป้าหมายต่างกัน: " + ", ".join(
                f"ตัวชี้วัดที่ {t} = {v:.2f}" for t, v in hits.items())
        else:
            target = values[0]
            same = current is not None and abs(current - target) < 0.005
            action = "same" if same else "update"
            reason = "ตัวชี้วัดที่ " + ", ".join(hits)
        rows.append({"id": int(r.id), "version": int(r.version), "number": as_text(r.number),
                     "title": as_text(r.title), "indicators": ", ".join(codes), "current": current,
                     "target": target, "action": action, "reason": reason})
    return pd.DataFrame(rows, columns=ADOPT_COLUMNS)
