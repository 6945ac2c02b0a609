"""Writing generated rows in OkVet's two shapes (table dump, screen export) as CSV or XLSX.

Each shape reproduces what clinics actually hand over: the dump is UTF-8 with English column
names and ISO dates; screen exports have Spanish labels, ``dd/mm/yyyy`` dates, Windows-1252
``;``-separated CSV with CRLF (Excel's "CSV" on a Spanish Windows), one file per year that
overlaps the previous one by a month, and XLSX sheets with a title row above the header.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

OWNER_LABELS = {
    "id": "ID", "name": "Nombre", "ident_type": "Tipo de documento",
    "number_doc": "Número de documento", "phone": "Teléfono", "phone2": "Teléfono 2",
    "mobile": "Celular", "email": "Correo electrónico", "address": "Dirección",
    "city": "Ciudad", "region": "Departamento", "country": "País",
    "conctact": "Contacto autorizado", "kind_person": "Tipo de persona", "regime": "Régimen",
    "habeas_at": "Fecha autorización datos", "created_at": "Fecha de registro",
    "updated_at": "Fecha de actualización", "deleted_at": "Fecha de eliminación",
}  # fmt: skip
PET_LABELS = {
    "id": "ID", "owner_id": "ID propietario", "owner_name": "Propietario", "name": "Nombre",
    "specie": "Especie", "race": "Raza", "specie_other": "Otra especie",
    "race_other": "Otra raza", "gender_id": "Sexo", "color": "Color",
    "birth_at": "Fecha de nacimiento", "weight": "Peso", "weight_unit": "Unidad de peso",
    "size_id": "Tamaño", "reproductive_state": "Estado reproductivo", "photo": "Foto",
    "dead": "Fallecido", "dead_at": "Fecha de fallecimiento", "code": "Microchip",
    "food": "Alimento", "created_at": "Fecha de registro",
    "updated_at": "Fecha de actualización", "deleted_at": "Fecha de eliminación",
}  # fmt: skip
TITLES = {"propietarios": "Listado de propietarios", "mascotas": "Listado de mascotas"}

# Columns written as Excel numbers when they are plain digits (as OkVet's own XLSX does).
NUMERIC_COLUMNS = frozenset({"id", "owner_id", "number_doc", "phone", "phone2", "gender_id",
                             "size_id", "dead"})  # fmt: skip
# About half of the date columns are real Excel dates; the others stay text.
EXCEL_DATE_COLUMNS = frozenset({"birth_at", "habeas_at", "created_at"})
MAX_EXCEL_DIGITS = 15
SCREEN_OVERLAP_MONTH = 12


def text_value(value, shape: str) -> str:
    """A cell as text: ISO dates in the dump, ``dd/mm/yyyy [HH:MM]`` in screen exports."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        day = text_value(value.date(), shape)
        if shape == "dump":
            return f"{day} {value:%H:%M:%S}"
        return f"{day} {value:%H:%M}"
    if isinstance(value, date):
        if shape == "dump":
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    return value


class CsvSink:
    """One CSV file; the dialect depends on the shape (dump: UTF-8 ``,`` LF)."""

    def __init__(self, path: Path, shape: str, columns: tuple, labels: list[str]) -> None:
        self.shape, self.columns, self.rows = shape, columns, 0
        if shape == "dump":
            self.handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            self.writer = csv.writer(self.handle, delimiter=",", lineterminator="\n")
        else:
            self.handle = open(path, "w", encoding="cp1252", errors="replace", newline="")  # noqa: SIM115
            self.writer = csv.writer(self.handle, delimiter=";", lineterminator="\r\n")
        self.writer.writerow(labels)

    def write(self, row: dict) -> None:
        self.writer.writerow([text_value(row[c], self.shape) for c in self.columns])
        self.rows += 1

    def close(self) -> None:
        self.handle.close()


class XlsxSink:
    """One XLSX workbook written row by row (constant memory: 100k rows stay cheap)."""

    def __init__(self, path: Path, shape: str, columns: tuple, labels: list[str]) -> None:
        self.shape, self.columns, self.rows = shape, columns, 0
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        self.sheet = self.book.add_worksheet()
        self.formats = {
            "date": self.book.add_format(
                {"num_format": "dd/mm/yyyy" if shape != "dump" else "yyyy-mm-dd"}
            ),
            "datetime": self.book.add_format(
                {"num_format": "dd/mm/yyyy hh:mm" if shape != "dump" else "yyyy-mm-dd hh:mm:ss"}
            ),
        }
        self.line = 0
        if shape == "screens":
            self.sheet.write_string(0, 0, TITLES.get(path.stem.split("_")[0], path.stem))
            self.line = 2
        for col, label in enumerate(labels):
            self.sheet.write_string(self.line, col, label)
        self.line += 1

    def write(self, row: dict) -> None:
        for col, column in enumerate(self.columns):
            self._cell(col, column, row[column])
        self.line += 1
        self.rows += 1

    def _cell(self, col: int, column: str, value) -> None:
        if value is None or value == "":
            return
        if isinstance(value, date) and column in EXCEL_DATE_COLUMNS and value.year >= 1900:
            kind = "datetime" if isinstance(value, datetime) else "date"
            self.sheet.write_datetime(self.line, col, value, self.formats[kind])
        elif column in NUMERIC_COLUMNS and _plain_number(value):
            self.sheet.write_number(self.line, col, int(value))
        else:
            self.sheet.write_string(self.line, col, text_value(value, self.shape))

    def close(self) -> None:
        self.book.close()


def _plain_number(value) -> bool:
    """Digits only, no leading zero (it would be lost), and exact in a double."""
    return (
        isinstance(value, str)
        and value.isdigit()
        and len(value) <= MAX_EXCEL_DIGITS
        and (value == "0" or not value.startswith("0"))
    )


class TableOutput:
    """All files of one table: a single dump file, or per-year screen files with overlap.

    Screen exports are taken per year; each year's file also repeats the previous year's last
    month, so the same OkVet id appears twice (``repeated_rows``) and must be imported once.
    """

    def __init__(self, directory: Path, base: str, shape: str, fmt: str, columns: tuple) -> None:
        self.directory, self.base, self.shape, self.fmt = directory, base, shape, fmt
        self.columns = columns if shape == "dump" else _screen_columns(columns)
        labels_table = OWNER_LABELS if base == "propietarios" else PET_LABELS
        self.labels = (
            list(self.columns) if shape == "dump" else [labels_table[c] for c in self.columns]
        )
        self.files: list[str] = []
        self.source_rows = self.repeated_rows = 0
        self.sink = None
        self.year: int | None = None
        self.overlap: list[dict] = []

    def write(self, row: dict) -> None:
        if self.shape == "dump":
            if self.sink is None:
                self._open(f"{self.base}.{self.fmt}")
        else:
            self._route(row["created_at"])
        self.sink.write(row)
        if self.shape == "screens" and row["created_at"].month == SCREEN_OVERLAP_MONTH:
            self.overlap.append(row)

    def _route(self, created_at: datetime) -> None:
        """Open the file of ``created_at``'s year, starting with last year's final month."""
        if created_at.year == self.year:
            return
        previous, carried = self.year, self.overlap
        self._close_sink()
        self.year, self.overlap = created_at.year, []
        self._open(f"{self.base}_{self.year}.{self.fmt}")
        if previous is not None and previous == self.year - 1:
            for row in carried:
                self.sink.write(row)
            self.repeated_rows += len(carried)

    def _open(self, name: str) -> None:
        sink_class = CsvSink if self.fmt == "csv" else XlsxSink
        self.sink = sink_class(self.directory / name, self.shape, self.columns, self.labels)
        self.files.append(name)

    def _close_sink(self) -> None:
        if self.sink is not None:
            self.sink.close()
            self.source_rows += self.sink.rows
            self.sink = None

    def close(self) -> None:
        if self.sink is None and not self.files:
            name = f"{self.base}.{self.fmt}" if self.shape == "dump" else f"{self.base}.{self.fmt}"
            self._open(name)
        self._close_sink()


def _screen_columns(columns: tuple) -> tuple:
    """Pets screens carry the owner's name right after the owner id (kept as an extra)."""
    if "owner_id" not in columns:
        return columns
    at = columns.index("owner_id") + 1
    return (*columns[:at], "owner_name", *columns[at:])
