"""The source is a sandbox: only regular files inside the folder being imported are read.

An export folder may hold a symbolic link (``propietarios.csv -> /etc/passwd``), a FIFO that
would block the reader for ever, or a folder named like a file. Each is refused with one line
naming the entry in the folder, never the link's target nor anything read from it; "file not
found" is said only of a path where nothing exists.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from migration.errors import SourceError
from migration.i18n import gettext_noop

NOT_FOUND = gettext_noop("file not found")
BROKEN_LINK = gettext_noop("a symbolic link to a file that does not exist")
LINK_LOOP = gettext_noop("a symbolic link that leads back to itself (a loop)")
OUTSIDE = gettext_noop("a symbolic link leading outside the folder {folder!r}; it is not read")
FOLDER = gettext_noop("is a folder, not a file")
NOT_REGULAR = gettext_noop("not a regular file (a device, a pipe or a socket); it is not read")
UNREADABLE = gettext_noop("the file cannot be read: {error}")


def regular_file(path: Path, name: str, *, root: Path | None = None) -> Path:
    """``path`` if it is a regular file (inside ``root`` when given), else one ``SourceError``.

    ``root``: the folder being imported; a link may point anywhere inside it, not out of it.
    A path given by the user on its own (``--file=…``) has no root: a link there is followed.
    """
    mode = _mode(path, name, root)
    if stat.S_ISDIR(mode):
        raise SourceError(FOLDER, file=name)
    if not stat.S_ISREG(mode):
        raise SourceError(NOT_REGULAR, file=name)
    return path


def outside(path: Path, root: Path) -> bool:
    """Whether ``path``, its links followed, leaves ``root``."""
    real = Path(os.path.realpath(path))
    return not real.is_relative_to(os.path.realpath(root))


def refuse_outside(path: Path, name: str, root: Path) -> None:
    if outside(path, root):
        raise SourceError(OUTSIDE, file=name, folder=root.name or str(root))


def _mode(path: Path, name: str, root: Path | None) -> int:
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        raise SourceError(NOT_FOUND, file=name) from None
    except OSError as exc:
        raise SourceError(UNREADABLE, file=name, error=exc.strerror or exc) from None
    if root is not None:
        refuse_outside(path, name, root)
    if not stat.S_ISLNK(link.st_mode):
        return link.st_mode
    try:
        return os.stat(path).st_mode
    except FileNotFoundError:
        raise SourceError(BROKEN_LINK, file=name) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceError(LINK_LOOP, file=name) from None
        raise SourceError(UNREADABLE, file=name, error=exc.strerror or exc) from None
