"""Who changed what on a record brought over from another system, with the values before."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChangeLog(models.Model):
    """One edit of an imported record: the fields it changed, as ``{field: [before, after]}``."""

    model = models.CharField(_("record type"), max_length=100)
    object_id = models.BigIntegerField(_("record id"))
    object_repr = models.CharField(_("record"), max_length=255, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("change of an imported record")
        verbose_name_plural = _("changes of imported records")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        what = self.object_repr or f"{self.model} #{self.object_id}"
        if self.changed_at is None:
            return what
        return f"{what} · {timezone.localtime(self.changed_at):%d/%m/%Y %H:%M}"
