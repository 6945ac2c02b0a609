"""A sync that meets the clinic's own edits: the conflicts the review queue resolves.

The engine's owners and pets are imported; the clinic then weighs FIRULAIS (OkVet id 201) at
13 kg and corrects María's e-mail (OkVet id 101) in Pet-Friendly; a newer export weighs him
14 kg, gives María another address, and weighs Firulais (207, not edited) 12.8 kg. Importing
it keeps the clinic's two values (``sync-conflict`` issues: ``weight_kg`` with its text as
typed ``weight_raw``, and ``user__email``) and applies the third.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

from clinic.models import OwnerProfile, Pet
from migration.models import DataQualityIssue, ExternalIdMapping, MigrationRun

CLINIC_WEIGHT, CLINIC_EMAIL = "13", "maria@clinica.co"
OKVET_WEIGHT, OKVET_EMAIL = "14", "maria.nueva@mail.com"


@dataclass(frozen=True)
class Conflicts:
    pet_id: int
    owner_id: int
    user_id: int
    sync_run_id: int
    newer: Path

    def issue(self, column: str) -> DataQualityIssue:
        return DataQualityIssue.objects.get(
            issue_type="sync-conflict", field_name=column, batch__is_dry_run=False
        )


def target(source_type: str, source_id: str) -> int:
    return ExternalIdMapping.objects.get(source_type=source_type, source_id=source_id).target_id


def edited(path: Path, source_id: str, column: str, value: str) -> None:
    """The CSV at ``path`` with ``column`` set to ``value`` on the rows of OkVet id
    ``source_id``."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["id"] == source_id:
            row[column] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def newer_export(export: Path, folder: Path) -> Path:
    shutil.copytree(export, folder)
    edited(folder / "mascotas.csv", "201", "weight", OKVET_WEIGHT)
    edited(folder / "mascotas.csv", "207", "weight", "12.8")
    edited(folder / "propietarios.csv", "101", "email", OKVET_EMAIL)
    return folder


def edit_in_the_clinic() -> tuple[int, int]:
    pet = Pet.objects.get(pk=target("pet", "201"))
    pet.weight_kg = CLINIC_WEIGHT
    pet.save()
    owner = OwnerProfile.objects.select_related("user").get(pk=target("client", "101"))
    owner.user.email = CLINIC_EMAIL
    owner.user.save()
    return pet.pk, owner.pk


def make_conflicts(run, export: Path, tmp_path: Path, *, sync: bool = True) -> Conflicts:
    """First import, the clinic's edits, the newer export (and its import unless ``sync``
    is false)."""
    run("import_okvet", f"--source={export}", "--no-progress")
    pet_id, owner_id = edit_in_the_clinic()
    newer = newer_export(export, tmp_path / "newer")
    if sync:
        run("import_okvet", f"--source={newer}", "--no-progress")
    last = MigrationRun.objects.order_by("-pk").first()
    user_id = OwnerProfile.objects.get(pk=owner_id).user_id
    return Conflicts(pet_id, owner_id, user_id, last.pk, newer)
