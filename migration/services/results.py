"""Results of the migration services: plain dataclasses, rendered by commands and reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class IssueCount:
    code: str
    severity: str
    count: int


@dataclass(frozen=True)
class BatchResult:
    batch_id: int
    batch_type: str
    status: str
    dry_run: bool
    files: list[str]
    counts: dict[str, int]
    issues: list[IssueCount]
    elapsed_seconds: float
    rows_per_second: float
    cells: dict[str, int] = field(default_factory=dict)
    changes: list[dict] = field(default_factory=list)
    """A sync's changed rows, field by field (the first ``tracking.SHOWN_CHANGES``): OkVet
    id, file, row, column, OkVet's value before and after, the value stored, whether it was
    applied."""
    changed_columns: dict[str, int] = field(default_factory=dict)
    """A sync's changed rows per column."""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Dependent:
    """Rows of other batches (or created by hand) that point at what a rollback would delete."""

    model: str
    count: int
    examples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KeptRows:
    """Rows a batch created alongside its source rows (a staff member, a placeholder, an
    invoice) that its rollback leaves, because rows outside it still use them: they pass to
    batch ``heir`` (``None``: only rows made in the clinic use them)."""

    model: str
    count: int
    heir: int | None


@dataclass(frozen=True)
class RollbackResult:
    batch_id: int
    dry_run: bool
    deleted: dict[str, int]
    dependents: list[Dependent]
    cascaded: bool
    kept: list[KeptRows] = field(default_factory=list)
    cleared: dict[str, int] = field(default_factory=dict)
    alternates_removed: int = 0
    restored: int = 0
    """Rows of earlier batches a sync changed, given their before-images back."""

    def to_dict(self) -> dict:
        return asdict(self)
