"""Owners (clients) and staff."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic.models.base import SourcedModel
from clinic.models.folding import folded


class IdentType(models.TextChoices):
    CC = "cc", _("Citizenship card (CC)")
    CE = "ce", _("Foreigner card (CE)")
    TI = "ti", _("Identity card (TI)")
    PA = "pa", _("Passport")
    NIT = "nit", _("Tax id (NIT)")
    DNI = "dni", _("DNI")
    CURP = "curp", _("CURP")
    RUT = "rut", _("RUT")
    OTHER = "other", _("Other document")
    NONE = "", _("No document")


class OwnerProfile(SourcedModel):
    """A client of the clinic: the person responsible for one or more pets."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="owner_profile",
        verbose_name=_("user account"),
    )
    full_name = models.TextField(_("full name"), blank=True)
    search_name = folded("full_name")
    ident_type = models.CharField(
        _("document type"), max_length=10, choices=IdentType.choices, blank=True
    )
    ident_number = models.CharField(_("document number"), max_length=50, blank=True)
    ident_number_normalized = models.CharField(
        _("document number (normalised)"), max_length=50, blank=True, db_index=True
    )
    mobile = models.CharField(_("mobile (E.164)"), max_length=20, blank=True, db_index=True)
    mobile_raw = models.TextField(_("mobile as written"), blank=True)
    phone = models.CharField(_("phone (E.164)"), max_length=20, blank=True, db_index=True)
    phone_raw = models.TextField(_("phone as written"), blank=True)
    phone2 = models.CharField(_("second phone (E.164)"), max_length=20, blank=True, db_index=True)
    phone2_raw = models.TextField(_("second phone as written"), blank=True)
    address = models.TextField(_("address"), blank=True)
    city = models.TextField(_("city"), blank=True)
    region = models.TextField(_("region"), blank=True)
    country = models.TextField(_("country"), blank=True)
    country_code = models.CharField(_("country code"), max_length=2, blank=True)
    authorized_contact = models.TextField(_("authorised contact"), blank=True)
    person_kind = models.TextField(_("kind of person"), blank=True)
    tax_regime = models.TextField(_("tax regime"), blank=True)
    habeas_at = models.DateTimeField(_("data-processing consent"), null=True, blank=True)
    alternate_contacts = models.JSONField(
        _("alternate contacts"),
        default=list,
        blank=True,
        help_text=_("Phones, emails and addresses of duplicate records merged into this owner."),
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_contactable = models.BooleanField(_("contactable"), default=True)

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["full_name", "id"]
        # the staff search finds an owner's pets by the owner's OkVet id (``clinic.search``)
        indexes = [models.Index(fields=["legacy_id"])]

    def __str__(self) -> str:
        return self.full_name or f"#{self.pk}"


class Staff(SourcedModel):
    """A veterinarian or assistant who wrote records (OkVet ``vet_id`` / ``user_id``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_profile",
        verbose_name=_("user account"),
    )
    name = models.TextField(
        _("name"),
        blank=True,
        help_text=_(
            "The name every record this person wrote shows. The import names them by their "
            "OkVet user id until the clinic writes the real name here."
        ),
    )
    role = models.CharField(_("role"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"
