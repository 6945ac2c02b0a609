"""The OkVet tables the importer knows: canonical columns, required columns, header synonyms.

Canonical column names are the table-dump names (``number_doc``, ``conctact`` sic). Screen
exports label the same columns in Spanish ("Número de documento"); the synonyms below are
matched after normalisation (case, accents, spaces and punctuation ignored), so
"NUMERO DE DOCUMENTO", "número_de_documento" and "Número de documento:" are one header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migration.read.headers import normalize_header

TRAILER = ("created_at", "updated_at", "deleted_at")
TRAILER_SYNONYMS = {
    "created_at": ("Fecha de registro", "Fecha de creación", "Creado", "Creado el"),
    "updated_at": ("Fecha de actualización", "Actualizado", "Actualizado el"),
    "deleted_at": ("Fecha de eliminación", "Eliminado el", "Eliminado"),
}
VITALS = (
    "temperature",
    "temperature_unit",
    "weight",
    "weight_unit",
    "bcs",
    "crt",
    "heart_rate",
    "breathing_rate",
    "reflexes",
    "heartbeat",
    "saturation",
    "blood_pressure",
    "mucous_membrane",
    "glycemia",
    "palpation",
)
BODY_SYSTEMS = (
    "attitude",
    "hydration",
    "nutritional",
    "lymph_nodes",
    "mucous",
    "cardiovascular",
    "respiratory",
    "digestive",
    "urinary",
    "reproductive",
    "muscle",
    "nervous",
    "skin",
    "eyes",
    "ears",
)


@dataclass(frozen=True)
class TableSpec:
    """One OkVet table: its columns in dump order, the ones a file must have, Spanish labels."""

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...] = ("id",)
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dates: frozenset[str] = frozenset()
    screen_columns: tuple[str, ...] = ()

    @property
    def known(self) -> tuple[str, ...]:
        """The dump's columns, then columns only screen exports have (a vaccine's name)."""
        return (*self.columns, *self.screen_columns)

    def aliases(self) -> dict[str, str]:
        """Normalised header → canonical column: the column names first, then synonyms."""
        found = {normalize_header(column): column for column in self.known}
        for column, labels in self.synonyms.items():
            for label in labels:
                found.setdefault(normalize_header(label), column)
        return found


def _spec(name, columns, *, required=("id",), synonyms=None, dates=(), screen=()) -> TableSpec:
    labels = dict(TRAILER_SYNONYMS)
    labels.update(synonyms or {})
    return TableSpec(
        name=name,
        columns=(*columns.split(), *TRAILER),
        required=required,
        synonyms=labels,
        dates=frozenset((*dates, *TRAILER)),
        screen_columns=tuple(screen),
    )


OWNER_SYNONYMS = {
    "id": ("ID", "Id propietario", "Código cliente", "Codigo propietario"),
    "name": ("Nombre", "Nombre completo", "Propietario", "Cliente", "Nombres y apellidos"),
    "ident_type": ("Tipo de documento", "Tipo identificación", "Tipo doc"),
    "number_doc": (
        "Número de documento",
        "Documento",
        "Identificación",
        "Cédula",
        "No. documento",
        "Nro documento",
    ),
    "phone": ("Teléfono", "Teléfono fijo", "Fijo"),
    "phone2": ("Teléfono 2", "Otro teléfono", "Teléfono alterno"),
    "mobile": ("Celular", "Móvil", "WhatsApp", "Teléfono celular"),
    "email": ("Correo electrónico", "Correo", "Email", "E-mail"),
    "address": ("Dirección",),
    "city": ("Ciudad", "Municipio"),
    "region": ("Departamento", "Región", "Provincia", "Estado"),
    "country": ("País",),
    "conctact": ("Contacto autorizado", "Persona de contacto", "Contacto", "contact"),
    "kind_person": ("Tipo de persona",),
    "regime": ("Régimen", "Régimen tributario"),
    "habeas_at": ("Fecha autorización datos", "Habeas data", "Fecha habeas data"),
}
PET_SYNONYMS = {
    "id": ("ID", "Id mascota", "Id paciente"),
    "owner_id": ("ID propietario", "Id cliente", "Código propietario"),
    "name": ("Nombre", "Nombre mascota", "Paciente", "Mascota"),
    "specie": ("Especie", "species"),
    "specie_other": ("Otra especie",),
    "race": ("Raza", "breed"),
    "race_other": ("Otra raza",),
    "gender_id": ("Sexo", "Género", "gender", "sex"),
    "color": ("Color",),
    "birth_at": ("Fecha de nacimiento", "Nacimiento", "birth_date"),
    "weight": ("Peso",),
    "weight_unit": ("Unidad de peso", "Unidad"),
    "size_id": ("Tamaño",),
    "reproductive_state": ("Estado reproductivo", "Esterilizado"),
    "photo": ("Foto",),
    "dead": ("Fallecido", "Muerto"),
    "dead_at": ("Fecha de fallecimiento", "Fecha de muerte"),
    "code": ("Microchip", "Chip", "Código"),
    "food": ("Alimento", "Alimentación", "Dieta"),
}
CLINICAL = "id pet_id vet_id user_id"

_SPECS = (
    _spec(
        "owners",
        "id name ident_type number_doc phone phone2 mobile email address city region country "
        "conctact kind_person regime habeas_at",
        required=("id", "name"),
        synonyms=OWNER_SYNONYMS,
        dates=("habeas_at",),
    ),
    _spec(
        "pets",
        "id owner_id name specie race specie_other race_other gender_id color birth_at weight "
        "weight_unit size_id reproductive_state photo dead dead_at code food",
        required=("id", "owner_id", "name"),
        synonyms=PET_SYNONYMS,
        dates=("birth_at", "dead_at"),
    ),
    _spec(
        "consults",
        f"{CLINICAL} consult_at type anamnesis objetive problems differential_diagnosis "
        "interpretation diagnostic_plan therapeutic_plan final_diagnosis treatment "
        f"next_control_at {' '.join(VITALS)} observations "
        + " ".join(f"{s} {s}_obs" for s in BODY_SYSTEMS)
        + " import_id waiting_room_shift_id file dx_presumptive dx_differential dx_final",
        required=("id", "pet_id", "consult_at"),
        dates=("consult_at", "next_control_at"),
    ),
    _spec(
        "medical_history",
        "id pet_id user_id date type description diagnosis treatment notes",
        required=("id", "pet_id", "date"),
        synonyms={
            "pet_id": ("ID paciente", "Id mascota", "Paciente id"),
            "user_id": ("ID veterinario", "Id médico"),
            "date": ("Fecha", "Fecha de atención", "Fecha consulta"),
            "type": ("Tipo", "Tipo de atención", "Tipo de registro"),
            "description": ("Descripción", "Motivo", "Motivo de consulta", "Anamnesis"),
            "diagnosis": ("Diagnóstico",),
            "treatment": ("Tratamiento",),
            "notes": ("Notas", "Observaciones"),
        },
        dates=("date",),
    ),
    _spec(
        "follow_ups",
        f"{CLINICAL} monitorable_id monitorable_type monitoring_at type details "
        f"next_control_at {' '.join(VITALS)} observations file dx",
        required=("id", "pet_id", "monitoring_at"),
        dates=("monitoring_at", "next_control_at"),
    ),
    _spec(
        "vaccinations",
        f"{CLINICAL} vaccine_type_id laboratory lot details vaccine_at next_vaccine_at",
        screen=("vaccine_name",),
        required=("id", "pet_id", "vaccine_at"),
        synonyms={
            "pet_id": ("ID paciente", "Id mascota"),
            "user_id": ("ID veterinario", "Veterinario"),
            "vaccine_name": ("Vacuna", "Nombre vacuna", "Nombre de la vacuna"),
            "vaccine_at": ("Fecha aplicación", "Fecha de aplicación", "Fecha vacuna"),
            "next_vaccine_at": ("Fecha próxima", "Próxima dosis", "Fecha próxima dosis"),
            "lot": ("Lote",),
            "laboratory": ("Laboratorio", "Fabricante"),
            "details": ("Observaciones", "Notas"),
        },
        dates=("vaccine_at", "next_vaccine_at"),
    ),
    _spec(
        "dewormings",
        f"{CLINICAL} deworming_at product dose last_deworming next_control_at file details",
        required=("id", "pet_id", "deworming_at"),
        dates=("deworming_at", "last_deworming", "next_control_at"),
    ),
    _spec(
        "prescriptions",
        f"{CLINICAL} prescription_at diagnosis raw_prescription prescription details dx",
        required=("id", "pet_id", "prescription_at"),
        dates=("prescription_at",),
    ),
    _spec(
        "prescription_items",
        "id prescription_id name presentation quantity posology",
        required=("id", "prescription_id"),
    ),
    _spec(
        "lab_exams",
        "id pet_id user_id laboratories_id laboratories_type vet_id exam_date diagnosis dx",
        required=("id", "pet_id", "exam_date"),
        dates=("exam_date",),
    ),
    _spec(
        "lab_exam_items",
        "id laboratory_id user_id laboratory_test_id order_item_id quantity file",
        required=("id", "laboratory_id"),
    ),
    _spec(
        "imaging",
        f"{CLINICAL} order_item_id date clinical_signs presumptive_diagnosis study_type "
        "image_type type_other details files dx",
        required=("id", "pet_id", "study_type"),
        dates=("date",),
    ),
    _spec(
        "hospitalizations",
        f"{CLINICAL} admission_date discharge_date hospital_care_type_id reason details dx",
        required=("id", "pet_id", "admission_date"),
        dates=("admission_date", "discharge_date"),
    ),
    _spec(
        "referrals",
        f"{CLINICAL} profesional_id referral_at destination reason observations dx",
        required=("id", "pet_id", "referral_at"),
        dates=("referral_at",),
    ),
    _spec(
        "orders",
        "id pet_id user_id vet_id order_date observation",
        required=("id", "pet_id", "order_date"),
        dates=("order_date",),
    ),
    _spec(
        "order_items",
        "id order_id commandable_type commandable_id type_other quantity level notes pending "
        "user_id",
        required=("id", "order_id"),
    ),
    _spec(
        "grooming",
        f"{CLINICAL} date details rabies_vaccine file_before file_after next_control_at",
        required=("id", "pet_id", "file_before"),
        dates=("date", "next_control_at"),
    ),
    _spec(
        "grooming_items",
        "id spa_id subject responsible_id details",
        required=("id", "spa_id"),
    ),
    _spec(
        "day_care",
        f"{CLINICAL} admission_date discharge_date type quantity objects observations",
        required=("id", "pet_id", "objects"),
        dates=("admission_date", "discharge_date"),
    ),
    _spec(
        "appointments",
        "id calendar_id vet_id owner_id pet_id user_id responsible_id event_id type subtype "
        "summary description start end assistance comments form_id form_type variables "
        "waiting_room_shift_id",
        required=("id", "start"),
        dates=("start", "end"),
    ),
    _spec(
        "documents",
        "id vet_id pet_id user_id firebase_token_id doc_format_type_id documented_id "
        "documented_type documented_at name required_signature signature_at",
        required=("id", "doc_format_type_id"),
        dates=("documented_at", "signature_at"),
    ),
)

CATALOGS = (
    TableSpec(
        name="vaccine_types",
        columns=("id", "name", "laboratory", "species", "description"),
        required=("id", "name"),
        synonyms={
            "id": ("ID", "Id vacuna", "Código"),
            "name": ("Nombre", "Vacuna", "Nombre de la vacuna", "Nombre vacuna"),
            "laboratory": ("Laboratorio", "Fabricante"),
            "species": ("Especie", "Especies"),
            "description": ("Descripción", "Observaciones"),
        },
    ),
    TableSpec(
        name="products",
        columns=(
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
            "stock",
            "minimum_stock",
            "lot",
            "expiry_date",
            "active",
        ),
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
        dates=frozenset(("expiry_date",)),
    ),
    TableSpec(
        name="invoices",
        columns=(
            "prefix",
            "number",
            "issued_at",
            "due_date",
            "client_id",
            "client_document",
            "client_name",
            "line_description",
            "line_code",
            "quantity",
            "unit_price",
            "line_discount",
            "line_tax_rate",
            "line_total",
            "subtotal",
            "discount",
            "tax",
            "total",
            "balance",
            "status",
            "currency",
        ),
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
        dates=frozenset(("issued_at", "due_date")),
    ),
)

TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (*_SPECS, *CATALOGS)}
