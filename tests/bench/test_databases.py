"""The benchmark's fresh databases and their floor: every row a run wrote, written plainly."""

import os
import sqlite3
from datetime import UTC, datetime

import psycopg
import pytest
from django.db import connection

from bench.databases import (
    PostgresDatabases,
    SQLiteDatabases,
    chosen,
    floor,
    floor_of,
    open_databases,
    written,
)

SCHEMA = (
    "CREATE TABLE owner (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "folded TEXT GENERATED ALWAYS AS (lower(name)) STORED, extras TEXT)",
    "CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT)",
    "CREATE TABLE untouched (id INTEGER PRIMARY KEY)",
    "INSERT INTO django_migrations (app) VALUES ('clinic')",
)


@pytest.fixture
def home(tmp_path):
    template = tmp_path / "migrated.sqlite3"
    with sqlite3.connect(template) as db:
        for statement in SCHEMA:
            db.execute(statement)
    db.close()
    return SQLiteDatabases(tmp_path, migrated=template)


def _sqlite_rows(url: str, sql: str) -> list[tuple]:
    db = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_each_sqlite_database_is_a_fresh_copy_of_the_template(home):
    url = home.create("run-0")
    db = sqlite3.connect(home.path("run-0"))
    with db:
        db.execute("INSERT INTO owner (id, name) VALUES (1, 'ANA')")
    db.close()

    assert _sqlite_rows(home.create("run-1"), "SELECT * FROM owner") == []
    copied = home.create("sync", source="run-0")
    assert _sqlite_rows(copied, "SELECT id, folded FROM owner") == [(1, "ana")]
    home.drop("run-0")
    assert not home.path("run-0").exists()
    assert url == f"sqlite:///{home.path('run-0')}"


def test_the_sqlite_floor_writes_every_row_the_run_wrote_but_not_its_generated_columns(home):
    source = home.create("real-0")
    db = sqlite3.connect(home.path("real-0"))
    with db:
        db.executemany(
            "INSERT INTO owner (id, name, extras) VALUES (?, ?, ?)",
            [(1, "ANA", '{"a": 1}'), (2, "Luis", None)],
        )
    db.close()

    tables = written(source)
    assert [(t.name, t.columns, t.rows) for t in tables] == [
        ("owner", ("id", "name", "extras"), [(1, "ANA", '{"a": 1}'), (2, "Luis", None)])
    ]  # Django's own tables and empty ones are the template's
    target = home.create("floor")
    assert floor(tables, target) > 0
    assert _sqlite_rows(target, "SELECT id, folded FROM owner") == [(1, "ana"), (2, "luis")]
    assert _sqlite_rows(target, "SELECT COUNT(*) FROM django_migrations") == [(1,)]
    rows, seconds = floor_of(home, "real-0", "floor-again")
    assert rows == 2 and seconds > 0
    assert not home.path("floor-again").exists()


def test_database_choices():
    assert chosen("both") == ("sqlite", "postgres")
    assert chosen("postgres") == ("postgres",)
    with pytest.raises(ValueError, match="unknown database 'oracle'"):
        open_databases("oracle", None)


@pytest.fixture
def server():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"


def test_postgres_databases_are_copies_made_and_dropped_and_their_floor_is_copy(server, tmp_path):
    template = f"pf_bench_test_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{template}"')
        admin.execute(f'CREATE DATABASE "{template}"')
    home = PostgresDatabases(tmp_path, server=server, template=template)
    made: list[str] = []
    try:
        with psycopg.connect(f"{server}/{template}") as db:
            db.execute(
                "CREATE TABLE owner (id bigint PRIMARY KEY, name text NOT NULL, "
                "folded text GENERATED ALWAYS AS (lower(name)) STORED, extras jsonb, "
                "seen timestamptz)"
            )
            db.execute("CREATE TABLE django_migrations (id serial PRIMARY KEY, app text)")
        source = home.create("real-0")
        seen = datetime(2026, 12, 2, 15, 30, tzinfo=UTC)
        with psycopg.connect(source) as db:
            db.execute("INSERT INTO owner VALUES (1, 'ANA', DEFAULT, '{\"a\": [1]}', %s)", [seen])
            db.execute("INSERT INTO django_migrations (app) VALUES ('clinic')")

        [table] = written(source)
        assert (table.name, table.columns) == ("owner", ("id", "name", "extras", "seen"))
        assert table.rows == [(1, "ANA", '{"a": [1]}', seen)]
        rows, seconds = floor_of(home, "real-0", "floor")
        assert rows == 1 and seconds > 0
        target = home.create("again")
        floor([table], target)
        with psycopg.connect(target) as db:
            copied = db.execute("SELECT id, folded, extras, seen FROM owner").fetchall()
            assert copied == [(1, "ana", {"a": [1]}, seen)]
            assert db.execute("SELECT COUNT(*) FROM django_migrations").fetchone() == (0,)
        made = list(home.made)
    finally:
        home.close()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            left = admin.execute(
                "SELECT datname FROM pg_database WHERE datname = ANY(%s)", [made]
            ).fetchall()
            admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    assert made == [home.name("real-0"), home.name("again")] and left == []
