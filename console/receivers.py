"""The console listening to the migration: a purged run takes its uploaded files with it."""

from __future__ import annotations

from django.dispatch import receiver
from django.utils import timezone

from console.models import ConsoleJob, Upload, upload_root
from console.uploading import discard
from migration.models import MigrationBatch
from migration.signals import run_sources_purged


@receiver(run_sources_purged, dispatch_uid="console-delete-purged-uploads")
def delete_purged_uploads(sender, *, run_id: int, **kwargs) -> list[int]:
    """The folders of the uploads the run was imported from (its trials' too: the same
    files), and the corrected files uploaded to retry its batches."""
    jobs = ConsoleJob.objects.filter(run_id=run_id)
    uploads = list(Upload.objects.filter(jobs__in=jobs, purged_at__isnull=True).distinct())
    for upload in uploads:
        discard(upload.folder_path)
    Upload.objects.filter(pk__in=[u.pk for u in uploads]).update(purged_at=timezone.now())
    for batch_id in MigrationBatch.objects.filter(run_id=run_id).values_list("pk", flat=True):
        discard(upload_root() / "retries" / str(batch_id))
    return [u.pk for u in uploads]
