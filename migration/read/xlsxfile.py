"""Spreadsheets (XLSX, XLS, ODS) through python-calamine, every cell turned into text.

Excel stores numbers as floats: a phone typed as a number comes back as ``3001234567.0`` and a
microchip as ``9.82000123456789e+14``; dates typed without a date format come back as serial
numbers (``44562`` = 2022-01-01). Cells are written back as the text a person sees, so the
convert layer reads every file the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from migration.errors import SourceError
from migration.i18n import gettext_noop

EXTENSIONS = frozenset((".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"))
EXCEL_EPOCH = datetime(1899, 12, 30)
SERIAL_RANGE = (1, 2958466)


def cell_text(value: object, date_column: bool = False) -> str:
    """One cell as text: ``3001234567.0`` → ``"3001234567"``, a datetime → ISO."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return _number(value, date_column)
    if isinstance(value, datetime):
        return _datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.replace(microsecond=0).isoformat()
    return str(value)


def _number(value: float, date_column: bool) -> str:
    if date_column and SERIAL_RANGE[0] <= value < SERIAL_RANGE[1]:
        return _datetime(EXCEL_EPOCH + timedelta(days=float(value)))
    if isinstance(value, int):
        return str(value)
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _datetime(value: datetime) -> str:
    """Calamine's float arithmetic gives 08:29:59.999; round to the second, drop midnight."""
    value = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
    if value.time() == time(0):
        return value.date().isoformat()
    return value.isoformat(sep=" ")


class SheetGrid:
    """One sheet of a workbook as numbered rows of raw cells; row numbers as Excel shows them."""

    def __init__(self, path: Path, name: str, sheet: str) -> None:
        self.path, self.name, self.sheet = path, name, sheet

    def rows(self) -> Iterator[tuple[int, list]]:
        workbook = open_workbook(self.path, self.name)
        try:
            sheet = workbook.get_sheet_by_name(self.sheet)
            first = sheet.start[0] if sheet.start else 0
            for index, cells in enumerate(sheet.iter_rows()):
                yield first + index + 1, cells
        finally:
            workbook.close()

    text = staticmethod(cell_text)


def open_workbook(path: Path, name: str) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise SourceError(
            gettext_noop("not a readable spreadsheet: {error}"), file=name, error=exc
        ) from exc


def sheet_grids(path: Path, name: str) -> list[SheetGrid]:
    """Every sheet of the workbook, in order; the caller picks the one with a known header."""
    workbook = open_workbook(path, name)
    try:
        return [SheetGrid(path, name, sheet) for sheet in workbook.sheet_names]
    finally:
        workbook.close()
