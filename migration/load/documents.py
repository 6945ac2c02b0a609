"""Documents: the documents table, and file references with their files copied into storage.

Files are copied into the media storage under their sha256 (``okvet/ab/abcd….jpg``) only when
the import commits: they are staged in a temporary folder first, so a dry run or a failed import
leaves nothing behind. A referenced file that is not in the given folder, and a file in the
folder that nothing references, are each reported.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction

from clinic.models import Document
from migration.convert.base import Converted, RowLike
from migration.errors import SourceError
from migration.i18n import gettext_noop
from migration.issues import Issue
from migration.load.base import IMPORTED, OKVET, Item, Loader, Outcome
from migration.load.clinical import pet_or_placeholder
from migration.load.writer import TableWriter
from migration.read.declarations import DECLARATIONS
from migration.read.sandbox import outside

DOCUMENT_MODEL = "clinic.Document"
FIELDS = ("kind", "name", "documented_at", "requires_signature", "signed_at")
COLUMNS = (
    "id",
    "pet_id",
    "medical_record_id",
    *FIELDS,
    "original_path",
    "file",
    "sha256",
    "size_bytes",
    "created_at",
    "updated_at",
    "source_system",
    "legacy_id",
    "legacy_extras",
)
SUFFIX = 10
STORAGE_DIR = "okvet"


class DocumentLoader(Loader):
    """Rows of OkVet's documents table (consent forms): pet through the ID map."""

    source_type = DECLARATIONS["documents"].id_type
    target_model = DOCUMENT_MODEL

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.writer = TableWriter(Document, COLUMNS)
        self._rows: list[tuple] = []

    def before_chunk(self, items: list[Item]) -> None:
        self.ctx.idmap.preload("pet", (conv.refs.get("pet", "") for _, conv in items))

    def create(self, row: RowLike, conv: Converted) -> Outcome:
        pet_id, skipped = pet_or_placeholder(self, conv)
        if skipped is not None:
            return skipped
        f = conv.fields
        document_id = self.writer.next_id()
        self._rows.append(
            (document_id, pet_id, None, *(f[k] for k in FIELDS), "", "", "", None)
            + (f.get("created_at"), f.get("updated_at"), OKVET, conv.legacy_id)
            + (conv.extras,)
        )
        self.ctx.idmap.add(self.source_type, conv.legacy_id, DOCUMENT_MODEL, document_id)
        return Outcome(IMPORTED, target_id=document_id)

    def after_chunk(self) -> None:
        self.writer.write(self._rows)
        self._rows.clear()


class FileLoader(Loader):
    """File references harvested from imported records; with a files folder, the files too."""

    source_type = DECLARATIONS["files"].id_type
    target_model = DOCUMENT_MODEL

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.writer = TableWriter(Document, COLUMNS)
        self._rows: list[tuple] = []
        self.root, self.scan = _roots(ctx.options.files_root)
        self.referenced: set[str] = set()
        self._tmp = tempfile.TemporaryDirectory(prefix="okvet-files-")
        self.staging = Path(self._tmp.name)
        self.staged: list[tuple[Path, Path]] = []
        self._names: set[str] = set()
        self._folders: set[Path] = set()

    def create(self, row: RowLike, conv: Converted) -> Outcome:
        refs, f = conv.refs, conv.fields
        stored = self._store(conv, refs["path"]) if self.root and refs["path"] else None
        document_id = self.writer.next_id()
        name, digest, size = stored or ("", "", None)
        self._rows.append(
            (document_id, _key(refs["pet"]), _key(refs["record"]), f["kind"], f["name"])
            + (None, False, None, f["original_path"], name, digest, size, None, None)
            + (OKVET, conv.legacy_id, conv.extras)
        )
        self.ctx.idmap.add(self.source_type, conv.legacy_id, DOCUMENT_MODEL, document_id)
        return Outcome(IMPORTED, target_id=document_id)

    def _store(self, conv: Converted, relative: str) -> tuple[str, str, int] | None:
        self.referenced.add(relative)
        source = self.root / relative
        if outside(source, self.root):  # a link out of the files folder is never read
            conv.issues.append(Issue("unsafe-file-path", column="path", value=relative))
            return None
        try:
            found = source.stat()
        except OSError:
            found = None
        if found is None or not stat.S_ISREG(found.st_mode):
            conv.issues.append(Issue("file-not-found", column="path", value=relative))
            return None
        digest = _sha256(source)
        name = f"{STORAGE_DIR}/{digest[:2]}/{digest}{storage_suffix(source.suffix)}"
        # the same content twice is stored once; a dry run, rolled back, stores none
        if name not in self._names and not self.ctx.dry_run:
            self._names.add(name)
            staged = self.staging / name
            if staged.parent not in self._folders:
                staged.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(staged.parent)
            try:
                shutil.copyfile(source, staged)
            except OSError as exc:  # a full disk, a file unreadable after all: the import stops
                raise SourceError(
                    gettext_noop("cannot copy the file into the media storage: {error}"),
                    file=relative,
                    error=exc.strerror or exc,
                ) from exc
            self.staged.append((staged, Path(settings.MEDIA_ROOT) / name))
        return name, digest, found.st_size

    def after_chunk(self) -> None:
        self.writer.write(self._rows)
        self._rows.clear()

    def finish(self):
        """Move staged files into storage when (and only if) the import commits."""
        transaction.on_commit(self._publish)
        if self.root is None:
            return []
        late = []
        for path in _walk(self.scan):
            relative = path.relative_to(self.root).as_posix()
            if relative not in self.referenced:
                issue = Issue("unreferenced-file", column="path", value=relative)
                late.append(((relative, None, ""), issue))
        return late

    def _publish(self) -> None:
        for staged, final in self.staged:
            final.parent.mkdir(parents=True, exist_ok=True)
            if not final.exists():
                shutil.move(str(staged), final)
        self._tmp.cleanup()


def _roots(files_root: str) -> tuple[Path | None, Path | None]:
    """Where referenced paths (``VetFiles/3/rx.jpg``) start, and what to scan for files nothing
    references: the folder holding ``VetFiles``, or ``VetFiles`` itself."""
    if not files_root:
        return None, None
    root = Path(files_root)
    if (root / "VetFiles").is_dir():
        return root, root / "VetFiles"
    if root.name == "VetFiles":
        return root.parent, root
    return root, root


def _walk(folder: Path) -> Iterator[Path]:
    """Every file below ``folder`` in name order, one directory listed at a time."""
    for directory, subdirs, names in os.walk(folder):
        subdirs.sort()
        for name in sorted(names):
            yield Path(directory) / name


def _key(text: str) -> int | None:
    return int(text) if text else None


def storage_suffix(suffix: str) -> str:
    """The stored file's extension: ``".JPG"`` → ``".jpg"``; a "suffix" longer than an
    extension (``"rx.2023 copia final"``) names no type and gives none. The storage name is
    the content's digest; the file's name and path as referenced stay whole on the record."""
    return suffix.lower() if len(suffix) <= SUFFIX else ""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
