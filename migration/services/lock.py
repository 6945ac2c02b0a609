"""The import lock: one import or rollback at a time per database, held by a live process.

An import marks its run and batches ``running`` and closes them when it ends. A process that is
killed (SIGKILL, the server restarted, the terminal closed) never closes them; the database
rolls back its open transaction, and the rows stay ``running``. The lock tells the two apart:
a ``running`` row is *interrupted* when no live process holds the lock, or when the live
holder took it after the row was created (the row is an earlier, dead process's).

Two locks are taken together, before anything is written, and neither waits:

- an exclusive ``flock`` on a file, which the system releases the moment its process dies.
  A SQLite database's file lies beside it (``db.sqlite3-import.lock``), so every process that
  opens the database finds it, whatever its settings; for PostgreSQL (and an in-memory SQLite)
  it is under ``MIGRATION_LOCK_DIR`` (default ``var/locks``);
- on PostgreSQL, a session-level advisory lock (``pg_try_advisory_lock``) on a connection of
  its own, which the server releases when that connection ends: two hosts importing into one
  database are serialised too, and each sees the other's import as live. The session's
  ``application_name`` names its holder (``pet-friendly import 4711@web-1 1764643200000``).

A second import is refused at once with one line naming the run in progress, its process and
since when: ``another import is running (run 12, process 4711@web-1, since 2026-12-01 21:40)``.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import re
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from migration.errors import MigrationError
from migration.i18n import gettext_noop
from migration.models import MigrationBatch, MigrationRun

WAIT_SECONDS = 2.0
"""How long to retry a lock whose file names no live process: a process checking the lock
holds it for microseconds (the file then names a dead holder, or nobody), and a new holder
writes its file microseconds after taking it. A file naming a live process refuses at once."""

HOST = socket.gethostname()
LABEL = "pet-friendly import"
LABEL_RE = re.compile(rf"^{LABEL} (\d+)@(\S*) (\d+)$")
REFUSED = gettext_noop(
    "another import is running (run {run}, process {pid}, since {since}): wait for it to end"
)
REFUSED_NO_RUN = gettext_noop(
    "another import is running (process {pid}, since {since}): wait for it to end"
)


@dataclass(frozen=True)
class Holder:
    pid: int | None
    since: datetime
    host: str = ""

    @property
    def process(self) -> str:
        """``4711@web-1``; ``?`` when unknown."""
        if self.pid is None:
            return "?"
        return f"{self.pid}@{self.host}" if self.host else str(self.pid)


class _Held:
    fd: int | None = None
    session: Any = None
    holder: Holder | None = None
    depth = 0


_held = _Held()
_inherited: list = []  # a forked child's copies of the lock's session: never finished


def lock_path() -> Path:
    """The lock file of the default database. An in-memory SQLite database (tests) lives
    only in its own process: the process id is part of its name."""
    db = connection.settings_dict
    name = str(db.get("NAME") or "")
    sqlite = connection.vendor == "sqlite"
    if sqlite and not connection.is_in_memory_db() and not name.startswith("file:"):
        return Path(f"{os.path.abspath(name)}-import.lock")
    key = [connection.vendor, str(db.get("HOST") or ""), str(db.get("PORT") or ""), name]
    if sqlite and connection.is_in_memory_db():
        key.append(str(os.getpid()))
    digest = hashlib.sha256("\0".join(key).encode()).hexdigest()[:16]
    folder = getattr(settings, "MIGRATION_LOCK_DIR", None) or Path(settings.VAR_DIR) / "locks"
    return Path(folder) / f"import-{digest}.lock"


@contextmanager
def import_lock() -> Iterator[Holder]:
    """Hold the import lock while the block runs; re-entered freely by its own process.
    Another live holder: a ``MigrationError`` naming it, at once."""
    if _held.holder is not None:
        _held.depth += 1
        try:
            yield _held.holder
        finally:
            _held.depth -= 1
        return
    fd = _acquire(lock_path())
    holder = Holder(os.getpid(), timezone.now(), HOST)
    try:
        record = {"pid": holder.pid, "host": HOST, "since": holder.since.isoformat()}
        os.pwrite(fd, json.dumps(record).encode(), 0)
        session = _database_lock(holder)
    except BaseException:
        _release(fd)
        raise
    _held.fd, _held.session, _held.holder = fd, session, holder
    try:
        yield holder
    finally:
        _held.fd, _held.session, _held.holder = None, None, None
        if session is not None:
            _release_database_lock(session)
        _release(fd)


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


def current_holder() -> Holder | None:
    """The live process holding the lock (this one included, or one of another host sharing
    the PostgreSQL database), or ``None``."""
    if _held.holder is not None:
        return _held.holder
    found = _file_holder()
    if found is None and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            found = _database_holder(cursor)
    return found


def refusal(other: Holder | None) -> MigrationError:
    """The one line another import gets: the run in progress, its process, since when."""
    values = {
        "pid": other.process if other else "?",
        "since": _local(other.since) if other else "?",
    }
    run = _running_run(other)
    if run is None:
        return MigrationError(REFUSED_NO_RUN, **values)
    return MigrationError(REFUSED, run=run, **values)


def _running_run(other: Holder | None) -> int | None:
    """The run the holder is importing: running, created since it took the lock. A holder
    rolling back, or not yet past opening its source, has none."""
    if other is None or other.pid is None:
        return None
    runs = MigrationRun.objects.filter(
        status=MigrationBatch.Status.RUNNING, created_at__gte=other.since
    )
    return runs.order_by("-pk").values_list("pk", flat=True).first()


def _acquire(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.ftruncate(fd, 0)
            return fd
        except BlockingIOError:
            other = _read(fd)
            if _alive(other) or time.monotonic() >= deadline:
                os.close(fd)
                raise refusal(other) from None
            time.sleep(0.01)


def _release(fd: int) -> None:
    os.ftruncate(fd, 0)
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def _alive(holder: Holder | None) -> bool:
    """Whether the file's holder is a live process; one of another host is taken as alive."""
    if holder is None or holder.pid is None:
        return False
    if holder.host not in ("", HOST):
        return True
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _file_holder() -> Holder | None:
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
        since = datetime.fromisoformat(data["since"])
        return Holder(int(data["pid"]), since, str(data.get("host") or ""))
    except (ValueError, TypeError, KeyError):
        return None


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# PostgreSQL: the advisory lock


def advisory_key() -> int:
    """The advisory lock's key: from the database's name (advisory locks are per database
    already; the name keeps the key apart from other applications' keys)."""
    name = str(connection.settings_dict.get("NAME") or "")
    digest = hashlib.sha256(f"{LABEL}\0{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 2  # positive, below 2**62


HOLDER_SQL = """
SELECT a.application_name, l.pid, a.backend_start
FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid::bigint = %s AND l.objid::bigint = %s
"""


def _database_lock(holder: Holder) -> Any:
    """The advisory lock, on a connection of its own (autocommit), named after ``holder``;
    ``None`` off PostgreSQL. Held by another session: its refusal."""
    if connection.vendor != "postgresql":
        return None
    with connection.wrap_database_errors:
        session = connection.Database.connect(**connection.get_connection_params())
        try:
            session.autocommit = True
            with session.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [advisory_key()])
                if not cursor.fetchone()[0]:
                    raise refusal(_database_holder(cursor))
                cursor.execute("SELECT set_config('application_name', %s, false)", [_label(holder)])
        except BaseException:
            session.close()
            raise
    return session


def _release_database_lock(session: Any) -> None:
    """Unlocked before the session closes: a closed connection's backend ends a moment later,
    and the next import asking at once would find the lock still held."""
    try:
        with session.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [advisory_key()])
    except Exception:  # a broken connection: closing it releases the lock all the same
        pass
    finally:
        session.close()


def _label(holder: Holder) -> str:
    """``pet-friendly import 4711@web-1 1764643200000`` in PostgreSQL's 63 bytes."""
    millis = int(holder.since.timestamp() * 1000)
    room = 63 - len(f"{LABEL} {holder.pid}@ {millis}")
    return f"{LABEL} {holder.pid}@{HOST.encode()[:room].decode(errors='ignore')} {millis}"


def _database_holder(cursor) -> Holder | None:
    """The session holding the advisory lock: as its name tells, else its server process."""
    key = advisory_key()
    cursor.execute(HOLDER_SQL, [key >> 32, key & 0xFFFFFFFF])
    row = cursor.fetchone()
    if row is None:
        return None
    name, _, started = row
    named = LABEL_RE.match(name or "")
    if named is None:  # not an import's session, or its name hidden: since it connected
        return Holder(None, started or timezone.now())
    since = datetime.fromtimestamp(int(named[3]) / 1000, tz=UTC)
    return Holder(int(named[1]), since, named[2])


def _forget_in_child() -> None:
    """A forked worker (the conversion worker) does not hold the lock: its copy of the file
    is closed, so the lock goes the moment the importing process dies; its copy of the
    session's socket is pointed at ``/dev/null``, so that finishing it (at exit) cannot end
    the importing process's session and its advisory lock."""
    if _held.fd is not None:
        os.close(_held.fd)
    if _held.session is not None:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, _held.session.fileno())
        os.close(devnull)
        _inherited.append(_held.session)
    _held.fd, _held.session, _held.holder, _held.depth = None, None, None, 0


os.register_at_fork(after_in_child=_forget_in_child)
