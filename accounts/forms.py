"""The sign-in and "forgot your password" forms, in the words owners use."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.backends import accounts_for
from accounts.throttle import LoginThrottle, client_address

INVALID_LOGIN = _(
    "That email, document number or password is not right. If you have never chosen a "
    "password, or do not remember it, use “Forgot your password?”."
)
TOO_MANY_ATTEMPTS = _(
    "Too many failed attempts. For your security, wait %(minutes)s minutes before trying "
    "again, or use “Forgot your password?” to choose a new password."
)


class ThrottledLogin:
    """``clean()`` of a sign-in form that refuses to check a password once its name or
    address failed too often, and counts every failure."""

    def clean(self):
        name = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not name or password is None:
            return self.cleaned_data
        throttle, address = LoginThrottle.from_settings(), client_address(self.request)
        if throttle.blocked(name, address):
            raise ValidationError(
                TOO_MANY_ATTEMPTS, code="too_many_attempts", params={"minutes": throttle.minutes}
            )
        self.user_cache = authenticate(self.request, username=name, password=password)
        if self.user_cache is None:
            throttle.failed(name, address)
            raise self.get_invalid_login_error()
        throttle.succeeded(name, address)
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class LoginForm(ThrottledLogin, AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": INVALID_LOGIN}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.label = _("Email or document number")
        field.max_length = 254
        field.widget.attrs.update(maxlength=254, autocomplete="username", autocapitalize="none")

    def get_invalid_login_error(self):
        return ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class StaffLoginForm(ThrottledLogin, AdminAuthenticationForm):
    """The admin's sign-in, counted like the site's."""


class ForgotPasswordForm(PasswordResetForm):
    """Django's reset form, reaching owners who never had a password (an imported owner's is
    unusable, and Django's form skips those) and found by their document number too. The page
    says the same whether or not an account was found."""

    email = forms.CharField(
        label=_("Email or document number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )

    def get_users(self, email):
        return (user for user in accounts_for(email) if user.email)
