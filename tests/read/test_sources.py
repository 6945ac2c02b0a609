from pathlib import Path

import pytest

from migration.errors import SourceError
from migration.read.csvfile import detect_delimiter
from migration.read.declarations import TABLES
from migration.read.headers import normalize_header
from migration.read.mapping import load_mapping
from migration.read.sources import open_table
from migration.read.tables import TRAILER

READ = Path(__file__).parent.parent / "fixtures" / "read"


def rows(path, **kwargs):
    return list(open_table(READ / path, **kwargs).rows)


def test_windows_1252_semicolons_title_rows_and_spanish_labels():
    table = open_table(READ / "cp1252_semicolon.csv", expected="owners")
    assert (table.table, table.header_row, table.grid.encoding) == ("owners", 4, "cp1252")
    assert table.grid.delimiter == ";"
    first, second = table.rows
    assert first.row == 5 and second.row == 7
    assert first.values["name"] == "MARÍA PÉREZ"
    assert first.values["number_doc"] == "52.123.456"
    assert first.values["email"] == "MARIA@MAIL.COM"
    assert first.extras == {"Observación interna": "cliente VIP"}
    assert second.values["number_doc"] == "000123" and second.values["name"] == "José Ñúñez"
    assert (first.file, first.sheet) == ("cp1252_semicolon.csv", "")


def test_utf8_bom_and_quoted_multiline_cells():
    table = open_table(READ / "utf8_bom_multiline.csv")
    assert table.table == "owners" and table.grid.encoding == "utf-8-sig"
    ana, luis = table.rows
    assert ana.values["id"] == "7"
    assert ana.values["name"] == 'Ana "La Flaca" Torres'
    assert ana.values["address"] == "Calle 1\nApto 201"
    assert luis.row == 3 and luis.values["name"] == "Luis Díaz"


def test_utf16_tab_delimited_is_detected_by_columns():
    table = open_table(READ / "utf16_tab.txt")
    assert (table.table, table.grid.delimiter, table.grid.encoding) == ("pets", "\t", "utf-16")
    (pet,) = table.rows
    assert pet.values == {
        "id": "77",
        "owner_id": "1042",
        "name": "FIRULAIS",
        "specie": "canine",
        "code": "982000123456789",
    }


def test_pipe_delimiter_unknown_and_surplus_cells_are_kept():
    (row,) = rows("pipe.csv", expected="pets")
    assert row.values["name"] == "Kiwi"
    assert row.extras == {"extra": "x", "column 6": "surplus"}


def test_the_file_name_does_not_decide_the_table(tmp_path):
    renamed = tmp_path / "export (3).csv"
    renamed.write_bytes((READ / "pipe.csv").read_bytes())
    assert open_table(renamed).table == "pets"


def test_wrong_table_is_one_clear_line():
    with pytest.raises(SourceError) as caught:
        open_table(READ / "utf16_tab.txt", expected="owners")
    message = str(caught.value)
    assert message.startswith("utf16_tab.txt: this file holds the OkVet pets table, not owners")
    assert "\n" not in message


def test_unknown_headers_name_the_missing_column_and_the_fix():
    with pytest.raises(SourceError) as caught:
        open_table(READ / "custom_headers.csv", expected="owners")
    message = str(caught.value)
    assert "custom_headers.csv" in message and "--mapping" in message
    assert "Código del cliente" in message


@pytest.mark.parametrize("mapping", ["mapping.toml", "mapping.json"])
def test_mapping_file_maps_unknown_headers(mapping):
    loaded = load_mapping(READ / mapping)
    (row,) = rows("custom_headers.csv", expected="owners", mapping=loaded)
    assert row.values == {"id": "9", "name": "Ana", "mobile": "3001112233"}


def test_missing_required_column_names_file_and_column(tmp_path):
    path = tmp_path / "mascotas.csv"
    path.write_text("id,name,specie,race\n1,Kiwi,bird,\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        open_table(path, expected="pets")
    assert str(caught.value).startswith("mascotas.csv, column 'owner_id': required column")


def test_undecodable_bytes_name_the_row():
    with pytest.raises(SourceError, match=r"bad_bytes.csv, row 3: the file is neither"):
        open_table(READ / "bad_bytes.csv")


@pytest.mark.parametrize("expected", [None, "owners"])
def test_no_header(expected):
    with pytest.raises(SourceError, match="no header row"):
        open_table(READ / "no_header.csv", expected=expected)


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="nope.csv: file not found"):
        open_table(tmp_path / "nope.csv")


def test_display_name_is_used_in_rows():
    (row,) = rows("pipe.csv", display_name="2024/pipe.csv")
    assert row.file == "2024/pipe.csv"


def test_unterminated_quote_and_nul_bytes_do_not_traceback(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b'id,owner_id,name\n1,2,Kiwi\n3,4,"Ro\x00cky\n')
    try:
        result = list(open_table(path).rows)
    except SourceError as exc:
        assert "nul.csv, row" in str(exc)
    else:
        assert result[0].values["name"] == "Kiwi"


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Número de documento:", "numerodedocumento"),
        ("NUMERO_DE_DOCUMENTO", "numerodedocumento"),
        ("  E-mail ", "email"),
        ("Teléfono 2", "telefono2"),
    ],
)
def test_header_normalisation(header, key):
    assert normalize_header(header) == key


def test_delimiter_ignores_title_rows_and_cut_records():
    sample = 'Listado\n\na;b;c\n1;2;3\n4;5;"cut,'
    assert detect_delimiter(sample, complete=False) == ";"
    assert detect_delimiter("solo\n", complete=True) == ","


def test_every_table_has_its_required_columns_and_dump_trailer():
    for spec in TABLES.values():
        assert set(spec.required) <= set(spec.columns)
        catalog = spec.name in {"vaccine_types", "products", "invoices"}
        assert catalog or spec.columns[-3:] == TRAILER
    assert TABLES["owners"].columns[12] == "conctact"
    assert len(TABLES) == 24


def test_short_csv_rows_give_empty_cells_and_long_ones_keep_the_surplus(tmp_path):
    path = tmp_path / "owners.csv"
    path.write_text("id,name,email,mobile\n1,Ana\n2,Luis,l@x.co,300,extra\n", encoding="utf-8")
    short, long = open_table(path).rows
    assert short.values == {"id": "1", "name": "Ana", "email": "", "mobile": ""}
    assert long.values == {"id": "2", "name": "Luis", "email": "l@x.co", "mobile": "300"}
    assert long.extras == {"column 5": "extra"}


def test_cells_are_picked_by_position_whatever_their_number():
    from migration.read.sources import _picker

    cells = ["a", "b", "c"]
    assert (_picker([]))(cells) == ()
    assert (_picker([1]))(cells) == ("b",)
    assert (_picker([2, 0]))(cells) == ("c", "a")


def test_rows_with_any_filled_cell_are_read_and_empty_ones_skipped(tmp_path):
    path = tmp_path / "owners.csv"
    path.write_text(
        "id,name,email,Nota\n,Ana,,\n ,  ,\t,\n,,,\n3,,,\n,,,solo nota\n", encoding="utf-8"
    )
    rows = list(open_table(path).rows)
    assert [(r.row, r.values["id"], r.values["name"]) for r in rows] == [
        (2, "", "Ana"),
        (5, "3", ""),
        (6, "", ""),
    ]
    assert [r.extras for r in rows] == [{}, {}, {"Nota": "solo nota"}]
