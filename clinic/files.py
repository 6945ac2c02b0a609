"""Attachments and pet photos, served only to whoever may see them; never a public /media/ URL.

Staff see every file; an owner sees the files of their own pets, except those of a note marked
internal; anyone else is told the file does not exist (404, never a 403 that would confirm it
does). Images and PDFs open in the browser (``Content-Disposition: inline``), anything else is
downloaded, always with ``X-Content-Type-Options: nosniff`` so a file is never run as a page.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import F, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from clinic.display import day
from clinic.models import Document, DocumentKind, OwnerProfile, Pet

INLINE = frozenset(("image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"))
"""What a browser shows safely by itself; SVG (which can carry script) and the rest download."""
FALLBACK_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class Attachment:
    """A file as the chart lists it; ``pk`` is None for a file OkVet named but nobody imported."""

    pk: int | None
    name: str
    kind: str
    when: str
    stored: bool
    is_image: bool
    okvet_pet: str = ""

    @property
    def url(self) -> str:
        return reverse("clinic:file", args=[self.pk]) if self.stored else ""

    @property
    def download_url(self) -> str:
        return f"{self.url}?descargar=1" if self.stored else ""


def content_type(name: str) -> str:
    """The type of a stored file by its extension (the import stores ``okvet/ab/<sha>.jpg``)."""
    found, _encoding = mimetypes.guess_type(PurePosixPath(name).name, strict=True)
    return found or FALLBACK_TYPE


def attachment_of(document: Document) -> Attachment:
    stored = bool(document.file)
    kind = content_type(document.file.name) if stored else ""
    return Attachment(
        document.pk,
        str(document) or document.get_kind_display(),
        document.get_kind_display(),
        day(document.documented_at),
        stored,
        kind.startswith("image/") and kind in INLINE,
        str((document.legacy_extras or {}).get("pet_id", "")),
    )


def visible_documents(pet: Pet, *, for_owner: bool) -> QuerySet[Document]:
    """The pet's documents (its own and its records'), newest first; for its owner, without
    the files of internal notes."""
    found = Document.objects.filter(Q(pet=pet) | Q(medical_record__pet=pet))
    if for_owner:
        found = found.exclude(medical_record__is_internal=True)
    newest = F("documented_at").desc(nulls_last=True)
    return found.select_related("medical_record").order_by(newest, "-pk")


def pet_photo(pet: Pet, documents) -> Attachment | None:
    """The newest stored photo of the pet among ``documents``."""
    for document in documents:
        if document.kind == DocumentKind.PHOTO and document.file and document.pet_id == pet.pk:
            return attachment_of(document)
    return None


def document_for(user, pk: int) -> Document:
    """The document if ``user`` may see it, else ``Http404`` (the same for one that does not
    exist): staff see all; an owner their pets' and their own, except internal notes' files."""
    document = Document.objects.select_related("pet", "medical_record__pet").filter(pk=pk).first()
    if document is None or not user.is_active:
        raise Http404
    if user.is_staff:
        return document
    owner = OwnerProfile.objects.filter(user=user).only("pk").first()
    record = document.medical_record
    pet = document.pet or (record.pet if record else None)
    mine = (pet.owner_id if pet else document.owner_id) == getattr(owner, "pk", None)
    if owner is None or not mine or (record is not None and record.is_internal):
        raise Http404
    return document


def download_name(document: Document) -> str:
    """The file's name as the clinic knew it, with the stored file's extension if it had none."""
    name = PurePosixPath(document.name or document.original_path or document.file.name).name
    suffix = PurePosixPath(document.file.name).suffix
    return name if PurePosixPath(name).suffix or not suffix else f"{name}{suffix}"


@require_safe
@login_required
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = document_for(request.user, pk)
    if not document.file:
        raise Http404
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except (OSError, SuspiciousFileOperation) as exc:  # gone from the storage, or a bad name
        raise Http404 from exc
    kind = content_type(document.file.name)
    inline = kind in INLINE and "descargar" not in request.GET
    response = FileResponse(
        handle, content_type=kind, as_attachment=not inline, filename=download_name(document)
    )
    response["X-Content-Type-Options"] = "nosniff"
    if kind != "application/pdf":  # a sandboxed PDF is not shown by Chromium's viewer
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie",))
    return response
