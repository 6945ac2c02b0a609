"""What converting one source row produces, and the context every converter shares."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import orjson

from migration.convert.cleaners import FILLED_FIRST, is_null
from migration.issues import CATALOG, CRITICAL, Issue


class RowLike(Protocol):
    """A source row as the read layer yields it: canonical values plus unknown columns."""

    values: dict[str, str]
    extras: dict[str, str]


@dataclass(frozen=True, slots=True)
class ConvertContext:
    """Settings of a run that change how values are read (``--time-zone``, ``--region``)."""

    tz: ZoneInfo
    default_region: str
    today: date
    vaccine_names: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Converted:
    """One source row as the clinic's fields, plus what could not be mapped and why.

    ``fields`` are target model fields; ``extras`` keeps source cells verbatim that have no
    field (unknown columns, values that failed cleaning); ``refs`` are OkVet keys of other rows
    (``{"owner": "1042"}``); ``keys`` feed duplicate detection.
    """

    legacy_id: str
    fields: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    refs: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    deleted_at: str = ""
    mapped: frozenset[str] = frozenset()
    ledger: Ledger | None = None
    unchanged: bool = False
    """A row a sync found as it was last imported (its fingerprint): not converted at all."""

    @property
    def fatal(self) -> bool:
        return any(CATALOG[i.code].severity == CRITICAL for i in self.issues)

    def take(self, cleaned: Any, *, keep_raw: bool = True) -> Any:
        """Record a cleaner's issue and return its value.

        With ``keep_raw`` the raw text of a flagged cell is kept as an extra, for values the
        target has no "as written" field for.
        """
        issue = cleaned.issue
        if issue is not None:
            self.issues.append(issue)
            if keep_raw and issue.value and issue.column and issue.column not in self.extras:
                self.extras[issue.column] = issue.value
        return cleaned.value


@dataclass(frozen=True, slots=True)
class Ledger:
    """What the report keeps of a converted row: the row as it was (JSON text) and its
    non-empty cells, ``filled`` in all, of which ``preserved`` verbatim in the record's legacy
    extras and ``mapped`` to a field. Built where the row is converted, so that a worker process
    can do it while the loader writes the previous chunk."""

    source: str
    filled: int
    preserved: int
    mapped: int


def row_source(row: RowLike) -> str:
    """The row as it was read, as JSON text: its canonical columns, then unknown headers."""
    values, more = row.values, row.extras
    data = values
    if more:
        data = dict(values)
        for header, value in more.items():
            data.setdefault(header, value)
    return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS).decode()


def ledger(row: RowLike, conv: Converted, source: str | None = None) -> Ledger:
    """Null-like fillers (``"N/A"``, ``"."``) are empty cells; a rejected value's text stays in
    the record (its ``*_raw`` field or legacy extras), so its cell counts as mapped."""
    values, more = row.values, row.extras
    extras, mapped = conv.extras, conv.mapped
    filled = preserved = kept = 0
    for cells in (values, more) if more else (values,):
        for key, value in cells.items():
            if value and (value[0] in FILLED_FIRST or not is_null(value)):
                filled += 1
                if key in extras:
                    preserved += 1
                elif key in mapped:
                    kept += 1
    return Ledger(row_source(row) if source is None else source, filled, preserved, kept)


def digest(source: str) -> str:
    """The fingerprint of a row's source JSON, kept with its mapping: an equal row in a newer
    export is unchanged."""
    return hashlib.blake2b(source.encode(), digest_size=16).hexdigest()


def keep_unmapped(out: Converted, row: RowLike, mapped: frozenset[str] | set[str]) -> Converted:
    """Keep every non-empty cell the converter has no field for, verbatim, and say which
    columns it did map: the cell accounting of a batch counts both. An OkVet id longer than
    a legacy id holds is no key (OkVet's are numbers): the row is not imported, its
    ``invalid-id`` issue and the batch report keep it whole."""
    if len(out.legacy_id) > LEGACY_ID:
        out.issues.append(Issue("invalid-id", column="id", value=out.legacy_id))
        out.legacy_id = ""
    out.mapped = frozenset(mapped)
    out.extras.update({k: raw for k, raw in row.values.items() if k not in mapped and raw.strip()})
    out.extras.update(row.extras)
    return out


LEGACY_ID = 100
"""The room of a legacy id (``SourcedModel.legacy_id``, the ID map's ``source_id``)."""


def derived_key(key: str) -> str:
    """A legacy id built from text (a product's name, a file's path): as is when it fits in
    ``LEGACY_ID``, else ``"sha256:"`` and the digest of the whole text, never its beginning,
    so that a re-import finds the row again and two texts that start alike stay two rows."""
    if len(key) <= LEGACY_ID:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def legacy_key(raw: str) -> str:
    """An OkVet id as text: ``'00123'`` stays as is, Excel's ``'123.0'`` becomes ``'123'``."""
    text = raw.strip()
    if text.endswith(".0") and text[:-2].isdigit():
        return text[:-2]
    return text
