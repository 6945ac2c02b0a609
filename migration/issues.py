"""Every data-quality problem the migration can report: a stable code, a severity, a message.

Problems are data (never exceptions): the convert layer returns ``Issue`` values, the load layer
stores them as ``DataQualityIssue`` rows, reports group them by code. The README lists the codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migration.i18n import gettext_noop

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
    IssueType(
        "missing-id", CRITICAL, gettext_noop("The row has no OkVet id; it cannot be imported.")
    ),
    IssueType("invalid-id", CRITICAL, gettext_noop("The OkVet id {value!r} is not a valid key.")),
    IssueType(
        "missing-owner-reference",
        CRITICAL,
        gettext_noop("The pet names no owner; it was skipped because an owner is required."),
    ),
    IssueType(
        "orphan-skipped",
        CRITICAL,
        gettext_noop(
            "Owner {value!r} is neither in this export nor imported before; the pet was skipped."
        ),
    ),
    IssueType(
        "missing-pet-reference",
        CRITICAL,
        gettext_noop("The record names no pet; it was skipped because a pet is required."),
    ),
    IssueType(
        "orphan-pet-skipped",
        CRITICAL,
        gettext_noop(
            "Pet {value!r} is neither in this export nor imported before; the record was skipped."
        ),
    ),
    IssueType(
        "orphan-line",
        CRITICAL,
        gettext_noop(
            "The line belongs to OkVet {kind} {value!r}, which is neither in this export nor "
            "imported before; it was not imported (its data is kept in the batch report)."
        ),
    ),
    # duplicates and repeats
    IssueType(
        "duplicate-id",
        INFO,
        gettext_noop("OkVet id {value!r} appears again in this import; imported once."),
    ),
    IssueType(
        "already-imported",
        INFO,
        gettext_noop(
            "OkVet id {value!r} was imported by an earlier batch; nothing new was created."
        ),
    ),
    IssueType(
        "duplicate-document",
        WARNING,
        gettext_noop("Same identity document as OkVet owner {other_id}; merged into that owner."),
    ),
    IssueType(
        "shared-document",
        WARNING,
        gettext_noop(
            "Same identity document as OkVet owner {other_id}, under another name; both were "
            "imported as different people, please review."
        ),
    ),
    IssueType(
        "placeholder-document",
        INFO,
        gettext_noop(
            "Document {value!r} is a placeholder or masked; it identifies nobody and never "
            "merges owners."
        ),
    ),
    IssueType(
        "possible-duplicate",
        WARNING,
        gettext_noop(
            "Possible duplicate of OkVet {kind} {other_id} ({reason}); imported, please review."
        ),
    ),
    IssueType(
        "skipped-duplicate",
        WARNING,
        gettext_noop(
            "Possible duplicate of OkVet {kind} {other_id} ({reason}); not created, "
            "linked to it as asked (--skip-duplicates)."
        ),
    ),
    # references
    IssueType(
        "orphan-owner",
        WARNING,
        gettext_noop(
            "Owner {value!r} is neither in this export nor imported before; "
            "the pet was placed under the batch's placeholder owner."
        ),
    ),
    IssueType(
        "orphan-pet",
        WARNING,
        gettext_noop(
            "Pet {value!r} is neither in this export nor imported before; "
            "the record was placed under the batch's placeholder pet."
        ),
    ),
    IssueType(
        "other-clinic",
        INFO,
        gettext_noop(
            "The row belongs to OkVet clinic {value!r}, not the one asked for (--clinic)."
        ),
    ),
    IssueType(
        "soft-deleted",
        INFO,
        gettext_noop("Deleted in OkVet on {value}; not imported (use --include-deleted)."),
    ),
    # a newer export of rows imported before (a sync)
    IssueType(
        "sync-conflict",
        WARNING,
        gettext_noop(
            "Changed in OkVet and edited in Pet-Friendly since the import: {field} is "
            "{okvet!r} in OkVet (was {before!r}) and {clinic!r} in Pet-Friendly; "
            "Pet-Friendly's value was kept until someone chooses."
        ),
    ),
    IssueType(
        "sync-unknown-version",
        WARNING,
        gettext_noop(
            "OkVet id {value!r} changed, but the row as imported before is no longer known "
            "(its record was removed or its source purged); nothing was changed."
        ),
    ),
    IssueType(
        "deleted-in-okvet",
        WARNING,
        gettext_noop(
            "Deleted in OkVet on {value} after it was imported: deactivated in Pet-Friendly, "
            "not deleted."
        ),
    ),
    IssueType(
        "absent-from-export",
        WARNING,
        gettext_noop(
            "OkVet id {value!r} was imported before and is not in this full export: taken as "
            "deleted in OkVet, deactivated in Pet-Friendly, not deleted."
        ),
    ),
    IssueType(
        "soft-deleted-imported",
        INFO,
        gettext_noop("Deleted in OkVet on {value}; imported as inactive."),
    ),
    # values
    IssueType(
        "truncated-value",
        WARNING,
        gettext_noop(
            "The {column} value has {length} characters and its field holds at most {limit}: "
            "the field was left empty and the whole value kept in the record's legacy extras."
        ),
    ),
    IssueType("invalid-date", WARNING, gettext_noop("{value!r} is not a date; left empty.")),
    IssueType(
        "placeholder-birth-date",
        INFO,
        gettext_noop("Birth date {value!r} is a placeholder; left empty."),
    ),
    IssueType(
        "impossible-birth-date",
        WARNING,
        gettext_noop("Birth date {value!r} is impossible; left empty."),
    ),
    IssueType("future-date", WARNING, gettext_noop("Date {value!r} is in the future; left empty.")),
    IssueType(
        "invalid-phone",
        WARNING,
        gettext_noop("{value!r} is not a valid phone number; kept as text."),
    ),
    IssueType(
        "phone-as-document",
        INFO,
        gettext_noop(
            "The identity document is the phone number {value!r}; kept as a phone, not a document."
        ),
    ),
    IssueType(
        "invalid-email", WARNING, gettext_noop("{value!r} is not a valid email; left empty.")
    ),
    IssueType(
        "invalid-document",
        WARNING,
        gettext_noop("Document {value!r} fails the {doc_type} check; kept as written."),
    ),
    IssueType(
        "unknown-document-type",
        INFO,
        gettext_noop("Document type {value!r} is unknown; recorded as 'other'."),
    ),
    IssueType("placeholder-name", WARNING, gettext_noop("The name {value!r} is a placeholder.")),
    IssueType("missing-name", WARNING, gettext_noop("The row has no name.")),
    IssueType("no-contact", INFO, gettext_noop("The owner has no usable phone or email.")),
    IssueType(
        "unknown-species",
        WARNING,
        gettext_noop("Species {value!r} is unknown; recorded as 'other' with the original text."),
    ),
    IssueType("unknown-sex", INFO, gettext_noop("Sex {value!r} is unknown; recorded as unknown.")),
    IssueType(
        "unknown-reproductive-state",
        INFO,
        gettext_noop("Reproductive state {value!r} is unknown; left empty."),
    ),
    IssueType("zero-weight", INFO, gettext_noop("Weight 0 is OkVet's placeholder; left empty.")),
    IssueType(
        "invalid-weight", WARNING, gettext_noop("{value!r} is not a weight; kept as text only.")
    ),
    IssueType(
        "unknown-weight-unit",
        WARNING,
        gettext_noop("Weight unit {value!r} is unknown; the weight was kept as text only."),
    ),
    IssueType(
        "implausible-weight",
        WARNING,
        gettext_noop(
            "{kg} kg is implausible for a {species}; kept as written, please check the unit."
        ),
    ),
    IssueType(
        "invalid-microchip",
        INFO,
        gettext_noop("{value!r} is not a 15-digit ISO microchip; kept as the clinic code."),
    ),
    IssueType("invalid-boolean", WARNING, gettext_noop("{value!r} is not yes/no; left empty.")),
    IssueType("invalid-number", WARNING, gettext_noop("{value!r} is not a number; left empty.")),
    IssueType(
        "number-out-of-range",
        WARNING,
        gettext_noop(
            "{value!r} does not fit its field (at most {digits} digits before the decimal "
            "point and {places} after); left empty, kept as written in the record's legacy "
            "extras."
        ),
    ),
    IssueType(
        "unknown-vaccine-name",
        INFO,
        gettext_noop(
            "Vaccine type {value!r} is not in the catalogue (--catalog); the id is kept, the "
            "name is unknown."
        ),
    ),
    IssueType(
        "unknown-appointment-status",
        INFO,
        gettext_noop("Appointment status {value!r} is unknown; left empty, kept as written."),
    ),
    IssueType(
        "unlinked-reference",
        WARNING,
        gettext_noop(
            "The {kind} {value!r} is neither in this export nor imported before; the "
            "appointment was kept without it."
        ),
    ),
    IssueType(
        "unsafe-file-path",
        WARNING,
        gettext_noop(
            "File path {value!r} would leave the files folder; the reference is kept, "
            "the file is not read."
        ),
    ),
    IssueType(
        "file-not-found",
        WARNING,
        gettext_noop("File {value!r} is referenced but not in the files folder."),
    ),
    IssueType(
        "unreferenced-file",
        INFO,
        gettext_noop("File {value!r} is in the files folder but nothing references it."),
    ),
    IssueType(
        "invoice-client-not-found",
        WARNING,
        gettext_noop(
            "Client {value!r} of the invoice is neither an imported OkVet client nor a known "
            "identity document; the invoice was imported without a client."
        ),
    ),
    IssueType(
        "invoice-total-mismatch",
        WARNING,
        gettext_noop(
            "The lines of invoice {value!r} add up to {lines}, not to its total {total}; "
            "imported as written."
        ),
    ),
    IssueType(
        "deceased-without-flag",
        INFO,
        gettext_noop(
            "A date of death {value!r} is given without the deceased flag; marked deceased."
        ),
    ),
)

CATALOG: dict[str, IssueType] = {t.code: t for t in _TYPES}

# Words that issue parameters carry (``kind``, ``reason``, ``species``), translated when shown.
PARAM_WORDS = (
    gettext_noop("critical"),
    gettext_noop("warning"),
    gettext_noop("info"),
    gettext_noop("client"),
    gettext_noop("pet"),
    gettext_noop("owner"),
    gettext_noop("prescription"),
    gettext_noop("lab_exam"),
    gettext_noop("order"),
    gettext_noop("grooming"),
    gettext_noop("mobile"),
    gettext_noop("email"),
    gettext_noop("name+phone"),
    gettext_noop("same name, species and birth date"),
    gettext_noop("dog"),
    gettext_noop("cat"),
    gettext_noop("bird"),
    gettext_noop("rodent"),
    gettext_noop("reptile"),
    gettext_noop("rabbit"),
    gettext_noop("horse"),
    gettext_noop("ferret"),
    gettext_noop("fish"),
    gettext_noop("pig"),
    gettext_noop("bovine"),
    gettext_noop("goat"),
    gettext_noop("other"),
)
