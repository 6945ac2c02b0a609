"""``owners_merge``: two owner profiles that are one person become one, reversibly.

Everything that hangs from the merged owner (pets, invoices, appointments, documents) moves to
the survivor, and so do its OkVet ID mappings — as aliases, so that rolling back the batch that
imported the merged owner never deletes the survivor. The merged profile stays, inactive, so the
merge can be undone exactly: ``owners_merge_undo`` moves back what moved.
``owners_merge_preview`` shows first what a merge would move: each owner's pets and history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from migration.errors import MergeError
from migration.i18n import gettext_noop
from migration.models import ExternalIdMapping, OwnerMerge

HANGING = ("clinic.Pet", "clinic.Invoice", "clinic.Appointment", "clinic.Document")
OWNER_MODEL = "clinic.OwnerProfile"
HISTORY = (
    ("clinic.Pet", "owner_id"),
    ("clinic.MedicalRecord", "pet__owner_id"),
    ("clinic.VaccinationRecord", "pet__owner_id"),
    ("clinic.Appointment", "owner_id"),
    ("clinic.Invoice", "owner_id"),
    ("clinic.Document", "owner_id"),
)
"""What an owner's history holds, counted for the preview (``model label``, link to the owner)."""


@dataclass(frozen=True)
class OwnerSide:
    """One owner as the merge preview shows it: the profile, its pets, its history counts."""

    owner: Any
    pets: list[Any]
    counts: dict[str, int]


def owners_merge_preview(*, owner_ids: list[int]) -> list[OwnerSide]:
    """The owners to merge, oldest first, side by side; nothing is changed."""
    owners = apps.get_model(OWNER_MODEL)._base_manager.select_related("user")
    sides = []
    for owner in owners.filter(pk__in=owner_ids).order_by("pk"):
        pets = apps.get_model("clinic.Pet")._base_manager.filter(owner_id=owner.pk)
        counts = {
            label: apps.get_model(label)._base_manager.filter(**{link: owner.pk}).count()
            for label, link in HISTORY
        }
        sides.append(OwnerSide(owner, list(pets.order_by("pk")), counts))
    return sides


def owners_merge(*, survivor_id: int, merged_id: int, user_id: int | None = None) -> OwnerMerge:
    if survivor_id == merged_id:
        raise MergeError(gettext_noop("an owner cannot be merged into itself"))
    owner = apps.get_model(OWNER_MODEL)
    with transaction.atomic():
        merged = owner.objects.select_for_update().get(pk=merged_id)
        owner.objects.get(pk=survivor_id)
        moved: dict[str, list] = {}
        for label in HANGING:
            rows = apps.get_model(label)._base_manager.filter(owner_id=merged_id)
            moved[label] = list(rows.values_list("pk", flat=True))
            rows.update(owner_id=survivor_id)
        mappings = ExternalIdMapping.objects.filter(target_model=OWNER_MODEL, target_id=merged_id)
        moved["mappings"] = list(mappings.values_list("pk", "is_alias"))
        mappings.update(target_id=survivor_id, is_alias=True)
        moved["was_active"] = merged.is_active
        owner.objects.filter(pk=merged_id).update(is_active=False)
        return OwnerMerge.objects.create(
            survivor_id=survivor_id, merged_id=merged_id, merged_by_id=user_id, moved=moved
        )


def owners_merge_undo(*, merge_id: int) -> OwnerMerge:
    with transaction.atomic():
        merge = OwnerMerge.objects.select_for_update().filter(pk=merge_id).first()
        if merge is None or merge.undone_at is not None:
            raise MergeError(gettext_noop("there is no merge {merge} to undo"), merge=merge_id)
        for label in HANGING:
            ids = merge.moved.get(label, [])
            apps.get_model(label)._base_manager.filter(pk__in=ids).update(owner_id=merge.merged_id)
        for pk, was_alias in merge.moved.get("mappings", []):
            ExternalIdMapping.objects.filter(pk=pk).update(
                target_id=merge.merged_id, is_alias=was_alias
            )
        apps.get_model(OWNER_MODEL).objects.filter(pk=merge.merged_id).update(
            is_active=merge.moved.get("was_active", True)
        )
        merge.undone_at = timezone.now()
        merge.save(update_fields=["undone_at"])
        return merge
