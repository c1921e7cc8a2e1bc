"""The agencies one can choose: every agency with a year of results, its years, whether it is fictional and
where it is, computed once per data version with one pass over the tables (a national store holds 8,317
agencies and ~416k rows: asking Dataset.years agency by agency took 119 s, NATIONAL-SCALE.md), and the
search and filters the sidebar offers over them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from ita.core.model import YES, Dataset
from ita.core.schema import TABLES

# Above this many agencies the sidebar offers a search box; the bundled data (3-4 agencies) stays as it was.
SEARCH_ABOVE = 30
# No list shows more agencies than this: a longer one is cut and the sidebar asks to narrow the search.
SHOWN_AT_MOST = 200
# The agencies table's columns an index keeps for the filters (issue 14 adds type and size here).
FILTER_COLUMNS = ("province", "district", "kind")

_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


@dataclass(frozen=True)
class AgencyIndex:
    """The agencies with at least one year of a total or indicator scores, in the order Dataset.agencies
    gives them; each one's years (ascending), the fictional ones, the agencies table's FILTER_COLUMNS and the
    normalised names the search compares against."""

    names: tuple[str, ...]
    years: Mapping[str, tuple[int, ...]]
    fictional: frozenset[str]
    attributes: Mapping[str, Mapping[str, str]]  # column -> agency -> value ('' where not given)
    keys: Mapping[str, str]  # agency -> normalised name
    # column -> its distinct non-blank values among `names`, sorted: the sidebar's filters, made here once
    # rather than from 8,320 agencies at every run
    values: Mapping[str, tuple[str, ...]]

    def label(self, agency: str) -> str:
        """Returns the agency's name, with a fictional mark when the data is made up."""
        return f"{agency} ⚠ ข้อมูลสมมุติ" if agency in self.fictional and "สมมุติ" not in agency else agency

    def area(self, agency: str) -> tuple[str, str]:
        """Returns the agency's (province, district), as Dataset.area does, without scanning the table."""
        return (self.attributes.get("province", {}).get(agency, ""),
                self.attributes.get("district", {}).get(agency, ""))


def normalised(text: str) -> str:
    """Returns `text` as the search compares it: NFC (a Thai vowel typed before or after its tone mark
    compares equal), case-folded, without spaces or the invisible marks Thai text often carries."""
    return _SPACES.sub("", unicodedata.normalize("NFC", str(text)).casefold())


def agency_index(ds: Dataset) -> AgencyIndex:
    """Returns the AgencyIndex of `ds` (vectorised: one concat and one groupby, no loop over rows)."""
    seen = pd.unique(pd.concat([ds[t.key]["agency"] for t in TABLES if "agency" in ds[t.key]], ignore_index=True))
    order = [a for a in seen if isinstance(a, str) and a]
    scored = pd.concat([ds[k][["agency", "year"]] for k in ("results", "indicator_scores")], ignore_index=True)
    scored = scored.dropna()
    years = {str(a): tuple(sorted({int(y) for y in ys}))
             for a, ys in scored.groupby("agency", sort=False)["year"].unique().items()}
    names = tuple(a for a in order if a in years)
    agencies = ds["agencies"].drop_duplicates("agency")  # the first row wins, as Dataset.is_fictional reads it
    fictional = frozenset(agencies.loc[agencies["fictional"] == YES, "agency"]) & set(names)
    attributes = {c: {str(a): "" if pd.isna(v) else str(v)
                      for a, v in zip(agencies["agency"], agencies[c], strict=True)}
                  for c in FILTER_COLUMNS if c in agencies}
    values = {c: tuple(sorted({by.get(a, "") for a in names} - {""})) for c, by in attributes.items()}
    return AgencyIndex(names, {a: years[a] for a in names}, fictional, attributes,
                       {a: normalised(a) for a in names}, values)


def matching(index: AgencyIndex, query: str = "", filters: Mapping[str, str] | None = None,
             among: Iterable[str] | None = None) -> list[str]:
    """Returns the agencies of `index` (or of `among`, in its order) whose name contains `query` (ignoring
    case, spaces and Unicode form) and whose attributes equal every non-empty value of `filters`
    (e.g. {"province": "เชียงราย"}; a column the index does not hold matches nothing)."""
    needle = normalised(query)
    wanted = {c: v for c, v in (filters or {}).items() if v}
    if among is None and not needle and not wanted:  # the sidebar's usual run: everything, no loop
        return list(index.names)
    out = []
    for a in index.names if among is None else among:
        if needle and needle not in index.keys.get(a, normalised(a)):
            continue
        if any(index.attributes.get(c, {}).get(a) != v for c, v in wanted.items()):
            continue
        out.append(a)
    return out


def filter_values(index: AgencyIndex, column: str, among: Iterable[str] | None = None) -> list[str]:
    """Returns the distinct non-blank values of attribute `column` among the agencies (sorted), for a filter."""
    if among is None:
        return list(index.values.get(column, ()))
    values = index.attributes.get(column, {})
    return sorted({values.get(a, "") for a in among} - {""})


@dataclass(frozen=True)
class Choices:
    """What the agency list shows: `options` (at most SHOWN_AT_MOST matches, plus the chosen agency when
    the search left it out), how many agencies `matched`, and whether the list was cut."""

    options: list[str]
    matched: int
    cut: bool


def choices(index: AgencyIndex, chosen: str | None, query: str = "", filters: Mapping[str, str] | None = None,
            among: Sequence[str] | None = None, bound: int = SHOWN_AT_MOST) -> Choices:
    """Returns the agency list for a search among `among` (the agencies one may read; None: all). The chosen
    agency (when among them) stays first in the list even when the search does not match it, so typing
    never changes the agency every page shows."""
    found = matching(index, query, filters, among)
    options = found[:bound]
    if chosen is not None and chosen in index.years and (among is None or chosen in among) and chosen not in options:
        options = [chosen, *options]
    return Choices(options, len(found), len(found) > bound)
