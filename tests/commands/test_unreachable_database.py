"""An unreachable database is one line on stderr and exit code 2, for every command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize(
    "args",
    [
        ["import_okvet_clients", "--file=tests/fixtures/engine/propietarios.csv"],
        ["verify_migration"],
        ["rollback_migration", "--batch-id=1", "--no-input"],
        ["signoff_migration", "--run-id=1", "--by=X"],
    ],
)
def test_unreachable_database(args):
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"}
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stdout.strip() == "" or "Traceback" not in done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("CommandError: "), done.stderr
    assert "Traceback" not in done.stderr
