"""A row imported before, met again in a newer export: unchanged, changed, or deleted in OkVet.

- **unchanged**: its fingerprint (a digest of the source row as read, with its mapping) is the
  one its mapping keeps. Nothing is written.
- **changed**: the row as imported then (its source version in the batch report, converted
  again by the same rules) is compared with the row now. Each column that differs is updated in
  the clinic's row — unless the clinic edited that column since (the stored value is no longer
  what the import wrote): then nothing is written there and a ``sync-conflict`` issue holds
  both values. The columns written keep their previous values (``SyncChange``) so a rollback
  restores them exactly.
- **deleted in OkVet** (soft-deleted since, or absent from a full export): the row is
  deactivated as its loader says (a pet or owner inactive, an appointment cancelled), never
  deleted, and flagged; a table with nothing to deactivate only flags it.

Changed rows are collected while the chunk is triaged and settled together at its end, with a
few queries per chunk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Model

from migration.convert.base import Converted, Ledger
from migration.issues import Issue
from migration.load.base import BOOKKEEPING, CONFLICT, DEACTIVATED, UNCHANGED, UPDATED, Outcome
from migration.load.idmap import SOURCE_SYSTEM, Mapped
from migration.load.syncvalues import RELATED, plain, shown, storable, typed
from migration.models import ExternalIdMapping, MigrationRecord, SyncChange
from migration.read.declarations import table_named
from migration.read.sources import SourceRow

if TYPE_CHECKING:
    from migration.load.base import Loader

CHUNK = 2000
DELETED, ABSENT = "deleted-in-okvet", "absent-from-export"
VERSIONS = (MigrationRecord.Status.IMPORTED, UPDATED, CONFLICT)
"""Record statuses whose source data is a version of the row as imported."""


@dataclass(slots=True)
class Meeting:
    """A mapped row of this chunk waiting to be settled."""

    conv: Converted
    mapped: Mapped
    outcome: Outcome
    digest: str
    deleted: bool = False
    gone: str = DELETED


class Syncer:
    """Settles a loader's mapped rows, a chunk at a time."""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader
        self.model: type[Model] = apps.get_model(loader.target_model)
        self.waiting: list[Meeting] = []
        self.pairs = paired_fields(loader.source_type)
        self.revived: dict[int, dict] = {}
        self.kept: list[SyncChange] = []
        names = {f.name for f in self.model._meta.concrete_fields}
        self.dates = sorted(BOOKKEEPING & names)

    def meet(
        self, conv: Converted, mapped: Mapped, digest: str, *, deleted: bool, gone: str = DELETED
    ) -> Outcome:
        """The outcome of a mapped row, filled in when the chunk is settled; ``gone`` is the
        issue a deleted row gets (soft-deleted, or absent from a full export)."""
        outcome = Outcome(UNCHANGED, target_id=mapped.target_id)
        self.waiting.append(Meeting(conv, mapped, outcome, digest, deleted, gone))
        return outcome

    def settle(self) -> None:
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return
        stored = self._stored([m.mapped.target_id for m in waiting])
        gone = [m for m in waiting if m.deleted]
        if gone:
            self._deactivate(gone, stored)
        changed = [m for m in waiting if not m.deleted]
        if changed:
            before = self._versions(changed)
            self.revived = self._deactivated([m.mapped.target_id for m in changed])
            for meeting in changed:
                self._settle(meeting, before.get(meeting.conv.legacy_id), stored)
        kept, self.kept = self.kept, []
        SyncChange.objects.bulk_create(kept)  # the chunk's before-images, in one statement

    def _deactivated(self, target_ids: list[int]) -> dict[int, dict]:
        """Rows a sync deactivated (deleted in OkVet, or missing from a full export) → their
        values before it: a row back in a newer export gets them back."""
        if not self.loader.sync_retired:
            return {}
        found = SyncChange.objects.filter(
            target_model=self.loader.target_model,
            target_id__in=target_ids,
            kind=SyncChange.Kind.DEACTIVATED,
        ).order_by("pk")
        return {target: before for target, before in found.values_list("target_id", "before")}

    def absent(self) -> Iterator[tuple[SourceRow, Converted, Outcome]]:
        """The rows of this table imported before and missing from this full export: each
        deactivated (or flagged) as a row deleted in OkVet, a chunk at a time."""
        idmap, kind = self.loader.ctx.idmap, self.loader.source_type
        seen = self.loader.ctx.seen
        mapped = ExternalIdMapping.objects.filter(
            source_system=SOURCE_SYSTEM, source_type=kind, is_alias=False
        ).exclude(batch_id=self.loader.ctx.batch_id)
        missing = [
            key for key in mapped.values_list("source_id", flat=True).iterator() if key not in seen
        ]
        for start in range(0, len(missing), CHUNK):
            keys = missing[start : start + CHUNK]
            idmap.preload(kind, keys)
            found = []
            for key in keys:
                entry = idmap.mapped(kind, key)
                if entry is None or entry.fingerprint == ABSENT:  # flagged by an earlier sync
                    continue
                conv = Converted(key, ledger=Ledger("{}", 0, 0, 0))
                outcome = self.meet(conv, entry, ABSENT, deleted=True, gone=ABSENT)
                found.append((SourceRow("", "", 0, {}), conv, outcome))
            self.settle()
            idmap.flush()
            yield from (item for item in found if item[2].status == DEACTIVATED)

    # what the database holds, what the import wrote
    def _stored(self, target_ids: list[int]) -> dict[int, dict[str, Any]]:
        columns = [*self.loader.sync_columns(), *self.loader.sync_refs, *self._links()]
        columns += [c for c in (*self.loader.sync_retired, *self.dates) if c not in columns]
        rows = self.model._default_manager.filter(pk__in=target_ids).values("pk", *columns)
        return {row.pop("pk"): row for row in rows}

    def _links(self) -> list[str]:
        return [link for link, _ in self.loader.sync_related.values()]

    def _versions(self, meetings: list[Meeting]) -> dict[str, dict[str, Any]]:
        """The image each row's newest imported version gave (converted again)."""
        by_batch: dict[int | None, list[str]] = {}
        for m in meetings:
            by_batch.setdefault(m.mapped.version, []).append(m.conv.legacy_id)
        convs: dict[str, Converted] = {}
        for batch_id, ids in by_batch.items():
            records = MigrationRecord.objects.filter(
                batch_id=batch_id, source_id__in=ids, status__in=VERSIONS
            ).values_list("source_id", "source_file", "source_row", "source_data")
            for source_id, file, number, data in records:
                if data:
                    convs[source_id] = self.loader.ctx.reconvert(file, number, data)
        for ref, namespace in self.loader.sync_refs.values():
            keys = [c.refs.get(ref, "") for c in convs.values()]
            self.loader.ctx.idmap.preload(namespace, keys)
        return {key: self.image(conv) for key, conv in convs.items()}

    def image(self, conv: Converted) -> dict[str, Any]:
        """The typed values the import writes for this row (its references resolved)."""
        found = {c: typed(self.model, c, v) for c, v in self.loader.sync_image(conv).items()}
        for column, (ref, namespace) in self.loader.sync_refs.items():
            key = conv.refs.get(ref, "")
            target = self.loader.ctx.idmap.get(namespace, key) if key else None
            if target is not None:
                found[column] = target
        return found

    # a changed row
    def _settle(self, m: Meeting, before: dict | None, stored: dict[int, dict]) -> None:
        now = stored.get(m.mapped.target_id)
        if now is None or before is None:  # the row is gone, or its version was purged
            issue = Issue("sync-unknown-version", column="id", value=m.conv.legacy_id)
            m.outcome.issues.append(issue)
            return
        after = self.image(m.conv)
        wanted = {c: v for c, v in after.items() if c in before and before[c] != v}
        revive = self._revival(m, now)
        if (
            not wanted and not revive
        ):  # another spelling of the same row: only its fingerprint is new (kept
            # as a change with no values, so that a rollback gives the old fingerprint back)
            self._apply(m, now, {}, {}, SyncChange.Kind.CHANGED, version=False)
            return
        current = {c: typed(self.model, c, now.get(c)) for c in wanted}
        # edited since the import, to another value than OkVet's new one (the same value is
        # no conflict: an invoice's header reached again through its next line, say)
        edited = {c for c in wanted if current[c] not in (before[c], wanted[c])}
        for pair in self.pairs:  # a value and its text as typed change together
            if edited & pair:
                edited |= pair & wanted.keys()
        apply = {c: v for c, v in wanted.items() if c not in edited}
        current.update({c: typed(self.model, c, now.get(c)) for c in revive})
        apply.update(revive)
        for column in sorted(edited):
            m.outcome.issues.append(
                _conflict(column, before[column], wanted[column], current[column])
            )
        m.outcome.status = UPDATED if apply else CONFLICT
        m.outcome.changes = [
            _change(c, before, wanted, current, c in apply) for c in sorted(wanted)
        ] + [_change(c, current, revive, current, True) for c in sorted(revive)]
        dates, dated = self._dates(m.conv, now)
        current.update(dated)
        self._apply(m, now, current, {**apply, **dates}, SyncChange.Kind.CHANGED, version=True)

    def _revival(self, m: Meeting, now: dict) -> dict[str, Any]:
        """A row a sync deactivated, in this export again and not deleted: the values it had
        before (active, contactable, an appointment's status), if it is still deactivated."""
        before = self.revived.get(m.mapped.target_id)
        retire = self.loader.sync_retired
        if not before or any(typed(self.model, c, now.get(c)) != v for c, v in retire.items()):
            return {}
        return {c: typed(self.model, c, v) for c, v in before.items() if c in retire}

    def _dates(self, conv: Converted, now: dict) -> tuple[dict, dict]:
        """The row's history dates (``updated_at``) as its newest version has them, where the
        stored ones differ, and the stored ones. Not compared (nobody edits them) but written
        with the version, so the row reads back equal to it; a rollback restores them."""
        new = {c: typed(self.model, c, conv.fields[c]) for c in self.dates if c in conv.fields}
        stored = {c: typed(self.model, c, now.get(c)) for c in new}
        return {c: v for c, v in new.items() if v != stored[c]}, stored

    # a row deleted in OkVet
    def _deactivate(self, gone: list[Meeting], stored: dict[int, dict]) -> None:
        retire = self.loader.sync_retired
        for m in gone:
            now = stored.get(m.mapped.target_id)
            if now is None:
                continue
            current = {c: typed(self.model, c, now.get(c)) for c in retire}
            apply = {c: v for c, v in retire.items() if current[c] != v}
            m.outcome.status = DEACTIVATED
            column = "deleted_at" if m.gone == DELETED else "id"
            value = m.conv.deleted_at if m.gone == DELETED else m.conv.legacy_id
            m.outcome.issues.append(Issue(m.gone, column=column, value=value))
            self._apply(m, now, current, apply, SyncChange.Kind.DEACTIVATED, version=False)

    def _apply(
        self, m: Meeting, now: dict, current: dict, apply: dict, kind: str, *, version: bool
    ) -> None:
        """Write ``apply``, keep the before-image (a real run), record the new fingerprint."""
        if apply:
            write(self.model, m.mapped.target_id, now, apply, self.loader.sync_related)
        if not self.loader.ctx.dry_run:
            self.kept.append(
                SyncChange(
                    batch_id=self.loader.ctx.batch_id,
                    kind=kind,
                    source_type=self.loader.source_type,
                    source_id=m.conv.legacy_id,
                    target_model=self.loader.target_model,
                    target_id=m.mapped.target_id,
                    before={c: plain(current[c]) for c in apply},
                    after={c: plain(v) for c, v in apply.items()},
                    previous_fingerprint=m.mapped.fingerprint,
                    previous_version_id=m.mapped.version_batch_id,
                )
            )
        self._restamp(m, version=version)

    def _restamp(self, m: Meeting, *, version: bool) -> None:
        self.loader.ctx.idmap.restamp(self.loader.source_type, m.conv.legacy_id, m.digest, version)


def paired_fields(source_type: str) -> list[set[str]]:
    """Fields stored with their text as typed (``weight_kg`` and ``weight_raw``)."""
    table = table_named(source_type)
    return [{c.target.split(".")[0], c.raw} for c in table.columns if c.raw]


def write(
    model: type[Model],
    target_id: int,
    now: dict[str, Any],
    values: dict[str, Any],
    related: dict[str, tuple[str, type[Model] | str]],
) -> None:
    """Update the row's own columns, and those of a related row (``user__email``); an empty
    value goes in as the column stores emptiness (``""`` in a text column that takes no null)."""
    values = {c: storable(model, c, v) for c, v in values.items()}
    own = {c: v for c, v in values.items() if RELATED not in c}
    if own:
        model._default_manager.filter(pk=target_id).update(**own)
    for prefix, (link, other) in related.items():
        theirs = {
            c.split(RELATED, 1)[1]: v for c, v in values.items() if c.startswith(prefix + RELATED)
        }
        if theirs and now.get(link) is not None:
            other_model = apps.get_model(other) if isinstance(other, str) else other
            other_model._default_manager.filter(pk=now[link]).update(**theirs)


def _change(column: str, before: dict, after: dict, stored: dict, applied: bool) -> dict:
    """One changed column as the preview and the batch report show it."""
    return {
        "column": column,
        "before": shown(before[column]),
        "after": shown(after[column]),
        "stored": shown(stored[column]),
        "applied": applied,
    }


def _conflict(column: str, before: Any, okvet: Any, clinic: Any) -> Issue:
    return Issue(
        "sync-conflict",
        column=column,
        value=shown(okvet),
        params={
            "field": column,
            "okvet": shown(okvet),
            "clinic": shown(clinic),
            "before": shown(before),
        },
    )
