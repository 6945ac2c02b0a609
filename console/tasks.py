"""The console's background tasks (Django's Tasks framework, ``settings.TASKS``): a trial, a
real run and a sync, each the import of one job's upload. Queued by ``console.runs``; run by
the task worker (``manage.py db_worker`` for the database backend, ``bin/console`` starts it).
The argument is the job's id only: the job row holds everything else.
"""

from __future__ import annotations

from django_tasks import task

from console.execution import job_execute
from console.models import ConsoleJob


@task()
def trial_run(job_id: int) -> dict:
    """A trial: the whole import, rolled back, its report kept."""
    return job_execute(job_id)


@task()
def real_run(job_id: int) -> dict:
    """The first real import of a reviewed trial's files."""
    return job_execute(job_id)


@task()
def sync_run(job_id: int) -> dict:
    """A real run after a first one: every row compared with the one imported before."""
    return job_execute(job_id)


TASKS = {
    ConsoleJob.Kind.TRIAL: trial_run,
    ConsoleJob.Kind.REAL: real_run,
    ConsoleJob.Kind.SYNC: sync_run,
}
