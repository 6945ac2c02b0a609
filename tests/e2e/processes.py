"""Real processes on databases of their own, for the crash and two-imports tests.

``IMPORTER`` is ``manage.py import_okvet`` (its real command line: one line and an exit code on
failure) that pauses at a chosen moment and says so by writing a marker file; the test then
kills its process group, or lets it go on by writing ``<marker>.go``. ``STATE`` prints what a
test checks of a database as JSON: runs, batches, per-table counts and digests, links to
missing rows, the files in storage, verify_migration's ``no_interrupted_imports``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]

IMPORTER = r"""
import os, sys, time
from pathlib import Path
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petfriendly.settings")
django.setup()
from django.core.management import execute_from_command_line
from django.db import transaction
from django.db.backends.signals import connection_created
from migration.load.tracking import TrackingSpool
from migration.models import MigrationBatch
from migration.services import imports

point, table, marker, *args = sys.argv[1:]
marker = Path(marker)

def pause():
    if marker.exists():
        return
    marker.with_suffix(".tmp").write_text(str(os.getpid()))
    marker.with_suffix(".tmp").rename(marker)
    while not marker.with_suffix(".go").exists():
        time.sleep(0.02)

if "small-cache" in point:  # every write spills to the file: an exclusive lock at once
    def tiny(sender, connection, **kwargs):
        if connection.vendor == "sqlite":
            connection.connection.execute("PRAGMA cache_size = 1")
    connection_created.connect(tiny)

if point.startswith("during"):  # after the table's first chunk is written
    imports.worth_a_worker = lambda paths: True  # a conversion worker in the process group
    chunks = imports.converted_chunks
    def chunks_then_pause(step, *a, **kw):
        for chunk in chunks(step, *a, **kw):
            yield chunk
            if step.batch_type == table:
                pause()
    imports.converted_chunks = chunks_then_pause
else:  # after the table's batch commits, before the next batch begins
    write = TrackingSpool.write
    def write_then_pause_after_commit(self):
        write(self)
        kind = MigrationBatch.objects.get(pk=self.batch_id).batch_type
        if kind == table:
            transaction.on_commit(pause)
    TrackingSpool.write = write_then_pause_after_commit
execute_from_command_line(["manage.py", "import_okvet", *args])
"""

STATE = r"""
import contextlib, hashlib, io, json, os, re, sys
from pathlib import Path
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petfriendly.settings")
django.setup()
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from migration.models import ExternalIdMapping, MigrationBatch, MigrationRecord, MigrationRun
from migration.services.interrupted import interrupted_imports

USER = get_user_model()
MODELS = [*apps.get_app_config("clinic").get_models(), USER]
SKIP = {"password", "last_login", "date_joined"}  # a hash salted anew, the moment of import

def links(model):
    return [f for f in model._meta.concrete_fields if f.is_relation]

def dangling():
    found = {}
    for model in MODELS:
        for f in links(model):
            n = model.objects.exclude(**{f"{f.attname}__isnull": True}).exclude(
                **{f"{f.attname}__in": f.related_model.objects.values("pk")}).count()
            if n:
                found[f"{model._meta.label}.{f.name}"] = n
    return found

def columns(model):
    # every business column; a link as the OkVet id (or user name) of the row it points at
    names = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in SKIP or getattr(f, "auto_now", False) or getattr(
                f, "auto_now_add", False):
            continue
        if f.is_relation:
            target = {g.name for g in f.related_model._meta.concrete_fields}
            names.append(f"{f.name}__{'legacy_id' if 'legacy_id' in target else 'username'}")
        else:
            names.append(f.name)
    return names

KINDS = dict(MigrationBatch.objects.values_list("pk", "batch_type"))
PLACEHOLDER = re.compile(r"(okvet-placeholder-)(\d+)-\d+$|( )(\d+)(\))$")

def batch_kind(found):
    # a placeholder names the batch that made it ("okvet-placeholder-18-26", "Propietario
    # desconocido (mascotas huérfanas del lote 18)"): its number is not the clinic's data,
    # and an interrupted run moves it; its table is
    start, number, end = (found[1], found[2], "") if found[1] else found.group(3, 4, 5)
    return f"{start}{KINDS.get(int(number), number)}{end}"

def plain(value):
    return PLACEHOLDER.sub(batch_kind, value) if isinstance(value, str) else value

DATABASE_ID = re.compile(r"^\d+:")

def row_key(model, names, values):
    # a file reference's key starts with its record's database id ("1060:VetFiles/…"), which
    # differs between databases (PostgreSQL does not reuse the ids of rolled back rows); the
    # record is in the row by its OkVet id
    values = [plain(v) for v in values]
    if model._meta.label == "clinic.Document":
        at = names.index("legacy_id")
        values[at] = DATABASE_ID.sub(":", values[at])
    return json.dumps(values, default=str, sort_keys=True)

def digest(model):
    names = columns(model)
    rows = sorted(row_key(model, names, r) for r in model.objects.values_list(*names))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()

def constraints():
    try:
        connection.check_constraints()
    except Exception as exc:
        return str(exc)
    return "ok"

def interrupted_check():
    out = Path(sys.argv[1])
    with contextlib.suppress(CommandError):
        call_command("verify_migration", f"--json={out}", stdout=io.StringIO(),
                     stderr=io.StringIO())
    checks = json.loads(out.read_text())["checks"]
    return next(c for c in checks if c["name"] == "no_interrupted_imports")

media = Path(settings.MEDIA_ROOT)
if sys.argv[2:] == ["counts"]:  # enough after a rollback
    print(json.dumps({
        "runs": [list(r) for r in MigrationRun.objects.order_by("pk").values_list("pk", "status")],
        "counts": {m._meta.label: m.objects.count() for m in MODELS},
    }))
    sys.exit()
print(json.dumps({
    "runs": [list(r) for r in MigrationRun.objects.order_by("pk").values_list("pk", "status")],
    "batches": [
        {"type": b.batch_type, "status": b.status, "run": b.run_id,
         "records": MigrationRecord.objects.filter(batch=b).count(),
         "mappings": ExternalIdMapping.objects.filter(batch=b).count()}
        for b in MigrationBatch.objects.filter(run_id=1).order_by("pk")
    ],
    "counts": {m._meta.label: m.objects.count() for m in MODELS},
    "digests": {m._meta.label: digest(m) for m in MODELS},
    "dangling": dangling(),
    "constraints": constraints(),
    "media": sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()),
    "interrupted_check": interrupted_check() if sys.argv[2:] == ["verify"] else None,
    "interrupted": [[f.kind, f.id] for f in interrupted_imports(real_only=True)],
}))
"""


SIGNED_IN = r"""
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petfriendly.settings")
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
user = get_user_model().objects.create_superuser("reader", "reader@example.com", "x")
client = Client()
client.force_login(user)
print(client.cookies["sessionid"].value)
"""

READER = r"""
import contextlib, io, json, os, sys, time
from pathlib import Path
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "petfriendly.settings")
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.test.utils import setup_test_environment
from clinic.models import OwnerProfile, Pet
from migration.models import MigrationBatch

setup_test_environment()  # the test client keeps the context its pages were rendered with
session, folder = sys.argv[1], Path(sys.argv[2])
client = Client()
client.cookies["sessionid"] = session
seen, started = {}, time.monotonic()
seen["owners"], seen["pets"] = OwnerProfile.objects.count(), Pet.objects.count()
seen["batches"] = list(MigrationBatch.objects.order_by("pk").values_list("batch_type", "status"))
for name, url in (("runs", "/admin/migration/migrationrun/"),
                  ("interrupted", "/admin/migration/migrationrun/?interrupted=yes"),
                  ("pets_page", "/admin/clinic/pet/")):
    page = client.get(url)
    seen[name] = [page.status_code, page.context["cl"].result_count]
with contextlib.suppress(CommandError):  # other checks may fail mid-import: not this one
    call_command("verify_migration", f"--json={folder / 'verify.json'}", stdout=io.StringIO())
checks = json.loads((folder / "verify.json").read_text())["checks"]
seen["no_interrupted_imports"] = next(
    c["passed"] for c in checks if c["name"] == "no_interrupted_imports")
call_command("compare_migration", f"--output={folder / 'compare.html'}", stdout=io.StringIO())
seen["compare_bytes"] = (folder / "compare.html").stat().st_size
seen["seconds"] = time.monotonic() - started
print(json.dumps(seen))
"""


def run(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


def started(env: dict, *args: str) -> subprocess.Popen:
    """A process in a process group of its own (``os.killpg`` kills it and its workers)."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for(marker: Path, process: subprocess.Popen, timeout: float = 120) -> int:
    """The pid written in ``marker`` once the process pauses; a process that ends instead
    fails the test with its output."""
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"ended with {process.returncode} before pausing:\n{err[-3000:]}")
        assert time.monotonic() < deadline, "never paused"
        time.sleep(0.02)
    return int(marker.read_text())


def state(env: dict, *, verify: bool = False, counts_only: bool = False) -> dict:
    """What ``STATE`` prints; ``verify``: with verify_migration's ``no_interrupted_imports``."""
    report = Path(env["PETFRIENDLY_VAR_DIR"]).parent / "state-verify.json"
    extra = ["counts"] if counts_only else ["verify"] if verify else []
    return json.loads(run(env, "-c", STATE, str(report), *extra).stdout)


class Scratch:
    """Databases of their own, each a copy of one migrated once: SQLite files, or (on
    PostgreSQL) scratch databases ``pf_crash_<base>_<pid>_<label>`` made from a template."""

    def __init__(self, vendor: str, root: Path) -> None:
        self.vendor, self.root, self.made = vendor, root, []
        self.url = os.environ.get("DATABASE_URL", "")
        base = urlsplit(self.url).path.lstrip("/")[:20] if vendor == "postgresql" else ""
        self.prefix = f"pf_crash_{base}_{os.getpid()}"
        self.template = self._url("template")
        if vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self._name("template")}"')
            self._admin(f'CREATE DATABASE "{self._name("template")}"')
            self.made.append(self._name("template"))
        run(self._env(self.template, root / "template"), "manage.py", "migrate", "-v0")

    def env(self, label: str, folder: Path) -> dict:
        """The environment of processes sharing the database ``label`` (empty, migrated) and
        ``folder``. A PostgreSQL database is made once, then emptied for the next test (faster
        than making another: ``CREATE`` and ``DROP DATABASE`` wait for a checkpoint)."""
        if self.vendor == "postgresql":
            name = self._name(label)
            if name in self.made:
                self._empty(self._url(label))
            else:
                self._admin(f'DROP DATABASE IF EXISTS "{name}"')
                self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self._name("template")}"')
                self.made.append(name)
        else:
            for suffix in ("", "-wal", "-shm"):
                copied = Path(f"{self.root / 'template.sqlite3'}{suffix}")
                if copied.exists():
                    shutil.copy(copied, f"{folder / 'db.sqlite3'}{suffix}")
        return self._env(self._url(label, folder), folder)

    def close(self) -> None:
        for name in self.made:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _name(self, label: str) -> str:
        return f"{self.prefix}_{label}"[:63]

    def _url(self, label: str, folder: Path | None = None) -> str:
        if self.vendor == "postgresql":
            return urlunsplit(urlsplit(self.url)._replace(path=f"/{self._name(label)}"))
        if folder is None:
            return f"sqlite:///{self.root / 'template.sqlite3'}"
        return f"sqlite:///{folder / 'db.sqlite3'}"

    @staticmethod
    def _env(url: str, folder: Path) -> dict:
        (folder / "tmp").mkdir(parents=True, exist_ok=True)
        return {
            **os.environ,
            "DATABASE_URL": url,
            "PETFRIENDLY_VAR_DIR": str(folder / "var"),
            "PETFRIENDLY_MEDIA_ROOT": str(folder / "media"),
            "TMPDIR": str(folder / "tmp"),
        }

    @staticmethod
    def _empty(url: str) -> None:
        import psycopg

        kept = ("django_migrations", "django_content_type", "auth_permission")
        with psycopg.connect(url, autocommit=True) as db:
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
                if name not in kept
            ]
            db.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")

    def _admin(self, statement: str) -> None:
        import psycopg

        postgres = urlunsplit(urlsplit(self.url)._replace(path="/postgres"))
        with psycopg.connect(postgres, autocommit=True) as db:
            db.execute(statement)
