"""What every loader shares: the context of a batch, triage of rows, outcomes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from clinic.models import Origin
from migration.convert.base import Converted, RowLike, digest
from migration.issues import Issue
from migration.load.idmap import IdMap, Mapped

IMPORTED, SKIPPED, ERROR, DUPLICATE = "imported", "skipped", "error", "duplicate"
UNCHANGED, UPDATED, DEACTIVATED, CONFLICT = "unchanged", "updated", "deactivated", "conflict"
SYNC_STATUSES = (UNCHANGED, UPDATED, DEACTIVATED, CONFLICT)
"""What a sync makes of a row imported before (``migration.load.sync``)."""
BOOKKEEPING = frozenset({"created_at", "updated_at"})
"""Dates of the row's own history, not synced: OkVet's change with every edit, the clinic's
with every save."""
OKVET = Origin.OKVET.value
"""The origin of imported rows as plain text: sqlite3 binds a ``str`` subclass (a choice)
through its adapter lookup, at three times the cost of a ``str``."""


@dataclass(frozen=True, slots=True)
class LoadOptions:
    include_deleted: bool = False
    full_export: bool = False
    skip_duplicates: bool = False
    require_owner: bool = False
    clinic: str = ""
    files_root: str = ""


def _no_reconversion(file: str, row: int | None, data: dict) -> Converted:  # pragma: no cover
    raise RuntimeError("this batch converts no earlier version of a row")


@dataclass(slots=True)
class LoadContext:
    batch_id: int
    options: LoadOptions
    idmap: IdMap
    now: datetime
    dry_run: bool = False
    seen: set[str] = field(default_factory=set)
    placeholders: dict[str, int] = field(default_factory=dict)
    reconvert: Callable[[str, int | None, dict], Converted] = _no_reconversion
    """A row's earlier version (its file, row and source data in the batch report) converted
    again by the same rules, as the sync compares it with the row now."""


@dataclass(slots=True)
class Outcome:
    """What became of one row: its status, the row it created or joined, extra issues."""

    status: str = IMPORTED
    target_id: int | None = None
    duplicate_of: int | None = None
    issues: list[Issue] = field(default_factory=list)
    deleted: bool = False
    changes: list[dict] | None = None


Item = tuple[RowLike, Converted]


def fingerprint(conv: Converted) -> str:
    """The digest of the source row as read (its canonical columns: the mapping is in it)."""
    return digest(conv.ledger.source if conv.ledger is not None else "")


class Loader:
    """Triage common to every record type, then ``create`` for the rows still standing.

    Triage order: a repeated OkVet id (first occurrence wins), a fatal row, another clinic's
    row, a row imported by an earlier batch (a sync: unchanged, changed or deleted in OkVet,
    settled by ``migration.load.sync`` at the chunk's end), a soft-deleted row (skipped
    unless ``--include-deleted``).

    A loader whose rows a newer export can change says how: ``sync_image`` gives the values
    the import writes for a row (``sync_columns`` their names), ``sync_refs`` the columns that
    point at other imported rows, ``sync_related`` the related rows written through a link
    (``user__email`` through ``user_id``), ``sync_retired`` what deactivates a row deleted
    in OkVet.
    """

    source_type = ""
    target_model = ""
    sync_refs: dict[str, tuple[str, str]] = {}
    sync_related: dict[str, tuple[str, str]] = {}
    sync_retired: dict[str, Any] = {}

    def __init__(self, ctx: LoadContext) -> None:
        self.ctx = ctx
        self._mapped_before: bool | None = None
        self._syncer: Any = None  # a ``migration.load.sync.Syncer`` once a row is met again

    def load(self, items: list[Item]) -> list[Outcome]:
        converted = [item for item in items if not item[1].unchanged]
        self.ctx.idmap.preload(self.source_type, self._known_ids(converted))
        self.before_chunk(converted)
        outcomes: list[Outcome] = []
        for row, conv in items:
            outcome = self.triage(conv)
            if outcome is None:
                if conv.legacy_id:
                    self.ctx.idmap.stamp(self.source_type, conv.legacy_id, fingerprint(conv))
                outcome = self.create(row, conv)
            outcomes.append(outcome)
        if self._syncer is not None:
            self._syncer.settle()
        self.after_chunk()
        self.ctx.idmap.flush()
        return outcomes

    def _known_ids(self, items: list[Item]) -> Iterable[str]:
        """The ids of a chunk that may have a mapping already. When no row of this type was
        mapped before the batch began (a first import), only ids this batch has seen can:
        the others need no lookup."""
        if self._mapped_before is None:
            self._mapped_before = self.ctx.idmap.any_of(self.source_type)
        ids = (conv.legacy_id for _, conv in items)
        if self._mapped_before:
            return ids
        seen = self.ctx.seen
        return (key for key in ids if key in seen)

    def triage(self, conv: Converted) -> Outcome | None:
        key, seen = conv.legacy_id, self.ctx.seen
        if conv.unchanged and key not in seen:
            seen.add(key)
            return Outcome(UNCHANGED)
        if key and key in seen:
            first = self.ctx.idmap.get(self.source_type, key)
            issue = Issue("duplicate-id", column="id", value=key)
            return Outcome(DUPLICATE, duplicate_of=first, issues=[issue])
        if key:
            seen.add(key)
        if conv.fatal:
            return Outcome(ERROR)
        clinic = conv.refs.get("clinic", "")
        if self.ctx.options.clinic and clinic and clinic != self.ctx.options.clinic:
            issue = Issue("other-clinic", column="vet_id", value=clinic)
            return Outcome(SKIPPED, issues=[issue])
        deleted = bool(conv.deleted_at)
        mapped = self.ctx.idmap.mapped(self.source_type, key) if key else None
        if mapped is not None:
            return self.meet(conv, mapped, deleted=deleted)
        if deleted and not self.ctx.options.include_deleted:
            issue = Issue("soft-deleted", column="deleted_at", value=conv.deleted_at)
            return Outcome(SKIPPED, issues=[issue], deleted=True)
        if deleted:
            conv.issues.append(
                Issue("soft-deleted-imported", column="deleted_at", value=conv.deleted_at)
            )
        return None

    def meet(self, conv: Converted, mapped: Mapped, *, deleted: bool) -> Outcome:
        """A row an earlier batch imported: unchanged when its fingerprint is the one kept;
        otherwise settled with the chunk. A merged duplicate (an alias) is not synced: its
        values live on the row it was merged into."""
        digest = fingerprint(conv)
        if digest == mapped.fingerprint:
            return Outcome(UNCHANGED, target_id=mapped.target_id)
        if mapped.alias or not self.sync_columns():
            issue = Issue("already-imported", column="id", value=conv.legacy_id)
            return Outcome(SKIPPED, target_id=mapped.target_id, issues=[issue], deleted=deleted)
        if self._syncer is None:
            from migration.load.sync import Syncer  # noqa: PLC0415 - it builds on this module

            self._syncer = Syncer(self)
        retire = deleted and not self.ctx.options.include_deleted
        return self._syncer.meet(conv, mapped, digest, deleted=retire)

    def absent(self) -> Iterator[tuple[RowLike, Converted, Outcome]]:
        """Rows imported before that a full export no longer has: deleted in OkVet."""
        if not self.sync_columns():
            return iter(())
        from migration.load.sync import Syncer  # noqa: PLC0415 - it builds on this module

        return Syncer(self).absent()

    def sync_columns(self) -> tuple[str, ...]:
        """The columns ``sync_image`` gives (none: the table is not synced)."""
        return ()

    def sync_image(self, conv: Converted) -> dict[str, Any]:
        """The values the import writes for ``conv`` in ``sync_columns``, as stored."""
        return {}

    def before_chunk(self, items: list[Item]) -> None:
        """Preload what this chunk needs (existing keys) with a few queries."""

    def create(self, row: RowLike, conv: Converted) -> Outcome:  # pragma: no cover - abstract
        raise NotImplementedError

    def after_chunk(self) -> None:
        """Write the rows collected by ``create`` in bulk."""

    def finish(self) -> list[tuple[tuple[str, int | None, str], Issue]]:
        """Issues only the whole batch can reveal (an invoice whose lines, spread over the
        file, do not add up to its total), as ``((file, row, legacy id), issue)``."""
        return []
