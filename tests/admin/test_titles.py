"""Every tracking row reads as a sentence in the clinic's language, with local times."""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.utils import translation

from clinic.models import Pet
from migration.models import (
    DataQualityIssue,
    ExternalIdMapping,
    MigrationBatch,
    MigrationRecord,
    MigrationRun,
    MigrationSignoff,
    OwnerMerge,
    SyncChange,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(clinical):
    run = MigrationRun.objects.get(pk=clinical)
    pets = MigrationBatch.objects.get(batch_type="pets")
    pet = Pet.objects.filter(legacy_id__gt="").first()
    owners = list(pet.owner.__class__.objects.order_by("pk")[:2])
    SyncChange.objects.create(
        batch=pets,
        kind="changed",
        source_type="pet",
        source_id=pet.legacy_id,
        target_model="clinic.Pet",
        target_id=pet.pk,
        before={"name": "Luna"},
        after={"name": "LUNA"},
    )
    OwnerMerge.objects.create(survivor=owners[0], merged=owners[1], moved={"clinic.Pet": []})
    MigrationSignoff.objects.create(
        run=run,
        signed_by="Pablo Ruiz",
        signed_at=dt.datetime(2026, 12, 2, 3, 30, tzinfo=dt.UTC),
        report_html="<p>informe</p>",
        report_sha256="0" * 64,
    )
    return run


def test_every_row_of_every_model_has_a_readable_title(rows):
    with translation.override("es"):
        for model in apps.get_app_config("migration").get_models():
            for obj in model.objects.all()[:50]:
                title = str(obj)
                assert "object (" not in title and "None" not in title, (model, title)


def test_the_titles_say_what_each_row_is(rows):
    issue = DataQualityIssue.objects.filter(issue_type="invalid-phone").first()
    record = MigrationRecord.objects.filter(batch__batch_type="pets", source_row=2).get()
    mapping = ExternalIdMapping.objects.filter(source_type="pet").first()
    batch = MigrationBatch.objects.get(batch_type="consults")
    with translation.override("es"):
        assert str(rows) == f"Ejecución {rows.pk}: generated (Completado)"
        assert str(batch) == f"Lote {batch.pk}: Consultas (Completado)"
        assert str(issue) == (
            f"Problema {issue.pk}: teléfono no válido ({issue.source_file}, "
            f"fila {issue.source_row})"
        )
        assert str(record) == f"Fila 2 de mascotas.csv (id de OkVet {record.source_id}): Importado"
        assert str(mapping) == f"Mascota {mapping.target_id}, id de OkVet {mapping.source_id}"
        assert re.fullmatch(
            r"Fusión \d+: propietario \d+ en el propietario \d+", str(OwnerMerge.objects.get())
        )
        change = SyncChange.objects.get()
        assert str(change).startswith("Cambiado desde una exportación más reciente: mascota ")
    with translation.override("en"):
        assert str(batch) == f"Batch {batch.pk}: Consults (Completed)"


def test_a_sign_off_is_titled_with_the_clinics_time(rows):
    """03:30 UTC on 2 December is 22:30 on 1 December in Bogotá."""
    signoff = MigrationSignoff.objects.get()
    with translation.override("es"):
        assert str(signoff) == (
            f"Conformidad de la ejecución {rows.pk}, firmada por Pablo Ruiz el 01/12/2026 22:30"
        )


def test_a_dry_run_says_so(rows):
    batch = MigrationBatch.objects.create(batch_type="pets", source_file="x", is_dry_run=True)
    with translation.override("es"):
        assert str(batch) == f"Lote {batch.pk}: Mascotas (Pendiente, simulacro)"
