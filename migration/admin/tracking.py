"""The import's bookkeeping, read only: one row per source row, the ID map, a sync's changes."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from migration.admin import display
from migration.admin.base import ReadOnlyAdmin, existing_targets, target_link
from migration.admin.filters import NamespaceFilter, TargetModelFilter, namespace_label
from migration.models import ExternalIdMapping, MigrationRecord, SyncChange, file_name


class TargetAdmin(ReadOnlyAdmin):
    """Rows that point at a clinic record: linked to its admin page while it exists (checked
    for the whole page in one query per model)."""

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        rows = list(changelist.result_list)
        found = existing_targets(rows)
        for row in rows:
            row.target_exists = (row.target_model, row.target_id) in found
        return changelist

    @admin.display(description=_("record"))
    def target(self, obj) -> str:
        exists = getattr(obj, "target_exists", None)
        if exists is None:
            exists = bool(existing_targets([obj]))
        return target_link(obj.target_model, obj.target_id, exists=exists)


@admin.register(MigrationRecord)
class MigrationRecordAdmin(TargetAdmin):
    list_display = ("number", "batch", "status", "source_id", "file", "source_row", "target")
    list_display_links = ("number", "source_id")
    list_filter = ("status", "batch__batch_type", "batch__run", "batch")
    search_fields = ("source_id",)
    list_select_related = ("batch",)
    fields = (
        "batch",
        "status",
        "source_id",
        "source_file",
        "source_row",
        "target",
        "duplicate_of",
        "error_message",
        "codes",
        "row",
        "created_at",
    )
    readonly_fields = fields

    @admin.display(description=_("file"), ordering="source_file")
    def file(self, obj) -> str:
        return file_name(obj.source_file)

    @admin.display(description=_("source row"))
    def row(self, obj) -> str:
        return display.source_row(obj.source_data)

    @admin.display(description=_("issues found"))
    def codes(self, obj) -> str:
        return display.issue_codes(obj.validation_errors)


@admin.register(ExternalIdMapping)
class ExternalIdMappingAdmin(TargetAdmin):
    list_display = ("kind", "source_id", "target", "is_alias", "batch")
    list_display_links = ("kind", "source_id")
    list_filter = (NamespaceFilter, TargetModelFilter, "is_alias")
    list_select_related = ("batch",)
    search_fields = ("source_id",)
    fields = (
        "source_system",
        "kind",
        "source_id",
        "target",
        "is_alias",
        "batch",
        "version_batch",
        "fingerprint",
        "created_at",
    )
    readonly_fields = fields

    @admin.display(description=_("kind of OkVet id"), ordering="source_type")
    def kind(self, obj) -> str:
        return namespace_label(obj.source_type)


@admin.register(SyncChange)
class SyncChangeAdmin(TargetAdmin):
    list_display = ("number", "kind", "target", "source_id", "batch", "created_at")
    list_display_links = ("number", "kind")
    list_filter = ("kind", "batch")
    list_select_related = ("batch",)
    search_fields = ("source_id",)
    fields = ("batch", "kind", "source_id", "target", "values", "created_at")
    readonly_fields = fields

    @admin.display(description=_("values"))
    def values(self, obj) -> str:
        return display.before_after(obj.before, obj.after)
