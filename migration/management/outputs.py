"""The files a command writes, checked before it does anything else.

A report written at the end of an import fails after the import was committed; exit code 2
would then say "nothing written" and lie. So a command names its output options
(``BaseCommand.outputs``, and ``output_folders`` for a folder it fills) and each path is
checked before the command runs: its folder exists, it is not a folder itself, it can be
written. A path that cannot be written is one line, exit code 2, and indeed nothing written.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

FATAL = 2


def file_problem(path: str) -> str | None:
    """Why a file cannot be written at ``path``, in the active language; ``None`` if it can.
    An existing file is overwritten (or a device such as ``/dev/stdout`` written to)."""
    if not path.strip():
        return _("no file name")
    target = Path(path)
    if target.is_dir():
        return _("it is a folder")
    folder = target.parent
    if not folder.exists():
        return _("the folder {folder} does not exist").format(folder=folder)
    if not folder.is_dir():
        return _("{folder} is not a folder").format(folder=folder)
    if not os.access(target if target.exists() else folder, os.W_OK):
        return _("permission denied")
    return None


def folder_problem(path: str) -> str | None:
    """Why a folder cannot be created or filled at ``path`` (its missing parents are made)."""
    if not path.strip():
        return _("no folder name")
    target = Path(path)
    if target.exists() and not target.is_dir():
        return _("it is not a folder")
    existing = next((p for p in (target, *target.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        return _("{folder} is not a folder").format(folder=existing)
    if not os.access(existing, os.W_OK):
        return _("permission denied")
    return None


def check_outputs(options: dict, *, files: tuple[str, ...], folders: tuple[str, ...]) -> None:
    """Raise the one line of the first output option that names a path it cannot write."""
    for names, problem_of in ((files, file_problem), (folders, folder_problem)):
        for name in names:
            path = options.get(name)
            if path is None:
                continue
            if problem := problem_of(str(path)):
                raise CommandError(
                    _("cannot write {path}: {reason}; nothing was written").format(
                        path=path, reason=problem
                    ),
                    returncode=FATAL,
                )
