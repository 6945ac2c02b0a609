"""Rollback removes exactly the batch: support rows pass on, SET_NULL links are no dependents."""

import pytest
from django.apps import apps
from django.core.management.base import CommandError

from clinic.models import (
    Invoice,
    InvoiceLine,
    MedicalRecord,
    OwnerProfile,
    Pet,
    Product,
    Staff,
    VaccinationRecord,
)
from migration.errors import RollbackError
from migration.models import ExternalIdMapping, MigrationBatch
from migration.services.results import KeptRows
from migration.services.rollback import batch_rollback

pytestmark = pytest.mark.django_db

COUNTED = ("accounts.User", "migration.ExternalIdMapping")


@pytest.fixture
def pets_imported(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")


@pytest.fixture
def consults_then_vaccinations(run, fixtures, pets_imported):
    """Both name OkVet user 12: the consults batch creates the staff row, vaccinations reuse it."""
    before = snapshot()
    run("import_okvet_records", f"--file={fixtures / 'records' / 'consultas.csv'}")
    run("import_okvet_vaccines", f"--file={fixtures / 'records' / 'vacunaciones.csv'}")
    return (
        MigrationBatch.objects.get(batch_type="consults"),
        MigrationBatch.objects.get(batch_type="vaccinations"),
        before,
    )


def snapshot() -> dict[str, set[int]]:
    models = [*apps.get_app_config("clinic").get_models(), *map(apps.get_model, COUNTED)]
    return {m._meta.label: set(m._base_manager.values_list("pk", flat=True)) for m in models}


def counts() -> dict[str, int]:
    return {label: len(ids) for label, ids in snapshot().items()}


def vaccinations() -> list[tuple]:
    return sorted(VaccinationRecord.objects.values_list(*VACCINATION_FIELDS))


VACCINATION_FIELDS = ("pk", "pet_id", "administered_by_id", "vaccine_name", "lot_number")


def staff_mapping() -> ExternalIdMapping:
    return ExternalIdMapping.objects.get(source_type="staff", source_id="12")


def test_consults_rollback_keeps_the_staff_later_vaccinations_name(consults_then_vaccinations):
    consults, vaccines, before = consults_then_vaccinations
    staff = Staff.objects.get(legacy_id="12")
    assert staff_mapping().batch == consults
    kept = vaccinations()
    result = batch_rollback(batch_id=consults.pk)
    assert result.dependents == [] and not result.cascaded
    assert result.kept == [KeptRows(model="clinic.Staff", count=1, heir=vaccines.pk)]
    assert not MedicalRecord.objects.exists()
    assert vaccinations() == kept
    assert Staff.objects.get(legacy_id="12") == staff and staff_mapping().batch == vaccines
    result = batch_rollback(batch_id=vaccines.pk)
    assert result.deleted["clinic.Staff"] == 1 and result.kept == []
    assert not Staff.objects.exists()
    assert not ExternalIdMapping.objects.filter(source_type="staff").exists()
    assert snapshot() == before


def test_rolled_back_the_other_way_round_the_staff_goes_with_the_last(consults_then_vaccinations):
    consults, vaccines, before = consults_then_vaccinations
    assert "clinic.Staff" not in batch_rollback(batch_id=vaccines.pk).deleted
    assert Staff.objects.filter(legacy_id="12").exists() and staff_mapping().batch == consults
    assert batch_rollback(batch_id=consults.pk).deleted["clinic.Staff"] == 1
    assert snapshot() == before


def test_cascade_never_deletes_rows_linked_by_set_null(consults_then_vaccinations):
    consults, vaccines, before = consults_then_vaccinations
    kept = vaccinations()
    result = batch_rollback(batch_id=consults.pk, cascade=True)
    assert result.dependents == [] and not result.cascaded
    assert vaccinations() == kept and Staff.objects.filter(legacy_id="12").exists()


def test_a_staff_member_used_only_by_rows_made_in_the_clinic_stays_with_the_clinic(
    run, fixtures, pets_imported
):
    run("import_okvet_records", f"--file={fixtures / 'records' / 'consultas.csv'}")
    consults = MigrationBatch.objects.get(batch_type="consults")
    staff = Staff.objects.get(legacy_id="12")
    native = VaccinationRecord.objects.create(pet=Pet.objects.get(legacy_id="201"))
    VaccinationRecord.objects.filter(pk=native.pk).update(administered_by=staff)
    result = batch_rollback(batch_id=consults.pk)
    assert result.kept == [KeptRows(model="clinic.Staff", count=1, heir=None)]
    assert VaccinationRecord.objects.get(pk=native.pk).administered_by == staff
    assert staff_mapping().batch is None


def test_a_placeholder_still_used_by_a_later_batch_passes_to_it(consults_then_vaccinations):
    consults, vaccines, before = consults_then_vaccinations
    placeholder = Pet.objects.get(medical_records__legacy_id="9002")
    owner = placeholder.owner
    VaccinationRecord.objects.filter(legacy_id="3301").update(pet=placeholder)
    kept = vaccinations()
    result = batch_rollback(batch_id=consults.pk)
    assert result.kept == [
        KeptRows(model="clinic.OwnerProfile", count=1, heir=vaccines.pk),
        KeptRows(model="clinic.Pet", count=1, heir=vaccines.pk),
        KeptRows(model="clinic.Staff", count=1, heir=vaccines.pk),
    ]
    assert Pet.objects.get(pk=placeholder.pk).owner == owner and vaccinations() == kept
    placeholders = ExternalIdMapping.objects.filter(source_id=f"batch-{consults.pk}")
    assert {m.source_type: m.batch for m in placeholders} == {
        "placeholder-owner": vaccines,
        "placeholder-pet": vaccines,
    }
    batch_rollback(batch_id=vaccines.pk)
    assert not Pet.objects.filter(pk=placeholder.pk).exists()
    assert not OwnerProfile.objects.filter(pk=owner.pk).exists()
    assert snapshot() == before


def test_hard_dependents_of_other_batches_still_refuse(consults_then_vaccinations):
    consults, vaccines, before = consults_then_vaccinations
    pets = MigrationBatch.objects.get(batch_type="pets")
    with pytest.raises(RollbackError) as caught:
        batch_rollback(batch_id=pets.pk)
    assert "clinic.VaccinationRecord" in str(caught.value) and "OkVet 3301" in str(caught.value)
    assert "clinic.Staff" not in str(caught.value)


def test_preview_lists_exactly_what_the_rollback_deletes(consults_then_vaccinations):
    consults, vaccines, before = consults_then_vaccinations
    pets = MigrationBatch.objects.get(batch_type="pets")
    for batch, cascade in ((consults, False), (pets, True)):
        start = counts()
        preview = batch_rollback(batch_id=batch.pk, dry_run=True, cascade=cascade)
        assert counts() == start
        done = batch_rollback(batch_id=batch.pk, cascade=cascade)
        gone = {label: n - counts()[label] for label, n in start.items()}
        deleted = {label: n for label, n in gone.items() if n and label not in COUNTED}
        assert preview.deleted == done.deleted == deleted | {"accounts.User": gone["accounts.User"]}
        assert (preview.kept, preview.cleared) == (done.kept, done.cleared)
    assert preview.deleted["clinic.VaccinationRecord"] == 2 and preview.cascaded


def test_set_null_links_to_rows_that_go_are_cleared_never_refused(run, fixtures, pets_imported):
    run("import_okvet_products", f"--file={fixtures / 'billing' / 'productos.csv'}")
    run("import_okvet_invoices", f"--file={fixtures / 'billing' / 'facturas.csv'}")
    products = MigrationBatch.objects.get(batch_type="products")
    linked = InvoiceLine.objects.exclude(product=None).count()
    assert linked > 0
    lines = InvoiceLine.objects.count()
    preview = batch_rollback(batch_id=products.pk, dry_run=True, cascade=True)
    assert preview.cleared == {"clinic.InvoiceLine.product": linked} and preview.dependents == []
    ran = run("rollback_migration", f"--batch-id={products.pk}", "--dry-run")
    assert f"Link cleared (SET_NULL), row kept: {linked} × clinic.InvoiceLine.product" in ran.out
    result = batch_rollback(batch_id=products.pk, cascade=True)
    assert result.deleted == {"clinic.Product": 3} and not Product.objects.exists()
    assert InvoiceLine.objects.count() == lines


def test_an_invoice_made_at_its_first_line_stays_while_later_lines_use_it(
    run, fixtures, pets_imported, tmp_path
):
    first_file = fixtures / "billing" / "facturas.csv"
    header, first_line, *_ = first_file.read_text(encoding="utf-8").splitlines()
    later = tmp_path / "facturas.csv"
    more = first_line.replace("Vacuna Rabia", "Vacuna Rabia refuerzo")
    later.write_text("\n".join([header, first_line, more]) + "\n", encoding="utf-8")
    before = snapshot()
    run("import_okvet_invoices", f"--file={first_file}")
    run("import_okvet_invoices", f"--file={later}")
    first, second = MigrationBatch.objects.filter(batch_type="invoices").order_by("pk")
    invoice = Invoice.objects.get(number="1001")
    assert invoice.lines.count() == 3
    result = batch_rollback(batch_id=first.pk)
    assert result.kept == [KeptRows(model="clinic.Invoice", count=1, heir=second.pk)]
    assert result.deleted == {"clinic.Invoice": 2, "clinic.InvoiceLine": 6}
    assert list(Invoice.objects.all()) == [invoice]
    assert list(invoice.lines.values_list("description", flat=True)) == ["Vacuna Rabia refuerzo"]
    batch_rollback(batch_id=second.pk)
    assert snapshot() == before


def test_an_alias_of_another_batch_is_a_dependent(run, pets_imported):
    clients, pets = (MigrationBatch.objects.get(batch_type=t) for t in ("clients", "pets"))
    batch_rollback(batch_id=pets.pk)
    maria = OwnerProfile.objects.get(legacy_id="101")
    ExternalIdMapping.objects.create(
        source_type="client", source_id="9101", target_model="clinic.OwnerProfile",
        target_id=maria.pk, is_alias=True, batch=pets,
    )  # fmt: skip
    with pytest.raises(CommandError, match=r"migration.ExternalIdMapping ×1 \(OkVet client 9101"):
        run("rollback_migration", f"--batch-id={clients.pk}", "--no-input")
    run("rollback_migration", f"--batch-id={clients.pk}", "--no-input", "--cascade")
    assert not ExternalIdMapping.objects.filter(source_id="9101").exists()


def test_rollback_removes_exactly_its_own_alternate_contacts(run, pets_imported):
    clients, pets = (MigrationBatch.objects.get(batch_type=t) for t in ("clients", "pets"))
    mine = {"batch": pets.pk, "source_id": "9101", "field": "mobile", "value": "+573001112233"}
    other = {"batch": clients.pk, "source_id": "9102", "field": "email", "value": "a@b.co"}
    later = {"batch": pets.pk + 1, "source_id": "9103", "field": "address", "value": "Cra 1"}
    maria = OwnerProfile.objects.get(legacy_id="101")
    OwnerProfile.objects.filter(pk=maria.pk).update(alternate_contacts=[other, mine, later, mine])
    orphans = OwnerProfile.objects.get(legacy_id="")  # the pets batch's placeholder
    OwnerProfile.objects.filter(pk=orphans.pk).update(alternate_contacts=[mine])
    preview = batch_rollback(batch_id=pets.pk, dry_run=True)
    assert preview.alternates_removed == 2
    ran = run("rollback_migration", f"--batch-id={pets.pk}", "--dry-run")
    assert "Alternate contacts of its merged duplicates removed: 2" in ran.out
    assert OwnerProfile.objects.get(pk=maria.pk).alternate_contacts == [other, mine, later, mine]
    batch_rollback(batch_id=pets.pk)
    assert OwnerProfile.objects.get(pk=maria.pk).alternate_contacts == [other, later]
    assert not OwnerProfile.objects.filter(pk=orphans.pk).exists()


def test_the_command_preview_says_what_stays_and_what_is_cleared(run, consults_then_vaccinations):
    consults, vaccines, _ = consults_then_vaccinations
    ran = run("rollback_migration", f"--batch-id={consults.pk}", "--dry-run")
    assert "Would delete: 2 × clinic.MedicalRecord" in ran.out
    assert f"Stays: 1 × clinic.Staff, still used by batch {vaccines.pk}, which now holds it" in (
        ran.out
    )
    assert Staff.objects.exists() and staff_mapping().batch == consults


def test_a_later_batch_merged_into_an_owner_takes_exactly_its_alternates_back(
    run, fixtures, tmp_path
):
    source = fixtures / "engine" / "propietarios.csv"
    header, maria, *_ = source.read_text(encoding="utf-8").splitlines()
    twin = maria.replace("101,MARIA PEREZ GOMEZ", "9101,María Pérez Gómez").replace(
        "+573001112233", "+573005550000"
    )
    later = tmp_path / "propietarios.csv"
    later.write_text(f"{header}\n{twin}\n", encoding="utf-8")
    run("import_okvet_clients", f"--file={source}")
    first = MigrationBatch.objects.get(batch_type="clients")
    survivor = OwnerProfile.objects.get(legacy_id="101")
    written = [{"batch": first.pk, "source_id": "1", "field": "email", "value": "x@y.co"}]
    OwnerProfile.objects.filter(pk=survivor.pk).update(alternate_contacts=written)
    run("import_okvet_clients", f"--file={later}")
    second = MigrationBatch.objects.exclude(pk=first.pk).get(batch_type="clients")
    merged = OwnerProfile.objects.get(pk=survivor.pk).alternate_contacts
    assert {
        "batch": second.pk,
        "source_id": "9101",
        "field": "mobile",
        "value": "+573005550000",
    } in (merged)
    with pytest.raises(RollbackError, match="OkVet client 9101"):
        batch_rollback(batch_id=first.pk)
    assert batch_rollback(batch_id=second.pk).alternates_removed == len(merged) - 1
    assert OwnerProfile.objects.get(pk=survivor.pk).alternate_contacts == written
    assert not ExternalIdMapping.objects.filter(source_id="9101").exists()
