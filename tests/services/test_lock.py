"""The import lock: held by a live process only, re-entered by its own, refused to others at
once with the run in progress named; on PostgreSQL an advisory lock taken with it."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from migration.errors import MigrationError
from migration.models import MigrationRun
from migration.services import lock
from migration.services.lock import HOST, current_holder, import_lock, is_held, lock_path

pytestmark = pytest.mark.django_db

HOLD = """
import fcntl, json, os, socket, sys
from datetime import datetime, timezone
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
since = datetime.now(timezone.utc).isoformat()
record = {"pid": os.getpid(), "host": socket.gethostname(), "since": since}
os.pwrite(fd, json.dumps(record).encode(), 0)
print(since, flush=True)
sys.stdin.read()
"""


@pytest.fixture(autouse=True)
def lock_dir(settings, tmp_path, monkeypatch):
    settings.MIGRATION_LOCK_DIR = str(tmp_path / "locks")
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.1)
    return tmp_path / "locks"


@pytest.fixture
def other_process():
    """The lock held through a file description of its own, as another process holds it."""
    opened = []

    def hold(content: bytes = b"") -> None:
        path = lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.pwrite(fd, content, 0)
        opened.append(fd)

    yield hold
    for fd in opened:
        os.close(fd)


@pytest.fixture
def live_holder():
    """The lock file held by a live process of its own: its pid and since when."""
    started = []

    def hold() -> tuple[int, datetime]:
        path = lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        since = datetime.fromisoformat(process.stdout.readline().strip())
        return process.pid, since

    yield hold
    for process in started:
        process.stdin.close()
        process.wait(timeout=10)


def test_held_while_the_block_runs_then_free():
    assert current_holder() is None and not is_held()
    with import_lock() as holder:
        assert is_held() and current_holder() == holder and holder.pid == os.getpid()
        data = json.loads(lock_path().read_text())
        assert (data["pid"], data["host"]) == (os.getpid(), HOST)
        with import_lock() as again:  # re-entered by its own process
            assert again == holder
        assert is_held()
    assert current_holder() is None and not is_held()
    assert lock_path().read_text() == ""


def test_a_live_holder_refuses_the_lock_at_once(live_holder, monkeypatch):
    monkeypatch.setattr(lock, "WAIT_SECONDS", 30)
    pid, since = live_holder()
    assert current_holder() == lock.Holder(pid, since, HOST)
    started = time.monotonic()
    with pytest.raises(MigrationError) as refused, import_lock():
        pass
    assert time.monotonic() - started < 1
    assert str(refused.value) == (
        f"another import is running (process {pid}@{HOST}, since "
        f"{timezone.localtime(since):%Y-%m-%d %H:%M}): wait for it to end"
    )
    assert not is_held()


def test_the_refusal_names_the_run_in_progress(live_holder):
    earlier = MigrationRun.objects.create(source="/exports/old.zip")
    pid, since = live_holder()
    MigrationRun.objects.filter(pk=earlier.pk).update(created_at=since - timedelta(minutes=1))
    live = MigrationRun.objects.create(source="/exports/okvet.zip")
    with pytest.raises(MigrationError) as refused, import_lock():
        pass
    assert f"another import is running (run {live.pk}, process {pid}@{HOST}, since" in str(
        refused.value
    )
    MigrationRun.objects.filter(pk=live.pk).update(status="completed")
    with pytest.raises(MigrationError) as refused, import_lock():  # the earlier run is not it
        pass
    assert str(refused.value).startswith(f"another import is running (process {pid}@{HOST},")


def test_a_file_naming_a_dead_process_is_retried_then_refused(other_process):
    """A process checking the lock holds it for microseconds: a file naming a dead holder is
    not a reason to refuse at once."""
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    since = timezone.now() - timedelta(minutes=5)
    record = {"pid": int(dead.stdout), "host": HOST, "since": since.isoformat()}
    other_process(json.dumps(record).encode())
    started = time.monotonic()
    with pytest.raises(MigrationError, match=rf"process {int(dead.stdout)}@"), import_lock():
        pass
    assert time.monotonic() - started >= lock.WAIT_SECONDS


def test_a_dead_holders_file_is_taken_over(lock_dir):
    path = lock_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"pid": 4711, "host": HOST, "since": "2026-01-01T00:00:00+00:00"}))
    assert current_holder() is None
    with import_lock() as holder:
        assert json.loads(path.read_text())["pid"] == holder.pid == os.getpid()


def test_a_holder_that_has_not_written_its_file_yet(other_process):
    other_process()
    before = timezone.now()
    holder = current_holder()
    assert holder.pid is None and holder.since >= before
    with pytest.raises(MigrationError, match=r"process \?, since \?"), import_lock():
        pass


def test_a_forked_worker_does_not_hold_the_lock():
    with import_lock():
        pid = os.fork()
        if pid == 0:  # the child: its copy of the file is closed, the parent still holds it
            os._exit(0 if not is_held() else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert is_held()
    assert current_holder() is None


def test_one_lock_file_per_database(monkeypatch, lock_dir):
    first = lock_path()
    assert first.parent == lock_dir
    monkeypatch.setitem(connection.settings_dict, "NAME", "another")
    assert lock_path() != first


def test_a_sqlite_database_file_has_its_lock_beside_it(monkeypatch, tmp_path, settings):
    """Every process opening the database finds the lock, whatever its lock folder."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "db.sqlite3"))
    assert lock_path() == tmp_path / "db.sqlite3-import.lock"
    settings.MIGRATION_LOCK_DIR = str(tmp_path / "elsewhere")
    assert lock_path() == tmp_path / "db.sqlite3-import.lock"


def test_an_in_memory_database_is_its_process_own(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    monkeypatch.setitem(connection.settings_dict, "NAME", ":memory:")
    mine = lock_path()
    monkeypatch.setattr(os, "getpid", lambda: 1)
    assert lock_path() != mine


def test_a_lock_file_that_cannot_be_read_still_means_held(other_process):
    other_process(b"{not json")
    holder = current_holder()
    assert holder is not None and holder.pid is None
