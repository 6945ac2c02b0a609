"""Medical history: every clinical record type OkVet keeps, vaccinations and appointments."""

from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clinic.models.base import SourcedModel
from clinic.models.people import OwnerProfile, Staff
from clinic.models.pets import Pet


def when(value: date | datetime) -> str:
    """A date as the clinic writes it (``02/12/2026``), a moment in its time zone too
    (``31/12/2025 18:44``); midnight sharp is a date alone (OkVet's all-day entries)."""
    if isinstance(value, datetime):
        local = timezone.localtime(value)
        if (local.hour, local.minute, local.second) == (0, 0, 0):
            return local.strftime("%d/%m/%Y")
        return local.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def of_pet(thing: str, pet_name: str, moment: date | datetime | None) -> str:
    """``"Consulta de Rocky, 31/12/2025 18:44"``: what a record is, whose, and when."""
    text = gettext("%(thing)s of %(pet)s") % {"thing": thing, "pet": pet_name}
    return f"{text}, {when(moment)}" if moment else text


class RecordType(models.TextChoices):
    CONSULT = "consult", _("Consult")
    FOLLOW_UP = "follow_up", _("Follow-up")
    DEWORMING = "deworming", _("Deworming")
    PRESCRIPTION = "prescription", _("Prescription")
    LAB_EXAM = "lab_exam", _("Lab exam")
    IMAGING = "imaging", _("Imaging")
    HOSPITALIZATION = "hospitalization", _("Hospitalization")
    REFERRAL = "referral", _("Referral")
    GROOMING = "grooming", _("Grooming / spa")
    DAY_CARE = "day_care", _("Day care")
    ORDER = "order", _("Order")
    NOTE = "note", _("Note")


class MedicalRecord(SourcedModel):
    """One entry of a pet's clinical history, in SOAP form where the source has it.

    Imported records are medico-legal history: read-only, dated and signed as in the source.
    Vitals are parsed into numbers; the text as written stays in ``vitals_raw``.
    """

    pet = models.ForeignKey(
        Pet, on_delete=models.PROTECT, related_name="medical_records", verbose_name=_("pet")
    )
    author = models.ForeignKey(
        Staff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    record_type = models.CharField(_("type"), max_length=20, choices=RecordType.choices)
    subtype = models.TextField(_("subtype"), blank=True)
    occurred_at = models.DateTimeField(_("date"), null=True, blank=True)
    ended_at = models.DateTimeField(_("end"), null=True, blank=True)
    title = models.TextField(_("title"), blank=True)
    anamnesis = models.TextField(_("anamnesis (subjective)"), blank=True)
    objective = models.TextField(_("objective findings"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    interpretation = models.TextField(_("interpretation (assessment)"), blank=True)
    diagnostic_plan = models.TextField(_("diagnostic plan"), blank=True)
    therapeutic_plan = models.TextField(_("therapeutic plan"), blank=True)
    diagnosis_presumptive = models.TextField(_("presumptive diagnosis"), blank=True)
    diagnosis_differential = models.TextField(_("differential diagnosis"), blank=True)
    diagnosis_final = models.TextField(_("final diagnosis"), blank=True)
    treatment = models.TextField(_("treatment"), blank=True)
    observations = models.TextField(_("observations"), blank=True)
    is_internal = models.BooleanField(_("internal staff note"), default=False)
    next_control_at = models.DateTimeField(_("next control"), null=True, blank=True)
    temperature_c = models.DecimalField(
        _("temperature (°C)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    heart_rate = models.PositiveIntegerField(_("heart rate (bpm)"), null=True, blank=True)
    breathing_rate = models.PositiveIntegerField(_("breathing rate (rpm)"), null=True, blank=True)
    crt_seconds = models.DecimalField(
        _("capillary refill time (s)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    bcs = models.DecimalField(_("body condition"), max_digits=4, decimal_places=1, null=True)
    bcs_scale = models.PositiveSmallIntegerField(_("body condition scale"), null=True, blank=True)
    weight_kg = models.DecimalField(
        _("weight (kg)"), max_digits=10, decimal_places=3, null=True, blank=True
    )
    vitals_raw = models.JSONField(_("vitals as written"), default=dict, blank=True)
    body_systems = models.JSONField(_("body systems"), default=dict, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("medical record")
        verbose_name_plural = _("medical records")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["pet", "occurred_at"])]

    def __str__(self) -> str:
        return of_pet(self.get_record_type_display(), str(self.pet), self.occurred_at)


class MedicalRecordItem(SourcedModel):
    """A line of a prescription, lab exam, order or grooming session."""

    record = models.ForeignKey(
        MedicalRecord,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("medical record"),
    )
    name = models.TextField(_("name"), blank=True)
    presentation = models.TextField(_("presentation"), blank=True)
    quantity = models.TextField(_("quantity"), blank=True)
    instructions = models.TextField(_("instructions"), blank=True)
    is_active = models.BooleanField(
        _("current"), default=True, help_text=_("Unticked: the line was removed in OkVet.")
    )

    class Meta:
        verbose_name = _("medical record line")
        verbose_name_plural = _("medical record lines")

    def __str__(self) -> str:
        return self.name or self.presentation or f"#{self.pk}"


class VaccinationRecord(SourcedModel):
    """A vaccine given. Imported vaccinations never trigger reminders."""

    pet = models.ForeignKey(
        Pet, on_delete=models.PROTECT, related_name="vaccinations", verbose_name=_("pet")
    )
    administered_by = models.ForeignKey(
        Staff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("given by"),
    )
    vaccine_name = models.TextField(_("vaccine"), blank=True)
    vaccine_type_legacy_id = models.CharField(_("vaccine type id"), max_length=50, blank=True)
    manufacturer = models.TextField(_("manufacturer"), blank=True)
    manufacturer_raw = models.TextField(_("manufacturer as written"), blank=True)
    lot_number = models.CharField(_("lot"), max_length=100, blank=True)
    date_given = models.DateField(_("date given"), null=True, blank=True)
    next_due_date = models.DateField(_("next due date"), null=True, blank=True)
    reminders_enabled = models.BooleanField(_("send reminders"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("vaccination")
        verbose_name_plural = _("vaccinations")
        ordering = ["-date_given", "-id"]

    def __str__(self) -> str:
        thing = self.vaccine_name or gettext("Vaccination")
        return of_pet(thing, str(self.pet), self.date_given)


class AppointmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONFIRMED = "confirmed", _("Confirmed")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")
    PREREGISTERED = "preregistered", _("Pre-registered")


APPOINTMENT_KINDS = {
    "vaccine": _("vaccine"),
    "consult": _("consult"),
    "deworming": _("deworming"),
    "spa": _("grooming / spa"),
    "check": _("check-up"),
    "surgery": _("surgery"),
}
"""OkVet's appointment types by what they mean; another type is shown as written."""


class Appointment(SourcedModel):
    """A booking, an automatic reminder (muted when imported) or a blocked slot."""

    owner = models.ForeignKey(
        OwnerProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("owner"),
    )
    pet = models.ForeignKey(
        Pet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("pet"),
    )
    staff = models.ForeignKey(
        Staff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    kind = models.TextField(_("type"), blank=True)
    subtype = models.TextField(_("subtype"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AppointmentStatus.choices, blank=True
    )
    is_reminder = models.BooleanField(_("automatic reminder"), default=False)
    is_blocked_slot = models.BooleanField(_("blocked slot"), default=False)
    notifications_enabled = models.BooleanField(_("send notifications"), default=True)
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-start", "-id"]

    def get_kind_display(self) -> str:
        return str(APPOINTMENT_KINDS.get(self.kind.strip().lower(), self.kind))

    def __str__(self) -> str:
        thing = self.summary or capfirst(self.get_kind_display()) or gettext("Appointment")
        if self.pet_id is None:
            return f"{thing}, {when(self.start)}" if self.start else thing
        return of_pet(thing, str(self.pet), self.start)
