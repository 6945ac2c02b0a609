"""The one owner of OkVet key → Pet-Friendly row resolution (``ExternalIdMapping``).

Lookups are preloaded per chunk with one query; new mappings are buffered and written in bulk
at the end of each chunk, so the next chunk's query already sees them. The cache is dropped at
every flush: memory stays flat however large the export.

Only the namespaces the plan declares exist (``client``, ``pet``, ``staff``, …): a lookup under
another name is a bug and raises, rather than find nothing and put a pet under the placeholder
owner.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from migration.load.writer import TableWriter, rows_where_in, stored_datetime
from migration.models import ExternalIdMapping
from migration.read.declarations import NAMESPACES

SOURCE_SYSTEM = "okvet"
COLUMNS = (
    "id",
    "source_system",
    "source_type",
    "source_id",
    "target_model",
    "target_id",
    "is_alias",
    "batch_id",
    "created_at",
)


class UnknownNamespace(LookupError):
    """An ID-map namespace no table or support row of the plan declares (a typo)."""


def checked(source_type: str) -> str:
    if source_type not in NAMESPACES:
        raise UnknownNamespace(f"no table declares the ID-map namespace {source_type!r}")
    return source_type


class IdMap:
    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self._writer = TableWriter(ExternalIdMapping, COLUMNS)
        self._pending: list[tuple] = []
        self._known: dict[tuple[str, str], tuple[int, int | None]] = {}

    def preload(self, source_type: str, source_ids: Iterable[str]) -> None:
        """Fetch the mappings of ``source_ids`` not seen yet, in one query."""
        checked(source_type)
        wanted = {s for s in source_ids if s and (source_type, s) not in self._known}
        if not wanted:
            return
        table = connection.ops.quote_name(ExternalIdMapping._meta.db_table)
        found = rows_where_in(
            f"SELECT source_id, target_id, batch_id FROM {table} "
            "WHERE source_system = %s AND source_type = %s AND source_id IN ({marks})",
            sorted(wanted),
            [SOURCE_SYSTEM, source_type],
        )
        for source_id, target_id, batch_id in found:
            self._known[(source_type, source_id)] = (target_id, batch_id)

    def any_of(self, source_type: str) -> bool:
        """Whether any row of ``source_type`` is mapped (by any batch, this one included)."""
        return ExternalIdMapping.objects.filter(
            source_system=SOURCE_SYSTEM, source_type=checked(source_type)
        ).exists()

    def get(self, source_type: str, source_id: str) -> int | None:
        if source_type not in NAMESPACES:
            checked(source_type)
        hit = self._known.get((source_type, source_id))
        return hit[0] if hit else None

    def batch_of(self, source_type: str, source_id: str) -> int | None:
        hit = self._known.get((checked(source_type), source_id))
        return hit[1] if hit else None

    def add(
        self,
        source_type: str,
        source_id: str,
        target_model: str,
        target_id: int,
        *,
        alias: bool = False,
    ) -> None:
        self._known[(checked(source_type), source_id)] = (target_id, self.batch_id)
        self._pending.append(
            (
                source_type,
                source_id,
                target_model,
                target_id,
                alias,
                self.batch_id,
            )
        )

    def flush(self) -> int:
        self._known.clear()
        if not self._pending:
            return 0
        ids = self._writer.allocate_ids(len(self._pending))
        now = stored_datetime(timezone.now())
        rows = [
            (i, SOURCE_SYSTEM, t, s, m, target, alias, batch, now)
            for i, (t, s, m, target, alias, batch) in zip(ids, self._pending, strict=True)
        ]
        self._pending.clear()
        return self._writer.write(rows)
