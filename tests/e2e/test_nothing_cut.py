"""Nothing cut: every text column of every declared table, fed a value longer than any field
was ever sized for, is found whole after ``import_okvet`` — in the clinic's tables, or in the
record's legacy extras with a ``truncated-value`` issue where the field has a real limit.

The export is built from the declarations (``migration.read.declarations``), one row per table,
so a table or column added later is fed too. Reintroducing a ``[:N]`` anywhere on the way
makes a value shorter than its cell, found nowhere whole: this test fails naming the cell.
"""

from __future__ import annotations

import contextlib
import csv
import json
from typing import Any

import pytest
from django.apps import apps
from django.core.management.base import CommandError

from migration.models import DataQualityIssue, MigrationRecord
from migration.read import declarations as d

pytestmark = pytest.mark.django_db

LONG = 1500
"""Longer than every ``max_length`` the clinic's models had (1,000 at most)."""
TYPED = {d.INSTANT: "2023-04-05 10:30:00", d.DATE: "2023-04-05", d.NUMBER: "5"}
VOCABULARY = {
    "ident_type": "CC",
    "specie": "canino",
    "gender_id": "1",
    "reproductive_state": "",
    "dead": "0",
    "assistance": "",
    "active": "1",
    "required_signature": "0",
}
"""Vocabulary columns with a closed list; the others (breed, laboratory, microchip, currency)
take free text and are fed a long one."""
LINKS = frozenset({"id", "vet_id"})
LIMITED = [
    ("clients", "number_doc"),
    ("invoices", "client_document"),
    ("invoices", "currency"),
    ("invoices", "number"),
    ("invoices", "prefix"),
    ("pets", "size_id"),
    ("products", "barcode"),
    ("products", "code"),
    ("products", "lot"),
    ("vaccinations", "lot"),
    ("vaccinations", "vaccine_type_id"),
]
"""(batch type, column) of every field with a real limit: only these are left empty."""


def long_text(table: str, column: str) -> str:
    """Unique per cell, words a cleaner keeps as they are (mixed case, no filler, not JSON)."""
    start = f"Texto de {table}.{column}:"
    words = " ".join(f"palabra{n} larga" for n in range(LONG // 10))
    return f"{start} {words}"


def cell(table: d.Table, column: d.Column) -> tuple[str, bool]:
    """The value to write and whether it is a long text this test then looks for."""
    if column.rule == d.REFERENCE or (column.rule == d.KEY and column.name in LINKS):
        return "1", False
    if column.rule in TYPED:
        return TYPED[column.rule], False
    if column.rule == d.EMAIL:
        return "ana@example.com", False
    if column.rule in (d.FILES, d.NOT_IMPORTED) or column.name == "deleted_at":
        return "", False
    if column.rule == d.VOCABULARY and column.name in VOCABULARY:
        return VOCABULARY[column.name], False
    return long_text(table.name, column.name), True


TABLES = [t for t in d.DECLARATIONS.values() if t.read and t.spec is not None]


def write_export(folder) -> dict[str, dict[str, str]]:
    """One ``<table>.csv`` per declared table; returns the long cells, by table and column."""
    folder.mkdir()
    fed: dict[str, dict[str, str]] = {}
    for table in TABLES:
        row, fed[table.name] = {}, {}
        for name in table.spec.columns:
            value, is_long = cell(table, table.rules[name])
            row[name] = value
            if is_long:
                fed[table.name][name] = value
        with (folder / f"{table.name}.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=list(row), quoting=csv.QUOTE_ALL)
            writer.writeheader()
            writer.writerow(row)
    return fed


def strings(value: Any):
    """Every text inside a stored value, JSON included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def stored_row(table: d.Table, record: MigrationRecord) -> dict[str, Any]:
    """The record's fields, and those of the rows its columns reach (``invoice__prefix``)."""
    model = apps.get_model(record.target_model)
    names = [f.name if not f.is_relation else f.attname for f in model._meta.concrete_fields]
    for related in {c.target.split("__")[0] for c in table.columns if "__" in c.target}:
        target = model._meta.get_field(related).related_model
        names += [f"{related}__{f.attname}" for f in target._meta.concrete_fields]
    return model.objects.filter(pk=record.target_id).values(*names).get()


def whereabouts(table: d.Table, column: str, value: str) -> str:
    """Where the value was found whole, or ``""``."""
    record = MigrationRecord.objects.get(batch__batch_type=table.batch_type, status="imported")
    stored = stored_row(table, record)
    extras = stored.get("legacy_extras") or {}
    if extras.get(column) == value:
        if table.rules[column].rule in (d.EXTRAS, d.VOCABULARY):
            return "legacy extras, as written"
        flagged = DataQualityIssue.objects.filter(
            batch=record.batch, issue_type="truncated-value", field_name=column
        ).filter(source_value=value)
        return "legacy extras, flagged" if flagged.exists() else "legacy extras"
    found = (k for k, v in stored.items() if k != "legacy_extras" and value in strings(v))
    whole = next(found, "")
    if not whole and any(value in text for v in stored.values() for text in strings(v)):
        whole = "inside a longer text"
    return whole


@pytest.fixture
def imported(run, tmp_path):
    fed = write_export(tmp_path / "export")
    run("import_okvet", f"--source={tmp_path / 'export'}", "--no-progress")
    return fed


def test_every_table_is_fed_and_imported(imported):
    assert {t.name for t in TABLES} <= set(imported)
    assert sum(len(cells) for cells in imported.values()) > 150
    for table in TABLES:
        records = MigrationRecord.objects.filter(batch__batch_type=table.batch_type)
        assert list(records.values_list("status", flat=True)) == ["imported"], table.name


def test_every_long_text_is_stored_whole_or_kept_whole_with_an_issue(imported):
    lost = []
    for table in TABLES:
        for column, value in imported[table.name].items():
            where = whereabouts(table, column, value)
            if not where or where == "legacy extras":
                lost.append(f"{table.name}.{column}: {where or 'not found whole'}")
    assert lost == [], "\n".join(lost)


def test_limited_fields_are_left_empty_and_flagged(imported):
    from clinic.models import Invoice, OwnerProfile, Pet, Product, VaccinationRecord

    owner = OwnerProfile.objects.get(legacy_id="1")
    assert owner.ident_number == owner.ident_number_normalized == ""
    assert owner.legacy_extras["number_doc"] == imported["owners"]["number_doc"]
    assert owner.user.first_name == owner.user.last_name == ""
    assert owner.full_name == imported["owners"]["name"]
    assert Pet.objects.get(legacy_id="1").size_code == ""
    product = Product.objects.get()
    assert (product.code, product.barcode, product.lot) == ("", "", "")
    assert product.legacy_id.startswith("sha256:")
    invoice = Invoice.objects.get()
    assert (invoice.prefix, invoice.number, invoice.currency) == ("", "", "")
    assert invoice.client_document == ""
    vaccination = VaccinationRecord.objects.get()
    assert vaccination.vaccine_type_legacy_id == vaccination.lot_number == ""
    flagged = DataQualityIssue.objects.filter(issue_type="truncated-value")
    assert sorted(flagged.values_list("batch__batch_type", "field_name")) == LIMITED
    issue = flagged.get(field_name="number_doc")
    assert issue.severity == "warning" and str(len(issue.source_value)) in issue.description
    assert "50" in issue.description


def test_the_read_back_finds_every_cell(run, tmp_path, imported):
    out = tmp_path / "v.json"
    with contextlib.suppress(CommandError):  # other checks are not this test's
        run("verify_migration", f"--json={out}")
    readback = json.loads(out.read_text())["readback"]
    cut = [f for f in readback["failures"] if f["column"] in imported.get(f["table"], {})]
    assert cut == []
