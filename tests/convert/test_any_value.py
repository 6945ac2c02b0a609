"""Any string in any cell: every cleaner the converters use gives a value plus issues, never an
exception, and a value it gives is one its field holds (a date in ``YEARS``, a number that fits).

A named corpus (``corpus.CORPUS``) pins the cases that once broke a parser; Hypothesis tries
any other text (control characters, huge digit runs, any unicode but lone surrogates)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migration.convert import billing, clinical, documents, identity, vaccines, vitals
from migration.convert import cleaners as c
from migration.convert.base import Converted, derived_key, legacy_key
from migration.issues import CATALOG, Issue
from tests.convert.corpus import CORPUS

TZ = ZoneInfo("America/Bogota")
TODAY = date(2024, 6, 15)
MONEY = c.Room(14, 2)
ANY_FIELD = c.Room(15, 3)
"""The most any decimal field holds: money's 12 digits before the point, weights' 3 after."""


def _converted(call):
    """A converter helper that records on a ``Converted``: its value and its issues."""

    def run(raw: str):
        out = Converted(legacy_id="1")
        value = call(out, raw)
        return c.Cleaned(value, out.issues[0] if out.issues else None), out.issues

    return run


CLEANERS = {
    "clean_text": lambda raw: c.clean_text(raw),
    "is_null": lambda raw: c.is_null(raw),
    "clean_name": lambda raw: c.clean_name(raw, column="name"),
    "split_name": lambda raw: c.split_name(raw),
    "title_case": lambda raw: c.title_case(raw),
    "fit": lambda raw: c.fit(raw, column="code", limit=10),
    "parse_date": lambda raw: c.parse_date(raw, column="d"),
    "parse_datetime": lambda raw: c.parse_datetime(raw, column="d", tz=TZ),
    "parse_datetime UTC+14": lambda raw: c.parse_datetime(
        raw, column="d", tz=ZoneInfo("Pacific/Kiritimati")
    ),
    "parse_birth_date": lambda raw: c.parse_birth_date(raw, column="d", today=TODAY),
    "normalize_phone CO": lambda raw: c.normalize_phone(raw, column="mobile", region="CO"),
    "normalize_phone MX": lambda raw: c.normalize_phone(raw, column="mobile", region="mx"),
    "normalize_phone none": lambda raw: c.normalize_phone(raw, column="mobile", region=""),
    "normalize_email": lambda raw: c.normalize_email(raw, column="email"),
    "country_code": lambda raw: c.country_code(raw, default="CO"),
    **{
        f"normalize_document {kind}": (
            lambda raw, kind=kind: c.normalize_document(kind, raw, country="CO")
        )
        for kind in ("CC", "NIT", "CURP", "RUT", "mobile", "pasaporte", "")
    },
    "normalize_document type": lambda raw: c.normalize_document(raw, "52123456", country="CO"),
    "map_species": lambda raw: c.map_species(raw, ""),
    "map_species other": lambda raw: c.map_species("other", raw),
    "map_breed": lambda raw: c.map_breed(raw, ""),
    "map_breed other": lambda raw: c.map_breed("otro", raw),
    "map_sex": lambda raw: c.map_sex(raw, column="gender_id"),
    "map_neutered": lambda raw: c.map_neutered(raw, column="reproductive_state"),
    "parse_bool": lambda raw: c.parse_bool(raw, column="dead"),
    "parse_decimal": lambda raw: c.parse_decimal(raw, column="n"),
    "parse_decimal thousands": lambda raw: c.parse_decimal(raw, column="n", thousands=True),
    "parse_decimal money": lambda raw: c.parse_decimal(raw, column="n", room=MONEY),
    "parse_int": lambda raw: c.parse_int(raw, column="n"),
    "parse_int small": lambda raw: c.parse_int(raw, column="n", maximum=32767),
    **{
        f"parse_weight {unit or 'no unit'}": (
            lambda raw, unit=unit: c.parse_weight(raw, unit, column="weight", species="cat")
        )
        for unit in ("kg", "g", "lb", "")
    },
    "parse_weight unit": lambda raw: c.parse_weight("4", raw, column="weight", species="dog"),
    "parse_microchip": lambda raw: c.parse_microchip(raw, column="code"),
    "normalize_key": lambda raw: c.normalize_key(raw),
    "first_number": lambda raw: vitals.first_number(raw),
    "temperature_c": lambda raw: vitals.temperature_c(raw, "c"),
    "temperature_c in F": lambda raw: vitals.temperature_c(raw, "f"),
    "temperature unit": lambda raw: vitals.temperature_c("101", raw),
    "rate": lambda raw: vitals.rate(raw),
    "seconds": lambda raw: vitals.seconds(raw),
    "body_condition": lambda raw: vitals.body_condition(raw),
    "money": _converted(lambda out, raw: billing.money(out, raw, "price")),
    "amount": _converted(lambda out, raw: billing.amount(out, raw, "stock")),
    "tax_rate": _converted(lambda out, raw: billing.tax_rate(out, raw, "tax_rate")),
    "active_flag": _converted(lambda out, raw: billing.active_flag(out, raw)),
    "currency": _converted(lambda out, raw: billing.currency(out, raw)),
    "document_digits": lambda raw: billing.document_digits(raw),
    "invoice_key": lambda raw: billing.invoice_key(raw, raw),
    "product_key": lambda raw: billing.product_key("", raw),
    "manufacturer": lambda raw: vaccines.manufacturer(raw),
    "record_type_of": lambda raw: clinical.record_type_of(raw),
    "file_references": _converted(
        lambda out, raw: clinical.file_references(raw, column="file", out=out)
    ),
    "safe_relative": lambda raw: documents.safe_relative(raw),
    "legacy_key": lambda raw: legacy_key(raw),
    "derived_key": lambda raw: derived_key(raw),
    "placeholder_document": lambda raw: identity.placeholder_document(raw, raw),
    "similar_names": lambda raw: identity.similar_names(raw, "Maria Perez"),
}


def _issues(result) -> list[Issue]:
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], list):
        return result[1]
    if isinstance(result, c.Cleaned):
        return [result.issue] if result.issue else []
    return []


def _values(result):
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], list):
        result = result[0]
    if isinstance(result, c.Cleaned):
        result = result.value
    yield from result if isinstance(result, tuple) else (result,)


def _holdable(value) -> bool:
    """A value the clinic's fields and the writer take: a date in ``YEARS`` (its timestamp
    moved to UTC too), a finite number some decimal field holds."""
    low, high = c.YEARS
    if isinstance(value, datetime):
        return low <= value.year <= high and low - 1 <= value.astimezone(UTC).year <= high + 1
    if isinstance(value, date):
        return low <= value.year <= high
    if isinstance(value, Decimal):
        return ANY_FIELD.holds(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) <= c.BIGINT
    return True


UNBOUNDED = frozenset(("parse_decimal", "parse_decimal thousands", "first_number"))
"""Readers of a number for no field (the read-back's, a vital's first number): any size."""


def check(name: str, raw: str) -> None:
    result = CLEANERS[name](raw)
    for issue in _issues(result):
        assert issue.code in CATALOG, (name, raw[:80], issue.code)
        issue.template.format(value=issue.value, column=issue.column, **issue.params)
    for value in _values(result) if name not in UNBOUNDED else ():
        assert _holdable(value), (name, raw[:80], str(value)[:80])


@pytest.mark.parametrize("case", CORPUS)
def test_every_cleaner_takes_the_corpus(case):
    for name in CLEANERS:
        check(name, CORPUS[case])


NUMBERS = st.one_of(
    st.from_regex(r"-?[0-9]{1,600}([.,][0-9]{0,600})?( ?(kg|g|lb|%))?", fullmatch=True),
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
DATES = st.one_of(
    st.dates().map(str),
    st.datetimes().map(str),
    st.datetimes().map(lambda d: d.strftime("%d/%m/%Y %H:%M")),
    st.from_regex(
        r"[0-9]{1,5}[-/][0-9]{1,3}[-/][0-9]{1,5}( [0-9]{1,3}:[0-9]{1,3})?", fullmatch=True
    ),
)
ANY_CELL = st.one_of(
    st.text(), st.text(max_size=3000), NUMBERS, DATES, st.sampled_from(list(CORPUS.values()))
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(raw=ANY_CELL, name=st.sampled_from(sorted(CLEANERS)))
def test_any_string_gives_a_value_and_issues(raw, name):
    check(name, raw)


@pytest.mark.parametrize(
    ("raw", "column"),
    [("9999-12-31", "d"), ("9999-12-31 23:59:59", "d"), ("0001-01-01", "d"),
     ("31/02/2024", "d"), ("1899-12-30", "d"), ("2202-05-01 10:00", "d")],
)  # fmt: skip
def test_a_date_outside_the_years_is_invalid_and_keeps_its_text(raw, column):
    for cleaned in (c.parse_date(raw, column=column), c.parse_datetime(raw, column=column, tz=TZ)):
        assert cleaned.value is None
        assert (cleaned.issue.code, cleaned.issue.value) == ("invalid-date", raw)


def test_the_years_edges_are_dates():
    assert c.parse_date("1900-01-01", column="d").value == date(1900, 1, 1)
    assert c.parse_date("31/12/2199", column="d").value == date(2199, 12, 31)
    late = c.parse_datetime("2199-12-31 23:59:59", column="d", tz=TZ).value
    assert late.astimezone(UTC) == datetime(2200, 1, 1, 4, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "value", "issue"),
    [("999999999999,99", Decimal("999999999999.99"), None),
     ("-999999999999,99", Decimal("-999999999999.99"), None),
     ("12,500", Decimal("12.5"), None),
     ("999999999999,995", None, "number-out-of-range"),
     ("12,345", None, "number-out-of-range"),
     ("0," + "0" * 400 + "1", None, "number-out-of-range"),
     ("1000000000000", None, "number-out-of-range"),
     ("9" * 400, None, "number-out-of-range"),
     ("1e999", None, "invalid-number"), ("Infinity", None, "invalid-number"),
     ("NaN", None, None), ("-0", Decimal("0"), None)],
)  # fmt: skip
def test_money_that_does_not_fit_its_field_is_out_of_range_and_kept(raw, value, issue):
    out = Converted(legacy_id="1")
    assert billing.money(out, raw, "price") == value
    assert [i.code for i in out.issues] == ([issue] if issue else [])
    if issue == "number-out-of-range":
        assert out.extras["price"] == raw
        assert out.issues[0].params == {"digits": 12, "places": 2}


def test_minus_zero_is_zero():
    assert str(c.parse_decimal("-0,00", column="n").value) == "0.00"


@pytest.mark.parametrize(
    ("raw", "value", "issue"),
    [("19%", Decimal("19.00"), None), ("0,19", Decimal("19.00"), None),
     ("999,99", Decimal("999.99"), None), ("999,995%", None, "number-out-of-range"),
     ("1000", None, "number-out-of-range"), ("9" * 400, None, "number-out-of-range")],
)  # fmt: skip
def test_a_rate_beyond_its_field_is_out_of_range(raw, value, issue):
    out = Converted(legacy_id="1")
    assert billing.tax_rate(out, raw, "tax_rate") == value
    assert [i.code for i in out.issues] == ([issue] if issue else [])
    if issue:
        assert out.extras["tax_rate"] == raw


@pytest.mark.parametrize(
    ("raw", "unit"),
    [("9" * 400, "kg"), ("9" * 400, "g"), ("9" * 400 + ",5", "lb"), ("10000000", "kg"),
     ("9999999,9999", "kg"), ("1" * 5000, "kg")],
)  # fmt: skip
def test_a_weight_no_field_holds_is_no_weight(raw, unit):
    cleaned = c.parse_weight(raw, unit, column="weight", species="dog")
    assert cleaned.value is None and cleaned.issue.code == "invalid-weight"
    assert cleaned.issue.value == raw


def test_a_weight_just_under_the_field_is_kept_and_flagged():
    cleaned = c.parse_weight("9999999,9994", "kg", column="weight", species="dog")
    assert cleaned.value == Decimal("9999999.999")
    assert cleaned.issue.code == "implausible-weight"


@pytest.mark.parametrize(
    ("raw", "value", "issue"),
    [("9223372036854775807", 2**63 - 1, None), ("-9223372036854775807", 1 - 2**63, None),
     ("9223372036854775808", None, "number-out-of-range"),
     ("1" * 5000, None, "number-out-of-range"), ("0" * 5000 + "7", 7, None)],
)  # fmt: skip
def test_parse_int_beyond_a_64_bit_integer(raw, value, issue):
    cleaned = c.parse_int(raw, column="n")
    assert cleaned.value == value
    assert (cleaned.issue.code if cleaned.issue else None) == issue


def test_room_holds_what_the_column_stores_unrounded():
    rate = c.Room(5, 2)
    assert rate.whole == 3
    assert rate.holds(Decimal("999.99")) and rate.holds(Decimal("-999.990"))
    assert rate.holds(Decimal("0")) and rate.holds(Decimal("-0.500"))
    assert not rate.holds(Decimal("999.995")) and not rate.holds(Decimal("1E+3"))
    assert not rate.holds(Decimal("0.005")) and not rate.holds(Decimal("1E-400"))
    assert not rate.holds(Decimal("NaN")) and not rate.holds(Decimal("-Infinity"))


def test_room_rounds_to_its_places_or_gives_none():
    weight = c.Room(10, 3)
    assert weight.rounded(Decimal("1.9051")) == Decimal("1.905")
    assert weight.rounded(Decimal("1E-400")) == Decimal("0.000")
    assert weight.rounded(Decimal("9999999.9994")) == Decimal("9999999.999")
    assert weight.rounded(Decimal("9999999.9996")) is None
    assert weight.rounded(Decimal("9" * 400)) is None
    assert weight.rounded(Decimal("Infinity")) is None


def test_vitals_beyond_any_reading_are_none():
    assert vitals.temperature_c("9" * 400, "c") is None
    assert vitals.temperature_c("-" + "9" * 30, "f") is None
    assert vitals.body_condition("3/" + "9" * 5000) == (None, None)
    assert vitals.temperature_c("101,3", "f") == Decimal("38.50")
