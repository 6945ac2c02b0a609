import csv

import pytest
from django.core.management.base import CommandError

from clinic.models import Pet
from migration.models import MigrationBatch, MigrationRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def pets_batch(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}", "--require-owner")
    return MigrationBatch.objects.get(batch_type="pets")


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_failed_rows_go_out_formula_safe(run, pets_batch, tmp_path):
    record = MigrationRecord.objects.get(batch=pets_batch, source_id="205")
    record.source_data["color"] = '=HYPERLINK("http://x")'
    record.save()
    out = tmp_path / "errores.csv"
    ran = run("export_migration_errors", f"--batch-id={pets_batch.pk}", f"--output={out}")
    header, *rows = read(out)
    assert header[:3] == ["id", "owner_id", "name"] and header[-2:] == ["_status", "_issues"]
    assert [r[0] for r in rows] == ["205"] and "1 failed rows" in ran.out
    row = dict(zip(header, rows[0], strict=True))
    assert row["color"] == '\'=HYPERLINK("http://x")'
    assert row["_status"] == "skipped" and row["_issues"].startswith("orphan-skipped: ")


def test_corrected_rows_go_back_into_the_same_batch(run, pets_batch, tmp_path):
    out = tmp_path / "errores.csv"
    run("export_migration_errors", f"--batch-id={pets_batch.pk}", f"--output={out}")
    header, *rows = read(out)
    rows[0][header.index("owner_id")] = "101"
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *rows])
    run("retry_migration", f"--batch-id={pets_batch.pk}", f"--file={out}", "--dry-run")
    assert not Pet.objects.filter(legacy_id="205").exists()
    run("retry_migration", f"--batch-id={pets_batch.pk}", f"--file={out}", "--require-owner")
    pet = Pet.objects.get(legacy_id="205")
    assert pet.owner.legacy_id == "101" and "_issues" not in pet.legacy_extras
    pets_batch.refresh_from_db()
    assert (pets_batch.total_records, pets_batch.imported_count, pets_batch.skipped_count) == (
        8,
        7,
        1,
    )
    assert MigrationRecord.objects.get(batch=pets_batch, source_id="205").status == "imported"
    assert pets_batch.summary["cells"]["unaccounted"] == 0


def test_only_real_file_batches(run, pets_batch, tmp_path):
    with pytest.raises(CommandError, match="no real import batch 999"):
        run("export_migration_errors", "--batch-id=999", f"--output={tmp_path / 'x.csv'}")
    with pytest.raises(CommandError, match="cannot write"):
        run(
            "export_migration_errors",
            f"--batch-id={pets_batch.pk}",
            f"--output={tmp_path}/no/x.csv",
        )
