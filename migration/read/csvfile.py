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
from dataclasses import dataclass
from itertools import islice
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
EMPTY = gettext_noop("the file is empty")


@dataclass(frozen=True, slots=True)
class Flaw:
    """Where a scan of the bytes stopped: ``nul`` (a NUL byte) or ``undecodable``."""

    kind: str
    offset: int


def detect_encoding(path: Path, name: str) -> str:
    """``utf-8-sig`` / ``utf-16`` by BOM, else ``utf-8`` if it decodes strictly, else cp1252.

    The whole file is scanned once per candidate: a file that does not decode, or that holds a
    NUL byte (a binary file, or a database dump cut short), is refused here with the line where
    it happens, never half-way through an import.
    """
    with path.open("rb") as fh:
        head = fh.read(4)
    if not head:
        raise SourceError(EMPTY, file=name)
    candidates = [enc for bom, enc in BOMS if head.startswith(bom)][:1] or ["utf-8", "cp1252"]
    flaw = None
    for encoding in candidates:
        flaw = _scan(path, encoding)
        if flaw is None:
            return encoding
        if flaw.kind == "nul":
            raise SourceError(
                gettext_noop("the file holds a NUL byte (byte {offset}): it is not a text file"),
                file=name,
                row=_line_of(path, flaw.offset, encoding),
                offset=flaw.offset,
            )
    template = gettext_noop("the file is neither UTF-8 nor Windows-1252 text (byte {offset})")
    if len(candidates) == 1:
        template = gettext_noop(
            "the file starts with a {encoding} byte-order mark but is not {encoding} text "
            "(byte {offset})"
        )
    raise SourceError(
        template,
        file=name,
        row=_line_of(path, flaw.offset, candidates[-1]),
        offset=flaw.offset,
        encoding=candidates[0].removesuffix("-sig").upper(),
    )


def _scan(path: Path, encoding: str) -> Flaw | None:
    """``None`` when the whole file decodes and holds no NUL, else the first flaw."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            nul = _nul(chunk, encoding)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                if nul is not None and nul < exc.start:
                    return Flaw("nul", done + nul)
                return Flaw("undecodable", done + exc.start)
            if nul is not None:
                return Flaw("nul", done + nul)
            done += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return Flaw("undecodable", done)
    return None


def _nul(chunk: bytes, encoding: str) -> int | None:
    """The offset of the first NUL character: one zero byte, or an aligned zero UTF-16 unit."""
    if encoding != "utf-16":
        index = chunk.find(b"\x00")
        return None if index < 0 else index
    index = chunk.find(b"\x00\x00")
    while index >= 0 and index % 2:
        index = chunk.find(b"\x00\x00", index + 1)
    return None if index < 0 else index


def _line_of(path: Path, offset: int, encoding: str) -> int:
    """The 1-based line of byte ``offset``; ``\\r\\n``, ``\\n`` and a lone ``\\r`` each end one."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    lines, after_cr, left = 1, False, offset
    with path.open("rb") as fh:
        while left > 0 and (chunk := fh.read(min(CHUNK, left))):
            left -= len(chunk)
            text = decoder.decode(chunk)
            lines += text.count("\n") + text.count("\r") - text.count("\r\n")
            lines -= after_cr and text.startswith("\n")
            after_cr = text.endswith("\r") or (after_cr and not text)
    return lines


def detect_delimiter(sample: str, complete: bool) -> str:
    """The delimiter that splits most records into the same number (> 1) of fields.

    Title rows ("Listado de propietarios") have one field whatever the delimiter and do not
    vote; a record cut off at the end of the sample is left out.
    """
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            records = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
        except csv.Error:
            continue
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

    def count_filled(self, after: int) -> int | None:
        """The records after the first ``after`` that have a filled cell, as ``rows()`` gives
        them (a quoted line break stays inside its record), counted without a Python call per
        record; ``None`` when the file cannot be read (the import says why, in its place)."""
        try:
            with self._open() as fh:
                records = islice(csv.reader(fh, delimiter=self.delimiter), after, None)
                return sum(map(bool, map(str.strip, map("".join, records))))
        except (csv.Error, OSError, UnicodeError):
            return None

    @staticmethod
    def text(value: str, date_column: bool) -> str:
        return value
