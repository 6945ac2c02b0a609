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


def _field(model, name: str):
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


def _pair(values) -> tuple:
    """A logged ``[before, after]``; a bare value is an after with nothing before."""
    if isinstance(values, list) and len(values) == 2:
        return values[0], values[1]
    return None, values


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
        """Each field changed, by its label, before → after (``{"pet": [8, 1]}``)."""
        model = _model(obj.model)
        lines = []
        for name, values in (obj.changes or {}).items():
            field = _field(model, name)
            before, after = _pair(values)
            label = field.verbose_name if field is not None else name
            lines.append((label, f"{_shown(field, before)} → {_shown(field, after)}"))
        return labelled(lines)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
