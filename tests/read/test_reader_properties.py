"""Any bytes, written as a ``.csv``, ``.xlsx`` or ``.zip`` file and opened the way the importer
opens an export, give rows or one ``SourceError`` line naming the file: no other exception.

Hypothesis draws raw bytes, bytes built from the pieces that break readers (line endings,
quotes, NUL, BOMs, bytes that are not UTF-8), and valid workbooks and archives with their XML
or their bytes damaged. The runs are derandomized: CI sees the same examples every time.
"""

from __future__ import annotations

import io
import tempfile
import warnings
import zipfile
from pathlib import Path

from hypothesis import event, given, settings
from hypothesis import strategies as st

from migration.errors import SourceError
from migration.read.limits import MIB, SourceLimits
from tests.fixtures.malformed.make import sheet_xml, workbook_xml, xlsx
from tests.read.test_malformed import read_like_the_importer

LIMITS = SourceLimits(max_unpacked_bytes=8 * MIB, max_sheet_cells=100_000)
PROPERTY = settings(max_examples=150, deadline=None, derandomize=True)

CSV_PIECES = [
    b"id",
    b"name",
    b"number_doc",
    b"owner_id",
    b"1",
    b"Ana",
    b",",
    b";",
    b"\t",
    b"|",
    b'"',
    b'""',
    b"\r",
    b"\n",
    b"\r\n",
    b"\x00",
    b" ",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xe9",
    b"\xc3\xa9",
    b"\x81",
    b"\xed\xa0\x80",
    b"\x1a",
]
HEADERS = st.sampled_from([b"", b"id,name,number_doc\n", b"\xef\xbb\xbfid;name;number_doc\r\n"])
CSV_BYTES = st.one_of(
    st.binary(max_size=600),
    st.builds(
        lambda head, body: head + b"".join(body), HEADERS, st.lists(st.sampled_from(CSV_PIECES))
    ),
)

XML_PIECES = [
    '<row r="2">',
    "<row>",
    "</row>",
    "<row/>",
    '<c r="A2" t="inlineStr"><is><t>1</t></is></c>',
    '<c r="B2" t="s"><v>0</v></c>',
    '<c r="C2"><v>3.5</v></c>',
    '<c t="inlineStr"><is><t>x</t></is></c>',
    "<c/>",
    '<c r="XFD1048576"><v>1</v></c>',
    '<c r="ZZZZ9"><v>1</v></c>',
    '<c r="A99999999999999"><v>1</v></c>',
    '<x:c r="B3"><x:v>1</x:v></x:c>',
    '<c r="A2" t="e"><v>#N/A</v></c>',
    '<c r="A2" t="d"><v>2024-13-45</v></c>',
    '<c r="A2" t="b"><v>7</v></c>',
    "<c>",
    "</c>",
    "<v>",
    "&amp;",
    "&bogus;",
    "<![CDATA[<c r='A1'>]]>",
    "<!-- <row> -->",
]
SHEETS = st.builds(
    lambda pieces, dimension: (
        sheet_xml([(1, [("A1", "id"), ("B1", "name"), ("C1", "number_doc")])])
        .replace("</sheetData>", "".join(pieces) + "</sheetData>")
        .replace("<sheetData>", f'<dimension ref="{dimension}"/><sheetData>')
    ),
    st.lists(st.sampled_from(XML_PIECES[:8] * 3 + XML_PIECES[8:]), max_size=12),
    st.sampled_from(["A1:C2", "A1:XFD1048576", "", "Z", "A0:A0"]),
)
BOOKS = st.sampled_from(
    [
        None,
        workbook_xml("<sheets/>"),
        workbook_xml('<sheets><sheet name="" sheetId="1" r:id="rId9"/></sheets>'),
        "<workbook",
    ]
)


def _workbook(sheet: str | None, book: str | None) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.xlsx"
        xlsx(path, sheet, book)
        return path.read_bytes()


def _damaged(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    damaged = bytearray(data)
    for at, value in flips:
        damaged[at % len(damaged)] = value
    return bytes(damaged)


FLIPS = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=4)
XLSX_BYTES = st.one_of(
    st.binary(max_size=400),
    st.builds(_workbook, SHEETS, BOOKS),
    st.builds(
        lambda data, flips: _damaged(data, flips), st.builds(_workbook, SHEETS, BOOKS), FLIPS
    ),
)

SAFE_NAMES = ["propietarios.csv", "2023/mascotas.csv", "2023\\consultas.csv", "libro.xlsx"]
MEMBER_NAMES = st.sampled_from(
    SAFE_NAMES * 6
    + [
        "propietarios.csv",
        "2023/mascotas.csv",
        "2023\\consultas.csv",
        "../fuera.csv",
        "/abs.csv",
        "C:x.csv",
        "dentro.zip",
        "VetFiles/3/a.zip",
        "carpeta/",
        "carpeta",
        "libro.xlsx",
        "",
        "ñandú.csv",
    ]
)
MEMBER_DATA = st.one_of(CSV_BYTES, st.builds(_workbook, SHEETS, BOOKS))


def _archive(members: list[tuple[str, bytes]], deflate: bool, link: bool) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", method) as z:
        warnings.simplefilter("ignore")  # a name twice is one of the cases
        for index, (name, data) in enumerate(members):
            info = zipfile.ZipInfo(name or f"m{index}")
            info.compress_type = method
            if link and index == 0:
                info.external_attr = 0o120777 << 16
            z.writestr(info, data)
    return buffer.getvalue()


ARCHIVES = st.builds(
    _archive,
    st.lists(st.tuples(MEMBER_NAMES, MEMBER_DATA), max_size=4),
    st.booleans(),
    st.sampled_from([False] * 9 + [True]),  # now and then a symbolic link
)
ZIP_BYTES = st.one_of(
    st.binary(max_size=400),
    ARCHIVES,
    st.builds(lambda data, flips: _damaged(data, flips), ARCHIVES, FLIPS),
)


def rows_or_one_line(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"datos{suffix}"
        path.write_bytes(data)
        try:
            rows = read_like_the_importer(path, LIMITS)
            event(f"{suffix}: rows")
        except SourceError as exc:
            event(f"{suffix}: {exc.message_template[:40]}")
            message = str(exc)
            assert "\n" not in message and len(message) < 5000
            assert message.startswith(("datos", "propietarios", "2023", "libro", "ñandú", "m"))
        else:
            assert all(row.row >= 1 and isinstance(row.values, dict) for row in rows)


@PROPERTY
@given(data=CSV_BYTES)
def test_any_bytes_as_a_csv(data):
    rows_or_one_line(data, ".csv")


@PROPERTY
@given(data=XLSX_BYTES)
def test_any_bytes_as_an_xlsx(data):
    rows_or_one_line(data, ".xlsx")


@PROPERTY
@given(data=ZIP_BYTES)
def test_any_bytes_as_a_zip(data):
    rows_or_one_line(data, ".zip")
