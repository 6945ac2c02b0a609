"""What the console keeps of its own: uploaded exports, the column mappings the clinic chose,
and the background jobs (trials, real runs, syncs) it started.

An upload's files lie in a folder of their own under ``MIGRATION_UPLOAD_DIR``; the rows here
say which files, their sha256 (a real run starts only from a trial of the same bytes) and what
was recognised in them. A job's run is the ``MigrationRun`` the import wrote: the report, the
issues and the sign-off are the run's.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migration.models import MigrationRun


def upload_root() -> Path:
    """Every uploaded file lies under this folder (``MIGRATION_UPLOAD_DIR``)."""
    return Path(getattr(settings, "MIGRATION_UPLOAD_DIR", Path(settings.VAR_DIR) / "uploads"))


class Upload(models.Model):
    """One OkVet export uploaded from the console: one ZIP or several files, and optionally
    the ``VetFiles`` attachments as a ZIP."""

    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    folder = models.CharField(_("folder"), max_length=200, blank=True)
    source = models.CharField(_("export"), max_length=300, blank=True)
    attachments = models.CharField(_("attachments"), max_length=300, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    inspection = models.JSONField(_("what was recognised"), default=dict, blank=True)
    purged_at = models.DateTimeField(_("files deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return gettext("Upload {id} of {date}").format(
            id=self.pk, date=self.created_at.date().isoformat() if self.created_at else ""
        )

    @property
    def folder_path(self) -> Path:
        return upload_root() / self.folder

    @property
    def source_path(self) -> Path:
        return self.folder_path / self.source

    @property
    def attachments_path(self) -> Path | None:
        return self.folder_path / self.attachments if self.attachments else None

    @property
    def mapping_path(self) -> Path:
        return self.folder_path / "mapeo-columnas.json"


class UploadFile(models.Model):
    class Role(models.TextChoices):
        EXPORT = "export", _("export")
        ATTACHMENTS = "attachments", _("attachments")

    upload = models.ForeignKey(
        Upload, on_delete=models.CASCADE, related_name="files", verbose_name=_("upload")
    )
    name = models.CharField(_("stored as"), max_length=300)
    original_name = models.CharField(_("file name"), max_length=300)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    size = models.BigIntegerField(_("size"))
    sha256 = models.CharField("sha256", max_length=64)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        ordering = ["upload", "role", "name"]

    def __str__(self) -> str:
        return self.original_name


class ColumnMapping(models.Model):
    """A header the clinic named once (``"Cel. del cliente"`` → ``mobile``): offered again the
    next time a file of that table has that header. ``column`` empty: not imported (the
    cells stay with the record, as data kept as it came)."""

    table = models.CharField(_("OkVet table"), max_length=50)
    header_key = models.CharField(_("normalised header"), max_length=200)
    header = models.CharField(_("header"), max_length=300)
    column = models.CharField(_("column"), max_length=100, blank=True)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        constraints = [
            models.UniqueConstraint(fields=["table", "header_key"], name="console_mapping_once")
        ]

    def __str__(self) -> str:
        return f"{self.table}: {self.header} → {self.column or '-'}"


class ConsoleJob(models.Model):
    """A trial, real run or sync started from the console and run by the task worker."""

    class Kind(models.TextChoices):
        TRIAL = "trial", _("Trial")
        REAL = "real", _("Real run")
        SYNC = "sync", _("Sync")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Finished")
        FAILED = "failed", _("Failed")

    upload = models.ForeignKey(
        Upload, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("upload")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    trial = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="real_runs",
        verbose_name=_("reviewed trial"),
    )
    run = models.ForeignKey(
        MigrationRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run"),
    )
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    digest = models.CharField(_("files' sha256"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="es")
    full_export = models.BooleanField(
        _("complete export"),
        default=False,
        help_text=_(
            "The export holds all of OkVet: a row imported before and missing from it was "
            "deleted in OkVet, and is deactivated (never deleted)."
        ),
    )
    worker = models.CharField(_("worker process"), max_length=100, blank=True)
    progress = models.JSONField(_("progress"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("report reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("report reviewed by"),
    )

    class Meta:
        verbose_name = _("console job")
        verbose_name_plural = _("console jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["trial"], name="console_one_real_run_per_trial")
        ]

    def __str__(self) -> str:
        return gettext("{kind} {id} ({status})").format(
            kind=self.get_kind_display(), id=self.pk, status=self.get_status_display()
        )

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def progress_path(self) -> Path:
        """Where the worker writes the live progress (outside the database: an import's
        transaction would hide it, or hold SQLite's write lock)."""
        return self.upload.folder_path / "progreso" / f"trabajo-{self.pk}.json"
