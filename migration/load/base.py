"""What every loader shares: the context of a batch, triage of rows, outcomes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from clinic.models import Origin
from migration.convert.base import Converted, RowLike
from migration.issues import Issue
from migration.load.idmap import IdMap

IMPORTED, SKIPPED, ERROR, DUPLICATE = "imported", "skipped", "error", "duplicate"
OKVET = Origin.OKVET.value
"""The origin of imported rows as plain text: sqlite3 binds a ``str`` subclass (a choice)
through its adapter lookup, at three times the cost of a ``str``."""


@dataclass(frozen=True, slots=True)
class LoadOptions:
    include_deleted: bool = False
    skip_duplicates: bool = False
    require_owner: bool = False
    clinic: str = ""
    files_root: str = ""


@dataclass(slots=True)
class LoadContext:
    batch_id: int
    options: LoadOptions
    idmap: IdMap
    now: datetime
    dry_run: bool = False
    seen: set[str] = field(default_factory=set)
    placeholders: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Outcome:
    """What became of one row: its status, the row it created or joined, extra issues."""

    status: str = IMPORTED
    target_id: int | None = None
    duplicate_of: int | None = None
    issues: list[Issue] = field(default_factory=list)
    deleted: bool = False


Item = tuple[RowLike, Converted]


class Loader:
    """Triage common to every record type, then ``create`` for the rows still standing.

    Triage order: a repeated OkVet id (first occurrence wins), a fatal row, a soft-deleted row
    (skipped unless ``--include-deleted``), an id imported by an earlier batch (nothing new).
    """

    source_type = ""
    target_model = ""

    def __init__(self, ctx: LoadContext) -> None:
        self.ctx = ctx
        self._mapped_before: bool | None = None

    def load(self, items: list[Item]) -> list[Outcome]:
        self.ctx.idmap.preload(self.source_type, self._known_ids(items))
        self.before_chunk(items)
        outcomes: list[Outcome] = []
        for row, conv in items:
            outcome = self.triage(conv)
            if outcome is None:
                outcome = self.create(row, conv)
            outcomes.append(outcome)
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
        if deleted and not self.ctx.options.include_deleted:
            issue = Issue("soft-deleted", column="deleted_at", value=conv.deleted_at)
            return Outcome(SKIPPED, issues=[issue], deleted=True)
        if self.ctx.idmap.get(self.source_type, key) is not None:
            issue = Issue("already-imported", column="id", value=key)
            target = self.ctx.idmap.get(self.source_type, key)
            return Outcome(SKIPPED, target_id=target, issues=[issue], deleted=deleted)
        if deleted:
            conv.issues.append(
                Issue("soft-deleted-imported", column="deleted_at", value=conv.deleted_at)
            )
        return None

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
