"""What every page shows: the clinic's name (``PETFRIENDLY_CLINIC_NAME``)."""

from django.conf import settings


def clinic(request) -> dict[str, str]:
    return {"CLINIC_NAME": settings.CLINIC_NAME}
