"""An export uploaded from the console: kept in a folder of its own under the upload folder,
and what was recognised in it (each file's table, rows, dates, unknown columns, the files not
recognised or not imported) shown before anything runs."""

import re
from html import unescape

import pytest
from django.urls import reverse

from clinic.models import OwnerProfile
from console.models import Upload, UploadFile
from console.uploading import safe_name
from migration.models import MigrationRun
from tests.console.test_runs_fixtures import *  # noqa: F403 - its fixtures
from tests.console.test_runs_fixtures import as_zip, engine_files, post_upload, uploaded

pytestmark = pytest.mark.django_db


def text(response) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def detail(client, upload) -> str:
    return text(client.get(reverse("console:upload_detail", args=[upload.pk])))


def with_column(name: str, body: bytes, header: str, value: str) -> tuple[str, bytes]:
    lines = body.decode().splitlines()
    lines = [lines[0] + f",{header}"] + [line + f",{value}" for line in lines[1:]]
    return name, ("\n".join(lines) + "\n").encode()


def test_several_files_are_kept_under_the_upload_folder_and_recognised(staff, uploads):
    upload = uploaded(staff)
    assert upload.folder_path.parent == uploads / "exports"
    kept = sorted(p.name for p in (upload.folder_path / "exportacion-okvet").iterdir())
    assert kept == ["mascotas.csv", "propietarios.csv"]
    assert [p.name for p in (uploads / "exports").iterdir()] == [upload.folder_path.name]
    stored = UploadFile.objects.get(upload=upload, original_name="propietarios.csv")
    assert len(stored.sha256) == 64 and stored.size == len(engine_files()[0][1])
    page = detail(staff, upload)
    assert "propietarios.csv Clientes/Propietarios 9 06/05/2019 – 04/03/2021 — Se importará" in page
    assert "mascotas.csv Mascotas 8 01/01/2000 – 01/08/2022 — Se importará" in page
    assert not MigrationRun.objects.exists() and not OwnerProfile.objects.exists()


def test_one_zip_is_read_as_the_export_with_its_unknown_columns(staff, uploads):
    owners, pets = engine_files()
    files = [with_column(*owners, "Cel. del cliente", "3001234567"), pets, ("notas.pdf", b"%PDF")]
    upload = uploaded(staff, [("okvet.zip", as_zip(files))])
    assert upload.source == "exportacion-okvet/okvet.zip"
    page = detail(staff, upload)
    assert "Clientes/Propietarios 9 06/05/2019 – 04/03/2021 «Cel. del cliente» Se importará" in page
    assert "notas.pdf : No se lee: no es un archivo CSV ni una hoja de cálculo" in page
    assert "«Cel. del cliente» — Clientes/Propietarios" in page  # offered in the mapping form


def test_a_file_of_no_table_is_named_and_the_trial_refused(staff, uploads):
    upload = uploaded(staff, [*engine_files(), ("notas.csv", b"fecha,texto\n2024-01-01,hola\n")])
    page = detail(staff, upload)
    assert "notas.csv : La importación se detendría en este archivo: notas.csv:" in page
    response = staff.post(reverse("console:start_trial", args=[upload.pk]), follow=True)
    assert "La importación se detendría en «notas.csv»" in text(response)
    assert not upload.jobs.exists()


def test_a_damaged_zip_is_refused_with_its_line_and_nothing_kept(staff, uploads):
    response = post_upload(staff, [("okvet.zip", b"PK\x03\x04 not really a zip")])
    assert response.status_code == 400
    assert "okvet.zip: el archivo ZIP está incompleto: falta su lista de archivos" in text(response)
    assert not Upload.objects.exists()
    assert not any((uploads / "exports").iterdir())


def test_the_attachments_go_as_a_zip(staff, uploads):
    response = post_upload(staff, engine_files(), attachments=("fotos.rar", b"x"))
    assert response.status_code == 400
    assert "Los adjuntos (la carpeta VetFiles) van en un solo archivo ZIP." in text(response)
    upload = uploaded(staff, attachments=("VetFiles.zip", as_zip([("VetFiles/a.txt", b"a")])))
    assert upload.attachments == "adjuntos/VetFiles.zip"
    assert upload.attachments_path.is_file()


def test_file_names_are_made_safe():
    taken: set[str] = set()
    assert safe_name("../../etc/passwd", taken) == "passwd"
    assert safe_name("..\\Historia clínica: 2023?.XLSX", taken) == "Historia clínica_ 2023_.xlsx"
    assert safe_name(".oculto.csv", taken) == "oculto.csv"
    assert safe_name("~$lock.csv", taken) == "lock.csv"
    assert safe_name("oculto.csv", taken) == "oculto (2).csv"
    assert safe_name("....", set()) == "file"
