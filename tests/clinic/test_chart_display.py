"""The Colombian way of writing numbers, money, dates and ages, whatever the page's language."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from clinic import display
from clinic.models import Staff


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Decimal("18.800"), None, "18,8"),
        (Decimal("1234567.50"), None, "1.234.567,5"),
        (Decimal("94744.00"), 0, "94.744"),
        (Decimal("39.50"), None, "39,5"),
        (Decimal("10"), None, "10"),
        (Decimal("0.125"), 2, "0,12"),
        (7, None, "7"),
        (None, None, ""),
    ],
)
def test_numbers(value, places, text):
    assert display.number(value, places=places) == text


def test_money_and_weights():
    assert display.money(Decimal("94744.00"), "COP") == "94.744 COP"
    assert display.money(Decimal("94744.50"), "COP") == "94.744,50 COP"
    assert display.money(None) == ""
    assert display.kg(Decimal("18.800")) == "18,8 kg" and display.kg(None) == ""


def test_dates_are_local_and_midnight_is_a_day():
    evening_utc = datetime(2026, 12, 3, 1, 15, tzinfo=UTC)  # 20:15 in Bogotá
    assert display.moment(evening_utc) == "02/12/2026 20:15"
    assert display.day(evening_utc) == "02/12/2026"
    midnight = datetime(2026, 12, 2, 5, 0, tzinfo=UTC)  # 00:00 in Bogotá
    assert display.moment(midnight) == "02/12/2026"
    assert display.day(date(2026, 12, 2)) == "02/12/2026"
    assert display.moment(None) == "" and display.day(None) == ""


def test_month_and_age_in_spanish():
    with translation.override("es"):
        assert display.month_year(date(2019, 3, 1)) == "marzo de 2019"
        assert display.age(date(2019, 3, 1), date(2026, 12, 2)) == "7 años"
        assert display.age(date(2025, 12, 2), date(2026, 12, 2)) == "1 año"
        assert display.age(date(2026, 7, 1), date(2026, 12, 2)) == "5 meses"
        assert display.age(date(2026, 11, 1), date(2026, 12, 2)) == "1 mes"
        assert display.age(date(2026, 11, 20), date(2026, 12, 2)) == "menos de un mes"
    assert display.age(date(2026, 7, 3), date(2026, 12, 2)) == "4 months"
    assert display.age(date(2027, 1, 1), date(2026, 12, 2)) == ""


@pytest.mark.django_db
def test_staff_names_prefer_the_clinics_own(django_user_model):
    imported = Staff.objects.create(name="Usuario OkVet 10", source_system="okvet", legacy_id="10")
    assert display.staff_name(imported) == "Usuario OkVet 10"
    imported.user = django_user_model.objects.create_user(
        "crios", first_name="Camila", last_name="Ríos"
    )
    assert display.staff_name(imported) == "Camila Ríos"
    imported.name = "Dra. Camila Ríos"
    assert display.staff_name(imported) == "Dra. Camila Ríos"
    english = Staff(name="OkVet user 12", legacy_id="12")
    assert display.staff_name(english) == "OkVet user 12"
    nameless = Staff(name="", user=django_user_model(username="pablo"))
    assert display.staff_name(nameless) == "pablo"
    assert display.staff_name(Staff(name="Pablo")) == "Pablo"
    assert display.staff_name(None) == ""
