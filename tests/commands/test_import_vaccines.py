import pytest
from django.core.management.base import CommandError

from clinic.models import VaccinationRecord
from migration.convert.vaccines import manufacturer
from migration.models import DataQualityIssue, MigrationBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def pets_imported(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")


@pytest.fixture
def vaccines(fixtures):
    return f"--file={fixtures / 'records' / 'vacunaciones.csv'}"


def test_vaccinations_with_the_catalogue(run, fixtures, pets_imported, vaccines):
    catalog = fixtures / "records" / "catalogo_vacunas.csv"
    run("import_okvet_vaccines", vaccines, f"--catalog={catalog}")
    rabies = VaccinationRecord.objects.get(legacy_id="3301")
    assert (rabies.vaccine_name, rabies.vaccine_type_legacy_id) == ("Nobivac Rabia", "5")
    assert (rabies.manufacturer, rabies.manufacturer_raw) == ("MSD Animal Health", "nobivac")
    assert rabies.lot_number == "A123" and rabies.next_due_date.isoformat() == "2024-04-05"
    assert rabies.pet.legacy_id == "201" and rabies.administered_by.legacy_id == "12"
    assert rabies.legacy_extras == {"vet_id": "3"}
    assert VaccinationRecord.objects.filter(reminders_enabled=True).count() == 0
    booster = VaccinationRecord.objects.get(legacy_id="3302")
    assert (booster.vaccine_name, booster.manufacturer) == ("", "Zoetis")
    unknown = DataQualityIssue.objects.get(issue_type="unknown-vaccine-name")
    assert (unknown.source_id, unknown.source_value) == ("3302", "9")
    orphan = VaccinationRecord.objects.get(legacy_id="3303")
    assert orphan.pet.is_active is False and orphan.manufacturer == "Virbac"


def test_without_catalogue_every_name_is_unknown(run, pets_imported, vaccines):
    run("import_okvet_vaccines", vaccines, "--require-owner")
    batch = MigrationBatch.objects.get(batch_type="vaccinations")
    assert (batch.imported_count, batch.skipped_count) == (2, 1)
    unknown = DataQualityIssue.objects.filter(issue_type="unknown-vaccine-name")
    assert sorted(unknown.values_list("source_id", flat=True)) == ["3301", "3302", "3303"]


def test_a_catalogue_that_is_not_one_is_fatal(run, fixtures, pets_imported, vaccines):
    wrong = fixtures / "engine" / "mascotas.csv"
    with pytest.raises(CommandError, match="mascotas.csv: this file holds the OkVet pets table"):
        run("import_okvet_vaccines", vaccines, f"--catalog={wrong}")
    assert not MigrationBatch.objects.filter(batch_type="vaccinations").exists()


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("ZOETIS", "Zoetis"),
        ("zoetis", "Zoetis"),
        ("Nobivac", "MSD Animal Health"),
        ("MSD Salud Animal", "MSD Animal Health"),
        ("Laboratorio Propio", "Laboratorio Propio"),
        ("N/A", ""),
    ],
)
def test_manufacturers_are_one_name_each(raw, name):
    assert manufacturer(raw) == name
