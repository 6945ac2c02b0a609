"""Any string in any cell of any table: the row converters give a record plus issues, never an
exception, and every field they fill is one the clinic's column holds and the writer stores
(a date in range, also in UTC; a number within ``max_digits``; a code within ``max_length``).

The named corpus (``corpus.CORPUS``) goes into every column of every table; Hypothesis puts
any text into one random cell of a row, or into all of them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection, models
from hypothesis import given, settings
from hypothesis import strategies as st

from migration.convert import cleaners as c
from migration.convert.base import ConvertContext, Converted, ledger
from migration.issues import CATALOG
from migration.load.writer import sqlite_values, to_json
from migration.read.sources import SourceRow
from migration.services.plan import PLAN
from tests.convert.corpus import CORPUS

CTX = ConvertContext(
    tz=ZoneInfo("America/Bogota"),
    default_region="CO",
    today=date(2024, 6, 15),
    vaccine_names={"5": "Rabia"},
)
STEPS = {step.table: step for step in PLAN}
NESTED = {"invoice": "clinic.Invoice", "line": "clinic.InvoiceLine"}


HARVESTED = ("name", "path")
"""The file references' cells that come from a source row (the rest are the harvester's own)."""


def columns(table: str) -> list[str]:
    step = STEPS[table]
    return sorted(step.declaration.rules) if step.read else list(HARVESTED)


BASE = {"id": "7", "pet_id": "3", "owner_id": "2", "client_id": "2", "number": "12"}
"""Keys filled in every row, so that its other cells are converted as a real row's are."""


def row(table: str, cells: dict[str, str]) -> SourceRow:
    values = {name: BASE.get(name, "") for name in columns(table)}
    values.update(cells)
    return SourceRow(file="t.csv", sheet="", row=2, values=values, extras={})


def model_fields(table: str) -> dict[str, models.Field]:
    found: dict[str, models.Field] = {}
    for label in STEPS[table].targets:
        for field in apps.get_model(label)._meta.concrete_fields:
            found.setdefault(field.attname, field)
            found.setdefault(field.name, field)
    return found


def _holds(field: models.Field, value) -> bool:
    if value is None or isinstance(field, models.JSONField):
        return True
    if isinstance(field, models.DateTimeField):
        low, high = c.YEARS
        return value.utcoffset() is not None and low - 1 <= value.astimezone(UTC).year <= high + 1
    if isinstance(field, models.DateField):
        return c.YEARS[0] <= value.year <= c.YEARS[1]
    if isinstance(field, models.DecimalField):
        return c.Room(field.max_digits, field.decimal_places).holds(value)
    if isinstance(field, models.IntegerField) and not isinstance(value, bool):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or value >= low) and (high is None or value <= high)
    if isinstance(field, models.CharField) and field.max_length:
        return len(str(value)) <= field.max_length
    return True


def check_storable(table: str, fields: dict, where) -> None:
    """Each field a column holds; every value one the writer turns into what SQLite stores."""
    known = model_fields(table)
    for name, value in fields.items():
        if name in NESTED and isinstance(value, dict):
            nested = {f.attname: f for f in apps.get_model(NESTED[name])._meta.concrete_fields}
            for key, inner in value.items():
                if key in nested:
                    assert _holds(nested[key], inner), (where, name, key, str(inner)[:80])
            continue
        if name in known:
            assert _holds(known[name], value), (where, name, str(value)[:80])
    copy = dict(fields)
    sqlite_values(copy)
    to_json(copy)


def convert(table: str, cells: dict[str, str]) -> Converted:
    source = row(table, cells)
    out = STEPS[table].convert(source, CTX)
    out.ledger = ledger(source, out)
    for issue in out.issues:
        assert issue.code in CATALOG, (table, cells, issue.code)
    check_storable(table, out.fields, (table, {k: v[:40] for k, v in cells.items()}))
    return out


@pytest.mark.parametrize("case", CORPUS)
def test_every_table_takes_the_corpus_in_every_column(case):
    for table in STEPS:
        for column in columns(table):
            convert(table, {column: CORPUS[case]})


CELL = st.one_of(
    st.text(),
    st.text(alphabet="0123456789,.-+eE %/:kglb", max_size=40),
    st.integers(min_value=1, max_value=3000).map(lambda n: "9" * n),
    st.datetimes().map(str),
    st.sampled_from(list(CORPUS.values())),
)


@st.composite
def one_cell(draw):
    table = draw(st.sampled_from(sorted(STEPS)))
    column = draw(st.sampled_from(columns(table)))
    return table, {column: draw(CELL)}


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(case=one_cell())
def test_any_string_in_one_cell_gives_a_record_and_issues(case):
    convert(*case)


@st.composite
def all_cells(draw):
    table = draw(st.sampled_from(sorted(STEPS)))
    names = columns(table)
    return table, draw(st.fixed_dictionaries({name: CELL for name in names}))


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(case=all_cells())
def test_any_string_in_every_cell_gives_a_record_and_issues(case):
    convert(*case)


@pytest.mark.parametrize(
    ("table", "column", "raw", "code"),
    [("pets", "dead_at", "9999-12-31", "invalid-date"),
     ("pets", "created_at", "9999-12-31 23:59:59", "invalid-date"),
     ("owners", "habeas_at", "0001-01-01 00:30:00+14:00", "invalid-date"),
     ("vaccinations", "next_vaccine_at", "31/02/2024", "invalid-date"),
     ("appointments", "start", "9999-12-31 23:00:00", "invalid-date"),
     ("consults", "consult_at", "9999-12-31 23:59:59", "invalid-date"),
     ("products", "expiry_date", "9999-12-31", "invalid-date"),
     ("products", "price", "9" * 400, "number-out-of-range"),
     ("products", "stock", "1" * 5000, "number-out-of-range"),
     ("products", "tax_rate", "1000%", "number-out-of-range"),
     ("invoices", "total", "9" * 400, "number-out-of-range"),
     ("invoices", "quantity", "999999999999", "number-out-of-range"),
     ("invoices", "issued_at", "9999-12-31 23:59:59", "invalid-date"),
     ("pets", "weight", "9" * 400, "invalid-weight")],
)  # fmt: skip
def test_a_value_no_field_holds_is_an_issue_and_kept_as_written(table, column, raw, code):
    out = convert(table, {column: raw})
    issue = next(i for i in out.issues if i.column == column)
    assert (issue.code, issue.value) == (code, raw)
    kept = out.fields.get(f"{column}_raw") or out.extras.get(column)
    assert kept == raw


def test_a_timestamp_at_the_end_of_the_years_is_stored_in_utc():
    out = convert("pets", {"created_at": "2199-12-31 23:59:59"})
    fields = dict(out.fields)
    sqlite_values(fields)
    assert fields["created_at"] == "2200-01-01 04:59:59"
    assert isinstance(out.fields["created_at"], datetime)
    assert not out.issues or all(i.column != "created_at" for i in out.issues)


def test_money_just_within_its_field_is_kept_as_a_number():
    out = convert("products", {"price": "$ 999.999.999.999,99"})
    assert out.fields["price"] == Decimal("999999999999.99")
    assert "price" not in out.extras
