"""``manage.py import_okvet`` in a process of its own, given an export it must not read: exit
code 2, one line on stderr, no traceback, no run left ``running`` and no clinic row written.

The XLSX case is the one that used to abort the whole process (SIGABRT, a Rust backtrace):
it can only be tested in a process of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "malformed"
ENGINE = ROOT / "tests" / "fixtures" / "engine"

STATE = """
import json
from clinic.models import OwnerProfile, Pet
from migration.models import MigrationBatch, MigrationRecord, MigrationRun
print(json.dumps({
    "records": MigrationRecord.objects.count(),
    "runs": list(MigrationRun.objects.order_by("pk").values_list("status", flat=True)),
    "batches": list(MigrationBatch.objects.order_by("pk").values_list("status", flat=True)),
    "owners": OwnerProfile.objects.count(),
    "pets": Pet.objects.count(),
}))
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """An empty, migrated database of the processes' own (SQLite, or a scratch PostgreSQL)."""
    tmp = tmp_path_factory.mktemp("unreadable")
    scratch, drop = f"sqlite:///{tmp / 'db.sqlite3'}", None
    if connection.vendor == "postgresql":
        parts = urlsplit(os.environ["DATABASE_URL"])
        name = f"{parts.path.lstrip('/')}_unreadable"
        scratch = urlunsplit(parts._replace(path=f"/{name}"))
        _admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    environment = {
        **os.environ,
        "DATABASE_URL": scratch,
        "PETFRIENDLY_VAR_DIR": str(tmp / "var"),
        "PETFRIENDLY_MEDIA_ROOT": str(tmp / "media"),
    }
    assert _run(environment, "migrate", "-v0").returncode == 0
    yield environment
    if drop:
        _admin(drop)


def _admin(*statements: str) -> None:
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/postgres")
    with psycopg.connect(urlunsplit(url)) as db:
        db.autocommit = True
        for statement in statements:
            db.execute(statement)


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _state(env: dict) -> dict:
    return json.loads(_run(env, "shell", "-v0", "-c", STATE).stdout)


def _export_with(tmp_path: Path, name: str, place) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(ENGINE / "propietarios.csv", folder / "propietarios.csv")
    place(folder / name)
    return folder


CASES = {
    "a symbolic link to /etc/passwd": (
        lambda tmp: _export_with(tmp, "mascotas.csv", lambda p: p.symlink_to("/etc/passwd")),
        "mascotas.csv: es un enlace simbólico que sale de la carpeta 'export'; no se lee",
    ),
    "a workbook with a cell in XFD1048576": (
        lambda tmp: _export_with(
            tmp, "mascotas.xlsx", lambda p: shutil.copy(CORPUS / "cell_at_xfd1048576.xlsx", p)
        ),
        "mascotas.xlsx: la hoja 'Propietarios' tendría más de 25,000,000 celdas",
    ),
    "a ZIP with an encrypted member": (
        lambda tmp: CORPUS / "encrypted_member.zip",
        "encrypted_member.zip: 'propietarios.csv' del archivo ZIP está cifrado",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_unreadable_export_is_one_line_and_nothing_written(env, tmp_path, case):
    make, line = CASES[case]
    before = _state(env)
    done = _run(env, "import_okvet", f"--source={make(tmp_path)}", "--no-progress")
    assert done.returncode == 2, done.stderr[-3000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"CommandError: {line}"), done.stderr[-3000:]
    assert "Traceback" not in done.stderr + done.stdout and "root:" not in done.stderr
    assert _state(env) == before  # no run, no batch, no owner, no pet
    assert "running" not in before["runs"] + before["batches"]


def test_a_csv_with_cr_line_endings_imports(env, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    text = (ENGINE / "propietarios.csv").read_bytes().replace(b"\r\n", b"\n")
    (folder / "propietarios.csv").write_bytes(text.replace(b"\n", b"\r"))
    before = _state(env)
    done = _run(env, "import_okvet", f"--source={folder}", "--no-progress")
    assert done.returncode == 0, done.stderr[-3000:]
    state = _state(env)
    assert state["runs"][-1] == "completed" and state["owners"] > before["owners"]
    assert state["records"] - before["records"] == 9  # the file's nine rows, as with CRLF
