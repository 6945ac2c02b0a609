"""List filters whose options read as the clinic's words and return exactly their rows."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migration.admin.display import issue_label
from migration.models import model_name
from migration.read.declarations import DECLARATIONS, SUPPORT

SUPPORT_LABELS = {
    "placeholder-owner": _("placeholder owner"),
    "placeholder-pet": _("placeholder pet"),
    "staff": _("OkVet staff member"),
    "invoice": _("invoice"),
}


def namespace_label(namespace: str) -> str:
    """An ID-map namespace as the clinic calls its table: ``client`` → "Clientes/Propietarios"."""
    if namespace in SUPPORT:
        return str(SUPPORT_LABELS.get(namespace, namespace))
    for table in DECLARATIONS.values():
        if namespace == table.id_type:
            return gettext(table.label)
    return namespace


class ValuesFilter(admin.SimpleListFilter):
    """The values a column holds (one query), each under its label."""

    column = ""

    def label(self, value: str) -> str:
        return value

    def lookups(self, request, model_admin):
        values = model_admin.model.objects.order_by(self.column).values_list(self.column, flat=True)
        choices = [(v, self.label(v)) for v in values.distinct()]
        return sorted(choices, key=lambda choice: str(choice[1]).lower())

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.column: self.value()})
        return queryset


class IssueTypeFilter(ValuesFilter):
    title = _("issue")
    parameter_name = column = "issue_type"

    def label(self, value: str) -> str:
        return issue_label(value)


class NamespaceFilter(ValuesFilter):
    title = _("kind of OkVet id")
    parameter_name = column = "source_type"

    def label(self, value: str) -> str:
        return namespace_label(value)


class TargetModelFilter(ValuesFilter):
    title = _("target model")
    parameter_name = column = "target_model"

    def label(self, value: str) -> str:
        return model_name(value).capitalize()
