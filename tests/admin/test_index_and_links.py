"""The admin leads to the console, and an issue to the record it concerns."""

import pytest

from clinic.models import Pet
from migration.models import DataQualityIssue, MigrationRecord

pytestmark = pytest.mark.django_db

ISSUES = "/admin/migration/dataqualityissue/"


def test_the_admin_index_links_to_the_migration_console(staff):
    page = staff.get("/admin/").content.decode()
    assert "Migración desde OkVet" in page and 'href="/migracion/"' in page


def pet_issue():
    return (
        DataQualityIssue.objects.filter(record__target_model="clinic.Pet")
        .select_related("record")
        .first()
    )


def test_an_issue_links_to_the_pet_it_concerns(staff, clinical):
    issue = pet_issue()
    link = f'href="/admin/clinic/pet/{issue.record.target_id}/change/"'
    page = staff.get(f"{ISSUES}{issue.pk}/change/").content.decode()
    assert link in page and "Qué hacer" in page
    listed = staff.get(ISSUES, {"issue_type": issue.issue_type}).content.decode()
    assert link in listed
    assert staff.get(f"/admin/clinic/pet/{issue.record.target_id}/change/").status_code == 200


def test_an_issue_about_a_record_that_is_gone_says_so(staff, clinical):
    issue = pet_issue()
    gone = Pet.objects.order_by("pk").last().pk + 1
    MigrationRecord.objects.filter(pk=issue.record_id).update(target_id=gone)
    text = f"Mascota {gone} (ya no existe)"
    assert text in staff.get(f"{ISSUES}{issue.pk}/change/").content.decode()
    assert text in staff.get(ISSUES, {"issue_type": issue.issue_type}).content.decode()


def test_the_issue_list_finds_the_records_in_one_query_per_model(
    staff, clinical, django_assert_max_num_queries
):
    staff.get(ISSUES)  # sessions, content types: warmed up
    with django_assert_max_num_queries(20):
        page = staff.get(ISSUES)
    assert page.context["cl"].result_count == DataQualityIssue.objects.count() > 20


def test_an_issue_without_a_record_concerns_nothing(staff, clinical):
    issue = DataQualityIssue.objects.filter(record=None).first() or DataQualityIssue.objects.create(
        batch=pet_issue().batch, severity="info", issue_type="unreferenced-file", description="x"
    )
    page = staff.get(f"{ISSUES}{issue.pk}/change/").content.decode()
    assert "Se refiere a" in page and 'value="mark_resolved"' in page


def test_the_task_queue_is_named_in_spanish(staff):
    from django.utils import translation

    with translation.override("es"):
        page = staff.get("/admin/").content.decode()
    assert "Tareas en segundo plano" in page and "Resultados de las tareas" in page
    assert "Tasks Database Backend" not in page and "Task Results" not in page
