"""A corrected file uploaded to retry a batch: written straight into its folder under the
upload folder (``MIGRATION_UPLOAD_DIR/retries/<batch>/``), never into the system's temporary
folder, kept under a name of our own (the browser's name is never a path here).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils import timezone

ALLOWED = (".csv", ".txt", ".xlsx", ".xls", ".ods")


def upload_root() -> Path:
    return Path(getattr(settings, "MIGRATION_UPLOAD_DIR", settings.VAR_DIR / "uploads"))


def retry_folder(batch_id: int) -> Path:
    return upload_root() / "retries" / str(batch_id)


def size_cap() -> int:
    """No source file may be larger than what a ZIP member may unpack to."""
    return settings.MIGRATION_MAX_MEMBER_BYTES


class FolderUploadHandler(FileUploadHandler):
    """Every uploaded file written into ``folder`` as it arrives; a file over the size cap is
    skipped (and what was written of it removed)."""

    def __init__(self, request, folder: Path) -> None:
        super().__init__(request)
        self.folder = folder
        self.handle = None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - handed over open
            dir=self.folder, prefix=".upload-", delete=False
        )

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if start + len(raw_data) > size_cap():
            self.discard()
            raise SkipFile
        self.handle.write(raw_data)

    def file_complete(self, file_size: int) -> UploadedFile:
        self.handle.flush()
        self.handle.seek(0)
        return UploadedFile(self.handle, self.file_name, self.content_type, file_size, self.charset)

    def upload_interrupted(self) -> None:
        self.discard()

    def discard(self) -> None:
        if self.handle is not None:
            self.handle.close()
            Path(self.handle.name).unlink(missing_ok=True)
            self.handle = None


def keep(upload: UploadedFile, folder: Path) -> Path | None:
    """The uploaded file under its final name (``corregido-20261202-101500.csv``), or
    ``None`` (and nothing kept) when its kind is not one the importer reads."""
    written = Path(upload.file.name)
    upload.file.close()
    suffix = Path(upload.name or "").suffix.lower()
    if written.parent.resolve() != folder.resolve() or suffix not in ALLOWED:
        written.unlink(missing_ok=True)
        return None
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = folder / f"corregido-{stamp}{suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"corregido-{stamp}-{n}{suffix}"
    written.rename(target)
    return target
