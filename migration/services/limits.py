"""The readers' caps (``SourceLimits``) from the Django settings ``MIGRATION_MAX_*``."""

from __future__ import annotations

from django.conf import settings

from migration.read.limits import DEFAULT_LIMITS, SourceLimits

SETTINGS = {
    "max_zip_members": "MIGRATION_MAX_ZIP_MEMBERS",
    "max_member_bytes": "MIGRATION_MAX_MEMBER_BYTES",
    "max_unpacked_bytes": "MIGRATION_MAX_UNPACKED_BYTES",
    "max_zip_ratio": "MIGRATION_MAX_ZIP_RATIO",
    "max_sheet_cells": "MIGRATION_MAX_SHEET_CELLS",
}


def source_limits() -> SourceLimits:
    """Read when a source is opened, so ``override_settings`` and a changed setting apply."""
    return SourceLimits(
        **{
            field: int(getattr(settings, name, getattr(DEFAULT_LIMITS, field)))
            for field, name in SETTINGS.items()
        }
    )
