"""Pets (patients)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic.models.base import SourcedModel
from clinic.models.folding import folded
from clinic.models.people import OwnerProfile


class Species(models.TextChoices):
    DOG = "dog", _("Dog")
    CAT = "cat", _("Cat")
    BIRD = "bird", _("Bird")
    RODENT = "rodent", _("Rodent")
    REPTILE = "reptile", _("Reptile")
    RABBIT = "rabbit", _("Rabbit")
    HORSE = "horse", _("Horse")
    FERRET = "ferret", _("Ferret")
    FISH = "fish", _("Fish")
    PIG = "pig", _("Pig")
    BOVINE = "bovine", _("Bovine")
    GOAT = "goat", _("Goat")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Unknown")


class DatePrecision(models.TextChoices):
    EXACT = "exact", _("Exact")
    MONTH = "month", _("Month only (estimated day)")
    YEAR = "year", _("Year only (estimated)")
    UNKNOWN = "unknown", _("Unknown")


class Pet(SourcedModel):
    """A patient. Deceased pets stay, inactive, with their whole history."""

    owner = models.ForeignKey(
        OwnerProfile, on_delete=models.PROTECT, related_name="pets", verbose_name=_("owner")
    )
    name = models.TextField(_("name"), blank=True)
    search_name = folded("name")
    species = models.CharField(
        _("species"), max_length=20, choices=Species.choices, default=Species.OTHER
    )
    species_original = models.TextField(_("species as written"), blank=True)
    breed = models.TextField(_("breed"), blank=True)
    breed_original = models.TextField(_("breed as written"), blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    neutered = models.BooleanField(_("neutered"), null=True, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("birth date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    weight_kg = models.DecimalField(
        _("weight (kg)"), max_digits=10, decimal_places=3, null=True, blank=True
    )
    weight_raw = models.TextField(_("weight as written"), blank=True)
    weight_unit_raw = models.TextField(_("weight unit as written"), blank=True)
    size_code = models.CharField(
        _("size (OkVet code)"),
        max_length=10,
        blank=True,
        help_text=_("OkVet's size code, 0 to 6. The export does not say which size each is."),
    )
    microchip = models.CharField(_("microchip (ISO 11784)"), max_length=15, blank=True)
    clinic_code = models.TextField(_("clinic code"), blank=True)
    color = models.TextField(_("colour"), blank=True)
    food = models.TextField(_("food"), blank=True)
    photo = models.TextField(_("photo reference"), blank=True)
    is_deceased = models.BooleanField(_("deceased"), default=False)
    deceased_at = models.DateField(_("date of death"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("pet")
        verbose_name_plural = _("pets")
        ordering = ["name", "id"]
        # the staff search finds a pet by its OkVet id (``clinic.search``)
        indexes = [models.Index(fields=["microchip"]), models.Index(fields=["legacy_id"])]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"
