"""Records whose pet the import could not find, given to the right pet by the clinic.

When OkVet's export names a pet it does not contain (``pet_id=999999``), the import keeps the
record under an inactive placeholder pet, with that id in its legacy extras
(``{"pet_id": "999999"}``). A vet who recognises the animal moves the record to it; the change
is written to the clinic's audit trail like any edit of an imported record, and a consult's
attachments move with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Q, QuerySet

from clinic.models import (
    Appointment,
    ChangeLog,
    Document,
    MedicalRecord,
    Origin,
    Pet,
    VaccinationRecord,
)

REASSIGNABLE = (MedicalRecord, VaccinationRecord, Appointment, Document)
OKVET_PET = "pet_id"


class NotATarget(ValueError):
    """The chosen pet is itself a placeholder: records are moved to a real patient."""


def placeholder_pets() -> Q:
    """Pets the import made to hold orphans: imported, yet with no OkVet id of their own."""
    return Q(source_system=Origin.OKVET, legacy_id="")


def orphaned() -> Q:
    """Records whose OkVet pet was not found: they keep its id, or sit under a placeholder."""
    placeholder = Q(pet__source_system=Origin.OKVET, pet__legacy_id="")
    return Q(legacy_extras__has_key=OKVET_PET) | placeholder


def okvet_pet_id(record: models.Model) -> str:
    return str((record.legacy_extras or {}).get(OKVET_PET, ""))


@dataclass(frozen=True)
class Reassigned:
    moved: int
    skipped: int
    documents: int


def records_reassign(*, records: QuerySet, pet: Pet, by) -> Reassigned:
    """Move the orphans among ``records`` to ``pet``, in one transaction, each move logged
    (``{"pet": [placeholder id, pet id]}``); records with a pet of their own are left alone."""
    if Pet.objects.filter(placeholder_pets(), pk=pet.pk).exists():
        raise NotATarget(pet.pk)
    model = records.model
    with transaction.atomic():
        chosen = records.filter(orphaned()).exclude(pet=pet).select_for_update(of=("self",))
        before = {pk: rest for pk, *rest in chosen.values_list("pk", "pet_id", *_owner(model))}
        model.objects.filter(pk__in=before).update(pet=pet)
        if model is Appointment:
            Appointment.objects.filter(pk__in=before, owner=None).update(owner=pet.owner_id)
        moved = model.objects.filter(pk__in=before).select_related("pet")
        logs = [_log(record, before[record.pk], pet, by) for record in moved]
        documents = _documents_follow(model, before, pet, by) if model is MedicalRecord else []
        ChangeLog.objects.bulk_create([*logs, *documents])
    total = records.count()
    return Reassigned(moved=len(logs), skipped=total - len(logs), documents=len(documents))


def _owner(model) -> tuple[str, ...]:
    return ("owner_id",) if model is Appointment else ()


def _log(record, before: list, pet: Pet, by) -> ChangeLog:
    changes = {"pet": [before[0], pet.pk]}
    if len(before) > 1 and before[1] is None:
        changes["owner"] = [None, pet.owner_id]
    return ChangeLog(
        model=record._meta.label,
        object_id=record.pk,
        object_repr=str(record)[:255],
        changed_by=by,
        changes=changes,
    )


def _documents_follow(model, before: dict[int, list], pet: Pet, by) -> list[ChangeLog]:
    """A consult's attachments were placed under the consult's pet: they move with it."""
    was = {pk: values[0] for pk, values in before.items()}
    attached = Document.objects.filter(medical_record_id__in=was).select_related("pet")
    attached = [d for d in attached if d.pet_id == was[d.medical_record_id]]
    logs = [
        ChangeLog(
            model=d._meta.label,
            object_id=d.pk,
            object_repr=str(d)[:255],
            changed_by=by,
            changes={"pet": [d.pet_id, pet.pk]},
        )
        for d in attached
    ]
    Document.objects.filter(pk__in=[d.pk for d in attached]).update(pet=pet)
    return logs
