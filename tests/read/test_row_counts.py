"""A table's rows counted without reading them as rows: the progress bar's totals."""

from migration.read import csvfile, xlsxfile
from migration.read.sources import open_table
from tests.read.test_xlsx import workbook

OWNERS_CSV = (
    "Listado de propietarios\r\n"
    "\r\n"
    "id;name;email\r\n"
    '1;"Ana\r\nMaría";ana@x.co\r\n'  # a name with a line break, quoted: one record
    "2;Luis;\r\n"
    "\r\n"  # an empty line is no row
    ";   ;\r\n"  # nor is a row of blanks
    "3;;\r\n"
    ' ;"multi\nline\nnote";\r\n'
)


def _rows(table) -> int:
    return sum(1 for _ in table.rows)


def test_a_csv_counts_its_records_after_the_header_as_rows_gives_them(tmp_path):
    path = tmp_path / "propietarios.csv"
    path.write_text(OWNERS_CSV, encoding="cp1252", newline="")
    table = open_table(path)
    assert table.header_row == 3
    assert table.row_count == _rows(table) == 4


def test_a_count_is_made_once_per_opened_file(tmp_path, monkeypatch):
    path = tmp_path / "propietarios.csv"
    path.write_text(OWNERS_CSV, encoding="utf-8", newline="")
    table = open_table(path)
    calls = []
    counter = csvfile.CsvGrid.count_filled
    monkeypatch.setattr(
        csvfile.CsvGrid,
        "count_filled",
        lambda grid, after: calls.append(after) or counter(grid, after),
    )
    assert (table.row_count, table.row_count) == (4, 4)
    assert calls == [3]


def test_a_csv_that_breaks_while_counted_has_no_count(tmp_path):
    path = tmp_path / "propietarios.csv"
    path.write_text("id,name\n1,Ana\n", encoding="utf-8")
    table = open_table(path)
    path.write_bytes(b"id,name\n1,Mar\xeda\n")  # no longer UTF-8: the import says so in its place
    assert table.row_count is None
    path.unlink()
    del table.__dict__["row_count"]
    assert table.row_count is None


PETS = [
    ["Listado de mascotas"],
    [],
    ["ID", "ID propietario", "Nombre", "Especie"],
    [77, 1042, "FIRULAIS", "canine"],
    [78, 1043, "Kiwi", "bird"],
    [79, 1043, "Lola", "feline"],
]


def test_a_sheet_counts_its_rows_below_the_header_from_calamine(tmp_path):
    table = open_table(workbook(tmp_path / "mascotas.xlsx", [("Mascotas", PETS)]))
    assert table.header_row == 3
    assert table.row_count == _rows(table) == 3


def test_a_sheet_counts_an_empty_row_between_rows_and_a_header_only_sheet_none(tmp_path):
    gap = [*PETS[:4], [], [], PETS[4]]
    table = open_table(workbook(tmp_path / "gap.xlsx", [("Mascotas", gap)]))
    assert (table.row_count, _rows(table)) == (4, 2)
    header = open_table(workbook(tmp_path / "header.xlsx", [("Mascotas", PETS[:3])]))
    assert header.row_count == _rows(header) == 0


def test_a_sheet_that_cannot_be_read_when_counted_has_no_count(tmp_path, monkeypatch):
    table = open_table(workbook(tmp_path / "mascotas.xlsx", [("Mascotas", PETS)]))

    def broken(path):
        raise xlsxfile.CalamineError("broken")

    monkeypatch.setattr(xlsxfile.CalamineWorkbook, "from_path", broken)
    assert table.row_count is None


def test_an_empty_sheet_range_counts_no_row(tmp_path, monkeypatch):
    grid = xlsxfile.SheetGrid(tmp_path / "x.xlsx", "x.xlsx", "Hoja1")

    class Empty:
        end = None

    class Book:
        def get_sheet_by_name(self, name):
            return Empty()

        def close(self):
            pass

    monkeypatch.setattr(xlsxfile.CalamineWorkbook, "from_path", lambda path: Book())
    assert grid.count_filled(3) == 0


def test_a_grid_that_cannot_count_gives_no_count(tmp_path):
    path = tmp_path / "propietarios.csv"
    path.write_text("id,name\n1,Ana\n", encoding="utf-8")
    table = open_table(path)
    table.grid = type("Grid", (), {"sheet": "", "rows": table.grid.rows})()
    assert table.row_count is None
