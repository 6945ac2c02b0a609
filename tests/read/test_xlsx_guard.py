"""XLSX sheets are measured before calamine builds them: the scan of the sheet XML finds the
grid calamine would allocate, whatever the ``<dimension>`` claims, with or without ``r``."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from migration.errors import SourceError
from migration.read.limits import SourceLimits
from migration.read.sources import open_table
from migration.read.xlsxzip import Extent, check_workbook
from tests.fixtures.malformed.make import sheet_xml, workbook_xml, xlsx

HEADER = (1, [("A1", "id"), ("B1", "name"), ("C1", "number_doc")])


def letters(col: int) -> str:
    text = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        text = chr(65 + rest) + text
    return text


def test_a_grid_over_the_cap_is_refused_and_one_under_it_read(tmp_path):
    far = (20, [("T20", "x")])  # 20 rows x 20 columns from A1
    xlsx(tmp_path / "grid.xlsx", sheet_xml([HEADER, (2, [("A2", "1"), ("B2", "Ana")]), far]))
    with pytest.raises(SourceError, match="would hold more than 399 cells"):
        open_table(tmp_path / "grid.xlsx", limits=SourceLimits(max_sheet_cells=399))
    table = open_table(tmp_path / "grid.xlsx", limits=SourceLimits(max_sheet_cells=400))
    assert [r.values["name"] for r in table.rows] == ["Ana", ""]


def test_cells_without_r_are_placed_as_calamine_places_them(tmp_path):
    """``<row>`` and ``<c>`` without ``r``: the next row, the next column."""
    cells = '<c t="inlineStr"><is><t>id</t></is></c>' + "<c/>" * 300
    cells += '<c t="inlineStr"><is><t>x</t></is></c>'
    body = (
        f"<row>{cells}</row>" + "<row/>" * 500 + '<row><c t="inlineStr"><is><t>y</t></is></c></row>'
    )
    sheet = sheet_xml([]).replace("<sheetData></sheetData>", f"<sheetData>{body}</sheetData>")
    xlsx(tmp_path / "sin_r.xlsx", sheet)
    extent = _extent(sheet.encode())
    assert (extent.rows, extent.columns) == (502, 302)
    assert _calamine_shape(tmp_path / "sin_r.xlsx") == (502, 302)
    with pytest.raises(SourceError, match="reach row 502 and span 302 columns"):
        check_workbook(tmp_path / "sin_r.xlsx", "sin_r.xlsx", SourceLimits(max_sheet_cells=1000))


def test_the_unpacked_size_of_a_workbook_is_capped(tmp_path):
    rows = [HEADER] + [(n, [(f"A{n}", "1"), (f"B{n}", "Ana" * 100)]) for n in range(2, 2000)]
    xlsx(tmp_path / "grande.xlsx", sheet_xml(rows))
    with pytest.raises(SourceError) as caught:
        open_table(tmp_path / "grande.xlsx", limits=SourceLimits(max_unpacked_bytes=100_000))
    assert str(caught.value) == (
        "grande.xlsx: the spreadsheet would unpack to more than 97.7 KB "
        "(MIGRATION_MAX_UNPACKED_BYTES); it is not read"
    )


def test_a_header_below_empty_rows_keeps_excel_row_numbers(tmp_path):
    sheet = sheet_xml(
        [(3, [("B3", "id"), ("C3", "name"), ("D3", "number_doc")]), (4, [("B4", "7")])]
    )
    xlsx(tmp_path / "fila3.xlsx", sheet)
    table = open_table(tmp_path / "fila3.xlsx")
    assert table.header_row == 3 and [(r.row, r.values["id"]) for r in table.rows] == [(4, "7")]


def test_a_workbook_written_by_excel_libraries_is_scanned_fast_and_read(tmp_path):
    path = tmp_path / "xlsxwriter.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Propietarios")
    sheet.write_row(0, 0, ["id", "name", "number_doc"])
    for n in range(1, 300):
        sheet.write_row(n, 0, [n, f"Dueño {n}", str(79000000 + n)])
    sheet.write(299, 40, "far")  # column AO
    book.close()
    with zipfile.ZipFile(path) as z:
        extent = _extent(z.read("xl/worksheets/sheet1.xml"))
    assert (extent.rows, extent.columns) == (300, 41) == _calamine_shape(path)
    assert len(list(open_table(path).rows)) == 299


def test_names_of_sheets_come_from_the_workbook(tmp_path):
    book = workbook_xml('<sheets><sheet name="Año &amp; mes" sheetId="1" r:id="rId1"/></sheets>')
    xlsx(tmp_path / "nombre.xlsx", sheet_xml([HEADER, (900, [("ZZ900", "x")])]), book)
    with pytest.raises(SourceError, match="sheet 'Año & mes' would hold more than 10 cells"):
        check_workbook(tmp_path / "nombre.xlsx", "nombre.xlsx", SourceLimits(max_sheet_cells=10))


def _extent(xml: bytes, block: int = 97) -> Extent:
    """Fed in small pieces, so tags are cut at every place a 1 MB block could cut them."""
    from migration.read.xlsxzip import _feed

    extent, pending = Extent(), b""
    for start in range(0, len(xml), block):
        pending = _feed(extent, pending + xml[start : start + block], "x")
    _feed(extent, pending, "x")
    return extent


def _calamine_shape(path: Path) -> tuple[int, int]:
    book = CalamineWorkbook.from_path(str(path))
    sheet = book.get_sheet_by_name(book.sheet_names[0])
    return (sheet.end[0] + 1, sheet.width) if sheet.end else (0, 0)


# one sheet drawn at random: rows with or without ``r``, cells with a value or empty, with or
# without ``r``, an ``x:`` prefix or none; calamine's grid never exceeds the scan's
# r?, column, has a value, a row of its own (not its row's) or none
CELL = st.tuples(st.booleans(), st.integers(0, 40), st.booleans(), st.none() | st.integers(1, 60))
ROW = st.tuples(st.booleans(), st.integers(1, 60), st.lists(CELL, max_size=6))


def _draw_sheet(rows, prefix: str) -> str:
    p = prefix
    body = []
    for with_r, number, cells in rows:
        attrs = f' r="{number}"' if with_r else ""
        parts = []
        for cell_r, col, value, own_row in cells:
            ref = f' r="{letters(col)}{own_row or number}"' if cell_r and with_r else ""
            if value:
                parts.append(f'<{p}c{ref} t="inlineStr"><{p}is><{p}t>v</{p}t></{p}is></{p}c>')
            else:
                parts.append(f'<{p}c{ref} s="1"/>')
        body.append(f"<{p}row{attrs}>{''.join(parts)}</{p}row>")
    xmlns = f'xmlns{":" + p[:-1] if p else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    return (
        f'<?xml version="1.0"?><{p}worksheet {xmlns}><{p}sheetData>{"".join(body)}'
        f"</{p}sheetData></{p}worksheet>"
    )


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(ROW, max_size=8), prefix=st.sampled_from(["", "x:"]))
def test_the_scan_bounds_the_grid_calamine_builds(tmp_path, rows, prefix):
    sheet = _draw_sheet(rows, prefix)
    path = tmp_path / "azar.xlsx"
    xlsx(path, sheet)
    extent = _extent(sheet.encode())
    shape = _calamine_shape(path)
    assert shape[0] <= max(extent.rows, 0) and shape[1] <= extent.columns
    if shape != (0, 0):
        assert shape[0] == extent.rows
