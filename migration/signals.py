"""What the migration tells whoever listens, without knowing who does.

``run_sources_purged`` is sent once a run's purge is committed (``run_purge``), with
``run_id``: the console deletes the files uploaded for that run then. The migration does not
import its console (an import-linter contract), so the console listens here instead.
"""

from django.dispatch import Signal

run_sources_purged = Signal()
"""Sent with ``run_id`` after the purge of that run's source rows is committed."""
