"""Progress for long imports: one bar redrawn in place on a terminal, plain lines otherwise.

Both are receivers of ``migration.services.progress.Progress``: a run's plan gives the whole
run's total, each batch's start names the table being imported, and a command without a plan
(``import_okvet_clients``) shows its table's own total. The bar is written past Django's
``OutputWrapper``, which ends every write with a new line: a bar written through it printed
one line per redraw (233 lines for one import). Numbers are in the active language's format
(``1.943`` in Spanish as the clinic writes it, ``1,943`` in English)::

    OkVet export:  45 %|████▌     | 1.943/4.321 rows [00:02, 00:03 left, 812 rows/s, Pets]
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from django.core.management.base import OutputWrapper
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from tqdm import tqdm

from migration.read.declarations import DECLARATIONS

TABLE_LABELS = {table.batch_type: table.label for table in DECLARATIONS.values()}


def table_label(batch_type: str) -> str:
    """A batch type as the clinic calls its table: ``pets`` → "Mascotas" in Spanish."""
    label = TABLE_LABELS.get(batch_type)
    return _(label) if label else batch_type


def grouped(number: float) -> str:
    """A whole number with the active language's thousands separator."""
    return number_format(round(number), force_grouping=True)


def duration(seconds: float) -> str:
    """``75`` → ``01:15``; ``3725`` → ``1:02:05``."""
    return tqdm.format_interval(seconds)


class Tally:
    """Rows done of the rows to do (``None``: not known), and the table being imported.

    With a plan the total is the run's; a batch the plan did not know (the files step, whose
    rows are the imported records' references) adds its own. When a batch ends with another
    number of rows than counted (an XLSX sheet's empty rows count, but are not rows), the
    total is corrected by the difference, so a finished run ends at 100 %.
    """

    def __init__(self) -> None:
        self.done = 0
        self.total: int | None = None
        self.table = ""
        self.planned: dict[str, int | None] | None = None
        self.expected: int | None = None
        self.started_at = 0

    def plan(self, totals: dict[str, int | None]) -> None:
        self.planned = dict(totals)
        counts = list(self.planned.values())
        self.total = None if None in counts else sum(counts)

    def begin(self, *, batch_type: str, total: int | None) -> None:
        self.table = table_label(batch_type)
        if self.planned is None:
            self.done, self.total, self.expected = 0, total, total
        elif batch_type in self.planned:
            self.expected = self.planned[batch_type]
        else:
            self.expected = total
            self.total = None if total is None or self.total is None else self.total + total
        self.started_at = self.done

    def end(self, *, batch_type: str) -> None:
        if self.total is not None and self.expected is not None:
            self.total += (self.done - self.started_at) - self.expected
        self.expected = None

    def __call__(self, rows: int) -> None:
        self.done += rows


class PlainProgress(Tally):
    """One line every ``every`` seconds, for logs and pipes where a bar would be noise::

    OkVet export: 1.943 of 4.321 rows (44 %), 812 rows/s, 00:03 left, Pets
    """

    def __init__(
        self,
        stream: TextIO,
        label: str,
        every: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.stream, self.label, self.every, self.clock = stream, label, every, clock
        self.started = self.last = clock()

    def begin(self, *, batch_type: str, total: int | None) -> None:
        if self.planned is None:
            self.started = self.clock()
        super().begin(batch_type=batch_type, total=total)

    def __call__(self, rows: int) -> None:
        super().__call__(rows)
        now = self.clock()
        if now - self.last >= self.every:
            self.last = now
            self.stream.write(self.line(now) + "\n")
            self.stream.flush()

    def line(self, now: float) -> str:
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        if self.total:
            percent = min(100, 100 * self.done // self.total)
            parts = [
                _("{done} of {total} rows ({percent} %)").format(
                    done=grouped(self.done), total=grouped(self.total), percent=percent
                )
            ]
        else:
            parts = [_("{done} rows").format(done=grouped(self.done))]
        parts.append(_("{rate} rows/s").format(rate=grouped(rate)))
        if self.total and rate > 0:
            left = max(0, self.total - self.done) / rate
            parts.append(_("{left} left").format(left=duration(left)))
        if self.table:
            parts.append(self.table)
        return f"{self.label}: " + ", ".join(parts)

    def close(self) -> None:
        """Nothing to tear down: the summary follows."""


class Frames:
    """A bar's frames written as they are: Django's ``OutputWrapper`` would end each with a
    new line and colour it as an error."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, style_func=str, ending="")
        else:
            self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


class Bar(tqdm):
    """tqdm with its numbers in the active language's format and its words translated."""

    @property
    def format_dict(self) -> dict:
        values = super().format_dict
        n, total, elapsed = values["n"], values["total"], values["elapsed"]
        rate = values["rate"] or (n / elapsed if elapsed else None)
        values.update(
            done=grouped(n),
            whole=grouped(total) if total else "?",
            speed=grouped(rate) if rate else "?",
            bar_format=_bar_format(total),
        )
        return values


def _bar_format(total: int | None) -> str:
    if total:
        return _(
            "{desc}: {percentage:3.0f} %|{bar}| {done}/{whole} rows "
            "[{elapsed}, {remaining} left, {speed} rows/s{postfix}]"
        )
    return _("{desc}: {done} rows [{elapsed}, {speed} rows/s{postfix}]")


class BarProgress(Tally):
    """One tqdm bar, redrawn in place, left on screen with its final state."""

    def __init__(self, stream: TextIO, label: str, *, mininterval: float = 0.5) -> None:
        super().__init__()
        self.bar = Bar(
            desc=label,
            total=None,
            file=Frames(stream),
            leave=True,
            dynamic_ncols=True,
            mininterval=mininterval,
        )

    def plan(self, totals: dict[str, int | None]) -> None:
        super().plan(totals)
        self._redraw()

    def begin(self, *, batch_type: str, total: int | None) -> None:
        fresh = self.planned is None
        super().begin(batch_type=batch_type, total=total)
        if fresh:
            self.bar.reset()
        self.bar.set_postfix_str(self.table, refresh=False)
        self._redraw()

    def end(self, *, batch_type: str) -> None:
        super().end(batch_type=batch_type)
        self._redraw()

    def __call__(self, rows: int) -> None:
        super().__call__(rows)
        self.bar.update(rows)

    def _redraw(self) -> None:
        self.bar.total = self.total
        self.bar.refresh()

    def close(self) -> None:
        """The final state stays on screen; a bar that never moved (a file refused before
        any row) is cleared, leaving the screen to the error."""
        self.bar.leave = self.done > 0
        self.bar.close()


def make_progress(stream: TextIO, label: str, *, enabled: bool = True):
    """A bar on a terminal, plain lines otherwise, nothing when ``enabled`` is false."""
    if not enabled:
        return None
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return BarProgress(stream, label)
    return PlainProgress(stream, label)
