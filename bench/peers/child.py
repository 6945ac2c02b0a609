"""One peer's run in a process of its own, on the database ``DATABASE_URL`` names (fresh,
migrated). Prints one JSON line: seconds, peak RSS of the process (and of its conversion
worker, if it forked one), and the rows then in each table a run writes.

    python -m bench.peers.child ie-defaults FILE    # django-import-export, defaults
    python -m bench.peers.child ie-tuned FILE       # django-import-export, tuned
    python -m bench.peers.child okvet FILE          # import_okvet_clients --file=FILE
    python -m bench.peers.child floor SOURCE_URL    # the rows the run at SOURCE_URL wrote,
                                                    # written plainly into DATABASE_URL

Only the import is timed (the floor: from the first row written to the commit); starting
Django, and counting what was written, are not.
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import time
from pathlib import Path

SETTINGS = {
    "ie-defaults": "bench.peers.settings",
    "ie-tuned": "bench.peers.settings",
    "okvet": "petfriendly.settings",
}


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def run_import(peer: str, path: Path) -> dict:
    """Time ``peer`` importing ``path``; Django is set up already."""
    if peer == "okvet":
        from django.core.management import call_command

        def work() -> None:
            out = io.StringIO()
            call_command(
                "import_okvet_clients", f"--file={path}", "--no-progress", stdout=out, stderr=out
            )
    else:
        from bench.peers.resources import import_owners

        def work() -> None:
            import_owners(path, tuned=peer == "ie-tuned")

    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "worker_mb": _peak_mb(resource.RUSAGE_CHILDREN),
    }


def counts() -> dict[str, int]:
    """Rows in each table a run writes (not Django's own), those holding any."""
    from django.db import connection

    from bench.databases import OWN_TABLES

    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if not table.startswith(OWN_TABLES):
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                if rows := cursor.fetchone()[0]:
                    found[table] = rows
    return found


def run_floor(source: str, target: str) -> dict:
    from bench.databases import floor, written

    tables = written(source)
    seconds = floor(tables, target)
    return {
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "worker_mb": 0.0,
        "written": {t.name: len(t.rows) for t in tables},
    }


def main(argv: list[str]) -> dict:
    peer, argument = argv
    if peer == "floor":
        return run_floor(argument, os.environ["DATABASE_URL"])
    if peer not in SETTINGS:
        raise SystemExit(f"unknown peer {peer!r}: one of {', '.join([*SETTINGS, 'floor'])}")
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS[peer]
    import django

    django.setup()
    measured = run_import(peer, Path(argument))
    return {**measured, "written": counts()}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
