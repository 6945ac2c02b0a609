"""``export_inspect``: what an export holds, read as the import reads it, before anything of
it is imported: each file's table, rows, dates and unknown headers; what would stop the import."""

import zipfile

import pytest

from migration.errors import SourceError
from migration.services.inspect import (
    CATALOG,
    IMPORTED,
    INCOMPLETE,
    NOT_DATA,
    UNREADABLE,
    Inspection,
    export_inspect,
)


@pytest.fixture
def folder(tmp_path, fixtures):
    export = tmp_path / "export"
    export.mkdir()
    for name in ("propietarios.csv", "mascotas.csv"):
        (export / name).write_bytes((fixtures / "engine" / name).read_bytes())
    return export


def by_name(inspection: Inspection) -> dict:
    return {item.name: item for item in inspection.files}


def test_each_file_its_table_rows_and_dates(folder):
    (folder / "catalogo.csv").write_text("id,name,laboratory\n1,Rabia,Zoetis\n")
    (folder / "léame.txt.pdf").write_bytes(b"%PDF")
    (folder / "VetFiles" / "pets").mkdir(parents=True)
    (folder / "VetFiles" / "pets" / "foto.jpg").write_bytes(b"jpg")
    files = by_name(export_inspect(source=folder))
    owners = files["propietarios.csv"]
    assert (owners.status, owners.table, owners.label, owners.rows) == (
        IMPORTED,
        "owners",
        "Clients/Owners",
        9,
    )
    assert (owners.first_date.isoformat(), owners.last_date.isoformat()) == (
        "2019-05-06",
        "2021-03-04",
    )
    assert files["mascotas.csv"].first_date.isoformat() == "2000-01-01"  # 0204-05-03 is invalid
    assert files["catalogo.csv"].status == CATALOG and files["catalogo.csv"].first_date is None
    assert files["léame.txt.pdf"].status == NOT_DATA
    assert "VetFiles/pets/foto.jpg" not in files
    assert export_inspect(source=folder).attachments == 1


def test_unknown_headers_and_the_mapping_that_names_them(folder):
    path = folder / "propietarios.csv"
    text = path.read_text().replace("id,name,", "id,Nombre del cliente,", 1)
    path.write_text(text)
    owners = by_name(export_inspect(source=folder))["propietarios.csv"]
    assert owners.status == INCOMPLETE and owners.blocking and owners.missing == ("name",)
    assert owners.unknown == ("Nombre del cliente",) and "number_doc" in owners.found
    named = export_inspect(source=folder, mapping={"owners": {"nombredelcliente": "name"}})
    owners = by_name(named)["propietarios.csv"]
    assert owners.status == IMPORTED and owners.mapped == (("Nombre del cliente", "name"),)
    assert Inspection.from_dict(named.to_dict()) == named


def test_a_file_the_import_would_refuse_is_named_with_its_reason(folder):
    (folder / "notas.csv").write_text("fecha,texto\n2024-01-01,hola\n")
    notes = by_name(export_inspect(source=folder))["notas.csv"]
    assert notes.status == UNREADABLE and notes.blocking
    assert notes.message.startswith("notas.csv: no header row of any OkVet table")


def test_an_export_that_cannot_be_opened_is_one_line(tmp_path):
    archive = tmp_path / "okvet.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("notas.pdf", b"%PDF")
    with pytest.raises(SourceError, match="okvet.zip: no OkVet export files found"):
        export_inspect(source=archive)
    (tmp_path / "roto.zip").write_bytes(b"not a zip")
    with pytest.raises(SourceError, match="roto.zip: neither a folder nor a ZIP file"):
        export_inspect(source=tmp_path / "roto.zip")
