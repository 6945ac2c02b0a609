"""The page a visitor gets when the server fails: in Spanish, with the clinic's name.

Django's own handler renders ``500.html`` without any context; this one gives it the clinic's
name and nothing that needs the database (which may be what failed), and falls back to a
sentence if even the template cannot be rendered.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponseServerError:
    try:
        page = loader.get_template(template_name).render({"CLINIC_NAME": settings.CLINIC_NAME})
    except Exception:  # the error page must never fail in turn
        page = "<!DOCTYPE html><html lang='es'><title>Error</title><h1>{}</h1></html>".format(
            _("Something went wrong on our side. Please try again in a few minutes.")
        )
    return HttpResponseServerError(page)
