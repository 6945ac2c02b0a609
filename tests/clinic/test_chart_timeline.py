"""The chart's timeline: each entry typed, dated and readable, its files inside it, filtered."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from clinic.chart import chart_page
from clinic.history import pet_timeline
from clinic.invoices import owner_invoices, pet_invoices
from clinic.models import Appointment, Invoice, InvoiceLine, MedicalRecordItem
from tests.clinic import chart_data as data

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return data.clinic_day()


@pytest.fixture
def vet(client):
    client.force_login(get_user_model().objects.create_user("vet", is_staff=True))
    return client


def page_of(client, pet, **query) -> str:
    response = client.get(f"/historia/mascota/{pet.pk}/", query)
    assert response.status_code == 200
    return response.content.decode()


def entry(pet, record, **kw):
    """The record's entry, its labels in English (a request before may have switched)."""
    with translation.override("en"):
        return next(e for e in pet_timeline(pet, **kw) if e.record == record)


def test_the_dewormers_product_and_dose_are_on_its_card(day, vet):
    deworming = day["pet"].medical_records.get(record_type="deworming")
    fields = {f.label: f.value for f in entry(day["pet"], deworming).fields}
    assert fields == {"product": "Drontal", "dose": "1 tableta"}
    page = page_of(vet, day["pet"])
    assert "<dt>producto</dt><dd>Drontal</dd>" in page and "<dd>1 tableta</dd>" in page


def test_a_prescription_shows_each_drug_once_with_labelled_quantities(day, vet):
    text = "Cefalexina Cápsulas 500 mg: 1 tableta cada 12 horas\nOtomax Gotas 15 ml: 0,5 ml"
    rx = data.record(day["pet"], "prescription", therapeutic_plan=text, treatment=text)
    for name, presentation, quantity, dosage in (
        ("Cefalexina", "Cápsulas 500 mg", "14", "1 tableta cada 12 horas"),
        ("Otomax", "Gotas 15 ml", "1", "0,5 ml"),
    ):
        MedicalRecordItem.objects.create(
            record=rx, name=name, presentation=presentation, quantity=quantity, instructions=dosage
        )
    MedicalRecordItem.objects.create(record=rx, name="Retirada", is_active=False)
    page = page_of(vet, day["pet"])
    assert page.count("Cefalexina") == 1 and page.count("Otomax") == 1
    assert "Retirada" not in page
    assert '<span class="muted">Cantidad:</span> 14' in page
    assert '<span class="muted">Posología:</span> 1 tableta cada 12 horas' in page
    rx.treatment = f"{text}\nControl en 8 días"  # says more than the lines: shown
    rx.save()
    fields = [f.label for f in entry(day["pet"], rx).fields]
    assert fields == ["prescription as written"]


def test_attachments_sit_inside_their_entry_and_loose_files_under_documents(day, vet):
    consult = entry(day["pet"], day["consult"])
    assert [a.name for a in consult.attachments] == ["rx Luna.png"]
    page = page_of(vet, day["pet"])
    card = page[page.index('id="entry-1"') : page.index('id="entry-2"')]
    assert "rx Luna.png" in card and f"/archivos/{day['xray'].pk}/" in card
    documents = page[page.index('id="documents-title"') :]
    assert "<h3>05/04/2025</h3>" in documents and "Consentimiento cirugía" in documents
    assert "rx Luna.png" not in documents and "/media/" not in page


def test_files_named_by_okvet_but_never_imported_say_so(day, vet):
    day["consult"].details = {"files": [{"name": "eco.pdf", "path": "VetFiles/1/eco.pdf"}]}
    day["consult"].save()
    names = [(a.name, a.stored) for a in entry(day["pet"], day["consult"]).attachments]
    assert names == [("rx Luna.png", True), ("eco.pdf", False)]
    assert "el archivo no se trajo de OkVet" in page_of(vet, day["pet"])


def test_dates_are_local_vaccinations_are_days(day, vet):
    page = page_of(vet, day["pet"])
    assert '<time datetime="2026-01-13">13/01/2026</time>' in page
    assert "13/01/2026 00:00" not in page
    assert "02/12/2026 10:30" in page  # the consult, at its local time
    Appointment.objects.create(pet=day["pet"], start=data.at(2027, 1, 13, 0, 0), is_reminder=True)
    assert "13/01/2027 00:00" not in page_of(vet, day["pet"])


def test_authors_by_their_staff_name(day, vet):
    page = page_of(vet, day["pet"])
    assert "Por Dra. Camila Ríos" in page
    day["vet"].name = "Usuario OkVet 10"
    day["vet"].user = get_user_model().objects.create_user("c", first_name="Camila", last_name="R")
    day["vet"].save()
    page = page_of(vet, day["pet"])
    assert "Por Camila R" in page and "Usuario OkVet 10" not in page


def test_owners_never_see_internal_notes_or_their_files(client, day, vet):
    assert "Muerde." in page_of(vet, day["pet"]) and "nota interna" in page_of(vet, day["pet"])
    day["owner"].user.is_active = True
    day["owner"].user.save()
    client.force_login(day["owner"].user)
    mine = client.get(f"/mis-mascotas/{day['pet'].pk}/").content.decode()
    assert "Muerde." not in mine and "notas.pdf" not in mine and "nota interna" not in mine
    assert "Tos seca nocturna." in mine and "rx Luna.png" in mine


def test_records_of_the_placeholder_pet_name_their_okvet_pet(day, vet):
    orphan = data.record(day["pet"], legacy_extras={"pet_id": "999999"}, source_system="okvet")
    assert entry(day["pet"], orphan).okvet_pet == "999999"
    assert "Mascota de OkVet n.º 999999" in page_of(vet, day["pet"])


def test_filter_by_type_and_year_on_the_server(day, vet):
    page = chart_page(day["pet"], for_owner=False, query={"tipo": "deworming"})
    assert [e.kind for e in page.entries] == ["deworming"] and page.documents == []
    page = chart_page(day["pet"], for_owner=False, query={"anio": "2025"})
    assert page.entries == [] and [g.day for g in page.documents] == ["05/04/2025"]
    page = chart_page(day["pet"], for_owner=False, query={"tipo": "document"})
    assert page.entries == [] and page.documents
    everything = chart_page(day["pet"], for_owner=False, query={"tipo": "x", "anio": "1999"})
    assert len(everything.entries) == everything.total == 5 and not everything.chosen.active
    html = page_of(vet, day["pet"], tipo="vaccination", anio="2026")
    assert "1 de 5 entradas" in html and '<option value="vaccination" selected>' in html
    assert 'label for="filter-kind"' in html and 'label for="filter-year"' in html
    assert "Ver toda la historia" in html
    assert "Ninguna entrada coincide" in page_of(vet, day["pet"], tipo="consult", anio="2025")


def test_every_kind_of_entry_has_a_type_label_and_an_icon(day, vet):
    page = page_of(vet, day["pet"])
    for label, icon in (
        ("Consulta", "consult"),
        ("Desparasitación", "pill"),
        ("Nota", "record"),
        ("Vacunación · Nobivac Rabia", "syringe"),
    ):
        assert label in page and f'href="#icon-{icon}"' in page, label
    assert f'<symbol id="icon-{icon}"' in page


def invoice(owner, number: str, extras: dict | None = None) -> Invoice:
    bill = Invoice.objects.create(
        owner=owner,
        prefix="FE",
        number=number,
        issued_at=data.at(2026, 11, 1),
        total=Decimal("94744.00"),
        legacy_extras=extras or {},
    )
    InvoiceLine.objects.create(
        invoice=bill, description="Consulta general", quantity=Decimal("2.000"),
        unit_price=Decimal("29500.00"), total=Decimal("59000.00"),
    )  # fmt: skip
    return bill


def test_invoices_on_the_pet_they_name_otherwise_only_on_the_owners_page(day, vet):
    milo = data.pet(day["owner"], "Milo", sex="male", legacy_id="202")
    general = invoice(day["owner"], "1001")
    lunas = invoice(day["owner"], "1002", {"Mascota": "LUNA"})
    milos = invoice(day["owner"], "1003", {"pet_id": "202"})
    assert pet_invoices(day["pet"]) == [lunas] and pet_invoices(milo) == [milos]
    assert owner_invoices(day["owner"]) == [general]
    page = page_of(vet, day["pet"])
    assert "FE1002" in page and "FE1001" not in page and "FE1003" not in page
    assert "94.744 COP" in page and "94744,00" not in page
    assert "Consulta general" in page and "29.500 COP" in page


def test_every_field_of_a_consult_is_readable(day, vet):
    day["consult"].temperature_c = Decimal("39.50")
    day["consult"].heart_rate = 120
    day["consult"].vitals_raw = {"mucous_membrane": "pink", "crt": "2 seg?"}
    day["consult"].body_systems = {
        "skin": {"code": "1", "obs": "Dermatitis"},
        "eyes": {"code": "0"},
    }
    day["consult"].details = {"dx_final": ["K29"], "rabies_vaccine": "1", "okvet_clinic": "3"}
    day["consult"].next_control_at = data.at(2026, 12, 9, 8, 0)
    day["consult"].save()
    fields = {f.label: f.value for f in entry(day["pet"], day["consult"]).fields}
    assert fields["temperature"] == "39,5 °C" and fields["heart rate"] == "120 lpm"
    assert fields["capillary refill time"] == "2 seg? (as written)"
    assert fields["mucous membranes"] == "pink" and fields["weight"] == "18,8 kg"
    assert fields["skin"] == "finding (OkVet code 1) — Dermatitis"
    assert fields["normal on examination"] == "eyes"
    assert fields["final diagnosis"] == "Traqueobronquitis" and fields["final Dx"] == "K29"
    assert fields["rabies vaccine"] == "yes" and "okvet_clinic" not in str(fields)
    assert fields["next control"] == "09/12/2026 08:00"
    page = page_of(vet, day["pet"])
    assert "K29" in page and '{"' not in page and "39,5 °C" in page


def test_vaccination_and_appointment_fields(day):
    Appointment.objects.create(
        pet=day["pet"], kind="vaccine", summary="Refuerzo", start=data.at(2027, 1, 10, 9, 0),
        end=data.at(2027, 1, 10, 9, 30), status="confirmed", staff=day["vet"],
    )  # fmt: skip
    entries = pet_timeline(day["pet"])
    booking = next(e for e in entries if e.kind == "appointment")
    assert booking.heading == "Refuerzo" and booking.author == "Dra. Camila Ríos"
    assert {f.label: f.value for f in booking.fields} == {
        "type": "vaccine",
        "status": "Confirmed",
        "end": "10/01/2027 09:30",
    }
    shot = next(e for e in entries if e.kind == "vaccination")
    assert shot.when_text == "13/01/2026" and shot.year == 2026
    assert {f.label: f.value for f in shot.fields} == {"next due date": "13/01/2027"}
    assert shot.record.date_given == date(2026, 1, 13)


def test_dates_details_and_repeated_texts_of_other_record_types(day):
    luna = day["pet"]
    stay = data.record(
        luna, "hospitalization", ended_at=data.at(2026, 12, 4, 9, 0), subtype="2",
        therapeutic_plan="Fluidoterapia.", treatment="Fluidoterapia.",
        details={"monitorable_type": "App\\Models\\Consult", "last_deworming": "ayer"},
    )  # fmt: skip
    fields = {f.label: f.value for f in entry(luna, stay).fields}
    assert fields["discharge"] == "04/12/2026 09:00" and fields["care type (OkVet id)"] == "2"
    assert fields["therapeutic plan"] == "Fluidoterapia." and "treatment" not in fields
    assert fields["follow-up of"] == "consult" and fields["previous deworming"] == "ayer"
    care = data.record(
        luna, "day_care", ended_at=data.at(2026, 12, 5, 9, 0), treatment="Cama",
        details={"monitorable_type": "App\\Models\\Spa", "quantity": {"noches": 2}},
    )  # fmt: skip
    fields = {f.label: f.value for f in entry(luna, care).fields}
    assert fields["end"] == "05/12/2026 09:00" and fields["belongings left"] == "Cama"
    assert fields["follow-up of"] == "App\\Models\\Spa" and fields["quantity"] == "noches: 2"
    data.vaccination(luna, "Sin fecha", None, None)
    undated = pet_timeline(luna)[-1]
    assert undated.when is None and undated.year is None and undated.when_text == ""


def test_an_invoices_status_and_only_its_current_lines(day):
    bill = invoice(day["owner"], "1004", {"paciente": "Luna"})
    bill.status = "Pagada"
    bill.save()
    InvoiceLine.objects.create(invoice=bill, description="Anulada", is_active=False)
    with translation.override("en"):
        found = entry(day["pet"], bill)
    assert {f.label: f.value for f in found.fields} == {"total": "94.744 COP", "status": "Pagada"}
    assert [row.name for row in found.line_rows] == ["Consulta general"]
    assert [line.description for line in found.lines] == ["Consulta general"]
