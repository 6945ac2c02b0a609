import json

import pytest
from django.core.management.base import CommandError

from clinic.models import Pet

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
