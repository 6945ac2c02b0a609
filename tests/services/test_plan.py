from django.apps import apps

from migration.services.plan import PLAN, STEPS


def test_each_step_depends_only_on_earlier_steps():
    seen: set[str] = set()
    for step in PLAN:
        assert set(step.depends) <= seen, step.batch_type
        seen.add(step.batch_type)


def test_steps_name_real_models_and_tables():
    from migration.read.declarations import TABLES

    for step in PLAN:
        assert step.table in TABLES or not step.read
        for label in step.targets:
            assert apps.get_model(label)
    assert STEPS["pets"].target_model == "clinic.Pet"
