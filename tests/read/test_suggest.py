"""The columns a mapping form offers for an unknown header: the likely ones first."""

from migration.read.suggest import column_choices


def test_abbreviations_and_spanish_labels_come_first():
    assert column_choices("owners", "Cel. del cliente")[0].column == "mobile"
    assert column_choices("owners", "Nombre del cliente")[0].column == "name"
    assert column_choices("owners", "No. doc")[0].column == "number_doc"
    assert column_choices("pets", "Fecha nac.")[0].column == "birth_at"
    assert column_choices("owners", "e mail")[0].column == "email"


def test_at_most_three_suggestions_then_every_other_column_in_order():
    choices = column_choices("owners", "Tel. fijo")
    suggested = [c for c in choices if c.suggested]
    assert 1 <= len(suggested) <= 3 and suggested[0].column == "phone"
    rest = [c.column for c in choices if not c.suggested]
    assert rest == [c for c in rest if c not in {s.column for s in suggested}]
    assert len(choices) == len({c.column for c in choices})


def test_no_suggestion_for_a_header_like_no_column():
    assert not any(c.suggested for c in column_choices("owners", "Observaciones"))
    assert not any(c.suggested for c in column_choices("owners", ""))


def test_columns_another_header_names_are_left_out():
    columns = {c.column for c in column_choices("owners", "Nombre", exclude=frozenset({"name"}))}
    assert "name" not in columns and "number_doc" in columns
    assert column_choices("owners", "Celular")[0].label == "Celular"
