"""Shared test helpers: fixture paths, running commands, reading batches back."""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_report_header(config) -> str:
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(scope="session")
def scratch(tmp_path_factory):
    """Databases for processes of their own (a web server, a worker, a killed import), each a
    copy of one migrated once for the whole session (``tests.e2e.processes.Scratch``)."""
    from tests.e2e.processes import Scratch

    databases = Scratch(connection.vendor, tmp_path_factory.mktemp("databases"))
    yield databases
    databases.close()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True)
def english_by_default():
    """Tests assert on English text unless they switch to Spanish themselves."""
    with translation.override("en"):
        yield


@dataclass
class Ran:
    out: str
    err: str


@pytest.fixture
def run():
    """``run("import_okvet_clients", "--file=x")`` → captured stdout and stderr."""

    def _run(*args: str) -> Ran:
        out, err = io.StringIO(), io.StringIO()
        call_command(*args, stdout=out, stderr=err)
        return Ran(out.getvalue(), err.getvalue())

    return _run


@pytest.fixture
def on_postgres() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def export(fixtures, tmp_path) -> Path:
    """A folder holding the engine fixtures' owners and pets, as an export to import."""
    folder = tmp_path / "export"
    folder.mkdir()
    for name in ("propietarios.csv", "mascotas.csv"):
        shutil.copy(fixtures / "engine" / name, folder / name)
    return folder
