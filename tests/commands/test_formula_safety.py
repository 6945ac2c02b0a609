"""The failed rows' spreadsheet never runs a cell, and gives every value back exactly.

``formula_safe`` quotes a cell a spreadsheet would run — a formula character first (``=``,
``+``, ``-``, ``@`` and their full-width forms ``＝＋－＠``), after leading whitespace too, or a
tab, carriage return or line feed first — and ``unquote`` undoes it, so that a corrected file
read back by ``retry_migration`` holds the values as they were."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic.models import Pet
from migration.models import MigrationBatch, MigrationRecord
from migration.services.corrections import formula_safe, unquote

pytestmark = pytest.mark.django_db

RUNS = {
    "equals": "=1+1",
    "plus": "+1",
    "minus": "-1",
    "at": "@SUM(A1)",
    "space then equals": " =1+1",
    "spaces then plus": "   +cmd|' /C calc'!A0",
    "tab": "\t=1",
    "carriage return": "\r=1",
    "line feed": "\n=1",
    "a lone line feed": "\n",
    "full-width equals": "＝1+1",
    "full-width plus": "＋1",
    "full-width minus": "－1",
    "full-width at": "＠SUM(A1)",
    "ideographic space then full-width equals": "\u3000＝1",
    "no-break space then equals": "\xa0=1",
    "a quote then a formula": "'=1",
    "two quotes then a formula": "''@x",
}
SAFE = {
    "text": "Firulais",
    "empty": "",
    "a number": "12,5",
    "a quote first": "'hola",
    "a lone quote": "'",
    "spaces then text": "  hola",
    "a formula character later": "a=1",
    "full-width letters": "ＡＢＣ",
}


@pytest.mark.parametrize("case", RUNS)
def test_a_cell_that_would_run_is_quoted(case):
    value = RUNS[case]
    assert formula_safe(value) == "'" + value
    assert unquote(formula_safe(value)) == value


@pytest.mark.parametrize("case", SAFE)
def test_other_cells_are_left_as_they_are(case):
    assert formula_safe(SAFE[case]) == SAFE[case]
    assert unquote(SAFE[case]) == SAFE[case]


def runs(cell: str) -> bool:
    """What a spreadsheet runs, written out independently of the code under test."""
    first = cell.lstrip()[:1]
    return (first != "" and first in "=+-@＝＋－＠") or cell[:1] in ("\t", "\r", "\n")


START = st.sampled_from(["", "'", "''", " ", "\u3000", "\t", "\n", "\r", "=", "＝", "-", "＠"])


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(value=st.builds(lambda a, b, c: a + b + c, START, START, st.text(max_size=20)))
def test_any_text_comes_back_exactly_and_never_runs(value):
    safe = formula_safe(value)
    assert unquote(safe) == value
    assert safe[:1] == "'" or not runs(safe)
    assert not runs(value) or safe == "'" + value


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


@pytest.fixture
def pets_batch(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}", "--require-owner")
    return MigrationBatch.objects.get(batch_type="pets")


def test_the_corrections_round_trip_restores_every_value_exactly(run, pets_batch, tmp_path):
    """Out through ``export_migration_errors``, corrected in the file, back through
    ``retry_migration``: every tricky cell (and an unknown header that looks like a formula)
    reads back as it was."""
    tricky = {**RUNS, **SAFE}
    record = MigrationRecord.objects.get(batch=pets_batch, source_id="205")
    record.source_data.update({f"nota {name}": value for name, value in tricky.items()})
    record.source_data["color"] = ' =HYPERLINK("http://x")'
    record.source_data["=cmd"] = "＝1"
    record.save()
    original = dict(record.source_data)
    out = tmp_path / "errores.csv"
    run("export_migration_errors", f"--batch-id={pets_batch.pk}", f"--output={out}")
    header, *rows = read(out)
    cells = dict(zip(header, rows[0], strict=True))
    assert "'=cmd" in header and cells["'=cmd"] == "'＝1"
    assert cells["color"] == '\' =HYPERLINK("http://x")'
    assert not any(runs(cell) for cell in [*header, *rows[0]])
    rows[0][header.index("owner_id")] = "101"
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *rows])
    run("retry_migration", f"--batch-id={pets_batch.pk}", f"--file={out}", "--no-progress")
    again = MigrationRecord.objects.get(batch=pets_batch, source_id="205")
    assert again.status == "imported"
    filled = {k: v for k, v in original.items() if v}  # an empty unknown cell is no cell
    back = {k: v for k, v in again.source_data.items() if k in filled}
    assert back == {**filled, "owner_id": "101"}
    pet = Pet.objects.get(legacy_id="205")
    assert pet.color == '=HYPERLINK("http://x")'  # the clinic's field: the text, stripped
    assert pet.legacy_extras["=cmd"] == "＝1"
    assert pet.legacy_extras["nota line feed"] == "\n=1"
