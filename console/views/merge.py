"""Two owners who are one person, merged from the console: search, preview side by side
(``owners_merge_preview``), confirm (``owners_merge``); past merges listed, each undoable
(``owners_merge_undo``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from console.views.access import staff_view
from migration.errors import MigrationError
from migration.models import OwnerMerge
from migration.services.merge import (
    HISTORY,
    OWNER_MODEL,
    OwnerSide,
    owners_merge,
    owners_merge_preview,
    owners_merge_undo,
)

SHOWN = ("full_name", "ident_type", "ident_number", "mobile", "phone", "address", "city")
FOUND = 30


def search(text: str):
    """Active owners by name, or by document or phone when the text has digits."""
    text = text.strip()
    owners = apps.get_model(OWNER_MODEL).objects.filter(is_active=True).select_related("user")
    if not text:
        return owners.none()
    match = Q(full_name__icontains=text)
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 3:
        match |= Q(ident_number_normalized__contains=digits) | Q(mobile__contains=digits)
    return owners.filter(match).order_by("full_name", "pk")[:FOUND]


def preview_rows(sides: list[OwnerSide]) -> list[tuple[str, list]]:
    """The owners' fields side by side, then how much history each has."""
    meta = apps.get_model(OWNER_MODEL)._meta
    rows = []
    for name in SHOWN:
        label = capfirst(meta.get_field(name).verbose_name)
        rows.append((label, [_value(side.owner, name) for side in sides]))
    rows.insert(3, (gettext("Email"), [side.owner.user.email for side in sides]))
    rows.append((gettext("OkVet id"), [side.owner.legacy_id for side in sides]))
    for label, _link in HISTORY:
        if label != "clinic.Pet":  # listed by name
            plural = capfirst(apps.get_model(label)._meta.verbose_name_plural)
            rows.append((plural, [side.counts[label] for side in sides]))
    return rows


def _value(owner, name: str):
    display = getattr(owner, f"get_{name}_display", None)
    return display() if display is not None else getattr(owner, name)


def _ids(values: list[str]) -> list[int]:
    return sorted({int(v) for v in values if v.isdigit()})


@staff_view
def merge(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _confirm(request)
    query = request.GET.get("q", "")
    chosen = _ids(request.GET.getlist("propietario"))
    sides = owners_merge_preview(owner_ids=chosen) if len(chosen) == 2 else []
    if len(chosen) not in (0, 2):
        messages.error(request, gettext("Choose exactly two owners."))
    context = {
        "query": query,
        "found": search(query),
        "chosen": chosen,
        "sides": sides,
        "rows": preview_rows(sides) if len(sides) == 2 else [],
        "survivor": sides[0].owner.pk if sides else None,
        "merges": OwnerMerge.objects.select_related("survivor", "merged", "merged_by")[:50],
    }
    return render(request, "console/merge.html", context)


def _confirm(request: HttpRequest) -> HttpResponse:
    chosen = _ids(request.POST.getlist("propietario"))
    survivor = request.POST.get("sobrevive", "")
    here = reverse("console:merge")
    existing = apps.get_model(OWNER_MODEL).objects.filter(pk__in=chosen).count()
    if existing != 2 or not survivor.isdigit() or int(survivor) not in chosen:
        messages.error(request, gettext("Choose the two owners and the one to keep."))
        return redirect(here)
    merged = next(pk for pk in chosen if pk != int(survivor))
    try:
        done = owners_merge(survivor_id=int(survivor), merged_id=merged, user_id=request.user.pk)
    except MigrationError as exc:
        messages.error(request, exc.render(gettext))
        return redirect(f"{here}?{urlencode({'propietario': chosen}, doseq=True)}")
    messages.success(
        request,
        gettext("{merged} was merged into {survivor}; it can be undone below.").format(
            merged=done.merged, survivor=done.survivor
        ),
    )
    return redirect(here)


@staff_view
@require_POST
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    try:
        undone = owners_merge_undo(merge_id=merge_id)
    except MigrationError as exc:
        messages.error(request, exc.render(gettext))
    else:
        messages.success(
            request,
            gettext("Merge undone: {merged} is a separate owner again.").format(
                merged=undone.merged
            ),
        )
    return redirect("console:merge")
