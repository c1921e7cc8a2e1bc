"""Benchmark: O27 + O28 in Word and Excel for a plan of 20 measures (target: under 2 s together).

Prints figures and asserts nothing; pytest does not collect it. Run from the repo root:

    .venv/bin/python tests/benchmarks/bench_documents.py [--repeat 15] [--measures 20]

"first" is the first build in a fresh process (imports done, fonts and templates not yet loaded);
the other rows are the median (min–max) of the repeats after it. The brief is timed too: its HTML,
and its PDF through headless Chromium (when installed).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

from ita.core.framework import load_framework  # noqa: E402
from ita.documents import content as D  # noqa: E402
from ita.documents.brief import brief_html, build_brief, chromium_path, html_to_pdf  # noqa: E402
from ita.documents.spreadsheet import document_xlsx  # noqa: E402
from ita.documents.word import document_docx  # noqa: E402
from tests.unit.doc_samples import AGENCY, plan_dataset  # noqa: E402


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--measures", type=int, default=20)
    args = ap.parse_args()
    fw = load_framework()
    ds = plan_dataset(args.measures)
    year = 2569

    steps: dict[str, Callable[[], object]] = {
        "O27 model": lambda: D.build_o27(ds, AGENCY, year, fw),
        "O28 model": lambda: D.build_o28(ds, AGENCY, year, fw),
        "O27 docx": lambda: document_docx(D.build_o27(ds, AGENCY, year, fw)),
        "O27 xlsx": lambda: document_xlsx(D.build_o27(ds, AGENCY, year, fw)),
        "O28 docx": lambda: document_docx(D.build_o28(ds, AGENCY, year, fw)),
        "O28 xlsx": lambda: document_xlsx(D.build_o28(ds, AGENCY, year, fw)),
    }

    def all_four() -> None:
        o27, o28 = D.build_o27(ds, AGENCY, year, fw), D.build_o28(ds, AGENCY, year, fw)
        for doc in (o27, o28):
            document_docx(doc)
            document_xlsx(doc)

    load = os.getloadavg()
    print(f"machine: {platform.processor() or platform.machine()}, nproc {os.cpu_count()}, "
          f"Python {platform.python_version()}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"plan: {args.measures} measures, 2 progress entries each, indicator scores for 2 years")
    first = timed(all_four)
    print(f"\nO27 + O28, Word + Excel (all four files) — first in process: {first:.0f} ms")
    runs = [timed(all_four) for _ in range(args.repeat)]
    print(f"O27 + O28, Word + Excel (all four files) — median of {args.repeat}: {statistics.median(runs):.0f} ms "
          f"(min {min(runs):.0f}, max {max(runs):.0f}); target < 2000 ms")
    print("\nper step (median of the repeats, each includes building its model):")
    for name, fn in steps.items():
        times = [timed(fn) for _ in range(args.repeat)]
        print(f"  {name:<10} {statistics.median(times):7.1f} ms  (min {min(times):.1f}, max {max(times):.1f})")
    sizes = {f"{d.kind}.{ext}": len(make(d)) for d in (D.build_o27(ds, AGENCY, year, fw),
                                                        D.build_o28(ds, AGENCY, year, fw))
             for ext, make in (("docx", document_docx), ("xlsx", document_xlsx))}
    print("sizes: " + ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sizes.items()))

    # What the document sections add to every rerun of their page: naming the texts whose control
    # characters the files leave out (issue 11, case 8).
    if hasattr(D, "control_fields"):
        texts = dict(zip(("urgent", "improve", "approach"), D.default_analysis(ds, AGENCY, year, fw).texts(),
                         strict=True))
        scan = [timed(lambda: D.control_fields(ds, AGENCY, year, "O27", analysis=texts, signer_name="ก"))
                for _ in range(args.repeat)]
        print(f"\ncontrol_fields (O27, per page rerun): median {statistics.median(scan):.2f} ms "
              f"(min {min(scan):.2f}, max {max(scan):.2f})")

    b = build_brief(ds, AGENCY, 2568, year, fw)
    html_times = [timed(lambda: brief_html(build_brief(ds, AGENCY, 2568, year, fw))) for _ in range(args.repeat)]
    print(f"\nbrief HTML: median {statistics.median(html_times):.1f} ms")
    if chromium_path():
        page = brief_html(b)
        pdf_times = [timed(lambda: html_to_pdf(page)) for _ in range(3)]
        print(f"brief PDF (headless Chromium): median of 3 {statistics.median(pdf_times):.0f} ms "
              f"(min {min(pdf_times):.0f}, max {max(pdf_times):.0f})")
    else:
        print("brief PDF: Chromium not installed, not timed")
    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
