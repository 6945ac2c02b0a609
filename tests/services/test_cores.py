"""Whether a worker process takes part: the setting, the machine's cores, the database."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from migration.services import cores


@pytest.fixture
def on(monkeypatch):
    """``on(vendor, host)``: the decision as on that database."""

    def choose(vendor: str, host: str = "") -> None:
        database = SimpleNamespace(vendor=vendor, settings_dict={"HOST": host})
        monkeypatch.setattr(cores, "connection", database)

    return choose


@pytest.mark.parametrize(
    ("vendor", "host", "needed"),
    [
        ("sqlite", "", 2),
        ("postgresql", "127.0.0.1", 3),
        ("postgresql", "localhost", 3),
        ("postgresql", "/var/run/postgresql", 3),
        ("postgresql", "", 3),
        ("postgresql", "db.clinica.example", 2),
    ],
)
def test_a_local_server_needs_a_core_of_its_own(on, vendor, host, needed):
    on(vendor, host)
    assert cores.cores_needed() == needed


def test_auto_takes_a_worker_only_for_large_work_with_the_cores(on, monkeypatch, settings):
    settings.MIGRATION_WORKER = "auto"
    on("postgresql", "127.0.0.1")
    monkeypatch.setattr(cores, "machine_cores", lambda: 2)
    assert not cores.worker_pays(True)
    monkeypatch.setattr(cores, "machine_cores", lambda: 3)
    assert cores.worker_pays(True)
    assert not cores.worker_pays(False)
    on("sqlite")
    monkeypatch.setattr(cores, "machine_cores", lambda: 2)
    assert cores.worker_pays(True)
    monkeypatch.setattr(cores, "machine_cores", lambda: 1)
    assert not cores.worker_pays(True)


def test_the_setting_overrides_the_cores(monkeypatch, settings):
    monkeypatch.setattr(cores, "machine_cores", lambda: 1)
    settings.MIGRATION_WORKER = "always"
    assert cores.worker_pays(False)
    monkeypatch.setattr(cores, "machine_cores", lambda: 64)
    settings.MIGRATION_WORKER = "never"
    assert not cores.worker_pays(True)


def test_the_machine_cores_are_this_process_s():
    assert cores.machine_cores() >= 1


def test_a_wrong_setting_stops_a_command_with_one_line(settings):
    settings.MIGRATION_WORKER = "sometimes"
    assert [e.id for e in cores.check_worker_setting()] == ["migration.E001"]
    with pytest.raises(SystemCheckError, match="MIGRATION_WORKER is 'sometimes'; it must be one"):
        call_command("check")
    settings.MIGRATION_WORKER = "never"
    assert cores.check_worker_setting() == []
