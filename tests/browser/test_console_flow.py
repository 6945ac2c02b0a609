"""The migration console as a clinic owner uses it, in headless Chromium, on a fresh install:
the web server and the task worker as ``bin/console`` runs them, on a database of their own (a
SQLite file, or a scratch PostgreSQL database when the suite runs on PostgreSQL).

Signed in, the owner uploads a generated OkVet export as one ZIP, reads what was recognised,
starts the trial and watches its progress page finish by itself, opens the report and the
comparison and the issue queue from a table's row; then, the trial marked reviewed, runs the
import for real, follows an issue to the record it concerns and back, resolves one with a
reason, signs the run off (typing the confirmation when critical issues are open) and finds the
signature and the history. Every page is checked as ``Looker`` does (no markup, JSON, English or
bare issue code shown; no script or server error; no overflow at 390 px) and photographed.
The database then holds a completed, signed real run with the pets a command-line import of
the same ZIP gives."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tests.browser.site import CHROMIUM, DESKTOP, Looker, browser, scratch_site
from tests.e2e.processes import Scratch, run

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed here")

PASSWORD = "Clave-de-prueba-2026"
OWNER = f"""
from django.contrib.auth import get_user_model
get_user_model().objects.create_superuser(
    "ana", "ana@clinica.co", {PASSWORD!r}, first_name="Ana", last_name="Gil")
"""
PETS = "from clinic.models import Pet; print(Pet.objects.count())"
FINAL = """
import json
from console.models import ConsoleJob
from migration.models import DataQualityIssue, MigrationRun, MigrationSignoff
from clinic.models import Pet
print(json.dumps({
    "runs": list(MigrationRun.objects.order_by("pk").values_list("is_dry_run", "status")),
    "jobs": list(ConsoleJob.objects.order_by("pk").values_list("kind", "status")),
    "signoffs": list(MigrationSignoff.objects.values_list("run_id", "signed_by", "report_sha256")),
    "resolved": list(DataQualityIssue.objects.filter(resolved=True).values_list(
        "resolution", "resolved_by__username")),
    "pets": Pet.objects.count(),
}))
"""
WAIT = 60_000  # ms: a trial of this export takes a few seconds
REASON = "Revisado con la clínica: el dato de OkVet es el correcto."

CODE = r"'[a-z]+(-[a-z]+)+'"
KNOWN: dict[str, tuple[str, ...]] = {}
"""Defects of pages this test does not own, reported: the test fails on anything else, and on
a known defect once it is fixed (then it comes off this list)."""


@pytest.fixture(scope="module")
def export_zip(tmp_path_factory) -> Path:
    """A small generated export with its clinical tables and VetFiles, zipped as OkVet gives
    it (without the generator's own manifest and ground truth)."""
    folder = tmp_path_factory.mktemp("export")
    out = folder / "okvet"
    call_command(
        "generate_okvet_export",
        f"--output={out}",
        "--owners=24",
        "--pets=36",
        "--clinical",
        "--seed=3",
        stdout=io.StringIO(),
    )
    archive = folder / "exportacion-okvet.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(out.rglob("*")):
            if path.is_file() and path.name not in ("manifest.json", "truth.jsonl"):
                zipped.write(path, path.relative_to(out))
    return archive


def pets_from_the_command_line(scratch: Scratch, export_zip: Path, folder: Path) -> int:
    folder.mkdir()
    env = scratch.env("command", folder)
    run(env, "manage.py", "import_okvet", f"--source={export_zip}", "--no-progress")
    return int(run(env, "manage.py", "shell", "-v0", "-c", PETS).stdout)


def test_from_upload_to_sign_off(scratch, export_zip, tmp_path):
    from playwright.sync_api import expect

    expected_pets = pets_from_the_command_line(scratch, export_zip, tmp_path / "command")
    folder = tmp_path / "site"
    with scratch_site(scratch, "console", folder, worker=False) as site, browser() as chromium:
        site.shell(OWNER)
        context = chromium.new_context(
            viewport=DESKTOP, locale="es-CO", timezone_id="America/Bogota"
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        looker = Looker(page)
        sign_in(page, looker, site)
        trial(page, looker, site, export_zip, expect)
        review_trial(page, looker, expect)
        real_run(page, looker, site, expect)
        fix(page, looker, expect)
        sha = sign_off(page, looker, expect)
        history(page, looker, expect)
        context.close()
        left = looker.unexplained(KNOWN)
        assert left == {}, json.dumps(left, indent=1, ensure_ascii=False)
        final = json.loads(site.shell(FINAL))
    assert final["runs"] == [[True, "completed"], [False, "completed"]]
    assert final["jobs"] == [["trial", "completed"], ["real", "completed"]]
    assert final["signoffs"] == [[2, "Ana Gil", sha]]
    assert final["resolved"] == [[f"Resuelto: {REASON}", "ana"]]
    assert final["pets"] == expected_pets > 0


def sign_in(page, looker: Looker, site) -> None:
    page.goto(site.url("/migracion/"))
    assert "/cuenta/login/" in page.url
    looker.look("login")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_url(re.compile(r"/migracion/$"))
    text = looker.look("home")
    assert "Cargue la exportación" in text or "Nueva migración" in text


def trial(page, looker: Looker, site, export_zip: Path, expect) -> None:
    page.get_by_role("link", name="Nueva migración").first.click()
    page.wait_for_url(re.compile(r"/migracion/nueva/$"))
    looker.look("upload")
    page.set_input_files("#export", export_zip)
    page.get_by_role("button", name="Cargar los archivos").click()
    page.wait_for_url(re.compile(r"/migracion/carga/\d+/$"))
    recognised = page.locator("table").first
    for name, table, rows in (
        ("propietarios.csv", "Clientes/Propietarios", "24"),
        ("mascotas.csv", "Mascotas", "36"),
        ("consultas.csv", "Consultas", "51"),
    ):
        line = recognised.locator("tr", has_text=name)
        expect(line.locator("td").nth(1)).to_have_text(table)
        expect(line.locator("td").nth(2)).to_have_text(rows)
    looker.look("upload-detail")
    page.get_by_role("button", name="Iniciar una prueba").click()
    page.wait_for_url(re.compile(r"/migracion/trabajo/\d+/$"))
    expect(page.locator("#estado-texto")).to_have_text("En espera")
    looker.look("progress-waiting")
    polls = []
    page.on("request", lambda r: polls.append(r) if r.url.endswith("/estado.json") else None)
    site.start_worker()  # the page shows the trial waiting, then follows it to its end
    watch(page, looker, site, "progress-trial", expect)
    assert polls, "the progress page never asked for the job's state"


def watch(page, looker: Looker, site, name: str, expect) -> None:
    """The progress page follows the job by itself (it polls, and reloads once the job
    ends): the test only waits for its words."""
    page.wait_for_url(re.compile(r"/migracion/trabajo/\d+/$"))
    status = page.locator("#estado-texto")
    try:
        expect(status).to_have_text(re.compile("Terminada|Fallida"), timeout=WAIT)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nthe worker's log:\n{site.log('worker')[-3000:]}") from None
    assert status.inner_text() == "Terminada", page.inner_text("main")
    expect(page.locator("#estado-resumen")).to_contain_text("Filas leídas")
    looker.look(name)


def review_trial(page, looker: Looker, expect) -> None:
    page.get_by_role("link", name="Leer el informe").click()
    page.wait_for_url(re.compile(r"/migracion/ejecucion/\d+/$"))
    expect(page.locator("h1")).to_contain_text("Ejecución 1")
    looker.look("report-trial")
    page.get_by_role("link", name="Comparación").click()
    looker.look("comparison-trial")
    page.go_back()
    open_queue_from_a_row(page, looker, "issues-trial", expect, "Clientes/Propietarios")


def open_queue_from_a_row(page, looker: Looker, name: str, expect, table: str) -> None:
    """A table's row in the report opens the issue queue filtered to that table."""
    tables = page.locator("table").first
    tables.get_by_role("link", name=table, exact=True).click()
    page.wait_for_url(re.compile(r"/problemas/\?lote=\d+"))
    expect(page.locator("#lote option[selected]")).to_contain_text(table)
    expect(page.locator("article.issue").first).to_be_visible()
    looker.look(name)


def real_run(page, looker: Looker, site, expect) -> None:
    page.get_by_role("link", name="Inicio").click()
    looker.look("home-after-trial")
    page.locator("a[href*='/migracion/carga/']").first.click()
    page.get_by_label("He revisado el informe de la prueba").check()
    page.get_by_role("button", name="Importar de verdad").click()
    watch(page, looker, site, "progress-real", expect)
    page.get_by_role("link", name="Leer el informe").click()
    expect(page.locator("h1")).to_contain_text("Ejecución 2")
    looker.look("report-real")
    page.get_by_role("link", name="Comparación").click()
    expect(page.locator("main")).to_contain_text("Mascotas")
    looker.look("comparison-real")
    page.go_back()


def fix(page, looker: Looker, expect) -> None:
    """From a table's row to its issues; an issue's record opened and left (a pet's chart;
    an owner's admin page); one issue resolved with a reason from its page."""
    open_queue_from_a_row(page, looker, "issues-real", expect, "Mascotas")
    visit_a_record(page, looker, "pet-chart", r"/historia/mascota/\d+/")
    page.get_by_role("link", name="Resolver o ignorar").first.click()
    page.wait_for_url(re.compile(r"/migracion/problema/\d+/"))
    looker.look("issue")
    page.fill("#reason", REASON)
    page.get_by_role("button", name="Marcar como resuelto").click()
    page.wait_for_url(re.compile(r"/problemas/\?"))
    expect(page.locator(".messages")).to_contain_text("Problema cerrado")
    looker.look("issues-after-resolving")
    page.select_option("#lote", label="Clientes/Propietarios")
    page.get_by_role("button", name="Filtrar").click()
    expect(page.locator("#lote option[selected]")).to_have_text("Clientes/Propietarios")
    visit_a_record(page, looker, "owner-in-admin", r"/admin/clinic/ownerprofile/\d+/change/")


def visit_a_record(page, looker: Looker, name: str, where: str) -> None:
    """An issue's link opens the record it concerns; the browser's back returns to the queue."""
    queue = page.url
    page.locator("article.issue a", has_text=re.compile(r"^Abrir ")).first.click()
    page.wait_for_url(re.compile(where))
    looker.look(name)
    page.go_back()
    assert page.url == queue


def sign_off(page, looker: Looker, expect) -> str:
    page.get_by_role("link", name="Firma", exact=True).click()
    page.wait_for_url(re.compile(r"/firma/$"))
    looker.look("signoff")
    page.fill("#nota", "Migración revisada con el equipo.")
    confirmation = page.locator("#confirmacion")
    if confirmation.count():  # critical issues open: a word to type, checked
        confirmation.fill("SÍ")
        page.get_by_role("button", name="Firmar esta ejecución").click()
        expect(page.locator(".messages")).to_contain_text("La confirmación no coincide")
        page.fill("#nota", "Migración revisada con el equipo.")
        confirmation.fill("FIRMAR")
    page.get_by_role("button", name="Firmar esta ejecución").click()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("Ana Gil")
    today = datetime.now(ZoneInfo("America/Bogota")).strftime("%d/%m/%Y")
    expect(facts).to_contain_text(re.compile(rf"{today} \d\d:\d\d"))
    sha = facts.locator("code.hash").inner_text()
    report = page.get_by_role("link", name="Abrir el informe firmado").get_attribute("href")
    signed = page.request.get(urljoin(page.url, report))
    assert hashlib.sha256(signed.body()).hexdigest() == sha
    looker.look("signed")
    return sha


def history(page, looker: Looker, expect) -> None:
    page.get_by_role("link", name="Historial").click()
    table = page.locator("table").first
    for words in ("Prueba", "Importación", "Firma", "Ejecución 2 firmada por Ana Gil"):
        expect(table).to_contain_text(words)
    looker.look("history")
