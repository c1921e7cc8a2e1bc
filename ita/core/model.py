"""The in-memory dataset: one pandas DataFrame per template table.

Column types are fixed per column kind so that a workbook read back equals the one written:
text is `str` with "" for missing, scores are float64 with NaN for missing, years and counts
are nullable Int64, dates are ISO `YYYY-MM-DD` text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ita.core.schema import TABLES, TABLES_BY_KEY, YES, Table


def _dtype(kind: str) -> Any:
    if kind == "score":
        return "float64"
    if kind in {"year", "int"}:
        return "Int64"
    return object


def empty_frame(table: Table) -> pd.DataFrame:
    """Returns an empty DataFrame with the table's columns and types."""
    return pd.DataFrame({c.key: pd.Series([], dtype=_dtype(c.kind)) for c in table.columns})


def frame_from_records(table: Table, records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Returns a typed DataFrame of the table from dicts keyed by column key (missing keys = empty)."""
    rows = list(records)
    if not rows:
        return empty_frame(table)
    data: dict[str, list[Any]] = {c.key: [] for c in table.columns}
    for r in rows:
        for c in table.columns:
            data[c.key].append(r.get(c.key))
    return normalise_frame(table, pd.DataFrame(data))


def normalise_frame(table: Table, df: pd.DataFrame) -> pd.DataFrame:
    """Returns a copy of df with exactly the table's columns, in order, with the fixed types."""
    out = pd.DataFrame(index=range(len(df)))
    for c in table.columns:
        col = df[c.key].reset_index(drop=True) if c.key in df else pd.Series([None] * len(df))
        if c.kind == "score":
            out[c.key] = pd.to_numeric(col, errors="coerce").astype("float64")
        elif c.kind in {"year", "int"}:
            out[c.key] = pd.to_numeric(col, errors="coerce").astype("Int64")
        elif col.dtype == object and pd.api.types.infer_dtype(col, skipna=False) == "string":
            # Already text with nothing missing (the common case, checked at C speed): kept as it is.
            # (Of a `str` column pandas answers "string" from its type, missing values or not.)
            out[c.key] = pd.Series(col.to_numpy(dtype=object), dtype=object)
        else:
            # tolist() gives plain Python values at C speed (iterating an Arrow-backed text column
            # value by value costs seconds at national scale); a float that is not equal to itself is NaN.
            out[c.key] = pd.Series(
                [v if type(v) is str else "" if v is None or (isinstance(v, float) and v != v) else str(v)
                 for v in col.tolist()],
                dtype=object,
            )
    return out


@dataclass
class Dataset:
    """All tables of one or more workbooks; missing tables are empty frames."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for t in TABLES:
            if t.key not in self.tables:
                self.tables[t.key] = empty_frame(t)
            else:
                self.tables[t.key] = normalise_frame(t, self.tables[t.key])

    def __getitem__(self, key: str) -> pd.DataFrame:
        return self.tables[key]

    @classmethod
    def of_normal(cls, tables: Mapping[str, pd.DataFrame]) -> Dataset:
        """Returns a dataset of frames that normalise_frame made, without normalising them again (a
        reader's national file would be copied value by value a second time)."""
        ds = cls.__new__(cls)
        ds.tables = {t.key: tables[t.key] if t.key in tables else empty_frame(t) for t in TABLES}
        return ds

    @classmethod
    def from_records(cls, records: Mapping[str, Iterable[Mapping[str, Any]]]) -> Dataset:
        """Returns a dataset from {table key: [row dicts]}."""
        unknown = set(records) - set(TABLES_BY_KEY)
        if unknown:
            raise KeyError(f"unknown tables: {sorted(unknown)}")
        return cls({k: frame_from_records(TABLES_BY_KEY[k], v) for k, v in records.items()})

    def merged(self, other: Dataset) -> Dataset:
        """Returns a dataset with the rows of both (no de-duplication; validate afterwards)."""
        return Dataset(
            {
                t.key: pd.concat([self[t.key], other[t.key]], ignore_index=True)
                if len(other[t.key])
                else self[t.key].copy()
                for t in TABLES
            }
        )

    def agencies(self) -> list[str]:
        """Returns every agency named in any table, in first-seen order."""
        seen: dict[str, None] = {}
        for t in TABLES:
            if "agency" in self[t.key]:
                for a in self[t.key]["agency"]:
                    if a:
                        seen.setdefault(a, None)
        return list(seen)

    def is_fictional(self, agency: str) -> bool:
        """Returns True when the agencies table marks the agency as fictional."""
        df = self["agencies"]
        rows = df[df["agency"] == agency]
        return bool(len(rows)) and rows["fictional"].iloc[0] == YES

    def for_agency(self, agency: str) -> Dataset:
        """Returns the rows of one agency (national tables are kept whole)."""
        return Dataset(
            {
                t.key: self[t.key][self[t.key]["agency"] == agency].reset_index(drop=True)
                if "agency" in t.keys
                else self[t.key].copy()
                for t in TABLES
            }
        )

    def area(self, agency: str) -> tuple[str, str]:
        """Returns the agency's (province, district) from the agencies table ('' where not given)."""
        df = self["agencies"]
        rows = df[df["agency"] == agency]
        if not len(rows):
            return "", ""
        return str(rows["province"].iloc[0] or ""), str(rows["district"].iloc[0] or "")

    def years(self, agency: str) -> list[int]:
        """Returns the fiscal years with a total or an indicator score for the agency, ascending."""
        years: set[int] = set()
        for key in ("results", "indicator_scores"):
            df = self[key]
            years.update(int(y) for y in df.loc[df["agency"] == agency, "year"])
        return sorted(years)

    def equals(self, other: Dataset) -> bool:
        """Returns True when every table holds the same rows in the same order."""
        return all(self[t.key].equals(other[t.key]) for t in TABLES)
