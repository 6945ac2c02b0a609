"""Products and the historical invoice archive in the admin."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clinic import models as m
from clinic.admin.base import JSON_FIELDS, ImportedFilter, ReadOnlyWhenImported, SourcedAdmin
from clinic.display import moment, money


class LineInline(admin.TabularInline):
    model = m.InvoiceLine
    fields = ("description", "quantity", "unit_price", "discount", "tax_rate", "total", "is_active")
    readonly_fields = fields
    exclude = JSON_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(m.Invoice)
class InvoiceAdmin(ReadOnlyWhenImported):
    list_display = ("__str__", "issued", "owner", "client_name", "amount", "status", "imported")
    list_select_related = ("owner",)
    list_filter = (ImportedFilter, "is_archive", "currency")
    date_hierarchy = "issued_at"
    search_fields = ("number", "=legacy_id", "client_name", "client_document", "owner__full_name")
    folded_search = ("owner__search_name",)
    raw_id_fields = ("owner",)
    inlines = [LineInline]

    @admin.display(description=_("issued at"), ordering="issued_at")
    def issued(self, obj) -> str:
        return moment(obj.issued_at) or "—"

    @admin.display(description=_("total"), ordering="total")
    def amount(self, obj) -> str:
        return money(obj.total, obj.currency) or "—"


@admin.register(m.InvoiceLine)
class InvoiceLineAdmin(ReadOnlyWhenImported):
    list_display = ("description", "invoice", "quantity", "amount", "is_active", "imported")
    list_select_related = ("invoice",)
    search_fields = ("description", "=legacy_id", "invoice__number")
    raw_id_fields = ("invoice", "product")

    @admin.display(description=_("total"), ordering="total")
    def amount(self, obj) -> str:
        return money(obj.total) or "—"


@admin.register(m.Product)
class ProductAdmin(SourcedAdmin):
    list_display = ("__str__", "code", "category", "price_cop", "is_active", "imported")
    list_filter = (ImportedFilter, "is_active", "stock_needs_review")
    search_fields = ("name", "code", "barcode", "category", "=legacy_id")

    @admin.display(description=_("price"), ordering="price")
    def price_cop(self, obj) -> str:
        return money(obj.price) or "—"
