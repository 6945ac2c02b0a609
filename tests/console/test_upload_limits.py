"""The upload's limits, each refused with its sentence and nothing kept: the total size, the
number of files (under Django's own cap, so the console's message is the one shown), the ZIP
caps of the importer, and uploads that are not one export."""

import pytest

from console.models import Upload
from tests.console.test_runs_fixtures import *  # noqa: F403 - its fixtures
from tests.console.test_runs_fixtures import as_zip, engine_files, post_upload
from tests.console.test_upload_recognition import text

pytestmark = pytest.mark.django_db


def refused(response, uploads) -> str:
    assert response.status_code == 400
    assert not Upload.objects.exists()
    exports = uploads / "exports"
    assert not exports.exists() or not any(exports.iterdir())
    return text(response)


def test_the_total_size_is_capped(staff, uploads, settings):
    settings.MIGRATION_UPLOAD_MAX_BYTES = 1500
    page = refused(post_upload(staff, engine_files()), uploads)
    assert "La carga pesa más de 1,5 KB, lo más que acepta la consola" in page


def test_the_number_of_files_is_capped(staff, uploads, settings):
    settings.MIGRATION_UPLOAD_MAX_FILES = 1
    page = refused(post_upload(staff, engine_files()), uploads)
    assert "Se eligieron más de 1 archivos, lo más que acepta la consola a la vez" in page


def test_djangos_own_cap_on_files_gives_the_same_sentence(staff, uploads, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 1
    page = refused(post_upload(staff, engine_files()), uploads)
    assert "lo más que acepta la consola a la vez" in page


def test_the_importers_zip_caps_apply(staff, uploads, settings):
    settings.MIGRATION_MAX_ZIP_MEMBERS = 1
    page = refused(post_upload(staff, [("okvet.zip", as_zip(engine_files()))]), uploads)
    assert "okvet.zip: el archivo ZIP contiene 2 archivos, más de 1" in page
    assert "MIGRATION_" not in page


@pytest.mark.parametrize(
    ("files", "sentence"),
    [
        ([], "Elija el archivo o los archivos de la exportación de OkVet."),
        (
            [("informe.pdf", b"%PDF")],
            "No es un archivo de una exportación de OkVet (CSV, Excel o ZIP): «informe.pdf».",
        ),
        (
            [("a.zip", as_zip(engine_files())), ("b.csv", b"id,name\n1,x\n")],
            "Suba un solo ZIP con toda la exportación o sus archivos",
        ),
    ],
)
def test_what_is_not_one_export_is_refused(staff, uploads, files, sentence):
    assert sentence in refused(post_upload(staff, files), uploads)


def test_the_page_states_the_limits(staff, uploads, settings):
    settings.MIGRATION_UPLOAD_MAX_FILES = 200
    page = text(staff.get("/migracion/nueva/"))
    assert "Como máximo 2,0 GB y 200 archivos en una carga" in page
