import json
from decimal import Decimal

import pytest
from django.core.management.base import CommandError

from clinic.models import Invoice, InvoiceLine, Product
from migration.convert.billing import convert_invoice_line, convert_product
from migration.models import DataQualityIssue, MigrationBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(fixtures):
    return f"--file={fixtures / 'billing' / 'productos.csv'}"


@pytest.fixture
def invoices(fixtures):
    return f"--file={fixtures / 'billing' / 'facturas.csv'}"


@pytest.fixture
def clients_imported(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")


def test_products_money_vat_and_opening_stock(run, products):
    run("import_okvet_products", products)
    vaccine = Product.objects.get(legacy_id="VAC-01")
    assert (vaccine.cost, vaccine.price, vaccine.tax_rate) == (
        Decimal("8000.00"),
        Decimal("12500.00"),
        Decimal("19.00"),
    )
    assert vaccine.opening_stock == Decimal("7") and vaccine.stock_needs_review
    assert vaccine.expiry_date.isoformat() == "2025-12-31" and vaccine.is_active
    assert vaccine.source_system == "okvet" and vaccine.legacy_extras == {"Bodega": "Principal"}
    flea = Product.objects.get(legacy_id="MED-02")
    assert (flea.price, flea.tax_rate) == (Decimal("1234567.50"), Decimal("19.00"))
    assert flea.opening_stock is None and not flea.stock_needs_review and not flea.is_active
    service = Product.objects.get(legacy_id="name:consulta_general")
    assert (service.code, service.price, service.is_active) == ("", Decimal("50000.00"), True)


def test_invoices_rebuilt_from_scattered_lines(run, clients_imported, products, invoices):
    run("import_okvet_products", products)
    run("import_okvet_invoices", invoices)
    assert Invoice.objects.count() == 3 and InvoiceLine.objects.count() == 6
    first = Invoice.objects.get(legacy_id="FE1001")
    assert (first.prefix, first.number, first.is_archive) == ("FE", "1001", True)
    assert first.total == Decimal("62500.00") and first.issued_at.date().isoformat() == "2023-04-05"
    assert first.owner.legacy_id == "101"
    lines = first.lines.order_by("legacy_id")
    assert [line.legacy_id for line in lines] == ["FE1001/2", "FE1001/4"]
    assert lines[0].product.legacy_id == "VAC-01" and lines[1].product is None
    assert lines[0].tax_rate == Decimal("19.00") and lines[1].legacy_extras == {"Vendedor": "Ana"}


def test_clients_by_document_and_unknown_client(run, clients_imported, invoices):
    run("import_okvet_invoices", invoices)
    by_document = Invoice.objects.get(legacy_id="FE1002")
    assert by_document.owner.ident_number_normalized == "52123456"
    unknown = Invoice.objects.get(legacy_id="FE1003")
    assert unknown.owner is None and unknown.client_name == "Cliente Desconocido"
    issue = DataQualityIssue.objects.get(issue_type="invoice-client-not-found")
    assert (issue.source_id, issue.source_value) == ("FE1003/5", "999")
    assert "imported without a client" in issue.description


def test_total_mismatch_found_by_the_finish_hook(run, clients_imported, invoices):
    run("import_okvet_invoices", invoices)
    mismatch = DataQualityIssue.objects.get(issue_type="invoice-total-mismatch")
    assert (mismatch.source_id, mismatch.source_row) == ("FE1003", 5)
    assert "add up to 50000, not to its total 80000" in mismatch.description


def test_second_run_imports_nothing_new_and_rollback_removes_all(run, clients_imported, invoices):
    run("import_okvet_invoices", invoices)
    run("import_okvet_invoices", invoices)
    second = MigrationBatch.objects.filter(batch_type="invoices").latest("pk")
    assert (second.imported_count, second.summary["counts"]["unchanged"]) == (0, 6)
    assert Invoice.objects.count() == 3 and InvoiceLine.objects.count() == 6
    first = MigrationBatch.objects.filter(batch_type="invoices").earliest("pk")
    run("rollback_migration", f"--batch-id={second.pk}", "--no-input")
    run("rollback_migration", f"--batch-id={first.pk}", "--no-input")
    assert not Invoice.objects.exists() and not InvoiceLine.objects.exists()


class Row:
    def __init__(self, values, row=7):
        self.values, self.extras, self.file, self.row = values, {}, "f.csv", row


@pytest.mark.parametrize(("raw", "rate"), [("19%", "19.00"), ("19", "19.00"), ("0,19", "19.00")])
def test_vat_spellings(raw, rate, cctx):
    conv = convert_product(Row({"name": "X", "tax_rate": raw}), cctx)
    assert conv.fields["tax_rate"] == Decimal(rate)


def test_invoice_line_keys(cctx):
    values = {"prefix": "FE", "number": "1234.0", "total": "$ 59.500", "client_document": "52.1-3"}
    conv = convert_invoice_line(Row(values), cctx)
    assert (conv.legacy_id, conv.refs["invoice"], conv.keys["document"]) == (
        "FE1234/7",
        "FE1234",
        "521",
    )
    assert (
        conv.fields["invoice"]["total"] == Decimal("59500")
        and conv.fields["invoice"]["currency"] == "COP"
    )


@pytest.fixture
def cctx():
    from datetime import date
    from zoneinfo import ZoneInfo

    from migration.convert.base import ConvertContext

    return ConvertContext(
        tz=ZoneInfo("America/Bogota"), default_region="CO", today=date(2024, 1, 1)
    )


def test_verification_passes_after_a_billing_import(run, fixtures, tmp_path):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_products", f"--file={fixtures / 'billing' / 'productos.csv'}")
    run("import_okvet_invoices", f"--file={fixtures / 'billing' / 'facturas.csv'}")
    out = tmp_path / "v.json"
    run("verify_migration", f"--json={out}")
    checks = {c["name"]: c for c in json.loads(out.read_text())["checks"]}
    assert checks["invoice_mismatches_flagged"]["passed"]
    assert checks["every_import_mapped"]["passed"]
    DataQualityIssue.objects.filter(issue_type="invoice-total-mismatch").delete()
    with pytest.raises(CommandError):
        run("verify_migration", f"--json={out}")
    checks = {c["name"]: c for c in json.loads(out.read_text())["checks"]}
    assert checks["invoice_mismatches_flagged"]["examples"] == ["FE1003"]
