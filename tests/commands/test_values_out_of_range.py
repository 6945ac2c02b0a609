"""Dates and numbers no column holds, through a whole import on the real database: each is an
issue with its text kept in legacy extras, the run completes, and verify reads every cell back
(none differs) — never an ``OverflowError``, a ``decimal.InvalidOperation`` or a database error
("numeric field overflow") with the batch left ``running``."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import pytest

from clinic.models import Invoice, InvoiceLine, OwnerProfile, Pet, Product
from migration.models import DataQualityIssue, MigrationBatch, MigrationRun

pytestmark = pytest.mark.django_db

NINES = "9" * 400
OWNERS = [
    "id", "name", "ident_type", "number_doc", "mobile", "email", "country", "habeas_at",
    "created_at", "updated_at",
]  # fmt: skip
PETS = ["id", "owner_id", "name", "specie", "weight", "weight_unit", "birth_at", "dead", "dead_at",
        "created_at"]  # fmt: skip
PRODUCTS = ["Código", "Nombre", "Precio de venta", "IVA", "Existencias", "Fecha de vencimiento"]
INVOICES = ["Prefijo", "Número", "Fecha de elaboración", "Id cliente", "Producto", "Cantidad",
            "Valor unitario", "Total línea", "Total"]  # fmt: skip


def write(path, header, rows, delimiter=","):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter)
        out.writerow(header)
        out.writerows(rows)


@pytest.fixture
def source(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    write(folder / "propietarios.csv", OWNERS, [
        ["1", "Ana Gil", "cc", "52123456", "3001112233", "", "Colombia", "9999-12-31 23:59:59",
         "0001-01-01 00:30:00+14:00", "2021-03-04 10:00:00"],
    ])  # fmt: skip
    write(folder / "mascotas.csv", PETS, [
        ["10", "1", "Kiwi", "canine", NINES, "kg", "31/02/2024", "1", "9999-12-31",
         "9999-12-31 23:59:59"],
        ["11", "1", "Luna", "feline", "4,2", "kg", "2019-01-01", "0", "", "2199-12-31 23:59:59"],
    ])  # fmt: skip
    write(folder / "productos.csv", PRODUCTS, [
        ["VAC-01", "Vacuna", NINES, "1000%", "1" * 5000, "9999-12-31"],
        ["VAC-02", "Vacuna", "$ 999.999.999.999,99", "19%", "7", "31/12/2025"],
        ["VAC-03", "Vacuna", "0," + "0" * 20_000 + "1", "-0", "-0,000", ""],
    ], delimiter=";")  # fmt: skip
    write(folder / "facturas.csv", INVOICES, [
        ["FE", "1", "31/12/9999", "1", "Consulta", "999999999999", NINES, NINES, NINES],
    ], delimiter=";")  # fmt: skip
    return folder


def issues(code):
    return {
        (i.batch.source_table, i.source_id, i.field_name): i.source_value
        for i in DataQualityIssue.objects.filter(issue_type=code).select_related("batch")
    }


def test_out_of_range_values_are_issues_kept_as_written(run, source):
    run("import_okvet", f"--source={source}", "--no-progress")
    assert MigrationRun.objects.get().status == "completed"
    assert set(MigrationBatch.objects.values_list("status", flat=True)) == {"completed"}
    dates = issues("invalid-date")
    assert dates[("owners", "1", "habeas_at")] == "9999-12-31 23:59:59"
    assert dates[("owners", "1", "created_at")] == "0001-01-01 00:30:00+14:00"
    assert dates[("pets", "10", "dead_at")] == "9999-12-31"
    assert dates[("pets", "10", "created_at")] == "9999-12-31 23:59:59"
    assert dates[("products", "VAC-01", "expiry_date")] == "9999-12-31"
    numbers = issues("number-out-of-range")
    assert numbers[("products", "VAC-01", "price")] == NINES
    assert numbers[("products", "VAC-01", "tax_rate")] == "1000%"
    assert numbers[("products", "VAC-01", "stock")] == "1" * 5000
    assert {column for (table, _, column) in numbers if table == "invoices"} >= {
        "quantity", "unit_price", "line_total", "total",
    }  # fmt: skip
    owner = OwnerProfile.objects.get(legacy_id="1")
    assert owner.habeas_at is None and owner.legacy_extras["habeas_at"] == "9999-12-31 23:59:59"
    kiwi, luna = Pet.objects.get(legacy_id="10"), Pet.objects.get(legacy_id="11")
    assert (kiwi.weight_kg, kiwi.weight_raw, kiwi.deceased_at) == (None, NINES, None)
    assert kiwi.is_deceased and kiwi.legacy_extras["dead_at"] == "9999-12-31"
    assert luna.weight_kg == Decimal("4.200") and luna.created_at.year == 2200  # in UTC
    product = Product.objects.get(legacy_id="VAC-01")
    assert (product.price, product.tax_rate, product.opening_stock, product.expiry_date) == (
        None, None, None, None,
    )  # fmt: skip
    assert product.legacy_extras["price"] == NINES
    fits = Product.objects.get(legacy_id="VAC-02")
    assert fits.price == Decimal("999999999999.99") and fits.expiry_date == date(2025, 12, 31)
    tiny = Product.objects.get(legacy_id="VAC-03")
    assert (tiny.price, tiny.tax_rate, tiny.opening_stock) == (None, 0, 0)
    assert numbers[("products", "VAC-03", "price")] == "0," + "0" * 20_000 + "1"
    line = InvoiceLine.objects.get()
    assert (line.quantity, line.unit_price, line.total) == (None, None, None)
    assert Invoice.objects.get().total is None and Invoice.objects.get().issued_at is None


def test_verify_reads_every_out_of_range_cell_back_as_kept(run, source):
    run("import_okvet", f"--source={source}", "--no-progress")
    ran = run("verify_migration")
    assert "❌" not in ran.out.split("READ-BACK")[1].split("DATA QUALITY")[0]
