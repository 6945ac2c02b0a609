"""The verification report and the comparison as pages of the console: the same builders as
``verify_migration`` and ``compare_migration``, in Spanish, printable, each table's row linked
to its issue queue."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from clinic.models import Pet
from migration.management.report import TYPE_LABELS
from migration.models import MigrationRun
from migration.services.verify import migration_verify
from tests.console.reviewing import hrefs, imported, staff, text  # noqa: F401

pytestmark = pytest.mark.django_db


def count_row(html: str, label: str) -> tuple[int, int, int]:
    found = re.search(
        rf">{re.escape(label)}</a></td><td class=\"n\">(-?[\d.]+)</td>"
        rf"<td class=\"n\">(-?[\d.]+)</td><td class=\"n\">(-?[\d.]+)</td>",
        html,
    )
    assert found, label
    return tuple(int(n.replace(".", "")) for n in found.groups())


def test_the_report_shows_the_numbers_verify_migration_counts(staff, imported):  # noqa: F811
    page = staff.get(reverse("console:report", args=[imported.pk]))
    assert page.status_code == 200
    html, shown = page.content.decode(), text(page)
    report = migration_verify(run_id=imported.pk)
    with translation.override("es"):
        labels = {name: str(TYPE_LABELS[name]) for name in report.types}
    assert len(report.types) >= 3
    for name, counts in report.types.items():
        assert count_row(html, labels[name]) == (
            counts.source,
            counts.imported,
            counts.difference,
        )
    assert "Informe de verificación" in shown and "Tablas de esta ejecución" in shown
    assert "Descargar PDF" in shown and 'onclick="window.print()"' in html
    assert "@media print" in html
    for code in report.issues:
        assert code not in shown  # a label, not the code
        assert f"codigo={code}" in html
    assert "--" not in shown and "{" not in shown


def test_each_table_links_to_its_issue_queue(staff, imported):  # noqa: F811
    page = staff.get(reverse("console:report", args=[imported.pk]))
    links = hrefs(page)
    for batch in imported.batches.all():
        wanted = f"{reverse('console:issues', args=[imported.pk])}?lote={batch.pk}&estado=todos"
        assert wanted in links, batch.batch_type
        queue = staff.get(wanted)
        assert queue.status_code == 200
        shown = set(re.findall(r'href="/migracion/problema/(\d+)/', queue.content.decode()))
        assert shown == {str(pk) for pk in batch.issues.values_list("pk", flat=True)[:25]}


def test_a_trial_says_it_kept_nothing(staff, run, export):  # noqa: F811
    run("import_okvet", f"--source={export}", "--dry-run", "--no-progress")
    trial = MigrationRun.objects.get()
    page = staff.get(reverse("console:report", args=[trial.pk]))
    shown = text(page)
    assert page.status_code == 200 and "Ejecución" in shown and "Prueba" in shown
    assert "es una prueba: no guardó nada" in shown
    assert "Todavía no se ha importado nada" in shown


def test_an_unknown_run_is_not_found(staff):  # noqa: F811
    assert staff.get(reverse("console:report", args=[999])).status_code == 404
    assert staff.get(reverse("console:comparison", args=[999])).status_code == 404


def test_the_comparison_shows_source_and_record_side_by_side(staff, imported):  # noqa: F811
    url = reverse("console:comparison", args=[imported.pk])
    page = staff.get(url, {"por_tabla": "3"})
    html, shown = page.content.decode(), text(page)
    assert page.status_code == 200
    assert "lado a lado" in shown and "Descargar PDF" in shown
    pet = Pet.objects.get(legacy_id="201")
    assert reverse("clinic:pet", args=[pet.pk]) in html
    assert "clinic.Pet#" not in shown and "maria.perez@mail.com" in shown
    history = staff.get(url, {"propietario": "101"})
    assert history.status_code == 200 and "FIRULAIS" in text(history)
    assert "{" not in shown
