"""``export_inspect``: what an export holds, before anything of it is imported.

Every file is opened as the import opens it (``open_table``, by its header), then read once:
its rows counted, the earliest and latest date of the table's date columns found, the headers
no column of its table has listed. A file the import would refuse is named with its reason;
one whose header names a table but lacks a column that table requires (a screen export's
"Nombre del cliente" for ``name``) is *incomplete*: a column mapping can name it. A sanitized
example::

    propietarios.csv  owners   2,000 rows  2017-01-01 – 2026-01-01  unknown: "Cel. del cliente"
    notas.pdf         not read: not a CSV or spreadsheet file
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext

from migration.convert.cleaners import parse_date
from migration.errors import SourceError
from migration.i18n import gettext_noop
from migration.read.archives import ATTACHMENTS, unpacked
from migration.read.declarations import DECLARATIONS, TABLES
from migration.read.headers import HeaderMatch, normalize_header
from migration.read.limits import SourceLimits
from migration.read.mapping import Mapping
from migration.read.sources import SourceTable, export_files, open_table, read_header
from migration.services.limits import source_limits
from migration.services.plan import BY_TABLE

IMPORTED, CATALOG, NOT_IMPORTED = "imported", "catalog", "not-imported"
INCOMPLETE, UNREADABLE, NOT_DATA = "incomplete", "unreadable", "not-data"
CATALOG_TABLE = "vaccine_types"
CATALOG_LABEL = gettext_noop("Vaccine catalogue")


@dataclass(frozen=True)
class InspectedFile:
    """One file of the export. ``label`` is the table's name as an English message id
    (translated where it is shown); ``found`` the columns its header names; ``mapped`` the
    headers the mapping named, with their column."""

    name: str
    status: str
    table: str = ""
    label: str = ""
    rows: int | None = None
    first_date: date | None = None
    last_date: date | None = None
    unknown: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    found: tuple[str, ...] = ()
    mapped: tuple[tuple[str, str], ...] = ()
    message: str = ""

    @property
    def blocking(self) -> bool:
        """Whether the import would stop at this file (it opens every file first)."""
        return self.status in (INCOMPLETE, UNREADABLE)


@dataclass(frozen=True)
class Inspection:
    files: list[InspectedFile] = field(default_factory=list)
    attachments: int = 0
    """Files under the export's own ``VetFiles/`` folder."""

    @property
    def blocking(self) -> list[InspectedFile]:
        return [f for f in self.files if f.blocking]

    def to_dict(self) -> dict:
        data = asdict(self)
        for item in data["files"]:
            for key in ("first_date", "last_date"):
                item[key] = item[key].isoformat() if item[key] else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Inspection:
        files = []
        for item in data.get("files", []):
            item = dict(item)
            for key in ("first_date", "last_date"):
                item[key] = date.fromisoformat(item[key]) if item.get(key) else None
            for key in ("unknown", "missing", "found"):
                item[key] = tuple(item.get(key) or ())
            item["mapped"] = tuple(tuple(pair) for pair in item.get("mapped") or ())
            files.append(InspectedFile(**item))
        return cls(files=files, attachments=int(data.get("attachments") or 0))


def export_inspect(
    *, source: str | Path, mapping: Mapping | None = None, translate: Callable = gettext
) -> Inspection:
    """What ``source`` (a folder or a ZIP) holds, read with ``mapping`` as the import would.
    An export that cannot be opened at all raises ``SourceError`` (one line)."""
    limits = source_limits()
    with unpacked(source, limits=limits) as folder:
        data = export_files(folder)
        if not data:
            raise SourceError(gettext_noop("no OkVet export files found"), file=Path(source).name)
        files = [_inspect(path, name, folder, mapping, limits, translate) for path, name in data]
        files += _not_data(folder, {name for _, name in data})
        attachments = _attachments(folder)
    return Inspection(files=files, attachments=attachments)


def _inspect(path, name, folder, mapping, limits, translate) -> InspectedFile:
    try:
        table = open_table(path, mapping=mapping, display_name=name, root=folder, limits=limits)
        return _read(table, name, mapping or {})
    except SourceError as exc:
        return _refused(path, name, folder, mapping, limits, exc.render(translate))


def _read(table: SourceTable, name: str, mapping: Mapping) -> InspectedFile:
    """The file read once: its rows, its dates' range."""
    dates = [column for column in table.spec.dates if column in table.match.found]
    rows, first, last = 0, None, None
    for row in table.rows:
        rows += 1
        for column in dates:
            day = _day(row.values.get(column) or "")
            if day is not None:
                first = day if first is None or day < first else first
                last = day if last is None or day > last else last
    return replace(
        _described(name, table.match, mapping), rows=rows, first_date=first, last_date=last
    )


@lru_cache(maxsize=8192)
def _day(text: str) -> date | None:
    """The date a cell holds (a timestamp's day), ``None`` for an empty or invalid one."""
    return parse_date(text, column="").value if text else None


def _described(name: str, match: HeaderMatch, mapping: Mapping) -> InspectedFile:
    table = match.table
    if table == CATALOG_TABLE:
        status, label = CATALOG, CATALOG_LABEL
    else:
        status = IMPORTED if table in BY_TABLE else NOT_IMPORTED
        label = DECLARATIONS[table].label if table in DECLARATIONS else table
    pairs = list(zip(match.headers, match.columns, strict=True))
    named = mapping.get(table, {})
    return InspectedFile(
        name,
        status,
        table,
        label,
        unknown=tuple(h for h, c in pairs if not c and h),
        found=tuple(c for _, c in pairs if c),
        mapped=tuple((h, c) for h, c in pairs if c and named.get(normalize_header(h)) == c),
    )


def _refused(path, name, folder, mapping, limits: SourceLimits, message: str) -> InspectedFile:
    """A file the import would refuse: *incomplete* when its header names a table but not all
    the columns that table requires, otherwise unreadable with the reason."""
    try:
        match = read_header(path, mapping=mapping, display_name=name, root=folder, limits=limits)
    except SourceError:
        match = None
    if match is not None:
        described = _described(name, match, mapping or {})
        missing = tuple(c for c in TABLES[match.table].required if c not in match.found)
        if missing:
            return replace(described, status=INCOMPLETE, missing=missing, message=message)
    return InspectedFile(name, UNREADABLE, message=message)


def _not_data(folder: Path, data: set[str]) -> list[InspectedFile]:
    """Files the import does not read at all (a PDF beside the tables), attachments aside."""
    found = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        parts = Path(name).parts
        hidden = any(part.startswith((".", "~$")) for part in parts)
        if name in data or hidden or ATTACHMENTS in parts or not path.is_file():
            continue
        found.append(InspectedFile(name, NOT_DATA))
    return found


def _attachments(folder: Path) -> int:
    files = folder / ATTACHMENTS
    return sum(1 for path in files.rglob("*") if path.is_file()) if files.is_dir() else 0
