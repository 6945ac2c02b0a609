"""What the console says about the migration's data, in sentences: an issue's label, where it
was, what to do; a table's name; a run's or batch's state.

Codes, flags and raw statuses stay in the data; a clinic user reads these words instead. An
issue type's own ``label`` and ``advice`` (``migration.issues.CATALOG``) are used when it has
them; until then the issue's description stands as its label, and the advice is the one its
severity calls for.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext, gettext_lazy

from migration.issues import CATALOG
from migration.management.report import TYPE_LABELS
from migration.models import DataQualityIssue, MigrationBatch

SEVERITY_ADVICE = {
    "critical": gettext_lazy(
        "This row was not imported. Download the rows with errors, correct them and upload "
        "the corrected file, or correct the row in OkVet and export again."
    ),
    "warning": gettext_lazy(
        "Check the linked record. If it is right, mark the issue as resolved (or ignore it) "
        "and say why; if not, correct it in Pet-Friendly or in OkVet."
    ),
    "info": gettext_lazy("For your information: nothing needs to be done."),
}
SEVERITY_WORDS = {
    "critical": gettext_lazy("Critical"),
    "warning": gettext_lazy("Warning"),
    "info": gettext_lazy("Information"),
}
FLAG = re.compile(r"\s*\((?:[^()]*\s)?--[a-z][a-z-]*[^()]*\)")
"""A command-line option in parentheses: ``(use --include-deleted)``, ``(--catalog)``."""


def without_flags(text: str) -> str:
    """A description as the clinic reads it, without the command-line options it names:
    ``"…; not imported (use --include-deleted)."`` → ``"…; not imported."``."""
    return FLAG.sub("", text)


def _catalog_text(code: str, attribute: str) -> str:
    text = getattr(CATALOG.get(code), attribute, "")
    return gettext(text) if text else ""


def issue_label(code: str, description: str = "") -> str:
    """The issue type's label; for a code the catalogue does not know, the description."""
    return _catalog_text(code, "label") or without_flags(description) or code


def issue_advice(code: str, severity: str) -> str:
    """What to do about an issue, in plain words, never a command."""
    return _catalog_text(code, "advice") or str(SEVERITY_ADVICE.get(severity, ""))


def severity_words(severity: str) -> str:
    return str(SEVERITY_WORDS.get(severity, severity))


def table_label(batch_type: str) -> str:
    return str(TYPE_LABELS.get(batch_type, batch_type))


def where(issue: DataQualityIssue) -> str:
    """``File mascotas.csv, row 7, column "weight", value "80 g" · OkVet id 204``."""
    parts = []
    if issue.source_file:
        parts.append(gettext("File {file}").format(file=issue.source_file))
    if issue.source_row is not None:
        parts.append(gettext("row {row}").format(row=issue.source_row))
    if issue.field_name:
        parts.append(gettext("column “{column}”").format(column=issue.field_name))
    if issue.source_value:
        parts.append(gettext("value “{value}”").format(value=issue.source_value))
    text = ", ".join(parts)
    if issue.source_id:
        okvet = gettext("OkVet id {id}").format(id=issue.source_id)
        text = f"{text} · {okvet}" if text else okvet
    return text


RUN_STATES = {
    "completed": gettext_lazy("Complete"),
    "failed": gettext_lazy("Stopped by an error"),
    "running": gettext_lazy("In progress"),
    "rolled_back": gettext_lazy("Undone"),
    "pending": gettext_lazy("Waiting"),
}
TRIAL_STATES = {
    "completed": gettext_lazy("Trial"),
    "failed": gettext_lazy("Trial stopped by an error"),
    "running": gettext_lazy("Trial in progress"),
}


def state_words(status: str, *, dry_run: bool, interrupted: bool = False) -> str:
    """A run's (or batch's) state as a word: a dry run is a *Trial*."""
    if interrupted:
        return gettext("Interrupted")
    states = TRIAL_STATES if dry_run else RUN_STATES
    return str(states.get(status, RUN_STATES.get(status, status)))


def batch_state(batch: MigrationBatch, *, interrupted: bool = False) -> str:
    return state_words(batch.status, dry_run=batch.is_dry_run, interrupted=interrupted)


class Labelled(str):
    """A label that carries what its page links it to: ``{{ label.url }}``."""

    def __new__(cls, text: str, **extra) -> Labelled:
        label = super().__new__(cls, text)
        label.__dict__.update(extra)
        return label
