"""Inviting owners: an email with a one-use link to choose their first password.

The link is Django's password-reset link (``/cuenta/contrasena/<uid>/<token>/``): its token
is signed with the account's current password, last sign-in and email, so it stops working
once used, once the email changes, or after ``PASSWORD_RESET_TIMEOUT``. Imported owners have
an unusable password, which Django's reset form skips; this sends to them on purpose.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Site:
    """Where the link points: ``Site("clinica.example.co", "https")``."""

    domain: str
    protocol: str = "https"

    @classmethod
    def of(cls, request) -> Site:
        return cls(request.get_host(), "https" if request.is_secure() else "http")


@dataclass
class InvitationResult:
    sent: list = field(default_factory=list)
    without_email: list = field(default_factory=list)
    inactive: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def password_link(user, site: Site) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{site.protocol}://{site.domain}{path}"


def invitation_message(user, site: Site) -> EmailMessage:
    profile = getattr(user, "owner_profile", None)
    context = {
        "user": user,
        "name": (profile.full_name if profile else "") or user.get_full_name(),
        "clinic_name": settings.CLINIC_NAME,
        "link": password_link(user, site),
        "login_link": f"{site.protocol}://{site.domain}{reverse('login')}",
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "has_document": bool(profile and profile.ident_number),
    }
    subject = render_to_string("registration/invitation_subject.txt", context)
    body = render_to_string("registration/invitation_email.txt", context)
    return EmailMessage(" ".join(subject.split()), body, None, [user.email])


def invitation_send(*, users, site: Site) -> InvitationResult:
    """Send each active account that has an email its invitation, over one connection; mark
    the ones sent. An account without an email or inactive is listed, not sent; a message the
    mail server refuses is listed as failed and the others still go."""
    result = InvitationResult()
    for user in users:
        if not user.is_active:
            result.inactive.append(user)
        elif not user.email:
            result.without_email.append(user)
    ready = [u for u in users if u.is_active and u.email]
    if ready:
        _deliver(ready, site, result)
    if result.sent:
        with transaction.atomic():
            get_user_model().objects.filter(pk__in=[u.pk for u in result.sent]).update(
                invited_at=timezone.now()
            )
    return result


def _deliver(users: list, site: Site, result: InvitationResult) -> None:
    try:
        with get_connection() as connection:
            for user in users:
                try:
                    connection.send_messages([invitation_message(user, site)])
                except (smtplib.SMTPException, OSError):
                    logger.exception("The invitation to user %s was not sent", user.pk)
                    result.failed.append(user)
                else:
                    result.sent.append(user)
    except (smtplib.SMTPException, OSError):  # the server could not be reached at all
        logger.exception("The mail server could not be reached")
        done = {u.pk for u in result.sent} | {u.pk for u in result.failed}
        result.failed += [u for u in users if u.pk not in done]
