"""The issue queue of a run: filtered by table, severity, kind and state, paged; each issue in
words, with what to do and a link to its record; resolved or ignored with a reason; a sync
conflict settled with OkVet's value or Pet-Friendly's after a page showing both."""

import re

import pytest
from django.urls import reverse

from clinic.models import Pet
from console.views import review
from migration.models import DataQualityIssue, MigrationBatch
from tests.console.reviewing import hrefs, imported, staff, text  # noqa: F401

pytestmark = pytest.mark.django_db


def listed(response) -> set[int]:
    return {
        int(pk) for pk in re.findall(r'href="/migracion/problema/(\d+)/', response.content.decode())
    }


@pytest.fixture
def queue_url(imported):  # noqa: F811
    return reverse("console:issues", args=[imported.pk])


def test_the_filter_of_a_table_gives_exactly_its_issues(staff, imported, queue_url):  # noqa: F811
    for batch in imported.batches.all():
        page = staff.get(queue_url, {"lote": batch.pk, "estado": "todos"})
        assert listed(page) == set(batch.issues.values_list("pk", flat=True))
    opened = staff.get(queue_url)  # open ones by default
    assert listed(opened) == set(
        DataQualityIssue.objects.filter(batch__run=imported, resolved=False).values_list(
            "pk", flat=True
        )
    )


def test_severity_kind_and_state_filters(staff, imported, queue_url):  # noqa: F811
    run_issues = DataQualityIssue.objects.filter(batch__run=imported)
    critical = staff.get(queue_url, {"gravedad": "critical"})
    assert listed(critical) == set(
        run_issues.filter(severity="critical").values_list("pk", flat=True)
    )
    kind = staff.get(queue_url, {"codigo": "zero-weight"})
    assert listed(kind) == set(
        run_issues.filter(issue_type="zero-weight").values_list("pk", flat=True)
    )
    assert staff.get(queue_url, {"estado": "resueltos"}).status_code == 200
    assert listed(staff.get(queue_url, {"estado": "resueltos"})) == set()
    ignored = staff.get(queue_url, {"gravedad": "nonsense", "lote": "x", "estado": "?"})
    assert listed(ignored) == listed(staff.get(queue_url))
    other = MigrationBatch.objects.create(batch_type="pets", source_file="x.csv")
    assert staff.get(queue_url, {"lote": other.pk}).status_code == 404


def test_the_queue_is_paged(staff, imported, queue_url, monkeypatch):  # noqa: F811
    monkeypatch.setattr(review, "PER_PAGE", 2)
    first = staff.get(queue_url, {"estado": "todos"})
    second = staff.get(queue_url, {"estado": "todos", "pagina": "2"})
    assert len(listed(first)) == 2 and len(listed(second)) == 2
    assert not listed(first) & listed(second)
    assert f"{queue_url}?estado=todos&amp;pagina=2" in first.content.decode()
    assert "página 1 de" in text(first)


def test_each_issue_in_words_with_what_to_do_and_its_record(staff, imported, queue_url):  # noqa: F811
    page = staff.get(queue_url, {"estado": "todos"})
    shown = text(page)
    assert "Qué hacer:" in shown and "Archivo mascotas.csv, fila" in shown
    for code in DataQualityIssue.objects.values_list("issue_type", flat=True):
        assert code not in shown
    assert "--" not in shown
    rocky = Pet.objects.get(legacy_id="203")
    assert reverse("clinic:pet", args=[rocky.pk]) in hrefs(page)
    assert "Esta fila no está en Pet-Friendly" in shown  # pet 205, skipped


def test_resolve_and_ignore_with_a_reason(staff, imported, queue_url):  # noqa: F811
    first, second = DataQualityIssue.objects.filter(batch__run=imported).order_by("pk")[:2]
    url = reverse("console:issue", args=[first.pk])
    page = staff.get(url, {"next": queue_url})
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    refused = staff.post(url, {"action": "resolve", "reason": "  ", "next": queue_url})
    assert refused.status_code == 200 and "Diga por qué" in text(refused)
    first.refresh_from_db()
    assert not first.resolved
    done = staff.post(
        url, {"action": "resolve", "reason": "llamamos al cliente", "next": queue_url}
    )
    assert done.status_code == 302 and done["Location"] == queue_url
    first.refresh_from_db()
    assert first.resolved and first.resolved_by == staff.user and first.resolved_at
    assert first.resolution == "Resuelto: llamamos al cliente"
    staff.post(reverse("console:issue", args=[second.pk]), {"action": "ignore", "reason": "es así"})
    second.refresh_from_db()
    assert second.resolved and second.resolution.endswith(": es así")
    again = staff.post(url, {"action": "ignore", "reason": "otra vez"}, follow=True)
    assert "ya está cerrado" in text(again)
    first.refresh_from_db()
    assert first.resolution == "Resuelto: llamamos al cliente"
    outside = staff.post(url, {"action": "x", "reason": "y", "next": "https://evil.example/"})
    assert outside.status_code == 200


@pytest.fixture
def conflicts(run, export, tmp_path, staff):  # noqa: F811
    from tests.conflicts import make_conflicts

    return make_conflicts(run, export, tmp_path)


@pytest.mark.parametrize(("action", "weight"), [("okvet", "14"), ("clinic", "13")])
def test_a_sync_conflict_after_both_values(staff, conflicts, action, weight):  # noqa: F811
    issue = conflicts.issue("weight_kg")
    url = reverse("console:issue", args=[issue.pk])
    page = staff.get(url)
    shown = text(page)
    assert "OkVet, ahora" in shown and "Tomar el valor de OkVet" in shown
    assert "14" in shown and "13" in shown
    done = staff.post(url, {"action": action, "reason": "confirmado por teléfono"})
    assert done.status_code == 302
    issue.refresh_from_db()
    assert issue.resolved and issue.resolution.endswith(": confirmado por teléfono")
    pet = Pet.objects.get(pk=conflicts.pet_id)
    assert pet.weight_kg == pytest.approx(float(weight))


def test_a_conflict_refused_by_the_service_says_why(staff, conflicts):  # noqa: F811
    issue = conflicts.issue("weight_kg")
    Pet.objects.filter(pk=conflicts.pet_id).update(weight_kg=20)
    url = reverse("console:issue", args=[issue.pk])
    page = staff.post(url, {"action": "okvet", "reason": "sí"}, follow=True)
    assert "cambió de nuevo" in text(page)
    issue.refresh_from_db()
    assert not issue.resolved


def test_a_column_label_falls_back_to_the_column(imported):  # noqa: F811
    from console.views.fixes import _column_label

    issue = DataQualityIssue.objects.filter(record__target_model="clinic.Pet").first()
    assert _column_label(issue, "weight_kg") != "weight_kg"
    assert _column_label(issue, "no_such_column") == "no_such_column"
