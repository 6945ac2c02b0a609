"""The load plan: which OkVet table feeds which step, in dependency order.

Import runs the plan forwards; rollback walks the models it created backwards. Every clinical
table of the dump is a step of its own (its ids are only unique within the table), all landing
in ``MedicalRecord`` through one converter and one loader. A step's names (its batch type, its
table, its ID-map namespace) are its table's declaration's (``migration.read.declarations``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from migration.convert.appointments import convert_appointment
from migration.convert.billing import convert_invoice_line, convert_product
from migration.convert.clinical import ITEM_TABLES, RECORD_TABLES, convert_item, convert_record
from migration.convert.documents import convert_document, convert_file_reference
from migration.convert.owners import convert_owner
from migration.convert.pets import convert_pet
from migration.convert.vaccines import convert_vaccination
from migration.load.appointments import AppointmentLoader
from migration.load.base import Loader
from migration.load.billing import InvoiceLoader, ProductLoader
from migration.load.clinical import ItemLoader, RecordLoader
from migration.load.documents import DocumentLoader, FileLoader
from migration.load.owners import OwnerLoader
from migration.load.pets import PetLoader
from migration.load.vaccines import VaccinationLoader
from migration.read.declarations import DECLARATIONS, Table


@dataclass(frozen=True)
class Step:
    declaration: Table
    convert: Callable
    loader: Callable[..., Loader]
    targets: tuple[str, ...]
    depends: tuple[str, ...] = ()

    @property
    def batch_type(self) -> str:
        return self.declaration.batch_type

    @property
    def table(self) -> str:
        return self.declaration.name

    @property
    def source_type(self) -> str:
        return self.declaration.id_type

    @property
    def read(self) -> bool:
        return self.declaration.read

    @property
    def target_model(self) -> str:
        return self.targets[-1]


def _record_step(table: str) -> Step:
    spec = RECORD_TABLES[table]
    return Step(
        DECLARATIONS[table],
        partial(convert_record, spec),
        partial(RecordLoader, source_type=spec.key),
        targets=("clinic.Staff", "clinic.MedicalRecord"),
        depends=("pets",),
    )


def _item_step(table: str) -> Step:
    spec = ITEM_TABLES[table]
    parent = next(t for t in RECORD_TABLES.values() if t.key == spec.parent_type)
    return Step(
        DECLARATIONS[table],
        partial(convert_item, spec),
        partial(ItemLoader, source_type=spec.source_type, parent_type=spec.parent_type),
        targets=("clinic.MedicalRecordItem",),
        depends=(parent.table,),
    )


PLAN: tuple[Step, ...] = (
    Step(
        DECLARATIONS["owners"],
        convert_owner,
        OwnerLoader,
        targets=("accounts.User", "clinic.OwnerProfile"),
    ),
    Step(
        DECLARATIONS["pets"],
        convert_pet,
        PetLoader,
        targets=("clinic.Pet",),
        depends=("clients",),
    ),
    *(_record_step(table) for table in RECORD_TABLES),
    *(_item_step(table) for table in ITEM_TABLES),
    Step(
        DECLARATIONS["vaccinations"],
        convert_vaccination,
        VaccinationLoader,
        targets=("clinic.Staff", "clinic.VaccinationRecord"),
        depends=("pets",),
    ),
    Step(
        DECLARATIONS["appointments"],
        convert_appointment,
        AppointmentLoader,
        targets=("clinic.Staff", "clinic.Appointment"),
        depends=("pets",),
    ),
    Step(
        DECLARATIONS["documents"],
        convert_document,
        DocumentLoader,
        targets=("clinic.Document",),
        depends=("pets",),
    ),
    Step(
        DECLARATIONS["files"],
        convert_file_reference,
        FileLoader,
        targets=("clinic.Document",),
        depends=("pets", "consults", "imaging", "grooming"),
    ),
    Step(
        DECLARATIONS["products"],
        convert_product,
        ProductLoader,
        targets=("clinic.Product",),
    ),
    Step(
        DECLARATIONS["invoices"],
        convert_invoice_line,
        InvoiceLoader,
        targets=("clinic.Invoice", "clinic.InvoiceLine"),
        depends=("clients", "products"),
    ),
)
STEPS: dict[str, Step] = {step.batch_type: step for step in PLAN}
BY_TABLE: dict[str, Step] = {step.table: step for step in PLAN}
RECORD_STEPS: tuple[str, ...] = (*RECORD_TABLES, *ITEM_TABLES)
