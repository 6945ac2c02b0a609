"""The clinic's records in the admin. Imported clinical history is read-only."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic import models as m

SOURCE_FIELDS = ("source_system", "legacy_id", "legacy_extras", "created_at", "updated_at")


def _plain(value) -> object:
    """A form value as JSON can keep it (a model instance as its id, a date as text)."""
    if hasattr(value, "pk"):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


class SourcedAdmin(admin.ModelAdmin):
    readonly_fields = SOURCE_FIELDS
    list_filter = ("source_system",)

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
                    name: [_plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))]
                    for name in form.changed_data
                },
            )

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
    readonly_fields = (*SOURCE_FIELDS, "alternates")
    exclude = ("alternate_contacts",)

    @admin.display(description=_("alternate contacts"))
    def alternates(self, obj) -> str:
        """The contact values of duplicates merged into this owner, one line each:
        "Celular (E.164): +573005550000 — del registro 302 de OkVet (lote 7)"."""
        entries = obj.alternate_contacts or []
        if not entries:
            return "—"
        lines = (
            (
                _alternate_label(entry.get("field", "")),
                entry.get("value", ""),
                gettext("from OkVet record %(id)s (batch %(batch)s)")
                % {"id": entry.get("source_id", ""), "batch": entry.get("batch", "")},
            )
            for entry in entries
        )
        return format_html_join(mark_safe("<br>"), "{}: {} — {}", lines)


def _alternate_label(name: str) -> str:
    """The clinic's label of a contact field (``"phone2"`` → "Segundo teléfono (E.164)")."""
    if name == "email":
        return capfirst(gettext("email"))
    try:
        return capfirst(m.OwnerProfile._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


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


READ_ONLY_WHEN_IMPORTED = (
    m.MedicalRecord,
    m.MedicalRecordItem,
    m.VaccinationRecord,
    m.Appointment,
    m.Invoice,
    m.InvoiceLine,
    m.Document,
)
for model in READ_ONLY_WHEN_IMPORTED:
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (ReadOnlyWhenImported,),
            {"list_display": ("__str__", "imported", "legacy_id")},
        ),
    )

admin.site.register(
    m.Product, type("ProductAdmin", (SourcedAdmin,), {"list_display": ("__str__", "legacy_id")})
)


@admin.register(m.ChangeLog)
class ChangeLogAdmin(admin.ModelAdmin):
    list_display = ("changed_at", "model", "object_repr", "changed_by")
    list_filter = ("model",)
    search_fields = ("object_repr",)
    readonly_fields = ("model", "object_id", "object_repr", "changed_by", "changed_at", "changes")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
