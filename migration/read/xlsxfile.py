"""Spreadsheets (XLSX, XLS, ODS) through python-calamine, every cell turned into text.

Excel stores numbers as floats: a phone typed as a number comes back as ``3001234567.0`` and a
microchip as ``9.82000123456789e+14``; dates typed without a date format come back as serial
numbers (``44562`` = 2022-01-01). Cells are written back as the text a person sees, so the
convert layer reads every file the same way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, WorksheetNotFound

from migration.errors import SourceError
from migration.i18n import gettext_noop
from migration.read.limits import DEFAULT_LIMITS, SourceLimits
from migration.read.xlsxzip import check_workbook

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
    """One sheet of a workbook as numbered rows of raw cells; row numbers as Excel shows them.

    calamine hands over the rows from the sheet's first row, empty ones included, whatever
    the first filled row is: a header in row 3 comes third.
    """

    def __init__(self, path: Path, name: str, sheet: str) -> None:
        self.path, self.name, self.sheet = path, name, sheet

    def rows(self) -> Iterator[tuple[int, list]]:
        workbook = open_workbook(self.path, self.name)
        try:
            sheet = _load(workbook, self.name, self.sheet)
            yield from enumerate(_guarded(sheet.iter_rows(), self.name, self.sheet), start=1)
        finally:
            workbook.close()

    def count_filled(self, after: int) -> int | None:
        """The rows below row ``after`` down to the sheet's last filled cell, from the range
        calamine reads, no cell turned into Python (an empty row in between counts too);
        ``None`` when the sheet cannot be read (the import says why, in its place)."""
        try:
            workbook = CalamineWorkbook.from_path(str(self.path))
            try:
                end = workbook.get_sheet_by_name(self.sheet).end
            finally:
                workbook.close()
        except (*CALAMINE_ERRORS, WorksheetNotFound):
            return None
        return 0 if end is None else max(0, end[0] + 1 - after)

    text = staticmethod(cell_text)


UNREADABLE = gettext_noop("not a readable spreadsheet: {error}")
UNREADABLE_SHEET = gettext_noop("sheet {sheet!r} cannot be read: {error}")
_QUOTED_BYTES = re.compile(r"\s*\(signature [^)]*\)")
CALAMINE_ERRORS = (CalamineError, OSError, ValueError, RuntimeError, OverflowError)


def open_workbook(path: Path, name: str) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except CALAMINE_ERRORS as exc:
        raise SourceError(UNREADABLE, file=name, error=_reason(exc)) from exc


def _load(workbook: CalamineWorkbook, name: str, sheet: str):
    try:
        return workbook.get_sheet_by_name(sheet)
    except WorksheetNotFound as exc:  # listed in the workbook, its XML part missing
        raise SourceError(
            gettext_noop("sheet {sheet!r} is listed but its cells are missing from the file"),
            file=name,
            sheet=sheet,
        ) from exc
    except CALAMINE_ERRORS as exc:
        raise SourceError(UNREADABLE_SHEET, file=name, sheet=sheet, error=_reason(exc)) from exc


def _guarded(rows: Iterator[list], name: str, sheet: str) -> Iterator[list]:
    try:
        yield from rows
    except CALAMINE_ERRORS as exc:
        raise SourceError(UNREADABLE_SHEET, file=name, sheet=sheet, error=_reason(exc)) from exc


def _reason(exc: BaseException) -> str:
    """calamine's reason (``XmlError``'s text may be empty: its class names it then), without
    the file's own bytes it quotes (``Invalid OLE (signature \\xa7\\x33…)``)."""
    text = _QUOTED_BYTES.sub("", str(exc).split("\n", 1)[0])
    return text or type(exc).__name__


def sheet_grids(path: Path, name: str, limits: SourceLimits = DEFAULT_LIMITS) -> list[SheetGrid]:
    """Every sheet of the workbook, in order; the caller picks the one with a known header."""
    check_workbook(path, name, limits)
    workbook = open_workbook(path, name)
    try:
        sheets = list(workbook.sheet_names)
    finally:
        workbook.close()
    if not sheets:
        raise SourceError(gettext_noop("the workbook has no sheets"), file=name)
    return [SheetGrid(path, name, sheet) for sheet in sheets]
