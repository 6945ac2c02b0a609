"""A table of text as an Excel workbook: every cell written as text, never as a formula, a
number or a link (the failed rows' export quotes what would run; this keeps it quoted)."""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter

WIDEST = 60


def workbook(header: list[str], rows: Iterable[list[str]], *, title: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True})
    widths = [len(name) for name in header]
    for column, name in enumerate(header):
        sheet.write_string(0, column, name, bold)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            sheet.write_string(number, column, value)
            if column < len(widths):
                widths[column] = max(widths[column], min(len(value), WIDEST))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width + 2)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
