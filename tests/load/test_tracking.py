from migration.convert.base import Converted, ledger
from migration.load.base import Outcome
from migration.load.tracking import TrackingSpool
from migration.read.sources import SourceRow


def row(**values):
    return SourceRow("f.csv", "", 2, values, {"Observación": "VIP", "vacía": " "})


def account_cells(entry, outcome):
    """What one row adds to its batch's cell accounting."""
    spool = TrackingSpool(1, "clinic.OwnerProfile", translate=str)
    spool.add(None, Converted("1", ledger=entry), outcome)
    return {kind: n for kind, n in spool.cells.items() if n}


def test_each_cell_is_mapped_or_preserved():
    conv = Converted("1", mapped=frozenset({"id", "name", "email", "phone"}))
    conv.extras.update({"email": "not@", "Observación": "VIP", "color": "azul"})
    source = row(id="1", name="Ana", email="not@", phone="123", color="azul", city="N/A")
    cells = account_cells(ledger(source, conv), Outcome("imported"))
    assert cells == {"mapped": 3, "preserved": 3}


def test_a_cell_that_went_nowhere_is_counted():
    conv = Converted("1", mapped=frozenset({"id"}))
    cells = account_cells(ledger(row(id="1", name="Ana"), conv), Outcome("imported"))
    assert cells["unaccounted"] == 2


def test_rows_not_imported_drop_every_cell_with_their_reason():
    conv = Converted("1", mapped=frozenset({"id", "name"}))
    cells = account_cells(ledger(row(id="1", name="Ana"), conv), Outcome("skipped"))
    assert cells == {"dropped": 3}
