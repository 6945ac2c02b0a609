"""What every issue type declares: a stable code, a severity, a message, a label, an advice."""

from __future__ import annotations

from dataclasses import dataclass, field

CRITICAL, WARNING, INFO = "critical", "warning", "info"


@dataclass(frozen=True, slots=True)
class IssueType:
    """One kind of problem. ``template`` is the stored description (filled with the row's
    values); ``label`` names the kind in a few words ("Invalid date"); ``advice`` says what
    the clinic should do about it, in plain words (no command-line options). All three are
    English msgids, translated where they are shown."""

    code: str
    severity: str
    template: str
    label: str = field(kw_only=True)
    advice: str = field(kw_only=True)
