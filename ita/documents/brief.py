"""The one-page executive brief: the cards, the trend, the three indicators with the most headroom
and the measures' status, as one self-contained A4 HTML page (inline SVG chart, no scripts, no
outside files) that prints as it shows, and as PDF through Debian's headless Chromium.

Chromium shapes Thai correctly with any Thai face installed; the page asks for TH Sarabun New first
(fontconfig maps it to Laksaman, from fonts-thai-tlwg, when the real face is missing).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ita.core.analysis import CATEGORY_TH, agency_years, indicator_table
from ita.core.errors import ItaError
from ita.core.framework import Framework
from ita.core.model import Dataset
from ita.core.sanitise import xml_text
from ita.core.schema import MEASURE_STATUSES
from ita.core.text import as_text, shorten
from ita.documents.content import FICTIONAL_LABEL, Digits, check_digits, number, plan_measures, program_text, typed_text
from ita.services import charts
from ita.services.overview import national_means, overview_cards
from ita.services.progress import implementation_rate

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-pdf-header-footer",
)
MAX_MEASURES_LISTED = 8
MAX_TITLE = 60
FONT_STACK = "'TH Sarabun New', 'Sarabun', 'Laksaman', 'Garuda', 'Noto Sans Thai', 'Leelawadee UI', sans-serif"
STATUS_COLOURS = tuple(charts.STATUS_COLOURS[s] for s in MEASURE_STATUSES)  # the app's colours, in scale order


class BriefError(ItaError):
    """The PDF could not be made; `message_th` says why in Thai."""

    def __str__(self) -> str:
        return self.message_th


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    note: str


@dataclass(frozen=True)
class Brief:
    """What the brief shows, every text final (digits applied)."""

    agency: str
    year: int
    plan_year: int
    digits: Digits
    fictional: bool
    cards: tuple[Card, ...]
    trend: tuple[tuple[int, float], ...]
    national: tuple[tuple[int, float], ...]
    pass_mark: float
    headroom: tuple[tuple[str, str, str, str], ...]  # label, score, headroom, category
    headroom_note: str
    status_counts: tuple[tuple[str, int], ...]
    measures: tuple[tuple[str, str, str], ...]  # number, title, status
    measures_more: int
    rate: str


def build_brief(ds: Dataset, agency: str, year: int, plan_year: int, fw: Framework, digits: str = "thai") -> Brief:
    """Returns the brief of the agency: the cards and top headroom of results year `year`, the trend
    of every year, and the status of the measures of `plan_year`."""
    d = check_digits(digits)
    p = lambda text: program_text(text, d)  # noqa: E731
    c = overview_cards(ds, agency, int(year), fw)
    level = c.level or (f"{c.level_computed} (คำนวณ)" if c.level_computed else "ไม่ระบุระดับ")
    cards = (
        Card(p(f"คะแนนรวม ITA ปี {year}"), number(c.total, d), level),
        Card(p(f"เปลี่ยนแปลงจากปี {c.prev_year}"), number(c.change, d, sign=True),
             p("ปีก่อนได้ ") + number(c.prev_total, d) if c.prev_total is not None else p(f"ไม่มีข้อมูลปี {c.prev_year}")),
        Card(p(f"เทียบเกณฑ์ผ่าน {c.pass_mark:g}"), number(c.gap_to_pass, d, sign=True),
             "ผ่านเกณฑ์" if c.gap_to_pass is not None and c.gap_to_pass >= 0 else
             ("ต่ำกว่าเกณฑ์" if c.gap_to_pass is not None else "ไม่มีคะแนน")),
        Card("เทียบค่าเฉลี่ยประเทศ", number(c.diff_national, d, sign=True),
             p("ค่าเฉลี่ยประเทศ ") + number(c.national_mean, d) if c.national_mean is not None
             else p(f"ไม่มีค่าเฉลี่ยประเทศปี {year}")),
    )
    years = agency_years(ds, agency, fw)
    trend = tuple((y.year, float(y.best_total)) for y in years if y.best_total is not None)
    nat = national_means(ds)
    national = tuple((int(r.year), float(r.mean)) for r in nat.itertuples(index=False))
    yr = next((y for y in years if y.year == int(year)), None)
    rows: tuple[tuple[str, str, str, str], ...] = ()
    note = ""
    if yr is not None and yr.has_indicators:
        table = indicator_table(int(year), yr.indicators, fw).head(3)
        rows = tuple(
            (p(f"ตัวชี้วัดที่ {r.indicator} {r.name_th}"), number(r.score, d), number(r.headroom, d),
             CATEGORY_TH[r.category]) for r in table.itertuples(index=False)
        )
    else:
        note = p(f"ปี {year} มีเฉพาะคะแนนรวม ไม่มีคะแนนรายตัวชี้วัด จึงยังจัดอันดับคะแนนที่ยังเพิ่มได้ไม่ได้")
    measures = plan_measures(ds, agency, int(plan_year))
    statuses = [as_text(s) or MEASURE_STATUSES[0] for s in measures["status"]]
    counts = tuple((s, statuses.count(s)) for s in MEASURE_STATUSES) + tuple(
        (s, statuses.count(s)) for s in sorted(set(statuses) - set(MEASURE_STATUSES))
    )
    listed = tuple(
        (p(as_text(m.number)), _cut(typed_text(m.title, d)), as_text(m.status) or MEASURE_STATUSES[0])
        for m in measures.head(MAX_MEASURES_LISTED).itertuples(index=False)
    )
    rate = implementation_rate(measures)
    return Brief(
        agency=agency, year=int(year), plan_year=int(plan_year), digits=d, fictional=ds.is_fictional(agency),
        cards=cards, trend=trend, national=national, pass_mark=fw.pass_mark, headroom=rows, headroom_note=note,
        status_counts=counts, measures=listed, measures_more=max(0, len(measures) - MAX_MEASURES_LISTED),
        rate=number(rate, d) if rate is not None else "–",
    )


def _cut(text: str, width: int = MAX_TITLE) -> str:
    return shorten(" ".join(text.split()), width)


def _escape(text: str) -> str:
    """Returns text for the brief's HTML and SVG: without control characters (the one sanitiser) and
    with HTML's marks escaped."""
    return html.escape(xml_text(text))


def trend_svg(brief: Brief, width: int = 640, height: int = 175) -> str:
    """Returns the trend of the totals as an inline SVG: the total per year with its value, the pass
    mark line and the national mean (dotted) where known."""
    e = _escape
    p = lambda text: program_text(text, brief.digits)  # noqa: E731
    left, right, top, bottom = 44, width - 16, 32, height - 30
    inset = 40  # keeps the first and last points' labels inside the chart
    years = sorted({y for y, _ in brief.trend} | {y for y, _ in brief.national if brief.trend and
                                                   brief.trend[0][0] <= y <= brief.trend[-1][0]})
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="{e(p("แนวโน้มคะแนนรวม"))}" font-family="{e(FONT_STACK)}">']
    if not years:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="18">'
                     f'{e("ยังไม่มีคะแนนรวม")}</text></svg>')
        return "".join(parts)
    values = [v for _, v in brief.trend] + [v for y, v in brief.national if y in years] + [brief.pass_mark]
    low = max(0.0, min(values) // 5 * 5 - 5)

    def x(year: int) -> float:
        share = 0.5 if len(years) == 1 else years.index(year) / (len(years) - 1)
        return left + inset + (right - left - 2 * inset) * share

    def y(v: float) -> float:
        return bottom - (v - low) / (100.0 - low) * (bottom - top)

    tick = low
    while tick <= 100:
        parts.append(f'<line x1="{left}" x2="{right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#E5E5E5"/>'
                     f'<text x="{left - 6}" y="{y(tick) + 5:.1f}" text-anchor="end" font-size="15" fill="#444">'
                     f'{e(p(f"{tick:g}"))}</text>')
        tick += 5
    parts.append(f'<line x1="{left}" x2="{right}" y1="{y(brief.pass_mark):.1f}" y2="{y(brief.pass_mark):.1f}" '
                 f'stroke="#D55E00" stroke-width="2" stroke-dasharray="6 4"/>'
                 f'<text x="{right}" y="{y(brief.pass_mark) - 4:.1f}" text-anchor="end" font-size="15" '
                 f'fill="#D55E00">{e(p(f"เกณฑ์ผ่าน {brief.pass_mark:g}"))}</text>')
    nat = [(yy, v) for yy, v in brief.national if yy in years]
    if nat:
        pts = " ".join(f"{x(yy):.1f},{y(v):.1f}" for yy, v in nat)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="#666" stroke-width="2" stroke-dasharray="2 4"/>')
    if brief.trend:
        pts = " ".join(f"{x(yy):.1f},{y(v):.1f}" for yy, v in brief.trend)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="#0072B2" stroke-width="3"/>')
        for yy, v in brief.trend:
            parts.append(f'<circle cx="{x(yy):.1f}" cy="{y(v):.1f}" r="5" fill="#0072B2"/>'
                         f'<text x="{x(yy):.1f}" y="{y(v) - 10:.1f}" text-anchor="middle" font-size="16" '
                         f'font-weight="bold" fill="#0072B2">{e(number(v, brief.digits))}</text>')
    legend = [("#0072B2", "", "คะแนนรวม")] + ([("#666", "2 4", "ค่าเฉลี่ยประเทศ")] if nat else [])
    lx = left + 8
    for colour, dash, label in legend:
        parts.append(f'<line x1="{lx}" x2="{lx + 26}" y1="10" y2="10" stroke="{colour}" stroke-width="3" '
                     f'stroke-dasharray="{dash}"/>'
                     f'<text x="{lx + 32}" y="15" font-size="15" fill="#444">{e(label)}</text>')
        lx += 44 + 8 * len(label)
    for yy in years:
        parts.append(f'<text x="{x(yy):.1f}" y="{height - 12}" text-anchor="middle" font-size="16" fill="#222">'
                     f'{e(p(str(yy)))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def brief_html(brief: Brief) -> str:
    """Returns the brief as a self-contained A4 page of HTML (print-ready; user text escaped)."""
    e = _escape
    p = lambda text: program_text(text, brief.digits)  # noqa: E731
    fiction = f'<div class="fiction">{e(FICTIONAL_LABEL)}</div>' if brief.fictional else ""
    cards = "".join(
        f'<div class="card"><div class="label">{e(c.label)}</div><div class="value">{e(c.value)}</div>'
        f'<div class="note">{e(c.note)}</div></div>' for c in brief.cards
    )
    if brief.headroom:
        rows = "".join(f"<tr><td>{e(a)}</td><td class='n'>{e(b)}</td><td class='n'>{e(c)}</td><td>{e(k)}</td></tr>"
                       for a, b, c, k in brief.headroom)
        headroom = ("<table><thead><tr><th>ตัวชี้วัด</th><th>คะแนน</th><th>คะแนนรวมที่ยังเพิ่มได้</th><th>กลุ่ม</th>"
                    f"</tr></thead><tbody>{rows}</tbody></table>")
    else:
        headroom = f'<p class="muted">{e(brief.headroom_note)}</p>'
    total = sum(n for _, n in brief.status_counts)
    bar = "".join(
        f'<span style="flex:{n};background:{STATUS_COLOURS[i] if i < len(STATUS_COLOURS) else "#000"}" '
        f'title="{e(s)}"></span>' for i, (s, n) in enumerate(brief.status_counts) if n
    )
    legend = " · ".join(f"{e(s)} {e(p(str(n)))}" for s, n in brief.status_counts if n)
    if brief.measures:
        items = "".join(f"<tr><td class='n'>{e(n)}</td><td>{e(t)}</td><td>{e(s)}</td></tr>"
                        for n, t, s in brief.measures)
        more = (f"<p class='muted'>{e(p(f'และอีก {brief.measures_more} มาตรการ'))}</p>"
                if brief.measures_more else "")
        measures = (f'<div class="statusbar">{bar}</div><p class="legend">{legend}</p>'
                    "<table class='measures'><colgroup><col style='width:14mm'><col><col style='width:54mm'></colgroup>"
                    "<thead><tr><th>ลำดับ</th><th>มาตรการ</th><th>สถานะ</th></tr></thead>"
                    f"<tbody>{items}</tbody></table>{more}")
    else:
        measures = f'<p class="muted">{e(p(f"ยังไม่มีมาตรการของปีงบประมาณ {brief.plan_year}"))}</p>'
    title = p(f"สรุปผล ITA สำหรับผู้บริหาร · ปีงบประมาณ {brief.year}")
    measures_title = p(f"สถานะมาตรการปีงบประมาณ {brief.plan_year}: ") + (
        p(f"{total} มาตรการ แล้วเสร็จร้อยละ ") + brief.rate if total else "")
    return f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>
@page {{ size: A4 portrait; margin: 10mm 14mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {FONT_STACK}; font-size: 15pt; line-height: 1.25; color: #222; margin: 0; }}
.page {{ width: 182mm; }}
h1 {{ font-size: 19pt; margin: 0; }}
h2 {{ font-size: 16pt; margin: 3mm 0 1.5mm; border-bottom: 1px solid #0072B2; color: #0072B2; }}
.agency {{ font-size: 17pt; margin: 0 0 2mm; }}
.fiction {{ color: #C00000; font-weight: bold; border: 2px solid #C00000; padding: 1mm 2mm; margin-bottom: 2mm; }}
.cards {{ display: flex; gap: 3mm; }}
.card {{ flex: 1; border: 1px solid #BBB; border-radius: 2mm; padding: 1.5mm 2.5mm; }}
.label {{ font-size: 12pt; color: #555; }}
.value {{ font-size: 24pt; font-weight: bold; }}
.note {{ font-size: 13pt; color: #555; }}
table {{ width: 100%; border-collapse: collapse; font-size: 14pt; }}
th, td {{ border: 1px solid #BBB; padding: 0.5mm 2mm; text-align: left; vertical-align: top; }}
th {{ background: #EEE; }}
td.n {{ text-align: center; white-space: nowrap; }}
.muted {{ color: #555; margin: 1mm 0; }}
.statusbar {{ display: flex; height: 5mm; border-radius: 1mm; overflow: hidden; margin: 1mm 0; }}
.legend {{ font-size: 13pt; margin: 0 0 1mm; }}
.measures {{ font-size: 13pt; table-layout: fixed; }}
.measures td {{ white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.foot {{ font-size: 12pt; color: #777; margin-top: 2mm; }}
</style></head>
<body><div class="page">
{fiction}<h1>{e(title)}</h1><p class="agency">{e(brief.agency)}</p>
<div class="cards">{cards}</div>
<h2>{e("แนวโน้มคะแนนรวม")}</h2>{trend_svg(brief)}
<h2>{e(p("ตัวชี้วัดที่ยังเพิ่มคะแนนได้มากที่สุด 3 อันดับ"))}</h2>{headroom}
<h2>{e(measures_title)}</h2>{measures}
<p class="foot">{e("จัดทำโดยแดชบอร์ด ITA จากข้อมูลในระบบ · คะแนนรวมที่ยังเพิ่มได้ = น้ำหนักของตัวชี้วัด × (100 − คะแนน)")}</p>
</div></body></html>
"""


def chromium_path() -> str | None:
    """Returns Chromium's path when it is installed, else None."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found or next((c for c in CHROMIUM_CANDIDATES if Path(c).exists()), None)


def html_to_pdf(page: str, chromium: str | None = None, timeout: float = 90) -> bytes:
    """Returns the HTML page printed to PDF by headless Chromium (its own A4 @page size, no header
    or footer). Raises BriefError with a Thai message when Chromium is missing or fails."""
    exe = chromium or chromium_path()
    if exe is None or not Path(exe).exists():
        raise BriefError("ไม่พบโปรแกรม Chromium จึงสร้าง PDF ไม่ได้ (ติดตั้งด้วย apt-get install chromium) "
                         "ดาวน์โหลดแบบ HTML แล้วสั่งพิมพ์จากเบราว์เซอร์แทนได้",
                         "Chromium is not installed, so no PDF can be made")
    with tempfile.TemporaryDirectory(prefix="ita-brief-") as tmp:
        src, out = Path(tmp) / "brief.html", Path(tmp) / "brief.pdf"
        src.write_text(page, encoding="utf-8")
        cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", src.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise BriefError(f"Chromium สร้าง PDF ไม่สำเร็จ: {exc}", f"Chromium failed: {exc}") from exc
        if not out.exists() or out.stat().st_size == 0:
            detail = proc.stderr.decode("utf-8", "replace")[-300:]
            raise BriefError(f"Chromium สร้าง PDF ไม่สำเร็จ (รหัส {proc.returncode})",
                             f"Chromium exited {proc.returncode} without a PDF: {detail}")
        return out.read_bytes()
