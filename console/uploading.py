"""An OkVet export uploaded from the console: written straight into a folder of its own under
the upload folder as it arrives (never the system's temporary folder), its bytes counted and
hashed on the way, refused past the limits with a sentence, its file names made safe.

A folder per upload::

    MIGRATION_UPLOAD_DIR/exports/12/exportacion-okvet/propietarios.csv   (several files)
    MIGRATION_UPLOAD_DIR/exports/12/exportacion-okvet/okvet.zip          (or one ZIP)
    MIGRATION_UPLOAD_DIR/exports/12/adjuntos/VetFiles.zip                (optional)
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from console.mapping import first_inspection, write_mapping_file
from console.models import Upload, UploadFile, upload_root
from migration.errors import MigrationError
from migration.read.archives import check_archive
from migration.read.sources import DATA_SUFFIXES
from migration.services.limits import source_limits

EXPORT_FIELD, ATTACHMENTS_FIELD = "export", "attachments"
EXPORT_FOLDER, ATTACHMENTS_FOLDER = "exportacion-okvet", "adjuntos"
ZIP = ".zip"
UNSAFE = re.compile(r"[^\w\s().,+-]")
LONGEST_STEM = 120
SETTING = re.compile(r" \((?:MIGRATION|DATA)_[A-Z_]+\)")


class UploadRefused(Exception):
    """An upload refused, with the sentence that says why (in the active language)."""


def sentence(exc: MigrationError) -> str:
    """The importer's line without the setting it names: ``"… more than 2 (MIGRATION_MAX_ZIP_
    MEMBERS)"`` → ``"… more than 2"`` (a setting is no word for the clinic)."""
    return SETTING.sub("", exc.render(gettext))


def max_bytes() -> int:
    return int(settings.MIGRATION_UPLOAD_MAX_BYTES)


def max_files() -> int:
    return int(settings.MIGRATION_UPLOAD_MAX_FILES)


def too_large() -> str:
    return gettext(
        "The upload is larger than {limit}, the most the console accepts: upload the export "
        "as a ZIP, or in parts."
    ).format(limit=filesizeformat(max_bytes()))


def too_many() -> str:
    return gettext(
        "More than {limit} files were chosen, the most the console accepts at once: upload "
        "the export as one ZIP."
    ).format(limit=max_files())


def staging_folder() -> Path:
    """Where one request's files arrive, inside the upload folder."""
    return upload_root() / "exports" / f".recibiendo-{secrets.token_hex(8)}"


class ExportUploadHandler(FileUploadHandler):
    """Every uploaded file written into ``folder`` as it arrives and hashed; the request is
    stopped (its files left to be removed) past the total size or the number of files."""

    def __init__(self, request, folder: Path) -> None:
        super().__init__(request)
        self.folder = folder
        self.total = 0
        self.counts = {EXPORT_FIELD: 0, ATTACHMENTS_FIELD: 0}
        self.refused = ""
        self.handle = None
        self.digest = None

    def new_file(self, field_name, *args, **kwargs) -> None:
        super().new_file(field_name, *args, **kwargs)
        self.counts[field_name] = self.counts.get(field_name, 0) + 1
        if self.counts[EXPORT_FIELD] > max_files() or self.counts[ATTACHMENTS_FIELD] > 1:
            self._stop(too_many())
        self.folder.mkdir(parents=True, exist_ok=True)
        self.handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - handed over open
            dir=self.folder, prefix=".parte-", delete=False
        )
        self.digest = hashlib.sha256()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.total += len(raw_data)
        if self.total > max_bytes():
            self._stop(too_large())
        self.handle.write(raw_data)
        self.digest.update(raw_data)

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.handle is None:
            return None
        self.handle.flush()
        stored = UploadedFile(
            self.handle, self.file_name, self.content_type, file_size, self.charset
        )
        stored.sha256 = self.digest.hexdigest()
        self.handle = None
        return stored

    def upload_interrupted(self) -> None:
        self._discard()

    def _stop(self, reason: str) -> None:
        self.refused = reason
        self._discard()
        raise StopUpload(connection_reset=False)

    def _discard(self) -> None:
        if self.handle is not None:
            self.handle.close()
            Path(self.handle.name).unlink(missing_ok=True)
            self.handle = None


@dataclass
class Received:
    """The files of one upload, kept under safe names in their folder."""

    folder: Path
    source: str
    attachments: str = ""
    files: list[dict] = field(default_factory=list)


def safe_name(name: str, taken: set[str]) -> str:
    """``"../Historia clínica: 2023?.xlsx"`` → ``"Historia clínica_ 2023_.xlsx"``: no folder,
    no leading dot (a hidden file is not read), only letters, digits and plain punctuation;
    a name already taken gets `` (2)``."""
    base = unicodedata.normalize("NFC", PurePath(name.replace("\\", "/")).name)
    suffix = PurePath(base).suffix.lower()
    stem = UNSAFE.sub("_", base[: len(base) - len(suffix)] if suffix else base)
    stem = stem.strip().lstrip(".~_ ")[:LONGEST_STEM] or gettext("file")
    suffix = UNSAFE.sub("_", suffix)
    candidate, n = f"{stem}{suffix}", 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    taken.add(candidate.lower())
    return candidate


def receive(handler: ExportUploadHandler, files) -> Received:
    """The request's files checked and moved under their safe names; ``UploadRefused`` (and
    nothing kept) when the upload is not one export."""
    if handler.refused:
        raise UploadRefused(handler.refused)
    export = files.getlist(EXPORT_FIELD)
    attachments = files.getlist(ATTACHMENTS_FIELD)
    _check(export, attachments)
    received = Received(handler.folder, EXPORT_FOLDER)
    taken: set[str] = set()
    for upload in export:
        name = _keep(upload, handler.folder / EXPORT_FOLDER, taken, received, "export")
        if len(export) == 1 and name.lower().endswith(ZIP):
            received.source = f"{EXPORT_FOLDER}/{name}"
    for upload in attachments:
        name = _keep(upload, handler.folder / ATTACHMENTS_FOLDER, set(), received, "attachments")
        received.attachments = f"{ATTACHMENTS_FOLDER}/{name}"
    return received


def _check(export: list, attachments: list) -> None:
    if not export:
        raise UploadRefused(gettext("Choose the file or the files of the OkVet export."))
    suffixes = [PurePath(f.name or "").suffix.lower() for f in export]
    wrong = [
        f.name for f, s in zip(export, suffixes, strict=True) if s not in (*DATA_SUFFIXES, ZIP)
    ]
    if wrong:
        raise UploadRefused(
            gettext("Not a file of an OkVet export (CSV, Excel or ZIP): {files}.").format(
                files=", ".join(f"«{name}»" for name in wrong)
            )
        )
    if ZIP in suffixes and len(export) > 1:
        raise UploadRefused(
            gettext(
                "Upload either one ZIP with the whole export or its files (CSV, Excel), "
                "not both, nor several ZIPs."
            )
        )
    if any(PurePath(f.name or "").suffix.lower() != ZIP for f in attachments):
        raise UploadRefused(gettext("The attachments (the VetFiles folder) go as one ZIP file."))


def _keep(upload, folder: Path, taken: set[str], received: Received, role: str) -> str:
    written = Path(upload.file.name)
    upload.file.close()
    name = safe_name(upload.name or "", taken)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if written.parent.resolve() != received.folder.resolve():  # not written by our handler
        raise UploadRefused(gettext("The upload could not be received: try again."))
    written.rename(target)
    received.files.append(
        {
            "name": target.relative_to(received.folder).as_posix(),
            "original_name": PurePath(upload.name or name).name,
            "role": role,
            "size": upload.size,
            "sha256": upload.sha256,
        }
    )
    return name


def upload_store(received: Received, user) -> Upload:
    """The received export checked and read (what was recognised, with the column choices
    saved before), then kept: its rows written and its folder moved to its final name in one
    step. A ZIP that cannot be opened, or an export without an OkVet table, raises
    ``SourceError`` and nothing is kept."""
    limits = source_limits()
    if received.attachments:
        check_archive(received.folder / received.attachments, limits=limits)
    inspection, chosen = first_inspection(received.folder / received.source)
    with transaction.atomic():
        upload = Upload.objects.create(
            created_by=user,
            source=received.source,
            attachments=received.attachments,
            mapping=chosen,
            inspection=inspection.to_dict(),
        )
        UploadFile.objects.bulk_create(UploadFile(upload=upload, **f) for f in received.files)
        token = received.folder.name.rsplit("-", 1)[-1]
        upload.folder = f"exports/{upload.pk}-{token}"
        upload.save(update_fields=["folder"])
        received.folder.rename(upload.folder_path)
    write_mapping_file(upload)
    return upload


def discard(folder: Path) -> None:
    """An upload's folder removed (a refused upload, a purged run's files): only ever one
    under the upload folder."""
    root = upload_root().resolve()
    folder = folder.resolve()
    if folder != root and root in folder.parents and folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
