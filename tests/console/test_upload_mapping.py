"""Unknown headers mapped to columns: suggestions first, the choice saved for the table and
header and offered again on the next upload, written as the import's mapping file."""

import json

import pytest
from django.urls import reverse

from console.mapping import mapping_rows
from console.models import ColumnMapping
from migration.read.mapping import load_mapping
from tests.console.test_runs_fixtures import *  # noqa: F403 - its fixtures
from tests.console.test_runs_fixtures import engine_files, uploaded
from tests.console.test_upload_recognition import detail, text, with_column

pytestmark = pytest.mark.django_db


def renamed_owners(header: str = "Nombre del cliente") -> list[tuple[str, bytes]]:
    """The owners with their ``name`` column under a header no declaration lists, and an
    extra column."""
    owners, pets = engine_files()
    body = owners[1].decode().replace("id,name,", f"id,{header},", 1).encode()
    return [with_column("propietarios.csv", body, "Cel. del cliente", "3001234567"), pets]


def field_of(upload, header: str) -> str:
    return next(row.key for row in mapping_rows(upload) if row.header == header)


def test_a_missing_required_column_is_mapped_and_the_file_read_again(staff, uploads):
    upload = uploaded(staff, renamed_owners())
    page = detail(staff, upload)
    assert (
        "La importación se detendría en este archivo: no se encontraron columnas que "
        "Clientes/Propietarios requiere: Nombre (name)." in page
    )
    rows = {row.header: row for row in mapping_rows(upload)}
    assert rows["Nombre del cliente"].choices[0].column == "name"
    assert [c.column for c in rows["Cel. del cliente"].choices] == ["name"]  # the rest are taken
    response = staff.post(
        reverse("console:upload_detail", args=[upload.pk]),
        {field_of(upload, "Nombre del cliente"): "name", field_of(upload, "Cel. del cliente"): ""},
        follow=True,
    )
    assert "Se guardó la correspondencia de columnas" in text(response)
    upload.refresh_from_db()
    assert upload.mapping == {"owners": {"Nombre del cliente": "name", "Cel. del cliente": ""}}
    assert json.loads(upload.mapping_path.read_text()) == {"owners": {"Nombre del cliente": "name"}}
    assert load_mapping(upload.mapping_path) == {"owners": {"nombredelcliente": "name"}}
    page = detail(staff, upload)
    assert (
        "propietarios.csv Clientes/Propietarios 9 06/05/2019 – 04/03/2021 "
        "«Cel. del cliente» Se importará" in page
    )
    saved = ColumnMapping.objects.get(table="owners", header_key="nombredelcliente")
    assert (saved.header, saved.column, saved.saved_by) == (
        "Nombre del cliente",
        "name",
        staff.user,
    )


def test_the_choice_is_offered_on_the_next_upload(staff, uploads):
    first = uploaded(staff, renamed_owners())
    staff.post(
        reverse("console:upload_detail", args=[first.pk]),
        {field_of(first, "Nombre del cliente"): "name", field_of(first, "Cel. del cliente"): ""},
    )
    second = uploaded(staff, renamed_owners("NOMBRE DEL CLIENTE"))
    assert second.mapping == {"owners": {"NOMBRE DEL CLIENTE": "name", "Cel. del cliente": ""}}
    rows = {row.header: row for row in mapping_rows(second)}
    assert rows["NOMBRE DEL CLIENTE"].initial == "name" and rows["NOMBRE DEL CLIENTE"].saved
    assert rows["Cel. del cliente"].initial == "" and rows["Cel. del cliente"].saved
    assert "«NOMBRE DEL CLIENTE» — Clientes/Propietarios · elegida antes" in detail(staff, second)
    assert not any(f["status"] == "incomplete" for f in second.inspection["files"])


def test_two_headers_cannot_go_to_one_column(staff, uploads):
    upload = uploaded(staff, renamed_owners())
    response = staff.post(
        reverse("console:upload_detail", args=[upload.pk]),
        {
            field_of(upload, "Nombre del cliente"): "name",
            field_of(upload, "Cel. del cliente"): "name",
        },
    )
    assert response.status_code == 200
    assert "«Nombre del cliente» ya va a esta columna." in response.content.decode()
    assert not ColumnMapping.objects.exists()
