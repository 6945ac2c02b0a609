"""Read-back: every imported row read back from the clinic's tables, compared cell by cell
with its source row (``MigrationRecord.source_data``) through its table's declared rules.

Streamed by windows of record ids, a few queries per window (the records, their issues, their
target rows, the ID-map entries their references name), whatever the size of the export:
memory stays flat and no query is made per row. Each non-empty source cell ends as exactly one
verdict (``rules.VERDICTS``); *differs* and *missing* are listed with file, row, OkVet id,
column, source value and stored value. ``row_cells`` judges one row: ``compare_migration`` can
show the same verdicts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from clinic.models import ChangeLog
from migration.convert.base import legacy_key
from migration.convert.cleaners import FILLED_FIRST, is_null
from migration.models import DataQualityIssue, ExternalIdMapping, MigrationRecord
from migration.read import declarations as d
from migration.services import rules as r

WINDOW = 1000
FAILURES_KEPT = 200
ROW_REASONS = (
    "deleted-in-okvet",
    "absent-from-export",
    "soft-deleted",
    "duplicate-document",
    "skipped-duplicate",
    "duplicate-id",
    "already-imported",
    "other-clinic",
    "orphan-line",
    "orphan-skipped",
    "orphan-pet-skipped",
)


@dataclass(frozen=True, slots=True)
class Cell:
    """One source cell and what became of it."""

    column: str
    source: str
    stored: str
    rule: str
    verdict: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Failure:
    table: str
    file: str
    row: int | None
    source_id: str
    column: str
    source: str
    stored: str
    rule: str
    verdict: str


@dataclass
class TableCount:
    """One table's cells by verdict, and by rule then verdict."""

    rows: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(r.VERDICTS, 0))
    rules: dict[str, dict[str, int]] = field(default_factory=dict)
    imported_cells: int = 0
    dropped_cells: int = 0

    def add(self, tally: Counter) -> None:
        """Fold a window's ``(rule, verdict)`` counts in."""
        for (rule, verdict), n in tally.items():
            self.verdicts[verdict] += n
            per_rule = self.rules.setdefault(rule, {})
            per_rule[verdict] = per_rule.get(verdict, 0) + n


@dataclass
class Readback:
    tables: dict[str, TableCount] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    failed: int = 0
    disagreements: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Record:
    """A ``MigrationRecord`` as read: what the row was and what became of it."""

    pk: int
    status: str
    source_id: str
    file: str
    row: int | None
    source: dict[str, Any]
    target_id: int | None
    duplicate_of: int | None


def shown(value: Any, tz: ZoneInfo | None = None) -> str:
    """A stored value as text; an instant in the clinic's zone, as OkVet wrote it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime) and tz is not None:
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


Judged = tuple[str, str, d.Column, str, str]
"""``(column, source text, declaration, verdict, note)``: one cell, judged."""


def filled(text: str) -> bool:
    return bool(text) and (text[0] in FILLED_FIRST or not is_null(text))


def _cell_text(raw: Any) -> str:
    return raw.strip() if isinstance(raw, str) else "" if raw is None else str(raw).strip()


def row_verdicts(
    table: d.Table, record: Record, facts: r.RowFacts | None, reason: str = ""
) -> list[Judged]:
    """Every non-empty source cell of one row, judged. ``facts`` is ``None`` when the row
    was not imported (``reason`` says why) or its record is gone (``reason`` is empty)."""
    columns = table.rules
    found = []
    for column, raw in record.source.items():
        text = _cell_text(raw)
        if not filled(text):
            continue
        declared = columns.get(column) or d.Column(column, "legacy_extras", d.EXTRAS)
        if facts is None:
            verdict = (r.NOT_IMPORTED, reason) if reason else (r.MISSING, _("record not found"))
        else:
            verdict = r.judge(declared, text, facts)
        found.append((column, text, declared, *verdict))
    return found


def row_cells(
    table: d.Table, record: Record, facts: r.RowFacts | None, reason: str = ""
) -> list[Cell]:
    """``row_verdicts`` with each cell's stored value shown: what ``compare_migration``
    shows of one row."""
    return [
        Cell(column, text, stored_text(declared, facts), declared.rule, verdict, note)
        for column, text, declared, verdict, note in row_verdicts(table, record, facts, reason)
    ]


def stored_text(column: d.Column, facts: r.RowFacts | None) -> str:
    if facts is None:
        return ""
    extras = facts.stored.get("legacy_extras") or {}
    if column.name in extras:
        return shown(extras[column.name], facts.tz)
    if not column.target or column.rule == d.EXTRAS:
        return ""
    return shown(r.value_at(facts.stored, column.path), facts.tz)


def fields_of(table: d.Table) -> list[str]:
    """The stored fields the table's rules read (related ones as ``user__email``)."""
    wanted = {"legacy_extras"}
    for column in table.rules.values():
        if column.target and column.rule not in (d.EXTRAS, d.NOT_IMPORTED):
            wanted.add(column.target.split(".")[0])
        if column.raw:
            wanted.add(column.raw)
    if any(c.how == "microchip" for c in table.columns):
        wanted.add("clinic_code")
    return sorted(wanted)


RECORDS_SQL = (
    "SELECT id, status, source_id, source_file, source_row, source_data, target_id, "
    "duplicate_of FROM {table} WHERE batch_id = %s AND id >= %s AND id < %s ORDER BY id"
)


def _decoded(data: Any) -> dict[str, Any]:
    """A source row as the database gives it: JSON text (SQLite) or already a dict."""
    if isinstance(data, dict):
        return data
    return orjson.loads(data) if data else {}


def batch_windows(batch_id: int) -> Iterator[list[Record]]:
    """The batch's records, a window of ids at a time (ids of a batch are contiguous). Plain
    SQL and orjson: a million source rows of ~100 cells are the bulk of what verify reads."""
    records = MigrationRecord.objects.filter(batch_id=batch_id)
    bounds = records.aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        return
    sql = RECORDS_SQL.format(table=connection.ops.quote_name(MigrationRecord._meta.db_table))
    with connection.cursor() as cursor:
        for lo in range(bounds["lo"], bounds["hi"] + 1, WINDOW):
            cursor.execute(sql, [batch_id, lo, lo + WINDOW])
            found = [
                Record(pk, status, sid, file, row, _decoded(data), target, dup)
                for pk, status, sid, file, row, data, target, dup in cursor.fetchall()
            ]
            if found:
                yield found


class Window:
    """What one window of records needs from the database, in a few queries."""

    def __init__(self, table: d.Table, batch_id: int, records: list[Record], fields) -> None:
        self.table, self.records = table, records
        lo, hi = records[0].pk, records[-1].pk
        self.issues: dict[int, set[tuple[str, str]]] = {}
        found = DataQualityIssue.objects.filter(
            batch_id=batch_id, record_id__gte=lo, record_id__lte=hi
        ).values_list("record_id", "issue_type", "field_name")
        for record_id, code, column in found:
            self.issues.setdefault(record_id, set()).add((code, column))
        model = apps.get_model(table.model)
        targets = {x.target_id for x in records if x.status in r.VERSION_STATUSES}
        targets.discard(None)
        self.stored = {
            row["pk"]: row
            for row in model._base_manager.filter(pk__in=targets).values("pk", *fields)
        }
        self.links = self._links()
        self.survivors = self._survivors(model)
        self._edited(model, targets)
        self.superseded = self._superseded(batch_id)

    def _edited(self, model, targets: set[int]) -> None:
        """Fields the clinic's change log says were edited in Pet-Friendly, as issues of the
        record that imported the row: a differing value there is explained, with its trail."""
        logs = ChangeLog.objects.filter(model=model._meta.label, object_id__in=targets)
        edited: dict[int, set[str]] = {}
        for target, changes in logs.values_list("object_id", "changes"):
            edited.setdefault(target, set()).update(changes or {})
        for record in self.records:
            if record.status not in r.VERSION_STATUSES:
                continue
            for name in edited.get(record.target_id, ()):
                self.issues.setdefault(record.pk, set()).add((r.EDITED_IN_CLINIC, name))

    def _superseded(self, batch_id: int) -> set[str]:
        """OkVet ids whose newest version a later sync imported: read back from its batch."""
        ids = [x.source_id for x in self.records if x.status in r.VERSION_STATUSES]
        found = ExternalIdMapping.objects.filter(
            source_system="okvet",
            source_type=self.table.id_type,
            source_id__in=ids,
            version_batch__isnull=False,
        ).values_list("source_id", "version_batch_id")
        return {key for key, version in found if version != batch_id}

    def _links(self) -> dict[tuple[str, str], tuple[int, bool]]:
        links: dict[tuple[str, str], tuple[int, bool]] = {}
        for column in self.table.columns:
            if column.rule != d.REFERENCE:
                continue
            space = d.referenced_namespace(column.how)
            keys = set()
            for record in self.records:
                text = str(record.source.get(column.name) or "").strip()
                if text:
                    keys.update((text, legacy_key(text)))
            found = ExternalIdMapping.objects.filter(
                source_system="okvet", source_type=space, source_id__in=sorted(keys)
            ).values_list("source_id", "target_id", "is_alias")
            for source_id, target_id, alias in found:
                links[(space, source_id)] = (target_id, alias)
        return links

    def _survivors(self, model) -> dict[int, str]:
        ids = {x.duplicate_of for x in self.records if x.duplicate_of is not None}
        if not ids:
            return {}
        return dict(model._base_manager.filter(pk__in=ids).values_list("pk", "legacy_id"))

    def reason(self, record: Record) -> str:
        codes = {code for code, _ in self.issues.get(record.pk, ())}
        code = next((c for c in ROW_REASONS if c in codes), "") or min(codes, default="")
        if record.status == "duplicate" and record.duplicate_of is not None:
            survivor = self.survivors.get(record.duplicate_of, "")
            return _("{code}: merged into OkVet id {survivor}").format(
                code=code or record.status, survivor=survivor
            )
        return code or record.status

    def facts(self, record: Record, tz: ZoneInfo) -> tuple[r.RowFacts | None, str]:
        """What the row's cells are judged against, or why there is nothing to read."""
        if record.status not in r.VERSION_STATUSES:
            return None, self.reason(record)
        stored = self.stored.get(record.target_id)
        if stored is None:
            return None, ""
        issues = self.issues.get(record.pk, set())
        return r.RowFacts(record.source, stored, issues, tz, self.links), ""


def zone_of(options: dict) -> ZoneInfo:
    return ZoneInfo((options or {}).get("time_zone") or settings.OKVET_TIME_ZONE)


Job = tuple[int, str, dict]
"""A batch to read back: ``(batch id, batch type, options)``."""


def read_batches(jobs: list[Job]) -> Readback:
    """Read back every row of these batches (completed, real) whose table is declared."""
    result = Readback()
    for batch_id, batch_type, options in jobs:
        table = d.table_named(batch_type)
        if not table.read:
            continue
        count = result.tables.setdefault(table.batch_type, TableCount())
        fields, tz = fields_of(table), zone_of(options)
        for records in batch_windows(batch_id):
            _read_window(result, count, Window(table, batch_id, records, fields), tz)
    return result


def merged(parts: list[Readback], order: list[str]) -> Readback:
    """Read-backs of disjoint batches as one, tables in ``order`` (the batches' order)."""
    result = Readback()
    for name in order:
        for part in parts:
            if (found := part.tables.get(name)) is None:
                continue
            count = result.tables.setdefault(name, TableCount())
            count.rows += found.rows
            count.imported_cells += found.imported_cells
            count.dropped_cells += found.dropped_cells
            count.add(
                Counter({(rule, v): n for rule, vs in found.rules.items() for v, n in vs.items()})
            )
    for part in parts:
        result.failed += part.failed
        result.failures += part.failures[: FAILURES_KEPT - len(result.failures)]
    return result


def _read_window(result: Readback, count: TableCount, window: Window, tz: ZoneInfo) -> None:
    tally: Counter = Counter()
    failing = r.FAILING
    for record in window.records:
        if record.source_id in window.superseded and record.status in r.VERSION_STATUSES:
            count.imported_cells += sum(1 for v in record.source.values() if filled(_cell_text(v)))
            continue  # an older version: the row is judged against its newest one
        facts, reason = window.facts(record, tz)
        judged = row_verdicts(window.table, record, facts, reason)
        count.rows += 1
        if record.status in r.VERSION_STATUSES:
            count.imported_cells += len(judged)
        else:
            count.dropped_cells += len(judged)
        bad = False
        for _column, _text, declared, verdict, _note in judged:
            tally[declared.rule, verdict] += 1
            bad = bad or verdict in failing
        if bad:
            _failure(result, window.table, record, judged, facts)
    count.add(tally)


def _failure(result: Readback, table: d.Table, record: Record, judged, facts) -> None:
    """Every failing cell of a row that has one, its stored value shown."""
    for column, text, declared, verdict, _note in judged:
        if verdict not in r.FAILING:
            continue
        result.failed += 1
        if len(result.failures) < FAILURES_KEPT:
            stored = stored_text(declared, facts)
            result.failures.append(
                Failure(
                    table.batch_type,
                    record.file,
                    record.row,
                    record.source_id,
                    column,
                    text,
                    stored,
                    declared.rule,
                    verdict,
                )
            )


def disagreements(readback: Readback, ledger: dict[str, dict[str, int]]) -> list[str]:
    """Tables whose read-back cell counts differ from the converter's ledger (the batches'
    summaries): of imported rows (mapped + preserved) and of rows not imported (dropped)."""
    found = []
    for name, count in readback.tables.items():
        cells = ledger.get(name)
        if cells is None:
            continue
        kept = cells.get("mapped", 0) + cells.get("preserved", 0) + cells.get("unaccounted", 0)
        if (kept, cells.get("dropped", 0)) != (count.imported_cells, count.dropped_cells):
            found.append(
                f"{name}: {kept:,}/{cells.get('dropped', 0):,} ≠ "
                f"{count.imported_cells:,}/{count.dropped_cells:,}"
            )
    return found


def record_cells(record: MigrationRecord) -> list[Cell]:
    """One tracked row's cells as ``verify_migration`` judges them: what ``compare_migration``
    shows (a merged duplicate's own values, with the survivor named)."""
    batch = record.batch
    table = d.table_named(batch.batch_type)
    if not table.read:
        return []
    row = Record(
        record.pk,
        record.status,
        record.source_id,
        record.source_file,
        record.source_row,
        record.source_data or {},
        record.target_id,
        record.duplicate_of,
    )
    window = Window(table, batch.pk, [row], fields_of(table))
    facts, reason = window.facts(row, zone_of(batch.options))
    return row_cells(table, row, facts, reason)
