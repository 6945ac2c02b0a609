from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "console"
    verbose_name = _("Migration console")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from console import receivers  # noqa: F401 - connects the purge's receiver
