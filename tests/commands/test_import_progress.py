"""What the import commands tell their progress: a run's plan with every table's true row
count, each batch's start and end in order, and rows adding up to each batch's total."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from migration.management import importing
from migration.models import MigrationBatch
from migration.services import imports
from migration.services.plan import PLAN

pytestmark = pytest.mark.django_db


class Recorder:
    def __init__(self):
        self.calls = []

    def __call__(self, rows):
        self.calls.append(("rows", rows))

    def plan(self, totals):
        self.calls.append(("plan", totals))

    def begin(self, *, batch_type, total):
        self.calls.append(("begin", batch_type, total))

    def end(self, *, batch_type):
        self.calls.append(("end", batch_type))

    def close(self):
        self.calls.append(("close",))


@pytest.fixture
def recorder(monkeypatch):
    progress = Recorder()
    monkeypatch.setattr(importing, "make_progress", lambda *args, **kwargs: progress)
    return progress


def batches_of(calls):
    """``[(batch_type, total, rows reported)]`` from begin … end, checking they pair up."""
    found, current = [], None
    for call in calls:
        if call[0] == "begin":
            assert current is None
            current = [call[1], call[2], 0]
        elif call[0] == "rows":
            current[2] += call[1]
        elif call[0] == "end":
            assert current is not None and current[0] == call[1]
            found.append(tuple(current))
            current = None
    assert current is None
    return found


def test_a_whole_export_plans_every_table_then_reports_each_batch_in_turn(run, tmp_path, recorder):
    out = tmp_path / "export"
    run("generate_okvet_export", f"--output={out}", "--owners=40", "--pets=60", "--clinical")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    run("import_okvet", f"--source={out}")

    plans = [call for call in recorder.calls if call[0] == "plan"]
    assert len(plans) == 1 and recorder.calls[0] == plans[0]
    totals = plans[0][1]
    truth = {
        kind: counts["source_rows"]
        for kind, counts in manifest["counts"].items()
        if kind not in ("vaccine_catalog", "attachments")
    }
    assert totals == truth and len(totals) > 20

    batches = batches_of(recorder.calls)
    order = [*(step.batch_type for step in PLAN if step.batch_type in totals), "files"]
    assert [kind for kind, _, _ in batches] == order
    stored = dict(MigrationBatch.objects.values_list("batch_type", "total_records"))
    for kind, total, rows in batches:
        assert rows == total == stored[kind], kind
        if kind != "files":
            assert total == truth[kind]
    assert stored["files"] > 0
    assert recorder.calls[-1] == ("close",)


def test_a_single_table_command_announces_its_batch_without_a_plan(run, fixtures, recorder):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}", "--dry-run")
    assert not [call for call in recorder.calls if call[0] == "plan"]
    assert batches_of(recorder.calls) == [("clients", 9, 9)]


def test_a_batch_that_fails_is_ended_too(run, fixtures, recorder, monkeypatch):
    def broken(*args):
        raise RuntimeError("a bug while loading")

    monkeypatch.setattr(imports, "_run", broken)
    with pytest.raises(CommandError):
        run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    assert batches_of(recorder.calls) == [("clients", 9, 0)]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_command_on_a_terminal_draws_one_bar_not_a_line_per_redraw(fixtures):
    stderr = Terminal()
    call_command(
        "import_okvet",
        f"--source={fixtures / 'engine'}",
        "--dry-run",
        stdout=io.StringIO(),
        stderr=stderr,
    )
    text = stderr.getvalue()
    assert text.count("\n") <= 2 and text.count("\r") >= 3
    last = [frame for frame in text.replace("\n", "\r").split("\r") if frame.strip()][-1]
    assert last.startswith("OkVet export: 100 %|") and "rows/s, Attached files]" in last
    done, total = re.search(r"\| (\d+)/(\d+) rows", last).groups()
    assert done == total and int(total) >= 17  # 9 owners, 8 pets, their photos
