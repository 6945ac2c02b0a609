"""Exports and attachment dumps that arrive as a ZIP: extracted safely, or used as a folder."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from migration.errors import SourceError
from migration.i18n import gettext_noop


@contextmanager
def unpacked(source: str | Path | None) -> Iterator[Path | None]:
    """A folder as is; a ZIP extracted to a temporary folder, refusing unsafe member paths."""
    if source is None:
        yield None
        return
    source = Path(source)
    if source.is_dir():
        yield source
        return
    if not zipfile.is_zipfile(source):
        raise SourceError(gettext_noop("neither a folder nor a ZIP file"), file=source.name)
    with zipfile.ZipFile(source) as archive, tempfile.TemporaryDirectory() as tmp:
        for member in archive.infolist():
            parts = PurePosixPath(member.filename.replace("\\", "/")).parts
            if member.filename.startswith(("/", "\\")) or ".." in parts or ":" in member.filename:
                raise SourceError(
                    gettext_noop("unsafe path in the ZIP file: {member!r}"),
                    file=source.name,
                    member=member.filename,
                )
        archive.extractall(tmp)
        yield Path(tmp)
