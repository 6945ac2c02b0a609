"""The migration's tracking in the admin: batches, rows, the ID map and the issue queue."""

from django.apps import apps
from django.contrib import admin, messages
from django.db.models import BooleanField, ExpressionWrapper
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic.models import OwnerProfile
from migration.errors import MigrationError
from migration.management.report import render_signed
from migration.models import (
    DataQualityIssue,
    ExternalIdMapping,
    MigrationBatch,
    MigrationRecord,
    MigrationRun,
    MigrationSignoff,
    OwnerMerge,
)
from migration.services.conflicts import (
    CONFLICT,
    KEEP_CLINIC,
    TAKE_OKVET,
    conflict_resolve,
    conflicts_preview,
)
from migration.services.interrupted import interrupted_condition
from migration.services.lock import current_holder
from migration.services.merge import HISTORY, owners_merge, owners_merge_preview, owners_merge_undo
from migration.services.purge import run_purge
from migration.services.signoff import migration_signoff


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class InterruptedFilter(admin.SimpleListFilter):
    title = _("interrupted")
    parameter_name = "interrupted"

    def lookups(self, request, model_admin):
        return (("yes", _("Interrupted")), ("no", _("Not interrupted")))

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(interrupted=self.value() == "yes")
        return queryset


class InterruptedAdmin(ReadOnlyAdmin):
    """Runs and batches left ``running`` by a dead process (no live process holds the import
    lock) are marked interrupted, and can be listed alone."""

    def get_queryset(self, request):
        condition = interrupted_condition(current_holder())
        return (
            super()
            .get_queryset(request)
            .annotate(interrupted=ExpressionWrapper(condition, output_field=BooleanField()))
        )

    @admin.display(boolean=True, description=_("interrupted"), ordering="interrupted")
    def interrupted(self, obj) -> bool:
        return obj.interrupted


@admin.register(MigrationRun)
class MigrationRunAdmin(InterruptedAdmin):
    list_display = (
        "id",
        "source",
        "status",
        "interrupted",
        "is_dry_run",
        "started_at",
        "completed_at",
        "purged_at",
    )
    list_filter = ("status", InterruptedFilter, "is_dry_run")
    actions = ["sign_off", "purge_sources"]

    @admin.action(description=_("Sign off the selected runs (as yourself)"))
    def sign_off(self, request, queryset) -> None:
        """The same sign-off as ``signoff_migration``; critical issues open or failed checks
        stop it here (accepting them takes the command's explicit --accept-critical)."""
        signer = request.user.get_full_name() or request.user.get_username()
        for run in queryset:
            try:
                result = migration_signoff(run_id=run.pk, by=signer, render=render_signed)
            except MigrationError as exc:
                self.message_user(request, exc.render(gettext), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("Run {run} signed off; report sha256 {sha}.").format(
                        run=run.pk, sha=result.report_sha256
                    ),
                )

    @admin.action(
        description=_("Purge the source rows of the selected signed-off runs (irreversible)"),
        permissions=["delete"],
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
        by = request.user.get_full_name() or request.user.get_username()
        for run in queryset:
            try:
                result = run_purge(run_id=run.pk, by=by)
            except MigrationError as exc:
                self.message_user(request, exc.render(gettext), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext(
                        "Run {run}: source rows purged ({records} rows, {issues} issues)."
                    ).format(run=run.pk, records=result.records, issues=result.issues),
                )
        return None


@admin.register(MigrationSignoff)
class MigrationSignoffAdmin(ReadOnlyAdmin):
    list_display = ("run", "signed_by", "signed_at", "critical_open", "accepted_with_critical")
    readonly_fields = [f.name for f in MigrationSignoff._meta.fields]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MigrationBatch)
class MigrationBatchAdmin(InterruptedAdmin):
    list_display = (
        "id",
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
    )
    list_filter = ("batch_type", "status", InterruptedFilter, "is_dry_run")
    search_fields = ("source_file",)


@admin.register(MigrationRecord)
class MigrationRecordAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "batch",
        "status",
        "source_id",
        "source_file",
        "source_row",
        "target_model",
        "target_id",
    )
    list_filter = ("status", "batch__batch_type", "batch")
    search_fields = ("source_id",)
    list_select_related = ("batch",)


@admin.register(ExternalIdMapping)
class ExternalIdMappingAdmin(ReadOnlyAdmin):
    list_display = (
        "source_system",
        "source_type",
        "source_id",
        "target_model",
        "target_id",
        "is_alias",
        "batch",
    )
    list_filter = ("source_type", "target_model", "is_alias")
    search_fields = ("source_id",)


@admin.register(DataQualityIssue)
class DataQualityIssueAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "severity",
        "issue_type",
        "source_file",
        "source_row",
        "source_id",
        "field_name",
        "source_value",
        "description",
        "resolved",
    )
    list_filter = ("severity", "issue_type", "resolved", "batch__batch_type", "batch")
    search_fields = ("source_id", "source_value", "description")
    readonly_fields = (
        "batch",
        "record",
        "severity",
        "issue_type",
        "source_file",
        "source_row",
        "source_id",
        "field_name",
        "description",
        "source_value",
        "resolved_by",
        "resolved_at",
        "created_at",
    )
    actions = ("mark_resolved", "mark_ignored", "take_okvet", "keep_pet_friendly")
    fields = (*readonly_fields, "resolved", "resolution")

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        """Editing an issue by hand records who resolved it and when."""
        if obj.resolved and "resolved" in form.changed_data:
            obj.resolved_by, obj.resolved_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark selected issues as resolved"))
    def mark_resolved(self, request, queryset):
        return self._close(request, queryset, _("Resolved"), "mark_resolved")

    @admin.action(description=_("Ignore selected issues (accepted as they are)"))
    def mark_ignored(self, request, queryset):
        return self._close(request, queryset, _("Ignored"), "mark_ignored")

    def _close(self, request, queryset, verdict, action):
        """Ask why first (an intermediate page), then record who, when and why."""
        reason = request.POST.get("reason", "").strip()
        if "confirm" not in request.POST or not reason:
            return TemplateResponse(
                request,
                "admin/migration/close_issues.html",
                {
                    **self.admin_site.each_context(request),
                    "title": verdict,
                    "issues": queryset,
                    "action": action,
                    "missing_reason": "confirm" in request.POST,
                    "opts": self.model._meta,
                },
            )
        count = queryset.update(
            resolved=True,
            resolved_by=request.user,
            resolved_at=timezone.now(),
            resolution=f"{verdict}: {reason}",
        )
        self.message_user(request, _("%(count)d issues closed.") % {"count": count})
        return None

    @admin.action(description=_("Take OkVet's value"))
    def take_okvet(self, request, queryset):
        return self._resolve(request, queryset, TAKE_OKVET, "take_okvet")

    @admin.action(description=_("Keep Pet-Friendly's value"))
    def keep_pet_friendly(self, request, queryset):
        return self._resolve(request, queryset, KEEP_CLINIC, "keep_pet_friendly")

    def _resolve(self, request, queryset, choice, action):
        """The same resolution as ``conflict_resolve``, after a page showing both values and
        asking why; selected issues that are not sync conflicts are left as they are."""
        conflicts = list(
            queryset.filter(issue_type=CONFLICT).order_by("pk").values_list("pk", flat=True)
        )
        reason = request.POST.get("reason", "").strip()
        if "confirm" not in request.POST or not reason:
            return TemplateResponse(
                request,
                "admin/migration/resolve_conflicts.html",
                {
                    **self.admin_site.each_context(request),
                    "title": self.get_actions(request)[action][2],
                    "conflicts": conflicts_preview(issue_ids=conflicts),
                    "others": queryset.exclude(issue_type=CONFLICT).count(),
                    "selected": list(queryset.values_list("pk", flat=True)),
                    "action": action,
                    "missing_reason": "confirm" in request.POST,
                    "opts": self.model._meta,
                },
            )
        closed: set[int] = set()
        for pk in conflicts:
            if pk in closed:  # closed with its paired column's
                continue
            try:
                result = conflict_resolve(
                    issue_id=pk, choice=choice, user_id=request.user.pk, reason=reason
                )
            except MigrationError as exc:
                self.message_user(request, exc.render(gettext), messages.ERROR)
            else:
                closed.update(result.issue_ids)
        if closed:
            self.message_user(
                request, gettext("%(count)d conflicts resolved.") % {"count": len(closed)}
            )
        return None


PREVIEW_FIELDS = (
    "full_name",
    "ident_type",
    "ident_number",
    "mobile",
    "phone",
    "phone2",
    "address",
    "city",
    "authorized_contact",
    "legacy_id",
    "is_active",
)


def _preview_rows(sides) -> list[tuple[str, list]]:
    """The owners' fields side by side, then their history counts, with the clinic's labels."""
    meta = OwnerProfile._meta
    rows = [
        (meta.get_field(name).verbose_name, [getattr(side.owner, name) for side in sides])
        for name in PREVIEW_FIELDS
    ]
    rows.insert(6, (_("email"), [side.owner.user.email for side in sides]))
    for label, _link in HISTORY:
        if label == "clinic.Pet":  # listed by name
            continue
        plural = apps.get_model(label)._meta.verbose_name_plural
        rows.append((plural, [side.counts[label] for side in sides]))
    return rows


@admin.action(description=_("Merge the selected owners (preview first)"))
def merge_owners(modeladmin, request, queryset):
    """Duplicates flagged by the import, merged by hand after a preview: the owners side by
    side, the survivor chosen (the oldest by default); pets, history and OkVet ids move to it.
    The merge can be undone under *Owner merges*."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    if len(ids) < 2:
        modeladmin.message_user(request, _("Select at least two owners."), messages.ERROR)
        return None
    chosen = request.POST.get("survivor", "")
    survivor = int(chosen) if chosen.isdigit() and int(chosen) in ids else None
    if "confirm" not in request.POST or survivor is None:
        sides = owners_merge_preview(owner_ids=ids)
        return TemplateResponse(
            request,
            "admin/migration/merge_owners.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Merge owners"),
                "sides": sides,
                "rows": _preview_rows(sides),
                "survivor": survivor or ids[0],
                "opts": modeladmin.model._meta,
            },
        )
    for other in ids:
        if other != survivor:
            owners_merge(survivor_id=survivor, merged_id=other, user_id=request.user.pk)
    modeladmin.message_user(
        request,
        gettext("%(n)d owners merged into %(owner)s.")
        % {"n": len(ids) - 1, "owner": OwnerProfile.objects.get(pk=survivor)},
    )
    return None


owner_admin = admin.site._registry[OwnerProfile]
owner_admin.actions = [*(owner_admin.actions or []), merge_owners]


@admin.register(OwnerMerge)
class OwnerMergeAdmin(ReadOnlyAdmin):
    list_display = ("id", "survivor", "merged", "merged_by", "merged_at", "undone_at")
    actions = ["undo"]

    @admin.action(description=_("Undo the selected merges"))
    def undo(self, request, queryset) -> None:
        for merge in queryset:
            try:
                owners_merge_undo(merge_id=merge.pk)
            except MigrationError as exc:
                self.message_user(request, exc.render(gettext), messages.ERROR)
            else:
                self.message_user(request, gettext("Merge %(id)d undone.") % {"id": merge.pk})
