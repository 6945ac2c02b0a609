"""The tracking is the proof of what the migration did: no model of it can be added, edited
or deleted from the admin, and each page reads as labelled lines, never as raw JSON."""

import datetime as dt
import re

import pytest
from django.contrib import admin

from clinic.models import OwnerProfile, Pet
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

MODELS = (
    MigrationRun,
    MigrationBatch,
    MigrationRecord,
    DataQualityIssue,
    ExternalIdMapping,
    MigrationSignoff,
    OwnerMerge,
    SyncChange,
)


@pytest.fixture
def tracked(clinical):
    """One row of every tracking model."""
    pets = MigrationBatch.objects.get(batch_type="pets")
    pet = Pet.objects.exclude(legacy_id="").first()
    owners = list(OwnerProfile.objects.order_by("pk")[:2])
    SyncChange.objects.create(
        batch=pets,
        kind="changed",
        source_type="pet",
        source_id=pet.legacy_id,
        target_model="clinic.Pet",
        target_id=pet.pk,
        before={"name": "Luna", "weight_kg": "12.5"},
        after={"name": "LUNA", "weight_kg": "12.8"},
    )
    OwnerMerge.objects.create(
        survivor=owners[0], merged=owners[1], moved={"clinic.Pet": [pet.pk], "was_active": True}
    )
    MigrationSignoff.objects.create(
        run_id=clinical,
        signed_by="Pablo Ruiz",
        signed_at=dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC),
        open_issues={"invalid-phone": 3},
        report_html="<!DOCTYPE html><p>informe</p>",
        report_sha256="ab" * 32,
    )
    return clinical


def url(model, *parts) -> str:
    return "/".join([f"/admin/migration/{model._meta.model_name}", *map(str, parts), ""])


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_nothing_is_added_edited_or_deleted_from_the_admin(staff, tracked, model):
    model_admin = admin.site._registry[model]
    obj = model.objects.order_by("pk").last()
    request = staff.get(url(model)).wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, obj)
    assert not model_admin.has_delete_permission(request, obj)
    assert staff.get(url(model, obj.pk, "delete")).status_code == 403
    assert staff.post(url(model, obj.pk, "delete"), {"post": "yes"}).status_code == 403
    assert staff.post(url(model, obj.pk, "change"), {}).status_code == 403
    assert staff.get(url(model, "add")).status_code == 403
    listed = staff.get(url(model)).content.decode()
    assert 'value="delete_selected"' not in listed
    assert staff.post(
        url(model), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    ).status_code in (200, 302)
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_row_reads_as_labelled_lines(staff, tracked, model):
    for obj in model.objects.order_by("pk")[:3]:
        page = staff.get(url(model, obj.pk, "change"))
        text = page.content.decode()
        assert page.status_code == 200, obj
        assert "deletelink" not in text and 'name="_save"' not in text
        assert "object (" not in text
        assert "{&quot;" not in text and "[&quot;" not in text, obj  # no raw JSON
        assert "&lt;!DOCTYPE" not in text and "&lt;p&gt;" not in text  # no raw HTML


def test_a_batch_shows_its_summary_and_options_as_lines(staff, tracked):
    batch = MigrationBatch.objects.get(batch_type="clients")
    text = staff.get(url(MigrationBatch, batch.pk, "change")).content.decode()
    assert "Filas según su resultado" in text and "Celdas de origen" in text
    assert "Filas por escritura en bloque" in text and "2.000" in text
    assert "Zona horaria de las horas de OkVet" in text and "America/Bogota" in text
    assert "Teléfono no válido (advertencia)" in text


def test_a_row_shows_its_source_columns_and_issues(staff, tracked):
    record = MigrationRecord.objects.filter(batch__batch_type="clients").exclude(
        validation_errors=[]
    )[0]
    text = staff.get(url(MigrationRecord, record.pk, "change")).content.decode()
    for column in list(record.source_data)[:5]:
        assert f'<th scope="row">{column.capitalize()}</th>' in text
    for code in record.validation_errors:
        assert code in text


def test_a_sync_change_shows_before_and_after(staff, tracked):
    change = SyncChange.objects.get()
    text = staff.get(url(SyncChange, change.pk, "change")).content.decode()
    assert "<td>Luna</td><td>LUNA</td>" in text and "<td>12.5</td><td>12.8</td>" in text


ENGLISH = re.compile(
    r"\b(Batch|Record|Owner|Run|Created by|Resolved by|Completed|Rolled Back|[Dd]ry run|"
    r"Interrupted|Source|Severity|Delete|Undo)\b"
)


def visible(html: str) -> str:
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_no_english_is_left_in_the_spanish_admin(staff, tracked, model):
    pages = [url(model)] + [url(model, o.pk, "change") for o in model.objects.order_by("pk")[:2]]
    for page in pages:
        found = ENGLISH.findall(visible(staff.get(page).content.decode()))
        assert found == [], (page, found)
