"""The rest of the OkVet export: remaining clinical tables, attachments, products and invoices.

``ClinicalWriter`` writes the first clinical tables; this module adds follow-ups, dewormings,
lab exams, imaging, referrals, orders, grooming, day care and documents (same rules: rows for
the pets of the pets file, ~1 % pointing at a pet that does not exist, ~2 % soft-deleted), the
``VetFiles/`` attachment folder (most referenced files present, some missing, a few nobody
references) and the products and invoices screen exports (Spanish headers, cp1252, ``;``).

Its own ``Random`` drives it, so every file written before stays byte-identical.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path
from random import Random

from migration.generator.clinical import (
    ANAMNESIS,
    DIAGNOSES,
    FAHRENHEIT_RATE,
    MUCOUS_MEMBRANES,
    STAFF_IDS,
    VET_ID,
    ClinicalWriter,
    PetInfo,
)
from migration.generator.records import OwnerRef, weighted
from migration.generator.writers import TableOutput
from migration.read.declarations import TABLES

FOLLOW_UPS_PER_PET = {0: 70, 1: 20, 2: 10}  # ~0.4
DEWORMINGS_PER_PET = {0: 35, 1: 35, 2: 25, 3: 5}  # ~1 per dog or cat
LAB_EXAMS_PER_PET = {0: 82, 1: 16, 2: 2}  # ~0.2
IMAGING_PER_PET = {0: 91, 1: 8, 2: 1}  # ~0.1
REFERRAL_RATE = 0.03
ORDERS_PER_PET = {0: 91, 1: 8, 2: 1}  # ~0.1
GROOMING_PER_DOG = {0: 75, 1: 20, 2: 5}  # ~0.3
DAY_CARE_RATE = 0.05
DOCUMENTS_PER_PET = {0: 82, 1: 16, 2: 2}  # ~0.2

FOLLOW_UP_FILE_RATE = 0.10
DEWORMING_FILE_RATE = 0.05
LAB_ITEM_FILE_RATE = 0.30
IMAGING_FILES_RATE = 0.80
GROOMING_FILE_RATE = 0.40
SIGNED_RATE = 0.85
ATTACHMENT_PRESENT_RATE = 0.85
UNREFERENCED_RATE = 0.02
ATTACHMENT_EXTENSIONS = (".jpg", ".png", ".pdf")
MAGIC = {".jpg": b"\xff\xd8\xff\xe0", ".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF-1.4\n"}

FOLLOW_UP_TYPES = {"control": 60, "seguimiento": 25, "telefonico": 10, "post_quirurgico": 5}
DEWORMING_PRODUCTS = ("Drontal", "Bravecto", "NexGard", "Endogard", "Milbemax")
DOSES = ("1 tableta", "Media tableta", "1 pipeta", "2 tabletas", "0,5 ml", "1 ml")
STUDY_TYPES = {"rx": 60, "eco": 35, "tac": 5}
IMAGE_TYPES = ("Tórax LL", "Tórax VD", "Abdomen", "Cadera VD", "Columna", "Miembro anterior")
CLINICAL_SIGNS = ("Tos crónica", "Cojera", "Vómito recurrente", "Distensión abdominal", "Disnea")
DESTINATIONS = (
    "Hospital Veterinario Universidad Nacional", "Clínica Veterinaria Dover",
    "Centro de Especialistas Veterinarios", "Oftalmología Veterinaria", "Cardiovet",
)  # fmt: skip
REFERRAL_REASONS = ("Valoración por cardiología", "Cirugía ortopédica", "Ecocardiograma",
                    "Valoración oftalmológica", "Tomografía")  # fmt: skip
COMMANDABLE = {"App\\Models\\LaboratoryTest": 20, "App\\Models\\ImageType": 6}
ORDER_NOTES = ("En ayunas", "Urgente", "Repetir si hemólisis", "", "Dos proyecciones")
SPA_SUBJECTS = ("Baño", "Corte", "Uñas", "Oídos")
SPA_DETAILS = ("Champú medicado", "Corte raza", "Corte higiénico", "Nudos en orejas", "Tranquilo")
DAY_CARE_TYPES = {"guarderia": 60, "hotel": 40}
DAY_CARE_OBJECTS = ("Collar y cobija", "Cama y juguete", "Concentrado 2 kg", "Correa", "Ninguno")
DOCUMENT_NAMES = (
    "Consentimiento cirugía", "Consentimiento anestesia", "Autorización eutanasia",
    "Certificado de salud", "Consentimiento hospitalización", "Certificado de vacunación",
)  # fmt: skip

PRODUCT_HEADER = (
    "Código", "Código de barras", "Nombre", "Categoría", "Marca", "Presentación", "Unidad",
    "Costo", "Precio", "IVA", "Existencias", "Stock mínimo", "Lote", "Fecha de vencimiento",
    "Activo",
)  # fmt: skip
INVOICE_HEADER = (
    "Prefijo", "Número", "Fecha", "Id cliente", "Identificación", "Cliente", "Código producto",
    "Producto", "Cantidad", "Valor unitario", "Tarifa IVA", "Total línea", "Subtotal", "Descuento",
    "IVA", "Total", "Saldo",
)  # fmt: skip
# (name, category, brand, presentation, unit, IVA %)
PRODUCT_BASES = (
    ("Consulta general", "Servicios", "", "", "Servicio", 0),
    ("Baño medicado", "Servicios", "", "", "Servicio", 19),
    ("Drontal Plus", "Antiparasitarios", "Bayer", "Tableta", "Unidad", 5),
    ("Bravecto", "Antiparasitarios", "MSD", "Tableta masticable", "Unidad", 5),
    ("NexGard", "Antiparasitarios", "Boehringer", "Tableta masticable", "Unidad", 5),
    ("Vacuna rabia", "Vacunas", "MSD", "Dosis", "Unidad", 0),
    ("Meloxicam", "Medicamentos", "Holliday", "Suspensión 10 ml", "Frasco", 19),
    ("Amoxicilina", "Medicamentos", "Genfar", "Tabletas 250 mg", "Caja", 19),
    ("Pro Plan Adulto", "Alimentos", "Purina", "Bulto 3 kg", "Bulto", 5),
    ("Royal Canin Renal", "Alimentos", "Royal Canin", "Lata 400 g", "Unidad", 5),
    ("Collar isabelino", "Accesorios", "Genérico", "Talla M", "Unidad", 19),
    ("Shampoo avena", "Accesorios", "Petys", "Frasco 250 ml", "Frasco", 19),
)
INVOICES_PER_OWNER = {0: 40, 1: 35, 2: 15, 3: 10}  # ~0.95
INVOICE_FIRST_NUMBER = 1001
INVOICE_ID_RATE = 0.70
INVOICE_DOCUMENT_RATE = 0.20
UNKNOWN_CLIENT_DOCUMENT = "999999999"
MOVED_LINE_RATE = 0.10
MISMATCH_RATE = 0.03
MISMATCH_AMOUNT = 10_000
UNPAID_RATE = 0.10


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    return moment.replace(year=moment.year + month // 12, month=month % 12 + 1, day=1) + (
        timedelta(days=min(moment.day, 28) - 1)
    )


def money(value: int, styled: bool) -> str:
    """Colombian style ``$ 12.500`` or a plain ``12500``."""
    if not styled:
        return str(value)
    sign = "-" if value < 0 else ""
    return f"{sign}$ {abs(value):,}".replace(",", ".")


class ExtraWriter(ClinicalWriter):
    """Writes the remaining tables; reuses ``ClinicalWriter``'s helpers with its own Random."""

    def __init__(self, output: Path, manifest, seed: int, owners: int, pets: int) -> None:
        super().__init__(output, manifest, seed, owners, pets)
        self.rng = Random(f"okvet-extra-{seed}")

    def write(
        self,
        pets: list[PetInfo],
        owners: list[OwnerRef] | None = None,
        documents: dict[int, str] | None = None,
        photos: list[str] | None = None,
        referenced: set[str] | None = None,
    ) -> None:
        importable = {str(p.pet_id) for p in pets if not p.deleted}
        self._save("follow_ups", "seguimientos", self._follow_ups(pets), importable)
        self._save("dewormings", "desparasitaciones", self._dewormings(pets), importable)
        exams = self._plan(pets, LAB_EXAMS_PER_PET, self._lab_exam, "exam_date")
        self._save("lab_exams", "examenes_cabecera", exams, importable)
        items = self._lines_of(exams, "laboratory_id", 1, 3, self._lab_item)
        self._save_lines(
            "lab_exam_items", "examenes_items", items, "laboratory_id", exams, importable
        )
        self._save(
            "imaging", "imagenologia", self._plan(pets, IMAGING_PER_PET, self._imaging, "date"),
            importable,
        )  # fmt: skip
        rate = {0: 1 - REFERRAL_RATE, 1: REFERRAL_RATE}
        referrals = self._plan(pets, rate, self._referral, "referral_at")
        self._save("referrals", "remisiones", referrals, importable)
        orders = self._plan(pets, ORDERS_PER_PET, self._order, "order_date")
        self._save("orders", "ordenes_cabecera", orders, importable)
        items = self._lines_of(orders, "order_id", 1, 2, self._order_item)
        self._save_lines("order_items", "ordenes_items", items, "order_id", orders, importable)
        dogs = [pet for pet in pets if pet.specie == "canine"]
        spa = self._plan(dogs, GROOMING_PER_DOG, self._grooming, "date")
        self._save("grooming", "peluqueria_spa_cabecera", spa, importable)
        items = self._lines_of(spa, "spa_id", 1, 3, self._grooming_item)
        self._save_lines("grooming_items", "peluqueria_spa_items", items, "spa_id", spa, importable)
        rate = {0: 1 - DAY_CARE_RATE, 1: DAY_CARE_RATE}
        stays = self._plan(pets, rate, self._day_care, "admission_date")
        self._save("day_care", "guarderia", stays, importable)
        documents_rows = self._plan(pets, DOCUMENTS_PER_PET, self._document, "documented_at")
        self._save("documents", "documentos", documents_rows, importable)
        self._attachments(set(photos or ()) | (referenced or set()) | self.referenced)
        products = self._products(len(pets))
        self._invoices(owners or [], documents or {}, products)

    # ---- shared ---------------------------------------------------------------------------

    def _plan(self, pets: list[PetInfo], per_pet: dict, build, key: str) -> list[dict]:
        plan = [pet for pet in pets for _ in range(weighted(self.rng, per_pet))]
        plan += self.fake_pets(self._orphans(len(plan)))
        return self._sorted([build(pet) for pet in plan], key)

    def _lines_of(self, headers: list[dict], link: str, low: int, high: int, build) -> list:
        items = []
        for header in headers:
            for _ in range(self.rng.randint(low, high)):
                item = build(header)
                item.update(
                    id=str(len(items) + 1), created_at=header["created_at"],
                    updated_at=header["created_at"], deleted_at=None,
                )  # fmt: skip
                item[link] = header["id"]
                items.append(item)
        return items

    def _save_lines(self, key, base, items, link, headers, importable) -> None:
        """Lines of a header that is not imported (soft-deleted, orphan) are orphan lines."""
        table = TableOutput(self.output, base, "dump", self.manifest.format, TABLES[key].columns)
        for item in items:
            table.write(item)
        table.close()
        self.note_files(items)
        imported = {
            h["id"] for h in headers if h["deleted_at"] is None and h["pet_id"] in importable
        }
        orphan_lines = sum(item[link] not in imported for item in items)
        self.manifest.files[key] = table.files
        self.manifest.counts[key] = {
            "source_rows": table.source_rows,
            "soft_deleted": 0,
            "orphans": 0,
            "orphan_lines": orphan_lines,
            "expected_imported": table.source_rows - orphan_lines,
        }

    def _files(self, pet: PetInfo, label: str, low: int = 1, high: int = 1) -> str:
        entries = []
        for _ in range(self.rng.randint(low, high)):
            ext = self.rng.choice(ATTACHMENT_EXTENSIONS)
            entries.append(
                {
                    "name": f"{label} {pet.name}{ext}",
                    "path": f"VetFiles/{VET_ID}/{self._uuid()}{ext}",
                }
            )
        return json.dumps(entries, ensure_ascii=False)

    def _base(self, pet: PetInfo) -> dict:
        return {
            "id": "", "pet_id": str(pet.pet_id), "vet_id": VET_ID,
            "user_id": self.rng.choice(STAFF_IDS),
        }  # fmt: skip

    def _vitals(self, pet: PetInfo) -> dict:
        rng = self.rng
        fahrenheit = rng.random() < FAHRENHEIT_RATE
        degrees = rng.uniform(37.5, 39.8)
        if fahrenheit:
            degrees = degrees * 9 / 5 + 32
        beats, crt = rng.randint(60, 200), rng.randint(1, 3)
        return {
            "temperature": f"{degrees:.1f}".replace(".", ","),
            "temperature_unit": "f" if fahrenheit else "c",
            "weight": pet.weight, "weight_unit": pet.weight_unit,
            "bcs": f"{rng.randint(1, 5)}/5" if rng.random() < 0.7 else f"{rng.randint(1, 9)}/9",
            "crt": f"{crt} seg" if rng.random() < 0.6 else f'{crt}"',
            "heart_rate": f"{beats} lpm" if rng.random() < 0.5 else str(beats),
            "breathing_rate": str(rng.randint(12, 48)),
            "reflexes": "Normales" if rng.random() < 0.2 else "",
            "heartbeat": "Rítmico" if rng.random() < 0.2 else "",
            "saturation": f"{rng.randint(92, 100)} %" if rng.random() < 0.05 else "",
            "blood_pressure": (
                f"{rng.randint(100, 160)}/{rng.randint(60, 100)}" if rng.random() < 0.05 else ""
            ),
            "mucous_membrane": weighted(rng, MUCOUS_MEMBRANES),
            "glycemia": f"{rng.randint(70, 140)} mg/dl" if rng.random() < 0.03 else "",
            "palpation": self._text("Abdomen blando.") if rng.random() < 0.3 else "",
        }  # fmt: skip

    # ---- tables ---------------------------------------------------------------------------

    def _follow_ups(self, pets: list[PetInfo]) -> list[dict]:
        return self._plan(pets, FOLLOW_UPS_PER_PET, self._follow_up, "monitoring_at")

    def _follow_up(self, pet: PetInfo) -> dict:
        rng = self.rng
        at = self._after(pet.created_at)
        row = self._base(pet)
        row.update(
            monitorable_id="", monitorable_type="", monitoring_at=at,
            type=weighted(rng, FOLLOW_UP_TYPES), details=self._lines(ANAMNESIS, 1, 3),
            next_control_at=at + timedelta(days=rng.randint(3, 30)) if rng.random() < 0.3 else None,
        )  # fmt: skip
        row.update(self._vitals(pet))
        row.update(
            observations=self._text(rng.choice(ANAMNESIS)) if rng.random() < 0.2 else "",
            file=self._files(pet, "control") if rng.random() < FOLLOW_UP_FILE_RATE else "",
            dx=self._text(rng.choice(DIAGNOSES)) if rng.random() < 0.3 else "",
        )
        row.update(self._trailer(at))
        return row

    def _dewormings(self, pets: list[PetInfo]) -> list[dict]:
        animals = [pet for pet in pets if pet.specie in ("canine", "feline")]
        return self._plan(animals, DEWORMINGS_PER_PET, self._deworming, "deworming_at")

    def _deworming(self, pet: PetInfo) -> dict:
        rng = self.rng
        at = self._after(pet.created_at)
        row = self._base(pet)
        last = at - timedelta(days=rng.randint(60, 200)) if rng.random() < 0.3 else None
        row.update(
            deworming_at=at, product=rng.choice(DEWORMING_PRODUCTS), dose=rng.choice(DOSES),
            last_deworming=last, next_control_at=_add_months(at, 3),
            file=self._files(pet, "carne") if rng.random() < DEWORMING_FILE_RATE else "",
            details=self._text("Vía oral.") if rng.random() < 0.2 else "",
        )  # fmt: skip
        row.update(self._trailer(at))
        return row

    def _lab_exam(self, pet: PetInfo) -> dict:
        rng = self.rng
        at = self._after(pet.created_at)
        row = self._base(pet)
        row.update(
            laboratories_id=str(rng.randint(1, 3)) if rng.random() < 0.5 else "",
            laboratories_type="", exam_date=at, diagnosis=self._text(rng.choice(DIAGNOSES)),
            dx="",
        )  # fmt: skip
        row.update(self._trailer(at))
        return row

    def _lab_item(self, header: dict) -> dict:
        rng = self.rng
        pet = PetInfo(0, "", header["exam_date"], "examen", "", "", "", False)
        return {
            "laboratory_id": "", "user_id": header["user_id"],
            "laboratory_test_id": str(rng.randint(1, 20)), "order_item_id": "", "quantity": "1",
            "file": self._files(pet, "resultado") if rng.random() < LAB_ITEM_FILE_RATE else "",
        }  # fmt: skip

    def _imaging(self, pet: PetInfo) -> dict:
        rng = self.rng
        at = self._after(pet.created_at)
        row = self._base(pet)
        row.update(
            order_item_id="", date=at, clinical_signs=self._text(rng.choice(CLINICAL_SIGNS)),
            presumptive_diagnosis=self._text(rng.choice(DIAGNOSES)),
            study_type=weighted(rng, STUDY_TYPES), image_type=rng.choice(IMAGE_TYPES),
            type_other="", details=self._text("Sin hallazgos.") if rng.random() < 0.3 else "",
            files=self._files(pet, "estudio", 1, 3) if rng.random() < IMAGING_FILES_RATE else "",
            dx="",
        )  # fmt: skip
        row.update(self._trailer(at))
        return row

    def _referral(self, pet: PetInfo) -> dict:
        rng = self.rng
        at = self._after(pet.created_at)
        row = self._base(pet)
        row.update(
            profesional_id=str(rng.randint(1, 5)) if rng.random() < 0.5 else "",
            referral_at=at, destination=rng.choice(DESTINATIONS),
            reason=self._text(rng.choice(REFERRAL_REASONS)),
            observations=self._text(rng.choice(ANAMNESIS)) if rng.random() < 0.3 else "",
            dx=self._text(rng.choice(DIAGNOSES)) if rng.random() < 0.3 else "",
        )  # fmt: skip
        row.update(self._trailer(at))
        return row

    def _order(self, pet: PetInfo) -> dict:
        rng = self.rng
        at = self._after(pet.created_at)
        row = self._base(pet)
        row.update(
            order_date=at, observation=self._text("Tomar muestra.") if rng.random() < 0.3 else ""
        )
        row.update(self._trailer(at))
        return row

    def _order_item(self, header: dict) -> dict:
        rng = self.rng
        kind = weighted(rng, COMMANDABLE)
        return {
            "order_id": "", "commandable_type": kind,
            "commandable_id": str(rng.randint(1, COMMANDABLE[kind])), "type_other": "",
            "quantity": str(rng.randint(1, 2)), "level": "" if rng.random() < 0.7 else "1",
            "notes": rng.choice(ORDER_NOTES), "pending": "1" if rng.random() < 0.2 else "0",
            "user_id": header["user_id"],
        }  # fmt: skip

    def _grooming(self, pet: PetInfo) -> dict:
        rng = self.rng
        at = self._after(pet.created_at)
        row = self._base(pet)
        row.update(
            date=at, details=self._text(rng.choice(SPA_DETAILS)),
            rabies_vaccine="1" if rng.random() < 0.7 else "0",
            file_before=self._files(pet, "antes") if rng.random() < GROOMING_FILE_RATE else "",
            file_after=self._files(pet, "despues") if rng.random() < GROOMING_FILE_RATE else "",
            next_control_at=at + timedelta(days=30) if rng.random() < 0.3 else None,
        )  # fmt: skip
        row.update(self._trailer(at))
        return row

    def _grooming_item(self, header: dict) -> dict:
        rng = self.rng
        return {
            "spa_id": "", "subject": rng.choice(SPA_SUBJECTS),
            "responsible_id": rng.choice(STAFF_IDS),
            "details": rng.choice(SPA_DETAILS) if rng.random() < 0.5 else "",
        }  # fmt: skip

    def _day_care(self, pet: PetInfo) -> dict:
        rng = self.rng
        at = self._after(pet.created_at)
        days = rng.randint(1, 5)
        row = self._base(pet)
        row.update(
            admission_date=at, discharge_date=at + timedelta(days=days),
            type=weighted(rng, DAY_CARE_TYPES), quantity=str(days),
            objects=rng.choice(DAY_CARE_OBJECTS),
            observations=self._text("Come bien.") if rng.random() < 0.3 else "",
        )  # fmt: skip
        row.update(self._trailer(at))
        return row

    def _document(self, pet: PetInfo) -> dict:
        rng = self.rng
        at = self._after(pet.created_at)
        required = rng.random() < 0.6
        signed = required and rng.random() < SIGNED_RATE
        row = {
            "id": "", "vet_id": VET_ID, "pet_id": str(pet.pet_id),
            "user_id": rng.choice(STAFF_IDS), "firebase_token_id": "",
            "doc_format_type_id": str(rng.randint(1, 5)), "documented_id": "",
            "documented_type": "", "documented_at": at, "name": rng.choice(DOCUMENT_NAMES),
            "required_signature": "1" if required else "0",
            "signature_at": at + timedelta(minutes=rng.randint(1, 120)) if signed else None,
        }  # fmt: skip
        row.update(self._trailer(at))
        return row

    # ---- attachments ----------------------------------------------------------------------

    def _attachments(self, referenced: set[str]) -> None:
        """Write ~85 % of the referenced files and ~2 % more that nothing references."""
        rng, root = self.rng, self.output / "VetFiles"
        root.mkdir(exist_ok=True)
        made: set[Path] = {root}
        present = 0
        for path in sorted(referenced):
            if rng.random() < ATTACHMENT_PRESENT_RATE:
                self._attachment(path, made)
                present += 1
        unreferenced = round(len(referenced) * UNREFERENCED_RATE)
        for _ in range(unreferenced):
            ext = rng.choice(ATTACHMENT_EXTENSIONS)
            self._attachment(f"VetFiles/{VET_ID}/{self._uuid()}{ext}", made)
        self.manifest.files["attachments"] = "VetFiles"
        self.manifest.counts["attachments"] = {
            "referenced": len(referenced),
            "present": present,
            "missing": len(referenced) - present,
            "unreferenced": unreferenced,
        }

    def _attachment(self, path: str, made: set[Path]) -> None:
        target = self.output / path
        ext = target.suffix.lower()
        if ext not in ATTACHMENT_EXTENSIONS or not path.startswith("VetFiles/"):
            raise ValueError(f"unexpected attachment path {path!r}")
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(MAGIC[ext] + f"okvet fake attachment {path}\n".encode())

    # ---- products and invoices ------------------------------------------------------------

    def _products(self, pets: int) -> list[dict]:
        rng = self.rng
        count = max(20, round(pets * 0.05))
        products = []
        for number in range(1, count + 1):
            name, category, brand, presentation, unit, tax = PRODUCT_BASES[
                (number - 1) % len(PRODUCT_BASES)
            ]
            if number > len(PRODUCT_BASES):
                name = f"{name} {number}"
            cost = rng.randint(5, 400) * 100
            price = int(cost * rng.uniform(1.3, 2.0)) // 100 * 100
            service = category == "Servicios"
            expiry = None if service or rng.random() < 0.4 else self._after(datetime(2025, 1, 1))
            products.append({"code": f"P{number:04d}", "name": name, "price": price, "tax": tax})
            styled = rng.random() < 0.5
            products[-1]["row"] = (
                f"P{number:04d}",
                "" if service or rng.random() < 0.3 else f"770{rng.randint(10**9, 10**10 - 1)}",
                name, category, brand, presentation, unit,
                money(cost, styled), money(price, styled), f"{tax}%",
                "0" if service else str(rng.randint(0, 120)),
                "0" if service else str(rng.randint(0, 10)),
                "" if service or rng.random() < 0.5 else f"L{rng.randint(1000, 99999)}",
                f"{expiry:%d/%m/%Y}" if expiry else "",
                "Sí" if rng.random() < 0.9 else "No",
            )  # fmt: skip
        self._screen("productos.csv", "Listado de productos", PRODUCT_HEADER,
                     [p["row"] for p in products])  # fmt: skip
        self.manifest.files["products"] = ["productos.csv"]
        self.manifest.counts["products"] = {"source_rows": count}
        return products

    def _invoices(self, owners: list[OwnerRef], documents: dict, products: list[dict]) -> None:
        rng = self.rng
        eligible = [ref for ref in owners if not ref.deleted and not ref.duplicate]
        plan = []
        for ref in eligible:
            for _ in range(weighted(rng, INVOICES_PER_OWNER)):
                plan.append((self._after(ref.created_at), ref.owner_id, ref))
        plan.sort(key=lambda item: (item[0], item[1]))
        lines, moved, mismatched, unknown = [], [], 0, 0
        for number, (at, _, ref) in enumerate(plan, INVOICE_FIRST_NUMBER):
            draw = rng.random()
            document = documents.get(ref.owner_id, "")
            if draw < INVOICE_ID_RATE or (draw < INVOICE_ID_RATE + INVOICE_DOCUMENT_RATE
                                          and not document):  # fmt: skip
                client = (str(ref.owner_id), document, ref.display_name)
            elif draw < INVOICE_ID_RATE + INVOICE_DOCUMENT_RATE:
                client = ("", document, ref.display_name)
            else:
                client = ("", UNKNOWN_CLIENT_DOCUMENT, "Cliente ocasional")
                unknown += 1
            styled = rng.random() < 0.5
            chosen = rng.sample(products, rng.randint(1, 4))
            body, subtotal, total = [], 0, 0
            for product in chosen:
                quantity = rng.randint(1, 3)
                base = quantity * product["price"]
                line_total = round(base * (100 + product["tax"]) / 100)
                subtotal, total = subtotal + base, total + line_total
                body.append((product, quantity, line_total))
            tax = total - subtotal
            if rng.random() < MISMATCH_RATE:
                up = rng.random() < 0.5 or total < 2 * MISMATCH_AMOUNT
                total += MISMATCH_AMOUNT if up else -MISMATCH_AMOUNT
                mismatched += 1
            balance = total if rng.random() < UNPAID_RATE else 0
            head = ("FE", str(number), f"{at:%d/%m/%Y}", *client)
            tail = (money(subtotal, styled), money(0, styled), money(tax, styled),
                    money(total, styled), money(balance, styled))  # fmt: skip
            rows = [
                (*head, product["code"], product["name"], str(quantity),
                 money(product["price"], styled), f"{product['tax']}%",
                 money(line_total, styled), *tail)
                for product, quantity, line_total in body
            ]  # fmt: skip
            if len(rows) > 1 and rng.random() < MOVED_LINE_RATE:
                moved.append(rows.pop(rng.randrange(len(rows))))
            lines.extend(rows)
        lines.extend(moved)
        self._screen("facturas.csv", "Movimiento de facturas", INVOICE_HEADER, lines)
        self.manifest.files["invoices"] = ["facturas.csv"]
        self.manifest.counts["invoices"] = {
            "source_rows": len(lines),
            "invoices": len(plan),
            "mismatched": mismatched,
            "unknown_clients": unknown,
        }

    def _screen(self, name: str, title: str, header: tuple, rows: list) -> None:
        """A screen export: title row, empty row, Spanish header; cp1252, ``;``, CRLF."""
        with open(self.output / name, "w", encoding="cp1252", errors="replace", newline="") as f:
            writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
            writer.writerow([title])
            writer.writerow([])
            writer.writerow(header)
            writer.writerows(rows)
