"""Excel files the application writes: what people typed or imported is written as text, never as a
formula (#17: formula injection — "=HYPERLINK(...)" in a member's job title must not become a live link
or a calculation in the officer's Excel). The application writes no formula of its own, so every cell
openpyxl took for one is turned back into text, marked with Excel's quote prefix (it stays text when the
cell is edited). OWASP, "CSV Injection": https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import io

from openpyxl import Workbook

# Beside "=" (openpyxl's formulas), text starting with these is taken for a formula when a cell is
# edited or the sheet saved as CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(workbook: Workbook) -> Workbook:
    """Every cell holding text that a spreadsheet would evaluate, made plain text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return workbook


def xlsx_bytes(workbook: Workbook) -> bytes:
    """The workbook as an .xlsx file, its text made safe (`as_text`)."""
    buffer = io.BytesIO()
    as_text(workbook).save(buffer)
    return buffer.getvalue()
