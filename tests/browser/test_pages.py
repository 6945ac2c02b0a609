"""Every page and report, rendered in headless Chromium: no console output (the pages carry no
script, so any is an error), a screenshot per page in ``var/test-artifacts/``, and markup
injected through the source data shown as text, never run."""

import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from clinic.models import MedicalRecord, OwnerProfile, Pet
from migration.models import MigrationRun

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "var" / "test-artifacts"
PAYLOAD = '<script>document.title="PWNED"</script><img src=x onerror="document.title=\'PWNED\'">'
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def chromium():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed here (bin/test installs it with apt-get as root)")
    return CHROMIUM


def browse(chromium, pages: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """Render each page (name → HTML) as a file in one headless Chromium: return its DOM after
    scripts would have run; save two screenshots (phone and desktop); fail on any console
    message. The database is not touched meanwhile (Playwright runs an event loop)."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    doms, console = {}, []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("console", lambda message: console.append(message.text))
            page.on("pageerror", lambda error: console.append(str(error)))
            for name, html in pages.items():
                path = tmp_path / f"{name}.html"
                path.write_text(html, encoding="utf-8")
                for width, height, suffix in ((390, 844, "phone"), (1280, 900, "desktop")):
                    page.set_viewport_size({"width": width, "height": height})
                    page.goto(path.as_uri())
                    shot = ARTIFACTS / f"{name}-{suffix}.png"
                    page.screenshot(path=str(shot))
                    assert shot.stat().st_size > 1000
                doms[name] = page.content()
        finally:
            browser.close()
    assert console == [], console
    return doms


@pytest.fixture
def hostile(run, fixtures):
    """A small migration whose source data carries HTML and script payloads."""
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    run("import_okvet_records", f"--file={fixtures / 'records' / 'consultas.csv'}")
    OwnerProfile.objects.filter(legacy_id="101").update(full_name=f"Maria {PAYLOAD}")
    Pet.objects.filter(legacy_id="201").update(name=f"Firulais {PAYLOAD}")
    MedicalRecord.objects.filter(legacy_id="9001").update(anamnesis=PAYLOAD)
    return Pet.objects.get(legacy_id="201")


def safe(dom: str) -> None:
    assert "<title>PWNED" not in dom and "PWNED</title>" not in dom
    assert '<script>document.title="PWNED"</script>' not in dom
    assert "&lt;script&gt;" in dom


def test_staff_and_owner_pages(client, chromium, hostile, tmp_path):
    client.force_login(get_user_model().objects.create_user("vet", password="x", is_staff=True))
    pages = {
        "search": client.get("/historia/", {"q": "Firulais"}),
        "pet-timeline": client.get(f"/historia/mascota/{hostile.pk}/"),
    }
    client.force_login(OwnerProfile.objects.get(legacy_id="101").user)
    pages["owner-pets"] = client.get("/mis-mascotas/")
    pages["owner-pet"] = client.get(f"/mis-mascotas/{hostile.pk}/")
    client.logout()
    login = client.get("/cuenta/login/")
    assert all(response.status_code == 200 for response in pages.values())
    doms = browse(chromium, {n: r.content.decode() for n, r in pages.items()}, tmp_path)
    for dom in doms.values():
        safe(dom)
    assert "<form" in browse(chromium, {"login": login.content.decode()}, tmp_path)["login"]


def test_reports(run, chromium, hostile, tmp_path):
    report, comparison = tmp_path / "report.html", tmp_path / "comparison.html"
    with pytest.raises(CommandError):  # the payloads were written over imported values
        run("verify_migration", f"--report={report}")
    run("compare_migration", f"--output={comparison}", "--owner-id=101")
    doms = browse(
        chromium,
        {
            "verification-report": report.read_text(encoding="utf-8"),
            "comparison": comparison.read_text(encoding="utf-8"),
        },
        tmp_path,
    )
    safe(doms["verification-report"])  # the read-back lists each altered value, as text
    safe(doms["comparison"])


def test_signed_report(run, chromium, fixtures, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "p.csv").write_bytes((fixtures / "engine" / "propietarios.csv").read_bytes())
    run("import_okvet", f"--source={folder}")
    signed = tmp_path / "signed.html"
    run(
        "signoff_migration",
        f"--run-id={MigrationRun.objects.get().pk}",
        f"--by=Dr. Pablo {PAYLOAD}",
        "--accept-critical",
        f"--output={signed}",
    )
    html = signed.read_text(encoding="utf-8")
    safe(browse(chromium, {"signed-report": html}, tmp_path)["signed-report"])


def test_sync_preview(run, chromium, export, tmp_path):
    from tests.conflicts import edited, make_conflicts

    conflicts = make_conflicts(run, export, tmp_path, sync=False)
    edited(conflicts.newer / "mascotas.csv", "207", "color", f"Negro {PAYLOAD}")
    preview = tmp_path / "preview.html"
    run(
        "import_okvet",
        f"--source={conflicts.newer}",
        "--no-progress",
        "--dry-run",
        f"--report-html={preview}",
    )
    html = preview.read_text(encoding="utf-8")
    safe(browse(chromium, {"sync-preview": html}, tmp_path)["sync-preview"])
