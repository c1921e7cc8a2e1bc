"""Validation report: every problem found in an input, with where it is and a Thai message.

Reading raises only when a file cannot be read at all (see ita.storage.excel.WorkbookError); checking
collects every problem into a Report that the data page and the CLI both show.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pandas as pd

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    code: str
    message_th: str
    message_en: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""

    def location_th(self) -> str:
        """Returns 'ชีต X แถว N คอลัมน์ Y' with the parts that are known."""
        parts = []
        if self.sheet:
            # A file that cannot be read at all carries the file's name where a sheet would be.
            parts.append(f"{'ไฟล์' if self.code == 'unreadable' else 'ชีต'} '{self.sheet}'")
        if self.row is not None:
            parts.append(f"แถว {self.row}")
        if self.column:
            parts.append(f"คอลัมน์ '{self.column}'")
        return " ".join(parts)


REPORT_COLUMNS = ["severity", "sheet", "row", "column", "value", "message_th", "message_en", "code"]


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    def add(self, severity: Severity, code: str, message_th: str, message_en: str, **where: Any) -> None:
        value = where.pop("value", "")
        self.problems.append(
            Problem(severity, code, message_th, message_en, value=_show(value), **where)
        )

    def error(self, code: str, message_th: str, message_en: str, **where: Any) -> None:
        self.add("error", code, message_th, message_en, **where)

    def warning(self, code: str, message_th: str, message_en: str, **where: Any) -> None:
        self.add("warning", code, message_th, message_en, **where)

    def extend(self, other: Report) -> None:
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """Returns True when there is no error (warnings are allowed)."""
        return not self.errors

    def to_frame(self) -> pd.DataFrame:
        """Returns the problems as a table (one row each), errors first."""
        rows = [asdict(p) for p in sorted(self.problems, key=lambda p: p.severity != "error")]
        return pd.DataFrame(rows, columns=REPORT_COLUMNS)

    def format_text(self) -> str:
        """Returns the problems as Thai lines, errors first, each with its location and value."""
        lines = []
        for p in sorted(self.problems, key=lambda p: p.severity != "error"):
            tag = "ข้อผิดพลาด" if p.severity == "error" else "คำเตือน"
            where = p.location_th()
            value = f" ค่า: '{p.value}'" if p.value else ""
            lines.append(f"[{tag}] {where}: {p.message_th}{value}  ({p.message_en})" if where else
                         f"[{tag}] {p.message_th}{value}  ({p.message_en})")
        return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."
