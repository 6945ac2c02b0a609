"""Every batch kind, field, choice and issue code of the migration has its Spanish words."""

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

from migration.models import BATCH_TYPES, MigrationBatch
from migration.services.plan import PLAN

SAME_IN_BOTH = {"error"}


def spanish(text) -> str:
    with translation.override("es"):
        return str(text)


def english(text) -> str:
    with translation.override("en"):
        return str(text)


def test_every_step_of_the_plan_has_a_batch_kind_with_its_label():
    labels = dict(MigrationBatch._meta.get_field("batch_type").choices)
    assert labels == dict(BATCH_TYPES)
    for step in PLAN:
        assert step.batch_type in labels, step.batch_type
        label = labels[step.batch_type]
        assert spanish(label) != english(label), step.batch_type
    assert spanish(labels["medical_history"]) == "Historia clínica"
    assert spanish(labels["vaccinations"]) == "Vacunaciones"


def fields():
    for model in apps.get_app_config("migration").get_models():
        for field in model._meta.get_fields():
            if field.concrete and not field.auto_created:
                yield model, field


@pytest.mark.parametrize(("model", "field"), list(fields()), ids=lambda x: getattr(x, "name", ""))
def test_every_field_has_a_label_translated_to_spanish(model, field):
    assert isinstance(field.verbose_name, Promise), f"{model.__name__}.{field.name}"
    assert spanish(field.verbose_name) != english(field.verbose_name) or (
        spanish(field.verbose_name) in SAME_IN_BOTH
    ), f"{model.__name__}.{field.name}"
    for value, label in field.choices or ():
        assert spanish(label) != value, f"{model.__name__}.{field.name}={value}"


def test_every_model_has_spanish_names():
    for model in apps.get_app_config("migration").get_models():
        opts = model._meta
        assert spanish(opts.verbose_name) != english(opts.verbose_name), model.__name__
        assert spanish(opts.verbose_name_plural) != english(opts.verbose_name_plural)
