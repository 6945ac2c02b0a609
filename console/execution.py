"""What the task worker does with a job: the import of its upload, as the commands run it.

``job_execute`` runs one queued job: a trial is ``run_import`` with ``dry_run``; a real run or
a sync the same for real, after the files are read again and found to be the trial's. However
it ends, the job ends ``completed`` or ``failed`` with its one line (the lock's refusal, an
unreadable file, a batch that failed): never ``running``. A job whose worker process died
(killed, the server restarted) is found by the pages and closed as failed.
"""

from __future__ import annotations

import os
import socket
import time

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from console.models import ConsoleJob
from console.progress import JobProgress, read_state
from console.runs import disk_digest
from migration.errors import MigrationError, PartialRunError, UnexpectedError
from migration.i18n import gettext_noop
from migration.load.base import LoadOptions
from migration.models import MigrationRun
from migration.services.imports import ImportOptions
from migration.services.lock import current_holder
from migration.services.runs import RunResult, run_import

Kind, Status = ConsoleJob.Kind, ConsoleJob.Status
HOST = socket.gethostname()
STALE_SECONDS = 120


class JobError(MigrationError):
    """A job that cannot run as asked (its files changed or were deleted)."""


def job_execute(job_id: int) -> dict:
    """Run job ``job_id`` if it still waits; what it became."""
    job = ConsoleJob.objects.select_related("upload", "trial").get(pk=job_id)
    with translation.override(job.language):
        if not _claim(job):
            return {"job": job.pk, "status": job.status}
        try:
            result = _import(job)
        except MigrationError as exc:
            _end(job, Status.FAILED, error=one_line(exc))
        except Exception as exc:
            _end(job, Status.FAILED, error=UnexpectedError.of(exc).render(gettext))
        except BaseException:  # the worker told to stop at once (a second Ctrl-C)
            _end(job, Status.FAILED, error=gettext("The task worker was stopped during the run."))
            raise
        else:
            _end(job, Status.COMPLETED, run_id=result.run_id)
    return {"job": job.pk, "status": job.status}


def _claim(job: ConsoleJob) -> bool:
    now = timezone.now()
    claimed = ConsoleJob.objects.filter(pk=job.pk, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now, worker=f"{os.getpid()}@{HOST}"
    )
    job.refresh_from_db()
    return bool(claimed)


def _import(job: ConsoleJob) -> RunResult:
    upload = job.upload
    if upload.purged_at is not None or not upload.source_path.exists():
        raise JobError(gettext_noop("the files of this upload are no longer there"))
    digest = disk_digest(upload)
    if job.trial is not None and digest != job.trial.digest:
        raise JobError(
            gettext_noop(
                "the uploaded files or their column mapping changed since the trial: run a "
                "new trial and review its report"
            )
        )
    ConsoleJob.objects.filter(pk=job.pk).update(digest=digest)
    mapping = upload.mapping_path if upload.mapping_path.exists() else None
    options = ImportOptions(
        files=[],
        dry_run=job.kind == Kind.TRIAL,
        created_by_id=job.created_by_id,
        mapping=str(mapping) if mapping else None,
        time_zone=settings.OKVET_TIME_ZONE,
        default_region=settings.OKVET_DEFAULT_REGION,
        load=LoadOptions(full_export=job.full_export),
    )
    attachments = upload.attachments_path
    return run_import(
        source=str(upload.source_path),
        options=options,
        files=str(attachments) if attachments else None,
        progress=JobProgress(job.progress_path),
    )


def one_line(exc: MigrationError) -> str:
    """The error as the clinic reads it; a run that kept some tables says so without naming
    a command."""
    if isinstance(exc, PartialRunError):
        return gettext(
            "{error}. The tables imported before it were kept (batches {batches}): their "
            "report shows them, and rolling the run back in the administration undoes them."
        ).format(error=exc.cause.render(gettext), batches=exc.params["batches"])
    return exc.render(gettext)


def _end(job: ConsoleJob, status: str, *, error: str = "", run_id: int | None = None) -> None:
    if run_id is None:
        run_id = _run_of(job)
    ConsoleJob.objects.filter(pk=job.pk).update(
        status=status,
        error=error,
        run_id=run_id,
        finished_at=timezone.now(),
        progress=read_state(job.progress_path),
    )
    job.refresh_from_db()


def _run_of(job: ConsoleJob) -> int | None:
    """The run a failed import wrote (it names none when it fails)."""
    if job.started_at is None:
        return None
    runs = MigrationRun.objects.filter(
        source=str(job.upload.source_path), created_at__gte=job.started_at
    )
    return runs.order_by("-pk").values_list("pk", flat=True).first()


def settle(job: ConsoleJob) -> ConsoleJob:
    """A running job whose worker is gone closed as failed (it can never end by itself)."""
    if job.status == Status.RUNNING and worker_gone(job):
        with translation.override(job.language):
            _end(
                job,
                Status.FAILED,
                error=gettext(
                    "The task worker stopped before this run ended (the server was restarted "
                    "or its process was ended). Its report shows what it kept; start it again."
                ),
            )
    return job


def worker_gone(job: ConsoleJob) -> bool:
    pid, _, host = job.worker.partition("@")
    if host == HOST and pid.isdigit():
        return not _alive(int(pid))
    holder = current_holder()
    if holder is not None and holder.process == job.worker:
        return False
    updated = read_state(job.progress_path).get("updated")
    last = updated or (job.started_at.timestamp() if job.started_at else time.time())
    return time.time() - last > STALE_SECONDS


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
