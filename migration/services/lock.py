"""The import lock: one import or rollback at a time, held by a live process.

An import marks its run and batches ``running`` and closes them when it ends. A process that is
killed (SIGKILL, the server restarted, the terminal closed) never closes them; the database
rolls back its open transaction, and the rows stay ``running``. The lock tells the two apart:
it is an exclusive ``flock`` on a file, which the system releases the moment its process dies.
So a ``running`` row is *interrupted* when no live process holds the lock, or when the live
holder took it after the row was created (the row is an earlier, dead process's).

The file holds the holder's process id and since when it holds the lock, for the message
another import gets (``another import is running (process 4711, since 2026-12-01 21:40)``)
and for dating rows. One file per database, under ``MIGRATION_LOCK_DIR`` (default
``var/locks``): the commands that import must run on the database's server, where the file is.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from migration.errors import MigrationError
from migration.i18n import gettext_noop

WAIT_SECONDS = 2.0
"""How long to retry a held lock: a process that only checks it holds it for microseconds."""


@dataclass(frozen=True)
class Holder:
    pid: int | None
    since: datetime


class _Held:
    fd: int | None = None
    holder: Holder | None = None
    depth = 0


_held = _Held()


def lock_path() -> Path:
    """The lock file of the default database. An in-memory SQLite database (tests) lives
    only in its own process: the process id is part of its name."""
    db = connection.settings_dict
    name = str(db.get("NAME") or "")
    key = [connection.vendor, str(db.get("HOST") or ""), str(db.get("PORT") or ""), name]
    if connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name):
        key.append(str(os.getpid()))
    digest = hashlib.sha256("\0".join(key).encode()).hexdigest()[:16]
    folder = getattr(settings, "MIGRATION_LOCK_DIR", None) or Path(settings.VAR_DIR) / "locks"
    return Path(folder) / f"import-{digest}.lock"


@contextmanager
def import_lock() -> Iterator[Holder]:
    """Hold the import lock while the block runs; re-entered freely by its own process.
    Another live holder: a ``MigrationError`` naming it."""
    if _held.holder is not None:
        _held.depth += 1
        try:
            yield _held.holder
        finally:
            _held.depth -= 1
        return
    fd = _acquire(lock_path())
    holder = Holder(os.getpid(), timezone.now())
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps({"pid": holder.pid, "since": holder.since.isoformat()}).encode(), 0)
    _held.fd, _held.holder = fd, holder
    try:
        yield holder
    finally:
        _held.fd, _held.holder = None, None
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def is_held() -> bool:
    """Whether this process holds the lock."""
    return _held.holder is not None


def holding_import_lock(func: Callable) -> Callable:
    """``func`` run under ``import_lock()``."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with import_lock():
            return func(*args, **kwargs)

    return wrapper


def _acquire(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                other = _read(fd)
                os.close(fd)
                raise MigrationError(
                    gettext_noop(
                        "another import is running (process {pid}, since {since}): wait for "
                        "it to end"
                    ),
                    pid=other.pid if other and other.pid else "?",
                    since=_local(other.since) if other else "?",
                ) from None
            time.sleep(0.05)


def current_holder() -> Holder | None:
    """The live process holding the lock (this one included), or ``None``."""
    if _held.holder is not None:
        return _held.holder
    path = lock_path()
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            # held, its file not written yet: it holds no row yet either
            return _read(fd) or Holder(None, timezone.now())
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _read(fd: int) -> Holder | None:
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"null")
        return Holder(int(data["pid"]), datetime.fromisoformat(data["since"]))
    except (ValueError, TypeError, KeyError):
        return None


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _forget_in_child() -> None:
    """A forked worker (the conversion worker) does not hold the lock: its copy of the file
    is closed, so the lock goes the moment the importing process dies."""
    if _held.fd is not None:
        os.close(_held.fd)
    _held.fd, _held.holder, _held.depth = None, None, 0


os.register_at_fork(after_in_child=_forget_in_child)
