"""Whether a second process pays for itself: decided from the machine's cores and a setting.

A conversion worker (the import) or a reading worker (the read-back) is one more process that
wants a core of its own while this one works. ``MIGRATION_WORKER`` (environment variable of the
same name) chooses: ``never``, ``always``, or ``auto`` (the default), which gives a worker only
to work large enough to pay for forking and pickling, and only when the machine has a core for
every process busy at once: this one and the worker, plus the PostgreSQL server when it runs on
this machine (SQLite works inside this process). The benchmark shows both ways
(``bench/benchmark.py --serial``).
"""

from __future__ import annotations

import multiprocessing
import os

from django.conf import settings
from django.core.checks import Error
from django.db import connection

CHOICES = ("auto", "always", "never")
LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})


def machine_cores() -> int:
    """The cores this process may run on (its CPU affinity), or the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def cores_needed() -> int:
    """Cores busy at once with a worker: this process, the worker, and a local server."""
    if connection.vendor == "sqlite":
        return 2
    host = str(connection.settings_dict.get("HOST") or "")
    return 3 if host in LOCAL_HOSTS or host.startswith("/") else 2


def worker_pays(large: bool) -> bool:
    """True when a worker process should take part: ``large`` says the work is big enough."""
    choice = settings.MIGRATION_WORKER  # checked at start-up: ``check_worker_setting``
    if choice == "never" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if choice == "always":
        return True
    return large and machine_cores() >= cores_needed()


def check_worker_setting(**_kwargs) -> list[Error]:
    """System check: ``MIGRATION_WORKER`` is one of ``CHOICES`` (a command stops with one line)."""
    choice = getattr(settings, "MIGRATION_WORKER", None)
    if choice in CHOICES:
        return []
    return [
        Error(
            f"MIGRATION_WORKER is {choice!r}; it must be one of: {', '.join(CHOICES)}.",
            id="migration.E001",
        )
    ]
