"""Starting a trial, a real run or a sync from the console: refused with a sentence when it
may not start, otherwise a ``ConsoleJob`` queued for the task worker.

One import at a time: a job still waiting or running, or an import holding the import lock
(one started from a terminal too), refuses the start. A real run starts only from a finished
trial of the same upload whose report the clinic marked as reviewed, with the same files and
column mapping (their sha256): what was reviewed is what is imported. A real run after a first
one is a sync (``run_import`` compares every row with the one it imported before).
"""

from __future__ import annotations

import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext

from console.mapping import as_mapping
from console.models import ConsoleJob, Upload
from console.uploading import file_sha256
from migration.models import MigrationBatch, MigrationRun
from migration.services.inspect import Inspection
from migration.services.lock import current_holder, refusal

Kind, Status = ConsoleJob.Kind, ConsoleJob.Status


class StartRefused(Exception):
    """A job that may not start, with the sentence that says why."""


def digest_of(files: list[tuple[str, str]], mapping: dict) -> str:
    """One sha256 for the files (name, sha256) and the column mapping they are read with."""
    text = json.dumps([sorted(files), as_mapping(mapping)], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def upload_digest(upload: Upload) -> str:
    """As the upload's files were received."""
    return digest_of([(f.name, f.sha256) for f in upload.files.all()], upload.mapping)


def disk_digest(upload: Upload) -> str:
    """As the files are on disk now (read again)."""
    files = [(f.name, file_sha256(upload.folder_path / f.name)) for f in upload.files.all()]
    return digest_of(files, upload.mapping)


def check_free() -> None:
    """Refused while another job waits or runs, or any import holds the lock."""
    active = ConsoleJob.objects.filter(status__in=(Status.QUEUED, Status.RUNNING)).first()
    if active is not None:
        raise StartRefused(
            gettext(
                "Another run of the console has not finished yet ({job}): wait for it to end."
            ).format(job=active)
        )
    holder = current_holder()
    if holder is not None:
        raise StartRefused(refusal(holder).render(gettext))


def check_upload(upload: Upload) -> None:
    if upload.purged_at is not None:
        raise StartRefused(gettext("The files of this upload were deleted with its run's purge."))
    blocking = Inspection.from_dict(upload.inspection).blocking
    if blocking:
        raise StartRefused(
            gettext(
                "The import would stop at {files}: map its columns below, or upload the "
                "export again without it."
            ).format(files=", ".join(f"«{f.name}»" for f in blocking))
        )


def trial_start(*, upload: Upload, user, full_export: bool = False) -> ConsoleJob:
    """``full_export``: the export is complete (the cut-over's last dump); its real run
    deactivates what it no longer holds, as the trial shows."""
    check_upload(upload)
    check_free()
    return _queued(upload=upload, kind=Kind.TRIAL, user=user, full_export=full_export)


def real_start(*, trial: ConsoleJob, user, reviewed: bool) -> ConsoleJob:
    """The real run (a sync after a first real run) of a reviewed trial's files."""
    check_trial(trial, reviewed=reviewed)
    check_upload(trial.upload)
    check_free()
    if reviewed and trial.reviewed_at is None:
        with transaction.atomic():
            trial.reviewed_at, trial.reviewed_by = timezone.now(), user
            trial.save(update_fields=["reviewed_at", "reviewed_by"])
    kind = Kind.SYNC if imported_before() else Kind.REAL
    return _queued(
        upload=trial.upload, kind=kind, user=user, trial=trial, full_export=trial.full_export
    )


def imported_before() -> bool:
    done = MigrationRun.objects.filter(is_dry_run=False, status=MigrationBatch.Status.COMPLETED)
    return done.exists()


def check_trial(trial: ConsoleJob, *, reviewed: bool) -> None:
    if trial.kind != Kind.TRIAL or trial.status != Status.COMPLETED:
        raise StartRefused(gettext("A real run starts from a trial that finished."))
    if not reviewed and trial.reviewed_at is None:
        raise StartRefused(
            gettext(
                "Read the trial's report first, then tick “I have reviewed the trial's "
                "report” to start the real run."
            )
        )
    if trial.digest != upload_digest(trial.upload):
        raise StartRefused(
            gettext(
                "The files or the column mapping changed since this trial: run a new trial "
                "and review its report."
            )
        )
    if trial.real_runs.exists():
        raise StartRefused(gettext("This trial was already imported for real."))


def _queued(
    *, upload: Upload, kind: str, user, trial: ConsoleJob | None = None, full_export: bool = False
) -> ConsoleJob:
    try:
        with transaction.atomic():
            job = ConsoleJob.objects.create(
                upload=upload,
                kind=kind,
                trial=trial,
                created_by=user,
                language=(get_language() or "es")[:10],
                digest=upload_digest(upload),
                full_export=full_export,
            )
    except IntegrityError:
        raise StartRefused(gettext("This trial was already imported for real.")) from None
    _enqueue(job)
    return job


def _enqueue(job: ConsoleJob) -> None:
    """Queued outside any transaction: an immediate backend runs it at once, and the import
    commits (or, for a trial, rolls back) on its own."""
    from console.tasks import TASKS

    try:
        result = TASKS[job.kind].enqueue(job.pk)
    except Exception as exc:  # the queue is unreachable (Redis down, a database error)
        ConsoleJob.objects.filter(pk=job.pk, status=Status.QUEUED).update(
            status=Status.FAILED,
            finished_at=timezone.now(),
            error=gettext("The run could not be queued for the task worker: {error}").format(
                error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            ),
        )
    else:
        ConsoleJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
