"""The admin's small pieces on their own: names, links and lines for rows that are unusual."""

import pytest
from django.utils import translation

from migration.admin import display
from migration.admin.base import change_url, existing_targets, target_link
from migration.admin.filters import namespace_label
from migration.admin.rollback import cleared_label, kept_line, plural
from migration.models import MigrationRecord, OwnerMerge, model_name


def es(function, *args, **kwargs):
    with translation.override("es"):
        return function(*args, **kwargs)


def test_a_model_without_an_admin_page_is_named_not_linked():
    assert change_url("migration.NoSuchModel", 1) == ""
    assert es(target_link, "contenttypes.ContentType", 4) == "Tipo de contenido 4"
    assert target_link("", None) == "—"
    assert model_name("nothing.Here") == "nothing.Here" and plural("x.Y") == "x.Y"


@pytest.mark.django_db
def test_rows_pointing_at_unknown_models_have_no_target():
    rows = [MigrationRecord(target_model="gone.Model", target_id=1), MigrationRecord()]
    assert existing_targets(rows) == set()


def test_every_id_map_namespace_has_a_name():
    assert es(namespace_label, "client") == "Clientes/Propietarios"
    assert es(namespace_label, "placeholder-pet") == "mascota provisional"
    assert es(namespace_label, "staff") == "profesional de OkVet"
    assert namespace_label("unheard-of") == "unheard-of"


def test_what_a_rollback_keeps_and_clears_reads_as_sentences():
    assert es(kept_line, "clinic.Staff", 1200, 7) == (
        "1.200 × personal: aún los usa el lote 7, que ahora los tiene"
    )
    assert es(kept_line, "clinic.Staff", 2, None) == (
        "2 × personal: aún los usan registros creados en la clínica"
    )
    assert es(cleared_label, "clinic.Appointment.pet").startswith("cita: ")
    assert es(cleared_label, "clinic.Appointment.nothing") == "cita: nothing"


def test_what_a_merge_moved_reads_as_lines():
    text = es(display.moved, {"clinic.Pet": [1, 2], "mappings": [[3, False]], "was_active": True})
    assert '<th scope="row">Mascota</th><td>2</td>' in text
    assert "Ids de OkVet trasladados</th><td>1</td>" in text and "<td>sí</td>" in text


def test_titles_of_unusual_rows():
    with translation.override("es"):
        assert str(MigrationRecord(source_id="17", status="error")) == "Id de OkVet 17: Error"
        assert str(MigrationRecord(source_file="/x/a.csv", source_row=3, status="skipped")) == (
            "Fila 3 de a.csv: Omitido"
        )
        merge = OwnerMerge(pk=4, survivor_id=1, merged_id=2, undone_at="2026-01-01")
        assert str(merge) == "Fusión 4: propietario 2 en el propietario 1 (deshecha)"


def test_a_file_reference_row_is_shown_under_spanish_labels():
    from django.utils import translation

    from migration.admin.display import source_row

    row = {"path": "VetFiles/1/a.png", "name": "estudio COCO.png", "kind": "attachment",
           "owner_key": "imaging 3", "pet": 21, "record": 110}  # fmt: skip
    with translation.override("es"):
        shown = source_row(row)
    assert "Ruta en la exportación" in shown and "Registro (id)" in shown
    assert ">record<" not in shown.lower() and ">path<" not in shown.lower()
    assert ">Name<" in source_row({"name": "Firulais", "id": "7"})  # OkVet's own column
