"""The parts of a table's declaration: rules, columns, tables, and the columns many share."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from migration.i18n import gettext_noop
from migration.read.tables import TableSpec

EXACT, KEY, NAME, EMAIL, PHONE, DOCUMENT = "exact", "key", "name", "email", "phone", "document"
INSTANT, DATE, NUMBER, VOCABULARY = "instant", "date", "number", "vocabulary"
REFERENCE, FILES, EXTRAS, NOT_IMPORTED = "reference", "files", "extras", "not-imported"

RULES: dict[str, str] = {
    EXACT: gettext_noop("exact text"),
    KEY: gettext_noop("the OkVet id, as the record's legacy id"),
    NAME: gettext_noop("text after capitalising the name"),
    EMAIL: gettext_noop("text after lower-casing the e-mail"),
    PHONE: gettext_noop("phone in E.164 form (as typed in the raw field)"),
    DOCUMENT: gettext_noop("identity document as written (and normalised)"),
    INSTANT: gettext_noop("same instant in the clinic's time zone"),
    DATE: gettext_noop("same date"),
    NUMBER: gettext_noop("same number and unit"),
    VOCABULARY: gettext_noop("vocabulary mapping"),
    REFERENCE: gettext_noop("link to the imported row of that OkVet id"),
    FILES: gettext_noop("file references"),
    EXTRAS: gettext_noop("kept verbatim in legacy extras"),
    NOT_IMPORTED: gettext_noop("not imported"),
}
"""Rule code → its description (an English template, translated where it is shown)."""


@dataclass(frozen=True)
class Column:
    """One source column: the field it lands in, the rule, and what the rule needs.

    ``target`` is a field of the table's model, a related one (``user__email``) or a key inside
    a JSON field (``details.dx``); ``how`` names the vocabulary, the number's kind or the table
    a reference points at; ``raw`` a field holding the text as typed; ``derived`` fields also
    computed from it (documentation); ``reason`` why a not-imported column is not.
    """

    name: str
    target: str
    rule: str
    how: str = ""
    raw: str = ""
    derived: tuple[str, ...] = ()
    reason: str = ""

    @cached_property
    def path(self) -> tuple[str, ...]:
        """The target as the steps to its value: ``details.dx`` → ``("details", "dx")``."""
        return tuple(self.target.split("."))


@dataclass(frozen=True)
class Table:
    """One OkVet table: its names, its label, the record it becomes, its columns' rules."""

    name: str
    label: str
    model: str
    batch_type: str
    id_type: str
    columns: tuple[Column, ...] = ()
    spec: TableSpec | None = None
    by_converter: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.spec is not None and not self.spec.name:
            object.__setattr__(self, "spec", replace(self.spec, name=self.name))
        if self.spec is not None and self.spec.name != self.name:
            raise ValueError(f"table {self.name!r} read as {self.spec.name!r}")

    @property
    def read(self) -> bool:
        """Whether its rows come from a file of the export (the spec says how it is read)."""
        return self.spec is not None

    @cached_property
    def rules(self) -> dict[str, Column]:
        """Every column of the table → its declaration; a column the declaration does not
        name is kept verbatim in legacy extras."""
        declared = {column.name: column for column in self.columns}
        known = self.spec.known if self.spec else ()
        found = {n: declared.get(n) or Column(n, "legacy_extras", EXTRAS) for n in known}
        found.update((n, c) for n, c in declared.items() if n not in found)
        return found

    @cached_property
    def mapped(self) -> frozenset[str]:
        """The columns the converter handles itself (the rest it keeps in legacy extras)."""
        handled = {c.name for c in self.columns if c.rule != EXTRAS}
        return frozenset(handled | self.by_converter)


def col(spec: str, rule: str, **more) -> Column:
    """``"phone phone"`` → the column ``phone`` landing in the field ``phone``."""
    name, target = spec.split()
    return Column(name, target, rule, **more)


TRAILER = (
    Column("created_at", "created_at", INSTANT),
    Column("updated_at", "updated_at", INSTANT),
)
DELETED_EXTRAS = Column("deleted_at", "legacy_extras.deleted_at", EXTRAS)
DELETED_DROPPED = Column(
    "deleted_at",
    "",
    NOT_IMPORTED,
    reason=gettext_noop(
        "the date the row was deleted in OkVet: the row is skipped, or imported with a "
        "soft-deleted-imported issue holding the date"
    ),
)
NOT_KEPT = frozenset({"deleted_at"})
PET_LINK = Column("pet_id", "pet_id", REFERENCE, how="pets")


def texts(names: str) -> tuple[Column, ...]:
    """``"address city"`` → those columns, each stored as is in the field of its name."""
    return tuple(Column(name, name, EXACT) for name in names.split())
