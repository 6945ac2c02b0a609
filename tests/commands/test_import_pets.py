from decimal import Decimal

import pytest

from clinic.models import OwnerProfile, Pet
from migration.models import DataQualityIssue, ExternalIdMapping, MigrationBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported_owners(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")


@pytest.fixture
def pets_csv(fixtures):
    return str(fixtures / "engine" / "mascotas.csv")


def _codes(legacy_id):
    batch = MigrationBatch.objects.filter(batch_type="pets").latest("pk")
    return set(
        DataQualityIssue.objects.filter(batch=batch, source_id=legacy_id).values_list(
            "issue_type", flat=True
        )
    )


def test_pets_link_to_owners_of_an_earlier_batch(run, imported_owners, pets_csv):
    run("import_okvet_pets", f"--file={pets_csv}")
    batch = MigrationBatch.objects.get(batch_type="pets")
    assert (batch.total_records, batch.imported_count, batch.skipped_count) == (8, 7, 1)
    maria = OwnerProfile.objects.get(legacy_id="101")
    assert set(maria.pets.values_list("legacy_id", flat=True)) == {"201", "202", "204", "207"}
    rex = Pet.objects.get(legacy_id="201")
    assert (rex.name, rex.species, rex.breed, rex.sex, rex.neutered) == (
        "Firulais",
        "dog",
        "Mestizo",
        "male",
        True,
    )
    assert rex.microchip == "982000123456789" and rex.weight_kg == Decimal("12.5")


def test_pet_quirks_are_kept_and_flagged(run, imported_owners, pets_csv):
    run("import_okvet_pets", f"--file={pets_csv}")
    michi = Pet.objects.get(legacy_id="202")
    assert michi.weight_kg == Decimal("3200") and michi.species == "cat"
    assert (michi.microchip, michi.clinic_code) == ("", "Negro")
    assert michi.birth_date_precision == "year"
    assert {"implausible-weight", "invalid-microchip"} <= _codes("202")
    rocky = Pet.objects.get(legacy_id="203")
    assert rocky.is_deceased and not rocky.is_active and rocky.birth_date is None
    assert rocky.weight_kg is None
    assert {"placeholder-birth-date", "zero-weight"} <= _codes("203")
    kiwi = Pet.objects.get(legacy_id="204")
    assert kiwi.weight_kg == Decimal("0.080") and kiwi.birth_date is None
    assert "impossible-birth-date" in _codes("204")
    assert Pet.objects.get(legacy_id="205").species == "ferret"
    assert "possible-duplicate" in _codes("207")
    assert "soft-deleted" in _codes("206")


def test_orphans_go_under_one_inactive_placeholder_owner(run, imported_owners, pets_csv):
    run("import_okvet_pets", f"--file={pets_csv}")
    orphan = Pet.objects.get(legacy_id="205")
    placeholder = orphan.owner
    assert placeholder.is_active is False and placeholder.is_contactable is False
    assert placeholder.legacy_id == ""
    assert "orphan-owner" in _codes("205")
    assert ExternalIdMapping.objects.filter(source_type="placeholder-owner").count() == 1


def test_require_owner_skips_orphans(run, imported_owners, pets_csv):
    run("import_okvet_pets", f"--file={pets_csv}", "--require-owner")
    assert not Pet.objects.filter(legacy_id="205").exists()
    assert "orphan-skipped" in _codes("205")
    assert ExternalIdMapping.objects.filter(source_type="placeholder-owner").count() == 0


def test_without_owners_every_pet_is_an_orphan(run, pets_csv):
    run("import_okvet_pets", f"--file={pets_csv}")
    assert Pet.objects.count() == 7
    assert OwnerProfile.objects.count() == 1


def test_a_twin_written_chunks_earlier_is_found(run, imported_owners, pets_csv):
    run("import_okvet_pets", f"--file={pets_csv}", "--batch-size=1")
    assert "possible-duplicate" in _codes("207")
    assert Pet.objects.filter(legacy_id="207").exists()


def test_skip_duplicates_links_the_twin(run, imported_owners, pets_csv):
    run("import_okvet_pets", f"--file={pets_csv}", "--skip-duplicates")
    assert not Pet.objects.filter(legacy_id="207").exists()
    assert ExternalIdMapping.objects.get(source_type="pet", source_id="207").is_alias
    assert "skipped-duplicate" in _codes("207")


def test_owners_and_pets_from_excel_keep_text_values(run, tmp_path):
    import xlsxwriter

    path = tmp_path / "mascotas.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("mascotas")
    sheet.write_row(0, 0, ["id", "owner_id", "name", "specie", "code", "birth_at"])
    sheet.write_row(1, 0, [301, 101, "Toby", "canine", 981000000000123])
    sheet.write_datetime(
        1,
        5,
        __import__("datetime").datetime(2020, 4, 5),
        book.add_format({"num_format": "dd/mm/yyyy"}),
    )
    book.close()
    run("import_okvet_pets", f"--file={path}")
    toby = Pet.objects.get(legacy_id="301")
    assert toby.microchip == "981000000000123"
    assert str(toby.birth_date) == "2020-04-05"
