"""Tracking of every migration: runs, batches, one record per source row, ID map, issues.

Every model reads as a sentence in the clinic's language (``"Lote 3: Consultas (Completado)"``)
and every batch kind has its label: the kinds are the tables' declarations' batch types (the
load plan's steps are made of them), so a new table cannot miss one.
"""

from pathlib import PurePath

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migration.issues import CATALOG
from migration.read.declarations import DECLARATIONS

BATCH_TYPES = [(t.batch_type, _(t.label)) for t in DECLARATIONS.values()]
"""Every batch kind → its label, from the table it imports (``consults`` → "Consultas")."""


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    ROLLED_BACK = "rolled_back", _("Rolled Back")


def model_name(label: str) -> str:
    """``clinic.Pet`` → its verbose name in the active language ("mascota")."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def file_name(path: str) -> str:
    """A source file as the clinic named it, without the folder it was read from."""
    return PurePath(path).name if path else ""


def local_time(moment) -> str:
    """An instant in the clinic's time zone and format (``02/12/2026 10:30``)."""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


class MigrationRun(models.Model):
    """One migration of a whole export: a batch per file, imported in dependency order."""

    source = models.TextField(_("source"))
    is_dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.RUNNING
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    purged_at = models.DateTimeField(_("sources purged at"), null=True, blank=True)
    purged_by = models.TextField(_("sources purged by"), blank=True)

    class Meta:
        verbose_name = _("migration run")
        verbose_name_plural = _("migration runs")
        ordering = ["-created_at"]
        permissions = [
            ("rollback_migrationrun", _("Can roll back a migration run")),
            ("purge_migrationrun", _("Can purge the source rows of a signed-off run")),
        ]

    def __str__(self) -> str:
        if self.is_dry_run:
            text = gettext("Run {id}: {source} ({status}, dry run)")
        else:
            text = gettext("Run {id}: {source} ({status})")
        return text.format(
            id=self.pk, source=file_name(self.source), status=self.get_status_display()
        )


class MigrationBatch(models.Model):
    """One import of one record type from one or more source files."""

    Status = BatchStatus

    run = models.ForeignKey(
        MigrationRun,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="batches",
        verbose_name=_("run"),
    )
    batch_type = models.CharField(_("type"), max_length=20, choices=BATCH_TYPES)
    source_table = models.CharField(_("OkVet table"), max_length=50, blank=True)
    source_file = models.TextField(_("source file"))
    source_files = models.JSONField(_("source files"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    total_records = models.IntegerField(_("source rows"), default=0)
    imported_count = models.IntegerField(_("imported"), default=0)
    skipped_count = models.IntegerField(_("skipped"), default=0)
    error_count = models.IntegerField(_("errors"), default=0)
    duplicate_count = models.IntegerField(_("duplicates"), default=0)
    deleted_count = models.IntegerField(_("soft-deleted in source"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    rolled_back_at = models.DateTimeField(_("rolled back at"), null=True, blank=True)
    is_dry_run = models.BooleanField(_("dry run"), default=False)
    options = models.JSONField(_("options"), default=dict, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("migration batch")
        verbose_name_plural = _("migration batches")
        ordering = ["-created_at", "-id"]
        permissions = [("rollback_migrationbatch", _("Can roll back a migration batch"))]

    def __str__(self) -> str:
        if self.is_dry_run:
            text = gettext("Batch {id}: {type} ({status}, dry run)")
        else:
            text = gettext("Batch {id}: {type} ({status})")
        return text.format(
            id=self.pk, type=self.get_batch_type_display(), status=self.get_status_display()
        )


class MigrationRecord(models.Model):
    """What became of one source row."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        IMPORTED = "imported", _("Imported")
        SKIPPED = "skipped", _("Skipped")
        ERROR = "error", _("Error")
        DUPLICATE = "duplicate", _("Duplicate")
        UPDATED = "updated", _("Updated from a newer export")
        DEACTIVATED = "deactivated", _("Deactivated: deleted in OkVet")
        CONFLICT = "conflict", _("Changed in OkVet and edited in Pet-Friendly")

    # no index of its own: the (batch, status) index below serves lookups by batch
    batch = models.ForeignKey(
        MigrationBatch,
        on_delete=models.CASCADE,
        related_name="records",
        db_index=False,
        verbose_name=_("batch"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    source_id = models.CharField(_("OkVet id"), max_length=100, blank=True)
    source_file = models.TextField(_("file"), blank=True)
    source_row = models.IntegerField(_("row"), null=True, blank=True)
    source_data = models.JSONField(_("source row"), default=dict)
    target_model = models.CharField(_("target model"), max_length=100, blank=True)
    target_id = models.BigIntegerField(_("target id"), null=True, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    validation_errors = models.JSONField(_("issue codes"), default=list, blank=True)
    duplicate_of = models.BigIntegerField(_("duplicate of"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("migrated row")
        verbose_name_plural = _("migrated rows")
        indexes = [models.Index(fields=["batch", "status"])]

    def __str__(self) -> str:
        where = {"file": file_name(self.source_file), "row": self.source_row}
        status = self.get_status_display()
        if self.source_row is None:
            text = gettext("OkVet id {id}: {status}")
        elif self.source_id:
            text = gettext("Row {row} of {file} (OkVet id {id}): {status}")
        else:
            text = gettext("Row {row} of {file}: {status}")
        return text.format(id=self.source_id, status=status, **where)


class ExternalIdMapping(models.Model):
    """OkVet key → Pet-Friendly row. Each (system, type, id) is mapped once."""

    source_system = models.CharField(_("source system"), max_length=50, default="okvet")
    source_type = models.CharField(_("kind of OkVet id"), max_length=50)
    source_id = models.CharField(_("OkVet id"), max_length=100)
    target_model = models.CharField(_("target model"), max_length=100)
    target_id = models.BigIntegerField(_("target id"))
    is_alias = models.BooleanField(
        _("alias of another record"),
        default=False,
        help_text=_("A merged duplicate: the target was created for another OkVet id."),
    )
    batch = models.ForeignKey(
        MigrationBatch,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mappings",
        verbose_name=_("batch"),
    )
    fingerprint = models.CharField(
        _("fingerprint of the source row"),
        max_length=40,
        blank=True,
        help_text=_(
            "A digest of the row as last imported: an equal row in a newer export is unchanged."
        ),
    )
    version_batch = models.ForeignKey(
        MigrationBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
        verbose_name=_("batch of the newest version"),
        help_text=_(
            "The batch whose report holds the row as last imported (empty: the batch "
            "that created the mapping)."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("external id mapping")
        verbose_name_plural = _("external id mappings")
        unique_together = ["source_system", "source_type", "source_id"]
        indexes = [
            models.Index(fields=["target_model", "target_id"]),
        ]

    def __str__(self) -> str:
        return gettext("{model} {target}, OkVet id {id}").format(
            model=model_name(self.target_model).capitalize(),
            target=self.target_id,
            id=self.source_id,
        )


class DataQualityIssue(models.Model):
    """A problem found in the source, with where it was and what it said."""

    class Severity(models.TextChoices):
        CRITICAL = "critical", _("Critical - Must Fix")
        WARNING = "warning", _("Warning - Should Review")
        INFO = "info", _("Info - For Reference")

    batch = models.ForeignKey(
        MigrationBatch, on_delete=models.CASCADE, related_name="issues", verbose_name=_("batch")
    )
    record = models.ForeignKey(
        MigrationRecord,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="issues",
        verbose_name=_("migrated row"),
    )
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    issue_type = models.CharField(_("code"), max_length=100, db_index=True)
    source_file = models.TextField(_("file"), blank=True)
    source_row = models.IntegerField(_("row"), null=True, blank=True)
    source_id = models.CharField(_("OkVet id"), max_length=100, blank=True)
    field_name = models.CharField(_("column"), max_length=100, blank=True)
    description = models.TextField(_("description"))
    source_value = models.TextField(_("value"), blank=True)
    resolved = models.BooleanField(_("resolved"), default=False)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("data-quality issue")
        verbose_name_plural = _("data-quality issues")
        ordering = ["batch", "source_row", "id"]

    @property
    def label(self) -> str:
        """The code's short name in the active language ("Fecha no válida"); an unknown code
        is shown as it is."""
        known = CATALOG.get(self.issue_type)
        return gettext(known.label) if known else self.issue_type

    def __str__(self) -> str:
        label = self.label[:1].lower() + self.label[1:]
        where = {"id": self.pk, "label": label, "file": file_name(self.source_file)}
        if self.source_row is None:
            return gettext("Issue {id}: {label} ({file})").format(**where)
        return gettext("Issue {id}: {label} ({file}, row {row})").format(
            row=self.source_row, **where
        )


class SignedOffError(Exception):
    """A sign-off is a record of what was signed: it is never changed or deleted."""


class MigrationSignoff(models.Model):
    """The clinic owner's sign-off of a run: who, when, what remained open, and the exact
    report they signed (stored, with its sha256)."""

    run = models.ForeignKey(
        MigrationRun, on_delete=models.PROTECT, related_name="signoffs", verbose_name=_("run")
    )
    signed_by = models.TextField(_("signed by"))
    signed_at = models.DateTimeField(_("signed at"))
    note = models.TextField(_("note"), blank=True)
    open_issues = models.JSONField(_("open issues"), default=dict, blank=True)
    critical_open = models.IntegerField(_("critical issues open"), default=0)
    failed_checks = models.JSONField(_("failed checks"), default=list, blank=True)
    accepted_with_critical = models.BooleanField(
        _("signed with critical issues open"), default=False
    )
    language = models.CharField(_("language"), max_length=5, default="es")
    report_html = models.TextField(_("signed report"))
    report_sha256 = models.CharField(_("report sha256"), max_length=64)

    class Meta:
        verbose_name = _("migration sign-off")
        verbose_name_plural = _("migration sign-offs")
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return gettext("Sign-off of run {run} by {by}, {when}").format(
            run=self.run_id, by=self.signed_by, when=local_time(self.signed_at)
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise SignedOffError("a sign-off cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SignedOffError("a sign-off cannot be deleted")


class OwnerMerge(models.Model):
    """Two owners found to be one person: what moved to the survivor, so it can be undone."""

    survivor = models.ForeignKey(
        "clinic.OwnerProfile",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner kept"),
    )
    merged = models.ForeignKey(
        "clinic.OwnerProfile",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner merged into it"),
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("merged by"),
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    moved = models.JSONField(_("moved"), default=dict)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("owner merge")
        verbose_name_plural = _("owner merges")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        if self.undone_at is None:
            text = gettext("Merge {id}: owner {merged} into owner {survivor}")
        else:
            text = gettext("Merge {id}: owner {merged} into owner {survivor} (undone)")
        return text.format(id=self.pk, merged=self.merged_id, survivor=self.survivor_id)


class SyncChange(models.Model):
    """A row a sync changed: its values before (to restore them exactly) and after."""

    class Kind(models.TextChoices):
        CHANGED = "changed", _("Changed from a newer export")
        DEACTIVATED = "deactivated", _("Deactivated: deleted in OkVet")
        RESOLVED = "resolved", _("Conflict resolved with OkVet's value")

    batch = models.ForeignKey(
        MigrationBatch,
        on_delete=models.CASCADE,
        related_name="sync_changes",
        verbose_name=_("batch"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    source_type = models.CharField(_("kind of OkVet id"), max_length=50)
    source_id = models.CharField(_("OkVet id"), max_length=100)
    target_model = models.CharField(_("target model"), max_length=100)
    target_id = models.BigIntegerField(_("target id"))
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    previous_fingerprint = models.CharField(
        _("fingerprint before the change"), max_length=40, blank=True
    )
    previous_version_id = models.BigIntegerField(
        _("batch of the version before the change"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("row changed by a sync")
        verbose_name_plural = _("rows changed by a sync")
        indexes = [models.Index(fields=["target_model", "target_id"])]

    def __str__(self) -> str:
        return gettext("{kind}: {model} {target}, OkVet id {id}").format(
            kind=self.get_kind_display(),
            model=model_name(self.target_model),
            target=self.target_id,
            id=self.source_id,
        )
