"""Reading and converting in a worker process gives exactly what converting in place gives;
its errors reach the user as the same one line, and nothing of the failed batch is written."""

import csv
import dataclasses
import os
import pickle

import pytest
from django.utils import translation
from django.utils.translation import gettext

from clinic.models import OwnerProfile
from migration.errors import MigrationError, SourceError
from migration.models import MigrationBatch, MigrationRecord
from migration.read.sources import open_table
from migration.services import cores, pipeline
from migration.services.imports import ImportOptions, _convert_context, batch_import
from migration.services.pipeline import converted_chunks, worth_a_worker
from migration.services.plan import PLAN

CLIENTS = next(s for s in PLAN if s.batch_type == "clients")

pytestmark = pytest.mark.django_db

OWNERS = ["id", "name", "ident_type", "number_doc", "mobile", "email", "city"]


def write_owners(path, rows, *, huge_at=None):
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(OWNERS)
        for i in range(1, rows + 1):
            name = "X" * ((1 << 24) + 1) if i == huge_at else f"ANA PEREZ {i}"
            out.writerow([i, name, "cc", f"{10_000_000 + i}", f"300{i:07d}", "", "Bogotá"])
    return path


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    from django.core.management import call_command

    out = tmp_path_factory.mktemp("pipeline") / "export"
    call_command(
        "generate_okvet_export",
        f"--output={out}",
        "--owners=60",
        "--pets=90",
        "--clinical",
        "--seed=11",
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    return out


def snapshot(chunks):
    """Everything a chunk carries that the loader and the report use."""
    return [
        (row.file, row.row, conv.legacy_id, conv.fields, conv.extras, conv.issues)
        + (conv.refs, conv.keys, conv.deleted_at, conv.mapped, conv.ledger)
        for chunk in chunks
        for row, conv in chunk
    ]


def test_every_table_converts_the_same_in_the_worker(export):
    cctx = _convert_context(ImportOptions(files=[]))
    compared = 0
    for path in sorted(export.glob("*.csv")):
        table = open_table(path)
        steps = [s for s in PLAN if s.table == table.table]
        if not steps:
            continue
        here = snapshot(converted_chunks(steps[0], [table], cctx, 7, parallel=False))
        there = snapshot(converted_chunks(steps[0], [table], cctx, 7, parallel=True))
        assert here == there, path.name
        assert here, path.name
        compared += 1
    assert compared >= 15


def test_an_unreadable_row_stops_the_batch_with_one_line_and_writes_nothing(tmp_path):
    path = write_owners(tmp_path / "propietarios.csv", 40, huge_at=25)
    options = ImportOptions(files=[str(path)], batch_size=10, parallel=True)
    with pytest.raises(SourceError) as caught:
        batch_import(batch_type="clients", options=options)
    assert str(caught.value).startswith("propietarios.csv, row 26: unreadable CSV: field larger")
    assert "\n" not in str(caught.value)
    batch = MigrationBatch.objects.get()
    assert batch.status == MigrationBatch.Status.FAILED
    assert batch.notes == str(caught.value)
    assert not OwnerProfile.objects.exists()
    assert not MigrationRecord.objects.exists()


def test_a_large_file_is_converted_in_a_worker_with_the_same_outcome(tmp_path, monkeypatch):
    path = write_owners(tmp_path / "propietarios.csv", 30)
    monkeypatch.setattr(cores, "machine_cores", lambda: 8)
    assert not worth_a_worker([str(path)])
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 1)
    assert worth_a_worker([str(path)])
    used = []
    real = pipeline._from_worker
    monkeypatch.setattr(pipeline, "_from_worker", lambda chunks: used.append(1) or real(chunks))
    result = batch_import(batch_type="clients", options=ImportOptions(files=[str(path)]))
    assert used
    assert result.counts["imported"] == 30
    assert result.cells["unaccounted"] == 0
    record = MigrationRecord.objects.get(source_id="7")
    assert record.source_data["name"] == "ANA PEREZ 7"
    assert OwnerProfile.objects.get(legacy_id="7").ident_number == "10000007"


def test_rows_read_back_from_the_database_never_go_to_a_worker():
    from migration.services.imports import _parallel

    class Rows:
        rows = iter(())

    assert _parallel(ImportOptions(files=[], parallel=True), [Rows()]) is False


def test_a_bug_in_the_worker_is_one_line_not_a_traceback(tmp_path):
    path = write_owners(tmp_path / "propietarios.csv", 5)

    def broken(row, cctx):
        raise ValueError("boom")

    step = dataclasses.replace(CLIENTS, convert=broken)
    cctx = _convert_context(ImportOptions(files=[]))
    with pytest.raises(
        MigrationError, match=r"^unexpected error ValueError: boom \(at \w+\.py:\d+\)$"
    ):
        list(converted_chunks(step, [open_table(path)], cctx, 2, parallel=True))


def test_a_worker_that_dies_is_reported(tmp_path):
    path = write_owners(tmp_path / "propietarios.csv", 5)
    step = dataclasses.replace(CLIENTS, convert=lambda row, cctx: os._exit(3))
    cctx = _convert_context(ImportOptions(files=[]))
    with pytest.raises(MigrationError, match=r"worker stopped unexpectedly \(exit code 3\)"):
        list(converted_chunks(step, [open_table(path)], cctx, 2, parallel=True))


def test_stopping_early_stops_the_worker(tmp_path):
    path = write_owners(tmp_path / "propietarios.csv", 50)
    step = CLIENTS
    cctx = _convert_context(ImportOptions(files=[]))
    chunks = converted_chunks(step, [open_table(path)], cctx, 1, parallel=True)
    assert len(next(chunks)) == 1
    chunks.close()


class Sender:
    def __init__(self, refuse=()):
        self.sent, self.refuse, self.closed = [], refuse, False

    def send(self, message):
        if isinstance(message[1], self.refuse):
            raise pickle.PicklingError("cannot pickle")
        self.sent.append(message)

    def close(self):
        self.closed = True


def test_the_worker_sends_every_chunk_then_done():
    sender = Sender()
    pipeline._work(iter([[1], [2]]), sender)
    assert sender.sent == [("chunk", [1]), ("chunk", [2]), ("done", None)]
    assert sender.closed


def test_the_worker_sends_its_error():
    def failing():
        yield [1]
        raise SourceError("unreadable CSV: {error}", file="a.csv", row=3, error="bad")

    sender = Sender()
    pipeline._work(failing(), sender)
    kind, error = sender.sent[-1]
    assert kind == "failed"
    assert str(error) == "a.csv, row 3: unreadable CSV: bad"


def test_an_error_that_cannot_be_pickled_is_sent_as_its_text():
    sender = Sender(refuse=SourceError)
    pipeline._send_error(sender, SourceError("no header", file="a.csv"))
    kind, error = sender.sent[-1]
    assert type(error) is MigrationError
    assert str(error) == "SourceError: a.csv: no header"


def test_errors_cross_a_process_boundary_with_their_parameters():
    error = SourceError(
        "unreadable CSV: {error}", file="a.csv", row=4, column="name", error=ValueError("x")
    )
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is SourceError
    assert (back.file, back.row, back.column) == ("a.csv", 4, "name")
    assert str(back) == str(error) == "a.csv, row 4, column 'name': unreadable CSV: x"
    with translation.override("es"):
        spanish = back.render(gettext)
    assert spanish == "a.csv, fila 4, columna 'name': CSV ilegible: x"


def test_the_ledger_travels_with_the_row(tmp_path):
    path = write_owners(tmp_path / "propietarios.csv", 1)
    step = CLIENTS
    cctx = _convert_context(ImportOptions(files=[]))
    ((row, conv),) = next(converted_chunks(step, [open_table(path)], cctx, 5, parallel=True))
    assert (row.file, row.row, row.values) == ("propietarios.csv", 2, {})
    assert conv.ledger.filled == 6
    assert conv.ledger.source == (
        '{"id":"1","name":"ANA PEREZ 1","ident_type":"cc","number_doc":"10000001",'
        '"mobile":"3000000001","email":"","city":"Bogotá"}'
    )
    assert (conv.ledger.preserved, conv.ledger.mapped) == (0, 6)


def test_a_whole_export_dry_run_uses_workers_as_its_real_run_does(export, monkeypatch):
    from migration.services.runs import run_import

    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(cores, "machine_cores", lambda: 8)
    used = []
    real = pipeline._from_worker
    monkeypatch.setattr(pipeline, "_from_worker", lambda chunks: used.append(1) or real(chunks))
    dry = run_import(source=str(export), options=ImportOptions(files=[], dry_run=True))
    assert len(used) >= 15
    used.clear()
    result = run_import(source=str(export), options=ImportOptions(files=[]))
    assert len(used) >= 15
    assert [(b.batch_type, b.counts) for b in dry.batches] == [
        (b.batch_type, b.counts) for b in result.batches
    ]
    assert all(b.cells["unaccounted"] == 0 for b in result.batches)


def test_the_collector_runs_less_often_during_a_batch_then_as_before():
    import gc

    before = gc.get_threshold()
    with pipeline.few_collections():
        assert gc.get_threshold() == pipeline.GC_THRESHOLDS
    assert gc.get_threshold() == before


def report(dry_run: bool) -> list[tuple]:
    """Every record of the dry or real batches, with its issues, as the user reads them. On
    PostgreSQL a rolled-back dry run does not give its ids back, so the file references, read
    back from imported records and named by their ids, are left out there."""
    from django.db import connection

    from migration.models import DataQualityIssue

    left_out = {"files"} if connection.vendor == "postgresql" else set()
    issues: dict[int | None, list[tuple]] = {}
    for issue in DataQualityIssue.objects.filter(batch__is_dry_run=dry_run).order_by("id"):
        assert issue.record is None or issue.record.batch_id == issue.batch_id
        if issue.batch.batch_type not in left_out:
            issues.setdefault(issue.record_id, []).append(
                (issue.severity, issue.issue_type, issue.source_file, issue.source_row)
                + (issue.source_id, issue.field_name, issue.description, issue.source_value)
            )
    records = MigrationRecord.objects.filter(batch__is_dry_run=dry_run).order_by("id")
    return [
        (r.batch.batch_type, r.status, r.source_id, r.source_file, r.source_row, r.source_data)
        + (r.target_model, r.error_message, r.validation_errors, issues.pop(r.id, []))
        for r in records.exclude(batch__batch_type__in=left_out)
    ] + sorted(issues.get(None, []))


def test_a_dry_run_reports_what_its_real_run_reports(export, monkeypatch):
    from migration.load import tracking
    from migration.services.runs import run_import

    monkeypatch.setattr(tracking, "FLUSH_EVERY", 7)  # many flushes, and a last partial one
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(cores, "machine_cores", lambda: 8)
    owners = [str(export / "propietarios.csv")]
    # each dry run sees what its real run sees: a first import, then one over those owners
    batch_import(batch_type="clients", options=ImportOptions(files=owners, dry_run=True))
    batch_import(batch_type="clients", options=ImportOptions(files=owners))
    run_import(source=str(export), options=ImportOptions(files=[], dry_run=True))
    run_import(source=str(export), options=ImportOptions(files=[]))
    dry, real = report(True), report(False)
    assert len(dry) > 1000
    assert dry == real
    assert MigrationRecord.objects.filter(batch__is_dry_run=True).count() > 1000


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_scratch_report_is_attached_copied_and_detached(
    export, monkeypatch, tmp_path
):
    """Management commands call imports outside any transaction: the dry run's scratch file
    is attached and copied by SQLite itself (the other tests run inside a transaction, where
    its rows are read back), then detached and deleted."""
    from django.db import connection

    from migration.load import tracking

    if connection.vendor != "sqlite":
        pytest.skip("the scratch report is SQLite's")
    monkeypatch.setattr(tracking, "FLUSH_EVERY", 7)
    monkeypatch.setattr(tracking.tempfile, "tempdir", str(tmp_path))
    attached = []
    real_ready = tracking.ScratchReport.ready

    def ready(self):
        real_ready(self)
        attached.append(self._alias)

    monkeypatch.setattr(tracking.ScratchReport, "ready", ready)
    owners = [str(export / "propietarios.csv")]
    batch_import(batch_type="clients", options=ImportOptions(files=owners, dry_run=True))
    batch_import(batch_type="clients", options=ImportOptions(files=owners))
    assert attached and all(attached)
    assert report(True) == report(False)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA database_list")
        assert not [name for _, name, _ in cursor.fetchall() if name.startswith("dry_report")]
    assert list(tmp_path.iterdir()) == []


def test_a_failed_dry_run_leaves_no_scratch_report(tmp_path, monkeypatch):
    from migration.load import tracking

    monkeypatch.setattr(tracking, "FLUSH_EVERY", 3)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tracking.tempfile, "tempdir", str(scratch))
    path = write_owners(tmp_path / "propietarios.csv", 20, huge_at=15)
    kept = []
    monkeypatch.setattr(
        tracking.DryReports,
        "keep",
        lambda self, rows, keep=tracking.DryReports.keep: kept.append(1) or keep(self, rows),
    )
    options = ImportOptions(files=[str(path)], dry_run=True, batch_size=5)
    with pytest.raises(MigrationError):  # in the third chunk, the first two kept
        batch_import(batch_type="clients", options=options)
    assert kept
    assert list(scratch.iterdir()) == []
    assert MigrationRecord.objects.count() == 0
