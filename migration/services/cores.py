"""Whether a second process pays for itself: decided from the machine's cores and a setting.

A conversion worker (the import) or a reading worker (the read-back) is one more process that
wants a core of its own while this one works. ``MIGRATION_WORKER`` (environment variable of the
same name) chooses: ``never``, ``always``, or ``auto`` (the default), which gives a worker to
work large enough to pay for forking and pickling, on a machine of two cores or more.

Measured with the benchmark on two cores (20,000 owners and 30,000 pets; ``--worker always``
against ``never``, interleaved), the worker paid on both databases, a local PostgreSQL server
included, and went on paying with one and with two other processes keeping cores busy: import
medians 5.0 s against 7.2 s on SQLite and 7.4 s against 8.7 s on PostgreSQL idle; 8.4 against
11.7 s and 9.8 against 10.1 s with both cores kept busy by two other processes. Waiting for
idle cores would only have lost time, so the cores are counted, not their load.
"""

from __future__ import annotations

import multiprocessing
import os

from django.conf import settings
from django.core.checks import Error

CHOICES = ("auto", "always", "never")


def machine_cores() -> int:
    """The cores this process may run on (its CPU affinity), or the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def worker_pays(large: bool) -> bool:
    """True when a worker process should take part: ``large`` says the work is big enough."""
    choice = settings.MIGRATION_WORKER  # checked at start-up: ``check_worker_setting``
    if choice == "never" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    if choice == "always":
        return True
    return large and machine_cores() >= 2


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
