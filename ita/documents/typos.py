"""Suspected typos in an agency's texts: known misspellings (ita/resources/typos.json, each with the
form it most likely stands for) found in the texts a document is made from. They are shown on the
page before a download, never corrected: the documents print what the agency wrote."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ita.core.model import Dataset
from ita.core.text import as_text
from ita.documents.content import plan_measures

TYPOS_FILE = Path(__file__).resolve().parents[1] / "resources" / "typos.json"
# The measure fields searched, with the Thai name the page shows for each.
FIELDS: dict[str, str] = {
    "title": "ชื่อมาตรการ", "weakness": "ประเด็นจากผลการประเมิน", "method": "วิธีการดำเนินการ",
    "owner_text": "ผู้รับผิดชอบ", "period": "ระยะเวลา", "followup": "การติดตามผล", "summary": "สรุปผล",
    "results": "ผลลัพธ์",
}


@dataclass(frozen=True)
class Typo:
    """A known misspelling found: the word as written, where (in Thai), how often and the suggestion."""

    word: str
    where: str
    count: int
    suggest: str


def describe(t: Typo, esc: Callable[[str], str] = str) -> str:
    """Returns one found misspelling as a line, each typed part passed through `esc` (the page's
    Markdown escaping; the command line prints them as they are)."""
    return (f"“{esc(t.word)}” ({esc(t.where)}" + (f", {t.count} ครั้ง" if t.count > 1 else "")
            + f") น่าจะเป็น “{esc(t.suggest)}”")


@lru_cache(maxsize=4)
def load_typo_words(path: str | None = None) -> tuple[tuple[str, str], ...]:
    """Returns (wrong, suggested) pairs from the typo list, longest wrong form first."""
    raw = json.loads(Path(path or TYPOS_FILE).read_text(encoding="utf-8"))
    pairs = [(e["wrong"], e["suggest"]) for e in raw["entries"]]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def find_typos(texts: Mapping[str, str], words: Iterable[tuple[str, str]]) -> list[Typo]:
    """Returns the known misspellings in each text (keys say where it is), in the texts' order. A
    longer entry is matched first and its span is not counted again for a shorter one inside it."""
    ordered = sorted(words, key=lambda p: -len(p[0]))
    found = []
    for where, text in texts.items():
        rest = as_text(text)
        for wrong, suggest in ordered:
            count = rest.count(wrong)
            if count:
                found.append(Typo(wrong, where, count, suggest))
                rest = rest.replace(wrong, "\0")
    return found


def measure_texts(ds: Dataset, agency: str, year: int) -> dict[str, str]:
    """Returns the texts of the plan of `year` keyed by where they are ('มาตรการลำดับที่ 3 · วิธีการดำเนินการ')."""
    out = {}
    for m in plan_measures(ds, agency, int(year)).to_dict("records"):
        for key, name in FIELDS.items():
            text = as_text(m.get(key))
            if text:
                out[f"มาตรการลำดับที่ {as_text(m.get('number'))} · {name}"] = text
    return out


def plan_typos(ds: Dataset, agency: str, year: int) -> list[Typo]:
    """Returns the known misspellings in the texts of the agency's plan of `year`."""
    return find_typos(measure_texts(ds, agency, year), load_typo_words())
