"""A pet's history in the admin: medical records, vaccinations, appointments and documents.

Listed by date in the clinic's time zone with the pet's name, searchable by pet, owner, OkVet
id and text, filtered by type, date, origin and whether OkVet's export had the pet. Vitals,
body systems and the rest OkVet kept are labelled lines ("Temperatura: 38,5 °C").
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic import models as m
from clinic.admin.base import (
    JSON_FIELDS,
    SOURCE_FIELDS,
    ImportedFilter,
    ReadOnlyWhenImported,
    labelled,
)
from clinic.admin.reassign import OrphanFilter, ReassignAdmin
from clinic.display import day, moment
from clinic.entries import DETAILS, PARSED, RAW_VITALS, body_systems, detail_text, vitals

PET_SEARCH = ("pet__search_name", "pet__owner__search_name")
RECORD_JSON = (*JSON_FIELDS, "vitals_raw", "body_systems", "details")
VITAL_FIELDS = (
    "temperature_c",
    "heart_rate",
    "breathing_rate",
    "crt_seconds",
    "bcs",
    "bcs_scale",
    "weight_kg",
)
WRITTEN = {
    **{column: label for _name, column, label, _unit in PARSED},
    **RAW_VITALS,
    "temperature_unit": _("temperature unit"),
    "weight": _("weight"),
    "weight_unit": _("weight unit"),
    "bcs": _("body condition"),
}
"""OkVet's vitals columns as the record keeps them, typed as they were."""
MORE_DETAILS = {"files": _("attachments"), "okvet_clinic": _("OkVet clinic id")}


def detail_lines(details: dict) -> list[tuple[str, str]]:
    """What a clinical table kept beyond the record's fields, each by its label."""
    lines = []
    for key, value in (details or {}).items():
        label = DETAILS.get(key) or MORE_DETAILS.get(key) or key.replace("_", " ")
        if key == "files" and isinstance(value, list):
            text = "; ".join(f"{f.get('name', '')} ({f.get('path', '')})" for f in value)
        else:
            text = detail_text(key, value)
        lines.append((label, text))
    return lines


class HistoryAdmin(ReassignAdmin, ReadOnlyWhenImported):
    """What each kind of a pet's history shares in the admin."""

    list_select_related = ("pet", "pet__owner")
    list_filter = (ImportedFilter, OrphanFilter)
    folded_search = PET_SEARCH
    raw_id_fields = ("pet",)

    @admin.display(description=_("pet"), ordering="pet__search_name")
    def pet_name(self, obj) -> str:
        return str(obj.pet) if obj.pet_id else "—"

    @admin.display(description=_("species"))
    def species(self, obj) -> str:
        return obj.pet.get_species_display() if obj.pet_id else "—"


class ItemInline(admin.TabularInline):
    model = m.MedicalRecordItem
    fields = ("name", "presentation", "quantity", "instructions", "is_active")
    exclude = JSON_FIELDS
    extra = 0

    def _editable(self, obj) -> bool:
        return obj is None or not obj.is_imported

    def has_add_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(m.MedicalRecord)
class MedicalRecordAdmin(HistoryAdmin):
    list_display = (
        "when",
        "pet_name",
        "species",
        "record_type",
        "author",
        "okvet_pet",
        "imported",
    )
    list_select_related = ("pet", "pet__owner", "author")
    list_filter = ("record_type", ImportedFilter, OrphanFilter, "pet__species", "is_internal")
    date_hierarchy = "occurred_at"
    search_fields = (
        "pet__name",
        "pet__owner__full_name",
        "=legacy_id",
        "=pet__legacy_id",
        "title",
        "anamnesis",
        "diagnosis_final",
        "diagnosis_presumptive",
        "interpretation",
        "observations",
    )
    raw_id_fields = ("pet", "author")
    exclude = RECORD_JSON
    readonly_fields = (
        *SOURCE_FIELDS,
        "okvet_pet",
        "vital_signs",
        "vitals_as_written",
        "systems",
        "kept_details",
    )
    inlines = [ItemInline]

    def get_fieldsets(self, request, obj=None):
        imported = obj is not None and obj.is_imported
        signs = ("vital_signs", "vitals_as_written") if imported else VITAL_FIELDS
        return (
            (None, {"fields": ("pet", "author", "record_type", "subtype", "title")}),
            (None, {"fields": ("occurred_at", "ended_at", "next_control_at", "is_internal")}),
            (
                _("History"),
                {
                    "fields": (
                        "anamnesis",
                        "objective",
                        "problems",
                        "interpretation",
                        "diagnostic_plan",
                        "therapeutic_plan",
                        "treatment",
                        "observations",
                    )
                },
            ),
            (
                _("Diagnosis"),
                {"fields": ("diagnosis_presumptive", "diagnosis_differential", "diagnosis_final")},
            ),
            (_("Vital signs"), {"fields": signs}),
            (_("Body systems and details"), {"fields": ("systems", "kept_details")}),
            (_("Origin"), {"fields": (*SOURCE_FIELDS, "okvet_pet")}),
        )

    @admin.display(description=_("date"), ordering="occurred_at")
    def when(self, obj) -> str:
        return moment(obj.occurred_at) or "—"

    @admin.display(description=_("vital signs"))
    def vital_signs(self, obj):
        return labelled((f.label, f.value) for f in vitals(obj))

    @admin.display(description=_("vitals as written"))
    def vitals_as_written(self, obj):
        raw = obj.vitals_raw or {}
        return labelled((WRITTEN.get(key, key.replace("_", " ")), v) for key, v in raw.items())

    @admin.display(description=_("body systems"))
    def systems(self, obj):
        return labelled((f.label, f.value) for f in body_systems(obj.body_systems or {}))

    @admin.display(description=_("details"))
    def kept_details(self, obj):
        return labelled(detail_lines(obj.details))


@admin.register(m.VaccinationRecord)
class VaccinationAdmin(HistoryAdmin):
    list_display = ("given", "pet_name", "species", "vaccine_name", "next_due", "imported")
    list_select_related = ("pet", "pet__owner", "administered_by")
    date_hierarchy = "date_given"
    search_fields = (
        "pet__name",
        "pet__owner__full_name",
        "=legacy_id",
        "vaccine_name",
        "lot_number",
    )
    raw_id_fields = ("pet", "administered_by")
    readonly_fields = (*SOURCE_FIELDS, "okvet_pet")

    @admin.display(description=_("date given"), ordering="date_given")
    def given(self, obj) -> str:
        return day(obj.date_given) or "—"

    @admin.display(description=_("next due date"), ordering="next_due_date")
    def next_due(self, obj) -> str:
        return day(obj.next_due_date) or "—"


@admin.register(m.Appointment)
class AppointmentAdmin(HistoryAdmin):
    list_display = ("starts", "pet_name", "owner", "kind_label", "status", "staff", "imported")
    list_select_related = ("pet", "pet__owner", "owner", "staff")
    list_filter = ("status", "is_reminder", ImportedFilter, OrphanFilter)
    date_hierarchy = "start"
    search_fields = ("pet__name", "owner__full_name", "=legacy_id", "summary", "kind")
    folded_search = ("pet__search_name", "owner__search_name")
    raw_id_fields = ("pet", "owner", "staff")
    readonly_fields = (*SOURCE_FIELDS, "okvet_pet", "kind_label")

    def get_fields(self, request, obj=None):
        """An imported appointment's OkVet type by what it means ("vacuna", not "vaccine")."""
        fields = [f for f in super().get_fields(request, obj) if f != "kind_label"]
        if obj is not None and obj.is_imported:
            fields[fields.index("kind")] = "kind_label"
        return fields

    @admin.display(description=_("start"), ordering="start")
    def starts(self, obj) -> str:
        return moment(obj.start) or "—"

    @admin.display(description=_("type"), ordering="kind")
    def kind_label(self, obj) -> str:
        return obj.get_kind_display() or "—"


@admin.register(m.Document)
class DocumentAdmin(HistoryAdmin):
    list_display = ("dated", "name", "kind", "pet_name", "imported")
    list_filter = ("kind", ImportedFilter, OrphanFilter)
    date_hierarchy = "documented_at"
    search_fields = ("name", "original_path", "pet__name", "pet__owner__full_name", "=legacy_id")
    raw_id_fields = ("pet", "owner", "medical_record")
    readonly_fields = (*SOURCE_FIELDS, "okvet_pet", "sha256", "size_bytes")

    def get_exclude(self, request, obj=None):
        """A stored file is opened through the view that checks who asks, never through its
        public storage address; a new document is uploaded as usual."""
        excluded = tuple(super().get_exclude(request, obj) or ())
        return (*excluded, "file") if obj is not None else excluded

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "stored_file") if obj is not None else fields

    @admin.display(description=_("file"))
    def stored_file(self, obj) -> str:
        if not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("clinic:file", args=[obj.pk]), obj.name or obj.file.name
        )

    @admin.display(description=_("date"), ordering="documented_at")
    def dated(self, obj) -> str:
        return moment(obj.documented_at) or gettext("undated")


@admin.register(m.MedicalRecordItem)
class MedicalRecordItemAdmin(ReadOnlyWhenImported):
    list_display = ("name", "presentation", "quantity", "record", "is_active", "imported")
    list_select_related = ("record", "record__pet")
    search_fields = ("name", "=legacy_id", "record__pet__name")
    raw_id_fields = ("record",)
