"""What every clinic record shares: where it came from, and what could not be mapped."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Origin(models.TextChoices):
    NATIVE = "", _("Created in Pet-Friendly")
    OKVET = "okvet", _("Imported from OkVet")


class SourcedModel(models.Model):
    """A clinic record that may have been brought over from another system.

    ``legacy_id`` is the other system's key as text; ``legacy_extras`` keeps, verbatim, every
    source column that has no field here, so nothing the clinic had is lost.
    """

    source_system = models.CharField(
        _("origin"), max_length=20, choices=Origin.choices, default=Origin.NATIVE, blank=True
    )
    # no index: imported rows are found by their OkVet key through ``ExternalIdMapping``
    legacy_id = models.CharField(_("legacy id"), max_length=100, blank=True)
    legacy_extras = models.JSONField(_("legacy extras"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_imported(self) -> bool:
        return self.source_system != Origin.NATIVE
