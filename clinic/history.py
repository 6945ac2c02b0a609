"""A pet's complete history as one dated timeline: what vets and owners read.

Selectors only: every kind of entry the clinic keeps (consults and the rest of the medical
record, vaccinations, appointments, documents, invoices) becomes a ``TimelineEntry``, newest
first. Imported entries are labelled as such; notes marked internal are left out for owners.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from clinic.models import (
    Invoice,
    OwnerProfile,
    Pet,
)


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    when: datetime | None
    title: str
    imported: bool
    record: Any
    lines: list = field(default_factory=list)

    @property
    def sort_key(self) -> datetime:
        return self.when or datetime.min.replace(tzinfo=timezone.get_current_timezone())


def _at(day: date | None) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def pet_timeline(pet: Pet, *, for_owner: bool = False) -> list[TimelineEntry]:
    records = pet.medical_records.select_related("author").prefetch_related("items")
    if for_owner:
        records = records.filter(is_internal=False)
    entries = [
        TimelineEntry(
            "record",
            r.occurred_at,
            r.get_record_type_display(),
            r.is_imported,
            r,
            [item for item in r.items.all() if item.is_active],
        )
        for r in records
    ]
    entries += [
        TimelineEntry("vaccination", _at(v.date_given), v.vaccine_name, v.is_imported, v)
        for v in pet.vaccinations.select_related("administered_by")
    ]
    entries += [
        TimelineEntry("appointment", a.start, a.summary or a.kind, a.is_imported, a)
        for a in pet.appointments.select_related("staff")
    ]
    entries += [
        TimelineEntry("document", d.documented_at, d.name, d.is_imported, d)
        for d in pet.documents.all()
    ]
    entries += [
        TimelineEntry(
            "invoice",
            i.issued_at,
            str(i),
            i.is_imported,
            i,
            [x for x in i.lines.all() if x.is_active],
        )
        for i in Invoice.objects.filter(owner_id=pet.owner_id).prefetch_related("lines")
    ]
    return sorted(entries, key=lambda e: e.sort_key, reverse=True)


def search_pets(query: str, *, limit: int = 50) -> QuerySet[Pet]:
    """Pets by owner name, document or phone, pet name or microchip."""
    text = query.strip()
    if not text:
        return Pet.objects.none()
    digits = "".join(ch for ch in text if ch.isdigit())
    match = (
        Q(name__icontains=text)
        | Q(owner__full_name__icontains=text)
        | Q(microchip=text)
        | Q(clinic_code__iexact=text)
    )
    if len(digits) >= 5:
        match |= (
            Q(owner__ident_number_normalized__icontains=digits)
            | Q(owner__mobile__contains=digits)
            | Q(owner__phone__contains=digits)
            | Q(owner__phone2__contains=digits)
        )
    return Pet.objects.filter(match).select_related("owner").order_by("name", "pk")[:limit]


def owner_of(user) -> OwnerProfile | None:
    return OwnerProfile.objects.filter(user=user).first()
