"""What the command-line commands (ita.cli.main, ita.cli.report) share: reading the input workbooks with
every problem reported, and picking the agency a command is about."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ita.core.framework import Framework
from ita.core.model import Dataset
from ita.storage.excel import read_many


def err(text: str) -> None:
    """Prints to standard error (problems and refusals; results go to standard output)."""
    print(text, file=sys.stderr)


def read_inputs(files: Sequence[str], fw: Framework, agency: str | None, refusal: str) -> Dataset | None:
    """Reads the workbooks and prints every problem found; when any is an error, prints
    "มีข้อผิดพลาดในไฟล์ จึง<refusal> …" and returns None, so the command stops with exit code 1."""
    ds, report, _ = read_many(files, fw, default_agency=agency)
    if report.problems:
        err(report.format_text())
    if not report.ok:
        err(f"มีข้อผิดพลาดในไฟล์ จึง{refusal} (แก้ไขตามรายการข้างบนแล้วลองอีกครั้ง)")
        return None
    return ds


def pick(names: list[str], wanted: str | None) -> list[str]:
    """Returns the names equal to `wanted`, else those containing it; all of them without one."""
    if not wanted:
        return names
    exact = [a for a in names if a == wanted]
    return exact or [a for a in names if wanted in a]
