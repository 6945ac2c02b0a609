"""``/cuenta/``: sign in and out, forgot password, the invitation's link, change password.

The names are Django's (``login``, ``password_reset_confirm``…), so ``LOGIN_URL`` and the
admin find them.
"""

from django.contrib.auth.views import LogoutView
from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(next_page="login"), name="logout"),
    path("olvide-mi-contrasena/", views.ForgotPasswordView.as_view(), name="password_reset"),
    path(
        "olvide-mi-contrasena/enviado/",
        views.ForgotPasswordSentView.as_view(),
        name="password_reset_done",
    ),
    path(
        "contrasena/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path("cambiar-contrasena/", views.ChangePasswordView.as_view(), name="password_change"),
]
