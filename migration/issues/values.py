"""Issues about one value: a date, a phone, a weight, a number, a vocabulary word; and about
the files, invoices and events the rows refer to."""

from __future__ import annotations

from migration.i18n import gettext_noop
from migration.issues.base import INFO, WARNING, IssueType

ENTER_IT = gettext_noop("Enter the right value in Pet-Friendly, or correct it in OkVet.")

IDENTITY = (
    IssueType(
        "truncated-value",
        WARNING,
        gettext_noop(
            "The {column} value has {length} characters and its field holds at most {limit}: "
            "the field was left empty and the whole value kept in the record's legacy extras."
        ),
        label=gettext_noop("Value too long"),
        advice=gettext_noop(
            "The whole value is kept with the record: write a shorter version of it into "
            "the field in Pet-Friendly."
        ),
    ),
    IssueType(
        "invalid-phone",
        WARNING,
        gettext_noop("{value!r} is not a valid phone number; kept as text."),
        label=gettext_noop("Invalid phone"),
        advice=gettext_noop("Confirm the number with the owner and correct it in their record."),
    ),
    IssueType(
        "phone-as-document",
        INFO,
        gettext_noop(
            "The identity document is the phone number {value!r}; kept as a phone, not a document."
        ),
        label=gettext_noop("Phone given as document"),
        advice=gettext_noop(
            "Ask the owner for their identity document and enter it in their record."
        ),
    ),
    IssueType(
        "invalid-email",
        WARNING,
        gettext_noop("{value!r} is not a valid email; left empty."),
        label=gettext_noop("Invalid e-mail"),
        advice=gettext_noop("Ask the owner for their e-mail address and enter it in their record."),
    ),
    IssueType(
        "invalid-document",
        WARNING,
        gettext_noop("Document {value!r} fails the {doc_type} check; kept as written."),
        label=gettext_noop("Invalid document"),
        advice=gettext_noop("Check the document with the owner and correct it in their record."),
    ),
    IssueType(
        "unknown-document-type",
        INFO,
        gettext_noop("Document type {value!r} is unknown; recorded as 'other'."),
        label=gettext_noop("Unknown document type"),
        advice=gettext_noop("Choose the right document type in the owner's record."),
    ),
    IssueType(
        "placeholder-name",
        WARNING,
        gettext_noop("The name {value!r} is a placeholder."),
        label=gettext_noop("Placeholder name"),
        advice=gettext_noop("Enter the real name in the record."),
    ),
    IssueType(
        "missing-name",
        WARNING,
        gettext_noop("The row has no name."),
        label=gettext_noop("Missing name"),
        advice=gettext_noop("Enter the name in the record, or in OkVet before the next export."),
    ),
    IssueType(
        "no-contact",
        INFO,
        gettext_noop("The owner has no usable phone or email."),
        label=gettext_noop("No contact details"),
        advice=gettext_noop("Ask the owner for a phone or an e-mail at their next visit."),
    ),
)

DATES = (
    IssueType(
        "invalid-date",
        WARNING,
        gettext_noop("{value!r} is not a date; left empty."),
        label=gettext_noop("Invalid date"),
        advice=ENTER_IT,
    ),
    IssueType(
        "placeholder-birth-date",
        INFO,
        gettext_noop("Birth date {value!r} is a placeholder; left empty."),
        label=gettext_noop("Placeholder birth date"),
        advice=gettext_noop(
            "Ask the owner for the pet's birth date (or an estimate) and enter it in its record."
        ),
    ),
    IssueType(
        "impossible-birth-date",
        WARNING,
        gettext_noop("Birth date {value!r} is impossible; left empty."),
        label=gettext_noop("Impossible birth date"),
        advice=ENTER_IT,
    ),
    IssueType(
        "future-date",
        WARNING,
        gettext_noop("Date {value!r} is in the future; left empty."),
        label=gettext_noop("Date in the future"),
        advice=gettext_noop(
            "Check the date (often a typing mistake in the year) and enter it in Pet-Friendly."
        ),
    ),
    IssueType(
        "deceased-without-flag",
        INFO,
        gettext_noop(
            "A date of death {value!r} is given without the deceased flag; marked deceased."
        ),
        label=gettext_noop("Date of death without the deceased mark"),
        advice=gettext_noop(
            "Check that the pet died; if it did not, remove the date of death in its record."
        ),
    ),
)

ANIMALS = (
    IssueType(
        "unknown-species",
        WARNING,
        gettext_noop("Species {value!r} is unknown; recorded as 'other' with the original text."),
        label=gettext_noop("Unknown species"),
        advice=gettext_noop("Choose the right species in the pet's record."),
    ),
    IssueType(
        "unknown-sex",
        INFO,
        gettext_noop("Sex {value!r} is unknown; recorded as unknown."),
        label=gettext_noop("Unknown sex"),
        advice=gettext_noop("Set the pet's sex in its record when you know it."),
    ),
    IssueType(
        "unknown-reproductive-state",
        INFO,
        gettext_noop("Reproductive state {value!r} is unknown; left empty."),
        label=gettext_noop("Unknown reproductive state"),
        advice=gettext_noop("Set whether the pet is neutered in its record when you know it."),
    ),
    IssueType(
        "zero-weight",
        INFO,
        gettext_noop("Weight 0 is OkVet's placeholder; left empty."),
        label=gettext_noop("Weight 0"),
        advice=gettext_noop("Nothing to do: weigh the pet at its next visit."),
    ),
    IssueType(
        "invalid-weight",
        WARNING,
        gettext_noop("{value!r} is not a weight; kept as text only."),
        label=gettext_noop("Invalid weight"),
        advice=gettext_noop("Enter the weight in kilograms from the text kept with the record."),
    ),
    IssueType(
        "unknown-weight-unit",
        WARNING,
        gettext_noop("Weight unit {value!r} is unknown; the weight was kept as text only."),
        label=gettext_noop("Unknown weight unit"),
        advice=gettext_noop("Check the weight and its unit, and enter it in kilograms."),
    ),
    IssueType(
        "implausible-weight",
        WARNING,
        gettext_noop(
            "{kg} kg is implausible for a {species}; kept as written, please check the unit."
        ),
        label=gettext_noop("Implausible weight"),
        advice=gettext_noop(
            "Check the unit (grams written as kilograms is the usual mistake) and correct "
            "the weight in the record."
        ),
    ),
    IssueType(
        "invalid-microchip",
        INFO,
        gettext_noop("{value!r} is not a 15-digit ISO microchip; kept as the clinic code."),
        label=gettext_noop("Non-standard microchip"),
        advice=gettext_noop(
            "Read the pet's microchip at its next visit and correct it if it differs."
        ),
    ),
)

NUMBERS = (
    IssueType(
        "invalid-boolean",
        WARNING,
        gettext_noop("{value!r} is not yes/no; left empty."),
        label=gettext_noop("Invalid yes/no"),
        advice=ENTER_IT,
    ),
    IssueType(
        "invalid-number",
        WARNING,
        gettext_noop("{value!r} is not a number; left empty."),
        label=gettext_noop("Invalid number"),
        advice=ENTER_IT,
    ),
    IssueType(
        "number-out-of-range",
        WARNING,
        gettext_noop(
            "{value!r} does not fit its field (at most {digits} digits before the decimal "
            "point and {places} after); left empty, kept as written in the record's legacy "
            "extras."
        ),
        label=gettext_noop("Number out of range"),
        advice=gettext_noop(
            "Check the value (often a typing mistake or a wrong unit) and enter the right one "
            "in Pet-Friendly."
        ),
    ),
)

EVENTS = (
    IssueType(
        "unknown-vaccine-name",
        INFO,
        gettext_noop(
            "Vaccine type {value!r} is not in the vaccine catalogue given with the export; "
            "the id is kept, the name is unknown."
        ),
        label=gettext_noop("Vaccine not in the catalogue"),
        advice=gettext_noop(
            "Add OkVet's vaccine catalogue (Administración → Variables → vacunas) to the "
            "export and import the vaccinations again, or write the vaccine's name in the "
            "record."
        ),
    ),
    IssueType(
        "unknown-appointment-status",
        INFO,
        gettext_noop("Appointment status {value!r} is unknown; left empty, kept as written."),
        label=gettext_noop("Unknown appointment status"),
        advice=gettext_noop("Set the appointment's status if it still matters."),
    ),
    IssueType(
        "unlinked-reference",
        WARNING,
        gettext_noop(
            "The {kind} {value!r} is neither in this export nor imported before; the "
            "appointment was kept without it."
        ),
        label=gettext_noop("Appointment without its link"),
        advice=gettext_noop(
            "Link the appointment to the right pet, owner or staff member in Pet-Friendly."
        ),
    ),
)

FILES = (
    IssueType(
        "unsafe-file-path",
        WARNING,
        gettext_noop(
            "File path {value!r} would leave the files folder; the reference is kept, "
            "the file is not read."
        ),
        label=gettext_noop("Unsafe file path"),
        advice=gettext_noop("Ask OkVet for the file and attach it to the record in Pet-Friendly."),
    ),
    IssueType(
        "file-not-found",
        WARNING,
        gettext_noop("File {value!r} is referenced but not in the files folder."),
        label=gettext_noop("File not found"),
        advice=gettext_noop(
            "Add OkVet's VetFiles folder to the export and import again, or attach the file "
            "to the record in Pet-Friendly."
        ),
    ),
    IssueType(
        "unreferenced-file",
        INFO,
        gettext_noop("File {value!r} is in the files folder but nothing references it."),
        label=gettext_noop("File nothing refers to"),
        advice=gettext_noop(
            "Nothing to do, unless the file belongs to a record: then attach it to that record."
        ),
    ),
)

INVOICES = (
    IssueType(
        "invoice-client-not-found",
        WARNING,
        gettext_noop(
            "Client {value!r} of the invoice is neither an imported OkVet client nor a known "
            "identity document; the invoice was imported without a client."
        ),
        label=gettext_noop("Invoice client not found"),
        advice=gettext_noop("Find the client and link the invoice to them in Pet-Friendly."),
    ),
    IssueType(
        "invoice-total-mismatch",
        WARNING,
        gettext_noop(
            "The lines of invoice {value!r} add up to {lines}, not to its total {total}; "
            "imported as written."
        ),
        label=gettext_noop("Invoice lines do not add up"),
        advice=gettext_noop(
            "Compare the invoice with OkVet and with the accounting, and correct it where it "
            "is wrong."
        ),
    ),
)

VALUE_TYPES = (*IDENTITY, *DATES, *ANIMALS, *NUMBERS, *EVENTS, *FILES, *INVOICES)
