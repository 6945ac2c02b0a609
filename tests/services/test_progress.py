"""The progress protocol: optional methods called only when the receiver has them, rows
counted only then."""

import pytest
from django.db import DatabaseError

from migration.services import imports
from migration.services.progress import (
    Progress,
    announce_begin,
    announce_end,
    announce_plan,
    announced,
    plan_run,
    rows_to_do,
)


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


class Counted:
    """A source whose count is recorded when asked for."""

    def __init__(self, count, asked):
        self.count, self.asked = count, asked

    @property
    def row_count(self):
        self.asked.append(self.count)
        return self.count


def test_progress_is_still_importable_where_the_services_import_it():
    assert imports.Progress is Progress


def test_the_announcements_reach_a_receiver_that_has_them():
    progress = Recorder()
    announce_plan(progress, {"clients": 3, "pets": None})
    announce_begin(progress, batch_type="clients", total=3)
    announce_end(progress, batch_type="clients")
    assert progress.calls == [
        ("plan", {"clients": 3, "pets": None}),
        ("begin", "clients", 3),
        ("end", "clients"),
    ]


@pytest.mark.parametrize("progress", [None, print, lambda rows: None])
def test_the_announcements_do_nothing_without_a_receiver_or_its_method(progress):
    announce_plan(progress, {"clients": 3})
    announce_begin(progress, batch_type="clients", total=3)
    announce_end(progress, batch_type="clients")


def test_rows_to_do_add_up_and_are_unknown_when_one_source_cannot_tell():
    asked = []
    assert rows_to_do([Counted(3, asked), Counted(4, asked)]) == 7
    assert rows_to_do([Counted(3, asked), object(), Counted(4, asked)]) is None
    assert rows_to_do([Counted(None, asked)]) is None
    assert rows_to_do([]) == 0


def test_rows_are_counted_only_for_a_receiver_that_wants_them():
    asked = []
    batches = {"clients": [Counted(3, asked)], "pets": [Counted(2, asked), Counted(1, asked)]}
    plan_run(None, batches)
    plan_run(lambda rows: None, batches)
    with announced(lambda rows: None, "clients", batches["clients"]):
        pass
    assert asked == []
    progress = Recorder()
    plan_run(progress, batches)
    assert progress.calls == [("plan", {"clients": 3, "pets": 3})]
    assert asked == [3, 2, 1]


def test_a_batch_is_announced_before_and_ended_after_even_when_it_fails():
    progress = Recorder()
    with pytest.raises(RuntimeError), announced(progress, "pets", [Counted(5, [])]):
        progress(5)
        raise RuntimeError("the batch failed")
    assert progress.calls == [("begin", "pets", 5), ("rows", 5), ("end", "pets")]


def test_a_total_the_database_cannot_count_is_unknown_and_the_batch_goes_on():
    class Unreachable:
        @property
        def row_count(self):
            raise DatabaseError("the server closed the connection")

    progress = Recorder()
    with announced(progress, "files", [Unreachable()]):
        progress(2)
    assert progress.calls == [("begin", "files", None), ("rows", 2), ("end", "files")]
