"""Owners the import flagged as one person: merged after a preview, the merge undone."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic.models import OwnerProfile
from migration.admin import display
from migration.admin.base import ReadOnlyAdmin
from migration.errors import MigrationError
from migration.models import OwnerMerge
from migration.services.merge import HISTORY, owners_merge, owners_merge_preview, owners_merge_undo

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
    list_display = ("number", "survivor", "merged", "merged_by", "merged_at", "undone_at")
    list_display_links = ("number", "survivor")
    list_select_related = ("survivor", "merged", "merged_by")
    fields = ("survivor", "merged", "merged_by", "merged_at", "undone_at", "what_moved")
    readonly_fields = fields
    actions = ["undo"]

    @admin.display(description=_("what moved"))
    def what_moved(self, obj) -> str:
        return display.moved(obj.moved)

    @admin.action(description=_("Undo the selected merges"))
    def undo(self, request, queryset) -> None:
        for merge in queryset:
            try:
                owners_merge_undo(merge_id=merge.pk)
            except MigrationError as exc:
                self.message_user(request, exc.render(gettext), messages.ERROR)
            else:
                self.message_user(request, gettext("Merge %(id)d undone.") % {"id": merge.pk})
