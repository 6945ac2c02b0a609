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
    assert clients["explained"] == {
        "soft_deleted": 1,
        "duplicates": 2,
        "errors": 1,
        "skipped": 0,
        "synced": 0,
    }
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


def test_a_record_pointing_at_no_pet_fails(run, migrated, tmp_path):
    from clinic.models import MedicalRecord

    record = MedicalRecord.objects.create(pet=Pet.objects.first(), record_type="consult")
    MedicalRecord.objects.filter(pk=record.pk).update(pet_id=999_999)
    out = tmp_path / "v.json"
    with pytest.raises(CommandError):
        run("verify_migration", f"--json={out}")
    check = next(
        c for c in json.loads(out.read_text())["checks"] if c["name"] == "records_have_pets"
    )
    assert check["examples"] == [f"clinic.MedicalRecord#{record.pk}"]
    MedicalRecord.objects.filter(pk=record.pk).delete()  # constraints are checked at teardown


def test_html_report_in_either_language(run, migrated, tmp_path):
    page = tmp_path / "report.html"
    run("verify_migration", f"--report={page}", "--language=es")
    html = page.read_text(encoding="utf-8")
    assert "INFORME DE VERIFICACIÓN DE LA MIGRACIÓN" in html and "<svg" in html
    assert "Clientes/Propietarios" in html and "✅" in html
    assert "src=" not in html and "<link" not in html and "<script" not in html
    run("verify_migration", f"--report={page}", "--language=en")
    assert "MIGRATION VERIFICATION REPORT" in page.read_text(encoding="utf-8")


def test_html_report_escapes_what_came_from_the_source():
    from migration.management.commands.verify_migration import CHECK_LABELS, REASON_LABELS
    from migration.management.report import render_html
    from migration.services.verify import Check, TypeCount, Verification

    report = Verification(
        run_id=None,
        batches=[],
        types={"clients": TypeCount(3, 2, 1, {"errors": 1})},
        issues={},
        checks=[Check("invoice_mismatches_flagged", False, 1, ["FE<script>alert(1)</script>"])],
    )
    html = render_html(report, labels={}, reasons=REASON_LABELS, checks=CHECK_LABELS)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_unwritable_report_is_one_line(run, migrated, tmp_path):
    with pytest.raises(CommandError, match="cannot write"):
        run("verify_migration", f"--report={tmp_path / 'missing' / 'r.html'}")
