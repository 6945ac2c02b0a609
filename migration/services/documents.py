"""``documents_import``: OkVet's documents table, then every file reference the imported
records hold (consult attachments, imaging files, grooming before/after photos, pet photos),
with the files themselves when a folder or ZIP of ``VetFiles/…`` is given."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial

from clinic.models import MedicalRecord, Origin, Pet
from migration.read.archives import unpacked
from migration.read.sources import SourceRow
from migration.services.imports import ImportOptions, Progress, batch_import, batches_in_turn
from migration.services.limits import source_limits
from migration.services.results import BatchResult

REFERENCES = "(references)"


class References:
    """The imported records' file references, read back from the database as source rows."""

    file = REFERENCES

    @property
    def rows(self) -> Iterator[SourceRow]:
        records = (
            MedicalRecord.objects.filter(source_system=Origin.OKVET, details__has_key="files")
            .values_list("pk", "legacy_id", "record_type", "pet_id", "details")
            .iterator(chunk_size=2000)
        )
        for pk, legacy, kind, pet, details in records:
            for ref in details.get("files") or []:
                yield self._row(ref, "attachment", f"{kind} {legacy}", pet, pk)
        pets = (
            Pet.objects.filter(source_system=Origin.OKVET)
            .exclude(photo="")
            .values_list("pk", "legacy_id", "photo")
            .iterator(chunk_size=2000)
        )
        for pk, legacy, photo in pets:
            yield self._row({"path": photo}, "photo", f"pet {legacy}", pk, None)

    @property
    def row_count(self) -> int:
        """How many rows ``rows`` gives (the files step's total for a progress bar): the
        records' file lists, read without their other details, and the pets with a photo."""
        lists = MedicalRecord.objects.filter(
            source_system=Origin.OKVET, details__has_key="files"
        ).values_list("details__files", flat=True)
        photos = Pet.objects.filter(source_system=Origin.OKVET).exclude(photo="").count()
        return sum(len(files or []) for files in lists.iterator(chunk_size=2000)) + photos

    @staticmethod
    def _row(ref: dict, kind: str, owner: str, pet: int | None, record: int | None) -> SourceRow:
        values = {
            "path": str(ref.get("path") or ""),
            "name": str(ref.get("name") or ""),
            "kind": kind,
            "owner_key": owner,
            "pet": str(pet or ""),
            "record": str(record or ""),
        }
        return SourceRow(REFERENCES, "", None, values)


def has_references() -> bool:
    """Whether any imported record or pet points at a file."""
    records = MedicalRecord.objects.filter(source_system=Origin.OKVET, details__has_key="files")
    pets = Pet.objects.filter(source_system=Origin.OKVET).exclude(photo="")
    return records.exists() or pets.exists()


def files_import(
    *, options: ImportOptions, files: str | None, progress: Progress | None = None, collect=None
) -> BatchResult:
    """One batch of file references; ``files`` (a folder or ZIP) gives the files themselves."""
    with unpacked(files, limits=source_limits(), nested=True) as root:
        load = replace(options.load, files_root=str(root) if root else "")
        return batch_import(
            batch_type="files",
            options=replace(options, files=[files or REFERENCES], load=load),
            progress=progress,
            collect=collect,
            sources=[References()],
        )


def documents_import(
    *, options: ImportOptions, files: str | None, progress: Progress | None = None
) -> list[BatchResult]:
    documents = partial(batch_import, batch_type="documents", options=options, progress=progress)
    references = partial(files_import, options=options, files=files, progress=progress)
    return batches_in_turn([documents, references] if options.files else [references])
