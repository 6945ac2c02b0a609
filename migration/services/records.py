"""``records_import``: any mix of clinical-table files, each recognised by its columns.

Files are grouped by the table they hold and imported in plan order (a prescription before its
lines), one batch per table. Every file is opened before anything is written, so a file that is
not a clinical table stops the whole command with nothing imported.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from migration.errors import SourceError
from migration.i18n import gettext_noop
from migration.read.mapping import load_mapping
from migration.read.sources import SourceTable, open_table
from migration.services.imports import ImportOptions, Progress, batch_import, batches_in_turn
from migration.services.limits import source_limits
from migration.services.plan import PLAN, RECORD_STEPS
from migration.services.results import BatchResult


def records_import(
    *, options: ImportOptions, progress: Progress | None = None
) -> list[BatchResult]:
    mapping = load_mapping(options.mapping) if options.mapping else None
    groups: dict[str, list[tuple[str, SourceTable]]] = {}
    for path in options.files:
        table = open_table(path, mapping=mapping, limits=source_limits())
        if table.table not in RECORD_STEPS:
            raise SourceError(
                gettext_noop("this file holds the OkVet {found} table, not a clinical table"),
                file=table.file,
                found=table.table,
            )
        groups.setdefault(table.table, []).append((path, table))
    return batches_in_turn(
        partial(
            batch_import,
            batch_type=step.batch_type,
            options=replace(options, files=[path for path, _ in groups[step.table]]),
            progress=progress,
            sources=[table for _, table in groups[step.table]],
        )
        for step in PLAN
        if step.table in groups
    )
