"""Products and the historical invoice archive."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic.models.base import SourcedModel
from clinic.models.people import OwnerProfile

MONEY = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True}


class Product(SourcedModel):
    """A product or service. Imported stock is an opening count awaiting review."""

    code = models.CharField(_("code"), max_length=100, blank=True)
    barcode = models.CharField(_("barcode"), max_length=100, blank=True)
    name = models.TextField(_("name"), blank=True)
    category = models.TextField(_("category"), blank=True)
    brand = models.TextField(_("brand / laboratory"), blank=True)
    presentation = models.TextField(_("presentation"), blank=True)
    unit = models.TextField(_("unit"), blank=True)
    cost = models.DecimalField(_("cost"), **MONEY)
    price = models.DecimalField(_("price"), **MONEY)
    tax_rate = models.DecimalField(_("VAT %"), max_digits=5, decimal_places=2, null=True)
    opening_stock = models.DecimalField(
        _("opening stock"), max_digits=14, decimal_places=3, null=True
    )
    stock_needs_review = models.BooleanField(_("stock pending review"), default=False)
    minimum_stock = models.DecimalField(
        _("minimum stock"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    lot = models.CharField(_("lot"), max_length=100, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name or self.code


class Invoice(SourcedModel):
    """An invoice. Imported invoices are a read-only archive: never renumbered or re-sent."""

    owner = models.ForeignKey(
        OwnerProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
        verbose_name=_("owner"),
    )
    prefix = models.CharField(_("prefix"), max_length=20, blank=True)
    number = models.CharField(_("number"), max_length=50, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    client_name = models.TextField(_("client as written"), blank=True)
    client_document = models.CharField(_("client document"), max_length=50, blank=True)
    subtotal = models.DecimalField(_("subtotal"), **MONEY)
    discount = models.DecimalField(_("discount"), **MONEY)
    tax = models.DecimalField(_("VAT"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    balance = models.DecimalField(_("balance"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="COP")
    status = models.TextField(_("status"), blank=True)
    is_archive = models.BooleanField(_("historical archive"), default=False)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}{self.number}"


class InvoiceLine(SourcedModel):
    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name=_("invoice")
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    description = models.TextField(_("description"), blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3, null=True)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    discount = models.DecimalField(_("discount"), **MONEY)
    tax_rate = models.DecimalField(_("VAT %"), max_digits=5, decimal_places=2, null=True)
    total = models.DecimalField(_("total"), **MONEY)
    is_active = models.BooleanField(
        _("current"), default=True, help_text=_("Unticked: the line was removed in OkVet.")
    )

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")

    def __str__(self) -> str:
        return self.description or f"#{self.pk}"
