"""What every clinic admin shares: the audit trail of edits to imported records, where a record
came from, and JSON fields shown as labelled lines — never as raw JSON."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic import models as m
from clinic.entries import detail_text
from clinic.models.folding import fold

SOURCE_FIELDS = ("source_system", "legacy_id", "kept_from_okvet", "created_at", "updated_at")
JSON_FIELDS = ("legacy_extras",)
EMPTY = "—"

EXTRAS = {
    "pet_id": _("OkVet pet id (that pet is not in the export)"),
    "owner_id": _("OkVet owner id (that owner is not in the export)"),
    "vet_id": _("OkVet clinic id"),
    "user_id": _("OkVet user id"),
    "calendar_id": _("OkVet calendar id"),
    "import_id": _("OkVet import id"),
    "waiting_room_shift_id": _("OkVet waiting-room turn id"),
}
"""OkVet columns kept verbatim on a record, by what they are; any other by its column name."""


def labelled(lines: Iterable[tuple[str, str]]) -> SafeString | str:
    """``[("temperatura", "38,5 °C")]`` → "Temperatura: 38,5 °C", one line each, escaped."""
    rows = [(capfirst(str(label)), value) for label, value in lines if str(value).strip()]
    if not rows:
        return EMPTY
    return format_html_join(mark_safe("<br>"), "{}: {}", rows)


def extras_lines(extras: dict) -> list[tuple[str, str]]:
    """The OkVet columns a record keeps that have no field here, each labelled."""
    return [
        (EXTRAS.get(key) or gettext("OkVet column “{name}”").format(name=key), detail_text(key, v))
        for key, v in (extras or {}).items()
    ]


def plain(value) -> object:
    """A form value as JSON can keep it (a model instance as its id, a date as text)."""
    if hasattr(value, "pk"):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def folded_words(term: str, *paths: str) -> Q | None:
    """Every word of ``term``, accents and case aside, in one of the folded name columns
    ``paths`` (``"pet__search_name"``); ``None`` for an empty term."""
    words = fold(term).split()
    if not words:
        return None
    match = Q()
    for word in words:
        either = Q()
        for path in paths:
            either |= Q(**{f"{path}__contains": word})
        match &= either
    return match


class FoldedSearch(admin.ModelAdmin):
    """The admin's search, plus names found whatever their accents and capitals."""

    folded_search: tuple[str, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        names = folded_words(search_term, *self.folded_search) if self.folded_search else None
        if names is not None:
            found = found | queryset.filter(names)
        return found, duplicates


class ImportedFilter(admin.SimpleListFilter):
    title = _("imported")
    parameter_name = "imported"

    def lookups(self, request, model_admin):
        return (("yes", _("Imported from OkVet")), ("no", _("Created in Pet-Friendly")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(source_system=m.Origin.NATIVE)
        if self.value() == "no":
            return queryset.filter(source_system=m.Origin.NATIVE)
        return queryset


class SourcedAdmin(FoldedSearch):
    readonly_fields = SOURCE_FIELDS
    exclude = JSON_FIELDS
    list_filter = (ImportedFilter,)

    def save_model(self, request, obj, form, change) -> None:
        """An edit of an imported record leaves an audit trail: who, when, before and after."""
        super().save_model(request, obj, form, change)
        if change and obj.is_imported and form.changed_data:
            m.ChangeLog.objects.create(
                model=obj._meta.label,
                object_id=obj.pk,
                object_repr=str(obj)[:255],
                changed_by=request.user,
                changes={
                    name: [plain(form.initial.get(name)), plain(form.cleaned_data.get(name))]
                    for name in form.changed_data
                },
            )

    @admin.display(boolean=True, description=_("imported"))
    def imported(self, obj) -> bool:
        return obj.is_imported

    @admin.display(description=_("kept from OkVet"))
    def kept_from_okvet(self, obj) -> SafeString | str:
        """OkVet's columns that have no field here, as they were: "Id de clínica OkVet: 3"."""
        return labelled(extras_lines(obj.legacy_extras))


class ReadOnlyWhenImported(SourcedAdmin):
    """Medico-legal history brought over from OkVet is shown, never altered."""

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_imported:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_imported:
            return False
        return super().has_delete_permission(request, obj)
