"""Every filter of every list returns exactly the rows its option names."""

from urllib.parse import parse_qsl

import pytest
from django.contrib import admin

from migration.models import DataQualityIssue, MigrationBatch, MigrationRecord

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label == "migration"]
SIMPLE = {"interrupted"}  # tested with the runs it marks (tests/services/test_interrupted.py)


def url(model) -> str:
    return f"/admin/migration/{model._meta.model_name}/"


def expected(model, query: str) -> int:
    """The rows the option's parameters select, asked of the database directly."""
    lookups = {}
    for key, value in parse_qsl(query.lstrip("?")):
        if key.endswith("__isnull"):
            value = value == "True"
        lookups[key] = value
    return model.objects.filter(**lookups).count()


@pytest.fixture
def clinical_issues(clinical):
    """Issues in the batches the clinic found empty under their filters (medical history,
    vaccinations)."""
    history = MigrationBatch.objects.create(
        batch_type="medical_history", source_file="historia.csv", status="completed"
    )
    vaccinations = MigrationBatch.objects.get(batch_type="vaccinations")
    for batch, row in ((history, 3), (vaccinations, 4), (vaccinations, 5)):
        DataQualityIssue.objects.create(
            batch=batch,
            severity="warning",
            issue_type="invalid-date",
            source_row=row,
            description="x",
            source_value="31/02/2019",
        )
    return clinical


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_filter_option_returns_the_rows_it_names(staff, clinical_issues, model):
    page = staff.get(url(model))
    assert page.status_code == 200
    changelist = page.context["cl"]
    for spec in changelist.filter_specs:
        for choice in spec.choices(changelist):
            query = choice["query_string"]
            if any(key in SIMPLE for key, _ in parse_qsl(query.lstrip("?"))):
                continue
            shown = staff.get(url(model) + query).context["cl"].result_count
            assert shown == expected(model, query), (spec.title, choice["display"], query)


def test_the_issues_of_a_medical_history_or_vaccinations_are_found_by_type(staff, clinical_issues):
    base = url(DataQualityIssue)
    for batch_type, label, count in (
        ("medical_history", "Historia clínica", 1),
        (
            "vaccinations",
            "Vacunaciones",
            2
            + DataQualityIssue.objects.filter(batch__batch_type="vaccinations")
            .exclude(issue_type="invalid-date")
            .count(),
        ),
    ):
        page = staff.get(base)
        assert f"?batch__batch_type__exact={batch_type}" in page.content.decode()
        assert label in page.content.decode()
        shown = staff.get(base, {"batch__batch_type__exact": batch_type}).context["cl"]
        assert shown.result_count == count > 0
        assert {i.batch.batch_type for i in shown.result_list} == {batch_type}


def test_the_issue_filter_names_each_code_in_spanish(staff, clinical_issues):
    page = staff.get(url(DataQualityIssue)).content.decode()
    assert "Fecha no válida" in page and "Por problema" in page
    assert "Por lote" in page and "Por ejecución" in page and "Por tipo" in page
    shown = staff.get(url(DataQualityIssue), {"issue_type": "invalid-date"}).context["cl"]
    assert shown.result_count == DataQualityIssue.objects.filter(issue_type="invalid-date").count()


def test_the_rows_are_filtered_by_the_type_of_their_batch(staff, clinical):
    shown = staff.get(url(MigrationRecord), {"batch__batch_type__exact": "consults"})
    count = MigrationRecord.objects.filter(batch__batch_type="consults").count()
    assert shown.context["cl"].result_count == count > 0
