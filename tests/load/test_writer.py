from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from clinic.models import OwnerProfile, Pet
from migration.load.people import OwnerWriter
from migration.load.pets import PET_COLUMNS
from migration.load.writer import TableWriter
from migration.models import ExternalIdMapping, MigrationBatch, MigrationRecord

pytestmark = pytest.mark.django_db


def _owner() -> int:
    writer = OwnerWriter()
    ids = writer.reserve()
    writer.add(ids, {"full_name": "Ana"}, {"username": f"u{ids[0]}", "now": datetime.now(UTC)})
    writer.flush()
    return ids[1]


def test_rows_round_trip_with_json_dates_and_decimals():
    owner_id = _owner()
    writer = TableWriter(Pet, PET_COLUMNS)
    [pet_id] = writer.allocate_ids(1)
    created = datetime(2020, 5, 6, 13, 30, tzinfo=UTC)
    extras = {"photo": "VetFiles/ñandú.jpg"}
    values = {name: "" for name in PET_COLUMNS}
    values.update(
        id=pet_id,
        owner_id=owner_id,
        name="Kiwi",
        species="bird",
        sex="unknown",
        neutered=None,
        birth_date=date(2019, 1, 2),
        birth_date_precision="exact",
        weight_kg=Decimal("3.250"),
        is_deceased=False,
        deceased_at=None,
        created_at=created,
        updated_at=None,
        is_active=True,
        legacy_extras=extras,
    )
    writer.write([tuple(values[name] for name in PET_COLUMNS)])
    pet = Pet.objects.get(pk=pet_id)
    assert (pet.name, pet.birth_date, pet.weight_kg) == ("Kiwi", date(2019, 1, 2), Decimal("3.250"))
    assert pet.legacy_extras == extras
    assert pet.created_at == created
    assert pet.owner_id == owner_id


def test_values_converted_ahead_are_stored_as_the_objects_would_be():
    from zoneinfo import ZoneInfo

    from django.db import connection

    from migration.load.writer import value_converter

    owner_id = _owner()
    writer = TableWriter(Pet, PET_COLUMNS)
    bogota = datetime(2020, 5, 6, 21, 30, tzinfo=ZoneInfo("America/Bogota"))
    values = {name: "" for name in PET_COLUMNS}
    values.update(
        owner_id=owner_id,
        name="Kiwi",
        neutered=None,
        birth_date=date(2019, 1, 2),
        weight_kg=Decimal("3.250"),
        is_deceased=False,
        deceased_at=None,
        created_at=bogota,
        updated_at=datetime(2021, 1, 1, 8, 0),
        is_active=True,
        legacy_extras={},
    )
    convert = value_converter()
    assert (convert is None) == (connection.vendor != "sqlite")
    ahead = dict(values)
    if convert is not None:
        convert(ahead)
        assert ahead["created_at"] == "2020-05-07 02:30:00"
        assert (ahead["birth_date"], ahead["weight_kg"]) == ("2019-01-02", "3.250")
        assert ahead["updated_at"] == "2021-01-01 08:00:00" and ahead["deceased_at"] is None
        assert (ahead["is_deceased"], ahead["is_active"]) == (0, 1)
    ids = writer.allocate_ids(2)
    for pet_id, row in zip(ids, (values, ahead), strict=True):
        writer.write([tuple(pet_id if name == "id" else row[name] for name in PET_COLUMNS)])
    stored = Pet.objects.filter(pk__in=ids).order_by("pk")
    fields = ("birth_date", "weight_kg", "created_at", "deceased_at", "is_deceased", "is_active")
    as_objects, as_text = (tuple(getattr(p, f) for f in fields) for p in stored)
    assert as_objects == as_text
    assert as_objects[2] == bogota


def test_ids_are_never_reused_after_deletes():
    first = _owner()
    OwnerProfile.objects.filter(pk=first).delete()
    second = _owner()
    assert second > first


def test_next_id_hands_out_distinct_increasing_ids():
    writer = TableWriter(MigrationBatch, ("id",))
    ids = [writer.next_id() for _ in range(600)]
    assert len(set(ids)) == 600
    assert ids == sorted(ids)


def test_orm_inserts_after_bulk_writes_do_not_collide():
    _owner()
    batch = MigrationBatch.objects.create(batch_type="clients", source_file="x")
    writer = TableWriter(
        ExternalIdMapping,
        (
            "id",
            "source_type",
            "source_id",
            "target_model",
            "target_id",
            "batch_id",
            "source_system",
            "is_alias",
            "fingerprint",
            "created_at",
        ),
    )
    [mid] = writer.allocate_ids(1)
    writer.write(
        [
            (
                mid,
                "client",
                "1",
                "clinic.OwnerProfile",
                1,
                batch.pk,
                "okvet",
                False,
                "",
                datetime.now(UTC),
            )
        ]
    )
    orm = ExternalIdMapping.objects.create(
        source_type="client", source_id="2", target_model="clinic.OwnerProfile", target_id=2
    )
    assert orm.pk > mid


def test_json_text_columns_are_written_as_they_are():
    batch = MigrationBatch.objects.create(batch_type="clients", source_file="x")
    columns = ("id", "batch_id", "status", "source_id", "source_file", "source_data")
    columns += ("target_model", "error_message", "validation_errors", "created_at")
    writer = TableWriter(MigrationRecord, columns, json_text=frozenset({"source_data"}))
    [rid] = writer.allocate_ids(1)
    row = (rid, batch.pk, "imported", "1", "f.csv", '{"name": "Ñandú"}', "", "", ["x"])
    writer.write([(*row, datetime.now(UTC))])
    record = MigrationRecord.objects.get(pk=rid)
    assert (record.source_data, record.validation_errors) == ({"name": "Ñandú"}, ["x"])


def test_empty_writes_are_no_ops():
    writer = TableWriter(Pet, ("id",))
    assert writer.allocate_ids(0) == []
    assert writer.write([]) == 0


def testto_json_is_written_as_the_standard_library_writes_it():
    import json

    from migration.load.writer import to_json

    value = {"nombre": "Ñandú", 3: [Decimal("1.50"), datetime(2020, 5, 6, 13, 30, tzinfo=UTC)]}
    assert json.loads(to_json(value)) == json.loads(json.dumps(value, default=str))
    assert "Ñandú" in to_json(value)
    assert to_json(None) is None


def test_datetimes_become_the_utc_text_the_standard_conversion_gives():
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from migration.load.writer import _sqlite_datetime

    zones = ("America/Bogota", "America/Santiago", "Europe/Madrid", "Australia/Lord_Howe")
    start = datetime(2021, 1, 1)
    for zone in map(ZoneInfo, zones):
        # every 37 minutes for two years: both sides of each change of offset, gaps and folds
        for step in range(0, 2 * 365 * 24 * 60, 37):
            wall = start + timedelta(minutes=step, microseconds=step % 3)
            for fold in (0, 1):
                value = wall.replace(tzinfo=zone, fold=fold)
                expected = value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
                assert _sqlite_datetime(value) == expected, value
    assert _sqlite_datetime(datetime(2021, 1, 1, 8, 0)) == "2021-01-01 08:00:00"
