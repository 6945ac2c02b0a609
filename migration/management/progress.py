"""Progress for long imports: a bar with rows/s on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import time
from typing import TextIO

from django.utils.translation import gettext as _
from tqdm import tqdm


class PlainProgress:
    """One line every ``every`` seconds: for logs and pipes, where a bar would be noise."""

    def __init__(self, stream: TextIO, label: str, every: float = 5.0) -> None:
        self.stream, self.label, self.every = stream, label, every
        self.rows = 0
        self.started = self.last = time.monotonic()

    def __call__(self, rows: int) -> None:
        self.rows += rows
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            rate = self.rows / max(now - self.started, 1e-9)
            self.stream.write(
                _("{label}: {rows:,} rows, {rate:,.0f} rows/s").format(
                    label=self.label, rows=self.rows, rate=rate
                )
                + "\n"
            )
            self.stream.flush()

    def close(self) -> None:
        """Nothing to tear down: the summary follows."""


class BarProgress:
    def __init__(self, stream: TextIO, label: str) -> None:
        self.bar = tqdm(desc=label, unit=_("rows"), file=stream, dynamic_ncols=True, leave=False)

    def __call__(self, rows: int) -> None:
        self.bar.update(rows)

    def close(self) -> None:
        self.bar.close()


def make_progress(stream: TextIO, label: str, *, enabled: bool = True):
    """A bar on a terminal, plain lines otherwise, nothing when ``enabled`` is false."""
    if not enabled:
        return None
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return BarProgress(stream, label)
    return PlainProgress(stream, label)
