"""Fictional national data for the demo, the benchmarks and the tests (issue 14, item 7): a wide workbook of
agencies × fiscal years with their attributes, ten indicator scores and the total, made from a seed.

Here, in storage, rather than in data/build/: it writes a workbook at runtime (the CLI `python -m ita fictional`,
the tests, a demo of one province), and data/build/ holds the reviewed records of real agencies only. Nothing
multi-MB is committed: the same seed gives the same values on any machine (numpy's PCG64).

Every agency is fictional and says so three times: its name ("อบต.สมมุติ 0001"), the column ข้อมูลสมมุติ = ใช่
(so Dataset.is_fictional marks it, as data/demo_fictional.xlsx's agencies sheet does), and the title row above
the table. Province names are real, as labels of fictional agencies only; districts are fictional.

Scores: each indicator's gap to 100 is lognormal around the year's gap (100 − the national mean of DOMAIN.md
§4: 81.25, 87.57, 90.19, ≈93.05, 93.82 for 2564–2568), shared by the agency's indicators (an agency good in one
tends to be good in the others) and carried from year to year; indicator 3 is the highest, 8 and the OIT
indicators the lowest, as nationally. The total is computed from the rounded scores with each year's weights of
ita/resources/framework.json, so the file validates with no problem. Measured for seed 1 at national size
(tests/unit/storage/test_fictional.py checks the shape): 2568 mean ≈ 93.8, ≈ 94 % at 85 or more.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import openpyxl

from ita.core.framework import Framework, load_framework
from ita.core.schema import YES

# Published national means (DOMAIN.md §4; 2567 derived there as 93.82 − 0.77).
NATIONAL_MEANS: dict[int, float] = {2564: 81.25, 2565: 87.57, 2566: 90.19, 2567: 93.05, 2568: 93.82}
NATIONAL_AGENCIES = 8317
PROVINCE_AGENCIES = 150  # the small variant: one province, about the size of a real one

# How much of each indicator's gap to 100 it holds relative to the others (indicator 3 smallest, 8 and the
# OIT largest, as the national figures go); scaled so that the weighted gaps average the year's gap.
_GAP_SHAPE = {"1": 0.9, "2": 1.0, "3": 0.25, "4": 0.9, "5": 0.9, "6": 0.8, "7": 0.9, "8": 1.3, "9": 1.1, "10": 1.0}
_SPREAD = 0.72  # the agency-year's lognormal spread (gives ≈ 94 % at 85 or more in 2568)
_NOISE = 0.30  # each indicator's own spread around its agency-year

PROVINCES: tuple[str, ...] = (
    "กรุงเทพมหานคร", "กระบี่", "กาญจนบุรี", "กาฬสินธุ์", "กำแพงเพชร", "ขอนแก่น", "จันทบุรี", "ฉะเชิงเทรา", "ชลบุรี",
    "ชัยนาท", "ชัยภูมิ", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง", "ตราด", "ตาก", "นครนายก", "นครปฐม", "นครพนม",
    "นครราชสีมา", "นครศรีธรรมราช", "นครสวรรค์", "นนทบุรี", "นราธิวาส", "น่าน", "บึงกาฬ", "บุรีรัมย์", "ปทุมธานี",
    "ประจวบคีรีขันธ์", "ปราจีนบุรี", "ปัตตานี", "พระนครศรีอยุธยา", "พะเยา", "พังงา", "พัทลุง", "พิจิตร", "พิษณุโลก",
    "เพชรบุรี", "เพชรบูรณ์", "แพร่", "ภูเก็ต", "มหาสารคาม", "มุกดาหาร", "แม่ฮ่องสอน", "ยโสธร", "ยะลา", "ร้อยเอ็ด",
    "ระนอง", "ระยอง", "ราชบุรี", "ลพบุรี", "ลำปาง", "ลำพูน", "เลย", "ศรีสะเกษ", "สกลนคร", "สงขลา", "สตูล",
    "สมุทรปราการ", "สมุทรสงคราม", "สมุทรสาคร", "สระแก้ว", "สระบุรี", "สิงห์บุรี", "สุโขทัย", "สุพรรณบุรี",
    "สุราษฎร์ธานี", "สุรินทร์", "หนองคาย", "หนองบัวลำภู", "อ่างทอง", "อำนาจเจริญ", "อุดรธานี", "อุตรดิตถ์",
    "อุทัยธานี", "อุบลราชธานี",
)
# (type, share of all agencies, its ministry or '' for one drawn from MINISTRIES); roughly the national mix.
TYPES: tuple[tuple[str, float, str], ...] = (
    ("อบต.", 0.637, "มหาดไทย"),
    ("เทศบาลตำบล", 0.270, "มหาดไทย"),
    ("เทศบาลเมือง", 0.023, "มหาดไทย"),
    ("เทศบาลนคร", 0.004, "มหาดไทย"),
    ("อบจ.", 0.009, "มหาดไทย"),
    ("จังหวัด", 0.009, "มหาดไทย"),
    ("กรม", 0.024, ""),
    ("องค์การมหาชน", 0.012, ""),
    ("รัฐวิสาหกิจ", 0.012, ""),
)
MINISTRIES: tuple[str, ...] = (
    "การคลัง", "เกษตรและสหกรณ์", "คมนาคม", "ศึกษาธิการ", "สาธารณสุข", "อุตสาหกรรม", "พาณิชย์", "แรงงาน",
    "ยุติธรรม", "ทรัพยากรธรรมชาติและสิ่งแวดล้อม", "วัฒนธรรม", "การท่องเที่ยวและกีฬา",
)
# อบต. size groups L/M/S in the proportions of the 2024 sampling document (DOMAIN.md §7: 2,600 / 2,327 / 373).
SIZES = ("L", "M", "S")
SIZE_SHARES = (2600 / 5300, 2327 / 5300, 373 / 5300)

HEADERS_ATTR = ["หน่วยงาน", "ปีงบประมาณ", "ประเภทหน่วยงาน", "ขนาด", "จังหวัด", "อำเภอ", "กระทรวง", "ข้อมูลสมมุติ"]
TITLE = "ข้อมูลสมมุติเพื่อการสาธิต (ไม่ใช่ผลจริง) — หน่วยงานทุกแห่งในไฟล์นี้เป็นหน่วยงานสมมุติ"
SHEET = "ข้อมูลสมมุติ"
# Fixed document times: the same seed gives the same file, byte for byte.
_FIXED_TIME = datetime(2025, 10, 1)


@dataclass(frozen=True)
class Fictional:
    """The generated table as columns: one entry per agency-year (agency-major, years ascending)."""

    agency: np.ndarray
    year: np.ndarray
    kind: np.ndarray
    size: np.ndarray
    province: np.ndarray
    district: np.ndarray
    ministry: np.ndarray
    scores: np.ndarray  # rows × 10, in indicator order 1..10
    total: np.ndarray
    codes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.year)


def generate(seed: int, agencies: int = NATIONAL_AGENCIES, years: tuple[int, ...] = tuple(NATIONAL_MEANS),
             province: str | None = None, fw: Framework | None = None) -> Fictional:
    """Returns the fictional table for `agencies` agencies × `years` (vectorised: a national table in well under a
    second). With `province`, every agency is in that province (the small demo variant)."""
    fw = fw or load_framework()
    if agencies < 1:
        raise ValueError("agencies must be at least 1")
    unknown = [y for y in years if y not in NATIONAL_MEANS or fw.for_year(y) is None]
    if unknown:
        raise ValueError(f"no national mean or weights for {unknown}")
    rng = np.random.default_rng(seed)
    n, ny = agencies, len(years)
    kinds = np.array([t for t, _, _ in TYPES], dtype=object)
    shares = np.array([s for _, s, _ in TYPES])
    kind = kinds[rng.choice(len(TYPES), size=n, p=shares / shares.sum())]
    size = np.where(kind == "อบต.", np.array(SIZES, dtype=object)[rng.choice(3, size=n, p=SIZE_SHARES)], "")
    central = np.isin(kind, ["กรม", "องค์การมหาชน", "รัฐวิสาหกิจ"])
    ministry_of = {t: m for t, _, m in TYPES}
    ministry = np.array([ministry_of[k] for k in kinds], dtype=object)[_index(kinds, kind)]
    ministry = np.where(central, np.array(MINISTRIES, dtype=object)[rng.integers(0, len(MINISTRIES), n)], ministry)
    if province is None:
        prov = np.array(PROVINCES, dtype=object)[rng.integers(0, len(PROVINCES), n)]
        prov = np.where(central, "กรุงเทพมหานคร", prov)  # central agencies sit in the capital
    else:
        prov = np.full(n, province, dtype=object)
    district_no = rng.integers(1, 13, n)  # up to 12 fictional districts per province
    district = np.char.add("อำเภอสมมุติ ", np.char.zfill(district_no.astype(str), 2)).astype(object)
    district = np.where(np.isin(kind, ["อบจ.", "จังหวัด"]) | central, "", district)  # province-wide bodies
    width = len(str(n))
    numbers = np.char.zfill((np.arange(n) + 1).astype(str), max(4, width)).astype(object)
    name = kind + "สมมุติ " + numbers
    codes = tuple(fw.indicator_codes)
    # Scores: gaps to 100, lognormal; the agency's standing carries over the years (0.8) with a yearly part.
    ability = rng.standard_normal(n)
    yearly = rng.standard_normal((n, ny))
    z = 0.8 * ability[:, None] + 0.6 * yearly  # n × years, standard normal
    own = rng.standard_normal((n, ny, len(codes)))
    weights = np.array([[fw.indicator_weight(y, c) for c in codes] for y in years])  # years × 10
    shape = np.array([_GAP_SHAPE[c] for c in codes])
    scale = shape[None, :] / (weights * shape[None, :]).sum(axis=1, keepdims=True)  # Σ w·scale = 1 each year
    gap_year = np.array([100.0 - NATIONAL_MEANS[y] for y in years])
    gaps = (gap_year[None, :, None] * scale[None, :, :]
            * np.exp(_SPREAD * z[:, :, None] - _SPREAD**2 / 2)
            * np.exp(_NOISE * own - _NOISE**2 / 2))
    scores = np.round(np.clip(100.0 - gaps, 0.0, 100.0), 2)
    total = np.round((scores * weights[None, :, :]).sum(axis=2) + 1e-9, 2)
    return Fictional(
        agency=np.repeat(name, ny), year=np.tile(np.array(years), n),
        kind=np.repeat(kind, ny), size=np.repeat(size, ny), province=np.repeat(prov, ny),
        district=np.repeat(district, ny), ministry=np.repeat(ministry, ny),
        scores=scores.reshape(n * ny, len(codes)), total=total.reshape(n * ny), codes=codes,
    )


def _index(values: np.ndarray, of: np.ndarray) -> np.ndarray:
    """Returns the position in `values` of each item of `of` (all present), without a loop per item."""
    uniq, inverse = np.unique(of, return_inverse=True)
    lookup = {v: i for i, v in enumerate(values.tolist())}
    return np.array([lookup[u] for u in uniq.tolist()], dtype=int)[inverse]


def workbook_bytes(table: Fictional, seed: int) -> bytes:
    """Returns the wide workbook of the table: a title row saying it is fictional, the header, one row per
    agency-year. Written in openpyxl's write-only mode (a national file has 41,585 rows)."""
    wb = openpyxl.Workbook(write_only=True)
    wb.properties.creator = "ita fictional"
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    wb.properties.title = TITLE
    ws = wb.create_sheet(SHEET)
    ws.append([f"{TITLE} (seed {seed})"])
    ws.append(HEADERS_ATTR + [f"ตัวชี้วัดที่ {c}" for c in table.codes] + ["คะแนนรวม"])
    columns = [table.agency, table.year.tolist(), table.kind, table.size, table.province, table.district,
               table.ministry]
    scores = table.scores.tolist()
    totals = table.total.tolist()
    for i, (a, y, k, s, p, d, m) in enumerate(zip(*columns, strict=True)):
        ws.append([a, y, k, s or None, p, d or None, m, YES, *scores[i], totals[i]])
    out = io.BytesIO()
    wb.save(out)
    return _fixed_times(out.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """Returns the package with the same time on every member and in docProps (openpyxl stamps the time of
    saving), so that one seed gives one file."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp.encode() + rb"\2",
                              body)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, body)
    return out.getvalue()


def province_workbook(seed: int = 1, province: str = "เชียงราย", agencies: int = PROVINCE_AGENCIES) -> bytes:
    """Returns the small variant: one province's fictional agencies (about 150, under a second), for the demo
    and the tests."""
    return workbook_bytes(generate(seed, agencies, province=province), seed)
