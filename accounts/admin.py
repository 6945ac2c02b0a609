"""User accounts in the admin: who can sign in, who has no email yet, and the invitation.

The filter "correo electrónico: sin correo" is the clinic's list of owners to complete (an
owner without an email cannot be invited); "Enviar invitación" mails each selected account
its link to choose a password.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils.translation import gettext_lazy as _

from accounts.forms import StaffLoginForm
from accounts.invitations import InvitationResult, Site, invitation_send
from accounts.models import User

admin.site.login_form = StaffLoginForm


class EmailFilter(admin.SimpleListFilter):
    title = _("email address")
    parameter_name = "correo"

    def lookups(self, request, model_admin):
        return [("sin", _("without an email")), ("con", _("with an email"))]

    def queryset(self, request, queryset):
        if self.value() == "sin":
            return queryset.filter(email="")
        if self.value() == "con":
            return queryset.exclude(email="")
        return queryset


class AccessFilter(admin.SimpleListFilter):
    title = _("access")
    parameter_name = "acceso"

    def lookups(self, request, model_admin):
        return [
            ("contrasena", _("has a password")),
            ("invitada", _("invited, no password yet")),
            ("sin-invitar", _("never invited")),
        ]

    def queryset(self, request, queryset):
        unusable = queryset.filter(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        if self.value() == "contrasena":
            return queryset.exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        if self.value() == "invitada":
            return unusable.filter(invited_at__isnull=False)
        if self.value() == "sin-invitar":
            return unusable.filter(invited_at__isnull=True)
        return queryset


class KindFilter(admin.SimpleListFilter):
    title = _("kind of account")
    parameter_name = "tipo"

    def lookups(self, request, model_admin):
        return [("propietario", _("pet owners")), ("equipo", _("clinic staff"))]

    def queryset(self, request, queryset):
        if self.value() == "propietario":
            return queryset.filter(owner_profile__isnull=False)
        if self.value() == "equipo":
            return queryset.filter(is_staff=True)
        return queryset


@admin.register(User)
class AccountAdmin(UserAdmin):
    list_display = ("username", "owner_name", "email", "document", "access", "is_staff")
    list_filter = (KindFilter, EmailFilter, AccessFilter, "is_staff", "is_active")
    list_select_related = ("owner_profile",)
    search_fields = (
        "username",
        "email",
        "first_name",
        "last_name",
        "owner_profile__full_name",
        "owner_profile__ident_number_normalized",
        "owner_profile__mobile",
    )
    readonly_fields = ("invited_at", "last_login", "date_joined")
    fieldsets = (*UserAdmin.fieldsets, (_("Invitation"), {"fields": ("invited_at",)}))
    actions = ("send_invitation",)

    @admin.display(description=_("owner"), ordering="owner_profile__full_name")
    def owner_name(self, user: User) -> str:
        profile = getattr(user, "owner_profile", None)
        return profile.full_name if profile else ""

    @admin.display(description=_("document number"))
    def document(self, user: User) -> str:
        profile = getattr(user, "owner_profile", None)
        return profile.ident_number if profile else ""

    @admin.display(description=_("access"))
    def access(self, user: User) -> str:
        if user.has_usable_password():
            return _("has a password")
        if user.invited_at:
            return _("invited, no password yet")
        return _("never invited")

    @admin.action(description=_("Send invitation"))
    def send_invitation(self, request, queryset):
        users = list(queryset.select_related("owner_profile"))
        result = invitation_send(users=users, site=Site.of(request))
        for level, text in invitation_messages(result):
            self.message_user(request, text, level)


def invitation_messages(result: InvitationResult) -> list[tuple[int, str]]:
    """One sentence per outcome of an invitation, for the admin's messages."""
    outcomes = (
        (result.sent, messages.SUCCESS, _("Invitations sent: %(n)s.")),
        (
            result.without_email,
            messages.WARNING,
            _("Not invited for lack of an email (add it and send again): %(n)s."),
        ),
        (result.inactive, messages.WARNING, _("Not invited for being inactive: %(n)s.")),
        (
            result.failed,
            messages.ERROR,
            _("Refused by the mail server (try again later): %(n)s."),
        ),
    )
    return [(level, text % {"n": len(users)}) for users, level, text in outcomes if users]
