"""OkVet documents (consent forms) and the file references scattered over other tables.

The ``documents`` table holds signed forms: a sanitized row::

    id=55, pet_id=77, doc_format_type_id=3, name="Consentimiento cirugía",
    documented_at=2023-04-05 10:00:00, required_signature=1, signature_at=2023-04-05 10:20:00

becomes a consent document of pet 77 that needed a signature and was signed at 10:20. Files
themselves are referenced elsewhere — a consult's ``file`` JSON, a pet's ``photo`` — and are
harvested from the imported records as rows ``{path, name, kind, owner of the reference}``.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from migration.convert import cleaners as c
from migration.convert.base import (
    ConvertContext,
    Converted,
    RowLike,
    derived_key,
    keep_unmapped,
    legacy_key,
)
from migration.issues import Issue
from migration.read.declarations import DECLARATIONS

MAPPED = DECLARATIONS["documents"].mapped
REFERENCE_COLUMNS = frozenset(("path", "name", "kind", "pet", "record"))


def convert_document(row: RowLike, ctx: ConvertContext) -> Converted:
    v = row.values
    out = Converted(legacy_id=legacy_key(v.get("id", "")))
    if not out.legacy_id:
        out.issues.append(Issue("missing-id", column="id"))
    out.refs.update(pet=legacy_key(v.get("pet_id", "")), clinic=legacy_key(v.get("vet_id", "")))
    out.deleted_at = c.clean_text(v.get("deleted_at", ""))
    out.fields.update(
        kind="consent",
        name=c.clean_text(v.get("name", "")),
        documented_at=out.take(
            c.parse_datetime(v.get("documented_at", ""), column="documented_at", tz=ctx.tz)
        ),
        requires_signature=bool(
            out.take(c.parse_bool(v.get("required_signature", ""), column="required_signature"))
        ),
        signed_at=out.take(
            c.parse_datetime(v.get("signature_at", ""), column="signature_at", tz=ctx.tz)
        ),
    )
    for column in ("created_at", "updated_at"):
        out.fields[column] = out.take(c.parse_datetime(v.get(column, ""), column=column, tz=ctx.tz))
    for column in ("vet_id", "user_id", "doc_format_type_id"):
        if text := c.clean_text(v.get(column, "")):
            out.extras[column] = text
    return keep_unmapped(out, row, MAPPED)


def safe_relative(path: str) -> str | None:
    """``"VetFiles/3/rx.jpg"`` as a clean relative path; ``None`` when it would escape the
    files folder (``../``, an absolute path, a drive letter)."""
    text = path.replace("\\", "/").strip()
    if not text or text.startswith("/") or ":" in text:
        return None
    parts = PurePosixPath(text).parts
    if ".." in parts:
        return None
    return "/".join(part for part in parts if part != ".")


def convert_file_reference(row: RowLike, ctx: ConvertContext) -> Converted:
    """A harvested reference: the path is its key, so the same file referenced twice (by the
    same record) is one document."""
    v = row.values
    path = v.get("path", "")
    out = Converted(legacy_id=derived_key(f"{v.get('record') or v.get('pet')}:{path}"))
    relative = safe_relative(path)
    if relative is None:
        out.issues.append(Issue("unsafe-file-path", column="path", value=path))
    out.refs.update(pet=v.get("pet", ""), record=v.get("record", ""), path=relative or "")
    out.fields.update(
        kind=v.get("kind", "attachment"),
        name=v.get("name") or path.rsplit("/", 1)[-1],
        original_path=path,
    )
    return keep_unmapped(out, row, REFERENCE_COLUMNS)
