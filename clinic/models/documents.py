"""Documents, consent forms, attachments and photos."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clinic.models.base import SourcedModel
from clinic.models.clinical import MedicalRecord
from clinic.models.people import OwnerProfile
from clinic.models.pets import Pet


class DocumentKind(models.TextChoices):
    CONSENT = "consent", _("Consent / signed form")
    ATTACHMENT = "attachment", _("Attachment")
    PHOTO = "photo", _("Photo")
    OTHER = "other", _("Other")


class Document(SourcedModel):
    """A document or file reference; ``file`` is set once the file itself has been stored."""

    pet = models.ForeignKey(
        Pet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("pet"),
    )
    owner = models.ForeignKey(
        OwnerProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("owner"),
    )
    medical_record = models.ForeignKey(
        MedicalRecord,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("medical record"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    name = models.TextField(_("name"), blank=True)
    original_path = models.TextField(_("original path"), blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", max_length=500, blank=True)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    size_bytes = models.BigIntegerField(_("size (bytes)"), null=True, blank=True)
    documented_at = models.DateTimeField(_("date"), null=True, blank=True)
    requires_signature = models.BooleanField(_("requires signature"), default=False)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-documented_at", "-id"]

    def __str__(self) -> str:
        return self.name or self.original_path
