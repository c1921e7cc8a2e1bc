"""Tables out to Excel (a chart's data, a view's table): pure `DataFrames -> bytes`."""

from __future__ import annotations

import io
from collections.abc import Mapping

import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ita.storage.excel import write_text_cell


def frames_to_xlsx(sheets: Mapping[str, pd.DataFrame], note: str = "") -> bytes:
    """Returns a workbook with one sheet per frame: bold frozen header, fitted widths, and text
    written as text (never a formula). `note`, when given, goes in a first row above the header
    (e.g. 'ข้อมูลสมมุติ')."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, df in sheets.items():
        ws = wb.create_sheet(name[:31])
        start = 1
        if note:
            write_text_cell(ws.cell(1, 1), note)
            ws.cell(1, 1).font = Font(bold=True, color="C00000")
            start = 2
        for j, col in enumerate(df.columns, start=1):
            write_text_cell(ws.cell(start, j), str(col))
            ws.cell(start, j).font = Font(bold=True)
            values = [str(col), *[str(v) for v in df[col].tolist()]]
            ws.column_dimensions[get_column_letter(j)].width = min(60, max(8, *(len(v) + 2 for v in values)))
        for i, row in enumerate(df.itertuples(index=False), start=start + 1):
            for j, value in enumerate(row, start=1):
                cell = ws.cell(i, j)
                if value is None or (isinstance(value, float) and pd.isna(value)):
                    continue
                if isinstance(value, str):
                    write_text_cell(cell, value)
                elif hasattr(value, "item"):
                    cell.value = value.item()  # numpy scalar -> Python
                else:
                    cell.value = value
        ws.freeze_panes = ws.cell(start + 1, 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
