"""The chart in headless Chromium at a phone's and a desktop's width: nothing wider than the
screen, no word broken in the middle ("Traqueobronquiti/s"), its photos and X-rays loaded
through the file view; a screenshot of each in ``var/test-artifacts/``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from clinic.models import MedicalRecordItem
from tests.clinic import chart_data as data

pytestmark = pytest.mark.django_db(transaction=True)
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium")) if p and Path(p).exists()), None
)
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width && r.right > width + 1;
    })
    .map((el) => el.tagName.toLowerCase() + "." + el.className);
  const broken = [];
  const texts = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    if (node.parentElement.closest(".visually-hidden")) continue;
    for (const word of node.textContent.matchAll(/\\p{L}{4,24}/gu)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const boxes = [...range.getClientRects()].filter((r) => r.width);
      const lines = new Set(boxes.map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  const images = [...document.images].map((img) => [img.getAttribute("src"), img.naturalWidth]);
  return {scroll: document.documentElement.scrollWidth, width, wide, broken, images};
}"""


@pytest.fixture
def chromium():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed here (bin/test installs it with apt-get as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def long_day(settings, tmp_path):
    """Luna's day with the long words, texts and file names real charts have."""
    settings.MEDIA_ROOT = tmp_path / "media"
    day = data.clinic_day()
    data.stored(day["pet"], "foto.png", data.PNG, kind="photo")
    day["consult"].interpretation = "Traqueobronquitis infecciosa canina. " * 6
    day["consult"].body_systems = {"respiratory": {"code": "1", "obs": "Broncoconstricción"}}
    day["consult"].save()
    rx = data.record(day["pet"], "prescription", data.at(2026, 12, 2, 11, 0))
    MedicalRecordItem.objects.create(
        record=rx, name="Amoxicilina + ácido clavulánico", presentation="Suspensión 250 mg/5 ml",
        quantity="1", instructions="5 ml cada 12 horas durante 10 días, con alimento",
    )  # fmt: skip
    data.stored(day["pet"], "radiografía-tórax-laterolateral-derecha-Luna.png", data.PNG)
    return day


@pytest.fixture
def cookies(live_server, long_day) -> dict[str, list[dict]]:
    """The session cookies of a vet and of Luna's owner, made before the browser starts (its
    event loop would give the test's database calls a connection of their own)."""
    owner = long_day["owner"].user
    owner.is_active = True
    owner.save()
    found = {}
    for name, user in (
        ("staff", get_user_model().objects.create_user("vet", is_staff=True)),
        ("owner", owner),
    ):
        client = Client()  # one each: signing in as another user ends the first session
        client.force_login(user)
        value = client.cookies["sessionid"].value
        found[name] = [{"name": "sessionid", "value": value, "url": live_server.url}]
    return found


def check(browser, cookies, url: str, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="es-CO")
        context.add_cookies(cookies)
        page = context.new_page()
        messages: list[str] = []
        page.on("console", lambda message, seen=messages: seen.append(message.text))
        page.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # not the chart's
        assert page.goto(url).status == 200 and page.url == url, page.url
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images load
        page.wait_for_function("[...document.images].every((img) => img.complete)")
        layout = page.evaluate(LAYOUT)
        page.screenshot(path=ARTIFACTS / f"chart-{name}-{size}.png", full_page=True)
        context.close()
        assert layout["scroll"] <= layout["width"], (size, layout["wide"])
        assert layout["wide"] == [], size
        assert layout["broken"] == [], (size, layout["broken"])
        assert layout["images"] and all(w > 0 for _, w in layout["images"]), layout["images"]
        assert messages == [], messages


def test_the_chart_fits_a_phone_and_a_desktop(live_server, long_day, cookies, chromium):
    chart = f"{live_server.url}/historia/mascota/{long_day['pet'].pk}/"
    check(chromium, cookies["staff"], chart, "staff")
    check(chromium, cookies["staff"], f"{chart}?tipo=consult", "filter")
    mine = f"{live_server.url}/mis-mascotas/{long_day['pet'].pk}/"
    check(chromium, cookies["owner"], mine, "owner")
