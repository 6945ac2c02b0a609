"""The issue queue: each problem with where it was, what it means, what to do, a link to the
record it concerns; closed with a reason (resolved or ignored), or, for a sync conflict, by
choosing the value to keep. Nothing else about an issue is edited."""

from __future__ import annotations

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migration.admin.base import ReadOnlyAdmin, existing_targets, target_link
from migration.admin.filters import IssueTypeFilter
from migration.errors import MigrationError
from migration.issues import CATALOG
from migration.management.numbers import Number
from migration.models import DataQualityIssue, file_name
from migration.services.conflicts import (
    CONFLICT,
    KEEP_CLINIC,
    TAKE_OKVET,
    conflict_resolve,
    conflicts_preview,
)

CLOSE_CHOICES = (
    ("mark_resolved", _("Resolve this issue (say why)")),
    ("mark_ignored", _("Ignore this issue, accepted as it is (say why)")),
)
CONFLICT_CHOICES = (
    ("take_okvet", _("Take OkVet's value")),
    ("keep_pet_friendly", _("Keep Pet-Friendly's value")),
)


@admin.register(DataQualityIssue)
class DataQualityIssueAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "severity",
        "issue",
        "file",
        "source_row",
        "source_id",
        "field_name",
        "source_value",
        "description",
        "resolved",
        "concerns",
    )
    list_display_links = ("number", "issue")
    list_filter = (
        "severity",
        IssueTypeFilter,
        "resolved",
        "batch__batch_type",
        "batch__run",
        "batch",
    )
    list_select_related = ("record",)
    search_fields = ("source_id", "source_value", "description")
    fields = (
        "batch",
        "record",
        "concerns",
        "severity",
        "issue",
        "advice",
        "description",
        "source_file",
        "source_row",
        "source_id",
        "field_name",
        "source_value",
        "resolved",
        "resolution",
        "resolved_by",
        "resolved_at",
        "created_at",
    )
    readonly_fields = fields
    actions = ("mark_resolved", "mark_ignored", "take_okvet", "keep_pet_friendly")
    change_form_template = "admin/migration/dataqualityissue/change_form.html"

    def get_changelist_instance(self, request):
        """The page's records that still exist, found in one query per model."""
        changelist = super().get_changelist_instance(request)
        rows = list(changelist.result_list)
        found = existing_targets(issue.record for issue in rows if issue.record)
        for issue in rows:
            record = issue.record
            issue.target_exists = bool(record) and (record.target_model, record.target_id) in found
        return changelist

    @admin.display(description=_("issue"), ordering="issue_type")
    def issue(self, obj) -> str:
        return obj.label

    @admin.display(description=_("what to do"))
    def advice(self, obj) -> str:
        known = CATALOG.get(obj.issue_type)
        return gettext(known.advice) if known else "—"

    @admin.display(description=_("file"), ordering="source_file")
    def file(self, obj) -> str:
        return file_name(obj.source_file)

    @admin.display(description=_("concerns"))
    def concerns(self, obj) -> str:
        record = obj.record
        if record is None or not record.target_model or record.target_id is None:
            return "—"
        exists = getattr(obj, "target_exists", None)
        if exists is None:
            exists = bool(existing_targets([record]))
        return target_link(record.target_model, record.target_id, exists=exists)

    def render_change_form(self, request, context, *args, **kwargs):
        """An open issue's page offers the queue's ways to close it."""
        issue = context.get("original")
        if issue is not None and not issue.resolved:
            choices = CONFLICT_CHOICES if issue.issue_type == CONFLICT else CLOSE_CHOICES
            actions = self.get_actions(request)
            context["close_actions"] = [(n, label) for n, label in choices if n in actions]
        return super().render_change_form(request, context, *args, **kwargs)

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
        self.message_user(request, gettext("{n:,} issues closed.").format(n=Number(count)))
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
