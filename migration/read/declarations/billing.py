"""Products and invoices: the screen exports of the catalogue and of billing (no trailer
columns: they are not table dumps)."""

from __future__ import annotations

from migration.i18n import gettext_noop
from migration.read.declarations.base import (
    DATE,
    EXACT,
    INSTANT,
    KEY,
    NUMBER,
    REFERENCE,
    VOCABULARY,
    Column,
    Table,
    col,
    texts,
)
from migration.read.tables import reading

PRODUCTS = Table(
    "products",
    gettext_noop("Products"),
    "clinic.Product",
    batch_type="products",
    id_type="product",
    spec=reading(
        "code barcode name category brand presentation unit cost price tax_rate stock "
        "minimum_stock lot expiry_date active",
        required=("name",),
        synonyms={
            "code": ("Código", "Codigo producto", "Referencia", "Ref", "SKU", "Código interno"),
            "barcode": ("Código de barras", "EAN", "Código EAN", "Cod barras"),
            "name": ("Nombre", "Producto", "Descripción", "Nombre del producto", "Servicio"),
            "category": ("Categoría", "Grupo", "Línea", "Tipo", "Familia"),
            "brand": ("Marca", "Laboratorio", "Fabricante"),
            "presentation": ("Presentación",),
            "unit": ("Unidad", "Unidad de medida", "UM"),
            "cost": ("Costo", "Costo unitario", "Costo promedio", "Precio de compra"),
            "price": ("Precio", "Precio de venta", "Valor", "Precio venta", "Valor unitario"),
            "tax_rate": ("IVA", "% IVA", "Impuesto", "Tarifa IVA", "Porcentaje IVA"),
            "stock": ("Stock", "Existencias", "Cantidad disponible", "Inventario", "Saldo"),
            "minimum_stock": ("Stock mínimo", "Existencia mínima", "Mínimo"),
            "lot": ("Lote",),
            "expiry_date": ("Fecha de vencimiento", "Vencimiento", "Fecha vencimiento"),
            "active": ("Activo", "Estado", "Habilitado"),
        },
        dates=("expiry_date",),
        trailer=False,
    ),
    columns=(
        *texts("code barcode name category brand presentation unit lot"),
        *(Column(c, c, NUMBER, how="money") for c in ("cost", "price")),
        Column("tax_rate", "tax_rate", NUMBER, how="percent"),
        Column("stock", "opening_stock", NUMBER, how="amount", derived=("stock_needs_review",)),
        col("minimum_stock minimum_stock", NUMBER, how="amount"),
        col("expiry_date expiry_date", DATE),
        Column("active", "is_active", VOCABULARY, how="active"),
    ),
)
INVOICES = Table(
    "invoices",
    gettext_noop("Invoices"),
    "clinic.InvoiceLine",
    batch_type="invoices",
    id_type="invoice_line",
    spec=reading(
        "prefix number issued_at due_date client_id client_document client_name "
        "line_description line_code quantity unit_price line_discount line_tax_rate line_total "
        "subtotal discount tax total balance status currency",
        required=("number", "total"),
        synonyms={
            "prefix": ("Prefijo", "Prefijo factura"),
            "number": ("Número", "Número factura", "Consecutivo", "No. factura", "Factura"),
            "issued_at": ("Fecha", "Fecha de elaboración", "Fecha factura", "Fecha de emisión"),
            "due_date": ("Fecha de vencimiento", "Vencimiento"),
            "client_id": ("Id cliente", "ID propietario", "Id propietario", "Código cliente"),
            "client_document": ("Identificación", "NIT", "Documento", "Cédula", "NIT tercero"),
            "client_name": ("Cliente", "Nombre tercero", "Tercero", "Nombre cliente"),
            "line_description": ("Producto", "Descripción", "Ítem", "Concepto", "Servicio"),
            "line_code": ("Código producto", "Referencia", "Código ítem"),
            "quantity": ("Cantidad", "Cant"),
            "unit_price": ("Valor unitario", "Precio unitario", "Precio"),
            "line_discount": ("Descuento línea", "Descuento ítem"),
            # "% IVA" normalises to "IVA", the invoice's VAT amount: not a synonym here
            "line_tax_rate": ("Tarifa IVA", "Porcentaje IVA", "IVA línea", "Tasa IVA"),
            "line_total": ("Total línea", "Valor total ítem", "Total ítem", "Subtotal ítem"),
            "subtotal": ("Subtotal", "Base", "Base gravable"),
            "discount": ("Descuento", "Descuentos"),
            "tax": ("IVA", "Valor IVA", "Impuestos", "Impuesto"),
            "total": ("Total", "Total factura", "Valor total", "Total a pagar"),
            "balance": ("Saldo", "Saldo pendiente", "Por cobrar"),
            "status": ("Estado", "Estado factura"),
            "currency": ("Moneda",),
        },
        dates=("issued_at", "due_date"),
        trailer=False,
    ),
    columns=(
        col("prefix invoice__prefix", EXACT),
        col("number invoice__number", KEY),
        col("issued_at invoice__issued_at", INSTANT),
        col("due_date invoice__due_date", DATE),
        Column("client_id", "invoice__owner_id", REFERENCE, how="owners"),
        col("client_document invoice__client_document", EXACT),
        col("client_name invoice__client_name", EXACT),
        col("line_description description", EXACT),
        Column("line_code", "product_id", REFERENCE, how="products"),
        col("quantity quantity", NUMBER, how="amount"),
        col("unit_price unit_price", NUMBER, how="money"),
        col("line_discount discount", NUMBER, how="money"),
        col("line_tax_rate tax_rate", NUMBER, how="percent"),
        col("line_total total", NUMBER, how="money"),
        *(
            Column(c, f"invoice__{c}", NUMBER, how="money")
            for c in ("subtotal", "discount", "tax", "total", "balance")
        ),
        col("status invoice__status", EXACT),
        Column("currency", "invoice__currency", VOCABULARY, how="currency"),
    ),
)
