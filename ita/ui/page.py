"""What every page reads before it draws anything: the data, the framework, the sidebar's choice and
the store (and, on the pages that save, the name box)."""

from __future__ import annotations

from typing import NamedTuple

from ita.core.framework import Framework
from ita.core.model import Dataset
from ita.storage.store import Store
from ita.ui.common import Selection, author_box, selection
from ita.ui.data import dataset, framework, store

NO_AGENCY = "ยังไม่มีข้อมูลผลการประเมินในระบบ จึงยังเลือกหน่วยงานไม่ได้"


class PageStart(NamedTuple):
    ds: Dataset
    fw: Framework
    sel: Selection
    store: Store


def start_page(*, saves: bool = False) -> PageStart:
    """Returns the dataset, framework, sidebar choice and store a page works on; a page that saves
    (`saves`) also gets the name box in the sidebar, whose name goes into the history."""
    ds, fw, sel = dataset(), framework(), selection()
    if saves:
        author_box()
    return PageStart(ds, fw, sel, store())
