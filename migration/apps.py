from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MigrationConfig(AppConfig):
    name = "migration"
    verbose_name = _("OkVet migration")

    def ready(self) -> None:
        from django.core import checks

        from migration.services.cores import check_worker_setting

        checks.register(check_worker_setting)
