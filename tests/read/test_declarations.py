"""One declaration per OkVet table: every name, label, column and rule comes from it."""

from functools import partial

import pytest
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from migration.load.idmap import IdMap, UnknownNamespace
from migration.load.placeholders import OWNER_TYPE, PET_TYPE
from migration.load.staff import STAFF_TYPE
from migration.management.report import TYPE_LABELS
from migration.read import declarations as d
from migration.read.declarations import TABLES
from migration.services.plan import PLAN, STEPS


def _field(model, target: str) -> None:
    """``user__email`` and ``details.dx`` name real fields of ``model``."""
    head = target.split(".")[0]
    for part in head.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model or model


def test_every_read_table_is_declared_and_every_target_is_a_real_field():
    for name in TABLES:
        if name != "vaccine_types":  # a catalogue, read into the vaccinations' context
            assert name in d.DECLARATIONS
    for table in d.DECLARATIONS.values():
        model = apps.get_model(table.model)
        for column in table.rules.values():
            assert column.rule in d.RULES, (table.name, column.name)
            if column.target and column.rule not in (d.EXTRAS, d.NOT_IMPORTED):
                _field(model, column.target)
            for name in (column.raw, *column.derived):
                if name:
                    _field(model, name)
            if column.rule == d.REFERENCE:
                assert d.referenced_namespace(column.how) in d.NAMESPACES


def test_each_table_is_read_as_its_declaration_says():
    """The reading of a table (columns, synonyms, required, dates) is its declaration's own."""
    for name, spec in TABLES.items():
        if name == "vaccine_types":
            continue
        assert d.DECLARATIONS[name].spec is spec
    assert TABLES["owners"].aliases()["numerodedocumento"] == "number_doc"
    assert {t.name for t in d.DECLARATIONS.values() if not t.read} == {"files"}


def test_a_declaration_read_under_another_name_is_refused():
    spec = d.DECLARATIONS["pets"].spec
    with pytest.raises(ValueError, match="read as 'pets'"):
        d.Table("owners", "Owners", "clinic.OwnerProfile", "clients", "client", spec=spec)


def test_a_column_declared_without_a_real_field_is_caught():
    with pytest.raises(FieldDoesNotExist):
        _field(apps.get_model("clinic.Pet"), "no_such_field")


def test_undeclared_columns_are_kept_in_extras_in_dump_order():
    rules = d.DECLARATIONS["appointments"].rules
    assert list(rules)[:3] == ["id", "calendar_id", "vet_id"]
    assert rules["calendar_id"].rule == d.EXTRAS
    assert "calendar_id" not in d.DECLARATIONS["appointments"].mapped


def test_the_plan_takes_its_names_from_the_declarations():
    for step in PLAN:
        table = step.declaration
        assert (step.batch_type, step.table, step.source_type, step.read) == (
            table.batch_type,
            table.name,
            table.id_type,
            table.read,
        )
        loader = step.loader
        source_type = loader.keywords["source_type"] if isinstance(loader, partial) else None
        assert (source_type or loader.source_type) == table.id_type, step.table
    assert STEPS["clients"].table == "owners" and STEPS["clients"].source_type == "client"


def test_a_table_is_found_under_any_of_its_names():
    owners = d.DECLARATIONS["owners"]
    assert d.table_named("owners") is d.table_named("clients") is d.table_named("client") is owners
    with pytest.raises(KeyError):
        d.table_named("clent")


def test_labels_derive_from_the_declarations():
    assert set(TYPE_LABELS) == {t.batch_type for t in d.DECLARATIONS.values()}
    assert str(TYPE_LABELS["clients"]) == "Clients/Owners"


def test_support_namespaces_are_the_loaders():
    assert {OWNER_TYPE, PET_TYPE, STAFF_TYPE, "invoice"} == set(d.SUPPORT)


@pytest.mark.django_db
def test_the_id_map_refuses_a_namespace_no_table_declares():
    idmap = IdMap(batch_id=1)
    for call in (
        lambda: idmap.get("clent", "1"),
        lambda: idmap.preload("clent", ["1"]),
        lambda: idmap.add("clent", "1", "clinic.Pet", 1),
        lambda: idmap.any_of("clent"),
        lambda: idmap.batch_of("clent", "1"),
    ):
        with pytest.raises(UnknownNamespace, match="clent"):
            call()
    assert idmap.get("client", "1") is None
