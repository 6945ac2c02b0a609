"""Signing in, out, and choosing a password: Django's views with the clinic's forms and pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from accounts.forms import ForgotPasswordForm, LoginForm

BACKEND = "accounts.backends.EmailOrDocumentBackend"


class LoginView(auth.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class ForgotPasswordView(auth.PasswordResetView):
    form_class = ForgotPasswordForm
    template_name = "registration/forgot_password.html"
    subject_template_name = "registration/reset_subject.txt"
    email_template_name = "registration/reset_email.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        self.extra_email_context = {"clinic_name": settings.CLINIC_NAME, "days": days}
        return super().form_valid(form)


class ForgotPasswordSentView(auth.PasswordResetDoneView):
    template_name = "registration/forgot_password_sent.html"


class SetPasswordView(auth.PasswordResetConfirmView):
    """The invitation's and the reset's link: choose a password, and be signed in with it."""

    template_name = "registration/set_password.html"
    post_reset_login = True
    post_reset_login_backend = BACKEND
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _(
                "Your password is saved. Next time, sign in with your email or document "
                "number and this password."
            ),
        )
        return response


class ChangePasswordView(auth.PasswordChangeView):
    template_name = "registration/change_password.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your new password is saved."))
        return response
