"""Measures as Store.measures() returns them, for the tests of ita.services.plan and ita.services.progress."""

import pandas as pd

A = "อบต.ทดสอบ"


def measures(*rows: dict) -> pd.DataFrame:
    """Returns measures as Store.measures() does, with defaults for the columns a test leaves out."""
    base = {"agency": A, "year": 2569, "title": "มาตรการ", "indicators": "", "weakness": "", "method": "",
            "owner_text": "", "units": "", "period": "", "followup": "", "budget": "", "target": None,
            "status": "ยังไม่เริ่ม", "summary": "", "results": "", "updated": "", "source": "", "note": "",
            "version": 1, "carried_from": None}
    out = []
    for i, row in enumerate(rows, start=1):
        out.append({**base, "id": i, "number": str(i), "position": i, **row})
    return pd.DataFrame(out)
