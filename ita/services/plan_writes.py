"""Writes to a plan that take several store calls: the what-if targets set on several measures at
once, and a progress entry with the measure's new status. No Streamlit: the pages call these
through ita.ui.saving.save, which shows a refusal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from ita.core.access import AccessDenied, Account
from ita.storage.store import Store, StoreError


@dataclass(frozen=True)
class Adopted:
    """How many measures got their new target, and '<number>: <Thai reason>' for each that did not."""

    done: int
    failed: list[str]


def adopt_targets(store: Store, adopt: pd.DataFrame, actor: Account | None) -> Adopted:
    """Sets the new target of every measure that ita.services.whatif.adoptable_targets marks
    'update', each against the version it was read at; returns what was saved and what was refused
    (a refusal does not stop the others)."""
    done, failed = 0, []
    for r in adopt[adopt["action"] == "update"].itertuples(index=False):
        try:
            store.update_measure(int(r.id), {"target": float(r.target)}, int(r.version), actor)
            done += 1
        except (StoreError, AccessDenied) as exc:
            failed.append(f"{r.number}: {exc.message_th}")
    return Adopted(done, failed)


def record_progress(store: Store, measure_id: int, label: str, day: date | None, text: str, evidence: str, *,
                    status: str, new_status: str, read_version: int, actor: Account | None) -> tuple[str, str]:
    """Adds a progress entry to the measure (`label` names it) and, when `new_status` is chosen and
    differs from its `status`, changes the status against `read_version` (the version its form read).
    Returns the message to show: ('ok', text), or ('warn', text) when the entry was saved but the
    status was refused. Raises the store's error when the entry itself is refused (nothing saved)."""
    store.add_progress(measure_id, day.isoformat() if day else "", text, evidence, actor)
    if not new_status or new_status == status:
        return "ok", f"บันทึกความก้าวหน้าของ '{label}' แล้ว"
    try:
        store.update_measure(measure_id, {"status": new_status}, read_version, actor)
    except (StoreError, AccessDenied) as exc:  # a unit head reports progress but does not set the status
        return "warn", f"บันทึกความก้าวหน้าแล้ว แต่ยังไม่เปลี่ยนสถานะ: {exc.message_th}"
    return "ok", f"บันทึกความก้าวหน้าและเปลี่ยนสถานะของ '{label}' เป็น '{new_status}' แล้ว"
