"""``migration_compare``: source rows and the records they became, side by side.

A stratified, seeded sample per data type — at least ``per_type`` rows, and always the cases a
clinic checks first (a client with many pets, a deceased pet, an exotic species, a merged
duplicate, an orphan, a pet with attachments, the oldest and newest rows) — or one client's or
one pet's complete history. Each source cell is shown as ``verify_migration`` reads it back
(``services.readback``): the source value, the stored value (times in the clinic's zone) and the
verdict of its declared rule. A cell that differs or is missing is *unexplained*; a merged
duplicate shows its own values and the survivor it was merged into.
"""

from __future__ import annotations

import ast
import json
import random
from dataclasses import asdict, dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Count
from django.utils.translation import gettext, gettext_lazy

from migration.issues import CATALOG
from migration.models import DataQualityIssue, MigrationBatch, MigrationRecord
from migration.read.declarations import RULES
from migration.services.purge import local, purged_runs
from migration.services.readback import record_cells
from migration.services.rules import FAILING, VERDICT_LABELS


@dataclass(frozen=True)
class Cell:
    column: str
    source: str
    target: str
    how: str
    unexplained: bool = False
    verdict: str = ""
    rule: str = ""


@dataclass(frozen=True)
class Pair:
    batch_type: str
    source_id: str
    reason: str
    status: str
    target: str
    cells: list[Cell]
    extras: dict[str, str] = field(default_factory=dict)
    issues: list[str] = field(default_factory=list)
    reason_label: str = ""
    status_label: str = ""
    alternates: list[str] = field(default_factory=list)
    purged: bool = False
    """Its run's source rows were purged: no source value to show."""


# why a row was picked (kept as codes in the JSON, shown in the active language)
PICKED = {
    "sample": gettext_lazy("sample"),
    "merged duplicate": gettext_lazy("merged duplicate"),
    "oldest": gettext_lazy("oldest"),
    "newest": gettext_lazy("newest"),
    "deceased pet": gettext_lazy("deceased pet"),
    "exotic species": gettext_lazy("exotic species"),
    "pet with attachments": gettext_lazy("pet with attachments"),
    "orphan": gettext_lazy("orphan"),
    "client with many pets": gettext_lazy("client with many pets"),
    "history": gettext_lazy("history"),
}


@dataclass(frozen=True)
class Comparison:
    pairs: list[Pair]
    unexplained: list[str]
    unmapped: list[str]
    purged: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def migration_compare(
    *,
    per_type: int = 10,
    seed: int = 0,
    owner_id: str | None = None,
    pet_id: str | None = None,
) -> Comparison:
    batches = MigrationBatch.objects.filter(
        is_dry_run=False, status=MigrationBatch.Status.COMPLETED
    )
    runs = purged_runs(batches.order_by().values_list("run_id", flat=True).distinct())
    purged = set(batches.filter(run_id__in=[p.run_id for p in runs]).values_list("pk", flat=True))
    if owner_id or pet_id:
        chosen = _history(batches, owner_id, pet_id, purged)
    else:
        chosen = _sample(batches, per_type, random.Random(seed))
    pairs = [_pair(record, reason, record.batch_id in purged) for record, reason in chosen]
    unexplained = [
        f"{p.batch_type} {p.source_id}: {c.column}" for p in pairs for c in p.cells if c.unexplained
    ]
    notes = [
        gettext(
            "Run {run}: source rows purged on {date} by {by}; its rows are shown without "
            "their source values."
        ).format(run=p.run_id, date=local(p.purged_at), by=p.purged_by)
        for p in runs
    ]
    return Comparison(
        pairs=pairs, unexplained=unexplained, unmapped=_unmapped(batches), purged=notes
    )


def _sample(batches, per_type: int, rng: random.Random) -> list[tuple[MigrationRecord, str]]:
    chosen: list[tuple[MigrationRecord, str]] = []
    for batch_type in batches.values_list("batch_type", flat=True).distinct():
        records = MigrationRecord.objects.filter(
            batch__in=batches.filter(batch_type=batch_type), status="imported"
        )
        ids = list(records.values_list("pk", flat=True))
        picked: dict[int, str] = {}
        for reason, pk in _notable(batch_type, records):
            picked[pk] = f"{picked[pk]}, {reason}" if pk in picked else reason
        for pk in rng.sample(ids, min(per_type, len(ids))):
            picked.setdefault(pk, "sample")
        duplicate = MigrationRecord.objects.filter(
            batch__in=batches.filter(batch_type=batch_type), status="duplicate"
        ).first()
        if duplicate is not None:
            picked[duplicate.pk] = "merged duplicate"
        rows = MigrationRecord.objects.in_bulk(list(picked))
        chosen += [(rows[pk], picked[pk]) for pk in sorted(picked)]
    return chosen


def _notable(batch_type: str, records) -> list[tuple[str, int]]:
    """The rows a clinic checks first, when the type has them."""
    found = []
    ordered = records.order_by("created_at", "pk")
    for reason, row in (("oldest", ordered.first()), ("newest", ordered.last())):
        if row is not None:
            found.append((reason, row.pk))
    if batch_type == "pets":
        pet = apps.get_model("clinic.Pet")
        for reason, pets in (
            ("deceased pet", pet.objects.filter(is_deceased=True)),
            ("exotic species", pet.objects.exclude(species__in=("dog", "cat"))),
            ("pet with attachments", pet.objects.filter(documents__isnull=False)),
        ):
            target = pets.values_list("pk", flat=True).first()
            row = records.filter(target_id=target).first() if target else None
            if row is not None:
                found.append((reason, row.pk))
        orphan = DataQualityIssue.objects.filter(
            record__in=records, issue_type="orphan-owner"
        ).first()
        if orphan is not None:
            found.append(("orphan", orphan.record_id))
    if batch_type == "clients":
        owner = apps.get_model("clinic.OwnerProfile")
        busiest = (
            owner.objects.filter(source_system="okvet")
            .annotate(n=Count("pets"))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        row = records.filter(target_id=busiest).first() if busiest else None
        if row is not None:
            found.append(("client with many pets", row.pk))
    return found


def _history(batches, owner_id, pet_id, purged: set[int]) -> list[tuple[MigrationRecord, str]]:
    """One client's (or one pet's) rows in every table: the owner, the pets, their records
    (in a purged run, found through the records they became)."""
    pet = apps.get_model("clinic.Pet")
    pets = pet.objects.filter(legacy_id=pet_id) if pet_id else pet.objects.none()
    if owner_id:
        pets = pet.objects.filter(owner__legacy_id=owner_id)
    pet_ids = {str(p) for p in pets.values_list("legacy_id", flat=True)}
    through = _through_targets(purged, pets) if purged else set()
    records = (
        MigrationRecord.objects.filter(batch__in=batches)
        .select_related("batch")
        .order_by("batch_id", "pk")
    )
    chosen = []
    for record in records.iterator():
        data = record.source_data
        is_owner = (
            record.batch.batch_type == "clients" and owner_id and record.source_id == owner_id
        )
        is_pet = record.batch.batch_type == "pets" and record.source_id in pet_ids
        belongs = str(data.get("pet_id", "")) in pet_ids or record.pk in through
        if is_owner or is_pet or belongs:
            chosen.append((record, "history"))
    return chosen


def _through_targets(purged: set[int], pets) -> set[int]:
    """Records of purged batches whose target row belongs to one of these pets."""
    records = MigrationRecord.objects.filter(batch_id__in=purged).exclude(target_id=None)
    found: set[int] = set()
    for label in records.order_by().values_list("target_model", flat=True).distinct():
        model = apps.get_model(label)
        if model is pets.model or "pet" not in {f.name for f in model._meta.concrete_fields}:
            continue
        targets = model._base_manager.filter(pet__in=pets).values("pk")
        found.update(
            records.filter(target_model=label, target_id__in=targets).values_list("pk", flat=True)
        )
    return found


def _pair(record: MigrationRecord, reason: str, purged: bool = False) -> Pair:
    target = _target(record)
    issues = list(record.issues.values_list("issue_type", "field_name"))
    extras = getattr(target, "legacy_extras", {}) or {}
    return Pair(
        batch_type=record.batch.batch_type,
        source_id=record.source_id,
        reason=reason,
        status=record.status,
        target=f"{record.target_model}#{record.target_id}" if record.target_id else "",
        cells=[] if purged else [_cell(cell) for cell in record_cells(record)],
        extras={k: str(v) for k, v in extras.items()},
        issues=[code for code, _ in issues],
        reason_label=", ".join(str(PICKED.get(part, part)) for part in reason.split(", ")),
        status_label=str(MigrationRecord.Status(record.status).label),
        alternates=_alternates(record, target),
        purged=purged,
    )


def _alternates(record: MigrationRecord, target) -> list[str]:
    """The contact values merged duplicates left on an owner: all of them on the survivor's
    own row, a merged row's own values on its row."""
    entries = getattr(target, "alternate_contacts", None) or []
    if record.status == MigrationRecord.Status.DUPLICATE:
        entries = [e for e in entries if str(e.get("source_id")) == record.source_id]
    labels = {f.name: f.verbose_name for f in target._meta.fields} if entries else {}
    return [
        gettext("{field}: {value} (from OkVet row {source_id})").format(
            field=labels.get(e.get("field"), e.get("field")),
            value=e.get("value", ""),
            source_id=e.get("source_id", ""),
        )
        for e in entries
    ]


def _cell(cell) -> Cell:
    """A read-back cell as shown: the verdict and the rule in the active language."""
    how = f"{VERDICT_LABELS[cell.verdict]} · {gettext(RULES[cell.rule])}"
    if cell.note:
        how += f" ({_note(cell.note)})"
    return Cell(
        cell.column,
        _shown(cell.source, cell.column),
        _shown(cell.stored, cell.column),
        how,
        unexplained=cell.verdict in FAILING,
        verdict=cell.verdict,
        rule=cell.rule,
    )


def _note(note: str) -> str:
    """A rule's note in words: an issue code by its label, a yes/no value as one."""
    if note in CATALOG:
        return gettext(CATALOG[note].label)
    return {"True": gettext("yes"), "False": gettext("no")}.get(note, note)


def _shown(value: Any, column: str) -> Any:
    """File references by their names — OkVet's cell is JSON, the record's list is read back
    as Python writes it — each column's own (a record keeps all its files in one list)."""
    files = value
    if isinstance(value, str) and value.startswith("[{"):
        try:
            files = json.loads(value)
        except ValueError:
            try:
                files = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                return value
    if not (isinstance(files, list) and files and all(isinstance(f, dict) for f in files)):
        return value
    own = [f for f in files if f.get("column", column) == column] or files
    return ", ".join(str(f.get("name") or f.get("path") or "") for f in own)


def _target(record: MigrationRecord):
    if not record.target_model or record.target_id is None:
        return None
    model = apps.get_model(record.target_model)
    return model._base_manager.filter(pk=record.target_id).first()


def _unmapped(batches) -> list[str]:
    """Source rows that were neither imported nor explained by an issue."""
    rows = (
        MigrationRecord.objects.filter(batch__in=batches)
        .exclude(status="imported")
        .filter(issues__isnull=True)
        .values_list("batch__batch_type", "source_id")[:50]
    )
    return [f"{kind} {source_id}" for kind, source_id in rows]
