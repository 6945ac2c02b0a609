"""The column mapping of an upload: each header the tables do not list, and the column the
clinic says it holds (or none: its cells stay with the record as data kept as it came).

The choice is saved per table and header (``ColumnMapping``) and offered again when a later
upload has that header; the upload's own mapping is written into its folder as a mapping file
(the ``--mapping`` format, README "Mapping file") and handed to the import::

    {"owners": {"Cel. del cliente": "mobile"}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from console.models import ColumnMapping, Upload
from migration.read.declarations import TABLES
from migration.read.headers import normalize_header
from migration.read.mapping import Mapping
from migration.read.suggest import Choice, column_choices
from migration.services.inspect import InspectedFile, Inspection, export_inspect

NOT_IMPORTED = ""


@dataclass(frozen=True)
class MappingRow:
    """One header to map: its table, its choices (suggestions first), the current choice,
    whether that choice was saved from an earlier upload, and the required columns its
    table still lacks in the file (the import stops at such a file)."""

    key: str
    table: str
    label: str
    header: str
    choices: list[Choice]
    initial: str
    saved: bool
    missing: tuple[str, ...]


def as_mapping(chosen: dict[str, dict[str, str]]) -> Mapping:
    """``{"owners": {"Cel. del cliente": "mobile", "Notas": ""}}`` → the import's mapping
    (normalised headers; a header not imported is left out)."""
    return {
        table: {normalize_header(h): c for h, c in headers.items() if c}
        for table, headers in chosen.items()
        if any(headers.values())
    }


def saved_choices() -> dict[str, dict[str, str]]:
    """Every saved choice: table → normalised header → column (empty: not imported)."""
    found: dict[str, dict[str, str]] = {}
    for saved in ColumnMapping.objects.all():
        found.setdefault(saved.table, {})[saved.header_key] = saved.column
    return found


def first_inspection(source: Path) -> tuple[Inspection, dict[str, dict[str, str]]]:
    """A new upload read with the choices saved before, and those its headers meet: its own
    mapping (offered, and changed in the form)."""
    saved = saved_choices()
    known = {table: {k: c for k, c in keys.items() if c} for table, keys in saved.items()}
    inspection = export_inspect(source=source, mapping=known)
    chosen: dict[str, dict[str, str]] = {}
    for item in inspection.files:
        for header, column in item.mapped:
            chosen.setdefault(item.table, {})[header] = column
        for header in item.unknown:
            if saved.get(item.table, {}).get(normalize_header(header)) == NOT_IMPORTED:
                chosen.setdefault(item.table, {})[header] = NOT_IMPORTED
    return inspection, chosen


def mapping_rows(upload: Upload) -> list[MappingRow]:
    """One row per table and header to map, in the order the files show them."""
    inspection = Inspection.from_dict(upload.inspection)
    saved = saved_choices()
    rows: dict[tuple[str, str], MappingRow] = {}
    for item in inspection.files:
        if not item.table:
            continue
        current = dict(item.mapped)
        for header in (*item.unknown, *current):
            key = (item.table, normalize_header(header))
            if key in rows or not key[1]:
                continue
            rows[key] = _row(len(rows), item, header, current, upload, saved)
    return list(rows.values())


def _row(index: int, item: InspectedFile, header: str, current, upload, saved) -> MappingRow:
    own = current.get(header, "")
    taken = frozenset(c for c in item.found if c != own)
    initial = upload.mapping.get(item.table, {}).get(header, own)
    return MappingRow(
        key=f"columna-{index}",
        table=item.table,
        label=item.label,
        header=header,
        choices=column_choices(item.table, header, exclude=taken),
        initial=initial or NOT_IMPORTED,
        saved=normalize_header(header) in saved.get(item.table, {}),
        missing=item.missing,
    )


def mapping_save(*, upload: Upload, chosen: dict[tuple[str, str], str], user_id) -> Inspection:
    """The clinic's choices (table, header → column) saved for next time and as the upload's
    mapping; the upload read again with it."""
    mapping = {table: dict(headers) for table, headers in upload.mapping.items()}
    for (table, header), column in chosen.items():
        mapping.setdefault(table, {})[header] = column
    upload.mapping = mapping
    write_mapping_file(upload)
    inspection = export_inspect(source=upload.source_path, mapping=as_mapping(mapping))
    with transaction.atomic():
        for (table, header), column in chosen.items():
            ColumnMapping.objects.update_or_create(
                table=table,
                header_key=normalize_header(header),
                defaults={"header": header, "column": column, "saved_by_id": user_id},
            )
        upload.inspection = inspection.to_dict()
        upload.save(update_fields=["mapping", "inspection"])
    return inspection


def write_mapping_file(upload: Upload) -> None:
    """The mapping file the import reads; none when no header is mapped to a column."""
    chosen = {t: {h: c for h, c in hs.items() if c} for t, hs in upload.mapping.items()}
    chosen = {t: hs for t, hs in chosen.items() if hs}
    path = upload.mapping_path
    if chosen:
        path.write_text(json.dumps(chosen, ensure_ascii=False, indent=2), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def column_label(table: str, column: str) -> str:
    """``("owners", "number_doc")`` → ``"Número de documento (number_doc)"``."""
    labels = TABLES[table].synonyms.get(column) if table in TABLES else None
    return f"{labels[0]} ({column})" if labels else column
