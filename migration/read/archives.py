"""Exports and attachment dumps that arrive as a ZIP: checked, extracted as streams, or a folder.

A ZIP is checked from its directory before a byte is inflated (member count, declared sizes,
unsafe paths, encrypted members, symbolic links, ZIPs inside the export), then every member is
copied in blocks while its bytes are counted: a header that understates a member's size does
not help it past the caps (``SourceLimits``), and a member that inflates more than
``max_zip_ratio`` times its compressed size (300 KB of deflate → 300 MB of zeros) is stopped
there. Corrupt data (a bad CRC, a broken deflate stream) is one line naming the member.
"""

from __future__ import annotations

import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from migration.errors import SourceError
from migration.i18n import gettext_noop
from migration.read.limits import DEFAULT_LIMITS, SourceLimits, size_text
from migration.read.sandbox import regular_file

BLOCK = 1 << 20
# what zipfile raises on a damaged archive (a bad CRC, a broken deflate stream, a bad header)
DAMAGED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    ValueError,
)
ZIP_ERRORS = (*DAMAGED, OSError)
ENCRYPTED = 0x1
ATTACHMENTS = "VetFiles"
NOT_A_ZIP = gettext_noop("neither a folder nor a ZIP file")
CORRUPT = gettext_noop("the ZIP file is damaged: {error}")
MEMBER_CORRUPT = gettext_noop("the ZIP file is damaged at {member!r}: {error}")
TOO_LARGE = gettext_noop(
    "{member!r} would unpack to more than {limit} ({setting}); it is not unpacked"
)


@contextmanager
def unpacked(
    source: str | Path | None, *, limits: SourceLimits = DEFAULT_LIMITS, nested: bool = False
) -> Iterator[Path | None]:
    """A folder as is; a ZIP extracted to a temporary folder, refusing what is unsafe.

    ``nested``: whether ZIPs inside the ZIP are kept as files (an attachment may be a ZIP); an
    export holding one outside ``VetFiles/`` is refused instead: its tables would not be read.
    """
    if source is None:
        yield None
        return
    source = Path(source)
    if source.is_dir():
        yield source
        return
    with (
        opened(source, limits=limits, nested=nested) as archive,
        tempfile.TemporaryDirectory(prefix="okvet-zip-") as tmp,
    ):
        _extract(archive, Path(tmp), source.name, limits)
        yield Path(tmp)


def check_archive(source: str | Path, *, limits: SourceLimits = DEFAULT_LIMITS) -> None:
    """A ZIP's directory checked without unpacking it (a folder passes): refused up front."""
    source = Path(source)
    if not source.is_dir():
        with opened(source, limits=limits, nested=True):
            pass


@contextmanager
def opened(source: Path, *, limits: SourceLimits, nested: bool) -> Iterator[zipfile.ZipFile]:
    """The ZIP file open, its directory checked; ``SourceError`` if it is not a sound ZIP."""
    name = source.name
    path = regular_file(source, name)
    try:
        if not zipfile.is_zipfile(path):
            raise SourceError(_cut_short(path) or NOT_A_ZIP, file=name)
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:
        raise SourceError(CORRUPT, file=name, error=reason(exc)) from exc
    with archive:
        _check_directory(archive.infolist(), name, limits, nested)
        yield archive


def _cut_short(path: Path) -> str | None:
    """A file that starts as a ZIP but has lost its end (its list of files): a partial copy."""
    with path.open("rb") as fh:
        if fh.read(4) == b"PK\x03\x04":
            return gettext_noop(
                "the ZIP file is cut short: its list of files, at the end, is missing "
                "(an incomplete download or copy?)"
            )
    return None


def _check_directory(
    members: list[zipfile.ZipInfo], name: str, limits: SourceLimits, nested: bool
) -> None:
    if len(members) > limits.max_zip_members:
        raise SourceError(
            gettext_noop(
                "the ZIP file holds {count} files, more than {limit} (MIGRATION_MAX_ZIP_MEMBERS)"
            ),
            file=name,
            count=len(members),
            limit=limits.max_zip_members,
        )
    declared = 0
    for member in members:
        _check_member(member, name, nested)
        declared += member.file_size
        if member.file_size > limits.member_cap(member.compress_size):
            raise _too_large(name, member.filename, member.compress_size, limits)
    if declared > limits.max_unpacked_bytes:
        raise _total_too_large(name, limits)


def _check_member(member: zipfile.ZipInfo, name: str, nested: bool) -> None:
    params = {"file": name, "member": member.filename}
    if not _safe_parts(member.filename):
        raise SourceError(gettext_noop("unsafe path in the ZIP file: {member!r}"), **params)
    if member.flag_bits & ENCRYPTED:
        raise SourceError(
            gettext_noop(
                "{member!r} in the ZIP file is encrypted (password-protected); unpack it "
                "yourself and give the folder"
            ),
            **params,
        )
    if stat.S_ISLNK(member.external_attr >> 16):
        raise SourceError(
            gettext_noop("{member!r} in the ZIP file is a symbolic link; it is not unpacked"),
            **params,
        )
    if not nested and _inner_zip(member):
        raise SourceError(
            gettext_noop(
                "the ZIP file holds another ZIP file, {member!r}, whose files would not be "
                "read; unpack it and give the folder"
            ),
            **params,
        )


def _inner_zip(member: zipfile.ZipInfo) -> bool:
    """A ZIP inside an export, not an attachment under ``VetFiles/`` (which may be a ZIP)."""
    parts = _safe_parts(member.filename) or ()
    return member.filename.lower().endswith(".zip") and ATTACHMENTS not in parts[:-1]


def _safe_parts(filename: str) -> tuple[str, ...] | None:
    """The member's path parts, ``None`` if unsafe: a Windows ``2023\\x.csv`` is ``2023/x.csv``."""
    if filename.startswith(("/", "\\")) or ":" in filename or "\x00" in filename:
        return None
    parts = PurePosixPath(filename.replace("\\", "/")).parts
    if ".." in parts:
        return None
    return parts


def _extract(archive: zipfile.ZipFile, target: Path, name: str, limits: SourceLimits) -> None:
    """Every member copied in blocks, its inflated bytes counted against the caps."""
    total = 0
    for member in archive.infolist():
        path = target.joinpath(*_safe_parts(member.filename))
        try:
            if member.is_dir():
                path.mkdir(parents=True, exist_ok=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            total = _copy(archive, member, path, total, (name, limits))
        except (FileExistsError, NotADirectoryError, IsADirectoryError):
            raise SourceError(
                gettext_noop(
                    "{member!r} in the ZIP file has the name of a folder or file also in it"
                ),
                file=name,
                member=member.filename,
            ) from None
        except OSError as exc:
            raise SourceError(
                gettext_noop("cannot unpack the ZIP file: {error}"),
                file=name,
                error=exc.strerror or exc,
            ) from exc


def _copy(archive, member: zipfile.ZipInfo, path: Path, total: int, where) -> int:
    name, limits = where
    cap = limits.member_cap(member.compress_size)
    done = 0
    try:
        with archive.open(member) as src, path.open("wb") as dst:
            while block := src.read(BLOCK):
                done += len(block)
                if done > cap:
                    raise _too_large(name, member.filename, member.compress_size, limits)
                if total + done > limits.max_unpacked_bytes:
                    raise _total_too_large(name, limits)
                dst.write(block)
    except DAMAGED as exc:
        raise SourceError(
            MEMBER_CORRUPT, file=name, member=member.filename, error=reason(exc)
        ) from exc
    return total + done


def _too_large(name: str, member: str, compressed: int, limits: SourceLimits) -> SourceError:
    cap = limits.member_cap(compressed)
    setting = "MIGRATION_MAX_MEMBER_BYTES"
    if cap < limits.max_member_bytes:
        setting = "MIGRATION_MAX_ZIP_RATIO"
    return SourceError(TOO_LARGE, file=name, member=member, limit=size_text(cap), setting=setting)


def _total_too_large(name: str, limits: SourceLimits) -> SourceError:
    return SourceError(
        gettext_noop(
            "the ZIP file would unpack to more than {limit} (MIGRATION_MAX_UNPACKED_BYTES); "
            "it is not unpacked"
        ),
        file=name,
        limit=size_text(limits.max_unpacked_bytes),
    )


def reason(exc: BaseException) -> str:
    """The library's reason, without bytes of the file: ``Bad CRC-32 for file 'x.csv'``."""
    return str(exc).split("\n", 1)[0] or type(exc).__name__
