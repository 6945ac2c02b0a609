"""The import lock: held by a live process only, re-entered by its own, refused to others."""

from __future__ import annotations

import fcntl
import json
import os
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from migration.errors import MigrationError
from migration.services import lock
from migration.services.lock import current_holder, import_lock, is_held, lock_path


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


def test_held_while_the_block_runs_then_free():
    assert current_holder() is None and not is_held()
    with import_lock() as holder:
        assert is_held() and current_holder() == holder and holder.pid == os.getpid()
        data = json.loads(lock_path().read_text())
        assert data["pid"] == os.getpid()
        with import_lock() as again:  # re-entered by its own process
            assert again == holder
        assert is_held()
    assert current_holder() is None and not is_held()


def test_another_live_holder_is_named_and_refuses_the_lock(other_process):
    since = timezone.now() - timedelta(minutes=5)
    other_process(json.dumps({"pid": 4711, "since": since.isoformat()}).encode())
    holder = current_holder()
    assert holder.pid == 4711 and holder.since == since
    with pytest.raises(MigrationError) as refused, import_lock():
        pass
    assert "another import is running (process 4711, since" in str(refused.value)
    assert not is_held()


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
