"""What the data page shows and saves, as plain data: the summary and report of a workbook read
for import, the import preview, the editable table of one year's scores and the entry it gives
the store, and an agency's change history. Pure functions on DataFrames and Datasets (the one
exception, `restore`, calls the store and only translates its errors); no Streamlit here.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa

from ita.core import rules
from ita.core.access import Account
from ita.core.framework import TOOLS, Framework
from ita.core.markdown import plain
from ita.core.model import Dataset
from ita.core.rules import ADDED, CHANGED, UNCHANGED
from ita.core.scoring import evaluate_year
from ita.core.validation import Report
from ita.storage.excel import ReadResult, max_upload_bytes, write_workbook
from ita.storage.store import Store, StoreError

MB = 1024 * 1024

LAYOUTS_TH: dict[str, str] = {
    "template": "แม่แบบของโปรแกรม (หนึ่งชีตต่อหนึ่งตาราง)",
    "wide": "ตารางแบบกว้าง (หนึ่งแถวต่อหน่วยงานและปี คะแนนตัวชี้วัดเป็นคอลัมน์)",
    "none": "ไม่พบตารางคะแนนที่รู้จัก",
}

# The actions of Store.preview_import (ADDED, CHANGED, UNCHANGED), in the order the page counts them.
ACTIONS: tuple[str, ...] = rules.IMPORT_ACTIONS

REPORT_COLUMNS_TH = ["ระดับ", "ชีต", "แถว", "คอลัมน์", "ค่าในไฟล์", "ปัญหา"]
PREVIEW_COLUMNS_TH = ["ตาราง", "รายการ", "การเปลี่ยนแปลง", "ช่องที่เปลี่ยน"]

# The rows of the entry table besides the ten indicators: the tools and the total (results).
RESULT_SCORES: tuple[str, ...] = (*TOOLS, "total")
ENTRY_COLUMNS = ["code", "item", "tool", "score", "source"]

TABLES_TH = {"indicator_scores": "คะแนนตัวชี้วัด", "results": "ผลรวมรายปี"}
HISTORY_ACTIONS_TH = {
    "insert": "เพิ่ม",
    "update": "แก้ไข",
    "delete": "ลบ",
    "import": "นำเข้า",
    "restore": "กู้คืน",
}
HISTORY_COLUMNS = ["id", "at", "author", "table", "action", "year", "item", "value", "changes"]
HISTORY_COLUMNS_TH = ["เลขที่", "เวลา", "ผู้บันทึก", "ตาราง", "การกระทำ", "ปี", "รายการ", "ค่าในรุ่นนี้", "สิ่งที่เปลี่ยน"]

# Characters Streamlit's Markdown would read as formatting, links, LaTeX or icons.
# -- upload ---------------------------------------------------------------------------------


def size_text(n_bytes: int) -> str:
    """Returns a size for a message: '20 MB', '0.5 MB' or '300 KB'."""
    if n_bytes >= MB:
        return f"{n_bytes // MB} MB" if n_bytes % MB == 0 else f"{n_bytes / MB:.1f} MB"
    return f"{math.ceil(n_bytes / 1024)} KB"


def upload_limit_mb(limit: int) -> int:
    """Returns the uploader widget's limit in whole megabytes (at least 1, rounded up), so the
    browser refuses a far larger file before sending it; the exact limit is checked on the server."""
    return max(1, math.ceil(limit / MB))


def server_upload_mb(environ: Mapping[str, str] | None = None) -> int:
    """Returns the Streamlit server's upload limit (server.maxUploadSize, whole MB) for ITA_MAX_UPLOAD_MB
    in `environ` (default: this process's): the uploader's own limit, so the server refuses a larger
    upload before holding it. run_app.sh and the test servers pass it; .streamlit/config.toml holds
    the default's."""
    return upload_limit_mb(max_upload_bytes(environ))


def size_problem(size: int, limit: int) -> str | None:
    """Returns the Thai message when a file of `size` bytes is over `limit`, else None."""
    if size <= limit:
        return None
    return f"ไฟล์มีขนาด {size_text(size)} เกินขนาดสูงสุดที่นำเข้าได้ ({size_text(limit)}) จึงไม่อ่านไฟล์นี้ และไม่มีการเปลี่ยนแปลงข้อมูล"


@dataclass(frozen=True)
class ReadSummary:
    """What the page says about a workbook read for import."""

    layout_th: str
    errors: int
    warnings: int
    needs_agency: bool

    @property
    def can_import(self) -> bool:
        return self.errors == 0


def needs_agency_name(result: ReadResult) -> bool:
    """Returns True when the file is a wide table without an agency column (and no default
    agency was given), so the page must ask whose scores they are."""
    return result.layout == "wide" and any(p.code == "no_agency" for p in result.report.errors)


def summarise(result: ReadResult) -> ReadSummary:
    """Returns the layout (in Thai), the counts of errors and warnings, and whether the agency
    name must be asked for."""
    return ReadSummary(
        layout_th=LAYOUTS_TH.get(result.layout, result.layout),
        errors=len(result.report.errors),
        warnings=len(result.report.warnings),
        needs_agency=needs_agency_name(result),
    )


def report_table(report: Report) -> pd.DataFrame:
    """Returns every problem of the report (errors first) with Thai headers: severity, sheet,
    row, column, value and the Thai message."""
    df = report.to_frame()
    out = pd.DataFrame(
        {
            "ระดับ": ["ข้อผิดพลาด" if s == "error" else "คำเตือน" for s in df["severity"]],
            "ชีต": df["sheet"].astype(object),
            "แถว": pd.array(df["row"].tolist(), dtype="Int64"),
            "คอลัมน์": df["column"].astype(object),
            "ค่าในไฟล์": df["value"].astype(object),
            "ปัญหา": df["message_th"].astype(object),
        }
    )
    return out.reset_index(drop=True)


def action_counts(preview: pd.DataFrame) -> dict[str, int]:
    """Returns how many rows of an import preview each action has (every action, 0 when none)."""
    counts = preview["action"].value_counts()
    return {a: int(counts.get(a, 0)) for a in ACTIONS}


# At most this many rows of an import preview go to the browser: a national file's preview has ~465k rows
# (~80 MB as a table); the counts above the table say how many there are.
PREVIEW_SHOWN = 500
# The history tab shows this many entries a page.
HISTORY_PAGE = 30


def preview_rows(preview: pd.DataFrame, show_unchanged: bool = False) -> int:
    """Returns how many rows preview_table(preview, show_unchanged) would give without a bound."""
    return len(preview) if show_unchanged else int((preview["action"] != UNCHANGED).sum())


def preview_table(preview: pd.DataFrame, show_unchanged: bool = False, bound: int | None = None) -> pd.DataFrame:
    """Returns the import preview with Thai headers, its first `bound` rows (None: all); rows that stay the
    same are left out unless `show_unchanged`."""
    rows = preview if show_unchanged else preview[preview["action"] != UNCHANGED]
    if bound is not None:
        rows = rows.head(bound)
    out = rows[["table", "key", "action", "fields"]].reset_index(drop=True)
    out.columns = PREVIEW_COLUMNS_TH
    return out


@dataclass(frozen=True)
class PreviewShown:
    """What the data page keeps of an import preview between reruns: the counts and, with and without the
    unchanged rows, how many rows there are and the first PREVIEW_SHOWN of them. Never the whole preview:
    a national file's has ~465k rows, and holding it while the import runs raised the server's peak."""

    counts: dict[str, int]
    rows: dict[bool, int]  # show_unchanged → preview_rows
    tables: dict[bool, pd.DataFrame]  # show_unchanged → preview_table, bounded


def preview_shown(preview: pd.DataFrame) -> PreviewShown:
    """Returns the PreviewShown of an import preview."""
    return PreviewShown(action_counts(preview), {b: preview_rows(preview, b) for b in (False, True)},
                        {b: preview_table(preview, b, PREVIEW_SHOWN) for b in (False, True)})


def import_message(done: pd.DataFrame, file_name: str) -> str:
    """Returns the Thai success message after an import (Markdown-safe)."""
    counts = action_counts(done)
    return (
        f"นำเข้าข้อมูลจาก {plain(file_name)} แล้ว: เพิ่ม {counts[ADDED]} แถว แก้ไข {counts[CHANGED]} แถว "
        f"(เหมือนเดิม {counts[UNCHANGED]} แถว) ทุกหน้าแสดงข้อมูลใหม่แล้ว"
    )


# -- downloads ------------------------------------------------------------------------------


def agency_workbook(ds: Dataset, agency: str, fw: Framework | None = None) -> bytes:
    """Returns the bytes of a workbook in the app's template with all of the agency's data
    (and the national figures), ready to edit and import again."""
    return write_workbook(ds.for_agency(agency), fw, title=f"ข้อมูลผลการประเมิน ITA: {agency}")


def export_file_name(agency: str) -> str:
    """Returns a file name for the agency's workbook, without characters file systems refuse."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", agency).strip() or "agency"
    return f"ข้อมูล ITA {safe}.xlsx"


# -- entering one year's scores -------------------------------------------------------------


def _score(v: Any) -> float | None:
    if v is None or v is pd.NA:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _rows(df: pd.DataFrame, agency: str, year: int) -> pd.DataFrame:
    return df[(df["agency"] == agency) & (df["year"] == year)]


def has_indicator_scores(ds: Dataset, agency: str, year: int) -> bool:
    """Returns True when the agency has at least one indicator score for the year."""
    return bool(len(_rows(ds["indicator_scores"], agency, year)))


def existing_result(ds: Dataset, agency: str, year: int) -> dict[str, Any] | None:
    """Returns the agency's published result of the year (IIT, EIT, OIT, total, level, source,
    note), or None when there is none."""
    rows = _rows(ds["results"], agency, year)
    if not len(rows):
        return None
    rec = rows.iloc[0].to_dict()
    return {k: (_score(rec[k]) if k in RESULT_SCORES else rec[k]) for k in (*RESULT_SCORES, "level", "source", "note")}


def next_year(ds: Dataset, agency: str, fallback: int) -> int:
    """Returns the fiscal year after the agency's latest one (`fallback` + 1 when it has none)."""
    years = ds.years(agency)
    return (years[-1] if years else fallback) + 1


def entry_frame(ds: Dataset, agency: str, year: int, fw: Framework) -> pd.DataFrame:
    """Returns the table to edit: the ten indicators (Thai names), then IIT, EIT, OIT and the
    total, each with its current score (NaN when unknown) and where that score came from."""
    scores = _rows(ds["indicator_scores"], agency, year)
    by_code = {
        str(c): (_score(s), str(src))
        for c, s, src in zip(scores["indicator"], scores["score"], scores["source"], strict=True)
    }
    result = existing_result(ds, agency, year) or {}
    rows: list[dict[str, Any]] = []
    for ind in fw.indicators:
        score, source = by_code.get(ind.code, (None, ""))
        rows.append(
            {
                "code": ind.code,
                "item": f"ตัวชี้วัดที่ {ind.code} {ind.name_th}",
                "tool": ind.tool,
                "score": score,
                "source": source,
            }
        )
    items = [(t.code, f"คะแนน {t.code} ({t.name_th})", t.code) for t in fw.tools]
    items.append(("total", "คะแนนรวม (ITA) ตามที่ประกาศ", "รวม"))
    for code, item, tool in items:
        score = result.get(code)
        rows.append(
            {
                "code": code,
                "item": item,
                "tool": tool,
                "score": score,
                "source": result.get("source", "") if score is not None else "",
            }
        )
    df = pd.DataFrame(rows, columns=ENTRY_COLUMNS)
    df["score"] = pd.to_numeric(df["score"], errors="coerce").astype("float64")
    return df


def level_options(fw: Framework, year: int, current: str | None = None) -> list[str]:
    """Returns the published-level choices of the year ('' = not given first), from the year's
    scheme (the latest known year's for a year the framework does not know yet), plus the
    current level when it is not one of them."""
    yf = fw.for_year(year) or fw.years[max(fw.years)]
    options = ["", *yf.level_scheme.levels]
    if current and current not in options:
        options.append(current)
    return options


def year_note(fw: Framework, year: int) -> str | None:
    """Returns a Thai warning when the framework has no entry for the year (said as the framework says it,
    Framework.unknown_year_th), with what data entry does then; None for a year it has (a provisional year's
    notice is the page's, ita.ui.common.framework_notice)."""
    if fw.for_year(year) is not None:
        return None
    return (
        f"{fw.unknown_year_th(year)} บันทึกคะแนนได้ แต่จะยังไม่คำนวณคะแนนรวมและระดับของปีนี้ "
        f"ตัวเลือกระดับที่ประกาศใช้ของปี {max(fw.years)} (ปีล่าสุดที่มีในระบบ)"
    )


def _label(row: Mapping[str, Any]) -> str:
    return str(row["item"])


def entry_problems(
    edited: pd.DataFrame, source: str, level: str, existing: Mapping[str, Any] | None,
    stored: Mapping[str, Any] | None = None,
) -> list[tuple[str, str]]:
    """Returns every reason the entry cannot be saved as (field, Thai message): a score outside the
    score range (ita.core.rules), a missing source, or nothing entered at all. Empty when it can be saved.

    `stored` is the year as the store holds it (Store.year_values: indicator scores and result
    fields). An all-empty entry of a year with something stored (a result row or only indicator
    scores) is allowed: it removes what is stored, as emptying one cell removes that score."""
    problems: list[tuple[str, str]] = []
    for row in edited.to_dict("records"):
        if problem := rules.score_problem(_score(row["score"])):
            problems.append((_label(row), problem.message_th))
    if not str(source or "").strip():
        problems.append(("แหล่งที่มา", "ต้องระบุแหล่งที่มาของตัวเลข เช่น หนังสือแจ้งผล ITA ปีงบประมาณนั้น ไม่บันทึกตัวเลขที่ไม่มีแหล่งที่มา"))
    entered = any(_score(s) is not None for s in edited["score"]) or bool(level)
    has_stored = bool(existing) or any(_stored_value(v) for v in (stored or {}).values())
    if not entered and not has_stored:
        problems.append(("คะแนน", "ยังไม่ได้กรอกคะแนนหรือระดับ"))
    return problems


def _stored_value(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and not (isinstance(value, float) and pd.isna(value))


@dataclass(frozen=True)
class YearEntry:
    """What Store.save_year takes: indicator scores (None removes a score) and result fields."""

    indicators: dict[str, float | None]
    result: dict[str, Any]


def year_entry(
    edited: pd.DataFrame, level: str, note: str, existing: Mapping[str, Any] | None, fw: Framework
) -> YearEntry:
    """Returns the entry to save from the edited table.

    Every indicator is given (an emptied cell removes that score). A result field is given when
    it has a value or had one before (so emptying it clears it); with neither, the year gets no
    result row, rather than an empty one.
    """
    values = {str(r["code"]): _score(r["score"]) for r in edited.to_dict("records")}
    indicators = {code: values.get(code) for code in fw.indicator_codes}
    before = existing or {}
    wanted: dict[str, Any] = {k: values.get(k) for k in RESULT_SCORES}
    wanted["level"] = (level or "").strip() or None
    wanted["note"] = (note or "").strip() or None
    result = {k: v for k, v in wanted.items() if v is not None or before.get(k) not in (None, "")}
    # The store keeps text columns as '' when empty; give it the same for a cleared text field.
    for k in ("level", "note"):
        if k in result and result[k] is None:
            result[k] = ""
    return YearEntry(indicators, result)


def conflict_table(theirs: Mapping[str, tuple[Any, Any]]) -> pd.DataFrame:
    """Returns what another person changed since the form opened: field, the value the form
    showed, the value stored now."""
    def shown(v: Any) -> str:
        return "–" if v is None or (isinstance(v, float) and math.isnan(v)) or v == "" else (
            f"{v:.2f}" if isinstance(v, float) else str(v))

    return pd.DataFrame(
        [{"ช่อง": k, "ค่าที่ฟอร์มแสดง": shown(a), "ค่าที่บันทึกไว้ตอนนี้": shown(b)} for k, (a, b) in theirs.items()],
        columns=["ช่อง", "ค่าที่ฟอร์มแสดง", "ค่าที่บันทึกไว้ตอนนี้"],
    )


def entry_findings(year: int, entry: YearEntry, fw: Framework) -> list[str]:
    """Returns the Thai findings of the year as entered (a total or tool that disagrees with its
    indicators, a level the year's rule does not have, some indicators missing), the checks an
    import runs; they do not stop a save (the published figures are kept as published)."""
    if fw.for_year(year) is None:
        return []  # year_note already says the year has no framework
    result = evaluate_year(
        year, entry.indicators, fw, total=entry.result.get("total"), level=entry.result.get("level") or None,
        tools_published={t: entry.result.get(t) for t in TOOLS},
    )
    return [f.message_th for f in result.findings]


def findings_text(findings: list[str]) -> str:
    """Returns findings as lines to append to a Markdown message, each with a warning sign."""
    return "".join(f"  \n⚠ {plain(f)}" for f in findings)


def saved_message(agency: str, year: int, is_new_year: bool) -> str:
    """Returns the Thai success message after saving a year's scores (Markdown-safe)."""
    text = f"บันทึกคะแนนของ {plain(agency)} ปีงบประมาณ {year} แล้ว"
    if is_new_year:
        text += f" — เลือกปี {year} ที่แถบด้านข้างเพื่อดูปีใหม่ในหน้าอื่น ๆ"
    return text


# -- history ----------------------------------------------------------------------------------


def _json(text: Any) -> dict[str, Any] | None:
    return json.loads(text) if isinstance(text, str) and text else None


def _value_text(table: str, snap: Mapping[str, Any] | None) -> str:
    if snap is None:
        return "–"
    if snap.get("deleted"):
        return "ลบแล้ว"
    if table == "indicator_scores":
        score = _score(snap.get("score"))
        return f"คะแนน {score:.2f}" if score is not None else "คะแนน –"
    parts = []
    for key, name in (("IIT", "IIT"), ("EIT", "EIT"), ("OIT", "OIT"), ("total", "คะแนนรวม")):
        v = _score(snap.get(key))
        if v is not None:
            parts.append(f"{name} {v:.2f}")
    if snap.get("level"):
        parts.append(f"ระดับ {snap['level']}")
    return " · ".join(parts) or "ไม่มีคะแนน"


def _item_text(table: str, snap: Mapping[str, Any], fw: Framework) -> str:
    if table == "indicator_scores":
        return fw.indicator_label(str(snap.get("indicator", "")))
    return "คะแนนรวมและระดับ"


def agency_history(frames: Iterable[pd.DataFrame], agency: str, fw: Framework, limit: int = 30) -> pd.DataFrame:
    """Returns the agency's newest `limit` history entries from Store.history frames (newest
    first): id, at, author, table, action (Thai), year, item, the value of that version, and
    what changed. Only entries with a version to restore (an `after` row) are kept."""
    rows: list[dict[str, Any]] = []
    for df in frames:
        for rec in df.to_dict("records"):
            after = _json(rec.get("after"))
            before = _json(rec.get("before"))
            snap = after or before
            if snap is None or snap.get("agency") != agency or after is None:
                continue
            table = str(rec["tbl"])
            rows.append(
                {
                    "id": int(rec["id"]),
                    "at": str(rec["at"]).replace("T", " ")[:16],
                    "author": str(rec["author"]),
                    "table": TABLES_TH.get(table, table),
                    "action": HISTORY_ACTIONS_TH.get(str(rec["action"]), str(rec["action"])),
                    "year": int(snap["year"]) if snap.get("year") is not None else None,
                    "item": _item_text(table, snap, fw),
                    "value": _value_text(table, after),
                    "changes": str(rec.get("changes") or ""),
                }
            )
    out = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
    out["year"] = pd.array(out["year"].tolist(), dtype="Int64")
    return out.sort_values("id", ascending=False).head(limit).reset_index(drop=True)


def history_pages(total: int, per_page: int = HISTORY_PAGE) -> int:
    """Returns how many pages `total` history entries fill (at least 1)."""
    return max(1, -(-int(total) // per_page))


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Returns the history with Thai headers, for display."""
    out = history[HISTORY_COLUMNS].copy()
    out.columns = HISTORY_COLUMNS_TH
    return out


def history_labels(history: pd.DataFrame) -> dict[int, str]:
    """Returns, for each history id, a one-line Thai label of that version."""
    return {
        int(r["id"]): f"เลขที่ {r['id']} · {r['item']} ปี {r['year']} → {r['value']} "
        f"({r['action']} {r['at']} โดย {r['author']})"
        for r in history.to_dict("records")
    }


def restore(store: Store, history_id: int, actor: Account | None) -> dict[str, Any]:
    """Restores the version of history entry `history_id`; returns the restored row.

    Raises StoreError with a Thai message when it cannot be done. Store.restore_version lets
    the database's unique-key error through when another live row now holds the same key (a score
    removed and entered again); that is translated here so the page never shows a traceback.
    """
    try:
        return store.restore_version(history_id, actor)
    except sa.exc.IntegrityError as exc:
        raise StoreError(
            "กู้คืนรุ่นนี้ไม่ได้: มีรายการเดียวกัน (หน่วยงาน ปี และตัวชี้วัดเดียวกัน) ที่ใช้อยู่แล้ว ให้แก้ค่าที่ตาราง 'กรอกหรือแก้ไขคะแนน' แทน",
            f"cannot restore history entry {history_id}: another live row has the same key ({exc})",
        ) from None
