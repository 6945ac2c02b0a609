"""Issues about whole rows: rows that cannot be imported, duplicates and repeats, references
to rows that are not there, and what a newer export (a sync) found."""

from __future__ import annotations

from migration.i18n import gettext_noop
from migration.issues.base import CRITICAL, INFO, WARNING, IssueType

NOT_IMPORTED = (
    IssueType(
        "missing-id",
        CRITICAL,
        gettext_noop("The row has no OkVet id; it cannot be imported."),
        label=gettext_noop("Row without an OkVet id"),
        advice=gettext_noop(
            "Use the file exactly as OkVet delivered it (the id column may have been emptied "
            "when the file was edited), or fill in the id and retry the failed rows."
        ),
    ),
    IssueType(
        "invalid-id",
        CRITICAL,
        gettext_noop("The OkVet id {value!r} is not a valid key."),
        label=gettext_noop("Invalid OkVet id"),
        advice=gettext_noop(
            "The id column holds something that is not an OkVet id, usually after the file "
            "was edited by hand: use the file as OkVet delivered it, or correct the id and "
            "retry the failed rows."
        ),
    ),
    IssueType(
        "missing-owner-reference",
        CRITICAL,
        gettext_noop("The pet names no owner; it was skipped because an owner is required."),
        label=gettext_noop("Pet without an owner"),
        advice=gettext_noop(
            "Assign the pet to its owner in OkVet and export again, or fill in the owner of "
            "the failed rows and retry them."
        ),
    ),
    IssueType(
        "orphan-skipped",
        CRITICAL,
        gettext_noop(
            "Owner {value!r} is neither in this export nor imported before; the pet was skipped."
        ),
        label=gettext_noop("Owner not found, pet not imported"),
        advice=gettext_noop(
            "Import the owners' file together with the pets. If the owner was deleted in "
            "OkVet, restore it there or assign the pet to another owner, then retry the "
            "failed rows."
        ),
    ),
    IssueType(
        "missing-pet-reference",
        CRITICAL,
        gettext_noop("The record names no pet; it was skipped because a pet is required."),
        label=gettext_noop("Record without a pet"),
        advice=gettext_noop(
            "Link the record to its pet in OkVet and export again, or fill in the pet of the "
            "failed rows and retry them."
        ),
    ),
    IssueType(
        "orphan-pet-skipped",
        CRITICAL,
        gettext_noop(
            "Pet {value!r} is neither in this export nor imported before; the record was skipped."
        ),
        label=gettext_noop("Pet not found, record not imported"),
        advice=gettext_noop(
            "Import the pets' file together with the records. If the pet was deleted in "
            "OkVet, restore it there, then retry the failed rows."
        ),
    ),
    IssueType(
        "orphan-line",
        CRITICAL,
        gettext_noop(
            "The line belongs to OkVet {kind} {value!r}, which is neither in this export nor "
            "imported before; it was not imported (its data is kept in the batch report)."
        ),
        label=gettext_noop("Line without its header"),
        advice=gettext_noop(
            "Export the header table together with its lines (a prescription with its lines, "
            "an order with its lines) and import them together."
        ),
    ),
)

REPEATS = (
    IssueType(
        "duplicate-id",
        INFO,
        gettext_noop("OkVet id {value!r} appears again in this import; imported once."),
        label=gettext_noop("OkVet id repeated"),
        advice=gettext_noop(
            "Nothing to do: the row appears twice in the export and was imported once. If "
            "the two rows differ, check in OkVet which one is right."
        ),
    ),
    IssueType(
        "already-imported",
        INFO,
        gettext_noop(
            "OkVet id {value!r} was imported by an earlier batch; nothing new was created."
        ),
        label=gettext_noop("Already imported"),
        advice=gettext_noop("Nothing to do: an earlier import already brought this row."),
    ),
    IssueType(
        "duplicate-document",
        WARNING,
        gettext_noop("Same identity document as OkVet owner {other_id}; merged into that owner."),
        label=gettext_noop("Same document, merged"),
        advice=gettext_noop(
            "Check that both OkVet owners are the same person. If they are not, correct the "
            "document of one of them in OkVet and import again."
        ),
    ),
    IssueType(
        "shared-document",
        WARNING,
        gettext_noop(
            "Same identity document as OkVet owner {other_id}, under another name; both were "
            "imported as different people, please review."
        ),
        label=gettext_noop("Document shared by two people"),
        advice=gettext_noop(
            "Find out whose document it is and correct the other owner's. If both are the "
            "same person, merge the two owners from the owners' list."
        ),
    ),
    IssueType(
        "placeholder-document",
        INFO,
        gettext_noop(
            "Document {value!r} is a placeholder or masked; it identifies nobody and never "
            "merges owners."
        ),
        label=gettext_noop("Placeholder document"),
        advice=gettext_noop(
            "Ask the owner for their identity document and enter it in their record."
        ),
    ),
    IssueType(
        "possible-duplicate",
        WARNING,
        gettext_noop(
            "Possible duplicate of OkVet {kind} {other_id} ({reason}); imported, please review."
        ),
        label=gettext_noop("Possible duplicate"),
        advice=gettext_noop(
            "Compare both records. If they are the same, merge them (owners from the owners' "
            "list, after its preview); if they are not, mark the issue as resolved."
        ),
    ),
    IssueType(
        "skipped-duplicate",
        WARNING,
        gettext_noop(
            "Possible duplicate of OkVet {kind} {other_id} ({reason}); not created, linked "
            "to it, as the import was asked to do with likely duplicates."
        ),
        label=gettext_noop("Likely duplicate, linked"),
        advice=gettext_noop(
            "Check that both are the same pet. If they are not, undo the batch and import it "
            "again, this time creating likely duplicates."
        ),
    ),
)

REFERENCES = (
    IssueType(
        "orphan-owner",
        WARNING,
        gettext_noop(
            "Owner {value!r} is neither in this export nor imported before; "
            "the pet was placed under the batch's placeholder owner."
        ),
        label=gettext_noop("Owner not found, placeholder used"),
        advice=gettext_noop(
            "The pet is kept under a placeholder owner: find its real owner and assign it in "
            "the pet's record, or import the owner and then the pets again."
        ),
    ),
    IssueType(
        "orphan-pet",
        WARNING,
        gettext_noop(
            "Pet {value!r} is neither in this export nor imported before; "
            "the record was placed under the batch's placeholder pet."
        ),
        label=gettext_noop("Pet not found, placeholder used"),
        advice=gettext_noop(
            "The record is kept under a placeholder pet: move it to the right pet, or import "
            "the pet and then the records again."
        ),
    ),
    IssueType(
        "other-clinic",
        INFO,
        gettext_noop(
            "The row belongs to OkVet clinic {value!r}, not to the clinic chosen for this "
            "import; not imported."
        ),
        label=gettext_noop("Row of another clinic"),
        advice=gettext_noop(
            "Nothing to do if the row belongs to another branch. If it is yours, import again "
            "choosing that clinic as well."
        ),
    ),
    IssueType(
        "soft-deleted",
        INFO,
        gettext_noop(
            "Deleted in OkVet on {value}; not imported (deleted rows are imported, as "
            "inactive, only when the import is asked to include them)."
        ),
        label=gettext_noop("Deleted in OkVet"),
        advice=gettext_noop(
            "Nothing to do if it was deleted on purpose. To keep it, restore it in OkVet, or "
            "import again including the deleted rows (they arrive as inactive)."
        ),
    ),
)

SYNC = (
    IssueType(
        "sync-conflict",
        WARNING,
        gettext_noop(
            "Changed in OkVet and edited in Pet-Friendly since the import: {field} is "
            "{okvet!r} in OkVet (was {before!r}) and {clinic!r} in Pet-Friendly; "
            "Pet-Friendly's value was kept until someone chooses."
        ),
        label=gettext_noop("Changed in both systems"),
        advice=gettext_noop(
            "Choose the value to keep: OkVet's or the one edited in Pet-Friendly. Both are "
            "shown side by side before anything is written."
        ),
    ),
    IssueType(
        "sync-unknown-version",
        WARNING,
        gettext_noop(
            "OkVet id {value!r} changed, but the row as imported before is no longer known "
            "(its record was removed or its source purged); nothing was changed."
        ),
        label=gettext_noop("Change not applied"),
        advice=gettext_noop(
            "Compare the row in OkVet with the record in Pet-Friendly and correct the record "
            "by hand if they differ."
        ),
    ),
    IssueType(
        "deleted-in-okvet",
        WARNING,
        gettext_noop(
            "Deleted in OkVet on {value} after it was imported: deactivated in Pet-Friendly, "
            "not deleted."
        ),
        label=gettext_noop("Deleted in OkVet after the import"),
        advice=gettext_noop(
            "Check that it was deleted on purpose. The record stays in Pet-Friendly as "
            "inactive; reactivate it there if it is still needed."
        ),
    ),
    IssueType(
        "absent-from-export",
        WARNING,
        gettext_noop(
            "OkVet id {value!r} was imported before and is not in this full export: taken as "
            "deleted in OkVet, deactivated in Pet-Friendly, not deleted."
        ),
        label=gettext_noop("Missing from the full export"),
        advice=gettext_noop(
            "Check that the export was complete. If the row still exists in OkVet, export "
            "again: a complete export brings it back."
        ),
    ),
    IssueType(
        "soft-deleted-imported",
        INFO,
        gettext_noop("Deleted in OkVet on {value}; imported as inactive."),
        label=gettext_noop("Deleted in OkVet, imported as inactive"),
        advice=gettext_noop("Nothing to do: the record is kept, inactive, for the history."),
    ),
)

RECORD_TYPES = (*NOT_IMPORTED, *REPEATS, *REFERENCES, *SYNC)
