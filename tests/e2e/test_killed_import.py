"""A real import killed with SIGKILL, in a process of its own, at two moments: right after its
owners batch commits, and in the middle of its pets batch. The run is then interrupted: said
by the next import, failed by verify_migration; importing the same export again completes it
without importing anything twice.

The processes share a database of their own: a SQLite file, or a scratch PostgreSQL database
when the tests run on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

KILLER = """
import os, signal, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petfriendly.settings")
django.setup()
from django.core.management import call_command
from django.db import transaction
from migration.load.pets import PetLoader
from migration.load.tracking import TrackingSpool

def die():
    os.kill(os.getpid(), signal.SIGKILL)

point, source = sys.argv[1], sys.argv[2]
if point == "after-commit":
    write = TrackingSpool.write
    def write_then_die(self):
        write(self)
        transaction.on_commit(die)
    TrackingSpool.write = write_then_die
else:
    create = PetLoader.create
    def create_then_die(self, row, conv):
        create(self, row, conv)
        die()
    PetLoader.create = create_then_die
call_command("import_okvet", "--source=" + source, "--no-progress")
"""

STATE = """
import json
from clinic.models import OwnerProfile, Pet
from migration.models import MigrationBatch, MigrationRun
print(json.dumps({
    "runs": list(MigrationRun.objects.order_by("pk").values_list("status", flat=True)),
    "batches": [
        [b.batch_type, b.status, b.imported_count, b.records.count()]
        for b in MigrationBatch.objects.filter(run_id=1).order_by("pk")
    ],
    "owners": sorted(OwnerProfile.objects.exclude(legacy_id="").values_list("legacy_id", flat=1)),
    "pets": sorted(Pet.objects.exclude(legacy_id="").values_list("legacy_id", flat=1)),
}))
"""


@pytest.fixture
def database(tmp_path):
    """An empty, migrated database for the processes of one test."""
    if connection.vendor == "postgresql":
        url = os.environ["DATABASE_URL"]
        parts = urlsplit(url)
        name = f"{parts.path.lstrip('/')}_killed"
        scratch = urlunsplit(parts._replace(path=f"/{name}"))
        _admin(url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        yield scratch
        _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"


def _admin(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres"))) as db:
        db.autocommit = True
        for statement in statements:
            db.execute(statement)


@pytest.fixture
def env(database, tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": database,
        "PETFRIENDLY_VAR_DIR": str(tmp_path / "var"),
        "PETFRIENDLY_MEDIA_ROOT": str(tmp_path / "media"),
    }
    _run(environment, "manage.py", "migrate", "-v0")
    return environment


def _run(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert done.returncode == 0, done.stderr[-2000:]
    return done


def _state(env: dict) -> dict:
    return json.loads(_run(env, "manage.py", "shell", "-v0", "-c", STATE).stdout)


@pytest.mark.parametrize(
    ("point", "pets_batch"),
    [("after-commit", None), ("mid-batch", ["pets", "running", 0, 0])],
)
def test_a_killed_import_is_interrupted_then_completed(env, export, tmp_path, point, pets_batch):
    killed = _run(env, "-c", KILLER, point, str(export), check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    state = _state(env)
    assert state["runs"] == ["running"]
    owners = state["batches"][0]
    # the batch whose commit the kill followed is completed, with its counts: never running
    # with rows committed under counts of 0
    assert owners[:2] == ["clients", "completed"] and owners[2] == len(state["owners"]) > 0
    assert owners[3] == 9
    assert state["batches"][1:] == ([pets_batch] if pets_batch else [])
    assert state["pets"] == []

    report = tmp_path / "verify.json"
    verify = _run(env, "manage.py", "verify_migration", f"--json={report}", check=False)
    assert verify.returncode == 1 and "Traceback" not in verify.stderr
    check = next(
        c for c in json.loads(report.read_text())["checks"] if c["name"] == "no_interrupted_imports"
    )
    assert not check["passed"] and check["examples"] == [f"run 1 ({export})"]

    again = _run(env, "manage.py", "import_okvet", f"--source={export}", "--no-progress")
    assert again.stdout.splitlines()[0].startswith("La ejecución 1 quedó interrumpida")
    assert "La ejecución 1, interrumpida, queda completada por esta." in again.stdout
    after = _state(env)
    assert after["runs"] == ["failed", "completed"]
    assert after["owners"] == state["owners"]  # nothing imported twice
    assert len(after["pets"]) == len(set(after["pets"])) == 7
    assert check_passes(env, tmp_path)


def check_passes(env: dict, tmp_path: Path) -> bool:
    report = tmp_path / "verify-after.json"
    _run(env, "manage.py", "verify_migration", f"--json={report}", check=False)
    checks = json.loads(report.read_text())["checks"]
    return next(c for c in checks if c["name"] == "no_interrupted_imports")["passed"]
