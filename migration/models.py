"""Tracking of every migration: runs, batches, one record per source row, ID map, issues."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MigrationRun(models.Model):
    """One migration of a whole export: a batch per file, imported in dependency order."""

    source = models.TextField(_("source"))
    is_dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=20, default="running")
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    purged_at = models.DateTimeField(_("sources purged at"), null=True, blank=True)
    purged_by = models.TextField(_("sources purged by"), blank=True)

    class Meta:
        verbose_name = _("migration run")
        verbose_name_plural = _("migration runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source}"


class MigrationBatch(models.Model):
    """One import of one record type from one or more source files."""

    class BatchType(models.TextChoices):
        CLIENTS = "clients", _("Clients/Owners")
        PETS = "pets", _("Pets")
        STAFF = "staff", _("Staff")
        MEDICAL = "medical", _("Medical Records")
        VACCINES = "vaccines", _("Vaccinations")
        APPOINTMENTS = "appointments", _("Appointments")
        INVOICES = "invoices", _("Invoices")
        PRODUCTS = "products", _("Products")
        DOCUMENTS = "documents", _("Documents")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")
        ROLLED_BACK = "rolled_back", _("Rolled Back")

    run = models.ForeignKey(
        MigrationRun, on_delete=models.CASCADE, null=True, blank=True, related_name="batches"
    )
    batch_type = models.CharField(_("type"), max_length=20, choices=BatchType.choices)
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
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("migration batch")
        verbose_name_plural = _("migration batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_batch_type_display()} ({self.get_status_display()})"


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
        MigrationBatch, on_delete=models.CASCADE, related_name="records", db_index=False
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
    validation_errors = models.JSONField(default=list, blank=True)
    duplicate_of = models.BigIntegerField(_("duplicate of"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("migrated row")
        verbose_name_plural = _("migrated rows")
        indexes = [models.Index(fields=["batch", "status"])]


class ExternalIdMapping(models.Model):
    """OkVet key → Pet-Friendly row. Each (system, type, id) is mapped once."""

    source_system = models.CharField(max_length=50, default="okvet")
    source_type = models.CharField(max_length=50)
    source_id = models.CharField(max_length=100)
    target_model = models.CharField(max_length=100)
    target_id = models.BigIntegerField()
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("external id mapping")
        verbose_name_plural = _("external id mappings")
        unique_together = ["source_system", "source_type", "source_id"]
        indexes = [
            models.Index(fields=["target_model", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.source_system}:{self.source_type}:{self.source_id} → {self.target_model}"


class DataQualityIssue(models.Model):
    """A problem found in the source, with where it was and what it said."""

    class Severity(models.TextChoices):
        CRITICAL = "critical", _("Critical - Must Fix")
        WARNING = "warning", _("Warning - Should Review")
        INFO = "info", _("Info - For Reference")

    batch = models.ForeignKey(MigrationBatch, on_delete=models.CASCADE, related_name="issues")
    record = models.ForeignKey(
        MigrationRecord, on_delete=models.CASCADE, null=True, blank=True, related_name="issues"
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
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data-quality issue")
        verbose_name_plural = _("data-quality issues")
        ordering = ["batch", "source_row", "id"]


class SignedOffError(Exception):
    """A sign-off is a record of what was signed: it is never changed or deleted."""


class MigrationSignoff(models.Model):
    """The clinic owner's sign-off of a run: who, when, what remained open, and the exact
    report they signed (stored, with its sha256)."""

    run = models.ForeignKey(MigrationRun, on_delete=models.PROTECT, related_name="signoffs")
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
        return f"#{self.run_id} {self.signed_by} {self.signed_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise SignedOffError("a sign-off cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SignedOffError("a sign-off cannot be deleted")


class OwnerMerge(models.Model):
    """Two owners found to be one person: what moved to the survivor, so it can be undone."""

    survivor = models.ForeignKey("clinic.OwnerProfile", on_delete=models.CASCADE, related_name="+")
    merged = models.ForeignKey("clinic.OwnerProfile", on_delete=models.CASCADE, related_name="+")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    moved = models.JSONField(_("moved"), default=dict)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("owner merge")
        verbose_name_plural = _("owner merges")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"


class SyncChange(models.Model):
    """A row a sync changed: its values before (to restore them exactly) and after."""

    class Kind(models.TextChoices):
        CHANGED = "changed", _("Changed from a newer export")
        DEACTIVATED = "deactivated", _("Deactivated: deleted in OkVet")
        RESOLVED = "resolved", _("Conflict resolved with OkVet's value")

    batch = models.ForeignKey(MigrationBatch, on_delete=models.CASCADE, related_name="sync_changes")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    source_type = models.CharField(max_length=50)
    source_id = models.CharField(_("OkVet id"), max_length=100)
    target_model = models.CharField(_("target model"), max_length=100)
    target_id = models.BigIntegerField(_("target id"))
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    previous_fingerprint = models.CharField(max_length=40, blank=True)
    previous_version_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("row changed by a sync")
        verbose_name_plural = _("rows changed by a sync")
        indexes = [models.Index(fields=["target_model", "target_id"])]
