"""A pet's complete history as one dated timeline: what vets and owners read.

Selectors only: every kind of entry the clinic keeps (consults and the rest of the medical
record, vaccinations, appointments, invoices naming the pet) becomes a ``TimelineEntry``, newest
first, each with its type, its author's name, its fields labelled and its files inside it.
Files of no entry are grouped by date under "Documentos". Notes marked internal, and their
files, are left out for owners.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinic.display import day, folded, moment, staff_name
from clinic.entries import Field, line_fields, record_fields
from clinic.files import Attachment, attachment_of, visible_documents
from clinic.invoices import invoice_fields, pet_invoices
from clinic.models import Appointment, OwnerProfile, Pet, VaccinationRecord

VACCINATION, APPOINTMENT, INVOICE, DOCUMENT = "vaccination", "appointment", "invoice", "document"
KIND_LABELS = {
    VACCINATION: gettext_lazy("Vaccination"),
    APPOINTMENT: gettext_lazy("Appointment"),
    INVOICE: gettext_lazy("Invoice"),
    DOCUMENT: gettext_lazy("Documents"),
}
ICONS = {
    "consult": "consult",
    "follow_up": "follow-up",
    "deworming": "pill",
    "prescription": "prescription",
    "lab_exam": "flask",
    "imaging": "image",
    "hospitalization": "bed",
    "referral": "referral",
    "grooming": "scissors",
    "day_care": "home",
    "order": "list",
    VACCINATION: "syringe",
    APPOINTMENT: "calendar",
    INVOICE: "receipt",
}
"""The symbol (``clinic/chart/_icons.html``) drawn beside each type's label."""
ORPHAN_PET = "pet_id"
"""Where a record the import put under the placeholder pet keeps its OkVet pet's id."""


@dataclass(frozen=True)
class LineRow:
    name: str
    fields: list[Field]


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    when: datetime | None
    title: str
    imported: bool
    record: Any
    lines: list = field(default_factory=list)
    heading: str = ""
    date_only: bool = False
    author: str = ""
    fields: list[Field] = field(default_factory=list)
    line_rows: list[LineRow] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    okvet_pet: str = ""
    internal: bool = False

    @property
    def sort_key(self) -> datetime:
        return self.when or datetime.min.replace(tzinfo=timezone.get_current_timezone())

    @property
    def anchor(self) -> str:
        """Where the entry is on its pet's page, for links from elsewhere: ``medicalrecord-12``."""
        return f"{type(self.record).__name__.lower()}-{self.record.pk}"

    @property
    def icon(self) -> str:
        return ICONS.get(self.kind, "record")

    @property
    def when_text(self) -> str:
        """A vaccination is a day (never "00:00"); everything else a local date and time."""
        return day(self.when) if self.date_only else moment(self.when)

    @property
    def year(self) -> int | None:
        return timezone.localtime(self.when).year if self.when else None


def _at(day_: date | None) -> datetime | None:
    if day_ is None:
        return None
    return datetime.combine(day_, time.min, tzinfo=timezone.get_current_timezone())


def pet_timeline(pet: Pet, *, for_owner: bool = False, documents=None) -> list[TimelineEntry]:
    """Every entry of the pet's history, newest first (undated ones last); ``documents``, the
    pet's visible documents if the caller has them already."""
    if documents is None:
        documents = visible_documents(pet, for_owner=for_owner)
    by_record: dict[int, list[Attachment]] = {}
    for document in documents:
        if document.medical_record_id:
            by_record.setdefault(document.medical_record_id, []).append(attachment_of(document))
    entries = _records(pet, for_owner, by_record)
    entries += [_vaccination(v) for v in _vaccinations(pet)]
    entries += [_appointment(a) for a in _appointments(pet)]
    entries += [_invoice(i) for i in pet_invoices(pet)]
    return sorted(entries, key=lambda e: e.sort_key, reverse=True)


def _records(pet: Pet, for_owner: bool, files: dict[int, list[Attachment]]):
    records = pet.medical_records.select_related("author__user").prefetch_related("items")
    if for_owner:
        records = records.filter(is_internal=False)
    return [_record(r, files.get(r.pk, [])) for r in records]


def _record(r, attachments: list[Attachment]) -> TimelineEntry:
    lines = [item for item in r.items.all() if item.is_active]
    rows = [LineRow(line.name or _("line"), line_fields(r.record_type, line)) for line in lines]
    return TimelineEntry(
        r.record_type,
        r.occurred_at,
        r.get_record_type_display(),
        r.is_imported,
        r,
        lines,
        author=staff_name(r.author),
        fields=record_fields(r, lines),
        line_rows=rows,
        attachments=attachments + _unstored_files(r, attachments),
        okvet_pet=str((r.legacy_extras or {}).get(ORPHAN_PET, "")),
        internal=r.is_internal,
    )


def _unstored_files(record, attachments: list[Attachment]) -> list[Attachment]:
    """Files OkVet's row names that the clinic has no document of (the files not imported)."""
    known = {folded(a.name) for a in attachments}
    found = []
    for ref in (record.details or {}).get("files") or []:
        name = str(ref.get("name") or ref.get("path") or "") if isinstance(ref, dict) else ""
        if name and folded(name) not in known:
            found.append(Attachment(None, name, str(_("Attachment")), "", False, False))
    return found


def _vaccinations(pet: Pet) -> QuerySet[VaccinationRecord]:
    return pet.vaccinations.select_related("administered_by__user")


def _vaccination(v: VaccinationRecord) -> TimelineEntry:
    fields = [
        Field(label, value)
        for label, value in (
            (_("manufacturer"), v.manufacturer),
            (_("lot"), v.lot_number),
            (_("next due date"), day(v.next_due_date)),
            (_("notes"), v.notes),
        )
        if value
    ]
    return TimelineEntry(
        VACCINATION,
        _at(v.date_given),
        str(KIND_LABELS[VACCINATION]),
        v.is_imported,
        v,
        heading=v.vaccine_name,
        date_only=True,
        author=staff_name(v.administered_by),
        fields=fields,
        okvet_pet=str((v.legacy_extras or {}).get(ORPHAN_PET, "")),
    )


def _appointments(pet: Pet) -> QuerySet[Appointment]:
    return pet.appointments.select_related("staff__user")


APPOINTMENT_KINDS = {
    "vaccine": gettext_lazy("vaccine"),
    "consult": gettext_lazy("consult"),
    "deworming": gettext_lazy("deworming"),
    "spa": gettext_lazy("grooming / spa"),
    "check": gettext_lazy("check-up"),
    "surgery": gettext_lazy("surgery"),
}
"""OkVet's appointment types, by what they mean; another type is shown as written."""


def _appointment(a: Appointment) -> TimelineEntry:
    kind = APPOINTMENT_KINDS.get(a.kind.strip().lower(), a.kind)
    fields = [
        Field(label, str(value))
        for label, value in (
            (_("type"), kind),
            (_("subtype"), a.subtype),
            (_("status"), a.get_status_display() if a.status else ""),
            (_("end"), moment(a.end) if a.end else ""),
            (_("description"), a.description),
            (_("comments"), a.comments),
            (_("automatic reminder"), _("yes") if a.is_reminder else ""),
        )
        if value
    ]
    return TimelineEntry(
        APPOINTMENT,
        a.start,
        str(KIND_LABELS[APPOINTMENT]),
        a.is_imported,
        a,
        heading=a.summary,
        date_only=a.is_reminder,
        author=staff_name(a.staff),
        fields=fields,
    )


def _invoice(i) -> TimelineEntry:
    fields, rows = invoice_fields(i)
    return TimelineEntry(
        INVOICE,
        i.issued_at,
        str(KIND_LABELS[INVOICE]),
        i.is_imported,
        i,
        [x for x in i.lines.all() if x.is_active],
        heading=str(i),
        fields=fields,
        line_rows=[LineRow(name, parts) for name, parts in rows],
    )


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class TimelineFilter:
    """The chart's filter from the query string (``?tipo=deworming&anio=2025``); a value no
    entry has is ignored, so a mistyped link shows the whole history, not an error."""

    kind: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, query, *, kinds: set[str], years: set[int]) -> TimelineFilter:
        kind = str(query.get("tipo", "")).strip()
        text = str(query.get("anio", "")).strip()
        year = int(text) if text.isdigit() and int(text) in years else None
        return cls(kind if kind in kinds else "", year)

    @property
    def active(self) -> bool:
        return bool(self.kind or self.year)

    def keeps(self, kind: str, year: int | None) -> bool:
        return (not self.kind or kind == self.kind) and (not self.year or year == self.year)


@dataclass(frozen=True)
class DocumentGroup:
    day: str
    files: list[Attachment]


def document_groups(documents, chosen: TimelineFilter) -> list[DocumentGroup]:
    """Files of no entry (consent forms, photos, loose files) by day, newest first, undated
    last."""
    groups: dict[str, list[Attachment]] = {}
    for document in documents:
        loose = document.medical_record_id is None
        if loose and chosen.keeps(DOCUMENT, _loose_year(document)):
            groups.setdefault(day(document.documented_at), []).append(attachment_of(document))
    return [DocumentGroup(when or _("no date"), files) for when, files in groups.items()]


def _loose_year(document) -> int | None:
    return timezone.localtime(document.documented_at).year if document.documented_at else None


def available(entries: list[TimelineEntry], documents) -> tuple[dict, dict]:
    """The types (label and count) and years (count) the history has, files of no entry
    included as "Documentos"."""
    kinds: dict[str, tuple[str, int]] = {}
    years: dict[int, int] = {}
    for entry in entries:
        label, count = kinds.get(entry.kind, (entry.title, 0))
        kinds[entry.kind] = (label, count + 1)
        if entry.year:
            years[entry.year] = years.get(entry.year, 0) + 1
    for document in documents:
        if document.medical_record_id is None:
            label, count = kinds.get(DOCUMENT, (str(KIND_LABELS[DOCUMENT]), 0))
            kinds[DOCUMENT] = (label, count + 1)
            if year := _loose_year(document):
                years[year] = years.get(year, 0) + 1
    return kinds, years


def filter_options(kinds: dict, years: dict, chosen: TimelineFilter):
    """Options for the type and year selects, the chosen ones marked."""
    by_kind = [
        Option(k, label, n, k == chosen.kind)
        for k, (label, n) in sorted(kinds.items(), key=lambda item: str(item[1][0]))
    ]
    by_year = [Option(str(y), str(y), n, y == chosen.year) for y, n in sorted(years.items())]
    return by_kind, by_year[::-1]


def owner_of(user) -> OwnerProfile | None:
    return OwnerProfile.objects.filter(user=user).first()
