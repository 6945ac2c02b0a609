"""User accounts: staff sign in with a password; pet owners once invited."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who may sign in.

    An owner brought over from another system has an unusable password and may have no email:
    no placeholder address is ever invented, and the account becomes usable once the clinic
    invites the owner.
    """

    email = models.EmailField(_("email address"), blank=True, db_index=True)
    invited_at = models.DateTimeField(
        _("invited on"),
        null=True,
        blank=True,
        help_text=_("When the clinic last sent this person the link to choose their password."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
