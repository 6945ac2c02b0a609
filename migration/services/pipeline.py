"""A batch's rows, read and converted chunk by chunk, in a worker process when it pays.

Reading and converting touch no database, and cost about as much as loading does. For large
files a forked worker process reads and converts the next chunk while this process loads the
previous one into the database, so both cores of a small server work. The worker sends each
chunk through a pipe, which holds at most one chunk in flight: memory stays flat. Rows cross
as plain values, their dates and amounts already in the form the database writer stores. An
error in the worker (an unreadable row) reaches this process as the same one-line error, in the
same place as without a worker, and the batch's transaction is rolled back as always.

Small files, rows read back from the database and platforms without ``fork`` are converted in
this process: same code, same results, same order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

from migration.convert.base import (
    ConvertContext,
    Converted,
    Ledger,
    digest,
    ledger,
    legacy_key,
    row_source,
)
from migration.errors import MigrationError, UnexpectedError
from migration.i18n import gettext_noop
from migration.issues import Issue
from migration.load.base import Item
from migration.load.writer import value_converter
from migration.read.sources import SourceRow
from migration.services.cores import worker_pays

GC_THRESHOLDS = (50_000, 20, 20)
"""An import allocates millions of short-lived, acyclic objects (cells, fields, report rows):
Python's default (700, 10, 10) runs the cycle collector over them thousands of times for
nothing. Measured on 100,000 owners and pets: 12.4k → 14.2k rows/s, same peak memory."""


@contextmanager
def few_collections() -> Iterator[None]:
    """Run the cycle collector less often while a batch imports; restore it afterwards."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


PARALLEL_MIN_BYTES = 500_000
"""Below this much source data a worker costs more (forking, pickling) than it saves."""


def worth_a_worker(files: Iterable[str]) -> bool:
    """True when the files hold enough data to pay for a worker and the machine has the cores
    (``migration.services.cores``)."""
    return worker_pays(sum(os.path.getsize(path) for path in files) >= PARALLEL_MIN_BYTES)


def converted_chunks(
    step: Any,
    tables: Iterable,
    cctx: ConvertContext,
    size: int,
    *,
    parallel: bool,
    known: dict[str, str] | None = None,
) -> Iterator[list[Item]]:
    """``(row, converted)`` pairs of every table, ``size`` rows at a time, in file order.
    ``known``: OkVet id → fingerprint of the rows imported before (a sync); a row whose
    fingerprint is its id's is not converted, only marked unchanged."""
    storable = value_converter()
    if not parallel:
        return _convert(step, tables, cctx, size, storable, slim=False, known=known)
    return _from_worker(_convert(step, tables, cctx, size, storable, slim=True, known=known))


def _convert(
    step: Any,
    tables: Iterable,
    cctx: ConvertContext,
    size: int,
    storable: Callable[[dict], None] | None,
    *,
    slim: bool,
    known: dict[str, str] | None = None,
) -> Iterator[list]:
    """With ``slim`` (in the worker) each row is packed into plain values: its cells are
    already in the ledger and the converted fields, and only its origin crosses the pipe."""
    rows = chain.from_iterable(table.rows for table in tables)
    convert = step.convert
    met: set[str] = set()  # a repeated id is converted: the loader reports it as a duplicate
    while chunk := list(islice(rows, max(size, 1))):
        items = []
        for row in chunk:
            source = None
            if known:
                source = row_source(row)
                key = legacy_key(row.values.get("id", ""))
                first = key not in met
                met.add(key)
                if first and known.get(key) == digest(source):
                    conv = Converted(key, ledger=Ledger(source, 0, 0, 0), unchanged=True)
                    items.append(_pack(row, conv) if slim else (row, conv))
                    continue
            conv = convert(row, cctx)
            conv.ledger = ledger(row, conv, source)
            if storable is not None:
                storable(conv.fields)
            items.append(_pack(row, conv) if slim else (row, conv))
        yield items


def _pack(row: Any, conv: Converted) -> tuple:
    """A converted row as builtins only, pickled without a Python call per object. With the
    dates already text, pickling 100,000 owners and pets took 1.5 s instead of 4.9 s."""
    entry = conv.ledger
    issues = [(i.code, i.column, i.value, i.params) for i in conv.issues] if conv.issues else None
    return (
        row.file,
        row.sheet,
        row.row,
        conv.legacy_id,
        conv.fields,
        conv.extras,
        issues,
        conv.refs,
        conv.keys,
        conv.deleted_at,
        conv.mapped,
        entry.source,
        entry.filled,
        entry.preserved,
        entry.mapped,
        conv.unchanged,
    )


def _unpack(packed: tuple) -> Item:
    file, sheet, number, legacy_id, fields, extras, issues, *rest = packed
    refs, keys, deleted, mapped, source, filled, preserved, kept, unchanged = rest
    conv = Converted(
        legacy_id,
        fields,
        extras,
        [Issue(*issue) for issue in issues] if issues else [],
        refs,
        keys,
        deleted,
        mapped,
        Ledger(source, filled, preserved, kept),
        unchanged,
    )
    return SourceRow(file, sheet, number, {}), conv


CHUNK, DONE, FAILED = "chunk", "done", "failed"


def _from_worker(chunks: Iterator[list]) -> Iterator[list]:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(chunks, sender), daemon=True)
    worker.start()
    sender.close()
    try:
        while True:
            try:
                kind, payload = _receive(receiver)
            except EOFError:
                raise MigrationError(
                    gettext_noop("the conversion worker stopped unexpectedly (exit code {code})"),
                    code=_exit_code(worker),
                ) from None
            if kind == DONE:
                break
            if kind == FAILED:
                raise payload
            yield payload
    finally:
        receiver.close()
        if worker.is_alive():
            worker.terminate()
        worker.join()


def _receive(receiver: Any) -> tuple[str, Any]:
    """The next message, unpickled and unpacked with the cycle collector paused: a chunk is
    tens of thousands of new, acyclic objects, and loads 2-3× faster without collections."""
    data = receiver.recv_bytes()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        kind, payload = pickle.loads(data)
        if kind == CHUNK:
            payload = [_unpack(packed) for packed in payload]
        return kind, payload
    finally:
        if was_enabled:
            gc.enable()


def _exit_code(worker: Any) -> int | None:
    worker.join(timeout=5)
    return worker.exitcode


def _work(chunks: Iterator[list], sender: Any) -> None:
    """The worker: convert and send every chunk, then ``DONE``; or the error that stopped it."""
    try:
        for chunk in chunks:
            sender.send((CHUNK, chunk))
        sender.send((DONE, None))
    except BaseException as exc:  # noqa: BLE001 - handed to the importing process
        _send_error(sender, exc)
    finally:
        sender.close()


def _send_error(sender: Any, exc: BaseException) -> None:
    """A ``MigrationError`` as it is (as its text if it cannot be pickled); anything else as
    an ``UnexpectedError``, one line naming it and where it happened."""
    if not isinstance(exc, MigrationError):
        sender.send((FAILED, UnexpectedError.of(exc)))
        return
    try:
        sender.send((FAILED, exc))
    except Exception:  # noqa: BLE001 - sent as text
        sender.send((FAILED, MigrationError("{error}", error=f"{type(exc).__name__}: {exc}")))
