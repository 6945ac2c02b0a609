"""A job's live progress: written by the worker, read by the progress page.

The import reports to a receiver (``migration.services.progress``): the run's plan (each
table's rows to do), each table's start and end, and the rows done as they go. ``JobProgress``
keeps that in a small JSON file beside the upload, replaced whole at most once a second (and at
every start and end of a table): not in the database, where a trial's transaction would hide
it until its rollback and SQLite's write lock, held by the import inside a batch, would make
the write wait. When the job ends its last state is saved on the job itself.

``ProgressView`` is what the page shows: per table rows done / total, rows per second and time
left, and the same for the whole run::

    {"tables": [{"batch_type": "clients", "total": 150, "done": 150, "started": 1764.0,
                 "ended": 1766.5}, ...], "current": "pets", "updated": 1767.1}
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EVERY_SECONDS = 1.0


class JobProgress:
    """A progress receiver writing to ``path`` (throttled to one write per ``every`` s)."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time, every=EVERY_SECONDS):
        self.path, self.clock, self.every = path, clock, every
        self.state: dict = {"tables": [], "current": None, "updated": clock()}
        self.written = 0.0

    def plan(self, totals: dict[str, int | None]) -> None:
        self.state["tables"] = [_table(kind, total) for kind, total in totals.items()]
        self.write()

    def begin(self, *, batch_type: str, total: int | None) -> None:
        table = self._table(batch_type)
        table.update(total=total, done=0, started=self.clock(), ended=None)
        self.state["current"] = batch_type
        self.write()

    def __call__(self, rows: int) -> None:
        current = self.state["current"]
        if current is None:
            return
        self._table(current)["done"] += rows
        if self.clock() - self.written >= self.every:
            self.write()

    def end(self, *, batch_type: str) -> None:
        self._table(batch_type)["ended"] = self.clock()
        self.state["current"] = None
        self.write()

    def _table(self, batch_type: str) -> dict:
        for table in self.state["tables"]:
            if table["batch_type"] == batch_type:
                return table
        table = _table(batch_type, None)
        self.state["tables"].append(table)
        return table

    def write(self) -> None:
        """The whole state replaced at once: a reader never sees half a file."""
        self.written = self.state["updated"] = self.clock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        partial.write_text(json.dumps(self.state), encoding="utf-8")
        os.replace(partial, self.path)


def _table(batch_type: str, total: int | None) -> dict:
    return {"batch_type": batch_type, "total": total, "done": 0, "started": None, "ended": None}


def read_state(path: Path) -> dict:
    """The last state written, ``{}`` when there is none yet (or it cannot be read)."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


@dataclass(frozen=True)
class TableView:
    batch_type: str
    done: int
    total: int | None
    percent: float | None
    rate: float | None
    seconds_left: float | None
    state: str  # waiting / running / done


@dataclass(frozen=True)
class ProgressView:
    tables: list[TableView]
    done: int
    total: int | None
    percent: float | None
    rate: float | None
    seconds_left: float | None
    current: str | None
    updated: float | None


def progress_view(state: dict, *, now: float | None = None) -> ProgressView:
    """Rates and times left from a state; a table without a known total has no percentage."""
    now = time.time() if now is None else now
    tables = [_view(table, now) for table in state.get("tables", [])]
    done = sum(t.done for t in tables)
    totals = [t.total for t in tables]
    total = None if any(n is None for n in totals) else sum(totals)
    started = [t["started"] for t in state.get("tables", []) if t.get("started")]
    running = any(t.state == "running" for t in tables)
    rate = _rate(done, min(started), now if running else _last_end(state, now)) if started else None
    left = None
    if total is not None and rate:
        left = max(0.0, (total - done) / rate)
    return ProgressView(
        tables=tables,
        done=done,
        total=total,
        percent=_percent(done, total),
        rate=rate,
        seconds_left=left,
        current=state.get("current"),
        updated=state.get("updated"),
    )


def _view(table: dict, now: float) -> TableView:
    done, total = int(table.get("done") or 0), table.get("total")
    started, ended = table.get("started"), table.get("ended")
    state = "done" if ended else "running" if started else "waiting"
    rate = _rate(done, started, ended or now) if started else None
    left = None
    if state == "running" and total is not None and rate:
        left = max(0.0, (total - done) / rate)
    elif state == "done":
        left = 0.0
    return TableView(table["batch_type"], done, total, _percent(done, total), rate, left, state)


def _rate(done: int, since: float, until: float) -> float | None:
    elapsed = until - since
    return round(done / elapsed, 1) if elapsed > 0 and done else None


def _percent(done: int, total: int | None) -> float | None:
    if total is None:
        return None
    return 100.0 if total == 0 else min(100.0, round(100.0 * done / total, 1))


def _last_end(state: dict, now: float) -> float:
    ends = [t["ended"] for t in state.get("tables", []) if t.get("ended")]
    return max(ends) if ends else now
