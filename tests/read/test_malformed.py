"""The malformed-input corpus (``tests/fixtures/malformed``, written by its ``make.py``): each
file, opened the way the importer opens an export, gives the rows it holds or one
``SourceError`` line naming the file and saying what is wrong; never another exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from migration.errors import SourceError
from migration.read.archives import unpacked
from migration.read.limits import DEFAULT_LIMITS, SourceLimits
from migration.read.sources import SourceRow, export_files, open_table

CORPUS = Path(__file__).parents[1] / "fixtures" / "malformed"


def read_like_the_importer(path: Path, limits: SourceLimits = DEFAULT_LIMITS) -> list[SourceRow]:
    """A ZIP unpacked, its data files found and opened; any other file opened as a table."""
    if path.suffix != ".zip":
        return list(open_table(path, limits=limits).rows)
    with unpacked(path, limits=limits) as folder:
        return [
            row
            for found, name in export_files(folder)
            for row in open_table(found, display_name=name, root=folder, limits=limits).rows
        ]


READS = {
    "cr_only.csv": [("1", "Ana"), ("2", "Luis")],
    "mixed_line_endings.csv": [("1", "Ana"), ("2", "Luis"), ("3", "Eva")],
    "quoted_cr.csv": [("1", "Ana\rMaría")],
    "normal.xlsx": [("1", "Ana")],
    "dimension_xfd1048576.xlsx": [("1", "Ana")],  # a dimension that lies is not trusted
}


@pytest.mark.parametrize("name", sorted(READS))
def test_files_that_read(name):
    rows = read_like_the_importer(CORPUS / name)
    assert [(r.values["id"], r.values["name"]) for r in rows] == READS[name]
    assert [r.row for r in rows] == list(range(2, len(rows) + 2))


REFUSED = {
    "nul_byte.csv": "nul_byte.csv, row 3: the file holds a NUL byte (byte 38): it is not a text",
    "empty.csv": "empty.csv: the file is empty",
    "bom_only.csv": "bom_only.csv: no header row of any OkVet table",
    "binary_garbage.csv": "binary_garbage.csv, row 1: the file is neither UTF-8 nor Windows-1252",
    "utf16_broken.csv": "utf16_broken.csv, row 2: the file starts with a UTF-16 byte-order mark "
    "but is not UTF-16 text (byte 18)",
    "header_cell_with_line_feed.csv": "header_cell_with_line_feed.csv: no header row of any "
    "OkVet table in the first 10 rows (first row: a b, c)",
    "no_sheets.xlsx": "no_sheets.xlsx: the workbook has no sheets",
    "not_an_ole_file.xls": "not_an_ole_file.xls: not a readable spreadsheet: Cfb error: "
    "Invalid OLE",
    "sheet_part_missing.xlsx": "sheet_part_missing.xlsx: sheet 'Propietarios' is listed but its "
    "cells are missing from the file",
    "broken_xml.xlsx": "broken_xml.xlsx: sheet 'Propietarios' cannot be read: ",
    "cell_at_xfd1048576.xlsx": "cell_at_xfd1048576.xlsx: sheet 'Propietarios' would hold more "
    "than 25,000,000 cells (MIGRATION_MAX_SHEET_CELLS): its cells reach row 1,048,576 and span "
    "16,384 columns; it is not read",
    "cell_at_xfd1048576_prefixed.xlsx": "cell_at_xfd1048576_prefixed.xlsx: sheet 'Propietarios' "
    "would hold more than 25,000,000 cells",
    "text_named_xlsx.xlsx": "text_named_xlsx.xlsx: not a readable spreadsheet: ",
    "truncated.xlsx": "truncated.xlsx: not a readable spreadsheet: ",
    "encrypted_member.zip": "encrypted_member.zip: 'propietarios.csv' in the ZIP file is "
    "encrypted (password-protected)",
    "corrupt_deflate.zip": "corrupt_deflate.zip: the ZIP file is damaged at 'propietarios.csv': "
    "Error -3 while decompressing data",
    "bad_crc.zip": "bad_crc.zip: the ZIP file is damaged at 'propietarios.csv': Bad CRC-32",
    "understated_size.zip": "understated_size.zip: the ZIP file is damaged at 'propietarios.csv'",
    "nested.zip": "nested.zip: the ZIP file holds another ZIP file, '2023/mascotas.zip', whose "
    "files would not be read",
    "symlink_member.zip": "symlink_member.zip: 'mascotas.csv' in the ZIP file is a symbolic "
    "link; it is not unpacked",
    "truncated.zip": "truncated.zip: the ZIP file is cut short",
    "not_a_zip.zip": "not_a_zip.zip: neither a folder nor a ZIP file",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_files_refused_with_one_line(name):
    with pytest.raises(SourceError) as caught:
        read_like_the_importer(CORPUS / name)
    message = str(caught.value)
    assert message.startswith(REFUSED[name]), message
    assert "\n" not in message and "\\x" not in message  # no bytes of the file quoted


def test_a_huge_first_row_is_shown_by_its_start(tmp_path):
    path = tmp_path / "binario.csv"
    path.write_bytes(b"\xfe" * 300_000 + b"\n")  # Windows-1252 text of one 300,000-byte cell
    with pytest.raises(SourceError) as caught:
        read_like_the_importer(path)
    assert str(caught.value) == (
        "binario.csv: no header row of any OkVet table in the first 10 rows (first row: "
        + "þ" * 200
        + "…)"
    )


def test_a_cell_over_16_mb_is_one_line(tmp_path):
    path = tmp_path / "enorme.csv"
    path.write_bytes(b'id,name,number_doc\n1,"' + b"x" * (17 << 20) + b'",3\n')
    with pytest.raises(SourceError) as caught:
        read_like_the_importer(path)
    assert str(caught.value) == (
        "enorme.csv, row 2: unreadable CSV: field larger than field limit (16777216)"
    )


def test_every_corpus_file_has_its_case():
    files = {p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".xls", ".xlsx", ".zip")}
    assert files == set(READS) | set(REFUSED)


def test_the_symbolic_link_member_is_never_read():
    """Info-ZIP stores the link's target as the member's text: ``/etc/passwd`` is refused
    before it is written out, and neither it nor the file it names is in the message."""
    with pytest.raises(SourceError) as caught:
        read_like_the_importer(CORPUS / "symlink_member.zip")
    assert "passwd" not in str(caught.value) and "root:" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "spanish"),
    [
        ("nul_byte.csv", "nul_byte.csv, fila 3: el archivo contiene un byte NUL"),
        ("empty.csv", "empty.csv: el archivo está vacío"),
        ("no_sheets.xlsx", "no_sheets.xlsx: el libro no tiene hojas"),
        (
            "encrypted_member.zip",
            "encrypted_member.zip: 'propietarios.csv' del archivo ZIP está cifrado",
        ),
        (
            "cell_at_xfd1048576.xlsx",
            "cell_at_xfd1048576.xlsx: la hoja 'Propietarios' tendría más de 25,000,000 celdas",
        ),
    ],
)
def test_the_line_in_spanish(name, spanish):
    with pytest.raises(SourceError) as caught:
        read_like_the_importer(CORPUS / name)
    with translation.override("es"):
        assert caught.value.render(translation.gettext).startswith(spanish)
