"""How much a source may unpack to before it is refused: a ZIP bomb, a sheet of 17 billion cells.

The numbers are the Django settings ``MIGRATION_MAX_*`` (README, "What the importer refuses to
read"); the services read them, the readers take them as a ``SourceLimits`` value. A ZIP of
300 KB that inflates to 300 MB of zeros, or an XLSX with one cell in ``A1`` and one in
``XFD1048576`` (calamine would allocate 512 GB for the grid between them), is refused before
the memory or the disk is spent.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1 << 20
GIB = 1 << 30


@dataclass(frozen=True, slots=True)
class SourceLimits:
    """``max_zip_ratio``: a member may inflate to at most this many times its compressed size
    (plus ``ratio_grace`` bytes: small members of repeated text compress very well)."""

    max_zip_members: int = 100_000
    max_member_bytes: int = 2 * GIB
    max_unpacked_bytes: int = 8 * GIB
    max_zip_ratio: int = 200
    max_sheet_cells: int = 25_000_000
    ratio_grace: int = MIB

    def member_cap(self, compressed: int) -> int:
        """The most bytes one member of ``compressed`` bytes may inflate to."""
        return min(self.max_member_bytes, max(self.ratio_grace, compressed * self.max_zip_ratio))


DEFAULT_LIMITS = SourceLimits()


def size_text(count: int) -> str:
    """``2147483648`` → ``"2 GB"``; ``1572864`` → ``"1.5 MB"`` (binary units, as ``du -h``)."""
    for unit, size in (("GB", GIB), ("MB", MIB), ("KB", 1 << 10)):
        if count >= size:
            return f"{count / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} B"
