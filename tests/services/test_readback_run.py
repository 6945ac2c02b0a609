"""The read-back of many batches: split over two processes when large, the same result."""

import pytest
from django.db import connection

from migration.models import MigrationBatch
from migration.services import readback_run
from migration.services.readback import Readback, TableCount, merged


def test_halves_balance_cells_and_keep_batch_order():
    jobs = [(1, "clients", {}, 1000), (2, "consults", {}, 1000), (3, "pets", {}, 1000)]
    here, there = readback_run.halves([*jobs, (4, "invoices", {}, 10)])
    assert [j[0] for j in here] == [2]  # consults: ~70 columns a row, as many as the rest
    assert [j[0] for j in there] == [1, 3, 4]
    assert all(len(job) == 3 for job in here + there)


def test_merged_adds_counts_and_keeps_failures_up_to_the_cap():
    def part(rows, failures):
        count = TableCount(rows=rows, imported_cells=rows * 2)
        count.add({("exact", "equal"): rows, ("date", "differs"): 1})
        return Readback(tables={"pets": count}, failures=["f"] * failures, failed=failures)

    both = merged([part(3, 150), part(4, 150)], ["pets", "clients"])
    pets = both.tables["pets"]
    assert (pets.rows, pets.imported_cells) == (7, 14)
    assert pets.verdicts["equal"] == 7 and pets.rules["date"] == {"differs": 2}
    assert both.failed == 300 and len(both.failures) == 200
    assert list(both.tables) == ["pets"]


@pytest.mark.django_db
def test_inside_a_transaction_it_reads_alone(run, fixtures, monkeypatch):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    monkeypatch.setattr(readback_run, "halves", lambda jobs: pytest.fail("forked"))
    batches = MigrationBatch.objects.filter(is_dry_run=False)
    found = readback_run.migration_readback(batches, parallel=True)
    assert found.tables["clients"].rows == 9 and found.failed == 0
    assert not readback_run.forkable()


@pytest.mark.django_db(transaction=True)
def test_two_processes_read_what_one_does(run, fixtures):
    if connection.vendor == "sqlite":
        pytest.skip("an in-memory test database cannot be opened by a second process")
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    batches = MigrationBatch.objects.filter(is_dry_run=False)
    alone = readback_run.migration_readback(batches, parallel=False)
    assert readback_run.forkable()
    shared = readback_run.migration_readback(batches, parallel=True)
    assert shared == alone and shared.tables["pets"].rows > 0
