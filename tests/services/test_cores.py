"""Whether a worker process takes part: the setting, the machine's cores and how busy they are."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from migration.services import cores


@pytest.fixture
def machine(monkeypatch, settings):
    """``machine(cores)``: the decision as on a machine of that many cores (``auto``)."""
    settings.MIGRATION_WORKER = "auto"
    return lambda count: monkeypatch.setattr(cores, "machine_cores", lambda: count)


def test_auto_takes_a_worker_for_large_work_on_two_cores_or_more(machine):
    machine(2)
    assert cores.worker_pays(True)
    assert not cores.worker_pays(False)
    machine(1)
    assert not cores.worker_pays(True)


def test_the_setting_overrides_the_machine(machine, settings):
    machine(1)
    settings.MIGRATION_WORKER = "always"
    assert cores.worker_pays(False)
    machine(64)
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
