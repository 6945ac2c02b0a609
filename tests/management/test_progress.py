"""The terminal's progress: one bar redrawn in place on a terminal, plain lines in a pipe."""

import io

import pytest
from django.core.management.base import OutputWrapper
from django.utils import translation
from django.utils.formats import get_format

from migration.management.progress import (
    BarProgress,
    PlainProgress,
    make_progress,
    table_label,
)


class Terminal(io.StringIO):
    def isatty(self):
        return True


def frames(text: str) -> list[str]:
    return [frame for frame in text.replace("\n", "\r").split("\r") if frame.strip()]


def import_run(progress, *, clients=1500, pets=700, step=5) -> None:
    """A run's calls as the services make them: the plan, then each batch in chunks."""
    progress.plan({"clients": clients, "pets": pets})
    for batch_type, total in (("clients", clients), ("pets", pets)):
        progress.begin(batch_type=batch_type, total=total)
        for _ in range(total // step):
            progress(step)
        progress.end(batch_type=batch_type)
    progress.close()


def test_the_bar_redraws_in_place_through_a_command_s_stderr_and_keeps_its_last_frame():
    terminal = Terminal()
    stderr = OutputWrapper(terminal)
    stderr.style_func = lambda text: f"\x1b[31;1m{text}\x1b[0m"  # a command's error style
    import_run(BarProgress(stderr, "OkVet export", mininterval=0))
    out = terminal.getvalue()
    assert out.count("\r") > 100  # a redraw every few of the 440 updates …
    assert out.count("\n") <= 2  # … on one line (233 lines for one import before)
    assert "\x1b[" not in out
    last = frames(out)[-1]
    assert last.startswith("OkVet export: 100 %")
    assert "2,200/2,200 rows" in last and "rows/s, Pets]" in last


def test_the_bar_speaks_spanish_with_its_numbers_grouped_as_the_clinic_writes_them():
    terminal = Terminal()
    with translation.override("es"):
        sep = get_format("THOUSAND_SEPARATOR")
        progress = BarProgress(terminal, "Exportación de OkVet", mininterval=0)
        progress.plan({"clients": 1500, "pets": 700})
        progress.begin(batch_type="clients", total=1500)
        progress(1000)
        middle = frames(terminal.getvalue())[-1]
        progress(500)
        progress.end(batch_type="clients")
        progress.begin(batch_type="pets", total=700)
        progress(700)
        progress.close()
    assert "  45 %|" in middle and f"1{sep}000/2{sep}200 filas" in middle
    assert "quedan" in middle and "filas/s, Clientes/Propietarios]" in middle
    last = frames(terminal.getvalue())[-1]
    assert "100 %" in last and f"2{sep}200/2{sep}200 filas" in last and "Mascotas" in last


def test_a_command_without_a_plan_shows_each_table_s_own_total():
    terminal = Terminal()
    progress = BarProgress(terminal, "Documents", mininterval=0)
    progress.begin(batch_type="documents", total=40)
    progress(40)
    progress.end(batch_type="documents")
    first = frames(terminal.getvalue())[-1]
    progress.begin(batch_type="files", total=10)
    progress(4)
    progress.close()
    second = frames(terminal.getvalue())[-1]
    assert "100 %" in first and "40/40 rows" in first and "Documents]" in first
    assert " 40 %" in second and "4/10 rows" in second and "Attached files]" in second


def test_a_batch_the_plan_did_not_know_adds_its_rows_and_a_miscount_is_corrected():
    terminal = Terminal()
    progress = BarProgress(terminal, "OkVet export", mininterval=0)
    progress.plan({"pets": 10})
    progress.begin(batch_type="pets", total=10)
    progress(8)  # a sheet's two empty rows were counted, and are no rows
    progress.end(batch_type="pets")
    assert "8/8 rows" in frames(terminal.getvalue())[-1]
    progress.begin(batch_type="files", total=4)
    assert "8/12 rows" in frames(terminal.getvalue())[-1]
    progress(4)
    progress.end(batch_type="files")
    progress.close()
    assert "100 %" in frames(terminal.getvalue())[-1]


def test_an_unknown_total_shows_rows_and_speed_without_a_percentage():
    terminal = Terminal()
    progress = BarProgress(terminal, "OkVet export", mininterval=0)
    progress.plan({"clients": 3, "pets": None})
    progress.begin(batch_type="pets", total=None)
    progress(2500)
    progress.end(batch_type="pets")
    progress.begin(batch_type="files", total=7)
    progress(7)
    progress.close()
    last = frames(terminal.getvalue())[-1]
    assert last.startswith("OkVet export: 2,507 rows [") and "rows/s, Attached files]" in last
    assert "%" not in last


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_plain_lines_every_five_seconds_with_total_percentage_speed_time_left_and_table():
    out, clock = io.StringIO(), Clock()
    progress = PlainProgress(out, "OkVet export", clock=clock)
    progress.plan({"clients": 1500, "pets": 700})
    progress.begin(batch_type="clients", total=1500)
    clock.now += 4
    progress(1000)
    assert out.getvalue() == ""  # not yet five seconds
    clock.now += 1
    progress(200)
    progress(300)
    progress.end(batch_type="clients")
    progress.begin(batch_type="pets", total=700)
    clock.now += 1
    progress(100)
    clock.now += 4
    progress(0)
    progress.close()
    assert out.getvalue().splitlines() == [
        "OkVet export: 1,200 of 2,200 rows (54 %), 240 rows/s, 00:04 left, Clients/Owners",
        "OkVet export: 1,600 of 2,200 rows (72 %), 160 rows/s, 00:03 left, Pets",
    ]


def test_plain_lines_in_spanish_and_without_a_known_total():
    out, clock = io.StringIO(), Clock()
    with translation.override("es"):
        sep = get_format("THOUSAND_SEPARATOR")
        progress = PlainProgress(out, "Mascotas", clock=clock)
        progress.begin(batch_type="pets", total=None)
        clock.now += 5
        progress(12000)
        progress.begin(batch_type="documents", total=2000)
        clock.now += 5
        progress(1000)
    assert out.getvalue().splitlines() == [
        f"Mascotas: 12{sep}000 filas, 2{sep}400 filas/s, Mascotas",
        f"Mascotas: 1{sep}000 de 2{sep}000 filas (50 %), 200 filas/s, quedan 00:05, Documentos",
    ]


def test_a_plain_line_before_any_batch_or_time_names_no_table():
    clock = Clock()
    progress = PlainProgress(io.StringIO(), "OkVet export", clock=clock)
    progress(10)
    assert progress.line(clock.now) == "OkVet export: 10 rows, 0 rows/s"


@pytest.mark.parametrize(
    ("stream", "enabled", "kind"),
    [
        (Terminal(), False, type(None)),
        (Terminal(), True, BarProgress),
        (OutputWrapper(Terminal()), True, BarProgress),
        (io.StringIO(), True, PlainProgress),
        (OutputWrapper(io.StringIO()), True, PlainProgress),
        (object(), True, PlainProgress),
    ],
)
def test_a_bar_on_a_terminal_plain_lines_elsewhere_nothing_when_disabled(stream, enabled, kind):
    progress = make_progress(stream, "OkVet export", enabled=enabled)
    assert isinstance(progress, kind)
    if progress is not None:
        progress.close()


def test_a_table_is_named_as_the_clinic_calls_it():
    with translation.override("es"):
        assert table_label("pets") == "Mascotas"
    assert table_label("clients") == "Clients/Owners"
    assert table_label("somewhere") == "somewhere"


def test_a_bar_that_never_moved_is_cleared_for_the_error_that_follows():
    terminal = Terminal()
    progress = BarProgress(terminal, "OkVet export", mininterval=0)
    progress.close()
    assert frames(terminal.getvalue().rsplit("\r", 1)[-1]) == []
    assert "\n" not in terminal.getvalue()
