"""The owner's side (``/mis-mascotas/``): their pets, each one's history and vaccination card,
and their upcoming appointments. ``/`` sends each kind of visitor to their place.

An owner reaches only what is theirs: another owner's pet, card or appointment is "not found"
(404), never "forbidden", so a guessed number tells nothing. Selectors build dataclasses; the
views render them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from clinic.chart import VaccineDue, chart_page, deceased_text, vaccines_due
from clinic.display import day, moment, staff_name
from clinic.files import Attachment, attachment_of
from clinic.history import APPOINTMENT_KINDS, VACCINATION, TimelineEntry, owner_of
from clinic.invoices import invoice_fields, owner_invoices
from clinic.models import (
    Appointment,
    AppointmentStatus,
    Document,
    DocumentKind,
    Invoice,
    OwnerProfile,
    Pet,
    VaccinationRecord,
)

DEFAULT_LENGTH = timedelta(minutes=30)
"""An appointment OkVet gave no end (or an end before its start) lasts this in a calendar."""


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Staff to the patients' search, everyone else signed in to their pets, visitors to sign in."""
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect("clinic:search" if request.user.is_staff else "clinic:my_pets")


@dataclass(frozen=True)
class PetCard:
    pet: Pet
    photo: Attachment | None
    next_doses: list[VaccineDue]
    deceased: str = ""


def pet_photos(pets: list[Pet]) -> dict[int, Attachment]:
    """The newest stored photo of each pet, in one query."""
    photos = Document.objects.filter(pet__in=pets, kind=DocumentKind.PHOTO).exclude(file="")
    found: dict[int, Attachment] = {}
    for document in photos.order_by("-documented_at", "-pk"):
        found.setdefault(document.pet_id, attachment_of(document))
    return found


def pet_cards(owner: OwnerProfile, *, today: date) -> list[PetCard]:
    pets = list(owner.pets.order_by("is_deceased", "name", "pk"))
    photos = pet_photos(pets)
    given: dict[int, list[VaccinationRecord]] = {}
    for v in VaccinationRecord.objects.filter(pet__in=pets).order_by("-date_given", "-pk"):
        given.setdefault(v.pet_id, []).append(v)
    return [
        PetCard(
            pet,
            photos.get(pet.pk),
            next_doses(pet, given.get(pet.pk, []), today),
            deceased_text(pet),
        )
        for pet in pets
    ]


def next_doses(pet: Pet, vaccinations: list[VaccinationRecord], today: date) -> list[VaccineDue]:
    """The next dose of each vaccine, as the chart's header gives it (newest first in)."""
    entries = [TimelineEntry(VACCINATION, None, "", v.is_imported, v) for v in vaccinations]
    return vaccines_due(pet, entries, today)


@dataclass(frozen=True)
class VaccinationRow:
    given: str
    vaccine: str
    product: str
    next_due: str
    given_by: str


def _lot(number: str) -> str:
    return _("lot {number}").format(number=number) if number else ""


@dataclass(frozen=True)
class VaccinationCard:
    pet: Pet
    owner: str
    rows: list[VaccinationRow]
    next_doses: list[VaccineDue]
    printed_on: str


def vaccination_card(pet: Pet, *, today: date) -> VaccinationCard:
    """Every vaccination of the pet, newest first, with the next dose of each vaccine."""
    given = list(
        pet.vaccinations.select_related("administered_by__user").order_by("-date_given", "-pk")
    )
    rows = [
        VaccinationRow(
            day(v.date_given),
            v.vaccine_name,
            " · ".join(t for t in (v.manufacturer, _lot(v.lot_number)) if t),
            day(v.next_due_date),
            staff_name(v.administered_by),
        )
        for v in given
    ]
    return VaccinationCard(pet, str(pet.owner), rows, next_doses(pet, given, today), day(today))


@dataclass(frozen=True)
class Upcoming:
    pk: int
    when: str
    pet: str
    what: str
    status: str
    with_whom: str


def owner_appointments(owner: OwnerProfile) -> QuerySet[Appointment]:
    """The owner's bookings: theirs with no pet or with one of their pets, or of one of their
    pets with no owner named; never a booking of someone else's pet."""
    mine = Q(owner=owner) & (Q(pet__isnull=True) | Q(pet__owner=owner))
    return Appointment.objects.filter(mine | Q(owner__isnull=True, pet__owner=owner))


def upcoming_appointments(owner: OwnerProfile, *, now: datetime) -> list[Upcoming]:
    """Bookings from now on, soonest first: not the imported automatic reminders, blocked
    slots or cancelled ones."""
    found = (
        owner_appointments(owner)
        .filter(start__gte=now, is_reminder=False, is_blocked_slot=False)
        .exclude(status=AppointmentStatus.CANCELLED)
        .select_related("pet", "staff__user")
        .order_by("start", "pk")
    )
    return [
        Upcoming(
            a.pk,
            moment(a.start),
            str(a.pet) if a.pet else "",
            a.summary or str(APPOINTMENT_KINDS.get(a.kind.strip().lower(), a.kind)),
            a.get_status_display() if a.status else "",
            staff_name(a.staff),
        )
        for a in found
    ]


def _owner(request: HttpRequest) -> OwnerProfile:
    owner = owner_of(request.user)
    if owner is None:
        raise Http404
    return owner


def _own_pet(request: HttpRequest, pk: int) -> Pet:
    return get_object_or_404(
        Pet.objects.select_related("owner__user"), pk=pk, owner=_owner(request)
    )


@require_safe
@login_required
def my_pets(request: HttpRequest) -> HttpResponse:
    owner = owner_of(request.user)
    today = timezone.localdate()
    context = {
        "owner": owner,
        "cards": pet_cards(owner, today=today) if owner else [],
        "upcoming": upcoming_appointments(owner, now=timezone.now()) if owner else [],
        "invoices": owner_invoice_cards(owner) if owner else [],
    }
    return render(request, "clinic/my_pets.html", context)


def owner_invoice_cards(owner: OwnerProfile) -> list[tuple[Invoice, list, list]]:
    """The owner's invoices that name none of their pets (those are on the pet's history),
    each with its labelled amounts and lines."""
    return [(invoice, *invoice_fields(invoice)) for invoice in owner_invoices(owner)]


@require_safe
@login_required
def my_pet(request: HttpRequest, pk: int) -> HttpResponse:
    """The pet's chart as its owner sees it: no internal notes, no contacts."""
    pet = _own_pet(request, pk)
    page = chart_page(pet, for_owner=True, query=request.GET)
    context = {"pet": pet, "page": page, "staff": False, "pet_nav": "history"}
    return render(request, "clinic/pet.html", context)


@require_safe
@login_required
def my_pet_vaccines(request: HttpRequest, pk: int) -> HttpResponse:
    pet = _own_pet(request, pk)
    card = vaccination_card(pet, today=timezone.localdate())
    context = {"card": card, "pet": pet, "pet_nav": "vaccines"}
    return render(request, "clinic/vaccination_card.html", context)


@require_safe
@staff_member_required
def staff_pet_vaccines(request: HttpRequest, pk: int) -> HttpResponse:
    """The same card for the clinic to print for an owner."""
    pet = get_object_or_404(Pet.objects.select_related("owner__user"), pk=pk)
    card = vaccination_card(pet, today=timezone.localdate())
    context = {"card": card, "pet": pet, "staff_view": True}
    return render(request, "clinic/vaccination_card.html", context)


@require_safe
@login_required
def my_appointments(request: HttpRequest) -> HttpResponse:
    upcoming = upcoming_appointments(_owner(request), now=timezone.now())
    return render(request, "clinic/appointments.html", {"upcoming": upcoming})


def _ics_text(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return " ".join(escaped.split())


def _ics_fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue on lines starting a space."""
    parts, current = [], ""
    for ch in line:
        if len((current + ch).encode()) > 74:
            parts.append(current)
            current = ""
        current += ch
    return "\r\n ".join([*parts, current])


def calendar_event(appointment: Appointment, *, clinic: str, host: str) -> str:
    """An appointment as an iCalendar file a phone adds to its calendar."""
    start = appointment.start
    end = appointment.end if appointment.end and appointment.end > start else start + DEFAULT_LENGTH
    stamp = "%Y%m%dT%H%M%SZ"
    what = appointment.summary or appointment.kind or _("Appointment")
    title = f"{appointment.pet}: {what}" if appointment.pet else what
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Pet-Friendly//Citas//ES",
        "BEGIN:VEVENT",
        f"UID:cita-{appointment.pk}@{host}",
        f"DTSTAMP:{timezone.now().astimezone(UTC).strftime(stamp)}",
        f"DTSTART:{start.astimezone(UTC).strftime(stamp)}",
        f"DTEND:{end.astimezone(UTC).strftime(stamp)}",
        f"SUMMARY:{_ics_text(title)}",
        f"LOCATION:{_ics_text(clinic)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_ics_fold(line) for line in lines) + "\r\n"


@require_safe
@login_required
def appointment_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    found = owner_appointments(_owner(request)).filter(start__isnull=False, is_blocked_slot=False)
    appointment = get_object_or_404(found.select_related("pet"), pk=pk)
    text = calendar_event(appointment, clinic=settings.CLINIC_NAME, host=request.get_host())
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cita-{appointment.pk}.ics"'
    return response
