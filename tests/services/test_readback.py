"""Read-back helpers: stored values as shown, rows of tables not read from a file."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from migration.models import MigrationBatch, MigrationRecord
from migration.read import declarations as d
from migration.services import readback as rb
from migration.services.rules import RowFacts


def test_stored_values_are_shown_as_okvet_wrote_them():
    bogota = ZoneInfo("America/Bogota")
    assert rb.shown(datetime(2021, 3, 5, 19, 30, tzinfo=UTC), bogota) == "2021-03-05 14:30:00"
    assert rb.shown(True) == "1" and rb.shown(None) == ""
    kept = d.Column("form_id", "legacy_extras", d.EXTRAS)
    facts = RowFacts({}, {"legacy_extras": {}})
    assert rb.stored_text(kept, facts) == "" and rb.stored_text(kept, None) == ""
    assert rb._decoded({"a": "1"}) == {"a": "1"} and rb._decoded("") == {}


@pytest.mark.django_db
def test_a_batch_without_records_and_a_harvested_table_read_nothing():
    empty = MigrationBatch.objects.create(batch_type="pets", status="completed")
    assert list(rb.batch_windows(empty.pk)) == []
    files = MigrationBatch.objects.create(batch_type="files", status="completed")
    record = MigrationRecord.objects.create(batch=files, status="imported", source_data={"a": 1})
    assert rb.record_cells(record) == []
    found = rb.read_batches([(files.pk, "files", {}), (empty.pk, "pets", {})])
    assert list(found.tables) == ["pets"] and found.tables["pets"].rows == 0
