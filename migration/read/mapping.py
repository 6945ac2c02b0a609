"""``--mapping FILE``: the user's own header names, without code changes.

A mapping file names, per table, source headers and the canonical column each one holds::

    # mapping.toml
    [owners]
    "Nombre del cliente" = "name"
    "Cel." = "mobile"

or the same as JSON: ``{"owners": {"Nombre del cliente": "name", "Cel.": "mobile"}}``.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

from migration.errors import MappingFileError, SourceError
from migration.i18n import gettext_noop
from migration.read.declarations import TABLES
from migration.read.headers import normalize_header
from migration.read.sandbox import regular_file

Mapping = dict[str, dict[str, str]]


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file; the result is keyed by normalised header."""
    name = Path(path).name
    raw = _parse(Path(path), name)
    if not isinstance(raw, dict):
        raise MappingFileError(gettext_noop("expected a table of tables"), file=name)
    mapping: Mapping = {}
    for table, headers in raw.items():
        spec = TABLES.get(table)
        if spec is None:
            raise MappingFileError(
                gettext_noop("unknown table {table!r}; known tables: {known}"),
                file=name,
                table=table,
                known=", ".join(TABLES),
            )
        if not isinstance(headers, dict):
            raise MappingFileError(
                gettext_noop("table {table!r} must map source headers to columns"),
                file=name,
                table=table,
            )
        mapping[table] = _columns(name, spec, headers)
    return mapping


def _columns(name: str, spec, headers: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for header, column in headers.items():
        if column not in spec.known:
            raise MappingFileError(
                gettext_noop("{target!r} is not a column of {table}; its columns are: {known}"),
                file=name,
                column=str(header),
                target=column,
                table=spec.name,
                known=", ".join(spec.known),
            )
        out[normalize_header(header)] = column
    return out


def _parse(path: Path, name: str) -> object:
    if os.path.lexists(path):  # a pipe or /dev/zero would never end
        try:
            regular_file(path, name)
        except SourceError as exc:
            raise MappingFileError(exc.message_template, file=name, **exc.message_params) from None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingFileError(
            gettext_noop("cannot read the mapping file: {error}"), file=name, error=exc
        ) from exc
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingFileError(
            gettext_noop("the mapping file is not valid {kind}: {error}"),
            file=name,
            kind="JSON" if path.suffix.lower() == ".json" else "TOML",
            error=exc,
        ) from exc
