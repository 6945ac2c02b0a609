"""``open_table``: one export file → the OkVet table it holds → a stream of raw rows.

Which table a file holds is decided by its header, not its name: ``export (3).xlsx`` with the
columns ``id, owner_id, specie, race…`` is the pets table. Title rows above the header
("Listado de mascotas", a date, an empty line) are skipped. Every row knows its file, sheet and
1-based row number, so an issue can point at the cell a person will open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import Protocol

from migration.errors import SourceError
from migration.i18n import gettext_noop
from migration.read.csvfile import CsvGrid
from migration.read.declarations import TABLES
from migration.read.headers import HeaderMatch, match_headers
from migration.read.limits import DEFAULT_LIMITS, SourceLimits
from migration.read.mapping import Mapping
from migration.read.sandbox import UNREADABLE, refuse_outside, regular_file
from migration.read.tables import TableSpec
from migration.read.xlsxfile import EXTENSIONS, sheet_grids

HEADER_SEARCH = 10
TEXT_EXTENSIONS = frozenset((".csv", ".txt", ".tsv"))
DATA_SUFFIXES = TEXT_EXTENSIONS | EXTENSIONS
MIN_MATCH = 2
PREVIEW = 200


@dataclass(slots=True)
class SourceRow:
    """One data row: canonical column → raw text, plus unknown headers → raw text."""

    file: str
    sheet: str
    row: int
    values: dict[str, str]
    extras: dict[str, str] = field(default_factory=dict)


class Grid(Protocol):
    sheet: str

    def rows(self) -> Iterator[tuple[int, list]]: ...

    @staticmethod
    def text(value: object, date_column: bool) -> str: ...


@dataclass
class SourceTable:
    """An opened file: its table, where the header is, and its rows on demand (re-readable)."""

    file: str
    spec: TableSpec
    match: HeaderMatch
    header_row: int
    grid: Grid

    @property
    def table(self) -> str:
        return self.spec.name

    @property
    def sheet(self) -> str:
        return self.grid.sheet

    @property
    def rows(self) -> Iterator[SourceRow]:
        return self._rows()

    @cached_property
    def row_count(self) -> int | None:
        """How many rows ``rows`` gives, counted without making them (for a progress bar's
        total); ``None`` when that is not cheap. Counted once per opened file."""
        counter = getattr(self.grid, "count_filled", None)
        return None if counter is None else counter(self.header_row)

    def _rows(self) -> Iterator[SourceRow]:
        known = [(i, c, c in self.spec.dates) for i, c in enumerate(self.match.columns) if c]
        unknown = [(i, h or f"column {i + 1}") for i, (h, c) in self._pairs() if not c]
        width, text, name, sheet = len(self.match.columns), self.grid.text, self.file, self.sheet
        # Cells that are text already (CSV) are picked in one C call when the row is complete.
        plain = getattr(self.grid, "cells_are_text", False)
        names = [c for _, c, _ in known]
        pick = _picker([i for i, _, _ in known])
        for number, cells in self.grid.rows():
            if number <= self.header_row or not _any_filled(cells):
                continue
            if plain and len(cells) >= width:
                values = dict(zip(names, pick(cells), strict=True))
            else:
                values = {
                    c: text(cells[i], is_date) if i < len(cells) else "" for i, c, is_date in known
                }
            extras = {}
            if unknown or len(cells) > width:  # cells under no known header
                found = {h: text(cells[i], False) for i, h in unknown if i < len(cells)}
                found.update(
                    {f"column {i + 1}": text(cells[i], False) for i in range(width, len(cells))}
                )
                extras = {k: v for k, v in found.items() if v}
            yield SourceRow(name, sheet, number, values, extras)

    def _pairs(self):
        return enumerate(zip(self.match.headers, self.match.columns, strict=True))


def _picker(indexes: list[int]) -> Callable[[list], tuple]:
    """The cells at ``indexes``, as a tuple (``itemgetter`` returns a bare cell for one index)."""
    if len(indexes) == 1:
        only = indexes[0]
        return lambda cells: (cells[only],)
    if not indexes:
        return lambda cells: ()
    return itemgetter(*indexes)


def _filled(cell: object) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _any_filled(cells: list) -> bool:
    """Whether a row has a filled cell; its first cell (the id) usually answers."""
    return bool(cells) and _filled(cells[0]) or any(_filled(cell) for cell in cells)


def open_table(
    path: str | Path,
    *,
    expected: str | None = None,
    mapping: Mapping | None = None,
    display_name: str | None = None,
    root: Path | None = None,
    limits: SourceLimits = DEFAULT_LIMITS,
) -> SourceTable:
    """Open ``path``, find its header and table; raise ``SourceError`` (one line) if it cannot.

    ``root``: the export folder ``path`` was found in; a link out of it is refused unread.
    """
    path = Path(path)
    name = display_name or path.name
    regular_file(path, name, root=root)
    mapping = mapping or {}
    candidates = []
    grids = _grids(path, name, limits)
    for grid in grids:
        found = _find_header(grid, mapping)
        if found is not None:
            candidates.append((grid, *found))
    if not candidates:
        raise SourceError(
            _no_header(expected), file=name, expected=expected or "", columns=_first_row(grids)
        )
    grid, row, headers = candidates[0]
    if expected is not None:
        for candidate in candidates:
            if _best(candidate[2], mapping, expected).table == expected:
                grid, row, headers = candidate
                break
    match = _choose(name, headers, mapping, expected)
    return SourceTable(file=name, spec=TABLES[match.table], match=match, header_row=row, grid=grid)


def read_header(
    path: str | Path,
    *,
    mapping: Mapping | None = None,
    display_name: str | None = None,
    root: Path | None = None,
    limits: SourceLimits = DEFAULT_LIMITS,
) -> HeaderMatch | None:
    """The header row of ``path`` matched to the table it names most, without ``open_table``'s
    check of that table's required columns: what a column-mapping form starts from when a file
    lacks one ("Nombre del cliente" where ``name`` is required). ``None``: no header found."""
    path = Path(path)
    name = display_name or path.name
    regular_file(path, name, root=root)
    mapping = mapping or {}
    for grid in _grids(path, name, limits):
        found = _find_header(grid, mapping)
        if found is not None:
            return _best(found[1], mapping, None)
    return None


def export_files(folder: Path) -> list[tuple[Path, str]]:
    """Every data file under ``folder`` (subfolders too) and its name there, in name order.

    Hidden files and Excel's lock files (``~$propietarios.xlsx``) are left out. A symbolic link
    that leaves the folder is refused, whatever its name (``propietarios.csv -> /etc/passwd``);
    one that stays inside is followed. A pipe or a device named like a data file is refused.
    """
    found = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.name.startswith((".", "~$")):
            continue
        if path.is_symlink():
            refuse_outside(path, name, folder)
        if path.suffix.lower() in DATA_SUFFIXES and not path.is_dir():
            found.append((regular_file(path, name, root=folder), name))
    return found


def _grids(path: Path, name: str, limits: SourceLimits) -> list[Grid]:
    try:
        if path.suffix.lower() in EXTENSIONS:
            return list(sheet_grids(path, name, limits))
        return [CsvGrid(path, name)]
    except OSError as exc:  # unreadable (permissions), or gone since it was listed
        raise SourceError(UNREADABLE, file=name, error=exc.strerror or exc) from exc


def _find_header(grid: Grid, mapping: Mapping) -> tuple[int, list[str]] | None:
    """The first row among the first ten that names at least two columns of some table."""
    best: tuple[int, int, list[str]] | None = None
    for index, (number, cells) in enumerate(grid.rows()):
        if index >= HEADER_SEARCH:
            break
        headers = [grid.text(cell, False).strip() for cell in cells]
        score = max(m.score for m in _matches(headers, mapping))
        if score >= MIN_MATCH and (best is None or score > best[0]):
            best = (score, number, headers)
    return None if best is None else (best[1], best[2])


ALIASES = {name: spec.aliases() for name, spec in TABLES.items()}


def _matches(headers: list[str], mapping: Mapping) -> list[HeaderMatch]:
    return [match_headers(name, headers, ALIASES[name], mapping.get(name, {})) for name in TABLES]


def _best(headers: list[str], mapping: Mapping, expected: str | None) -> HeaderMatch:
    """The table whose columns the header names most; the expected one wins a tie."""
    matches = _matches(headers, mapping)
    return max(matches, key=lambda m: (m.score, m.table == expected))


def _choose(name: str, headers: list[str], mapping: Mapping, expected: str | None) -> HeaderMatch:
    best = _best(headers, mapping, expected)
    if expected is not None and best.table != expected:
        raise SourceError(
            gettext_noop(
                "this file holds the OkVet {found} table, not {expected} (columns found: {columns})"
            ),
            file=name,
            found=best.table,
            expected=expected,
            columns=_listing(headers),
        )
    spec = TABLES[best.table]
    missing = [column for column in spec.required if column not in best.found]
    if missing:
        raise SourceError(
            gettext_noop(
                "required column of the {table} table not found; columns found: {columns}. "
                "Name the column that holds it with --mapping (see the README, 'Mapping file')."
            ),
            file=name,
            column=missing[0],
            table=spec.name,
            columns=_listing(headers),
        )
    return best


def _first_row(grids: list[Grid]) -> str:
    for grid in grids:
        for _, cells in grid.rows():
            headers = [grid.text(cell, False).strip() for cell in cells]
            if any(headers):
                return _listing(headers)
    return ""


def _listing(headers: list[str]) -> str:
    """Headers as shown in a message: on one line, and a row of a binary file or of one huge
    cell shown by its first 200 characters (``…`` marks the cut; the file is not changed)."""
    text = ", ".join(" ".join(h.split()) for h in headers if h)
    return text if len(text) <= PREVIEW else text[:PREVIEW] + "…"


def _no_header(expected: str | None) -> str:
    if expected:
        return gettext_noop(
            "no header row of the {expected} table in the first 10 rows (first row: "
            "{columns}); name its columns with --mapping (see the README, 'Mapping file')"
        )
    return gettext_noop(
        "no header row of any OkVet table in the first 10 rows (first row: {columns})"
    )
