"""Undoing a run or a batch from the admin: the rollback's own preview first, then the rollback.

The preview is the service's dry run (``run_rollback``/``batch_rollback`` with ``dry_run``):
what would be deleted, what stays because later batches use it, which links are cleared and
which rows get back their values from before a sync. A refusal (a purged run, a later sync
that changed the same rows, rows of later batches that depend on it) is one line, and nothing
is offered to confirm.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from migration.errors import MigrationError
from migration.management.numbers import Number
from migration.models import MigrationBatch, MigrationRun, model_name
from migration.services.results import Dependent, RollbackResult
from migration.services.rollback import batch_rollback, run_rollback


@dataclass
class Preview:
    """What undoing one run or batch would do, or why it cannot be undone."""

    obj: MigrationRun | MigrationBatch
    results: list[RollbackResult] = field(default_factory=list)
    refusal: str = ""

    @property
    def deleted(self) -> list[tuple[str, int]]:
        totals: dict[str, int] = {}
        for result in self.results:
            for label, n in result.deleted.items():
                totals[label] = totals.get(label, 0) + n
        return [(plural(label), n) for label, n in sorted(totals.items())]

    @property
    def kept(self) -> list[str]:
        return [kept_line(k.model, k.count, k.heir) for r in self.results for k in r.kept]

    @property
    def cleared(self) -> list[tuple[str, int]]:
        return [(cleared_label(link), n) for r in self.results for link, n in r.cleared.items()]

    @property
    def alternates(self) -> int:
        return sum(r.alternates_removed for r in self.results)

    @property
    def restored(self) -> int:
        return sum(r.restored for r in self.results)


def plural(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return label


def kept_line(label: str, count: int, heir: int | None) -> str:
    if heir:
        text = gettext("{n:,} × {model}: still used by batch {heir}, which now holds them")
    else:
        text = gettext("{n:,} × {model}: still used by rows made in the clinic")
    return text.format(n=Number(count), model=plural(label), heir=heir)


def cleared_label(link: str) -> str:
    """``clinic.Appointment.staff`` → "cita: profesional"."""
    label, _dot, name = link.rpartition(".")
    with suppress(LookupError, ValueError, FieldDoesNotExist):
        name = str(apps.get_model(label)._meta.get_field(name).verbose_name)
    return f"{model_name(label)}: {name}"


def describe(dependents: list[Dependent]) -> str:
    return "; ".join(
        f"{Number(d.count):,} × {plural(d.model)} ({', '.join(d.examples)})" for d in dependents
    )


def preview(obj) -> Preview:
    """The dry run of undoing ``obj``. It asks with ``cascade`` so that rows of later batches
    that depend on it are named, not merely refused; such a preview is a refusal."""
    try:
        if isinstance(obj, MigrationRun):
            results = run_rollback(run_id=obj.pk, dry_run=True, cascade=True)
        else:
            results = [batch_rollback(batch_id=obj.pk, dry_run=True, cascade=True)]
    except MigrationError as exc:
        return Preview(obj, refusal=one_line(exc.render(gettext)))
    dependents = [d for result in results for d in result.dependents]
    if dependents:
        refusal = gettext(
            "rows of later batches depend on what it created: {list}; undo those batches first"
        ).format(list=describe(dependents))
        return Preview(obj, refusal=refusal)
    return Preview(obj, results=results)


def one_line(text: str) -> str:
    return " ".join(text.split())


def undo(obj) -> str:
    """Roll ``obj`` back for real; the sentence that says what went."""
    if isinstance(obj, MigrationRun):
        results = run_rollback(run_id=obj.pk)
        deleted = sum(sum(r.deleted.values()) for r in results)
        return gettext("Run {id} undone: {n:,} rows deleted in {b} batches.").format(
            id=obj.pk, n=Number(deleted), b=len(results)
        )
    result = batch_rollback(batch_id=obj.pk)
    return gettext("Batch {id} undone: {n:,} rows deleted.").format(
        id=obj.pk, n=Number(sum(result.deleted.values()))
    )


def rollback_action(modeladmin, request, queryset):
    """The preview page, then (``confirm``) the rollbacks, latest first, one message each."""
    chosen = list(queryset.order_by("-pk"))
    if "confirm" not in request.POST:
        previews = [preview(obj) for obj in chosen]
        return TemplateResponse(
            request,
            "admin/migration/rollback.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Undo (rollback)"),
                "previews": previews,
                "undoable": [p.obj.pk for p in previews if not p.refusal],
                "opts": modeladmin.model._meta,
            },
        )
    for obj in chosen:
        refusal = preview(obj).refusal  # asked again: a later import may have changed it
        if not refusal:
            try:
                modeladmin.message_user(request, undo(obj), messages.SUCCESS)
                continue
            except MigrationError as exc:
                refusal = one_line(exc.render(gettext))
        text = f"{obj} — {gettext('It cannot be undone:')} {refusal}"
        modeladmin.message_user(request, text, messages.ERROR)
    return None
