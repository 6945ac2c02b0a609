"""What every admin page of the migration shares: read-only views, the interrupted mark,
plain ids, links to the records a row concerns."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.db.models import BooleanField, ExpressionWrapper
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migration.models import model_name
from migration.services.interrupted import interrupted_condition
from migration.services.lock import current_holder


class ReadOnlyAdmin(admin.ModelAdmin):
    """The migration's tracking is the proof of what happened: it is looked at, never added,
    edited or deleted here (a rollback, with its preview, is the only way out)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("number"), ordering="pk")
    def number(self, obj) -> str:
        """An id as written in a message ("Lote 1234"), not as a quantity ("1.234")."""
        return str(obj.pk)


def user_name(request) -> str:
    return request.user.get_full_name() or request.user.get_username()


def may(request, model, action: str) -> bool:
    """Whether the user holds the model's custom permission ``<action>_<model>``."""
    opts = model._meta
    return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def change_url(label: str, pk) -> str:
    """The admin page of ``clinic.Pet`` ``pk``; empty when that model has none."""
    app_label, _dot, name = label.partition(".")
    try:
        return reverse(f"admin:{app_label}_{name.lower()}_change", args=[pk])
    except NoReverseMatch:
        return ""


def target_link(label: str, pk, *, exists: bool = True) -> str:
    """``Mascota 12`` linked to its admin page, or as text when it has none or is gone."""
    if not label or pk is None:
        return "—"
    text = f"{model_name(label).capitalize()} {pk}"
    if not exists:
        return gettext("{record} (no longer exists)").format(record=text)
    url = change_url(label, pk)
    return format_html('<a href="{}">{}</a>', url, text) if url else text


def existing_targets(rows) -> set[tuple[str, int]]:
    """Which ``(target_model, target_id)`` of these rows still exist: one query per model."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row.target_model and row.target_id is not None:
            wanted.setdefault(row.target_model, set()).add(row.target_id)
    found: set[tuple[str, int]] = set()
    for label, ids in wanted.items():
        try:
            manager = apps.get_model(label)._base_manager
        except (LookupError, ValueError):
            continue
        found.update((label, pk) for pk in manager.filter(pk__in=ids).values_list("pk", flat=True))
    return found


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
