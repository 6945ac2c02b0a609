"""Products and the invoice archive: invoices are rebuilt from their lines, never renumbered.

A Siigo export repeats the invoice header on every line and does not keep the lines of one
invoice together (``FE1234`` on rows 2 and 5, ``FE1235`` on row 3): the first line seen
creates the invoice (mapped as ``invoice`` ``FE1234`` in the ID map, so later chunks and later
runs find it), every line adds an ``InvoiceLine``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from clinic.models import Invoice, InvoiceLine, OwnerProfile, Product
from migration.convert.base import Converted, RowLike
from migration.issues import Issue
from migration.load.base import IMPORTED, OKVET, Item, Loader, Outcome
from migration.load.writer import TableWriter
from migration.read.declarations import DECLARATIONS

PRODUCT_MODEL = "clinic.Product"
INVOICE_MODEL = "clinic.Invoice"
LINE_MODEL = "clinic.InvoiceLine"
PRODUCT_FIELDS = (
    "code",
    "barcode",
    "name",
    "category",
    "brand",
    "presentation",
    "unit",
    "cost",
    "price",
    "tax_rate",
    "opening_stock",
    "stock_needs_review",
    "minimum_stock",
    "lot",
    "expiry_date",
    "is_active",
)
INVOICE_FIELDS = (
    "prefix",
    "number",
    "issued_at",
    "due_date",
    "client_name",
    "client_document",
    "subtotal",
    "discount",
    "tax",
    "total",
    "balance",
    "currency",
    "status",
)
LINE_FIELDS = ("description", "quantity", "unit_price", "discount", "tax_rate", "total")
SOURCED = ("source_system", "legacy_id", "legacy_extras")
# a difference of up to one currency unit is rounding, not a missing line
TOLERANCE = Decimal(1)


class ProductLoader(Loader):
    source_type = DECLARATIONS["products"].id_type
    target_model = PRODUCT_MODEL
    sync_retired = {"is_active": False}

    def sync_columns(self) -> tuple[str, ...]:
        return (*PRODUCT_FIELDS, "legacy_extras")

    def sync_image(self, conv: Converted) -> dict:
        return {**{n: conv.fields[n] for n in PRODUCT_FIELDS}, "legacy_extras": conv.extras}

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.writer = TableWriter(Product, ("id", *PRODUCT_FIELDS, *SOURCED))
        self._rows: list[tuple] = []

    def create(self, row: RowLike, conv: Converted) -> Outcome:
        product_id = self.writer.next_id()
        fields = (conv.fields[name] for name in PRODUCT_FIELDS)
        self._rows.append((product_id, *fields, OKVET, conv.legacy_id, conv.extras))
        self.ctx.idmap.add(self.source_type, conv.legacy_id, PRODUCT_MODEL, product_id)
        return Outcome(IMPORTED, target_id=product_id)

    def after_chunk(self) -> None:
        self.writer.write(self._rows)
        self._rows.clear()


@dataclass(slots=True)
class Tally:
    """One invoice of this batch: its header total against the sum of its lines so far."""

    where: tuple[str, int | None, str]
    total: Decimal | None
    lines: Decimal = Decimal(0)
    complete: bool = True

    def add(self, line_total: Decimal | None) -> None:
        if line_total is None:
            self.complete = False
        else:
            self.lines += line_total

    def mismatch(self) -> bool:
        if not self.complete or self.total is None:
            return False
        return abs(self.total - self.lines) > TOLERANCE


class InvoiceLoader(Loader):
    source_type = DECLARATIONS["invoices"].id_type
    target_model = LINE_MODEL
    sync_refs = {"product_id": ("product", "product")}
    sync_related = {"invoice": ("invoice_id", INVOICE_MODEL)}
    sync_retired = {"is_active": False}

    def sync_columns(self) -> tuple[str, ...]:
        header = (f"invoice__{n}" for n in INVOICE_FIELDS if n != "number")
        return (*LINE_FIELDS, "legacy_extras", *header)

    def sync_image(self, conv: Converted) -> dict:
        line, header = conv.fields["line"], conv.fields["invoice"]
        image = {n: line[n] for n in LINE_FIELDS}
        image["legacy_extras"] = conv.extras
        image.update((f"invoice__{n}", header[n]) for n in INVOICE_FIELDS if n != "number")
        return image

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.invoices = TableWriter(
            Invoice, ("id", "owner_id", *INVOICE_FIELDS, "is_archive", *SOURCED)
        )
        self.lines = TableWriter(
            InvoiceLine, ("id", "invoice_id", "product_id", *LINE_FIELDS, "is_active", *SOURCED)
        )
        self._invoice_rows: list[tuple] = []
        self._line_rows: list[tuple] = []
        self._owners_by_document: dict[str, int] = {}
        self.tallies: dict[str, Tally] = {}

    def before_chunk(self, items: list[Item]) -> None:
        idmap = self.ctx.idmap
        for kind in ("invoice", "client", "product"):
            idmap.preload(kind, (conv.refs.get(kind, "") for _, conv in items))
        self._preload_documents({conv.keys.get("document", "") for _, conv in items})

    def _preload_documents(self, documents: set[str]) -> None:
        """Two queries per chunk: identity document → owner (the oldest owner wins a tie).

        OkVet lets a phone stand for the document (``ident_type=mobile``, 18 % of owners), and
        the invoice then carries that number as the client's identification: a 10-digit
        Colombian mobile (``3001234567``) is also looked up among the owners' mobiles.
        """
        documents.discard("")
        self._owners_by_document = {}
        found = (
            OwnerProfile.objects.filter(ident_number_normalized__in=sorted(documents))
            .order_by("pk")
            .values_list("ident_number_normalized", "pk")
        )
        for document, owner_id in found:
            self._owners_by_document.setdefault(document, owner_id)
        phones = {f"+57{d}": d for d in documents if len(d) == 10 and d.startswith("3")}
        by_phone = (
            OwnerProfile.objects.filter(mobile__in=sorted(phones))
            .order_by("pk")
            .values_list("mobile", "pk")
        )
        for mobile, owner_id in by_phone:
            self._owners_by_document.setdefault(phones[mobile], owner_id)

    def create(self, row: RowLike, conv: Converted) -> Outcome:
        key = conv.refs["invoice"]
        issues: list[Issue] = []
        invoice_id = self.ctx.idmap.get("invoice", key)
        if invoice_id is None:
            invoice_id = self._create_invoice(row, conv, issues)
        line_id = self.lines.next_id()
        line = conv.fields["line"]
        product_id = self.ctx.idmap.get("product", conv.refs.get("product", ""))
        fields = (line[name] for name in LINE_FIELDS)
        self._line_rows.append(
            (line_id, invoice_id, product_id, *fields, True, OKVET, conv.legacy_id, conv.extras)
        )
        self.ctx.idmap.add(self.source_type, conv.legacy_id, LINE_MODEL, line_id)
        if key in self.tallies:
            self.tallies[key].add(line["total"])
        return Outcome(IMPORTED, target_id=line_id, issues=issues)

    def _create_invoice(self, row: RowLike, conv: Converted, issues: list[Issue]) -> int:
        """The first line of an invoice creates it, numbered exactly as the export wrote it."""
        key, header = conv.refs["invoice"], conv.fields["invoice"]
        owner_id = self._resolve_owner(conv, issues)
        invoice_id = self.invoices.next_id()
        fields = (header[name] for name in INVOICE_FIELDS)
        self._invoice_rows.append((invoice_id, owner_id, *fields, True, OKVET, key, {}))
        self.ctx.idmap.add("invoice", key, INVOICE_MODEL, invoice_id)
        where = (getattr(row, "file", ""), getattr(row, "row", None), key)
        self.tallies[key] = Tally(where=where, total=header["total"])
        return invoice_id

    def _resolve_owner(self, conv: Converted, issues: list[Issue]) -> int | None:
        """OkVet client id first, then the identity document; else no owner, said so."""
        client = conv.refs.get("client", "")
        owner_id = self.ctx.idmap.get("client", client) if client else None
        document = conv.keys.get("document", "")
        if owner_id is None and document:
            owner_id = self._owners_by_document.get(document)
        if owner_id is None:
            header = conv.fields["invoice"]
            value = client or header["client_document"] or header["client_name"]
            issues.append(Issue("invoice-client-not-found", column="client_id", value=value))
        return owner_id

    def after_chunk(self) -> None:
        self.invoices.write(self._invoice_rows)
        self.lines.write(self._line_rows)
        self._invoice_rows.clear()
        self._line_rows.clear()

    def finish(self) -> list[tuple[tuple[str, int | None, str], Issue]]:
        """Invoices whose lines (every one with a total) do not add up to the header total."""
        return [
            (
                tally.where,
                Issue(
                    "invoice-total-mismatch",
                    column="total",
                    value=key,
                    params={"total": str(tally.total), "lines": str(tally.lines)},
                ),
            )
            for key, tally in self.tallies.items()
            if tally.mismatch()
        ]
