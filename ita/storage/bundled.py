"""The workbooks bundled in data/: the app's data until the store takes over."""

from __future__ import annotations

from pathlib import Path

from ita.core.framework import Framework, load_framework
from ita.core.model import Dataset
from ita.core.validation import Report
from ita.storage.excel import read_many

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def bundled_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """Returns the bundled workbooks, sorted by name."""
    return sorted(p for p in data_dir.glob("*.xlsx") if not p.name.startswith("~$"))


def load_bundled(data_dir: Path = DATA_DIR, fw: Framework | None = None) -> tuple[Dataset, Report]:
    """Returns every bundled workbook merged into one dataset, with the validation report."""
    ds, report, _ = read_many(bundled_files(data_dir), fw or load_framework())
    return ds, report
