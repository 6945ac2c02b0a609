"""Read-back verification on a generated export: green as imported, red after corruption,
naming each corrupted row (file, row, OkVet id, column, source and stored value)."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from clinic.models import InvoiceLine, MedicalRecord, OwnerProfile, Pet, VaccinationRecord
from migration.models import MigrationRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(run, tmp_path):
    out = tmp_path / "export"
    run(
        "generate_okvet_export",
        f"--output={out}",
        "--owners=60",
        "--pets=90",
        "--clinical",
        "--seed=3",
    )
    run("import_okvet", f"--source={out}", "--no-progress")
    return out


def verify(run, tmp_path, *args):
    out = tmp_path / "v.json"
    try:
        ran = run("verify_migration", f"--json={out}", *args)
        failed = False
    except CommandError:
        ran, failed = None, True
    return json.loads(out.read_text()), ran, failed


def check(data, name):
    return next(c for c in data["checks"] if c["name"] == name)


def test_the_generated_export_reads_back_equal(run, tmp_path, imported):
    data, ran, failed = verify(run, tmp_path)
    readback = data["readback"]
    assert not failed and check(data, "cells_read_back")["passed"]
    assert readback["failed"] == 0 and readback["failures"] == []
    assert readback["disagreements"] == []
    consults = readback["tables"]["consults"]
    assert consults["verdicts"]["equal"] > 1000
    assert consults["rules"]["exact"]["equal"] > 500
    pets = readback["tables"]["pets"]["rules"]
    assert pets["vocabulary"]["transformed"] > 0 and pets["date"]["equal"] > 0
    assert readback["tables"]["clients"]["verdicts"]["not_imported"] > 0
    assert "READ-BACK" in ran.out


def _source(model_label, target_id):
    record = MigrationRecord.objects.get(
        target_model=model_label, target_id=target_id, status="imported"
    )
    return record


def corrupt():
    """Five corruptions after the import: each returns (batch type, OkVet id, column)."""
    consult = MedicalRecord.objects.filter(record_type="consult").exclude(anamnesis="")
    consult = consult.exclude(legacy_id="").order_by("pk").first()
    MedicalRecord.objects.filter(pk=consult.pk).update(anamnesis=consult.anamnesis[:3])
    pet = Pet.objects.exclude(birth_date=None).exclude(legacy_id="").order_by("pk").first()
    Pet.objects.filter(pk=pet.pk).update(birth_date=pet.birth_date - timedelta(days=40))
    vaccination = VaccinationRecord.objects.order_by("pk").first()
    vaccination.delete()
    moved = Pet.objects.exclude(owner__legacy_id="").order_by("-pk").first()
    other = OwnerProfile.objects.exclude(pk=moved.owner_id).exclude(legacy_id="").first()
    Pet.objects.filter(pk=moved.pk).update(owner=other)
    line = InvoiceLine.objects.exclude(total=None).order_by("pk").first()
    InvoiceLine.objects.filter(pk=line.pk).update(total=line.total + 5)
    return {
        ("consults", consult.legacy_id, "anamnesis"),
        ("pets", pet.legacy_id, "birth_at"),
        ("vaccinations", vaccination.legacy_id, "vaccine_at"),
        ("pets", moved.legacy_id, "owner_id"),
        ("invoices", line.legacy_id, "line_total"),
    }


def test_corrupted_values_fail_the_check_naming_each_row(run, tmp_path, imported):
    consult = MedicalRecord.objects.filter(record_type="consult").exclude(anamnesis="")
    source = _source("clinic.MedicalRecord", consult.order_by("pk").first().pk)
    expected = corrupt()
    data, ran, failed = verify(run, tmp_path)
    assert failed
    found = {(f["table"], f["source_id"], f["column"]) for f in data["readback"]["failures"]}
    assert expected <= found
    result = check(data, "cells_read_back")
    assert not result["passed"] and result["count"] == data["readback"]["failed"]
    cut = next(
        f
        for f in data["readback"]["failures"]
        if (f["table"], f["column"]) == ("consults", "anamnesis")
    )
    assert cut["verdict"] == "differs" and cut["file"] == source.source_file
    assert cut["row"] == source.source_row and len(cut["stored"]) == 3
    assert cut["source"] == source.source_data["anamnesis"].strip()
    gone = [f for f in data["readback"]["failures"] if f["table"] == "vaccinations"]
    assert {f["verdict"] for f in gone} == {"missing"}
    # the other cells of the other rows still read back: only the five rows fail
    assert {(f["table"], f["source_id"]) for f in data["readback"]["failures"]} == {
        (table, legacy) for table, legacy, _ in expected
    }


def test_the_spanish_report_lists_counts_and_failures(run, tmp_path, imported):
    corrupt()
    page = tmp_path / "v.html"
    with pytest.raises(CommandError):
        run("verify_migration", "--language=es", f"--report={page}")
    html = page.read_text(encoding="utf-8")
    assert "LECTURA DE VUELTA" in html and "texto exacto" in html
    assert "Celdas que difieren o faltan" in html
    assert "<td>anamnesis</td>" in html
    out = io.StringIO()
    with pytest.raises(CommandError), translation.override("es"):
        call_command("verify_migration", stdout=out)
    text = out.getvalue()
    assert "LECTURA DE VUELTA" in text and "por regla:" in text
    assert "❌" in text and "anamnesis" in text and "id de OkVet" in text


def test_a_ledger_that_disagrees_is_reported(run, tmp_path, imported):
    from migration.models import MigrationBatch

    batch = MigrationBatch.objects.get(batch_type="pets", is_dry_run=False)
    batch.summary["cells"]["mapped"] += 7
    batch.save()
    data, ran, failed = verify(run, tmp_path)
    assert not failed  # the read-back itself is green
    assert [d.split(":")[0] for d in data["readback"]["disagreements"]] == ["pets"]
    assert "ledger" in ran.out


def test_many_failures_are_counted_and_the_console_shows_the_first(run, tmp_path, imported):
    consults = MedicalRecord.objects.filter(record_type="consult").exclude(anamnesis="")
    ids = list(consults.order_by("pk").values_list("pk", flat=True)[:25])
    MedicalRecord.objects.filter(pk__in=ids).update(anamnesis="")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_migration", stdout=out)
    assert out.getvalue().count("❌ ") >= 20 and "more (see --json or --report)" in out.getvalue()
    data, _, _ = verify(run, tmp_path)
    gone = [f for f in data["readback"]["failures"] if f["column"] == "anamnesis"]
    assert len(gone) == 25 and {f["verdict"] for f in gone} == {"missing"}


def test_every_quirk_of_the_fixture_files_reads_back(run, fixtures, tmp_path):
    """The tiny fixture files (Excel ids, ALL CAPS names, phones as documents, placeholder
    dates, OkVet's empty JSON lists, screen exports, a catalogue, invoices in lines, …)."""
    f = fixtures
    run("import_okvet_clients", f"--file={f / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={f / 'engine' / 'mascotas.csv'}")
    for name in ("consultas.csv", "hospitalizaciones.csv", "formulas_cabecera.csv"):
        run("import_okvet_records", f"--file={f / 'records' / name}")
    run("import_okvet_records", f"--file={f / 'records' / 'formulas_items.csv'}")
    run("import_okvet_records", f"--file={f / 'screens' / 'historia_clinica.csv'}")
    catalog = f"--catalog={f / 'records' / 'catalogo_vacunas.csv'}"
    run("import_okvet_vaccines", f"--file={f / 'records' / 'vacunaciones.csv'}", catalog)
    run("import_okvet_vaccines", f"--file={f / 'screens' / 'vacunas.csv'}")
    run("import_okvet_appointments", f"--file={f / 'records' / 'citas.csv'}")
    run("import_okvet_documents", f"--file={f / 'documents' / 'documentos.csv'}")
    run("import_okvet_products", f"--file={f / 'billing' / 'productos.csv'}")
    run("import_okvet_invoices", f"--file={f / 'billing' / 'facturas.csv'}")
    data, _, failed = verify(run, tmp_path)
    readback = data["readback"]
    assert readback["failures"] == [] and readback["disagreements"] == []
    assert not failed
    assert len(readback["tables"]) == 12


def test_an_edit_made_in_the_admin_is_explained_a_raw_one_is_not(run, tmp_path, imported, client):
    """During the parallel run the clinic corrects imported rows in the admin: the change log
    names the field (who, when, before and after), so the read-back says "edited", not
    "differs". The same change made behind the admin's back still fails, naming the row."""
    from accounts.models import User

    pet = Pet.objects.exclude(legacy_id="").order_by("pk").first()
    staff = User.objects.create_superuser("vet", "vet@example.com", "x")
    client.force_login(staff)
    page = client.get(f"/admin/clinic/pet/{pet.pk}/change/")
    form = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    form.update(name="Rocky (corregido)", owner=pet.owner_id)
    form = {k: (v.pk if hasattr(v, "pk") else v) for k, v in form.items()}
    client.post(f"/admin/clinic/pet/{pet.pk}/change/", form)
    pet.refresh_from_db()
    assert pet.name == "Rocky (corregido)"
    data, _, failed = verify(run, tmp_path)
    assert not failed, data["readback"]["failures"]
    assert data["readback"]["tables"]["pets"]["verdicts"]["edited"] == 1
    other = Pet.objects.exclude(legacy_id="").exclude(pk=pet.pk).order_by("pk").first()
    Pet.objects.filter(pk=other.pk).update(name="Otro nombre")
    data, _, failed = verify(run, tmp_path)
    assert failed
    found = {(f["source_id"], f["column"]) for f in data["readback"]["failures"]}
    assert found == {(other.legacy_id, "name")}
