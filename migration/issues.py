"""Every data-quality problem the migration can report: a stable code, a severity, a message.

Problems are data (never exceptions): the convert layer returns ``Issue`` values, the load layer
stores them as ``DataQualityIssue`` rows, reports group them by code. The README lists the codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migration.i18n import gettext_noop as N_

CRITICAL, WARNING, INFO = "critical", "warning", "info"


@dataclass(frozen=True, slots=True)
class IssueType:
    code: str
    severity: str
    template: str


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in one cell (or row): ``column`` is the canonical column, ``value`` raw."""

    code: str
    column: str = ""
    value: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return CATALOG[self.code].severity

    @property
    def template(self) -> str:
        return CATALOG[self.code].template


_TYPES = (
    # rows that cannot be imported
    IssueType("missing-id", CRITICAL, N_("The row has no OkVet id; it cannot be imported.")),
    IssueType("invalid-id", CRITICAL, N_("The OkVet id {value!r} is not a valid key.")),
    IssueType(
        "missing-owner-reference",
        CRITICAL,
        N_("The pet names no owner; it was skipped because an owner is required."),
    ),
    IssueType(
        "orphan-skipped",
        CRITICAL,
        N_("Owner {value!r} is neither in this export nor imported before; the pet was skipped."),
    ),
    # duplicates and repeats
    IssueType(
        "duplicate-id",
        INFO,
        N_("OkVet id {value!r} appears again (row {first_row} of {first_file}); imported once."),
    ),
    IssueType(
        "already-imported",
        INFO,
        N_("OkVet id {value!r} was imported by an earlier batch; nothing new was created."),
    ),
    IssueType(
        "duplicate-document",
        WARNING,
        N_("Same identity document as OkVet owner {other_id}; merged into that owner."),
    ),
    IssueType(
        "possible-duplicate",
        WARNING,
        N_("Possible duplicate of OkVet {kind} {other_id} ({reason}); imported, please review."),
    ),
    IssueType(
        "skipped-duplicate",
        WARNING,
        N_("Possible duplicate of OkVet {kind} {other_id} ({reason}); skipped as asked."),
    ),
    # references
    IssueType(
        "orphan-owner",
        WARNING,
        N_("Owner {value!r} is neither in this export nor imported before; "
           "the pet was placed under the batch's placeholder owner."),
    ),
    IssueType(
        "soft-deleted",
        INFO,
        N_("Deleted in OkVet on {value}; not imported (use --include-deleted)."),
    ),
    IssueType(
        "soft-deleted-imported",
        INFO,
        N_("Deleted in OkVet on {value}; imported as inactive."),
    ),
    # values
    IssueType("invalid-date", WARNING, N_("{value!r} is not a date; left empty.")),
    IssueType(
        "placeholder-birth-date",
        INFO,
        N_("Birth date {value!r} is a placeholder; left empty."),
    ),
    IssueType(
        "impossible-birth-date",
        WARNING,
        N_("Birth date {value!r} is impossible; left empty."),
    ),
    IssueType("future-date", WARNING, N_("Date {value!r} is in the future; left empty.")),
    IssueType("invalid-phone", WARNING, N_("{value!r} is not a valid phone number; kept as text.")),
    IssueType(
        "phone-as-document",
        INFO,
        N_("The identity document is the phone number {value!r}; kept as a phone, not a document."),
    ),
    IssueType("invalid-email", WARNING, N_("{value!r} is not a valid email; left empty.")),
    IssueType(
        "invalid-document",
        WARNING,
        N_("Document {value!r} fails the {doc_type} check; kept as written."),
    ),
    IssueType(
        "unknown-document-type",
        INFO,
        N_("Document type {value!r} is unknown; recorded as 'other'."),
    ),
    IssueType("placeholder-name", WARNING, N_("The name {value!r} is a placeholder.")),
    IssueType("missing-name", WARNING, N_("The row has no name.")),
    IssueType("no-contact", INFO, N_("The owner has no usable phone or email.")),
    IssueType(
        "unknown-species",
        WARNING,
        N_("Species {value!r} is unknown; recorded as 'other' with the original text."),
    ),
    IssueType("unknown-sex", INFO, N_("Sex {value!r} is unknown; recorded as unknown.")),
    IssueType(
        "unknown-reproductive-state",
        INFO,
        N_("Reproductive state {value!r} is unknown; left empty."),
    ),
    IssueType("zero-weight", INFO, N_("Weight 0 is OkVet's placeholder; left empty.")),
    IssueType("invalid-weight", WARNING, N_("{value!r} is not a weight; kept as text only.")),
    IssueType(
        "unknown-weight-unit",
        WARNING,
        N_("Weight unit {value!r} is unknown; the weight was kept as text only."),
    ),
    IssueType(
        "implausible-weight",
        WARNING,
        N_("{kg} kg is implausible for a {species}; kept as written, please check the unit."),
    ),
    IssueType(
        "invalid-microchip",
        INFO,
        N_("{value!r} is not a 15-digit ISO microchip; kept as the clinic code."),
    ),
    IssueType("invalid-boolean", WARNING, N_("{value!r} is not yes/no; left empty.")),
    IssueType("invalid-number", WARNING, N_("{value!r} is not a number; left empty.")),
    IssueType(
        "deceased-without-flag",
        INFO,
        N_("A date of death {value!r} is given without the deceased flag; marked deceased."),
    ),
)

CATALOG: dict[str, IssueType] = {t.code: t for t in _TYPES}
