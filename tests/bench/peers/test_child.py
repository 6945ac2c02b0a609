"""Each peer's run, as its process runs it: timed, measured, and what it wrote counted."""

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from bench.peers import child

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


@pytest.fixture
def owners_file(tmp_path) -> Path:
    call_command(
        "generate_okvet_export",
        f"--output={tmp_path / 'export'}",
        "--owners=12",
        "--pets=0",
        "--seed=7",
        stdout=io.StringIO(),
    )
    return tmp_path / "export" / "propietarios.csv"


def test_import_okvet_clients_writes_its_tracking_rows_beside_the_owners(owners_file):
    measured = child.run_import("okvet", owners_file)

    assert measured["seconds"] > 0 and measured["peak_mb"] > 0
    written = child.counts()
    assert written["migration_migrationrecord"] == 12  # one per source row
    assert written["accounts_user"] == written["clinic_ownerprofile"] > 0
    assert written["migration_migrationbatch"] == 1
    assert "migration_externalidmapping" in written


@pytest.mark.parametrize("peer", ["ie-defaults", "ie-tuned"])
def test_django_import_export_writes_a_user_and_a_profile_per_row_and_nothing_else(
    owners_file, peer
):
    child.run_import(peer, owners_file)

    assert child.counts() == {"accounts_user": 12, "clinic_ownerprofile": 12}


def test_an_unknown_peer_is_named():
    with pytest.raises(SystemExit, match="unknown peer 'csvkit': one of ie-defaults"):
        child.main(["csvkit", "x.csv"])


def test_a_peer_runs_in_a_process_of_its_own_with_django_import_export_installed(
    owners_file, tmp_path
):
    if connection.vendor != "sqlite":
        pytest.skip("copies the SQLite test database")
    database = tmp_path / "run.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(database)
    connection.connection.backup(target)  # the migrated test database, empty
    target.close()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT)}
    env["PETFRIENDLY_VAR_DIR"] = str(tmp_path / "var")

    done = subprocess.run(
        [sys.executable, "-m", "bench.peers.child", "ie-tuned", str(owners_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["written"] == {"accounts_user": 12, "clinic_ownerprofile": 12}
    assert measured["seconds"] > 0 and measured["peak_mb"] > measured["worker_mb"] == 0
