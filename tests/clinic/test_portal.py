"""The owner's side: their pets, history, vaccination card and upcoming appointments; nothing
of anyone else's (404); ``/`` sends each kind of visitor to their place."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from clinic.models import Appointment, Document, MedicalRecord, Staff, VaccinationRecord
from clinic.portal import calendar_event, upcoming_appointments, vaccination_card
from tests.accounts.people import make_owner, make_pet, make_staff

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def family():
    """Ana with Firulais (photo, vaccines, appointments) and Michi; Beto with Rocky."""
    ana, beto = make_owner(), make_owner("Beto Ruiz", email="beto@example.co", document="80111222")
    firulais, michi = make_pet(ana, "Firulais"), make_pet(ana, "Michi", species="cat")
    rocky = make_pet(beto, "Rocky")
    vet = Staff.objects.create(name="Dra. Laura Gómez")
    photo = Document(pet=firulais, kind="photo", name="foto.png")
    photo.file.save("foto.png", ContentFile(PNG), save=True)
    return {
        "ana": ana,
        "beto": beto,
        "firulais": firulais,
        "michi": michi,
        "rocky": rocky,
        "vet": vet,
        "photo": photo,
    }


def sign_in(client, owner):
    client.force_login(owner.user)


def get(client, path):
    with translation.override("es"):
        return client.get(path)


def vaccinate(pet, name, given, due=None, **fields):
    return VaccinationRecord.objects.create(
        pet=pet, vaccine_name=name, date_given=given, next_due_date=due, **fields
    )


def book(pet, start, owner=None, **fields):
    return Appointment.objects.create(
        pet=pet, owner=owner if owner is not None else pet.owner, start=start, **fields
    )


def test_the_start_page_sends_each_visitor_to_their_place(client, family):
    assert client.get("/")["Location"] == "/cuenta/login/"
    sign_in(client, family["ana"])
    assert client.get("/")["Location"] == "/mis-mascotas/"
    client.force_login(make_staff())
    assert client.get("/")["Location"] == "/historia/"
    assert client.post("/").status_code == 405


def test_an_owner_sees_their_pets_with_photo_and_never_anothers(client, family):
    sign_in(client, family["ana"])
    page = get(client, "/mis-mascotas/").content.decode()
    assert "Firulais" in page and "Michi" in page and "Rocky" not in page
    assert f'src="/archivos/{family["photo"].pk}/" alt="Foto de Firulais"' in page
    assert client.get(f"/archivos/{family['photo'].pk}/").status_code == 200
    assert "Hola, Ana Torres." in page and "Pet-Friendly" in page


def test_a_deceased_pet_says_so_in_the_words_that_fit_it(client, family):
    michi = family["michi"]
    michi.sex, michi.is_deceased, michi.deceased_at = "female", True, date(2022, 8, 1)
    michi.save()
    sign_in(client, family["ana"])
    page = get(client, "/mis-mascotas/").content.decode()
    assert '<span class="badge">Fallecida el 01/08/2022</span>' in page
    assert page.index("Firulais") < page.index("Michi")  # the living first


def test_a_photo_is_never_another_owners_and_never_public(client, family):
    sign_in(client, family["beto"])
    page = get(client, "/mis-mascotas/").content.decode()
    assert "/archivos/" not in page and "/media/" not in page
    assert client.get(f"/archivos/{family['photo'].pk}/").status_code == 404


def test_the_pet_list_shows_the_next_doses(client, family):
    today = timezone.localdate()
    vaccinate(family["firulais"], "Rabia", today - timedelta(days=300), today + timedelta(days=65))
    vaccinate(
        family["michi"], "Triple felina", today - timedelta(days=400), today - timedelta(days=35)
    )
    sign_in(client, family["ana"])
    page = get(client, "/mis-mascotas/").content.decode()
    due = (today + timedelta(days=65)).strftime("%d/%m/%Y")
    late = (today - timedelta(days=35)).strftime("%d/%m/%Y")
    assert f"Rabia: próxima dosis el {due}" in page
    assert f'class="overdue">Triple felina: vencida desde el {late}' in page


def test_the_history_is_the_owners_pet_only_and_without_internal_notes(client, family):
    MedicalRecord.objects.create(
        pet=family["firulais"],
        record_type="consult",
        anamnesis="Come bien.",
        occurred_at=timezone.now() - timedelta(days=3),
    )
    MedicalRecord.objects.create(
        pet=family["firulais"],
        record_type="consult",
        anamnesis="Dueña difícil.",
        is_internal=True,
        occurred_at=timezone.now() - timedelta(days=2),
    )
    sign_in(client, family["ana"])
    response = get(client, f"/mis-mascotas/{family['firulais'].pk}/")
    page = response.content.decode()
    assert response.status_code == 200 and "Come bien." in page and "Dueña difícil." not in page
    assert f'href="/mis-mascotas/{family["firulais"].pk}/vacunas/"' in page
    assert 'aria-current="page">Historia</a>' in page
    missing = get(client, f"/mis-mascotas/{family['rocky'].pk}/")
    assert missing.status_code == 404 and "Página no encontrada" in missing.content.decode()
    assert get(client, f"/historia/mascota/{family['rocky'].pk}/").status_code == 302


def test_a_signed_in_user_who_owns_nothing_reaches_no_pet(client, family, django_user_model):
    client.force_login(django_user_model.objects.create_user("someone"))
    assert "No hay mascotas vinculadas" in get(client, "/mis-mascotas/").content.decode()
    for path in (
        f"/mis-mascotas/{family['firulais'].pk}/",
        f"/mis-mascotas/{family['firulais'].pk}/vacunas/",
        "/mis-mascotas/citas/",
    ):
        assert client.get(path).status_code == 404, path


def test_anonymous_visitors_are_sent_to_sign_in(client, family):
    for path in (
        "/mis-mascotas/",
        f"/mis-mascotas/{family['firulais'].pk}/vacunas/",
        "/mis-mascotas/citas/",
        f"/historia/mascota/{family['firulais'].pk}/vacunas/",
    ):
        assert "login" in client.get(path)["Location"], path


def test_the_vaccination_card_lists_dates_vaccines_and_next_doses(client, family):
    pet, today = family["firulais"], timezone.localdate()
    vaccinate(
        pet,
        "Rabia",
        date(2024, 4, 5),
        date(2025, 4, 5),
        manufacturer="Nobivac",
        lot_number="A123",
        administered_by=family["vet"],
    )
    vaccinate(pet, "Rabia", date(2025, 4, 7), today + timedelta(days=30))
    vaccinate(family["rocky"], "Parvovirus", date(2025, 1, 1), today + timedelta(days=3))
    sign_in(client, family["ana"])
    response = get(client, f"/mis-mascotas/{pet.pk}/vacunas/")
    page = response.content.decode()
    assert "Carné de vacunación de Firulais" in page
    assert '<td data-label="Fecha">05/04/2024</td>' in page
    assert '<td data-label="Laboratorio y lote">Nobivac · lote A123</td>' in page
    assert '<td data-label="Próxima dosis">05/04/2025</td>' in page
    assert '<td data-label="Aplicada por">Dra. Laura Gómez</td>' in page
    assert "Parvovirus" not in page and "@media print" in page
    card = response.context["card"]
    assert [row.given for row in card.rows] == ["07/04/2025", "05/04/2024"]
    # the later dose supersedes the earlier one's date
    assert [(d.name, d.due) for d in card.next_doses] == [("Rabia", today + timedelta(days=30))]
    assert f"Expedido por Pet-Friendly el {today.strftime('%d/%m/%Y')}" in page
    assert get(client, f"/mis-mascotas/{family['rocky'].pk}/vacunas/").status_code == 404


def test_the_clinic_prints_the_same_card_for_any_pet(client, family):
    vaccinate(family["rocky"], "Parvovirus", date(2025, 1, 1))
    sign_in(client, family["ana"])
    assert get(client, f"/historia/mascota/{family['rocky'].pk}/vacunas/").status_code == 302
    client.force_login(make_staff())
    page = get(client, f"/historia/mascota/{family['rocky'].pk}/vacunas/").content.decode()
    assert "Parvovirus" in page and f'href="/historia/mascota/{family["rocky"].pk}/"' in page
    assert "Todas mis mascotas" not in page


def test_an_empty_card_says_so():
    owner = make_owner()
    card = vaccination_card(make_pet(owner, "Kiwi"), today=date(2026, 12, 2))
    assert card.rows == [] and card.next_doses == [] and card.printed_on == "02/12/2026"


def test_upcoming_appointments_are_only_future_and_own(family):
    now = timezone.now()
    ana, firulais = family["ana"], family["firulais"]
    soon = book(
        firulais,
        now + timedelta(days=2),
        summary="Vacuna anual",
        staff=family["vet"],
        status="confirmed",
    )
    later = book(None, now + timedelta(days=9), owner=ana, kind="consult")
    no_owner = book(family["michi"], now + timedelta(days=4), owner=None)
    no_owner.owner = None
    no_owner.save()
    book(firulais, now - timedelta(hours=1), summary="Pasada")
    book(firulais, now + timedelta(days=3), summary="Cancelada", status="cancelled")
    book(firulais, now + timedelta(days=3), summary="Recordatorio", is_reminder=True)
    book(family["rocky"], now + timedelta(days=1), summary="De Beto")
    book(family["rocky"], now + timedelta(days=1), owner=ana, summary="Ana con Rocky")
    found = upcoming_appointments(ana, now=now)
    assert [a.pk for a in found] == [soon.pk, no_owner.pk, later.pk]
    first = found[0]
    assert (first.pet, first.what, first.with_whom) == (
        "Firulais",
        "Vacuna anual",
        "Dra. Laura Gómez",
    )
    assert first.when == timezone.localtime(soon.start).strftime("%d/%m/%Y %H:%M")
    assert found[2].pet == ""


def test_the_appointments_page_and_its_calendar_files(client, family):
    now = timezone.now()
    mine = book(family["firulais"], now + timedelta(days=2), summary="Vacuna anual")
    theirs = book(family["rocky"], now + timedelta(days=2), summary="De Beto")
    sign_in(client, family["ana"])
    page = get(client, "/mis-mascotas/citas/").content.decode()
    assert "Vacuna anual" in page and "De Beto" not in page
    assert f'href="/mis-mascotas/citas/{mine.pk}/calendario.ics"' in page
    assert "Vacuna anual" in get(client, "/mis-mascotas/").content.decode()
    ics = client.get(f"/mis-mascotas/citas/{mine.pk}/calendario.ics")
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert "SUMMARY:Firulais: Vacuna anual" in ics.content.decode()
    assert client.get(f"/mis-mascotas/citas/{theirs.pk}/calendario.ics").status_code == 404
    sign_in(client, family["beto"])
    page = get(client, "/mis-mascotas/citas/").content.decode()
    assert "De Beto" in page and "Vacuna anual" not in page
    theirs.delete()
    assert "No tiene citas próximas." in get(client, "/mis-mascotas/citas/").content.decode()
    assert client.get(f"/mis-mascotas/citas/{mine.pk}/calendario.ics").status_code == 404


def test_a_calendar_event_is_valid_icalendar(family):
    start = timezone.make_aware(timezone.datetime(2026, 12, 10, 10, 0))
    appointment = book(family["firulais"], start, summary="Control; piel, " + "largo " * 20)
    text = calendar_event(appointment, clinic="Clínica, Kanú", host="clinica.example.co")
    lines = text.split("\r\n")
    assert text.endswith("\r\n") and lines[0] == "BEGIN:VCALENDAR"
    assert "DTSTART:20261210T150000Z" in lines and "DTEND:20261210T153000Z" in lines
    assert "LOCATION:Clínica\\, Kanú" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    summary = "".join(
        line[1:] if line.startswith(" ") else line
        for line in lines
        if line.startswith(("SUMMARY", " "))
    )
    assert summary.startswith("SUMMARY:Firulais: Control\\; piel\\, largo")
    ended = book(family["firulais"], start, end=start + timedelta(hours=2))
    assert "DTEND:20261210T170000Z" in calendar_event(ended, clinic="X", host="h")


def test_the_owners_invoices_are_on_their_page_once_and_never_anothers(client, family):
    from decimal import Decimal

    from clinic.models import Invoice

    Invoice.objects.create(owner=family["ana"], prefix="FV", number="77", total=Decimal("94744"))
    Invoice.objects.create(owner=family["beto"], prefix="FV", number="78", total=Decimal("1000"))
    sign_in(client, family["ana"])
    page = get(client, "/mis-mascotas/").content.decode()
    assert "Facturas" in page and "94.744 COP" in page and page.count("FV") == 1
    assert "1.000 COP" not in page
    history = get(client, f"/mis-mascotas/{family['firulais'].pk}/").content.decode()
    assert "94.744" not in history  # the invoice names no pet: on the owner's page only
