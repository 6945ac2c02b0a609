"""The migration's exceptions: one small tree, each rendered as one clear line.

Row-level problems are never exceptions (they become ``DataQualityIssue`` rows); these are for
an unreadable file, a wrong or incomplete table, a database failure. Messages are English
templates with parameters so that the command layer can show them in the user's language.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from typing import Any

from migration.i18n import gettext_noop, render

FILE_ROW_COLUMN = gettext_noop("{file}, row {row}, column '{column}': {message}")
FILE_ROW = gettext_noop("{file}, row {row}: {message}")
FILE_COLUMN = gettext_noop("{file}, column '{column}': {message}")
FILE_ONLY = gettext_noop("{file}: {message}")


class MigrationError(Exception):
    """Base of every error the migration reports to the user as one line."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(self.render())

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        """The one-line message, translated when a ``translate`` function is given."""
        if translate is None:
            return render(self.template, self.params)
        return render(self.template, self.params, translate)

    def __str__(self) -> str:
        return self.render()

    def __reduce__(self) -> tuple:
        """Pickled with its template and parameters (a worker process hands errors over)."""
        state = {**self.__dict__, "params": _plain(self.params)}
        if "message_params" in state:
            state["message_params"] = _plain(state["message_params"])
        return (_restore, (type(self), state))


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters that survive pickling: an exception given as ``error=`` becomes its text."""
    return {k: v if isinstance(v, str | int | float | None) else str(v) for k, v in params.items()}


def _restore(cls: type[MigrationError], state: dict[str, Any]) -> MigrationError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error.render())
    return error


class SourceError(MigrationError):
    """A source file cannot be read as an OkVet table.

    >>> str(SourceError("missing required column", file="owners.csv", row=1, column="name"))
    "owners.csv, row 1, column 'name': missing required column"
    """

    def __init__(
        self,
        template: str,
        *,
        file: str,
        row: int | None = None,
        column: str | None = None,
        **params: Any,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.message_template = template
        self.message_params = params
        MigrationError.__init__(self, template, **params)

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        tr = translate or gettext_noop
        message = render(self.message_template, self.message_params, tr)
        where = {"file": self.file, "row": self.row, "column": self.column, "message": message}
        if self.row is not None and self.column is not None:
            return render(FILE_ROW_COLUMN, where, tr)
        if self.row is not None:
            return render(FILE_ROW, where, tr)
        if self.column is not None:
            return render(FILE_COLUMN, where, tr)
        return render(FILE_ONLY, where, tr)


class MappingFileError(SourceError):
    """A ``--mapping`` file is unreadable or names an unknown table or column."""


class LoadError(MigrationError):
    """Writing to the clinic's database failed."""


class RollbackError(MigrationError):
    """A batch cannot be rolled back as asked."""


class SignoffError(MigrationError):
    """A run cannot be signed off as asked."""


class CorrectionError(MigrationError):
    """A batch's failed rows cannot be exported or retried as asked."""


class MergeError(MigrationError):
    """Owners cannot be merged (or a merge undone) as asked."""


class PurgeError(MigrationError):
    """A run's source rows cannot be purged as asked."""


class ConflictError(MigrationError):
    """A sync conflict cannot be resolved as asked."""


class ReviewError(MigrationError):
    """Issues of the review queue cannot be closed as asked."""


class UnexpectedError(MigrationError):
    """An exception no part of the migration foresaw (a bug, an unforeseen failure), as one
    line naming it and where it happened; the batch it stopped is failed and rolled back.

    >>> try:
    ...     int("x")
    ... except ValueError as exc:
    ...     print(UnexpectedError.of(exc))  # doctest: +ELLIPSIS
    unexpected error ValueError: invalid literal for int() with base 10: 'x' (at ...:...)
    """

    @classmethod
    def of(cls, exc: BaseException) -> UnexpectedError:
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if f"{os.sep}migration{os.sep}" in f.filename] or frames
        where = f"{os.path.basename(ours[-1].filename)}:{ours[-1].lineno}" if ours else "?"
        return cls(
            gettext_noop("unexpected error {kind}: {error} (at {where})"),
            kind=type(exc).__name__,
            error=str(exc),
            where=where,
        )


class PartialRunError(MigrationError):
    """An import of several batches stopped part way after some were committed: those stay,
    so the command's exit code is 1, not the 2 that means nothing was written."""

    def __init__(self, cause: MigrationError, *, batches: list[int], run: int | None) -> None:
        self.cause = cause
        template = (
            gettext_noop(
                "{error}; run {run} kept the batches it had completed ({batches}): "
                "rollback_migration --run-id={run} undoes them"
            )
            if run is not None
            else gettext_noop(
                "{error}; the batches completed before it were kept ({batches}): "
                "rollback_migration --batch-id undoes each"
            )
        )
        super().__init__(template, error=cause, run=run, batches=", ".join(map(str, batches)))

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        params = {**self.params, "error": self.cause.render(translate)}
        return render(self.template, params, translate or gettext_noop)
