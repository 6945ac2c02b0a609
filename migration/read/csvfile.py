"""CSV files as OkVet clinics really send them: any of four delimiters, three encodings.

Excel on a Spanish Windows saves "CSV" as Windows-1252 with ``;`` and CRLF; OkVet's own dump is
UTF-8 with ``,``; Excel's "Unicode text" is UTF-16 with tabs. The encoding is decided by
evidence, in this order: a byte-order mark, then strict UTF-8 over the whole file, then
Windows-1252 (statistical detectors were measured misreading Spanish cp1252 as cp1250).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from migration.errors import SourceError
from migration.i18n import gettext_noop

CHUNK = 1 << 20
SAMPLE = 1 << 16
DELIMITERS = (",", ";", "\t", "|")
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
csv.field_size_limit(1 << 24)


def detect_encoding(path: Path, name: str) -> str:
    """``utf-8-sig`` / ``utf-16`` by BOM, else ``utf-8`` if it decodes strictly, else cp1252."""
    with path.open("rb") as fh:
        head = fh.read(4)
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return encoding
    if _decodes(path, "utf-8") is None:
        return "utf-8"
    offset = _decodes(path, "cp1252")
    if offset is None:
        return "cp1252"
    raise SourceError(
        gettext_noop("the file is neither UTF-8 nor Windows-1252 text (byte {offset})"),
        file=name,
        row=_line_of(path, offset),
        offset=offset,
    )


def _decodes(path: Path, encoding: str) -> int | None:
    """``None`` when the whole file decodes, else the offset of the first bad byte."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return done + exc.start
            done += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            return done + exc.start
    return None


def _line_of(path: Path, offset: int) -> int:
    with path.open("rb") as fh:
        return fh.read(offset).count(b"\n") + 1


def detect_delimiter(sample: str, complete: bool) -> str:
    """The delimiter that splits most records into the same number (> 1) of fields.

    Title rows ("Listado de propietarios") have one field whatever the delimiter and do not
    vote; a record cut off at the end of the sample is left out.
    """
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        records = list(csv.reader(io.StringIO(sample), delimiter=delimiter))
        if not complete:
            records = records[:-1]
        widths = Counter(len(r) for r in records[:50] if len(r) > 1)
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]))
        if (count, width) > best_score:
            best, best_score = delimiter, (count, width)
    return best


class CsvGrid:
    """A CSV file as numbered rows of text cells; row numbers count records, 1-based."""

    sheet = ""
    cells_are_text = True

    def __init__(self, path: Path, name: str) -> None:
        self.path, self.name = path, name
        self.encoding = detect_encoding(path, name)
        with self._open() as fh:
            sample = fh.read(SAMPLE)
            complete = not fh.read(1)
        self.delimiter = detect_delimiter(sample, complete)

    def _open(self) -> io.TextIOWrapper:
        return self.path.open(encoding=self.encoding, newline="")

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        with self._open() as fh:
            reader = csv.reader(fh, delimiter=self.delimiter)
            number = 0
            try:
                for number, cells in enumerate(reader, start=1):  # noqa: B007
                    yield number, cells
            except csv.Error as exc:
                raise SourceError(
                    gettext_noop("unreadable CSV: {error}"),
                    file=self.name,
                    row=number + 1,
                    error=exc,
                ) from exc

    @staticmethod
    def text(value: str, date_column: bool) -> str:
        return value
