"""OkVet / Siigo screen exports → products and the historical invoice archive.

Products come from "Ventas → Productos y servicios → exportar": Spanish headers, money typed
the Colombian way and a stock that was never audited. A sanitized row::

    Código=VAC-01; Nombre=Vacuna rabia; Precio=$ 12.500; IVA=19%; Existencias=7

becomes product ``VAC-01`` priced 12500.00 with 19.00 % VAT and an opening stock of 7 marked
for review (an opening count, not live inventory).

Invoices come one row per invoice LINE with the header repeated (Siigo's "movimiento de
facturas"); the lines of one invoice need not be contiguous. A sanitized row::

    Prefijo=FE; Número=1234; Fecha=05/04/2023; Id cliente=101; Producto=Consulta;
    Cantidad=1; Valor unitario=50.000; Total línea=50.000; Total=59.500

is line 1 of invoice ``FE1234`` (kept as written: never renumbered) of OkVet client 101.
"""

from __future__ import annotations

import re
from decimal import Decimal

from migration.convert import cleaners as c
from migration.convert.base import (
    ConvertContext,
    Converted,
    RowLike,
    derived_key,
    keep_unmapped,
    legacy_key,
)
from migration.convert.identity import placeholder_document
from migration.issues import Issue
from migration.read.declarations import DECLARATIONS

PRODUCT_MAPPED = DECLARATIONS["products"].mapped
INVOICE_MAPPED = DECLARATIONS["invoices"].mapped
PRODUCT_TEXT = ("code", "barcode", "name", "category", "brand", "presentation", "unit", "lot")
LIMITS = {"code": 100, "barcode": 100, "lot": 100, "prefix": 20, "number": 50}
"""Fields with a real limit (codes, the invoice's prefix and number); the rest is free text.
``client_document`` (50) and ``currency`` (3) are limited too."""
MONEY = c.Room(14, 2)
AMOUNT = c.Room(14, 3)
RATE = c.Room(5, 2)
"""The room of the money fields, of stock and quantities, and of VAT rates (the models'
``max_digits`` and ``decimal_places``): a number beyond it is ``number-out-of-range``."""
_ACTIVE_WORDS = frozenset(("activo", "activa", "habilitado", "habilitada"))
_INACTIVE_WORDS = frozenset(("inactivo", "inactiva", "deshabilitado", "deshabilitada"))


def money(out: Converted, raw: str, column: str) -> Decimal | None:
    """``"$ 1.234.567,50"`` → ``Decimal("1234567.50")``; a dot before three digits is a
    thousands separator in Colombia (``"12.500"`` is twelve thousand five hundred)."""
    return out.take(c.parse_decimal(raw, column=column, thousands=True, room=MONEY))


def amount(out: Converted, raw: str, column: str) -> Decimal | None:
    """A stock or a quantity, typed as money is: ``"1.500"`` is one thousand five hundred."""
    return out.take(c.parse_decimal(raw, column=column, thousands=True, room=AMOUNT))


def tax_rate(out: Converted, raw: str, column: str) -> Decimal | None:
    """VAT as a percentage: ``"19%"``, ``"19"`` and ``"0,19"`` are all 19.00.

    Spreadsheets re-saved by Excel turn ``19%`` into the fraction ``0.19``; a rate between 0
    and 1 (exclusive) is therefore read as a fraction.
    """
    value = out.take(c.parse_decimal(c.clean_text(raw).replace("%", ""), column=column))
    if value is None:
        return None
    if 0 < value < 1:
        value *= 100
    rate = RATE.rounded(value)
    if rate is None:
        out.take(c.fit_decimal(value, raw, column=column, room=RATE))
    return rate


def active_flag(out: Converted, raw: str) -> bool:
    """``"Sí"``, ``"Activo"``, ``"1"`` → active; ``"Inactivo"``/``"No"`` → inactive; empty →
    active (an export lists what the clinic sells)."""
    key = c.normalize_key(raw)
    if key in _ACTIVE_WORDS:
        return True
    if key in _INACTIVE_WORDS:
        return False
    flag = out.take(c.parse_bool(raw, column="active"))
    return True if flag is None else flag


def product_key(code: str, name: str) -> str:
    """The product's legacy id: its code, or without one its normalised name
    (``"Vacuna  RABIA"`` → ``"name:vacuna_rabia"``), so a re-import finds it again; a key too
    long for a legacy id is the digest of the whole text (``derived_key``)."""
    if code:
        return derived_key(code)
    key = c.normalize_key(name)
    return derived_key(f"name:{key}") if key else ""


def convert_product(row: RowLike, ctx: ConvertContext) -> Converted:
    v = row.values
    text = {name: c.clean_text(v.get(name, "")) for name in PRODUCT_TEXT}
    out = Converted(legacy_id=product_key(text["code"], text["name"]))
    for name in ("code", "barcode", "lot"):
        text[name] = out.take(c.fit(text[name], column=name, limit=LIMITS[name]))
    if not out.legacy_id:
        out.issues.append(Issue("missing-id", column="code"))
    stock = amount(out, v.get("stock", ""), "stock")
    out.fields.update(
        text,
        cost=money(out, v.get("cost", ""), "cost"),
        price=money(out, v.get("price", ""), "price"),
        tax_rate=tax_rate(out, v.get("tax_rate", ""), "tax_rate"),
        opening_stock=stock,
        stock_needs_review=stock is not None,
        minimum_stock=amount(out, v.get("minimum_stock", ""), "minimum_stock"),
        expiry_date=out.take(c.parse_date(v.get("expiry_date", ""), column="expiry_date")),
        is_active=active_flag(out, v.get("active", "")),
    )
    return keep_unmapped(out, row, PRODUCT_MAPPED)


def invoice_key(prefix: str, number: str) -> str:
    """``"FE"`` + ``"1234"`` → ``"FE1234"``; Excel's ``"1234.0"`` is ``"1234"``."""
    return f"{c.clean_text(prefix)}{legacy_key(c.clean_text(number))}"


def document_digits(raw: str) -> str:
    """An identity document as OwnerProfile stores it normalised: ``"52.123.456"`` →
    ``"52123456"``; a NIT's check digit (``"900.123.456-7"``) is dropped. A placeholder
    (``"222222222"``, masked ``"102*******"``) names nobody: ``""``."""
    text = c.clean_text(raw).split("-")[0]
    digits = re.sub(r"\D", "", text)
    return "" if placeholder_document(text, digits) else digits


def invoice_header(out: Converted, v: dict[str, str], ctx: ConvertContext) -> dict:
    return {
        "prefix": _limited(out, v, "prefix", c.clean_text(v.get("prefix", ""))),
        "number": _limited(out, v, "number", legacy_key(c.clean_text(v.get("number", "")))),
        "issued_at": out.take(
            c.parse_datetime(v.get("issued_at", ""), column="issued_at", tz=ctx.tz)
        ),
        "due_date": out.take(c.parse_date(v.get("due_date", ""), column="due_date")),
        "client_name": c.clean_text(v.get("client_name", "")),
        "client_document": out.take(
            c.fit(c.clean_text(v.get("client_document", "")), column="client_document", limit=50)
        ),
        **{k: money(out, v.get(k, ""), k) for k in ("subtotal", "discount", "tax", "total")},
        "balance": money(out, v.get("balance", ""), "balance"),
        "currency": currency(out, v.get("currency", "")),
        "status": c.clean_text(v.get("status", "")),
    }


def _limited(out: Converted, v: dict[str, str], column: str, value: str) -> str:
    """The value when it fits; else empty, the cell kept whole (``truncated-value``)."""
    if len(value) <= LIMITS[column]:
        return value
    out.take(c.fit(c.clean_text(v.get(column, "")), column=column, limit=LIMITS[column]))
    return ""


def currency(out: Converted, raw: str) -> str:
    """An ISO 4217 code: ``"cop"`` → ``"COP"``, none → ``"COP"``; a longer text is no code:
    empty, kept whole in legacy extras."""
    text = c.clean_text(raw)
    if not text:
        return "COP"
    return out.take(c.fit(text, column="currency", limit=3)).upper()


def invoice_line(out: Converted, v: dict[str, str]) -> dict:
    return {
        "description": c.clean_text(v.get("line_description", "")),
        "quantity": amount(out, v.get("quantity", ""), "quantity"),
        "unit_price": money(out, v.get("unit_price", ""), "unit_price"),
        "discount": money(out, v.get("line_discount", ""), "line_discount"),
        "tax_rate": tax_rate(out, v.get("line_tax_rate", ""), "line_tax_rate"),
        "total": money(out, v.get("line_total", ""), "line_total"),
    }


def convert_invoice_line(row: RowLike, ctx: ConvertContext) -> Converted:
    v = row.values
    key = derived_key(invoice_key(v.get("prefix", ""), v.get("number", "")))
    out = Converted(legacy_id=derived_key(f"{key}/{getattr(row, 'row', 0)}") if key else "")
    if not key:
        out.issues.append(Issue("missing-id", column="number"))
    out.refs.update(
        invoice=key,
        client=legacy_key(v.get("client_id", "")),
        product=product_key(c.clean_text(v.get("line_code", "")), ""),
    )
    if document := document_digits(v.get("client_document", "")):
        out.keys["document"] = document
    out.fields.update(invoice=invoice_header(out, v, ctx), line=invoice_line(out, v))
    return keep_unmapped(out, row, INVOICE_MAPPED)
