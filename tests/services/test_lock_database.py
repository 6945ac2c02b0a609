"""One import at a time per database: a second import is refused before it writes anything,
whether the first holds the lock file (same host) or, on PostgreSQL, only the advisory lock
(another host sharing the database)."""

from __future__ import annotations

import fcntl
import json
import os
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from clinic.models import OwnerProfile, Pet
from migration.errors import MigrationError
from migration.models import DataQualityIssue, MigrationBatch, MigrationRecord, MigrationRun
from migration.services import lock
from migration.services.lock import (
    LABEL,
    advisory_key,
    current_holder,
    import_lock,
    is_held,
    lock_path,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lock_dir(settings, tmp_path, monkeypatch):
    settings.MIGRATION_LOCK_DIR = str(tmp_path / "locks")
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.1)


def _session():
    """A PostgreSQL session of its own on the test database, as another host opens one."""
    session = connection.Database.connect(**connection.get_connection_params())
    session.autocommit = True
    return session


def _query(session, sql: str, *params):
    with session.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    opened = []

    def session():
        opened.append(_session())
        return opened[-1]

    yield session
    for one in opened:
        one.close()


@pytest.fixture
def other_host(postgres):
    """The advisory lock held by an import on another host: its session, named as it names
    it, and since when. The lock file here is free."""
    since = (timezone.now() - timedelta(minutes=3)).replace(microsecond=0)
    session = postgres()
    assert _query(session, "SELECT pg_try_advisory_lock(%s)", advisory_key())
    label = f"{LABEL} 4711@web-2 {int(since.timestamp() * 1000)}"
    _query(session, "SELECT set_config('application_name', %s, false)", label)
    return since


def _taken(session) -> bool:
    """Whether the advisory lock is held by a session other than ``session``."""
    got = _query(session, "SELECT pg_try_advisory_lock(%s)", advisory_key())
    if got:
        _query(session, "SELECT pg_advisory_unlock(%s)", advisory_key())
    return not got


def test_another_host_holding_the_database_refuses_the_lock(other_host):
    holder = current_holder()
    assert (holder.pid, holder.host, holder.since) == (4711, "web-2", other_host)
    with pytest.raises(MigrationError) as refused, import_lock():
        pass
    since = f"{timezone.localtime(other_host):%Y-%m-%d %H:%M}"
    assert str(refused.value) == (
        f"another import is running (process 4711@web-2, since {since}): wait for it to end"
    )
    assert not is_held()
    assert lock_path().read_text() == ""  # the file taken a moment is free again
    fd = os.open(lock_path(), os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.close(fd)


def test_the_advisory_lock_is_held_with_the_file_and_names_its_holder(postgres):
    watcher = postgres()
    with import_lock() as holder:
        assert _taken(watcher)
        name = _query(
            watcher,
            "SELECT application_name FROM pg_stat_activity WHERE application_name LIKE %s",
            f"{LABEL} {os.getpid()}@%",
        )
        assert name == f"{LABEL} {os.getpid()}@{lock.HOST} {int(holder.since.timestamp() * 1000)}"
    assert not _taken(watcher)


def test_a_session_not_named_by_an_import_still_holds_the_lock(postgres):
    session = postgres()
    assert _query(session, "SELECT pg_try_advisory_lock(%s)", advisory_key())
    holder = current_holder()
    assert holder.pid is None and holder.since <= timezone.now()
    with pytest.raises(MigrationError, match=r"process \?, since "), import_lock():
        pass


def test_a_forked_worker_ending_does_not_end_the_lock(postgres):
    """The conversion worker is forked while the lock is held: its copy of the session, even
    finished, must not end the importing process's session."""
    watcher = postgres()
    with import_lock():
        pid = os.fork()
        if pid == 0:
            for inherited in lock._inherited:
                inherited.close()
            os._exit(0 if not is_held() else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert _taken(watcher)
        assert _query(watcher, "SELECT 1") == 1
    assert not _taken(watcher)


@pytest.fixture
def same_host():
    """The lock file held by another live process of this host (this one, through a file
    description of its own, as the kernel sees another process)."""
    path = lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    since = timezone.now()
    record = {"pid": os.getpid(), "host": lock.HOST, "since": since.isoformat()}
    os.pwrite(fd, json.dumps(record).encode(), 0)
    yield since
    os.close(fd)


@pytest.mark.parametrize("holder", ["same_host", "other_host"])
def test_a_second_import_is_refused_and_leaves_nothing(run, export, request, holder):
    request.getfixturevalue(holder)
    users = get_user_model().objects.count()
    with pytest.raises(CommandError) as refused:
        run("import_okvet", f"--source={export}", "--no-progress")
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert message.startswith("another import is running (process ") and "\n" not in message
    for model in (MigrationRun, MigrationBatch, MigrationRecord, DataQualityIssue):
        assert not model.objects.exists(), model
    assert not OwnerProfile.objects.exists() and not Pet.objects.exists()
    assert get_user_model().objects.count() == users
    with pytest.raises(CommandError, match="another import is running"):
        run("import_okvet_clients", f"--file={export / 'propietarios.csv'}", "--no-progress")
    assert not MigrationBatch.objects.exists()
