from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class ConsoleConfig(AppConfig):
    name = "console"
    verbose_name = _("Migration console")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from console import receivers  # noqa: F401 - connects the purge's receiver


class BackgroundTasksConfig(TasksAppConfig):
    """The task queue's app (django-tasks' database backend) under a Spanish name in the admin."""

    verbose_name = _("Background tasks")
