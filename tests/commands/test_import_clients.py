import json
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from clinic.models import OwnerProfile
from migration.models import DataQualityIssue, ExternalIdMapping, MigrationBatch, MigrationRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def owners_csv(fixtures):
    return str(fixtures / "engine" / "propietarios.csv")


def _codes(batch, legacy_id):
    return set(
        DataQualityIssue.objects.filter(batch=batch, source_id=legacy_id).values_list(
            "issue_type", flat=True
        )
    )


def test_imports_owners_with_every_outcome(run, owners_csv, tmp_path):
    report = tmp_path / "r.json"
    ran = run("import_okvet_clients", f"--file={owners_csv}", f"--report-json={report}")
    batch = MigrationBatch.objects.get()
    counts = json.loads(report.read_text())["counts"]
    assert counts == {
        "total": 9,
        "imported": 5,
        "skipped": 1,
        "error": 1,
        "duplicate": 2,
        "deleted": 1,
    }
    assert batch.status == "completed" and batch.imported_count == 5
    assert f"Batch {batch.pk}" in ran.out and "Imported: 5" in ran.out
    maria = OwnerProfile.objects.get(legacy_id="101")
    assert maria.full_name == "Maria Perez Gomez"
    assert maria.user.email == "maria.perez@mail.com"
    assert maria.user.has_usable_password() is False
    assert (maria.mobile, maria.phone, maria.ident_number) == ("+573001112233", "", "52.123.456")
    assert maria.source_system == "okvet" and maria.is_imported
    juan = OwnerProfile.objects.get(legacy_id="102")
    assert (juan.ident_type, juan.ident_number, juan.mobile) == ("", "", "+573104445566")
    assert "phone-as-document" in _codes(batch, "102")
    nd = OwnerProfile.objects.get(legacy_id="103")
    assert nd.user.email == "" and nd.legacy_extras["email"] == "not-an-email@"
    assert {"placeholder-name", "invalid-email"} <= _codes(batch, "103")
    assert "duplicate-document" in _codes(batch, "104")
    alias = ExternalIdMapping.objects.get(source_type="client", source_id="104")
    assert alias.is_alias and alias.target_id == maria.pk
    assert "possible-duplicate" in _codes(batch, "106")
    assert "soft-deleted" in _codes(batch, "105")
    assert not OwnerProfile.objects.filter(legacy_id="105").exists()
    assert MigrationRecord.objects.filter(batch=batch).count() == 9
    assert MigrationRecord.objects.get(batch=batch, source_id="").status == "error"
    assert (
        MigrationRecord.objects.filter(batch=batch, source_id="101", status="duplicate").count()
        == 1
    )


def test_every_created_owner_has_one_mapping(run, owners_csv):
    run("import_okvet_clients", f"--file={owners_csv}")
    mapped = ExternalIdMapping.objects.filter(source_type="client", is_alias=False)
    assert sorted(mapped.values_list("target_id", flat=True)) == sorted(
        OwnerProfile.objects.values_list("pk", flat=True)
    )
    assert set(mapped.values_list("target_model", flat=True)) == {"clinic.OwnerProfile"}


def test_dry_run_writes_nothing_but_keeps_the_report(run, owners_csv):
    ran = run("import_okvet_clients", f"--file={owners_csv}", "--dry-run")
    assert OwnerProfile.objects.count() == 0
    assert ExternalIdMapping.objects.count() == 0
    batch = MigrationBatch.objects.get()
    assert batch.is_dry_run and batch.status == "completed" and batch.imported_count == 5
    assert MigrationRecord.objects.filter(batch=batch).count() == 9
    assert DataQualityIssue.objects.filter(batch=batch, issue_type="duplicate-document").exists()
    assert "DRY RUN" in ran.out


def test_rerunning_an_import_creates_nothing_new(run, owners_csv):
    run("import_okvet_clients", f"--file={owners_csv}")
    before = OwnerProfile.objects.count()
    run("import_okvet_clients", f"--file={owners_csv}")
    second = MigrationBatch.objects.order_by("-pk").first()
    assert OwnerProfile.objects.count() == before
    assert second.imported_count == 0
    # the five owners created, plus 104, merged into 101 by document: all as imported before,
    # counted and nothing written for them
    assert second.summary["counts"]["unchanged"] == 6
    assert not DataQualityIssue.objects.filter(batch=second, issue_type="already-imported")
    assert not MigrationRecord.objects.filter(batch=second, source_id="102").exists()


def test_include_deleted_imports_them_inactive(run, owners_csv):
    run("import_okvet_clients", f"--file={owners_csv}", "--include-deleted")
    pedro = OwnerProfile.objects.get(legacy_id="105")
    assert pedro.is_active is False
    assert pedro.legacy_extras["deleted_at"] == "2021-01-01 12:00:00"


def test_skip_duplicates_never_merges_an_owner_by_contact(run, owners_csv):
    # 106 shares 101's mobile only: a contact is no identity, merging would give 106's pets
    # to another person, so even --skip-duplicates imports it and flags it for review
    run("import_okvet_clients", f"--file={owners_csv}", "--skip-duplicates")
    ana = OwnerProfile.objects.get(legacy_id="106")
    mapping = ExternalIdMapping.objects.get(source_type="client", source_id="106")
    assert (mapping.is_alias, mapping.target_id) == (False, ana.pk)
    batch = MigrationBatch.objects.get()
    assert _codes(batch, "106") == {"possible-duplicate"}
    assert not DataQualityIssue.objects.filter(issue_type="skipped-duplicate").exists()


def test_two_files_with_overlapping_rows_import_each_id_once(run, owners_csv, tmp_path):
    lines = Path(owners_csv).read_text(encoding="utf-8").splitlines()
    second = tmp_path / "propietarios_2021.csv"
    second.write_text("\n".join([lines[0], lines[1], lines[8]]) + "\n", encoding="utf-8")
    run("import_okvet_clients", f"--file={owners_csv}", f"--file={second}")
    batch = MigrationBatch.objects.get()
    assert batch.total_records == 11 and batch.imported_count == 5
    assert OwnerProfile.objects.filter(legacy_id="101").count() == 1


def test_fatal_problem_is_one_line_exit_2_and_writes_nothing(run, tmp_path):
    bad = tmp_path / "mascotas.csv"
    bad.write_text("id,name,specie\n1,Rex,canine\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("import_okvet_clients", f"--file={bad}")
    assert caught.value.returncode == 2
    assert "mascotas.csv" in str(caught.value) and "\n" not in str(caught.value)
    assert OwnerProfile.objects.count() == 0


def test_missing_file_is_fatal(run, tmp_path):
    with pytest.raises(CommandError) as caught:
        run("import_okvet_clients", f"--file={tmp_path / 'nope.csv'}")
    assert caught.value.returncode == 2
    assert "nope.csv" in str(caught.value)


def test_bad_batch_size_and_time_zone_are_fatal(run, owners_csv):
    with pytest.raises(CommandError):
        run("import_okvet_clients", f"--file={owners_csv}", "--batch-size=0")
    with pytest.raises(CommandError) as caught:
        run("import_okvet_clients", f"--file={owners_csv}", "--time-zone=Mars/Olympus")
    assert "Mars/Olympus" in str(caught.value)
    assert MigrationBatch.objects.count() == 0


def test_mapping_file_maps_unknown_headers(run, tmp_path):
    src = tmp_path / "clientes.csv"
    src.write_text("Código,Nombre del cliente,Cel.\n7,Rosa Díaz,3001234567\n", encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text(
        '[owners]\n"Código" = "id"\n"Nombre del cliente" = "name"\n"Cel." = "mobile"\n',
        encoding="utf-8",
    )
    run("import_okvet_clients", f"--file={src}", f"--mapping={mapping}")
    rosa = OwnerProfile.objects.get(legacy_id="7")
    assert (rosa.full_name, rosa.mobile) == ("Rosa Díaz", "+573001234567")


def test_small_batches_give_the_same_result(run, owners_csv):
    run("import_okvet_clients", f"--file={owners_csv}", "--batch-size=2")
    batch = MigrationBatch.objects.get()
    assert (batch.imported_count, batch.duplicate_count, batch.error_count) == (5, 2, 1)
    assert ExternalIdMapping.objects.get(source_id="104").is_alias


def test_an_id_repeated_chunks_later_points_at_its_first_row(run, owners_csv):
    # 101 comes first and last: with two rows a chunk, its first mapping is chunks behind
    run("import_okvet_clients", f"--file={owners_csv}", "--batch-size=2")
    again = MigrationRecord.objects.get(source_id="101", status="duplicate")
    assert again.duplicate_of == OwnerProfile.objects.get(legacy_id="101").pk


def test_a_first_import_of_its_kind_looks_up_only_ids_it_has_seen(run, owners_csv, monkeypatch):
    from migration.load.idmap import IdMap

    asked: list[set[str]] = []
    preload = IdMap.preload

    def counting(self, source_type, source_ids):
        wanted = set(source_ids)
        if source_type == "client":
            asked.append(wanted - {""})
        return preload(self, source_type, wanted)

    monkeypatch.setattr(IdMap, "preload", counting)
    run("import_okvet_clients", f"--file={owners_csv}", "--batch-size=2")
    # no owner was mapped before: only 101, seen in an earlier chunk, can be in the database
    assert set().union(*asked) == {"101"}
    asked.clear()
    run("import_okvet_clients", f"--file={owners_csv}")
    # a sync: rows as imported before are not converted nor looked up; the others are (104,
    # merged into 101; 105, deleted in OkVet and never imported; 101's second row)
    assert set().union(*asked) == {"101", "104", "105"}


def test_summary_is_spanish_by_default(run, owners_csv):
    from django.utils import translation

    with translation.override("es"):
        ran = run("import_okvet_clients", f"--file={owners_csv}", "--dry-run")
    assert "Importados: 5" in ran.out
    assert "SIMULACRO" in ran.out
