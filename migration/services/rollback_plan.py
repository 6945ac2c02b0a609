"""What rolling back one batch does, collected before anything changes.

Django's deletion ``Collector`` reads every link's ``on_delete`` and collects a plan before it
executes it; a batch's rollback does the same, and its preview (``--dry-run``) is the plan
without the execute step:

- the rows the batch created go (the targets of its own ID-map rows, and its owners that were
  merged away later), with the login accounts of the owners that go;
- a *support row* it created (a staff member "OkVet user 12" first seen on its consults, a
  placeholder owner or pet, an invoice made at its first line) that rows outside the plan still
  use, through any link, stays: it passes to the latest batch using it (to the clinic when only
  rows made by hand use it) and goes with the last of them;
- a row outside the plan linked to a row that goes by ``CASCADE``, ``PROTECT`` or ``RESTRICT``
  is a dependent: it refuses the rollback, or goes too with ``cascade``; so is another batch's
  alias (a duplicate merged into a row that goes);
- any other link (``SET_NULL``) is no dependent: the row stays, the link is cleared;
- the batch's entries in the alternate contacts of owners that stay are removed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models

from migration.models import ExternalIdMapping, MigrationBatch, OwnerMerge
from migration.read.declarations import SUPPORT
from migration.services.results import Dependent, KeptRows

CHUNK = 2000
HARD = (models.CASCADE, models.PROTECT, models.RESTRICT)
OWNER_MODEL = "clinic.OwnerProfile"
MAPPING_MODEL = "migration.ExternalIdMapping"

Rows = dict[str, set[int]]
Row = tuple[str, int]


@dataclass(frozen=True)
class RollbackPlan:
    batch_id: int
    doomed: Rows
    heirs: dict[Row, int | None]
    """Support rows that stay → the batch they pass to (``None``: rows made by hand use them)."""
    dependents: list[Dependent]
    cleared: dict[str, int]
    """``model.field`` → rows that stay whose link to a row that goes is cleared (SET_NULL)."""
    alternates: dict[int, list]
    """Owner that stays → its alternate contacts without the batch's entries."""
    alternates_removed: int

    def deleted(self) -> dict[str, int]:
        return {label: len(ids) for label, ids in sorted(self.doomed.items()) if ids}

    def kept(self) -> list[KeptRows]:
        counts: dict[tuple[str, int | None], int] = defaultdict(int)
        for (label, _), heir in self.heirs.items():
            counts[label, heir] += 1
        return [
            KeptRows(model=label, count=n, heir=heir)
            for (label, heir), n in sorted(counts.items(), key=lambda x: (x[0][0], x[0][1] or 0))
        ]


def rollback_plan_collect(*, batch: MigrationBatch, cascade: bool) -> RollbackPlan:
    created, support = _created_by(batch)
    found: Rows = defaultdict(set)
    checked: Rows = {}
    while True:
        doomed = _union(created, support)
        users = _keep_used(doomed, _minus(support, found))
        new = _minus(_dependents(_minus(doomed, checked), doomed), found)
        found = _union(found, new)
        if not any(new.values()) or not cascade:
            break
        checked, created = doomed, _union(created, new)
    doomed[settings.AUTH_USER_MODEL] = _accounts(doomed.get(OWNER_MODEL, set()))
    dependents = [_dependent(label, ids) for label, ids in sorted(found.items()) if ids]
    dependents += _alias_dependents(batch, doomed)
    alternates, removed = _alternates(batch.pk, doomed.get(OWNER_MODEL, set()))
    return RollbackPlan(
        batch_id=batch.pk,
        doomed=doomed,
        heirs=_heirs(users),
        dependents=dependents,
        cleared=_cleared(doomed),
        alternates=alternates,
        alternates_removed=removed,
    )


def _union(a: Rows, b: Rows) -> Rows:
    out: Rows = defaultdict(set)
    for rows in (a, b):
        for label, ids in rows.items():
            out[label] |= ids
    return out


def _minus(a: Rows, b: Rows) -> Rows:
    return {label: ids - b.get(label, set()) for label, ids in a.items()}


def _created_by(batch: MigrationBatch) -> tuple[Rows, Rows]:
    """Targets the batch created itself, and which of them are support rows (merged
    duplicates point at others' rows: not theirs)."""
    created: Rows = defaultdict(set)
    support: Rows = defaultdict(set)
    rows = ExternalIdMapping.objects.filter(batch=batch, is_alias=False).values_list(
        "source_type", "target_model", "target_id"
    )
    for source_type, label, target_id in rows.iterator(chunk_size=CHUNK):
        (support if source_type in SUPPORT else created)[label].add(target_id)
    created[OWNER_MODEL] |= _merged_away(batch)
    return created, support


def _merged_away(batch: MigrationBatch) -> set[int]:
    """Owners this batch created that were later merged into another: their OkVet ids now
    point at the survivor (as aliases), but the merged profiles are still this batch's."""
    aliases = set(
        ExternalIdMapping.objects.filter(
            batch=batch, is_alias=True, target_model=OWNER_MODEL
        ).values_list("pk", flat=True)
    )
    if not aliases:
        return set()
    return {
        merge.merged_id
        for merge in OwnerMerge.objects.filter(undone_at=None)
        if any(pk in aliases for pk, _ in merge.moved.get("mappings", []))
    }


def _relations(label: str) -> list[models.ForeignObjectRel]:
    """Links from the clinic's rows to ``label``, each with what deleting its target does."""
    return [
        rel
        for rel in apps.get_model(label)._meta.get_fields(include_hidden=True)
        if rel.auto_created
        and not rel.concrete
        and (rel.one_to_many or rel.one_to_one)
        and rel.related_model._meta.app_label == "clinic"
    ]


def _pointing_at(rel: models.ForeignObjectRel, ids: set[int]) -> dict[int, int]:
    """Rows linked through ``rel`` to one of ``ids``: their pk → the pk they point at."""
    found: dict[int, int] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        query = rel.related_model._base_manager.filter(**{f"{rel.field.attname}__in": chunk})
        found.update(query.values_list("pk", rel.field.attname))
    return found


def _outside(rel: models.ForeignObjectRel, targets: set[int], doomed: Rows) -> dict[int, int]:
    """Rows outside the plan linked through ``rel`` to one of ``targets``."""
    inside = doomed.get(_label(rel.related_model), set())
    return {pk: to for pk, to in _pointing_at(rel, targets).items() if pk not in inside}


def _keep_used(doomed: Rows, candidates: Rows) -> dict[Row, set[Row]]:
    """Take out of ``doomed`` the support rows still used from outside it (a placeholder owner
    stays when its placeholder pet does); → each row kept and the rows that use it."""
    users: dict[Row, set[Row]] = {}
    while True:
        newly: set[Row] = set()
        for label, ids in candidates.items():
            going = ids & doomed.get(label, set())
            for rel in _relations(label) if going else ():
                for pk, to in _outside(rel, going, doomed).items():
                    users.setdefault((label, to), set()).add((_label(rel.related_model), pk))
                    newly.add((label, to))
        newly = {row for row in newly if row[1] in doomed.get(row[0], set())}
        if not newly:
            return users
        for label, pk in newly:
            doomed[label].discard(pk)


def _dependents(targets: Rows, doomed: Rows) -> Rows:
    """Rows outside the plan that a hard link (CASCADE, PROTECT, RESTRICT) ties to one of
    ``targets`` (each cascade round looks only at the rows it added: the plan only grows)."""
    found: Rows = defaultdict(set)
    for label in [label for label, ids in targets.items() if ids]:
        for rel in _relations(label):
            if rel.on_delete in HARD:
                found[_label(rel.related_model)] |= set(_outside(rel, targets[label], doomed))
    return found


def _cleared(doomed: Rows) -> dict[str, int]:
    cleared: dict[str, int] = {}
    for label in [label for label, ids in doomed.items() if ids]:
        for rel in _relations(label):
            soft = rel.on_delete not in HARD and rel.on_delete is not models.DO_NOTHING
            if soft and (outside := _outside(rel, doomed[label], doomed)):
                cleared[f"{_label(rel.related_model)}.{rel.field.name}"] = len(outside)
    return dict(sorted(cleared.items()))


def _heirs(users: dict[Row, set[Row]]) -> dict[Row, int | None]:
    """The latest batch among the rows using each kept row (through another kept row, that
    row's heir)."""
    batches = _batches_of({user for using in users.values() for user in using} - set(users))
    heirs: dict[Row, int | None] = {}

    def heir(row: Row, seen: frozenset[Row]) -> int:
        if row not in users:
            return batches.get(row) or 0
        if row not in heirs:
            found = [heir(user, seen | {row}) for user in users[row] - seen]
            heirs[row] = max(found, default=0) or None
        return heirs[row] or 0

    for row in users:
        heir(row, frozenset())
    return heirs


def _batches_of(rows: set[Row]) -> dict[Row, int | None]:
    by_label: Rows = defaultdict(set)
    for label, pk in rows:
        by_label[label].add(pk)
    found: dict[Row, int | None] = {}
    for label, ids in by_label.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            mapped = ExternalIdMapping.objects.filter(
                target_model=label, target_id__in=ordered[start : start + CHUNK], is_alias=False
            ).values_list("target_id", "batch_id")
            found.update(((label, pk), batch) for pk, batch in mapped)
    return found


def _accounts(owners: set[int]) -> set[int]:
    profiles = apps.get_model(OWNER_MODEL)._base_manager
    ordered = sorted(owners)
    return {
        user
        for start in range(0, len(ordered), CHUNK)
        for user in profiles.filter(pk__in=ordered[start : start + CHUNK]).values_list(
            "user_id", flat=True
        )
    }


def _alias_dependents(batch: MigrationBatch, doomed: Rows) -> list[Dependent]:
    """Other batches' duplicates merged into a row that goes: their OkVet ids would be lost."""
    found: list[tuple[str, str, int | None]] = []
    aliases = ExternalIdMapping.objects.filter(is_alias=True).exclude(batch=batch)
    aliased = set(aliases.values_list("target_model", flat=True).distinct())
    for label, ids in doomed.items():
        ordered = sorted(ids) if label in aliased else []
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            found.extend(
                aliases.filter(target_model=label, target_id__in=chunk).values_list(
                    "source_type", "source_id", "batch_id"
                )
            )
    if not found:
        return []
    examples = [f"OkVet {kind} {source} (batch {b})" for kind, source, b in sorted(found)[:5]]
    return [Dependent(model=MAPPING_MODEL, count=len(found), examples=examples)]


def _alternates(batch_id: int, doomed_owners: set[int]) -> tuple[dict[int, list], int]:
    """Owners that stay, with the contact values of the batch's duplicates merged into them
    (entries ``{"batch": 7, "source_id": "102", "field": "mobile", "value": "…"}``) taken out:
    exactly the batch's own entries, the others' left as they were."""
    owners = (
        apps.get_model(OWNER_MODEL)
        ._base_manager.exclude(alternate_contacts=[])
        .values_list("pk", "alternate_contacts")
    )
    restored: dict[int, list] = {}
    removed = 0
    for pk, entries in owners.iterator(chunk_size=CHUNK):
        if pk in doomed_owners or not isinstance(entries, list):
            continue
        others = [entry for entry in entries if not _is_own(entry, batch_id)]
        if len(others) < len(entries):
            restored[pk] = others
            removed += len(entries) - len(others)
    return restored, removed


def _is_own(entry: object, batch_id: int) -> bool:
    return isinstance(entry, dict) and entry.get("batch") == batch_id


def _dependent(label: str, ids: set[int]) -> Dependent:
    model = apps.get_model(label)
    sample = sorted(ids)[:5]
    legacy = dict(model._base_manager.filter(pk__in=sample).values_list("pk", "legacy_id"))
    examples = [f"#{pk}" + (f" (OkVet {legacy[pk]})" if legacy.get(pk) else "") for pk in sample]
    return Dependent(model=label, count=len(ids), examples=examples)


def _label(model: type[models.Model]) -> str:
    return model._meta.label
