"""Clinical tables of the table dump: consults, vaccinations, appointments, prescriptions, stays.

Only the dump shape carries them (OkVet support hands clinical history over as a table dump).
Rows are built for the pets that exist in the pets file (never for pets whose owner is
missing), plus about 1 % pointing at a pet id that does not exist at all. Each table gets its
own id sequence, ids following the record's date as in OkVet. The counts written to the
manifest say what a correct import must produce: rows of soft-deleted records and rows whose
pet is not imported (missing or soft-deleted) are not imported.

A separate ``Random`` drives this module, so owners and pets stay byte-identical whether the
clinical tables are asked for or not.
"""

from __future__ import annotations

import csv
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from random import Random

from migration.generator.pools import PET_NAMES
from migration.generator.records import weighted
from migration.generator.writers import TableOutput
from migration.read.declarations import TABLES
from migration.read.tables import BODY_SYSTEMS

HISTORY_END = datetime(2026, 1, 1)
APPOINTMENTS_END = HISTORY_END + timedelta(days=90)
VET_ID = "1"
STAFF_IDS = tuple(str(n) for n in range(10, 16))
ORPHAN_RATE = 0.01
ORPHAN_PET_OFFSET = 1000
SOFT_DELETED_RATE = 0.02
NULL_TOKEN_RATE = 0.05
NULL_TOKENS = (".", "N/A", "-", "***")
FILE_RATE = 0.10
FILE_COLUMNS = ("file", "files", "file_before", "file_after")
FAHRENHEIT_RATE = 0.05
PRESCRIPTION_RATE = 0.5
HOSPITALIZATION_RATE = 0.03
LOT_EMPTY_RATE = 0.46
NEXT_VACCINE_YEAR_RATE = 0.80
REMINDER_RATE = 0.5
BLOCKED_RATE = 0.02

# How many records one pet has: {count: weight}; means ~1.5 consults, ~2 vaccinations, ~1 visit.
CONSULTS_PER_PET = {0: 25, 1: 30, 2: 25, 3: 12, 4: 8}
VACCINATIONS_PER_PET = {0: 20, 1: 20, 2: 25, 3: 20, 4: 15}
APPOINTMENTS_PER_PET = {0: 35, 1: 35, 2: 20, 3: 10}

CONSULT_TYPES = {"general": 60, "control": 25, "urgencia": 10, "vacunacion": 5}
MUCOUS_MEMBRANES = {"pink": 85, "pale": 8, "congested": 5, "icteric": 2}
SYSTEM_CODES = {"0": 88, "1": 9, "2": 3}
ASSISTANCE = {
    "attend": 50, "confirmed": 12, "pending": 10, "unattend": 12, "preregistration": 6,
    "deleted": 10,
}  # fmt: skip
BOOKING_TYPES = ("consult", "vaccine", "deworming", "spa", "check", "surgery")
REMINDER_TYPES = ("vaccine", "control")
LABORATORIES = ("Zoetis", "ZOETIS", "Nobivac", "MSD", "Boehringer", "Virbac", "")

# (id, name, laboratory, species) as "Administración → Variables → exportar" lists them.
VACCINE_CATALOG = (
    ("1", "Nobivac Rabia", "MSD", "Canino, Felino"),
    ("2", "Vanguard Plus 5", "Zoetis", "Canino"),
    ("3", "Purevax RCP", "Boehringer", "Felino"),
    ("4", "Nobivac Puppy DP", "MSD", "Canino"),
    ("5", "Felocell 3", "Zoetis", "Felino"),
    ("6", "Canigen KC", "Virbac", "Canino"),
    ("7", "Eurican 5", "Boehringer", "Canino"),
    ("8", "Leucofeligen", "Virbac", "Felino"),
)
VACCINES_FOR = {"canine": ("1", "2", "4", "6", "7"), "feline": ("1", "3", "5", "8")}
CATALOG_HEADER = ("ID", "Nombre", "Laboratorio", "Especie")

ANAMNESIS = (
    "Propietario refiere decaimiento desde hace 2 días.",
    "Hiporexia de 3 días de evolución.",
    "Vómito en 2 ocasiones, contenido alimenticio.",
    "Diarrea pastosa sin sangre.",
    "Prurito intenso en zona dorsal.",
    "Tos seca nocturna.",
    "Cojera del miembro posterior derecho.",
    "Viene a control post quirúrgico.",
    "Sacude la cabeza con frecuencia, olor en oído.",
    "Plan vacunal al día según carné.",
    "Desparasitado hace 3 meses.",
    "Come concentrado y comida casera.",
    "Vive en apartamento, sin contacto con otros animales.",
    "Propietaria nota pérdida de peso.",
)
INTERPRETATION = (
    "Paciente alerta y responsivo.",
    "Deshidratación leve (5 %).",
    "Dolor a la palpación abdominal craneal.",
    "Otitis externa bilateral.",
    "Dermatitis alérgica a descartar pulgas.",
    "Gastroenteritis aguda.",
    "Soplo grado II/VI.",
    "Condición corporal adecuada.",
    "Sin hallazgos relevantes al examen físico.",
)
DIAGNOSTIC_PLAN = (
    "Cuadro hemático completo.",
    "Química sanguínea (ALT, creatinina, BUN).",
    "Coprológico.",
    "Citología de oído.",
    "Raspado de piel.",
    "Ecografía abdominal.",
    "Rx de tórax dos proyecciones.",
    "Uroanálisis.",
)
THERAPEUTIC_PLAN = (
    "Dieta blanda por 3 días.",
    "Meloxicam 0,1 mg/kg cada 24 h por 5 días.",
    "Amoxicilina + ácido clavulánico 12,5 mg/kg cada 12 h por 7 días.",
    "Omeprazol 1 mg/kg cada 24 h.",
    "Limpieza de oídos cada 48 h.",
    "Control en 8 días.",
    "Fluidoterapia subcutánea.",
    "Baño con clorhexidina cada 3 días.",
)
DIAGNOSES = (
    "Gastroenteritis", "Otitis externa", "Dermatitis alérgica", "Parvovirosis",
    "Traqueobronquitis", "Enfermedad periodontal", "Cistitis", "Sano",
)  # fmt: skip
SYSTEM_OBS = ("Leve alteración.", "Ver anamnesis.", "Dolor a la manipulación.", "Aumentado.")
DRUGS = (
    ("Meloxicam", "Suspensión oral 1,5 mg/ml"),
    ("Amoxicilina + ácido clavulánico", "Tabletas 250 mg"),
    ("Omeprazol", "Cápsulas 20 mg"),
    ("Metronidazol", "Tabletas 250 mg"),
    ("Prednisolona", "Tabletas 5 mg"),
    ("Tramadol", "Gotas 100 mg/ml"),
    ("Cefalexina", "Cápsulas 500 mg"),
    ("Otomax", "Gotas óticas 15 ml"),
    ("Nexgard", "Tableta masticable"),
)
POSOLOGY = (
    "1 tableta cada 12 horas por 7 días",
    "Media tableta cada 24 horas por 5 días",
    "0,5 ml cada 24 horas con comida",
    "5 gotas en cada oído cada 12 horas",
    "1 cápsula cada 8 horas por 10 días",
)
HOSPITAL_REASONS = (
    "Gastroenteritis hemorrágica", "Deshidratación severa", "Post quirúrgico",
    "Politraumatismo", "Intoxicación", "Insuficiencia renal",
)  # fmt: skip
HOSPITAL_DETAILS = (
    "Fluidoterapia con Lactato de Ringer.",
    "Monitoreo de constantes cada 4 horas.",
    "Analgesia con tramadol.",
    "Ayuno de 12 horas.",
    "Evoluciona favorablemente.",
)


@dataclass(slots=True)
class PetInfo:
    """What the clinical tables need of a pet written to the pets file."""

    pet_id: int
    owner_id: str
    created_at: datetime
    name: str
    specie: str
    weight: str
    weight_unit: str
    deleted: bool


class ClinicalWriter:
    """Writes the clinical dump files and records their files and counts in the manifest."""

    def __init__(self, output: Path, manifest, seed: int, owners: int, pets: int) -> None:
        self.output, self.manifest = output, manifest
        self.first_orphan_pet = pets + ORPHAN_PET_OFFSET + 1
        self.rng = Random(f"okvet-clinical-{seed}")
        self.first_orphan_owner = owners + ORPHAN_PET_OFFSET + 1
        self.referenced: set[str] = set()  # attachment paths named by any file JSON

    def write(self, pets: list[PetInfo]) -> None:
        importable = {str(p.pet_id) for p in pets if not p.deleted}
        consults = self._consults(pets)
        self._save("consults", "consultas", consults, importable)
        self._save("vaccinations", "vacunaciones", self._vaccinations(pets), importable)
        self._catalog()
        self._save("appointments", "citas", self._appointments(pets), importable)
        prescriptions, items = self._prescriptions(consults)
        self._save("prescriptions", "formulas_cabecera", prescriptions, importable)
        self._save_items(items, prescriptions, importable)
        stays = self._hospitalizations(pets)
        self._save("hospitalizations", "hospitalizaciones", stays, importable)

    # ---- shared helpers -------------------------------------------------------------------

    def fake_pets(self, n: int) -> list[PetInfo]:
        """Pets that do not exist: their rows are the orphans of a clinical table."""
        rng, first_orphan = self.rng, self.first_orphan_pet
        fakes = []
        for _ in range(n):
            created = datetime(2017, 1, 1) + timedelta(seconds=rng.randint(0, 8 * 365 * 86400))
            fakes.append(
                PetInfo(
                    pet_id=rng.randint(first_orphan, first_orphan + 5000),
                    owner_id=str(
                        rng.randint(self.first_orphan_owner, self.first_orphan_owner + 5000)
                    ),
                    created_at=created,
                    name=rng.choice(PET_NAMES),
                    specie=rng.choice(("canine", "feline")),
                    weight=str(rng.randint(2, 30)),
                    weight_unit="kg",
                    deleted=False,
                )
            )
        return fakes

    def _orphans(self, rows: int) -> int:
        return sum(self.rng.random() < ORPHAN_RATE for _ in range(rows))

    def _after(self, start: datetime, end: datetime = HISTORY_END) -> datetime:
        """A moment in (start, end), at whole seconds."""
        room = max(120, int((end - start).total_seconds()) - 60)
        moment = start + timedelta(seconds=self.rng.randint(60, room))
        opening = moment.replace(hour=self.rng.randint(8, 18))  # clinic hours when possible
        return opening if start < opening < end else moment

    def _trailer(self, moment: datetime) -> dict:
        rng = self.rng
        created = moment + timedelta(minutes=rng.randint(0, 90))
        updated = created if rng.random() < 0.7 else created + timedelta(days=rng.randint(0, 30))
        deleted = None
        if rng.random() < SOFT_DELETED_RATE:
            deleted = updated + timedelta(days=rng.randint(0, 60), minutes=rng.randint(1, 600))
        return {"created_at": created, "updated_at": updated, "deleted_at": deleted}

    def _text(self, value: str) -> str:
        """Free text as typed: sometimes a null-like token instead."""
        if self.rng.random() < NULL_TOKEN_RATE:
            return self.rng.choice(NULL_TOKENS)
        return value

    def _lines(self, phrases: tuple, low: int = 1, high: int = 4) -> str:
        return self._text("\n".join(self.rng.sample(phrases, self.rng.randint(low, high))))

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def note_files(self, rows: list[dict]) -> None:
        """Remember every ``path`` of the attachment JSON columns of ``rows``."""
        for row in rows:
            for column in FILE_COLUMNS:
                value = row.get(column)
                if value:
                    self.referenced.update(entry["path"] for entry in json.loads(value))

    def _sorted(self, rows: list[dict], key: str) -> list[dict]:
        """Ids follow the record's date (ties by pet), each table from 1."""
        rows.sort(key=lambda r: (r[key], int(r.get("pet_id") or 0)))
        for number, row in enumerate(rows, 1):
            row["id"] = str(number)
        return rows

    def _save(self, key: str, base: str, rows: list[dict], importable: set[str]) -> None:
        table = TableOutput(self.output, base, "dump", self.manifest.format, TABLES[key].columns)
        for row in rows:
            table.write(row)
        table.close()
        self.note_files(rows)
        self.manifest.files[key] = table.files
        deleted = sum(row["deleted_at"] is not None for row in rows)
        orphans = sum(
            1
            for row in rows
            if row["deleted_at"] is None and row["pet_id"] and row["pet_id"] not in importable
        )
        self.manifest.counts[key] = {
            "source_rows": table.source_rows,
            "soft_deleted": deleted,
            "orphans": orphans,
            "expected_imported": table.source_rows - deleted - orphans,
        }

    # ---- consults --------------------------------------------------------------------------

    def _consults(self, pets: list[PetInfo]) -> list[dict]:
        rng = self.rng
        plan = [pet for pet in pets for _ in range(weighted(rng, CONSULTS_PER_PET))]
        plan += self.fake_pets(self._orphans(len(plan)))
        return self._sorted([self._consult(pet) for pet in plan], "consult_at")

    def _consult(self, pet: PetInfo) -> dict:
        rng, text = self.rng, self._text
        consult_at = self._after(pet.created_at)
        fahrenheit = rng.random() < FAHRENHEIT_RATE
        degrees = rng.uniform(37.5, 39.8)
        if fahrenheit:
            degrees = degrees * 9 / 5 + 32
        beats = rng.randint(60, 200)
        crt = rng.randint(1, 3)
        bcs = f"{rng.randint(1, 5)}/5" if rng.random() < 0.7 else f"{rng.randint(1, 9)}/9"
        diagnosis = rng.choice(DIAGNOSES)
        row = {
            "id": "", "pet_id": str(pet.pet_id), "vet_id": VET_ID,
            "user_id": rng.choice(STAFF_IDS), "consult_at": consult_at,
            "type": weighted(rng, CONSULT_TYPES),
            "anamnesis": self._lines(ANAMNESIS, 2, 5),
            "objetive": text("Examen físico general.") if rng.random() < 0.3 else "",
            "problems": text(diagnosis) if rng.random() < 0.3 else "",
            "differential_diagnosis": text(rng.choice(DIAGNOSES)) if rng.random() < 0.2 else "",
            "interpretation": self._lines(INTERPRETATION, 1, 3),
            "diagnostic_plan": self._lines(DIAGNOSTIC_PLAN, 1, 3),
            "therapeutic_plan": self._lines(THERAPEUTIC_PLAN, 1, 4),
            "final_diagnosis": text(diagnosis) if rng.random() < 0.4 else "",
            "treatment": text(rng.choice(THERAPEUTIC_PLAN)) if rng.random() < 0.3 else "",
            "next_control_at": (
                consult_at + timedelta(days=rng.randint(3, 30)) if rng.random() < 0.3 else None
            ),
            "temperature": f"{degrees:.1f}".replace(".", ","),
            "temperature_unit": "f" if fahrenheit else "c",
            "weight": pet.weight, "weight_unit": pet.weight_unit, "bcs": bcs,
            "crt": f"{crt} seg" if rng.random() < 0.6 else f'{crt}"',
            "heart_rate": f"{beats} lpm" if rng.random() < 0.5 else str(beats),
            "breathing_rate": str(rng.randint(12, 48)),
            "reflexes": "Normales" if rng.random() < 0.2 else "",
            "heartbeat": "Rítmico" if rng.random() < 0.2 else "",
            "saturation": f"{rng.randint(92, 100)} %" if rng.random() < 0.05 else "",
            "blood_pressure": f"{rng.randint(100, 160)}/{rng.randint(60, 100)}"
            if rng.random() < 0.05
            else "",
            "mucous_membrane": weighted(rng, MUCOUS_MEMBRANES),
            "glycemia": f"{rng.randint(70, 140)} mg/dl" if rng.random() < 0.03 else "",
            "palpation": text("Abdomen blando, no doloroso.") if rng.random() < 0.3 else "",
            "observations": text(rng.choice(ANAMNESIS)) if rng.random() < 0.2 else "",
            "import_id": "", "waiting_room_shift_id": "",
            "file": self._file(pet) if rng.random() < FILE_RATE else "",
            "dx_presumptive": text(diagnosis) if rng.random() < 0.2 else "",
            "dx_differential": "", "dx_final": text(diagnosis) if rng.random() < 0.2 else "",
        }  # fmt: skip
        for system in BODY_SYSTEMS:
            code = weighted(rng, SYSTEM_CODES)
            row[system] = code
            row[f"{system}_obs"] = text(rng.choice(SYSTEM_OBS)) if code != "0" else ""
        row.update(self._trailer(consult_at))
        return row

    def _file(self, pet: PetInfo) -> str:
        entry = {"name": f"rx {pet.name}.jpg", "path": f"VetFiles/{VET_ID}/{self._uuid()}.jpg"}
        return json.dumps([entry], ensure_ascii=False)

    # ---- vaccinations ----------------------------------------------------------------------

    def _vaccinations(self, pets: list[PetInfo]) -> list[dict]:
        rng = self.rng
        plan = [
            pet
            for pet in pets
            if pet.specie in VACCINES_FOR
            for _ in range(weighted(rng, VACCINATIONS_PER_PET))
        ]
        plan += self.fake_pets(self._orphans(len(plan)))
        return self._sorted([self._vaccination(pet) for pet in plan], "vaccine_at")

    def _vaccination(self, pet: PetInfo) -> dict:
        rng = self.rng
        vaccine_at = self._after(pet.created_at)
        step = timedelta(days=365) if rng.random() < NEXT_VACCINE_YEAR_RATE else timedelta(weeks=3)
        lot = (
            ""
            if rng.random() < LOT_EMPTY_RATE
            else f"{rng.choice('ABKLMX')}{rng.randint(10000, 999999)}"
        )
        row = {
            "id": "", "pet_id": str(pet.pet_id), "vet_id": VET_ID,
            "user_id": rng.choice(STAFF_IDS),
            "vaccine_type_id": rng.choice(VACCINES_FOR[pet.specie]),
            "laboratory": rng.choice(LABORATORIES), "lot": lot,
            "details": self._text("Aplicación subcutánea.") if rng.random() < 0.2 else "",
            "vaccine_at": vaccine_at, "next_vaccine_at": vaccine_at + step,
        }  # fmt: skip
        row.update(self._trailer(vaccine_at))
        return row

    def _catalog(self) -> None:
        """The vaccine catalogue as a screen export: Spanish headers, cp1252, ``;``, CRLF."""
        name = "catalogo_vacunas.csv"
        with open(self.output / name, "w", encoding="cp1252", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
            writer.writerow(CATALOG_HEADER)
            writer.writerows(VACCINE_CATALOG)
        self.manifest.files["vaccine_catalog"] = [name]
        n = len(VACCINE_CATALOG)
        self.manifest.counts["vaccine_catalog"] = {
            "source_rows": n, "soft_deleted": 0, "orphans": 0, "expected_imported": n,
        }  # fmt: skip

    # ---- appointments ----------------------------------------------------------------------

    def _appointments(self, pets: list[PetInfo]) -> list[dict]:
        rng = self.rng
        plan = [pet for pet in pets for _ in range(weighted(rng, APPOINTMENTS_PER_PET))]
        plan += self.fake_pets(self._orphans(len(plan)))
        rows = []
        for pet in plan:
            if rng.random() < BLOCKED_RATE:
                rows.append(self._appointment(None, pet.created_at))
            rows.append(self._appointment(pet, pet.created_at))
        return self._sorted(rows, "start")

    def _appointment(self, pet: PetInfo | None, after: datetime) -> dict:
        rng = self.rng
        day = self._after(after, APPOINTMENTS_END).replace(hour=0, minute=0, second=0)
        if pet is None:
            kind, start = "blocked", day + timedelta(hours=rng.randint(8, 17))
            end, assistance = start + timedelta(hours=rng.randint(1, 2)), "pending"
            summary = "Bloqueado"
        elif rng.random() < REMINDER_RATE:
            kind, start, end = rng.choice(REMINDER_TYPES), day, day
            assistance = weighted(rng, ASSISTANCE)
            summary = f"Recordatorio {kind} {pet.name}"
        else:
            kind = rng.choice(BOOKING_TYPES)
            start = day + timedelta(minutes=30 * rng.randint(16, 35))
            end, assistance = start + timedelta(minutes=30), weighted(rng, ASSISTANCE)
            summary = f"{kind.capitalize()} {pet.name}"
        row = {
            "id": "", "calendar_id": "1", "vet_id": VET_ID,
            "owner_id": pet.owner_id if pet else "", "pet_id": str(pet.pet_id) if pet else "",
            "user_id": rng.choice(STAFF_IDS), "responsible_id": rng.choice(STAFF_IDS),
            "event_id": "", "type": kind, "subtype": "", "summary": summary,
            "description": self._text("Agendada por teléfono.") if rng.random() < 0.2 else "",
            "start": start, "end": end, "assistance": assistance,
            "comments": self._text("Llega tarde.") if rng.random() < 0.05 else "",
            "form_id": "", "form_type": "", "variables": "{}" if rng.random() < 0.5 else "",
            "waiting_room_shift_id": "",
        }  # fmt: skip
        row.update(self._trailer(min(start, start - timedelta(days=rng.randint(0, 20)))))
        return row

    # ---- prescriptions ---------------------------------------------------------------------

    def _prescriptions(self, consults: list[dict]) -> tuple[list[dict], list[dict]]:
        rng = self.rng
        headers, items = [], []
        for consult in consults:
            if rng.random() >= PRESCRIPTION_RATE:
                continue
            drugs = rng.sample(DRUGS, rng.randint(1, 3))
            lines = []
            for name, presentation in drugs:
                posology = rng.choice(POSOLOGY)
                lines.append(f"{name} {presentation}: {posology}")
                items.append(
                    {
                        "id": str(len(items) + 1),
                        "prescription_id": str(len(headers) + 1),
                        "name": name,
                        "presentation": presentation,
                        "quantity": str(rng.randint(1, 3)),
                        "posology": posology,
                    }  # fmt: skip
                )
            at = consult["consult_at"] + timedelta(minutes=rng.randint(5, 40))
            header = {
                "id": str(len(headers) + 1), "pet_id": consult["pet_id"], "vet_id": VET_ID,
                "user_id": consult["user_id"], "prescription_at": at,
                "diagnosis": self._text(rng.choice(DIAGNOSES)),
                "raw_prescription": "\n".join(lines), "prescription": "\n".join(lines),
                "details": self._text("Volver a control.") if rng.random() < 0.2 else "",
                "dx": "",
            }  # fmt: skip
            header.update(self._trailer(at))
            for item in items[len(items) - len(drugs) :]:
                item.update(created_at=header["created_at"], updated_at=header["created_at"])
                item["deleted_at"] = None
            headers.append(header)
        return headers, items

    def _save_items(self, items: list[dict], headers: list[dict], importable: set[str]) -> None:
        """Lines of a prescription that is not imported (soft-deleted, orphan) are orphans."""
        table = TableOutput(
            self.output,
            "formulas_items",
            "dump",
            self.manifest.format,
            TABLES["prescription_items"].columns,
        )
        for item in items:
            table.write(item)
        table.close()
        imported = {
            h["id"] for h in headers if h["deleted_at"] is None and h["pet_id"] in importable
        }
        orphan_lines = sum(item["prescription_id"] not in imported for item in items)
        self.manifest.files["prescription_items"] = table.files
        self.manifest.counts["prescription_items"] = {
            "source_rows": table.source_rows,
            "soft_deleted": 0,
            "orphans": 0,
            "orphan_lines": orphan_lines,
            "expected_imported": table.source_rows - orphan_lines,
        }

    # ---- hospitalizations ------------------------------------------------------------------

    def _hospitalizations(self, pets: list[PetInfo]) -> list[dict]:
        rng = self.rng
        plan = [pet for pet in pets if rng.random() < HOSPITALIZATION_RATE]
        plan += self.fake_pets(self._orphans(len(plan)))
        rows = []
        for pet in plan:
            admission = self._after(pet.created_at)
            row = {
                "id": "", "pet_id": str(pet.pet_id), "vet_id": VET_ID,
                "user_id": rng.choice(STAFF_IDS), "admission_date": admission,
                "discharge_date": admission + timedelta(
                    days=rng.randint(1, 5), minutes=rng.randint(-240, 240)
                ),
                "hospital_care_type_id": str(rng.randint(1, 4)),
                "reason": self._text(rng.choice(HOSPITAL_REASONS)),
                "details": self._lines(HOSPITAL_DETAILS, 1, 4), "dx": "",
            }  # fmt: skip
            row.update(self._trailer(admission))
            rows.append(row)
        return self._sorted(rows, "admission_date")
