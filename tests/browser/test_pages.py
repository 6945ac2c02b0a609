"""Every page and report, rendered in headless Chromium: no console output (the pages carry no
script, so any is an error), a screenshot per page in ``var/test-artifacts/``, and markup
injected through the source data shown as text, never run."""

import shutil
import subprocess
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


def browse(chromium, html: str, name: str, tmp_path: Path) -> str:
    """Render ``html`` as a file: return its DOM after scripts would have run; save two
    screenshots (phone and desktop); fail on any console message."""
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    flags = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    dom = subprocess.run(
        [*flags, "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size, suffix in (("390,844", "phone"), ("1280,900", "desktop")):
        shot = ARTIFACTS / f"{name}-{suffix}.png"
        subprocess.run(
            [*flags, f"--window-size={size}", f"--screenshot={shot}", page.as_uri()],
            capture_output=True,
            timeout=60,
            check=True,
        )
        assert shot.stat().st_size > 1000
    return dom.stdout


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
    for name, response in pages.items():
        assert response.status_code == 200, name
        safe(browse(chromium, response.content.decode(), name, tmp_path))
    client.logout()
    login = client.get("/cuenta/login/").content.decode()
    assert "<form" in browse(chromium, login, "login", tmp_path)


def test_reports(run, chromium, hostile, tmp_path):
    report, comparison = tmp_path / "report.html", tmp_path / "comparison.html"
    with pytest.raises(CommandError):  # the payloads were written over imported values
        run("verify_migration", f"--report={report}")
    run("compare_migration", f"--output={comparison}", "--owner-id=101")
    dom = browse(chromium, report.read_text(encoding="utf-8"), "verification-report", tmp_path)
    safe(dom)  # the read-back lists each altered value, as text
    safe(browse(chromium, comparison.read_text(encoding="utf-8"), "comparison", tmp_path))


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
    safe(browse(chromium, signed.read_text(encoding="utf-8"), "signed-report", tmp_path))


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
    safe(browse(chromium, preview.read_text(encoding="utf-8"), "sync-preview", tmp_path))
