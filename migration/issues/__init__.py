"""Every data-quality problem the migration can report: a stable code, a severity, a message,
a short label and what to do about it.

Problems are data (never exceptions): the convert layer returns ``Issue`` values, the load layer
stores them as ``DataQualityIssue`` rows, reports group them by code, the admin and the console
show each code's ``label`` and ``advice``. The README lists the codes. One module per family:
``records`` (rows not imported, duplicates, references, syncs), ``values`` (cells, files,
invoices).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migration.i18n import gettext_noop
from migration.issues.base import CRITICAL, INFO, WARNING, IssueType
from migration.issues.records import RECORD_TYPES
from migration.issues.values import VALUE_TYPES

__all__ = ["CATALOG", "CRITICAL", "INFO", "PARAM_WORDS", "WARNING", "Issue", "IssueType"]


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


CATALOG: dict[str, IssueType] = {t.code: t for t in (*RECORD_TYPES, *VALUE_TYPES)}

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
