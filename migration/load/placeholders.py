"""The one placeholder owner (and pet) per batch that holds rows whose parent is missing.

A pet whose owner is not in the export, or a consult whose pet is not, is never dropped: it goes
under a visibly named, inactive, non-contactable placeholder, mapped like everything else (so a
rollback removes it) and flagged with an issue on every row placed there.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from clinic.models import Origin, Pet, Species
from migration.load.base import LoadContext
from migration.load.people import PROFILE_MODEL, OwnerWriter

OWNER_TYPE = "placeholder-owner"
PET_TYPE = "placeholder-pet"
PET_MODEL = "clinic.Pet"


def placeholder_owner(ctx: LoadContext) -> int:
    """The batch's inactive, non-contactable owner for pets whose owner is unknown."""
    if OWNER_TYPE not in ctx.placeholders:
        writer = OwnerWriter()
        ids = writer.reserve()
        name = _("Unknown owner (orphan pets of batch {batch})").format(batch=ctx.batch_id)
        writer.add(
            ids,
            {"full_name": name, "last_name": name},
            {
                "username": f"okvet-placeholder-{ctx.batch_id}-{ids[1]}",
                "now": ctx.now,
                "is_active": False,
                "is_contactable": False,
                "notes": _("Created by the OkVet migration to hold pets whose owner is missing."),
            },
        )
        writer.flush()
        ctx.idmap.add(OWNER_TYPE, f"batch-{ctx.batch_id}", PROFILE_MODEL, ids[1])
        ctx.placeholders[OWNER_TYPE] = ids[1]
    return ctx.placeholders[OWNER_TYPE]


def placeholder_pet(ctx: LoadContext) -> int:
    """The batch's inactive pet for clinical records whose pet is unknown."""
    if PET_TYPE not in ctx.placeholders:
        name = _("Unknown pet (orphan records of batch {batch})").format(batch=ctx.batch_id)
        pet_id = Pet.objects.create(
            owner_id=placeholder_owner(ctx),
            name=name,
            species=Species.OTHER,
            is_active=False,
            notes=_("Created by the OkVet migration to hold records whose pet is missing."),
            source_system=Origin.OKVET,
        ).pk
        ctx.idmap.add(PET_TYPE, f"batch-{ctx.batch_id}", PET_MODEL, pet_id)
        ctx.placeholders[PET_TYPE] = pet_id
    return ctx.placeholders[PET_TYPE]
