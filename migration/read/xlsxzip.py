"""An XLSX opened as the ZIP it is and checked before calamine sees it.

calamine builds a sheet as one dense grid from its first to its last filled cell: a sheet with a
value in ``A1`` and one in ``XFD1048576`` asks for 17 billion cells (512 GB) and the process
aborts (SIGABRT, a Rust backtrace). The ``<dimension ref="A1:XFD1048576"/>`` a sheet declares is
not trusted (calamine does not trust it either): the cells themselves are found by scanning the
sheet's XML as a stream, the way calamine places them (``r="B7"``, or the next column or row
when a writer leaves ``r`` out). A sheet whose grid would exceed ``max_sheet_cells`` is refused
with one line; the inflated XML is counted against ``max_unpacked_bytes``.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import unescape

from migration.errors import SourceError
from migration.i18n import gettext_noop
from migration.read.archives import MEMBER_CORRUPT, ZIP_ERRORS, reason
from migration.read.limits import SourceLimits, size_text

ZIP_BASED = frozenset((".xlsx", ".xlsm"))
BLOCK = 1 << 20
LONGEST_TAG = 1 << 20
BIG = 10**12
# the slow, general reading of a tag: any prefix, ``r`` anywhere or absent
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]*)\$?([0-9]*)["']""")
# the fast one, for what every writer seen writes: ``<row r="7" …>``, ``<c r="B7" …>``
_CELL_REF = re.compile(rb'<c r="([^"]*)"[^>]*(?<!/)>')
_IRREGULAR = (
    re.compile(rb'<c(?:[>/\t\r\n]| (?!r="))'),
    re.compile(rb'<row(?:[>/\t\r\n]| (?!r="))'),
    re.compile(rb":(?:c|row)[\s/>]"),
)
_PLAIN_REFS = re.compile(rb"(?:[A-Z]{1,3}[0-9]{1,7} )*")
_LAST_ROW = re.compile(rb'<row r="([0-9]+)"')
_CELL_LETTERS = re.compile(rb'<c r="\$?([A-Za-z]+)')
UPPER, DIGITS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"0123456789"
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\s[^>]*>")
_RELATION = re.compile(rb"<(?:[\w.-]+:)?Relationship\s[^>]*>")


@dataclass
class Extent:
    """Where calamine would put the filled cells of one sheet (0-based), fed XML in pieces.

    A piece where every cell and row says where it is (``r="B7"``) is read with a few C-speed
    passes; any other (a prefix such as ``<x:c>``, a cell without ``r``) tag by tag.
    """

    row: int = -1
    col: int = -1
    first_col: int = BIG
    last_col: int = -1
    last_row: int = -1

    def feed(self, xml: bytes) -> None:
        refs = _CELL_REF.findall(xml)
        joined = b" ".join(refs) + b" " if refs else b""
        if any(p.search(xml) for p in _IRREGULAR) or not _PLAIN_REFS.fullmatch(joined):
            self._feed_tags(xml)
        elif refs:
            self._feed_refs(joined, xml)

    def _feed_refs(self, joined: bytes, xml: bytes) -> None:
        columns = [_column(letters) for letters in set(joined.translate(None, DIGITS).split())]
        rows = max(map(int, set(joined.translate(None, UPPER).split())))
        self.first_col = min(self.first_col, *columns)
        self.last_col = max(self.last_col, *columns)
        self.last_row = max(self.last_row, rows - 1)
        self._hand_over(xml)

    def _hand_over(self, xml: bytes) -> None:
        """Where a next cell without ``r`` would go: after the last cell of the last row."""
        row_at, cell_at = xml.rfind(b"<row "), xml.rfind(b'<c r="')
        found = _LAST_ROW.match(xml, row_at) if row_at >= 0 else None
        if found:
            self.row = _number(found[1]) - 1
        if cell_at > row_at:
            found = _CELL_LETTERS.match(xml, cell_at)
            self.col = _column(found[1]) if found else self.col + 1
        elif row_at >= 0:
            self.col = -1

    def _feed_tags(self, xml: bytes) -> None:
        for tag, attrs in _TAG.findall(xml):
            ref = _REF.search(attrs)
            letters, digits = (ref[1], ref[2]) if ref else (b"", b"")
            if tag == b"row":
                self.row = _number(digits) - 1 if digits else self.row + 1
                self.col = -1
                continue
            self.col = _column(letters) if letters else self.col + 1
            row = _number(digits) - 1 if digits else self.row
            if not attrs.rstrip().endswith(b"/"):  # an empty <c r="Z9" s="1"/> is no cell
                self.first_col = min(self.first_col, self.col)
                self.last_col = max(self.last_col, self.col)
                self.last_row = max(self.last_row, row)

    @property
    def rows(self) -> int:
        return self.last_row + 1

    @property
    def columns(self) -> int:
        return max(0, self.last_col - self.first_col + 1)

    @property
    def cells(self) -> int:
        """Rows are counted from the first (the reader hands over the empty ones above too)."""
        return self.rows * self.columns


def _number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 12 else BIG


def _column(letters: bytes) -> int:
    """``b"A"`` → 0, ``b"XFD"`` → 16383."""
    if len(letters) > 8:
        return BIG
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - 64
    return index - 1


def check_workbook(path: Path, name: str, limits: SourceLimits) -> None:
    """Refuse an XLSX whose sheets would not fit; other formats and non-ZIPs pass to calamine."""
    if path.suffix.lower() not in ZIP_BASED or not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as book:
            names = _sheet_names(book)
            total = 0
            for member in book.infolist():
                if member.filename.lower().endswith(".xml"):
                    total = _check_part(book, member, total, (name, names, limits))
    except ZIP_ERRORS as exc:
        raise SourceError(
            gettext_noop("not a readable spreadsheet: {error}"), file=name, error=reason(exc)
        ) from exc


def _check_part(book: zipfile.ZipFile, member: zipfile.ZipInfo, total: int, where) -> int:
    name, names, limits = where
    extent, pending = Extent(), b""
    try:
        with book.open(member) as part:
            while block := part.read(BLOCK):
                total += len(block)
                if total > limits.max_unpacked_bytes:
                    raise _too_large(name, limits)
                pending = _feed(extent, pending + block, name)
                if extent.cells > limits.max_sheet_cells:
                    raise _too_many_cells(
                        name, names.get(member.filename, member.filename), extent, limits
                    )
    except ZIP_ERRORS as exc:
        raise SourceError(
            MEMBER_CORRUPT, file=name, member=member.filename, error=reason(exc)
        ) from exc
    return total


def _feed(extent: Extent, data: bytes, name: str) -> bytes:
    """Feed the complete tags of ``data``; return an unfinished last tag to prepend next."""
    start = data.rfind(b"<")
    if start < 0 or data.find(b">", start) >= 0:
        extent.feed(data)
        return b""
    if len(data) - start > LONGEST_TAG:
        raise SourceError(
            gettext_noop("not a readable spreadsheet: {error}"),
            file=name,
            error="an XML tag longer than 1 MB",
        )
    extent.feed(data[:start])
    return data[start:]


def _sheet_names(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet XML part → the sheet's name (``xl/worksheets/sheet1.xml`` → ``"Mascotas"``)."""
    try:
        workbook = _small(book, "xl/workbook.xml")
        relations = _small(book, "xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for tag in _RELATION.findall(relations):
        found = _attrs(tag)
        target = found.get("Target", "")
        targets[found.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    names = {}
    for tag in _SHEET.findall(workbook):
        found = _attrs(tag)
        part = targets.get(found.get("id"))
        if part:
            names[part] = found.get("name", part)
    return names


def _small(book: zipfile.ZipFile, member: str) -> bytes:
    """A small part read whole (a workbook's list of sheets); a huge one is read in part."""
    with book.open(member) as part:
        return part.read(4 * BLOCK)


def _attrs(tag: bytes) -> dict[str, str]:
    """``<sheet name="A &amp; B" r:id="rId1"/>`` → ``{"name": "A & B", "id": "rId1"}``."""
    found = re.findall(rb"""(?:[\w.-]+:)?([\w.-]+)\s*=\s*["']([^"']*)["']""", tag)
    return {key.decode(): unescape(value.decode("utf-8", "replace")) for key, value in found}


def _too_many_cells(name: str, sheet: str, extent: Extent, limits: SourceLimits) -> SourceError:
    return SourceError(
        gettext_noop(
            "sheet {sheet!r} would hold more than {limit} cells (MIGRATION_MAX_SHEET_CELLS): "
            "its cells reach row {rows} and span {columns} columns; it is not read"
        ),
        file=name,
        sheet=sheet,
        limit=f"{limits.max_sheet_cells:,}",
        rows=f"{extent.rows:,}",
        columns=f"{extent.columns:,}",
    )


def _too_large(name: str, limits: SourceLimits) -> SourceError:
    return SourceError(
        gettext_noop(
            "the spreadsheet would unpack to more than {limit} (MIGRATION_MAX_UNPACKED_BYTES); "
            "it is not read"
        ),
        file=name,
        limit=size_text(limits.max_unpacked_bytes),
    )
