"""Every OkVet table, declared once: what its columns mean in Pet-Friendly.

A declaration names the table as the dump does (``owners``), says how the clinic calls it
(``label``), which record each of its rows becomes (``model``), and for every source column the
field it lands in and the **rule** that says whether the stored value still equals the source
value. Reading (``TABLES``), the converters' bookkeeping, the load plan, the reports' labels,
``compare_migration`` and the read-back check of ``verify_migration`` all derive from here, and
so does ``docs/mapping.md``.

Two older names stay valid for the rows already stored: the batch type (``clients``) and the
ID-map namespace (``client``) of a table are declared with it, and ``table_named`` finds the
table under any of its names. A sanitized example of one column::

    Column("mobile", "mobile", PHONE, raw="mobile_raw")

says that ``owners.mobile`` ("300 123 45 67") is stored as ``OwnerProfile.mobile``
("+573001234567") in E.164 form, and as typed in ``mobile_raw``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from migration.i18n import gettext_noop
from migration.read.clinical_tables import ITEM_TABLES, RECORD_TABLES, ItemTable, RecordTable
from migration.read.tables import BODY_SYSTEMS, TABLES, VITALS, TableSpec

EXACT, KEY, NAME, EMAIL, PHONE, DOCUMENT = "exact", "key", "name", "email", "phone", "document"
INSTANT, DATE, NUMBER, VOCABULARY = "instant", "date", "number", "vocabulary"
REFERENCE, FILES, EXTRAS, NOT_IMPORTED = "reference", "files", "extras", "not-imported"

RULES: dict[str, str] = {
    EXACT: gettext_noop("exact text"),
    KEY: gettext_noop("the OkVet id, as the record's legacy id"),
    NAME: gettext_noop("text after capitalising the name"),
    EMAIL: gettext_noop("text after lower-casing the e-mail"),
    PHONE: gettext_noop("phone in E.164 form (as typed in the raw field)"),
    DOCUMENT: gettext_noop("identity document as written (and normalised)"),
    INSTANT: gettext_noop("same instant in the clinic's time zone"),
    DATE: gettext_noop("same date"),
    NUMBER: gettext_noop("same number and unit"),
    VOCABULARY: gettext_noop("vocabulary mapping"),
    REFERENCE: gettext_noop("link to the imported row of that OkVet id"),
    FILES: gettext_noop("file references"),
    EXTRAS: gettext_noop("kept verbatim in legacy extras"),
    NOT_IMPORTED: gettext_noop("not imported"),
}
"""Rule code → its description (an English template, translated where it is shown)."""


@dataclass(frozen=True)
class Column:
    """One source column: the field it lands in, the rule, and what the rule needs.

    ``target`` is a field of the table's model, a related one (``user__email``) or a key inside
    a JSON field (``details.dx``); ``how`` names the vocabulary, the number's kind or the table
    a reference points at; ``raw`` a field holding the text as typed; ``derived`` fields also
    computed from it (documentation); ``reason`` why a not-imported column is not.
    """

    name: str
    target: str
    rule: str
    how: str = ""
    raw: str = ""
    derived: tuple[str, ...] = ()
    reason: str = ""

    @cached_property
    def path(self) -> tuple[str, ...]:
        """The target as the steps to its value: ``details.dx`` → ``("details", "dx")``."""
        return tuple(self.target.split("."))


@dataclass(frozen=True)
class Table:
    """One OkVet table: its names, its label, the record it becomes, its columns' rules."""

    name: str
    label: str
    model: str
    batch_type: str
    id_type: str
    columns: tuple[Column, ...] = ()
    read: bool = True
    by_converter: frozenset[str] = frozenset()

    @property
    def spec(self) -> TableSpec | None:
        """Its columns in dump order and header synonyms (``None``: not read from a file)."""
        return TABLES.get(self.name)

    @cached_property
    def rules(self) -> dict[str, Column]:
        """Every column of the table → its declaration; a column the declaration does not
        name is kept verbatim in legacy extras."""
        declared = {column.name: column for column in self.columns}
        known = self.spec.known if self.spec else ()
        found = {n: declared.get(n) or Column(n, "legacy_extras", EXTRAS) for n in known}
        found.update((n, c) for n, c in declared.items() if n not in found)
        return found

    @cached_property
    def mapped(self) -> frozenset[str]:
        """The columns the converter handles itself (the rest it keeps in legacy extras)."""
        handled = {c.name for c in self.columns if c.rule != EXTRAS}
        return frozenset(handled | self.by_converter)


def _col(spec: str, rule: str, **more) -> Column:
    """``"phone phone"`` → the column ``phone`` landing in the field ``phone``."""
    name, target = spec.split()
    return Column(name, target, rule, **more)


TRAILER = (
    Column("created_at", "created_at", INSTANT),
    Column("updated_at", "updated_at", INSTANT),
)
DELETED_EXTRAS = Column("deleted_at", "legacy_extras.deleted_at", EXTRAS)
DELETED_DROPPED = Column(
    "deleted_at",
    "",
    NOT_IMPORTED,
    reason=gettext_noop(
        "the date the row was deleted in OkVet: the row is skipped, or imported with a "
        "soft-deleted-imported issue holding the date"
    ),
)
NOT_KEPT = frozenset({"deleted_at"})


def _text(names: str) -> tuple[Column, ...]:
    return tuple(Column(name, name, EXACT) for name in names.split())


OWNERS = Table(
    "owners",
    gettext_noop("Clients/Owners"),
    "clinic.OwnerProfile",
    batch_type="clients",
    id_type="client",
    columns=(
        Column("id", "legacy_id", KEY),
        Column("name", "full_name", NAME, derived=("user__first_name", "user__last_name")),
        Column("ident_type", "ident_type", VOCABULARY, how="document-type"),
        Column("number_doc", "ident_number", DOCUMENT, derived=("ident_number_normalized",)),
        *(Column(n, n, PHONE, raw=f"{n}_raw") for n in ("mobile", "phone", "phone2")),
        Column("email", "user__email", EMAIL),
        *_text("address city region"),
        Column("country", "country", EXACT, derived=("country_code",)),
        _col("conctact authorized_contact", EXACT),
        _col("kind_person person_kind", EXACT),
        _col("regime tax_regime", EXACT),
        Column("habeas_at", "habeas_at", INSTANT),
        *TRAILER,
        DELETED_EXTRAS,
    ),
    by_converter=NOT_KEPT,
)

PETS = Table(
    "pets",
    gettext_noop("Pets"),
    "clinic.Pet",
    batch_type="pets",
    id_type="pet",
    columns=(
        Column("id", "legacy_id", KEY),
        Column("owner_id", "owner_id", REFERENCE, how="owners"),
        Column("name", "name", NAME),
        Column("specie", "species", VOCABULARY, how="species"),
        _col("specie_other species_original", EXACT),
        Column("race", "breed", VOCABULARY, how="breed"),
        _col("race_other breed_original", EXACT),
        Column("gender_id", "sex", VOCABULARY, how="sex"),
        *_text("color food photo"),
        Column("birth_at", "birth_date", DATE, derived=("birth_date_precision",)),
        Column("weight", "weight_kg", NUMBER, how="weight", raw="weight_raw"),
        _col("weight_unit weight_unit_raw", EXACT),
        _col("size_id size_code", EXACT),
        Column("reproductive_state", "neutered", VOCABULARY, how="neutered"),
        Column("dead", "is_deceased", VOCABULARY, how="yes-no", derived=("is_active",)),
        _col("dead_at deceased_at", DATE),
        Column("code", "microchip", VOCABULARY, how="microchip", derived=("clinic_code",)),
        *TRAILER,
        DELETED_EXTRAS,
    ),
    by_converter=NOT_KEPT,
)

RECORD_LABELS = {
    "consults": gettext_noop("Consults"),
    "medical_history": gettext_noop("Medical history"),
    "follow_ups": gettext_noop("Follow-ups"),
    "dewormings": gettext_noop("Dewormings"),
    "prescriptions": gettext_noop("Prescriptions"),
    "prescription_items": gettext_noop("Prescription lines"),
    "lab_exams": gettext_noop("Lab exams"),
    "lab_exam_items": gettext_noop("Lab exam lines"),
    "imaging": gettext_noop("Imaging"),
    "hospitalizations": gettext_noop("Hospitalizations"),
    "referrals": gettext_noop("Referrals"),
    "orders": gettext_noop("Orders"),
    "order_items": gettext_noop("Order lines"),
    "grooming": gettext_noop("Grooming / spa"),
    "grooming_items": gettext_noop("Grooming lines"),
    "day_care": gettext_noop("Day care"),
}
PET_LINK = Column("pet_id", "pet_id", REFERENCE, how="pets")


def _record_columns(spec: RecordTable) -> tuple[Column, ...]:
    """A clinical table's columns, from where its ``RecordTable`` says each part is."""
    when = [(spec.occurred, "occurred_at"), (spec.ended, "ended_at")]
    when.append((spec.next_control, "next_control_at"))
    texts = [Column(c, t, EXACT) for c, t in spec.texts.items()]
    texts += [Column(c, t, EXACT) for c, t in ((spec.subtype, "subtype"), (spec.title, "title"))]
    columns = [
        Column("id", "legacy_id", KEY),
        PET_LINK,
        Column("user_id", "author_id", REFERENCE, how="staff"),
        Column("vet_id", "details.okvet_clinic", KEY),
        *(Column(c, t, INSTANT) for c, t in when if c),
        *(c for c in texts if c.name),
        *(Column(c, f"details.{c}", EXACT) for c in spec.details),
        *(Column(c, "details.files", FILES) for c in spec.files),
    ]
    if spec.has_vitals:
        columns += [Column(v, f"vitals_raw.{v}", EXACT) for v in VITALS]
        for name in BODY_SYSTEMS:
            columns.append(Column(name, f"body_systems.{name}.code", EXACT))
            columns.append(Column(f"{name}_obs", f"body_systems.{name}.obs", EXACT))
    return (*columns, *TRAILER, DELETED_DROPPED)


def _record_table(spec: RecordTable) -> Table:
    return Table(
        spec.table,
        RECORD_LABELS[spec.table],
        "clinic.MedicalRecord",
        batch_type=spec.table,
        id_type=spec.key,
        columns=_record_columns(spec),
    )


def _item_table(spec: ItemTable) -> Table:
    parent = next(t.table for t in RECORD_TABLES.values() if t.key == spec.parent_type)
    return Table(
        spec.table,
        RECORD_LABELS[spec.table],
        "clinic.MedicalRecordItem",
        batch_type=spec.table,
        id_type=spec.source_type,
        columns=(
            Column("id", "legacy_id", KEY),
            Column(spec.parent, "record_id", REFERENCE, how=parent),
            *(Column(c, t, EXACT) for c, t in spec.texts.items()),
            *TRAILER,
            DELETED_DROPPED,
        ),
    )


VACCINATIONS = Table(
    "vaccinations",
    gettext_noop("Vaccinations"),
    "clinic.VaccinationRecord",
    batch_type="vaccinations",
    id_type="vaccine",
    columns=(
        Column("id", "legacy_id", KEY),
        PET_LINK,
        Column("user_id", "administered_by_id", REFERENCE, how="staff"),
        Column("vet_id", "legacy_extras.vet_id", EXTRAS),
        _col("vaccine_type_id vaccine_type_legacy_id", KEY),
        _col("vaccine_name vaccine_name", EXACT),
        Column(
            "laboratory", "manufacturer", VOCABULARY, how="manufacturer", raw="manufacturer_raw"
        ),
        _col("lot lot_number", EXACT),
        _col("details notes", EXACT),
        _col("vaccine_at date_given", DATE),
        _col("next_vaccine_at next_due_date", DATE),
        *TRAILER,
        DELETED_DROPPED,
    ),
    by_converter=frozenset({"vet_id"}),
)
BY_CONVERTER_EXTRAS = ("vet_id", "user_id", "responsible_id", "variables")
APPOINTMENTS = Table(
    "appointments",
    gettext_noop("Appointments"),
    "clinic.Appointment",
    batch_type="appointments",
    id_type="appointment",
    columns=(
        Column("id", "legacy_id", KEY),
        Column("owner_id", "owner_id", REFERENCE, how="owners"),
        PET_LINK,
        *(Column(c, f"legacy_extras.{c}", EXTRAS) for c in BY_CONVERTER_EXTRAS),
        _col("type kind", EXACT),
        *_text("subtype summary description comments"),
        Column("start", "start", INSTANT, derived=("is_reminder",)),
        Column("end", "end", INSTANT),
        Column("assistance", "status", VOCABULARY, how="appointment-status"),
        *TRAILER,
        DELETED_DROPPED,
    ),
    by_converter=frozenset(BY_CONVERTER_EXTRAS),
)
DOCUMENT_EXTRAS = ("vet_id", "user_id", "doc_format_type_id")
DOCUMENTS = Table(
    "documents",
    gettext_noop("Documents"),
    "clinic.Document",
    batch_type="documents",
    id_type="document",
    columns=(
        Column("id", "legacy_id", KEY),
        PET_LINK,
        *(Column(c, f"legacy_extras.{c}", EXTRAS) for c in DOCUMENT_EXTRAS),
        _col("name name", EXACT),
        _col("documented_at documented_at", INSTANT),
        Column("required_signature", "requires_signature", VOCABULARY, how="yes-no"),
        _col("signature_at signed_at", INSTANT),
        *TRAILER,
        DELETED_DROPPED,
    ),
    by_converter=frozenset(DOCUMENT_EXTRAS),
)
FILES_TABLE = Table(
    "files",
    gettext_noop("Attached files"),
    "clinic.Document",
    batch_type="files",
    id_type="file",
    read=False,
)
PRODUCTS = Table(
    "products",
    gettext_noop("Products"),
    "clinic.Product",
    batch_type="products",
    id_type="product",
    columns=(
        *_text("code barcode name category brand presentation unit lot"),
        *(Column(c, c, NUMBER, how="money") for c in ("cost", "price")),
        Column("tax_rate", "tax_rate", NUMBER, how="percent"),
        Column("stock", "opening_stock", NUMBER, how="amount", derived=("stock_needs_review",)),
        _col("minimum_stock minimum_stock", NUMBER, how="amount"),
        _col("expiry_date expiry_date", DATE),
        Column("active", "is_active", VOCABULARY, how="active"),
    ),
)
INVOICES = Table(
    "invoices",
    gettext_noop("Invoices"),
    "clinic.InvoiceLine",
    batch_type="invoices",
    id_type="invoice_line",
    columns=(
        _col("prefix invoice__prefix", EXACT),
        _col("number invoice__number", KEY),
        _col("issued_at invoice__issued_at", INSTANT),
        _col("due_date invoice__due_date", DATE),
        Column("client_id", "invoice__owner_id", REFERENCE, how="owners"),
        _col("client_document invoice__client_document", EXACT),
        _col("client_name invoice__client_name", EXACT),
        _col("line_description description", EXACT),
        Column("line_code", "product_id", REFERENCE, how="products"),
        _col("quantity quantity", NUMBER, how="amount"),
        _col("unit_price unit_price", NUMBER, how="money"),
        _col("line_discount discount", NUMBER, how="money"),
        _col("line_tax_rate tax_rate", NUMBER, how="percent"),
        _col("line_total total", NUMBER, how="money"),
        *(
            Column(c, f"invoice__{c}", NUMBER, how="money")
            for c in ("subtotal", "discount", "tax", "total", "balance")
        ),
        _col("status invoice__status", EXACT),
        Column("currency", "invoice__currency", VOCABULARY, how="currency"),
    ),
)

DECLARATIONS: dict[str, Table] = {
    t.name: t
    for t in (
        OWNERS,
        PETS,
        *(_record_table(spec) for spec in RECORD_TABLES.values()),
        *(_item_table(spec) for spec in ITEM_TABLES.values()),
        VACCINATIONS,
        APPOINTMENTS,
        DOCUMENTS,
        FILES_TABLE,
        PRODUCTS,
        INVOICES,
    )
}
SUPPORT: dict[str, str] = {
    "placeholder-owner": "clinic.OwnerProfile",
    "placeholder-pet": "clinic.Pet",
    "staff": "clinic.Staff",
    "invoice": "clinic.Invoice",
}
"""ID-map namespaces of rows created alongside source rows (a placeholder owner, an OkVet
staff member first seen on a record, an invoice at its first line) → their model."""
NAMESPACES: frozenset[str] = frozenset({t.id_type for t in DECLARATIONS.values()} | set(SUPPORT))
_BY_ANY_NAME = {
    name: table
    for table in DECLARATIONS.values()
    for name in (table.id_type, table.batch_type, table.name)
}


def table_named(name: str) -> Table:
    """The table under any of its names: ``owners``, its batch type ``clients``, its ID-map
    namespace ``client``. An unknown name is a bug: ``KeyError``."""
    return _BY_ANY_NAME[name]


def referenced_namespace(how: str) -> str:
    """The ID-map namespace a reference column points into (``owners`` → ``client``)."""
    return how if how in SUPPORT else DECLARATIONS[how].id_type
