"""The pet's chart: a header with its essentials, then the filtered timeline and its documents.

The header is computed from the history itself, never typed twice: the last weights of the
records (``"18,8 kg (02/12/2026), antes 17,9 kg"``), the next doses of the vaccinations (overdue
marked), alerts the records kept (an allergy column OkVet's row had), the age as precise as the
birth date is (``"Nacida en marzo de 2019 (7 años)"`` for a month-only date of a female).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.display import age, day, folded, kg, month_year
from clinic.entries import detail_text
from clinic.files import Attachment, pet_photo, visible_documents
from clinic.history import (
    VACCINATION,
    DocumentGroup,
    Option,
    TimelineEntry,
    TimelineFilter,
    available,
    document_groups,
    filter_options,
    pet_timeline,
)
from clinic.models import DatePrecision, OwnerProfile, Pet, Sex


@dataclass(frozen=True)
class VaccineDue:
    name: str
    due: date
    overdue: bool

    @property
    def due_text(self) -> str:
        return day(self.due)


@dataclass(frozen=True)
class Alert:
    text: str
    source: str


@dataclass(frozen=True)
class Contact:
    label: str
    value: str
    href: str = ""


@dataclass(frozen=True)
class PetHeader:
    summary: list[str]
    weight: str = ""
    deceased: str = ""
    owner: str = ""
    contacts: list[Contact] = field(default_factory=list)
    vaccines: list[VaccineDue] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    photo: Attachment | None = None


def sex_text(pet: Pet) -> str:
    """``"Hembra, esterilizada"``: the neutered state in the word that fits the sex."""
    words = {
        Sex.FEMALE: (_("spayed"), _("not spayed")),
        Sex.MALE: (_("neutered"), _("not neutered")),
    }.get(pet.sex, (_("neutered or spayed"), _("neither neutered nor spayed")))
    parts = [pet.get_sex_display()] if pet.sex != Sex.UNKNOWN else [_("sex unknown")]
    if pet.neutered is not None:
        parts.append(words[0] if pet.neutered else words[1])
    return ", ".join(str(p) for p in parts)


def birth_text(pet: Pet, today: date) -> str:
    """The birth date as precise as OkVet knew it, and the age it gives."""
    born, precision = pet.birth_date, pet.birth_date_precision
    if born is None:
        return ""
    if precision == DatePrecision.MONTH:
        when, bare = _("in {month}").format(month=month_year(born)), month_year(born)
    elif precision == DatePrecision.YEAR:
        when, bare = _("in {year}").format(year=born.year), str(born.year)
    else:
        when, bare = _("on {date}").format(date=day(born)), day(born)
    phrase = {
        Sex.FEMALE: _("She was born {when}").format(when=when),
        Sex.MALE: _("He was born {when}").format(when=when),
    }.get(pet.sex, _("Date of birth: {date}").format(date=bare))
    end = pet.deceased_at if pet.is_deceased and pet.deceased_at else today
    years = age(born, end)
    if years and precision == DatePrecision.YEAR:
        years = _("about {age}").format(age=years)
    if years and pet.is_deceased:
        years = _("{age} at death").format(age=years) if pet.deceased_at else ""
    return f"{phrase} ({years})" if years else phrase


def deceased_text(pet: Pet) -> str:
    if not pet.is_deceased:
        return ""
    when = day(pet.deceased_at)
    dated = {
        Sex.FEMALE: (_("She died on {date}"), _("She has died")),
        Sex.MALE: (_("He died on {date}"), _("He has died")),
    }.get(pet.sex, (_("Died on {date}"), _("Deceased")))
    return dated[0].format(date=when) if when else dated[1]


def weight_trend(pet: Pet, entries: list[TimelineEntry]) -> str:
    """The last two weights of the history; the pet's file weight when the history has none."""
    weighed = [e for e in entries if e.when and (getattr(e.record, "weight_kg", None) or 0) > 0]
    weighed = weighed[:2]
    if not weighed:
        if pet.weight_kg:
            return _("{weight} (on the pet's file)").format(weight=kg(pet.weight_kg))
        return ""
    latest = weighed[0]
    text = _("{weight} ({date})").format(weight=kg(latest.record.weight_kg), date=day(latest.when))
    if len(weighed) > 1:
        text = _("{latest}, before {previous}").format(
            latest=text, previous=kg(weighed[1].record.weight_kg)
        )
    return text


def vaccines_due(pet: Pet, entries: list[TimelineEntry], today: date) -> list[VaccineDue]:
    """The next dose of each vaccine, from its latest vaccination (a later dose of the same
    vaccine supersedes the earlier one's date); none for a deceased pet."""
    if pet.is_deceased:
        return []
    latest = {}
    for entry in entries:  # newest first
        if entry.kind == VACCINATION:
            v = entry.record
            latest.setdefault(v.vaccine_type_legacy_id or folded(v.vaccine_name), v)
    due = [
        VaccineDue(v.vaccine_name or _("vaccine"), v.next_due_date, v.next_due_date < today)
        for v in latest.values()
        if v.next_due_date
    ]
    return sorted(due, key=lambda d: d.due)


ALERT_COLUMN = re.compile(r"alerg|allerg|alert|advertenc|precauc|warning|caution")
"""Columns OkVet's rows (or a screen export) kept verbatim that hold an alert or allergy."""


def history_alerts(pet: Pet, entries: list[TimelineEntry]) -> list[Alert]:
    """Alerts and allergies the pet's file and its records kept, once each, newest first."""
    sources = [(pet.legacy_extras or {}, _("pet's file"))]
    for entry in entries:
        if entry.kind not in (VACCINATION, "appointment", "invoice"):
            where = f"{entry.title} {entry.when_text}".strip()
            sources.append((entry.record.legacy_extras or {}, where))
            sources.append((entry.record.details or {}, where))
    alerts, seen = [], set()
    for values, where in sources:
        for key, value in values.items():
            text = detail_text(key, value)
            if ALERT_COLUMN.search(folded(str(key))) and text and folded(text) not in seen:
                seen.add(folded(text))
                alerts.append(Alert(text, str(where)))
    return alerts


def owner_contacts(owner: OwnerProfile) -> list[Contact]:
    found = []
    for label, number in ((_("mobile"), owner.mobile), (_("phone"), owner.phone)):
        if number:
            found.append(Contact(str(label), number, f"tel:{number}"))
    if owner.phone2:
        found.append(Contact(_("second phone"), owner.phone2, f"tel:{owner.phone2}"))
    if email := owner.user.email:
        found.append(Contact(_("email address"), email, f"mailto:{email}"))
    place = ", ".join(t for t in (owner.address, owner.city) if t)
    for label, value in (
        (_("address"), place),
        (_("authorised contact"), owner.authorized_contact),
    ):
        if value:
            found.append(Contact(str(label), value))
    return found


def pet_header(pet: Pet, entries, documents, *, for_owner: bool, today: date) -> PetHeader:
    summary = [pet.get_species_display(), pet.breed, sex_text(pet), birth_text(pet, today)]
    return PetHeader(
        summary=[str(s) for s in summary if s],
        weight=weight_trend(pet, entries),
        deceased=deceased_text(pet),
        owner="" if for_owner else str(pet.owner),
        contacts=[] if for_owner else owner_contacts(pet.owner),
        vaccines=vaccines_due(pet, entries, today),
        alerts=history_alerts(pet, entries),
        photo=pet_photo(pet, documents),
    )


@dataclass(frozen=True)
class ChartPage:
    pet: Pet
    header: PetHeader
    entries: list[TimelineEntry]
    documents: list[DocumentGroup]
    kinds: list[Option]
    years: list[Option]
    chosen: TimelineFilter
    total: int
    staff: bool


def chart_page(pet: Pet, *, for_owner: bool, query, today: date | None = None) -> ChartPage:
    """The whole chart of ``pet`` as its owner (``for_owner``) or the staff see it, filtered
    by the query string's type and year."""
    today = today or timezone.localdate()
    documents = list(visible_documents(pet, for_owner=for_owner))
    entries = pet_timeline(pet, for_owner=for_owner, documents=documents)
    kinds, years = available(entries, documents)
    chosen = TimelineFilter.from_query(query, kinds=set(kinds), years=set(years))
    by_kind, by_year = filter_options(kinds, years, chosen)
    return ChartPage(
        pet=pet,
        header=pet_header(pet, entries, documents, for_owner=for_owner, today=today),
        entries=[e for e in entries if chosen.keeps(e.kind, e.year)],
        documents=document_groups(documents, chosen),
        kinds=by_kind,
        years=by_year,
        chosen=chosen,
        total=len(entries),
        staff=not for_owner,
    )


def render_chart(request: HttpRequest, pet: Pet, *, for_owner: bool) -> HttpResponse:
    page = chart_page(pet, for_owner=for_owner, query=request.GET)
    return render(request, "clinic/pet.html", {"pet": pet, "page": page, "staff": page.staff})
