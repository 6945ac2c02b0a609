"""The audit trail of edits to imported records, as sentences: "Mascota: Huérfano → Rocky"."""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from clinic import models as m
from clinic.admin.base import EMPTY, labelled
from clinic.display import moment


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _shown(field, value) -> str:
    """A logged value as the clinic reads it: a linked row by its name, a choice by its label."""
    if value in (None, ""):
        return EMPTY
    if field is not None and field.is_relation:
        found = field.related_model._default_manager.filter(pk=value).first()
        return str(found) if found is not None else f"#{value}"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


class ModelFilter(admin.SimpleListFilter):
    title = _("record type")
    parameter_name = "model"

    def lookups(self, request, model_admin):
        labels = m.ChangeLog.objects.order_by("model").values_list("model", flat=True).distinct()
        return [(label, _kind(label)) for label in labels]

    def queryset(self, request, queryset):
        return queryset.filter(model=self.value()) if self.value() else queryset


def _kind(label: str) -> str:
    model = _model(label)
    return str(model._meta.verbose_name).capitalize() if model else label


@admin.register(m.ChangeLog)
class ChangeLogAdmin(admin.ModelAdmin):
    list_display = ("when", "kind", "object_repr", "changed_by")
    list_select_related = ("changed_by",)
    list_filter = (ModelFilter,)
    search_fields = ("object_repr",)
    fields = ("kind", "object_id", "object_repr", "changed_by", "when", "changed")
    readonly_fields = fields

    @admin.display(description=_("changed at"), ordering="changed_at")
    def when(self, obj) -> str:
        return moment(obj.changed_at)

    @admin.display(description=_("record type"), ordering="model")
    def kind(self, obj) -> str:
        return _kind(obj.model)

    @admin.display(description=_("changes"))
    def changed(self, obj):
        """Each field changed, by its label, before → after."""
        model = _model(obj.model)
        lines = []
        for name, values in (obj.changes or {}).items():
            try:
                field = model._meta.get_field(name) if model else None
            except FieldDoesNotExist:
                field = None
            before, after = (
                (list(values) + [None, None])[:2] if isinstance(values, list) else (None, values)
            )
            label = field.verbose_name if field is not None else name
            lines.append((label, f"{_shown(field, before)} → {_shown(field, after)}"))
        return labelled(lines)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
