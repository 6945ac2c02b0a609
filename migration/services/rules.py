"""The declared rules, applied: does a stored value still equal its source cell?

One function per rule of ``migration.read.declarations.RULES``. Each takes the source text (a
non-empty cell, stripped), the stored value at the column's target, and what it may need more
(the whole source row, the whole stored row, the clinic's zone, the ID map of the references),
and answers a verdict with a short note. Text is compared with the source text itself, never
with the converter run again: a value the converter cut or altered reads as *differs*.

Verdicts: ``equal``; ``transformed`` (equal after the rule's named transformation); ``kept``
(verbatim in legacy extras or in the field of the text as typed); ``not_imported`` (with a
reason); ``differs`` and ``missing``, which fail the read-back check.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext, gettext_lazy

from migration.convert import cleaners as c
from migration.convert.appointments import STATUSES
from migration.convert.base import legacy_key
from migration.convert.vaccines import manufacturer
from migration.read import declarations as d

EQUAL, TRANSFORMED, KEPT = "equal", "transformed", "kept"
NOT_IMPORTED, DIFFERS, MISSING = "not_imported", "differs", "missing"
EDITED = "edited"
VERDICTS = (EQUAL, TRANSFORMED, KEPT, NOT_IMPORTED, EDITED, DIFFERS, MISSING)
EQUAL_VERDICT = (EQUAL, "")
VERDICT_LABELS = {
    EQUAL: gettext_lazy("equal"),
    TRANSFORMED: gettext_lazy("equal after its rule's transformation"),
    KEPT: gettext_lazy("kept verbatim"),
    NOT_IMPORTED: gettext_lazy("not imported, with a reason"),
    EDITED: gettext_lazy("edited in Pet-Friendly since, on record"),
    DIFFERS: gettext_lazy("differs"),
    MISSING: gettext_lazy("missing"),
}
FAILING = frozenset((DIFFERS, MISSING))

Verdict = tuple[str, str]


@dataclass(slots=True)
class RowFacts:
    """What a rule may look at besides the cell: the rows, the issues, the references."""

    source: dict[str, Any]
    stored: dict[str, Any]
    issues: set[tuple[str, str]] = field(default_factory=set)
    tz: ZoneInfo = ZoneInfo("UTC")
    links: dict[tuple[str, str], tuple[int, bool]] = field(default_factory=dict)
    extras: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.extras = self.stored.get("legacy_extras") or {}

    def text(self, column: str) -> str:
        return c.clean_text(str(self.source.get(column) or ""))

    def issue_codes(self) -> set[str]:
        return {code for code, _ in self.issues}

    def issue_on(self, column: str) -> str:
        return next((code for code, name in sorted(self.issues) if name == column), "")


def value_at(stored: dict[str, Any], path: tuple[str, ...]) -> Any:
    """``("details", "files")`` → ``stored["details"]["files"]``; a missing key is ``None``."""
    value = stored.get(path[0])
    for part in path[1:]:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _same_text(text: str, stored: Any) -> Verdict:
    if isinstance(stored, str):
        return (EQUAL, "") if stored.strip() == text else (DIFFERS, "")
    try:
        parsed = json.loads(text)
    except ValueError:
        return DIFFERS, ""
    return (TRANSFORMED, "JSON") if parsed == stored else (DIFFERS, "")


def exact(text: str, stored: Any, column: d.Column, facts: RowFacts) -> Verdict:
    return _same_text(text, stored)


def key(text: str, stored: Any, column: d.Column, facts: RowFacts) -> Verdict:
    if stored == text:
        return EQUAL, ""
    return (TRANSFORMED, "Excel") if stored == legacy_key(text) else (DIFFERS, "")


def name(text: str, stored: Any, column: d.Column, facts: RowFacts) -> Verdict:
    spaced = " ".join(text.split())
    if stored == text:
        return EQUAL, ""
    same = isinstance(stored, str) and stored.casefold() == spaced.casefold()
    return (TRANSFORMED, "") if same else (DIFFERS, "")


def email(text: str, stored: Any, column: d.Column, facts: RowFacts) -> Verdict:
    if stored == text:
        return EQUAL, ""
    return (TRANSFORMED, "") if stored == text.lower() else (DIFFERS, "")


_DIGITS = re.compile(r"\D")


def phone(text: str, stored: Any, column: d.Column, facts: RowFacts) -> Verdict:
    """Same digits: ``"300 123 45 67"`` is ``+573001234567`` (the country code added)."""
    if stored == text:
        return EQUAL, ""
    typed, kept = _DIGITS.sub("", text).lstrip("0"), _DIGITS.sub("", str(stored))
    return (TRANSFORMED, "") if typed and kept.endswith(typed) else (DIFFERS, "")


def document(text: str, stored: Any, column: d.Column, facts: RowFacts) -> Verdict:
    if stored == text:
        return EQUAL, ""
    plain = re.sub(r"[^A-Z0-9]", "", text.upper())
    return (TRANSFORMED, "") if re.sub(r"[^A-Z0-9]", "", str(stored)) == plain else (DIFFERS, "")


def instant(text: str, stored: Any, column: d.Column, facts: RowFacts) -> Verdict:
    if not isinstance(stored, datetime):
        return DIFFERS, ""
    local = stored.astimezone(facts.tz)
    if local.strftime("%Y-%m-%d %H:%M:%S") == text:
        return EQUAL, str(facts.tz)
    parsed = c.parse_datetime(text, column=column.name, tz=facts.tz).value
    return (TRANSFORMED, str(facts.tz)) if parsed == stored else (DIFFERS, "")


def same_date(text: str, stored: Any, column: d.Column, facts: RowFacts) -> Verdict:
    if isinstance(stored, str):  # a date kept as text (SQLite, JSON)
        stored = date.fromisoformat(stored[:10])
    if not isinstance(stored, date):
        return DIFFERS, ""
    if stored.isoformat() == text:
        return EQUAL, ""
    parsed = c.parse_date(text, column=column.name).value
    return (TRANSFORMED, "") if parsed == stored else (DIFFERS, "")


def _percent(text: str) -> Decimal | None:
    value = c.parse_decimal(text.replace("%", ""), column="").value
    if value is not None and 0 < value < 1:
        value *= 100
    return None if value is None else value.quantize(Decimal("0.01"))


NUMBERS: dict[str, Callable[[str, RowFacts], Decimal | None]] = {
    "money": lambda text, facts: c.parse_decimal(text, column="", thousands=True).value,
    "amount": lambda text, facts: c.parse_decimal(text, column="", thousands=True).value,
    "percent": lambda text, facts: _percent(text),
    "weight": lambda text, facts: (
        c.parse_weight(text, facts.text("weight_unit"), column="", species="other").value
    ),
}


def number(text: str, stored: Any, column: d.Column, facts: RowFacts) -> Verdict:
    expected = NUMBERS[column.how](text, facts)
    if expected is None or stored is None or Decimal(str(stored)) != expected:
        return DIFFERS, ""
    return (EQUAL, "") if str(stored) == text else (TRANSFORMED, "")


def _microchip(text: str, facts: RowFacts) -> Any:
    chip, code = c.parse_microchip(text, column="code").value
    return chip or ("", code)


def _active(text: str, facts: RowFacts) -> bool | None:
    key_ = c.normalize_key(text)
    if key_ in ("activo", "activa", "habilitado", "habilitada"):
        return True
    if key_ in ("inactivo", "inactiva", "deshabilitado", "deshabilitada"):
        return False
    flag = c.parse_bool(text, column="").value
    return True if flag is None else flag


VOCABULARIES: dict[str, Callable[[str, RowFacts], Any]] = {
    "document-type": lambda text, facts: (
        c.normalize_document(text, facts.text("number_doc"), country="").value.doc_type
    ),
    "species": lambda text, facts: c.map_species(text, facts.text("specie_other")).value[0],
    "breed": lambda text, facts: c.map_breed(text, facts.text("race_other"))[0],
    "sex": lambda text, facts: c.map_sex(text, column="").value,
    "neutered": lambda text, facts: c.map_neutered(text, column="").value,
    "yes-no": lambda text, facts: c.parse_bool(text, column="").value,
    "microchip": _microchip,
    "manufacturer": lambda text, facts: manufacturer(text),
    "appointment-status": lambda text, facts: STATUSES.get(c.normalize_key(text), ""),
    "active": _active,
    "currency": lambda text, facts: text.upper(),
}


def vocabulary(text: str, stored: Any, column: d.Column, facts: RowFacts) -> Verdict:
    expected = VOCABULARIES[column.how](text, facts)
    if isinstance(expected, tuple):  # not a chip: the clinic's own code
        expected, stored = expected[1], facts.stored.get("clinic_code")
    if empty(expected):  # a known unknown (``unknow``, ``No`` chip): nothing to store
        return (TRANSFORMED, "∅") if empty(stored) else (DIFFERS, "")
    if stored != expected:
        return DIFFERS, ""
    return (EQUAL, "") if stored == text else (TRANSFORMED, str(expected))


BY_DOCUMENT = frozenset({"client_id"})


def reference(text: str, stored: Any, column: d.Column, facts: RowFacts) -> Verdict:
    """The stored link is the row the ID map gives for that OkVet id (a merged duplicate's
    id gives its survivor)."""
    space = d.referenced_namespace(column.how)
    link = facts.links.get((space, legacy_key(text))) or facts.links.get((space, text))
    if link is None:
        if stored is None:  # no row of that OkVet id was imported: nothing to link to
            return NOT_IMPORTED, gettext("no imported row has this OkVet id")
        # an orphan under its placeholder (its issue says so), or an invoice's client found
        # by the identity document the invoice names
        found = column.name in BY_DOCUMENT
        return (TRANSFORMED, "document") if found else (MISSING, "")
    target, alias = link
    if stored is None:
        return MISSING, ""
    if stored != target:
        return DIFFERS, f"#{stored}"
    return (TRANSFORMED, f"→ #{target}") if alias else (EQUAL, f"#{target}")


def _paths(text: str) -> set[str]:
    try:
        value = json.loads(text) if text[:1] in "[{" else text
    except ValueError:
        value = text
    items = [value] if isinstance(value, dict | str) else value
    found = set()
    for item in items if isinstance(items, list) else ():
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict) and (item.get("path") or item.get("name")):
            found.add(str(item.get("path") or item.get("name")))
    return found


def files(text: str, stored: Any, column: d.Column, facts: RowFacts) -> Verdict:
    kept = {
        str(ref.get("path") or ref.get("name"))
        for ref in stored or ()
        if isinstance(ref, dict) and ref.get("column") == column.name
    }
    wanted = _paths(text)
    if not wanted or not kept:
        return MISSING, ""
    return (TRANSFORMED, str(len(wanted))) if wanted <= kept else (DIFFERS, "")


CHECKS: dict[str, Callable[[str, Any, d.Column, RowFacts], Verdict]] = {
    d.EXACT: exact,
    d.KEY: key,
    d.NAME: name,
    d.EMAIL: email,
    d.PHONE: phone,
    d.DOCUMENT: document,
    d.INSTANT: instant,
    d.DATE: same_date,
    d.NUMBER: number,
    d.VOCABULARY: vocabulary,
    d.REFERENCE: reference,
    d.FILES: files,
}


def _in_extras(text: str, kept: Any) -> Verdict:
    value = str(kept).strip()
    return (KEPT, "") if value in (text, legacy_key(text)) else (DIFFERS, "")


def judge(column: d.Column, text: str, facts: RowFacts) -> Verdict:
    """The verdict of one non-empty source cell of an imported row."""
    extras = facts.extras
    if extras and column.name in extras:
        return _in_extras(text, extras[column.name])
    rule = column.rule
    if rule == d.EXACT and not column.raw:  # most cells: one plain text field
        stored = value_at(facts.stored, column.path)
        if stored.__class__ is str and stored and stored.strip() == text:
            return EQUAL_VERDICT
    if rule == d.EXTRAS:
        return MISSING, ""
    if column.rule == d.NOT_IMPORTED:
        return NOT_IMPORTED, column.reason
    stored = value_at(facts.stored, column.path)
    if empty(stored) and rule not in (d.VOCABULARY, d.REFERENCE) and stored.__class__ is not list:
        verdict = (MISSING, "")
    else:
        verdict = CHECKS[column.rule](text, stored, column, facts)
    if verdict[0] not in FAILING:
        if column.raw and str(facts.stored.get(column.raw) or "").strip() != text:
            return _explained(column, text, (DIFFERS, column.raw), facts)
        return verdict
    return _explained(column, text, verdict, facts)


def _explained(column: d.Column, text: str, verdict: Verdict, facts: RowFacts) -> Verdict:
    """A failing verdict an issue of the row accounts for: the value as typed kept in its raw
    field, a cleaner's issue on the column saying why the field is empty, or a sync that
    kept the clinic's own edit of the field (``sync-conflict``)."""
    if facts.issues and (found := _kept_local_edit(column, facts)):
        return EDITED, found
    if column.raw and str(facts.stored.get(column.raw) or "").strip() == text:
        return KEPT, column.raw
    explaining = facts.issue_on(column.name) or next(
        (code for code in column_explained_by(column) if code in facts.issue_codes()), ""
    )
    if explaining and verdict[0] == MISSING:
        return NOT_IMPORTED, explaining
    if explaining and explaining in column_explained_by(column):
        return TRANSFORMED, explaining
    return verdict


EDITED_IN_CLINIC = "edited-in-pet-friendly"
LOCAL_EDITS = ("sync-conflict", EDITED_IN_CLINIC)
"""Why a stored value may differ from its source: a sync kept the clinic's edit of it, or the
clinic's change log (an edit in the admin, with who and when) names the field."""


def _kept_local_edit(column: d.Column, facts: RowFacts) -> str:
    head = column.target.split(".")[0]
    fields = {head, head.removesuffix("_id"), column.raw} - {""}
    for code, name in facts.issues:
        if code in LOCAL_EDITS and name in fields:
            return code
    return ""


EXPLAINED_BY: dict[tuple[str, str], tuple[str, ...]] = {
    ("ident_type", "ident_type"): ("phone-as-document", "unknown-document-type"),
    ("dead", "is_deceased"): ("deceased-without-flag",),
    ("owner_id", "owner_id"): ("orphan-owner", "unlinked-reference"),
    ("pet_id", "pet_id"): ("orphan-pet", "unlinked-reference"),
    ("client_id", "invoice__owner_id"): ("invoice-client-not-found",),
}
"""Issues that say why a column's field differs from its cell, raised on another column."""


def column_explained_by(column: d.Column) -> tuple[str, ...]:
    return EXPLAINED_BY.get((column.name, column.target), ())


IMPORTED_STATUS = "imported"
VERSION_STATUSES = frozenset({IMPORTED_STATUS, "updated", "conflict"})
"""Statuses of a record whose source row is a version of a row in the clinic's tables."""
