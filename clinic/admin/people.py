"""Owners, their pets and the staff in the admin."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.admin import invitation_messages
from accounts.invitations import Site, invitation_send
from clinic import models as m
from clinic.admin.base import (
    EMPTY,
    JSON_FIELDS,
    SOURCE_FIELDS,
    ImportedFilter,
    SourcedAdmin,
)


class PetInline(admin.TabularInline):
    model = m.Pet
    fields = ("name", "species", "breed", "birth_date", "is_deceased", "legacy_id")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False


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
    list_filter = (ImportedFilter, "is_active", "ident_type", "country_code")
    search_fields = (
        "full_name",
        "ident_number",
        "ident_number_normalized",
        "mobile",
        "phone",
        "user__email",
        "=legacy_id",
    )
    folded_search = ("search_name",)
    raw_id_fields = ("user",)
    readonly_fields = (*SOURCE_FIELDS, "alternates")
    exclude = (*JSON_FIELDS, "alternate_contacts")
    inlines = [PetInline]
    actions = ["send_invitation"]

    @admin.action(description=_("Send invitation"))
    def send_invitation(self, request, queryset) -> None:
        """The owners' accounts get the link to set their first password (those without an
        email are counted, not sent: the clinic completes them first)."""
        users = [owner.user for owner in queryset.select_related("user") if owner.user_id]
        result = invitation_send(users=users, site=Site.of(request))
        for level, text in invitation_messages(result):
            self.message_user(request, text, level)

    @admin.display(description=_("alternate contacts"))
    def alternates(self, obj) -> str:
        """The contact values of duplicates merged into this owner, one line each:
        "Celular (E.164): +573005550000 — del registro 302 de OkVet (lote 7)"."""
        entries = obj.alternate_contacts or []
        if not entries:
            return EMPTY
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


@admin.register(m.Pet)
class PetAdmin(SourcedAdmin):
    list_display = (
        "name",
        "species",
        "breed",
        "sex",
        "birth_date",
        "size",
        "owner",
        "is_deceased",
        "imported",
        "legacy_id",
    )
    list_select_related = ("owner",)
    list_filter = (ImportedFilter, "species", "sex", "is_deceased", "is_active")
    search_fields = ("name", "=microchip", "clinic_code", "owner__full_name", "=legacy_id")
    folded_search = ("search_name", "owner__search_name")
    raw_id_fields = ("owner",)

    @admin.display(description=_("size"), ordering="size_code")
    def size(self, obj) -> str:
        """OkVet's size code with what it is: the export gives the number only."""
        if not obj.size_code:
            return EMPTY
        return gettext("OkVet size code {code}").format(code=obj.size_code)


@admin.register(m.Staff)
class StaffAdmin(SourcedAdmin):
    """The clinic writes each OkVet user's real name once ("OkVet user 10" → "Dra. Ana
    Gómez"); every record they wrote shows it from then on."""

    list_display = ("okvet_user", "name", "role", "user", "is_active", "imported")
    list_display_links = ("okvet_user",)
    list_editable = ("name", "role")
    list_select_related = ("user",)
    list_filter = (ImportedFilter, "is_active")
    search_fields = ("name", "=legacy_id", "user__username", "user__email")
    fields = ("name", "role", "user", "is_active", *SOURCE_FIELDS)
    raw_id_fields = ("user",)
    formfield_overrides = {models.TextField: {"widget": forms.TextInput}}

    @admin.display(description=_("OkVet user"), ordering="legacy_id")
    def okvet_user(self, obj) -> str:
        if obj.legacy_id:
            return gettext("OkVet user {id}").format(id=obj.legacy_id)
        return gettext("Created in Pet-Friendly")
