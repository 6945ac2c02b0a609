"""Runs and batches: looked at, signed off, purged, undone (after the rollback's preview)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migration.admin import display
from migration.admin.base import (
    InterruptedAdmin,
    InterruptedFilter,
    change_url,
    may,
    user_name,
)
from migration.admin.rollback import rollback_action
from migration.admin.signoffs import sign_off_runs
from migration.errors import MigrationError
from migration.management.numbers import Number
from migration.models import MigrationBatch, MigrationRun
from migration.services.purge import run_purge

BATCH = "migration.MigrationBatch"


class RollbackAdmin(InterruptedAdmin):
    def has_rollback_permission(self, request) -> bool:
        return may(request, self.model, "rollback")

    @admin.action(description=_("Undo (rollback)"), permissions=["rollback"])
    def rollback(self, request, queryset):
        return rollback_action(self, request, queryset)


@admin.register(MigrationRun)
class MigrationRunAdmin(RollbackAdmin):
    list_display = (
        "number",
        "source",
        "status",
        "interrupted",
        "is_dry_run",
        "started_at",
        "completed_at",
        "purged_at",
    )
    list_display_links = ("number", "source")
    list_filter = ("status", InterruptedFilter, "is_dry_run")
    actions = ["sign_off", "rollback", "purge_sources"]
    fields = (
        "source",
        "status",
        "is_dry_run",
        "started_at",
        "completed_at",
        "notes",
        "purged_at",
        "purged_by",
        "batches_list",
    )
    readonly_fields = fields

    @admin.display(description=_("batches"))
    def batches_list(self, obj) -> str:
        batches = obj.batches.order_by("pk")
        rows = (
            (
                format_html('<a href="{}">{}</a>', change_url(BATCH, b.pk), b.pk),
                b.get_batch_type_display(),
                b.get_status_display(),
                b.total_records,
                b.imported_count,
            )
            for b in batches
        )
        headers = (_("batch"), _("type"), _("status"), _("source rows"), _("imported"))
        return display.grid(headers, rows)

    @admin.action(description=_("Sign off the selected runs (as yourself)"))
    def sign_off(self, request, queryset) -> None:
        sign_off_runs(self, request, queryset)

    def has_purge_permission(self, request) -> bool:
        return may(request, self.model, "purge")

    @admin.action(
        description=_("Purge the source rows of the selected signed-off runs (irreversible)"),
        permissions=["purge"],
    )
    def purge_sources(self, request, queryset):
        """The same purge as ``purge_migration_sources``, after a page that says what is
        blanked, what stays and that it cannot be undone."""
        if "confirm" not in request.POST:
            return TemplateResponse(
                request,
                "admin/migration/purge_sources.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Purge the source rows"),
                    "runs": queryset,
                    "action": "purge_sources",
                    "opts": self.model._meta,
                },
            )
        for run in queryset:
            try:
                result = run_purge(run_id=run.pk, by=user_name(request))
            except MigrationError as exc:
                self.message_user(request, exc.render(gettext), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext(
                        "Run {run}: source rows purged ({records:,} rows, {issues:,} issues)."
                    ).format(
                        run=run.pk, records=Number(result.records), issues=Number(result.issues)
                    ),
                )
        return None


@admin.register(MigrationBatch)
class MigrationBatchAdmin(RollbackAdmin):
    list_display = (
        "number",
        "batch_type",
        "status",
        "interrupted",
        "is_dry_run",
        "total_records",
        "imported_count",
        "duplicate_count",
        "skipped_count",
        "error_count",
        "started_at",
        "run",
    )
    list_display_links = ("number", "batch_type")
    list_filter = ("batch_type", "status", InterruptedFilter, "is_dry_run", "run")
    list_select_related = ("run",)
    search_fields = ("source_file",)
    actions = ["rollback"]
    fields = (
        "run",
        "batch_type",
        "source_table",
        "status",
        "is_dry_run",
        "source_file",
        "files_list",
        "total_records",
        "imported_count",
        "duplicate_count",
        "skipped_count",
        "deleted_count",
        "error_count",
        "started_at",
        "completed_at",
        "rolled_back_at",
        "created_by",
        "notes",
        "options_list",
        "summary_lines",
    )
    readonly_fields = fields

    @admin.display(description=_("source files"))
    def files_list(self, obj) -> str:
        return display.files(obj.source_files)

    @admin.display(description=_("options"))
    def options_list(self, obj) -> str:
        return display.options(obj.options)

    @admin.display(description=_("summary"))
    def summary_lines(self, obj) -> str:
        return display.summary(obj.summary)
