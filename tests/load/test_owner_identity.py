"""Owners merge only on identity: same real document and a similar name (issue 11, §4)."""

from pathlib import Path

import pytest

from clinic.models import OwnerProfile, Pet
from migration.models import DataQualityIssue, ExternalIdMapping, MigrationBatch, MigrationRecord

pytestmark = pytest.mark.django_db

HEADER = (
    "id,name,ident_type,number_doc,phone,phone2,mobile,email,address,city,region,country,"
    "conctact,kind_person,regime,habeas_at,created_at,updated_at,deleted_at"
)


@pytest.fixture
def folder(fixtures) -> Path:
    return fixtures / "identity"


@pytest.fixture
def imported(run, folder):
    run("import_okvet_clients", f"--file={folder / 'propietarios.csv'}", "--batch-size=4")
    run("import_okvet_pets", f"--file={folder / 'mascotas.csv'}")
    return MigrationBatch.objects.get(batch_type="clients")


def _owner(legacy_id: str) -> OwnerProfile:
    return OwnerProfile.objects.get(legacy_id=legacy_id)


def _issues(batch, code):
    rows = DataQualityIssue.objects.filter(batch=batch, issue_type=code)
    return {(i.source_id, i.description) for i in rows}


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _row(legacy_id, name, doc, mobile="", email="", address="", city=""):
    return f"{legacy_id},{name},cc,{doc},,,{mobile},{email},{address},{city},,Colombia,,,,,,,"


def test_same_document_and_similar_name_is_one_owner(imported):
    maria = _owner("301")
    # "PEREZ MARIA" (order, case, no second surname) and "Maria Perez" (no accents) join her
    for legacy_id in ("302", "312"):
        mapping = ExternalIdMapping.objects.get(source_type="client", source_id=legacy_id)
        assert (mapping.target_id, mapping.is_alias) == (maria.pk, True)
        record = MigrationRecord.objects.get(batch=imported, source_id=legacy_id)
        assert (record.status, record.duplicate_of) == ("duplicate", maria.pk)
    assert not OwnerProfile.objects.filter(legacy_id__in=["302", "312"]).exists()
    # an identity merge: the merged row's pet is the survivor's
    assert Pet.objects.get(legacy_id="402").owner == maria


def test_a_merged_row_keeps_its_differing_contacts_on_the_survivor(imported):
    entries = _owner("301").alternate_contacts
    assert {(e["field"], e["value"]) for e in entries} == {
        ("mobile", "+573005550000"),
        ("phone", "+576011234567"),
        ("email", "maria.p@mail.com"),
        ("address", "Carrera 9 # 8-7"),
        ("city", "Chía"),
        ("authorized_contact", "Jorge Pérez"),
    }
    # 312 says nothing new (same mobile and email, the address in other case)
    assert {(e["batch"], e["source_id"]) for e in entries} == {(imported.pk, "302")}


def test_same_document_another_name_is_two_owners_flagged_both(imported):
    maria, juan = _owner("301"), _owner("303")
    assert juan.ident_number_normalized == maria.ident_number_normalized == "52123456"
    shared = DataQualityIssue.objects.filter(batch=imported, issue_type="shared-document")
    assert sorted(shared.values_list("source_id", flat=True)) == ["301", "303"]
    by_id = {i.source_id: i for i in shared}
    assert "OkVet owner 301" in by_id["303"].description
    assert "OkVet owner 303" in by_id["301"].description
    assert by_id["301"].severity == "warning"
    # the earlier owner's issue points at the row that imported it
    assert (by_id["301"].source_file.endswith("propietarios.csv"), by_id["301"].source_row) == (
        True,
        2,
    )
    # pets stay with their own owner
    assert Pet.objects.get(legacy_id="401").owner == maria
    assert Pet.objects.get(legacy_id="403").owner == juan


def test_placeholder_documents_never_merge(imported):
    placeholders = [str(n) for n in range(304, 312)]
    owners = OwnerProfile.objects.filter(legacy_id__in=placeholders)
    assert owners.count() == 8  # "222222222", "102*******", "0", "1234567": eight people
    assert set(owners.values_list("ident_number_normalized", flat=True)) == {""}
    assert _owner("306").ident_number == "102*******"
    flagged = {i[0] for i in _issues(imported, "placeholder-document")}
    assert flagged == set(placeholders)
    for code in ("shared-document", "duplicate-document", "possible-duplicate"):
        assert not {i[0] for i in _issues(imported, code)} & set(placeholders)
    assert Pet.objects.get(legacy_id="404").owner == _owner("307")
    assert Pet.objects.get(legacy_id="405").owner == _owner("308")


def test_a_dump_with_masked_documents_keeps_every_person(run, tmp_path):
    names = ["Luis Díaz", "Ana Torres", "María Pérez", "Juan Gómez", "Rosa Ruiz", "Pedro Sanz"]
    rows = [
        _row(1000 + n, f"{names[n % 6]} {n}", f"10{n % 3}*******", f"+5730012{n:05d}")
        for n in range(120)
    ]
    source = _csv(tmp_path / "propietarios.csv", rows)
    run("import_okvet_clients", f"--file={source}", "--batch-size=7")
    assert OwnerProfile.objects.count() == 120
    assert not ExternalIdMapping.objects.filter(is_alias=True).exists()
    codes = set(DataQualityIssue.objects.values_list("issue_type", flat=True))
    assert codes == {"placeholder-document"}


def test_an_earlier_batch_owner_is_flagged_and_gets_alternates(run, tmp_path):
    first = _csv(tmp_path / "propietarios.csv", [_row(1, "Maria Perez", "52123456", "+573001")])
    run("import_okvet_clients", f"--file={first}")
    second = _csv(
        tmp_path / "propietarios_2.csv",
        [
            _row(2, "Juan Perez", "52.123.456"),
            _row(3, "PÉREZ MARÍA", "52123456", "+573009990000", "m@mail.com", "Calle 5", "Cali"),
            _row(4, "Maria Perez Gomez", "52123456", "+573009990000", "M@MAIL.COM"),
        ],
    )
    run("import_okvet_clients", f"--file={second}", "--batch-size=1")
    batch = MigrationBatch.objects.order_by("-pk").first()
    shared = DataQualityIssue.objects.filter(batch=batch, issue_type="shared-document")
    earlier = shared.get(source_id="1")
    assert (earlier.source_file, earlier.source_row) == ("propietarios.csv", 2)
    assert "OkVet owner 2" in earlier.description
    assert list(shared.values_list("source_id", flat=True).order_by("source_id")) == ["1", "2"]
    maria = _owner("1")
    assert OwnerProfile.objects.count() == 2
    assert [
        (e["batch"], e["source_id"], e["field"], e["value"]) for e in maria.alternate_contacts
    ] == [
        (batch.pk, "3", "mobile", "+573009990000"),
        (batch.pk, "3", "email", "m@mail.com"),
        (batch.pk, "3", "address", "Calle 5"),
        (batch.pk, "3", "city", "Cali"),
    ]


def test_a_dry_run_reports_the_same_identity_issues(run, folder):
    source = f"--file={folder / 'propietarios.csv'}"
    run("import_okvet_clients", source, "--dry-run", "--batch-size=4")
    dry = MigrationBatch.objects.get()
    assert OwnerProfile.objects.count() == 0
    run("import_okvet_clients", source, "--batch-size=4")
    real = MigrationBatch.objects.exclude(pk=dry.pk).get()
    for code in ("shared-document", "placeholder-document", "duplicate-document"):
        assert _issues(dry, code) == _issues(real, code)
    where = DataQualityIssue.objects.filter(issue_type="shared-document", source_id="301")
    assert {(i.source_file, i.source_row) for i in where} == {(where[0].source_file, 2)}


def test_the_review_queue_lists_both_owners_of_a_shared_document(client, imported):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("r", "r@example.com", "x"))
    page = client.get("/admin/migration/dataqualityissue/", {"issue_type": "shared-document"})
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("shared-document") >= 2
    assert ">301<" in text and ">303<" in text


def test_a_whole_export_keeps_each_pet_with_its_own_person(run, folder, tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    for name in ("propietarios.csv", "mascotas.csv"):
        (export / name).write_bytes((folder / name).read_bytes())
    run("import_okvet", f"--source={export}", "--skip-duplicates")
    assert OwnerProfile.objects.count() == 10  # 12 rows, 302 and 312 are María (301)
    owner_of = dict(Pet.objects.values_list("legacy_id", "owner__legacy_id"))
    assert owner_of == {"401": "301", "402": "301", "403": "303", "404": "307", "405": "308"}
    names = OwnerProfile.objects.values_list("full_name", flat=True)
    assert len(set(names)) == 7  # Luis Díaz twice, Pedro Ruiz three times: all kept


def test_a_number_shared_by_many_names_each_once_without_a_flood(run, tmp_path):
    names = ["Ana Ruiz", "Luis Gil", "Rosa Paz", "Juan Sol", "Eva Mar", "Pio Luz", "Noe Real"]
    rows = [_row(n + 1, name, "80111222") for n, name in enumerate(names)]
    run("import_okvet_clients", f"--file={_csv(tmp_path / 'propietarios.csv', rows)}")
    assert OwnerProfile.objects.count() == 7
    shared = DataQualityIssue.objects.filter(issue_type="shared-document")
    assert sorted(shared.values_list("source_id", flat=True)) == [str(n) for n in range(1, 8)]
    last = shared.get(source_id="7").description
    assert "OkVet owner 1, 2, 3, 4, 5 (+1)" in last
    assert "OkVet owner 2, under another name" in shared.get(source_id="1").description


def test_rolling_back_the_merging_batch_removes_only_its_alternates(run, tmp_path):
    first = _csv(tmp_path / "propietarios.csv", [_row(1, "Maria Perez", "52123456")])
    run("import_okvet_clients", f"--file={first}")
    second = _csv(tmp_path / "p2.csv", [_row(3, "PEREZ MARIA", "52123456", "+573009990000")])
    run("import_okvet_clients", f"--file={second}")
    batch = MigrationBatch.objects.order_by("-pk").first()
    assert [e["source_id"] for e in _owner("1").alternate_contacts] == ["3"]
    run("rollback_migration", f"--batch-id={batch.pk}", "--no-input")
    assert _owner("1").alternate_contacts == []
