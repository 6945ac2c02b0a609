"""``migration_verify``: source vs imported per data type, every difference explained, checks.

Counts come from the batches that still stand (completed, not dry runs, not rolled back);
checks look at the clinic's tables themselves. The read-back (``services.readback``) reads every
imported row back and compares it, cell by cell, with its source row; the converter's own cell
ledger (the batches' summaries) stays as a second opinion, and where the two disagree the
report says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext

from migration.load.base import SYNC_STATUSES
from migration.load.tracking import CELL_KINDS
from migration.models import (
    DataQualityIssue,
    ExternalIdMapping,
    MigrationBatch,
    MigrationSignoff,
)
from migration.read.declarations import SUPPORT
from migration.services.interrupted import interrupted_imports
from migration.services.plan import PLAN
from migration.services.purge import PurgedRun, purged_runs
from migration.services.readback import Readback, disagreements
from migration.services.readback_run import migration_readback

# rows created alongside a source row (an invoice at its first line, a staff member at the
# first record they wrote, placeholders): mapped, but not counted as imported rows
SUPPORT_TYPES = tuple(SUPPORT)

EXPLAINED = ("soft_deleted", "duplicates", "errors", "skipped", "synced")


@dataclass(frozen=True)
class TypeCount:
    source: int
    imported: int
    difference: int
    explained: dict[str, int]


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    count: int
    examples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Verification:
    run_id: int | None
    batches: list[int]
    types: dict[str, TypeCount]
    issues: dict[str, dict[str, int]]
    checks: list[Check]
    cells: dict[str, dict[str, int]] = field(default_factory=dict)
    signoffs: list[dict] = field(default_factory=list)
    readback: Readback = field(default_factory=Readback)
    purged: list[PurgedRun] = field(default_factory=list)
    """Runs whose source rows were purged: their read-back is not recomputed."""
    syncs: list[dict] = field(default_factory=list)
    """Per sync run and table: rows new, unchanged, changed, in conflict, deactivated."""

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def to_dict(self) -> dict:
        return {**asdict(self), "passed": self.passed}


def migration_verify(*, run_id: int | None = None) -> Verification:
    batches = MigrationBatch.objects.filter(
        status=MigrationBatch.Status.COMPLETED, is_dry_run=False
    )
    if run_id is not None:  # the chain: the run and the runs before it (a sync's imports)
        batches = batches.filter(run_id__lte=run_id)
    ids = list(batches.values_list("pk", flat=True))
    types = _type_counts(batches)
    cells = _cell_counts(batches)
    purged = purged_runs(batches.order_by().values_list("run_id", flat=True).distinct())
    standing = batches.exclude(run_id__in=[p.run_id for p in purged])
    readback = migration_readback(standing)
    readback.disagreements = disagreements(readback, _cell_counts(standing))
    return Verification(
        run_id=run_id,
        batches=ids,
        types=types,
        issues=_issue_counts(ids),
        checks=[
            _balanced(types),
            *_mapping_checks(ids),
            _pets_have_owners(),
            _records_have_pets(),
            _invoice_mismatches_flagged(),
            _cells_accounted(cells),
            _read_back(readback, purged),
            _no_interrupted_imports(),
        ],
        cells=cells,
        signoffs=_signoffs(run_id),
        readback=readback,
        purged=purged,
        syncs=_syncs(batches),
    )


def _syncs(batches) -> list[dict]:
    """What each sync (a run that met rows imported before) made of them, per table."""
    found = []
    rows = batches.order_by("run_id", "pk").values_list("run_id", "batch_type", "summary")
    for run_id, batch_type, summary in rows:
        counts = (summary or {}).get("counts", {})
        met = {status: counts.get(status, 0) for status in SYNC_STATUSES}
        if any(met.values()):
            found.append(
                {"run": run_id, "type": batch_type, **met, "new": counts.get("imported", 0)}
            )
    return found


def _signoffs(run_id: int | None) -> list[dict]:
    if run_id is None:
        return []
    rows = MigrationSignoff.objects.filter(run_id=run_id).order_by("signed_at")
    return [
        {
            "signed_by": row.signed_by,
            "signed_at": row.signed_at.isoformat(),
            "report_sha256": row.report_sha256,
            "accepted_with_critical": row.accepted_with_critical,
        }
        for row in rows
    ]


def _cell_counts(batches) -> dict[str, dict[str, int]]:
    """Per type, where the source's non-empty cells went (from each batch's summary)."""
    out: dict[str, dict[str, int]] = {}
    for batch_type, summary in batches.order_by("pk").values_list("batch_type", "summary"):
        cells = (summary or {}).get("cells", {})
        entry = out.setdefault(batch_type, dict.fromkeys(CELL_KINDS, 0))
        for kind in CELL_KINDS:
            entry[kind] += cells.get(kind, 0)
    return out


def _cells_accounted(cells: dict[str, dict[str, int]]) -> Check:
    lost = {name: c["unaccounted"] for name, c in cells.items() if c["unaccounted"]}
    return Check("cells_accounted", not lost, sum(lost.values()), sorted(lost)[:5])


def _read_back(readback: Readback, purged: list[PurgedRun]) -> Check:
    """Every non-empty source cell of every imported row is found in the clinic's tables
    (equal, equal after its rule's transformation, kept verbatim) or not imported with a
    reason; a cell that differs or is missing fails, named by table, file, row and column.
    A purged run's cells cannot be read back any more: its signed result stands."""
    examples = [
        f"{f.table} {f.file}:{f.row} id {f.source_id} {f.column}" for f in readback.failures[:5]
    ]
    examples += [
        gettext("run {run}: sources purged, {verdict} as signed").format(
            run=p.run_id, verdict=gettext("passed") if p.read_back_passed else gettext("failed")
        )
        for p in purged
    ]
    passed = readback.failed == 0 and all(p.read_back_passed for p in purged)
    return Check("cells_read_back", passed, readback.failed, examples)


def _no_interrupted_imports() -> Check:
    """No run or batch left ``running`` by a dead process (no live process holds the import
    lock): what it kept is part of the database, and nothing closed it (dry runs kept
    nothing and do not count)."""
    found = interrupted_imports(real_only=True)
    examples = [f"{f.kind} {f.id} ({f.source})" for f in found[:5]]
    return Check("no_interrupted_imports", not found, len(found), examples)


def _type_counts(batches) -> dict[str, TypeCount]:
    sums = batches.values("batch_type").annotate(
        source=Sum("total_records"),
        imported=Sum("imported_count"),
        deleted=Sum("deleted_count"),
        duplicates=Sum("duplicate_count"),
        errors=Sum("error_count"),
        skipped=Sum("skipped_count"),
    )
    found = {row["batch_type"]: row for row in sums}
    synced: dict[str, int] = defaultdict(int)
    for batch_type, summary in batches.values_list("batch_type", "summary"):
        counts = (summary or {}).get("counts", {})
        met = sum(counts.get(status, 0) for status in SYNC_STATUSES) - counts.get("absent", 0)
        synced[batch_type] += met
    result = {}
    for step in PLAN:
        row = found.get(step.batch_type)
        if row is None:
            continue
        explained = {
            "soft_deleted": row["deleted"],
            "duplicates": row["duplicates"],
            "errors": row["errors"],
            "skipped": row["skipped"] - row["deleted"],
            "synced": synced[step.batch_type],
        }
        result[step.batch_type] = TypeCount(
            source=row["source"],
            imported=row["imported"],
            difference=row["source"] - row["imported"],
            explained=explained,
        )
    return result


def _issue_counts(batch_ids: list[int]) -> dict[str, dict[str, int]]:
    rows = (
        DataQualityIssue.objects.filter(batch_id__in=batch_ids)
        .values("issue_type", "severity", "resolved")
        .annotate(n=Count("id"))
    )
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"open": 0, "resolved": 0})
    for row in rows:
        entry = out[row["issue_type"]]
        entry["severity"] = row["severity"]
        entry["resolved" if row["resolved"] else "open"] += row["n"]
    return dict(sorted(out.items()))


def _balanced(types: dict[str, TypeCount]) -> Check:
    wrong = [name for name, t in types.items() if t.difference != sum(t.explained.values())]
    return Check("differences_explained", not wrong, len(wrong), wrong[:5])


def _mapping_checks(batch_ids: list[int]) -> list[Check]:
    """Every mapping points at an existing row; every created row has exactly one mapping.
    Dangling mappings are found by the database (an anti-join): a million ids do not fit in
    one query's parameters."""
    dangling: list[str] = []
    total = 0
    maps = ExternalIdMapping.objects.filter(batch_id__in=batch_ids)
    for label in maps.values_list("target_model", flat=True).distinct():
        model = apps.get_model(label)
        missing = (
            maps.filter(target_model=label)
            .exclude(target_id__in=model._base_manager.values("pk"))
            .values_list("target_id", flat=True)
            .distinct()
            .order_by("target_id")
        )
        total += missing.count()
        dangling += [f"{label}#{pk}" for pk in missing[:5]]
    created = MigrationBatch.objects.filter(pk__in=batch_ids).aggregate(n=Sum("imported_count"))
    mapped = maps.filter(is_alias=False).exclude(source_type__in=SUPPORT_TYPES).count()
    return [
        Check("mappings_point_at_rows", total == 0, total, dangling[:5]),
        Check(
            "every_import_mapped", mapped == (created["n"] or 0), abs(mapped - (created["n"] or 0))
        ),
    ]


def _pets_have_owners() -> Check:
    pet = apps.get_model("clinic.Pet")
    without = pet.objects.filter(owner__isnull=True).count()
    return Check("pets_have_owners", without == 0, without)


def _records_have_pets() -> Check:
    """No clinical record, vaccination or appointment points at a pet that does not exist."""
    pets = apps.get_model("clinic.Pet").objects.values("pk")
    missing, examples = 0, []
    for label in ("clinic.MedicalRecord", "clinic.VaccinationRecord", "clinic.Appointment"):
        rows = apps.get_model(label)._base_manager.exclude(pet_id=None).exclude(pet_id__in=pets)
        found = list(rows.values_list("pk", flat=True)[:5])
        missing += rows.count()
        examples += [f"{label}#{pk}" for pk in found]
    return Check("records_have_pets", missing == 0, missing, examples[:5])


def _invoice_mismatches_flagged() -> Check:
    """Every imported invoice whose lines do not add up to its total carries an issue that
    says so (the archive keeps invoices as issued; an unexplained mismatch is a bug)."""
    invoice = apps.get_model("clinic.Invoice")
    sums = (
        invoice.objects.filter(source_system="okvet")
        .exclude(total=None)
        .annotate(
            lines_total=Sum("lines__total"),
            unknown=Count("lines", filter=Q(lines__total__isnull=True)),
        )
        .filter(unknown=0, lines_total__isnull=False)
        .values_list("prefix", "number", "total", "lines_total")
    )
    wrong = {f"{p}{n}" for p, n, total, lines in sums if abs(total - lines) > 1}
    flagged = set(
        DataQualityIssue.objects.filter(
            issue_type="invoice-total-mismatch", source_id__in=wrong
        ).values_list("source_id", flat=True)
    )
    unexplained = sorted(wrong - flagged)
    return Check("invoice_mismatches_flagged", not unexplained, len(unexplained), unexplained[:5])
