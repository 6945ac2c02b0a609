"""The search page in headless Chromium at a phone's and a desktop's width: nothing wider than
the screen, no word broken in the middle, the form labelled; a screenshot of each in
``var/test-artifacts/``."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from clinic.models import OwnerProfile, Pet, Species

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
    for (const word of node.textContent.matchAll(/\\p{L}{4,30}/gu)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const boxes = [...range.getClientRects()].filter((r) => r.width);
      const lines = new Set(boxes.map((r) => Math.round(r.top)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  const label = document.querySelector("label[for=search-q]");
  return {scroll: document.documentElement.scrollWidth, width, wide, broken,
          labelled: !!label && !!document.getElementById(label.htmlFor),
          results: document.querySelectorAll("ol > li h2").length};
}"""


@pytest.fixture
def chromium(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed here")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def long_names():
    """Owners and pets with the long names, emails and breeds real clinics have."""
    user = get_user_model().objects.create_user(
        "owner", email="maria.fernanda.rodriguez.castaneda@correoelectronico.com.co"
    )
    owner = OwnerProfile.objects.create(
        user=user,
        full_name="María Fernanda Rodríguez Castañeda de Villavicencio",
        ident_number="1.020.304.050",
        mobile="+573001112233",
    )
    for n in range(25):
        Pet.objects.create(
            owner=owner,
            name=f"Traqueobronquitis Desparasitación {n}",
            species=Species.DOG,
            breed="Caniche o french poodle miniatura toy",
            birth_date=date(2019, 3, 15),
            microchip="982000123456789",
            legacy_id=str(9000 + n),
        )


def test_the_search_fits_a_phone_and_a_desktop(client, chromium, live_server, long_names):
    staff = get_user_model().objects.create_user("vet", is_staff=True)
    client.force_login(staff)
    cookies = [{"name": "sessionid", "value": client.cookies["sessionid"].value,
                "url": live_server.url}]  # fmt: skip
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in WIDTHS.items():
        context = browser_context(chromium, cookies, width, height)
        page = context.new_page()
        assert page.goto(f"{live_server.url}/historia/?q=rodriguez").status == 200
        layout = page.evaluate(LAYOUT)
        page.screenshot(path=ARTIFACTS / f"search-{size}.png", full_page=True)
        page.screenshot(path=ARTIFACTS / f"search-{size}-first-screen.png")
        context.close()
        assert layout["scroll"] <= layout["width"], (size, layout["wide"])
        assert layout["broken"] == [], (size, layout["broken"])
        assert layout["labelled"] and layout["results"] == 20, (size, layout)


def browser_context(browser, cookies, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="es-CO")
    context.add_cookies(cookies)
    return context
