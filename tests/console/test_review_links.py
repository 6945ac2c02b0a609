"""``console.links``: the record an issue concerns, as a link — a pet to its history page, an
entry of that history to its anchor there, an owner, an invoice and the rest to the admin; no
link for a row that is not in Pet-Friendly."""

import pytest
from django.urls import reverse

from clinic.models import Document, Invoice, InvoiceLine, MedicalRecord, OwnerProfile, Pet
from console.links import issue_links, record_links
from migration.models import (
    DataQualityIssue,
    ExternalIdMapping,
    MigrationBatch,
    MigrationRecord,
    MigrationRun,
)
from migration.services.plan import STEPS
from tests.console.reviewing import imported, staff  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_pet_and_its_history_open_the_pet_page(imported):  # noqa: F811
    pet = Pet.objects.get(legacy_id="201")
    record = MedicalRecord.objects.create(pet=pet, record_type="consult")
    loose = Document.objects.create(pet=pet, name="rx.pdf")
    attached = Document.objects.create(pet=pet, name="lab.pdf", medical_record=record)
    page = reverse("clinic:pet", args=[pet.pk])
    links = record_links(
        [
            ("clinic.Pet", pet.pk),
            ("clinic.MedicalRecord", record.pk),
            ("clinic.Document", loose.pk),
            ("clinic.Document", attached.pk),
        ]
    )
    assert links[("clinic.Pet", pet.pk)].url == page
    assert "firulais" in links[("clinic.Pet", pet.pk)].text.lower()
    assert links[("clinic.MedicalRecord", record.pk)].url == f"{page}#medicalrecord-{record.pk}"
    assert links[("clinic.Document", loose.pk)].url == f"{page}#documents-title"
    assert links[("clinic.Document", attached.pk)].url == f"{page}#medicalrecord-{record.pk}"


def test_an_owner_and_an_invoice_open_the_admin(imported):  # noqa: F811
    owner = OwnerProfile.objects.get(legacy_id="101")
    invoice = Invoice.objects.create(owner=owner, prefix="FV", number="7")
    line = InvoiceLine.objects.create(invoice=invoice, description="Consulta")
    links = record_links(
        [
            ("clinic.OwnerProfile", owner.pk),
            ("clinic.InvoiceLine", line.pk),
            ("clinic.Pet", 999_999),
            ("nowhere.Model", 1),
        ]
    )
    owner_url = reverse("admin:clinic_ownerprofile_change", args=[owner.pk])
    assert links[("clinic.OwnerProfile", owner.pk)].url == owner_url
    invoice_url = reverse("admin:clinic_invoice_change", args=[invoice.pk])
    assert links[("clinic.InvoiceLine", line.pk)].url == invoice_url
    assert ("clinic.Pet", 999_999) not in links and ("nowhere.Model", 1) not in links


def test_each_issue_links_to_its_own_record(imported):  # noqa: F811
    issues = list(
        DataQualityIssue.objects.filter(batch__run=imported).select_related("batch", "record")
    )
    links = issue_links(issues)
    for issue in issues:
        record = issue.record
        if record is not None and record.target_id is not None:
            target = (record.target_model, record.target_id)
        else:  # a row not imported: the row its OkVet id was imported as, if any
            found = ExternalIdMapping.objects.filter(
                source_type=STEPS[issue.batch.batch_type].source_type, source_id=issue.source_id
            ).first()
            target = (found.target_model, found.target_id) if found else None
        if target is None:
            assert issue.pk not in links
        elif target[0] == "clinic.Pet":
            assert links[issue.pk].url == reverse("clinic:pet", args=[target[1]])
        else:
            assert links[issue.pk].url.endswith(f"/{target[1]}/change/")
    skipped = next(i for i in issues if i.issue_type == "orphan-skipped")
    assert skipped.pk not in links  # pet 205 was not imported


def test_a_trials_issue_links_through_the_id_map(imported):  # noqa: F811
    """A trial's rows were rolled back: its record's target names nothing; the ID map names
    the row imported for real."""
    trial = MigrationRun.objects.create(source="x", is_dry_run=True)
    batch = MigrationBatch.objects.create(run=trial, batch_type="pets", is_dry_run=True)
    record = MigrationRecord.objects.create(
        batch=batch, source_id="201", target_model="clinic.Pet", target_id=999_999
    )
    issue = DataQualityIssue.objects.create(
        batch=batch, record=record, severity="info", issue_type="zero-weight", source_id="201"
    )
    firulais = Pet.objects.get(legacy_id="201")
    issue = DataQualityIssue.objects.select_related("batch", "record").get(pk=issue.pk)
    assert issue_links([issue])[issue.pk].url == reverse("clinic:pet", args=[firulais.pk])


def test_a_model_the_admin_does_not_show_has_no_link(imported):  # noqa: F811
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.first()
    assert record_links([("contenttypes.ContentType", kind.pk)]) == {}


def test_the_pet_page_has_the_anchor_the_link_names(imported, staff):  # noqa: F811
    pet = Pet.objects.get(legacy_id="201")
    record = MedicalRecord.objects.create(pet=pet, record_type="consult")
    link = record_links([("clinic.MedicalRecord", record.pk)])[("clinic.MedicalRecord", record.pk)]
    page, anchor = link.url.split("#")
    assert f'id="{anchor}"' in staff.get(page).content.decode()
