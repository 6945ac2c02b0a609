import pytest

from clinic.models import Appointment
from migration.models import DataQualityIssue

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    run("import_okvet_appointments", f"--file={fixtures / 'records' / 'citas.csv'}")


def test_reminders_bookings_and_blocked_slots(imported):
    reminder = Appointment.objects.get(legacy_id="71")
    assert reminder.is_reminder and not reminder.is_blocked_slot
    assert reminder.status == "pending" and reminder.pet.legacy_id == "201"
    booking = Appointment.objects.get(legacy_id="72")
    assert not booking.is_reminder and booking.status == "attended"
    assert booking.staff.legacy_id == "14" and booking.comments == "Llegó tarde"
    assert booking.legacy_extras["variables"] == '{"color": "red"}'
    assert booking.owner.legacy_id == "101"
    block = Appointment.objects.get(legacy_id="73")
    assert block.is_blocked_slot and block.owner is None and block.pet is None
    assert Appointment.objects.filter(notifications_enabled=True).count() == 0


def test_unknown_links_and_statuses_are_kept_and_flagged(imported):
    lost = Appointment.objects.get(legacy_id="74")
    assert (lost.owner, lost.pet, lost.status) == (None, None, "no_show")
    assert not lost.is_blocked_slot
    unlinked = DataQualityIssue.objects.filter(issue_type="unlinked-reference", source_id="74")
    assert sorted(unlinked.values_list("source_value", flat=True)) == ["555", "999"]
    odd = Appointment.objects.get(legacy_id="75")
    assert odd.status == "" and odd.legacy_extras["assistance"] == "maybe"
    assert DataQualityIssue.objects.get(issue_type="unknown-appointment-status").source_id == "75"
