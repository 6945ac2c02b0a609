from datetime import date, datetime, time

import pytest
import xlsxwriter

from migration.errors import SourceError
from migration.read.sources import open_table
from migration.read.xlsxfile import cell_text


def workbook(path, sheets):
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, grid in sheets:
        sheet = book.add_worksheet(name)
        for r, cells in enumerate(grid):
            for c, value in enumerate(cells):
                if isinstance(value, datetime):
                    sheet.write_datetime(r, c, value, dates)
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()
    return path


PETS = [
    ["Listado de mascotas"],
    [],
    [
        "ID",
        "ID propietario",
        "Nombre",
        "Especie",
        "Microchip",
        "Fecha de nacimiento",
        "Peso",
        "Propietario",
    ],
    [77, 1042.0, "FIRULAIS", "canine", "982000123456789", datetime(2019, 1, 1), 12.5, "Ana"],
    [78, 1043, "Kiwi", "bird", "007", 43831, 0.08, None],
    [],
    [79, 1043, "Luna", "feline", None, "2020-05-03", 4, None],
]


def test_title_rows_number_cells_and_dates(tmp_path):
    path = workbook(tmp_path / "export.xlsx", [("Mascotas", PETS)])
    table = open_table(path, expected="pets")
    assert (table.header_row, table.sheet) == (3, "Mascotas")
    first, second, third = table.rows
    assert first.values == {
        "id": "77",
        "owner_id": "1042",
        "name": "FIRULAIS",
        "specie": "canine",
        "code": "982000123456789",
        "birth_at": "2019-01-01",
        "weight": "12.5",
    }
    assert first.extras == {"Propietario": "Ana"}
    assert (first.row, second.row, third.row) == (4, 5, 7)
    assert second.values["birth_at"] == "2020-01-01"
    assert second.values["code"] == "007" and second.values["weight"] == "0.08"
    assert third.values["code"] == "" and third.values["weight"] == "4"


def test_the_sheet_with_a_known_header_is_chosen(tmp_path):
    notes = [["Exportado por OkVet"], ["Clínica Demo"]]
    path = workbook(tmp_path / "export.xlsx", [("Notas", notes), ("Datos", PETS)])
    table = open_table(path)
    assert (table.table, table.sheet) == ("pets", "Datos")
    assert len(list(table.rows)) == 3


def test_expected_table_picks_its_sheet(tmp_path):
    owners = [["id", "name", "mobile"], [1, "Ana", "+573001112233"]]
    path = workbook(tmp_path / "dump.xlsx", [("pets", PETS), ("owners", owners)])
    assert open_table(path, expected="owners").sheet == "owners"


def test_a_broken_workbook_is_one_line(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SourceError, match=r"^broken.xlsx: not a readable spreadsheet"):
        open_table(path)


@pytest.mark.parametrize(
    ("value", "date_column", "text"),
    [
        (None, False, ""),
        (3001234567.0, False, "3001234567"),
        (12.5, False, "12.5"),
        (True, False, "1"),
        (False, False, "0"),
        (7, False, "7"),
        (44562, True, "2022-01-01"),
        (44562.5, True, "2022-01-01 12:00:00"),
        (float("nan"), False, "nan"),
        (datetime(2021, 3, 4, 8, 29, 59, 999_000), False, "2021-03-04 08:30:00"),
        (datetime(2021, 3, 4), False, "2021-03-04"),
        (date(2021, 3, 4), False, "2021-03-04"),
        (time(8, 30, 15, 5), False, "08:30:15"),
        (b"x", False, "b'x'"),
    ],
)
def test_cell_text(value, date_column, text):
    assert cell_text(value, date_column) == text
