"""Where an issue's record lives in Pet-Friendly: target (model label, id) → a link.

A pet opens its history page (``/historia/mascota/<pk>/``); an entry of that history (a
consult or any medical record, a vaccination, an appointment) opens the same page at its
anchor, named by its model and id (``#medicalrecord-12``); a document opens the record it is
attached to, or the page's documents; an owner, an invoice and anything else open their admin
change page. A row that was not imported (or was rolled back since) has no link.

Links are found in bulk: one query per model for a page of issues, never one per issue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from migration.load.idmap import SOURCE_SYSTEM
from migration.models import DataQualityIssue, ExternalIdMapping
from migration.services.plan import STEPS

Target = tuple[str, int]

PET = "clinic.Pet"
ON_PET_PAGE = ("clinic.MedicalRecord", "clinic.VaccinationRecord", "clinic.Appointment")
"""History entries shown on their pet's page, each at the anchor ``<model name>-<id>``."""
DOCUMENT = "clinic.Document"
DOCUMENTS_ANCHOR = "documents-title"
THROUGH = {
    "clinic.MedicalRecordItem": ("clinic.MedicalRecord", "record_id"),
    "clinic.InvoiceLine": ("clinic.Invoice", "invoice_id"),
}
"""Lines shown with the record or invoice they belong to."""


@dataclass(frozen=True)
class Link:
    url: str
    text: str


def record_links(targets: Iterable[Target]) -> dict[Target, Link]:
    """A link for each target that still exists, in one query per model."""
    by_model: dict[str, set[int]] = defaultdict(set)
    for label, pk in targets:
        by_model[label].add(pk)
    found: dict[Target, Link] = {}
    for label, ids in by_model.items():
        if label in THROUGH:
            found.update(_through(label, ids))
        else:
            found.update(_direct(label, ids))
    return found


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _direct(label: str, ids: set[int]) -> dict[Target, Link]:
    model = _model(label)
    if model is None:
        return {}
    rows = model._base_manager.filter(pk__in=ids)
    if label in ON_PET_PAGE or label == DOCUMENT:
        rows = rows.select_related("pet")
    return {(label, obj.pk): link for obj in rows if (link := _link(label, obj)) is not None}


def _through(label: str, ids: set[int]) -> dict[Target, Link]:
    """A line links to the record or invoice it belongs to."""
    model = _model(label)
    parent_label, column = THROUGH[label]
    parents = dict(model._base_manager.filter(pk__in=ids).values_list("pk", column))
    links = _direct(parent_label, {pk for pk in parents.values() if pk is not None})
    return {
        (label, pk): links[(parent_label, parent)]
        for pk, parent in parents.items()
        if (parent_label, parent) in links
    }


def _link(label: str, obj) -> Link | None:
    name = obj._meta.verbose_name
    if label == PET:
        return Link(reverse("clinic:pet", args=[obj.pk]), f"{name} «{obj}»")
    if label in ON_PET_PAGE + (DOCUMENT,) and obj.pet_id is not None:
        return Link(
            f"{reverse('clinic:pet', args=[obj.pet_id])}#{anchor(obj)}",
            f"{name} «{obj}» · {obj.pet}",
        )
    return _admin_link(obj, name)


def anchor(obj) -> str:
    """Where an entry is on its pet's page: ``medicalrecord-12``; a document at the record it
    is attached to, else at the page's documents."""
    if obj._meta.label == DOCUMENT:
        if obj.medical_record_id is None:
            return DOCUMENTS_ANCHOR
        return f"medicalrecord-{obj.medical_record_id}"
    return f"{obj._meta.model_name}-{obj.pk}"


def _admin_link(obj, name: str) -> Link | None:
    if not admin.site.is_registered(type(obj)):
        return None
    meta = obj._meta
    try:
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:  # pragma: no cover - every registered model has a change page
        return None
    return Link(url, f"{name} «{obj}»")


def issue_targets(issues: Iterable[DataQualityIssue]) -> dict[int, Target]:
    """The row each issue concerns: its record's target, or else its OkVet id through the ID
    map (a row imported by an earlier batch, a trial's row imported for real before). A
    trial's own targets were rolled back: only the ID map can name a row for it."""
    found: dict[int, Target] = {}
    wanted: dict[tuple[str, str], list[int]] = defaultdict(list)
    for issue in issues:
        record = issue.record
        if record is not None and record.target_id is not None and not issue.batch.is_dry_run:
            found[issue.pk] = (record.target_model, record.target_id)
            continue
        step = STEPS.get(issue.batch.batch_type)
        if step is not None and issue.source_id:
            wanted[(step.source_type, issue.source_id)].append(issue.pk)
    found.update(_mapped(wanted))
    return found


def _mapped(wanted: dict[tuple[str, str], list[int]]) -> dict[int, Target]:
    if not wanted:
        return {}
    keys = defaultdict(set)
    for source_type, source_id in wanted:
        keys[source_type].add(source_id)
    match = Q()
    for source_type, ids in keys.items():
        match |= Q(source_type=source_type, source_id__in=ids)
    rows = ExternalIdMapping.objects.filter(match, source_system=SOURCE_SYSTEM).values_list(
        "source_type", "source_id", "target_model", "target_id"
    )
    found: dict[int, Target] = {}
    for source_type, source_id, label, pk in rows:
        for issue_id in wanted.get((source_type, source_id), []):
            found[issue_id] = (label, pk)
    return found


def issue_links(issues: list[DataQualityIssue]) -> dict[int, Link]:
    """Issue id → the link to the record it concerns (issues without one are left out)."""
    targets = issue_targets(issues)
    links = record_links(targets.values())
    return {pk: links[target] for pk, target in targets.items() if target in links}
