"""The owner's way in, driven in headless Chromium against a live server: the invitation's link,
choosing a password, their pets, the vaccination card, signing out and in again with the
document number. At phone (390 px) and desktop widths: nothing wider than the screen, words
wrapped whole, landmarks and labels in place. Screenshots in ``var/test-artifacts/``."""

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from accounts.invitations import Site, invitation_send
from clinic.models import Appointment, VaccinationRecord
from tests.accounts.people import make_owner, make_pet

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PASSWORD = "Perro-Firulais-2026"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
LAYOUT = """() => {
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .map(e => e.tagName + '.' + e.className);
  const body = getComputedStyle(document.body);
  return {
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    wide: wide.slice(0, 5),
    wrap: body.overflowWrap, hyphens: body.hyphens, lang: document.documentElement.lang,
    landmarks: ['header', 'nav', 'main'].filter(t => !document.querySelector(t)),
    unlabelled: [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter(e => !(e.labels && e.labels.length)).map(e => e.name),
  };
}"""


@pytest.fixture
def invited(live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    owner = make_owner(
        "María Fernanda Pérez Gómez", email="maria@example.co", document="52.123.456"
    )
    pet = make_pet(owner, "Firulais", breed="Labrador Retriever")
    make_pet(owner, "Michi", species="cat")
    VaccinationRecord.objects.create(
        pet=pet,
        vaccine_name="Traqueobronquitis infecciosa canina",
        date_given=date(2025, 4, 5),
        next_due_date=timezone.localdate() + timedelta(days=20),
        manufacturer="Laboratorios Virbac",
    )
    Appointment.objects.create(
        owner=owner, pet=pet, start=timezone.now() + timedelta(days=3), summary="Control anual"
    )
    host = live_server.url.removeprefix("http://")
    invitation_send(users=[owner.user], site=Site(host, "http"))
    return re.search(r"http://\S+/cuenta/contrasena/\S+/", mail.outbox[0].body).group(0)


def check(page, name: str) -> None:
    found = page.evaluate(LAYOUT)
    width = "phone" if page.viewport_size["width"] < 500 else "desktop"
    page.screenshot(path=str(ARTIFACTS / f"portal-{name}-{width}.png"), full_page=True)
    assert found["overflow"] <= 0 and found["wide"] == [], (name, width, found)
    assert (found["wrap"], found["hyphens"], found["lang"]) == ("break-word", "auto", "es")
    assert found["landmarks"] == [] and found["unlabelled"] == [], (name, found)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_an_invited_owner_gets_in_and_sees_their_pets(invited, live_server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            phone = browser.new_page(viewport=PHONE, locale="es-CO")
            phone.goto(invited)
            check(phone, "set-password")
            phone.get_by_label(re.compile(r"^Contraseña nueva:?$")).fill(PASSWORD)
            phone.get_by_label(re.compile(r"^Contraseña nueva \(confirmación\)")).fill(PASSWORD)
            phone.get_by_role("button", name="Guardar mi contraseña").click()
            phone.wait_for_url("**/mis-mascotas/")
            assert phone.get_by_role("heading", name="Mis mascotas").is_visible()
            assert phone.get_by_text("Su contraseña quedó guardada").is_visible()
            check(phone, "my-pets")
            phone.get_by_role("link", name="Carné de vacunación").first.click()
            assert phone.get_by_role("cell", name="05/04/2025").is_visible()
            check(phone, "vaccination-card")
            phone.get_by_role("link", name="Citas", exact=True).click()
            assert phone.get_by_text("Control anual").is_visible()
            check(phone, "appointments")
            phone.get_by_role("button", name="Salir").click()
            phone.wait_for_url("**/cuenta/login/")
            check(phone, "login")
            phone.get_by_label("Correo o número de documento").fill("52123456")
            phone.get_by_label(re.compile(r"^Contraseña:?$")).fill(PASSWORD)
            phone.get_by_role("button", name="Ingresar").click()
            phone.wait_for_url("**/mis-mascotas/")
            desktop = browser.new_page(viewport=DESKTOP, locale="es-CO")
            desktop.context.add_cookies(phone.context.cookies())
            for path, name in (("/mis-mascotas/", "my-pets"), ("/no-existe/", "not-found")):
                desktop.goto(f"{live_server.url}{path}")
                check(desktop, name)
            assert desktop.get_by_role("heading", name="Página no encontrada").is_visible()
            desktop.goto(f"{live_server.url}/mis-mascotas/")
            desktop.get_by_role("link", name="Carné de vacunación").first.click()
            check(desktop, "vaccination-card")
            desktop.emulate_media(media="print")
            assert not desktop.locator("header.site").is_visible()
            desktop.pdf(path=str(ARTIFACTS / "portal-vaccination-card.pdf"))
        finally:
            browser.close()
