import json

import pytest
from django.core.management.base import CommandError

from clinic.models import Pet
from migration.models import MigrationBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def migrated(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")


def test_counts_and_explanations(run, migrated, tmp_path):
    out = tmp_path / "v.json"
    ran = run("verify_migration", f"--json={out}")
    data = json.loads(out.read_text())
    clients = data["types"]["clients"]
    assert (clients["source"], clients["imported"], clients["difference"]) == (9, 5, 4)
    assert clients["explained"] == {"soft_deleted": 1, "duplicates": 2, "errors": 1, "skipped": 0}
    assert data["types"]["pets"]["explained"]["soft_deleted"] == 1
    assert data["passed"] is True
    assert all(check["passed"] for check in data["checks"])
    assert "MIGRATION VERIFICATION REPORT" in ran.out and "✅" in ran.out
    assert data["issues"]["duplicate-document"]["open"] == 1


def test_a_dangling_mapping_fails_the_check(run, migrated):
    Pet.objects.filter(legacy_id="201").delete()
    with pytest.raises(CommandError) as caught:
        run("verify_migration")
    assert caught.value.returncode == 1


def test_dry_runs_are_not_counted(run, fixtures, tmp_path):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}", "--dry-run")
    out = tmp_path / "v.json"
    run("verify_migration", f"--json={out}")
    assert json.loads(out.read_text())["types"] == {}


def test_cells_are_reported_and_a_lost_cell_fails(run, migrated, tmp_path):
    out = tmp_path / "v.json"
    ran = run("verify_migration", f"--json={out}")
    cells = json.loads(out.read_text())["cells"]
    assert cells["clients"]["unaccounted"] == 0 and cells["clients"]["mapped"] > 0
    assert cells["clients"]["dropped"] > 0 and cells["pets"]["preserved"] > 0
    assert "SOURCE CELLS" in ran.out
    batch = MigrationBatch.objects.get(batch_type="pets")
    batch.summary["cells"]["unaccounted"] = 3
    batch.save()
    with pytest.raises(CommandError):
        run("verify_migration", f"--json={out}")
    check = next(c for c in json.loads(out.read_text())["checks"] if c["name"] == "cells_accounted")
    assert (check["passed"], check["count"], check["examples"]) == (False, 3, ["pets"])
