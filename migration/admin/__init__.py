"""The migration's tracking in the admin: runs, batches, rows, the ID map, sync changes, the
issue queue, sign-offs and owner merges.

Everything here is the proof of what the migration did, so nothing is added, edited or
deleted from the admin: a run or a batch is undone by its rollback, after the rollback's own
preview; an issue is closed with a reason. Every label, choice and message is Spanish by
default (English msgids), numbers and dates as Colombia writes them. The admin's index links
to the migration console (``/migracion/``).
"""

from django.contrib import admin

from migration.admin import issues, owners, runs, signoffs, tracking

__all__ = ["issues", "owners", "runs", "signoffs", "tracking"]

admin.site.index_template = "admin/migration/site_index.html"
