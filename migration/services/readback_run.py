"""``migration_readback``: the read-back of a migration's batches, on two cores when large.

A whole export's read-back reads about as much as its import wrote; the import converts in a
worker process while it loads, so the read-back of a large export (``PARALLEL_MIN_RECORDS``
source rows or more) reads half of its batches in a worker too, balanced by the cells they
hold, when the machine has the cores for it (``migration.services.cores``). The worker is
forked with the database connection closed (each process opens its own, reading committed
rows); inside a transaction (a test, an open atomic block) or on an in-memory database it reads
alone.
"""

from __future__ import annotations

import multiprocessing

from django.db import connection

from migration.read.declarations import table_named
from migration.services.cores import worker_pays
from migration.services.readback import Job, Readback, merged, read_batches

PARALLEL_MIN_RECORDS = 200_000


def migration_readback(batches, *, parallel: bool | None = None) -> Readback:
    rows = batches.order_by("pk").values_list("pk", "batch_type", "options", "total_records")
    jobs = [(pk, kind, options, n) for pk, kind, options, n in rows if table_named(kind).read]
    order = list(dict.fromkeys(table_named(kind).batch_type for _, kind, _, _ in jobs))
    if parallel is None:
        parallel = worker_pays(sum(n for *_, n in jobs) >= PARALLEL_MIN_RECORDS)
    if not (parallel and forkable()):
        return merged([read_batches([job[:3] for job in jobs])], order)
    here, there = halves(jobs)
    connection.close()
    with multiprocessing.get_context("fork").Pool(1) as pool:
        pending = pool.apply_async(read_batches, (there,))
        found = read_batches(here)
        return merged([found, pending.get()], order)


def forkable() -> bool:
    """A worker can read what this process sees: committed rows of a database another
    process can open (not an in-memory SQLite), and ``fork`` exists."""
    if connection.in_atomic_block or "fork" not in multiprocessing.get_all_start_methods():
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def halves(jobs: list[tuple[int, str, dict, int]]) -> tuple[list[Job], list[Job]]:
    """Two lists of batches holding about as many cells each (rows × declared columns),
    largest first, each list back in batch order."""
    bins: tuple[list, list] = ([], [])
    weights = [0, 0]
    for job in sorted(jobs, key=lambda j: -_weight(j)):
        side = 0 if weights[0] <= weights[1] else 1
        bins[side].append(job)
        weights[side] += _weight(job)
    return tuple(sorted(job[:3] for job in side) for side in bins)  # type: ignore[return-value]


def _weight(job: tuple[int, str, dict, int]) -> int:
    return job[3] * max(len(table_named(job[1]).rules), 1)
