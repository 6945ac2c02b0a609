"""Fresh databases for the benchmarks, and the raw floor of each: the same rows written plainly.

Every timed run gets a database of its own, a copy of one empty database migrated once: a file
copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on the local PostgreSQL server, whose scratch
databases are named ``pf_bench_<pid>_<label>`` and dropped when the benchmark ends, even when it
fails. The floor copies every row a run wrote (the clinic's tables and the migration's tracking
tables; Django's own tables are the template's) into another fresh copy, timed from the first
row to the commit: ``sqlite3.executemany`` on SQLite, psycopg's ``COPY … FROM STDIN`` with
``write_row`` on PostgreSQL, the statement the import itself writes with. Generated columns (the
owners' folded search name) are the database's to compute, so they are neither read nor written.

No Django here: the floor runs without the ORM, as the plainest Python client would.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
OWN_TABLES = ("sqlite_", "django_", "auth_")
"""Tables the template already holds (the schema's own, Django's): no run writes them."""
SQLITE_FILES = ("", "-wal", "-shm")
KINDS = ("sqlite", "postgres")


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple]


def migrate(url: str, var: Path) -> None:
    """Apply the project's migrations to the database at ``url`` (a process of its own)."""
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    env.update(PETFRIENDLY_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="petfriendly.settings")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity=0"], cwd=ROOT, env=env, check=True
    )


class SQLiteDatabases:
    """SQLite files in ``work``, each a copy of ``template.sqlite3``."""

    kind = "sqlite"
    floor_method = "executemany"

    def __init__(self, work: Path, *, migrated: Path | None = None) -> None:
        """``migrated``: an already migrated file to copy from instead of migrating anew."""
        self.work = work
        self.template = "template"
        if migrated is not None:
            shutil.copy(migrated, self.path(self.template))
        else:
            migrate(self.url(self.template), work / "template.var")

    def path(self, label: str) -> Path:
        return self.work / f"{label}.sqlite3"

    def url(self, label: str) -> str:
        return f"sqlite:///{self.path(label)}"

    def create(self, label: str, *, source: str | None = None) -> str:
        """A copy of ``source`` (the empty template by default) named ``label``; its URL."""
        self.drop(label)
        for suffix in SQLITE_FILES:
            copied = Path(f"{self.path(source or self.template)}{suffix}")
            if copied.exists():
                shutil.copy(copied, f"{self.path(label)}{suffix}")
        return self.url(label)

    def drop(self, label: str) -> None:
        for suffix in (*SQLITE_FILES, "-import.lock"):
            Path(f"{self.path(label)}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        self.drop(self.template)


def _sqlite_table(db: sqlite3.Connection, name: str) -> Table:
    # table_xinfo's last column: 0 for a stored column, 2 or 3 for a generated one
    columns = tuple(row[1] for row in db.execute(f'PRAGMA table_xinfo("{name}")') if not row[-1])
    listed = ", ".join(f'"{c}"' for c in columns)
    return Table(name, columns, db.execute(f'SELECT {listed} FROM "{name}"').fetchall())


def _insert_sql(table: Table) -> str:
    listed = ", ".join(f'"{c}"' for c in table.columns)
    marks = ", ".join("?" * len(table.columns))
    return f'INSERT INTO "{table.name}" ({listed}) VALUES ({marks})'


TABLES_SQL = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
COLUMNS_SQL = (
    "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
    "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum"
)


class PostgresDatabases:
    """Scratch databases on the PostgreSQL server at ``server``, each made from a template."""

    kind = "postgres"
    floor_method = "COPY"

    def __init__(
        self, work: Path, *, server: str = POSTGRES_SERVER, template: str | None = None
    ) -> None:
        """``template``: an existing database to copy from instead of migrating one."""
        self.server = server.rstrip("/")
        self.prefix = f"pf_bench_{os.getpid()}"
        self.made: list[str] = []
        if template is not None:
            self.template = template
        else:
            self.template = self._create(self.name("template"))
            try:
                migrate(self.url("template"), work / "template.var")
            except BaseException:
                self.close()
                raise

    def name(self, label: str) -> str:
        return f"{self.prefix}_{label}"[:63]

    def url(self, label: str) -> str:
        return self._url(self.name(label))

    def _url(self, database: str) -> str:
        return urlunsplit(urlsplit(self.server)._replace(path=f"/{database}"))

    def create(self, label: str, *, source: str | None = None) -> str:
        """A copy of ``source`` (the empty template by default) named ``label``; its URL."""
        template = self.name(source) if source else self.template
        self._create(self.name(label), template=template)
        return self.url(label)

    def _create(self, database: str, *, template: str | None = None) -> str:
        self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        copied = f' TEMPLATE "{template}"' if template else ""
        self._admin(f'CREATE DATABASE "{database}"{copied}')
        self.made.append(database)
        return database

    def drop(self, label: str) -> None:
        self._drop(self.name(label))

    def _drop(self, database: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        if database in self.made:
            self.made.remove(database)

    def close(self) -> None:
        for database in reversed(list(self.made)):
            self._drop(database)

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self._url("postgres"), autocommit=True) as db:
            db.execute(statement)


def _postgres_table(db, name: str) -> Table:
    columns = tuple(c for (c,) in db.execute(COLUMNS_SQL, [f'"{name}"']))
    listed = ", ".join(f'"{c}"' for c in columns)
    return Table(name, columns, db.execute(f'SELECT {listed} FROM "{name}"').fetchall())


def _copy_sql(table: Table) -> str:
    listed = ", ".join(f'"{c}"' for c in table.columns)
    return f'COPY "{table.name}" ({listed}) FROM STDIN'


def open_databases(kind: str, work: Path, *, server: str = POSTGRES_SERVER):
    """The fresh databases of one kind (``sqlite`` or ``postgres``), their template migrated."""
    if kind == "postgres":
        return PostgresDatabases(work, server=server)
    if kind == "sqlite":
        return SQLiteDatabases(work)
    raise ValueError(f"unknown database {kind!r}: one of {', '.join(KINDS)}")


def chosen(value: str) -> tuple[str, ...]:
    """``--database``'s value: ``sqlite``, ``postgres`` or ``both`` (interleaved)."""
    return KINDS if value == "both" else (value,)


def written(url: str) -> list[Table]:
    """Every row of the tables a run wrote into the database at ``url``, as plain tuples."""
    return _written_postgres(url) if url.startswith("postgres") else _written_sqlite(url)


def floor(tables: list[Table], url: str) -> float:
    """Seconds the plainest client takes to write ``tables`` into the empty database at
    ``url``, commit included: ``executemany`` on SQLite, ``COPY`` on PostgreSQL."""
    return (
        _floor_postgres(tables, url) if url.startswith("postgres") else _floor_sqlite(tables, url)
    )


def floor_of(
    home: SQLiteDatabases | PostgresDatabases, source: str, label: str
) -> tuple[int, float]:
    """Rows the run in database ``source`` wrote, and the seconds its floor took (into a fresh
    database ``label``, dropped after)."""
    tables = written(home.url(source))
    try:
        return sum(len(t.rows) for t in tables), floor(tables, home.create(label))
    finally:
        home.drop(label)


def _sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite:///")


def _written_sqlite(url: str) -> list[Table]:
    db = sqlite3.connect(_sqlite_path(url))
    try:
        names = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith(OWN_TABLES)
        ]
        tables = [_sqlite_table(db, name) for name in sorted(names)]
    finally:
        db.close()
    return [table for table in tables if table.rows]


def _floor_sqlite(tables: list[Table], url: str) -> float:
    db = sqlite3.connect(_sqlite_path(url))
    try:
        started = time.perf_counter()
        with db:
            for table in tables:
                db.executemany(_insert_sql(table), table.rows)
        return time.perf_counter() - started
    finally:
        db.close()


def _written_postgres(url: str) -> list[Table]:
    """As the Python values psycopg reads; JSON as its text, which ``COPY`` takes as it is
    (the import writes its JSON as text too)."""
    import psycopg
    from psycopg.types.string import TextLoader

    with psycopg.connect(url) as db:
        for kind in ("json", "jsonb"):
            db.adapters.register_loader(kind, TextLoader)
        names = [n for (n,) in db.execute(TABLES_SQL) if not n.startswith(OWN_TABLES)]
        tables = [_postgres_table(db, name) for name in names]
    return [table for table in tables if table.rows]


def _floor_postgres(tables: list[Table], url: str) -> float:
    """The deferred foreign keys are checked at the commit, which is timed."""
    import psycopg

    with psycopg.connect(url) as db:
        started = time.perf_counter()
        with db.cursor() as cursor:
            for table in tables:
                with cursor.copy(_copy_sql(table)) as copy:
                    for row in table.rows:
                        copy.write_row(row)
        db.commit()
        return time.perf_counter() - started
