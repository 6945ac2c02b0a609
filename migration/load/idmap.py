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
from dataclasses import dataclass

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
    "fingerprint",
    "created_at",
)


class UnknownNamespace(LookupError):
    """An ID-map namespace no table or support row of the plan declares (a typo)."""


def checked(source_type: str) -> str:
    if source_type not in NAMESPACES:
        raise UnknownNamespace(f"no table declares the ID-map namespace {source_type!r}")
    return source_type


@dataclass(frozen=True, slots=True)
class Mapped:
    """A mapping as the sync needs it: the row, its batch, the digest of its newest source
    version and the batch whose report holds that version."""

    target_id: int
    batch_id: int | None
    fingerprint: str = ""
    version_batch_id: int | None = None
    alias: bool = False

    @property
    def version(self) -> int | None:
        return self.version_batch_id or self.batch_id


class IdMap:
    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self._writer = TableWriter(ExternalIdMapping, COLUMNS)
        self._pending: list[tuple] = []
        self._known: dict[tuple[str, str], Mapped] = {}
        self._stamps: dict[tuple[str, str], str] = {}
        self._restamps: list[tuple[str, int, str, str]] = []

    def preload(self, source_type: str, source_ids: Iterable[str]) -> None:
        """Fetch the mappings of ``source_ids`` not seen yet, in one query."""
        checked(source_type)
        wanted = {s for s in source_ids if s and (source_type, s) not in self._known}
        if not wanted:
            return
        table = connection.ops.quote_name(ExternalIdMapping._meta.db_table)
        found = rows_where_in(
            f"SELECT source_id, target_id, batch_id, fingerprint, version_batch_id, is_alias "
            f"FROM {table} "
            "WHERE source_system = %s AND source_type = %s AND source_id IN ({marks})",
            sorted(wanted),
            [SOURCE_SYSTEM, source_type],
        )
        for source_id, target_id, batch_id, digest, version, alias in found:
            self._known[(source_type, source_id)] = Mapped(
                target_id, batch_id, digest, version, bool(alias)
            )

    def any_of(self, source_type: str) -> bool:
        """Whether any row of ``source_type`` is mapped (by any batch, this one included)."""
        return ExternalIdMapping.objects.filter(
            source_system=SOURCE_SYSTEM, source_type=checked(source_type)
        ).exists()

    def get(self, source_type: str, source_id: str) -> int | None:
        if source_type not in NAMESPACES:
            checked(source_type)
        hit = self._known.get((source_type, source_id))
        return hit.target_id if hit else None

    def batch_of(self, source_type: str, source_id: str) -> int | None:
        hit = self._known.get((checked(source_type), source_id))
        return hit.batch_id if hit else None

    def mapped(self, source_type: str, source_id: str) -> Mapped | None:
        """The mapping of a preloaded id, with what the sync needs (``None``: not mapped)."""
        return self._known.get((checked(source_type), source_id))

    def stamp(self, source_type: str, source_id: str, fingerprint: str) -> None:
        """The fingerprint the next ``add`` of this id records (the row being created)."""
        self._stamps[(source_type, source_id)] = fingerprint

    def restamp(self, source_type: str, source_id: str, fingerprint: str, version: bool) -> None:
        """A synced row's new fingerprint; with ``version`` this batch's report now holds its
        newest source version. Written at the next flush."""
        batch = self.batch_id if version else None
        self._restamps.append((source_type, batch, fingerprint, source_id))

    def add(
        self,
        source_type: str,
        source_id: str,
        target_model: str,
        target_id: int,
        *,
        alias: bool = False,
    ) -> None:
        key = (checked(source_type), source_id)
        self._known[key] = Mapped(target_id, self.batch_id, alias=alias)
        digest = self._stamps.pop(key, "") if self._stamps else ""
        self._pending.append(
            (source_type, source_id, target_model, target_id, alias, self.batch_id, digest)
        )

    def flush(self) -> int:
        self._known.clear()
        self._stamps.clear()
        self._write_restamps()
        if not self._pending:
            return 0
        ids = self._writer.allocate_ids(len(self._pending))
        now = stored_datetime(timezone.now())
        rows = [
            (i, SOURCE_SYSTEM, *pending, now) for i, pending in zip(ids, self._pending, strict=True)
        ]
        self._pending.clear()
        return self._writer.write(rows)

    def _write_restamps(self) -> None:
        if not self._restamps:
            return
        table = connection.ops.quote_name(ExternalIdMapping._meta.db_table)
        version = "version_batch_id = COALESCE(%s, version_batch_id)"
        sql = (
            f"UPDATE {table} SET {version}, fingerprint = %s "
            "WHERE source_system = %s AND source_id = %s AND source_type = %s"
        )
        rows = [(b, d, SOURCE_SYSTEM, s, k) for k, b, d, s in self._restamps]
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        self._restamps.clear()


def fingerprints(source_type: str) -> dict[str, str]:
    """OkVet id → fingerprint of every row of ``source_type`` imported before (not merged
    duplicates): what a sync needs to find unchanged rows without converting them."""
    rows = ExternalIdMapping.objects.filter(
        source_system=SOURCE_SYSTEM, source_type=checked(source_type), is_alias=False
    ).exclude(fingerprint="")
    return dict(rows.values_list("source_id", "fingerprint").iterator(chunk_size=10_000))
