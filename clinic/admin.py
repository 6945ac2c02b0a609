"""The clinic's records in the admin. Imported clinical history is read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clinic import models as m

SOURCE_FIELDS = ("source_system", "legacy_id", "legacy_extras", "created_at", "updated_at")


class SourcedAdmin(admin.ModelAdmin):
    readonly_fields = SOURCE_FIELDS
    list_filter = ("source_system",)

    @admin.display(boolean=True, description=_("imported"))
    def imported(self, obj) -> bool:
        return obj.is_imported


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


@admin.register(m.OwnerProfile)
class OwnerProfileAdmin(SourcedAdmin):
    list_display = (
        "full_name",
        "ident_type",
        "ident_number",
        "mobile",
        "city",
        "is_active",
        "imported",
        "legacy_id",
    )
    list_filter = ("source_system", "is_active", "ident_type", "country_code")
    search_fields = (
        "full_name",
        "ident_number",
        "ident_number_normalized",
        "mobile",
        "phone",
        "user__email",
        "legacy_id",
    )
    raw_id_fields = ("user",)


class PetInline(admin.TabularInline):
    model = m.Pet
    fields = ("name", "species", "breed", "birth_date", "is_deceased", "legacy_id")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False


OwnerProfileAdmin.inlines = [PetInline]


@admin.register(m.Pet)
class PetAdmin(SourcedAdmin):
    list_display = (
        "name",
        "species",
        "breed",
        "sex",
        "birth_date",
        "owner",
        "is_deceased",
        "imported",
        "legacy_id",
    )
    list_filter = ("source_system", "species", "sex", "is_deceased", "is_active")
    search_fields = ("name", "microchip", "clinic_code", "owner__full_name", "legacy_id")
    raw_id_fields = ("owner",)


@admin.register(m.Staff)
class StaffAdmin(SourcedAdmin):
    list_display = ("name", "role", "is_active", "imported", "legacy_id")
    search_fields = ("name", "legacy_id")


for model in (m.MedicalRecord, m.VaccinationRecord, m.Appointment, m.Invoice, m.Document):
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (ReadOnlyWhenImported,),
            {"list_display": ("__str__", "imported", "legacy_id")},
        ),
    )

for model in (m.MedicalRecordItem, m.InvoiceLine, m.Product):
    admin.site.register(
        model,
        type(f"{model.__name__}Admin", (SourcedAdmin,), {"list_display": ("__str__", "legacy_id")}),
    )
