"""Every OkVet table, declared once: what its columns mean in Pet-Friendly.

A declaration names the table as the dump does (``owners``), says how the clinic calls it
(``label``), which record each of its rows becomes (``model``), and for every source column the
field it lands in and the **rule** that says whether the stored value still equals the source
value. Reading (``TABLES``), the converters' bookkeeping, the load plan, the reports' labels,
``compare_migration`` and the read-back check of ``verify_migration`` all derive from here, and
so does ``docs/mapping.md``.

One module per family of tables (``people``, ``clinical``, ``events``, ``billing``); this one
gathers them.

Two older names stay valid for the rows already stored: the batch type (``clients``) and the
ID-map namespace (``client``) of a table are declared with it, and ``table_named`` finds the
table under any of its names. A sanitized example of one column::

    Column("mobile", "mobile", PHONE, raw="mobile_raw")

says that ``owners.mobile`` ("300 123 45 67") is stored as ``OwnerProfile.mobile``
("+573001234567") in E.164 form, and as typed in ``mobile_raw``.
"""

from __future__ import annotations

from migration.read.declarations.base import (
    DATE,
    DELETED_DROPPED,
    DELETED_EXTRAS,
    DOCUMENT,
    EMAIL,
    EXACT,
    EXTRAS,
    FILES,
    INSTANT,
    KEY,
    NAME,
    NOT_IMPORTED,
    NUMBER,
    PHONE,
    REFERENCE,
    RULES,
    VOCABULARY,
    Column,
    Table,
)
from migration.read.declarations.billing import INVOICES, PRODUCTS
from migration.read.declarations.clinical import ITEMS, RECORDS
from migration.read.declarations.events import (
    APPOINTMENTS,
    DOCUMENTS,
    FILES_TABLE,
    VACCINATIONS,
    VACCINE_TYPES,
)
from migration.read.declarations.people import OWNERS, PETS
from migration.read.tables import TableSpec

__all__ = [
    "DATE",
    "DELETED_DROPPED",
    "DELETED_EXTRAS",
    "DOCUMENT",
    "EMAIL",
    "EXACT",
    "EXTRAS",
    "FILES",
    "INSTANT",
    "KEY",
    "NAME",
    "NOT_IMPORTED",
    "NUMBER",
    "PHONE",
    "REFERENCE",
    "RULES",
    "VOCABULARY",
    "Column",
    "Table",
    "DECLARATIONS",
    "TABLES",
    "SUPPORT",
    "NAMESPACES",
    "table_named",
    "referenced_namespace",
]

DECLARATIONS: dict[str, Table] = {
    t.name: t
    for t in (
        OWNERS,
        PETS,
        *RECORDS.values(),
        *ITEMS.values(),
        VACCINATIONS,
        APPOINTMENTS,
        DOCUMENTS,
        FILES_TABLE,
        PRODUCTS,
        INVOICES,
    )
}
TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (*(t.spec for t in DECLARATIONS.values() if t.spec is not None), VACCINE_TYPES)
}
"""Every table a file of the export can hold → how it is read; a header row is matched
against them in this order (the first wins a tie, unless the table was expected)."""
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
