"""ZIP sources: members checked from the directory, then inflated as counted streams.

The ZIP bomb is built here (300 MB of zeros deflate to 300 KB); it must be refused after at
most the cap, reading no more than that, with memory that does not grow with the member."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.test import override_settings

from migration.errors import SourceError
from migration.read.archives import check_archive, unpacked
from migration.read.limits import MIB, SourceLimits, size_text
from migration.services.limits import source_limits

OWNERS = b"id,name,number_doc\n1,Ana,79123456\n"


def refusal(source: Path, **limits) -> str:
    with pytest.raises(SourceError) as caught, unpacked(source, limits=SourceLimits(**limits)):
        pass
    return str(caught.value)


def bomb(path: Path, size: int = 300 * MIB) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z, z.open("ceros.csv", "w") as f:
        zeros = b"0" * MIB
        for _ in range(size // MIB):
            f.write(zeros)
    return path


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> Path:
    return bomb(tmp_path_factory.mktemp("bomb") / "bomba.zip")


@pytest.fixture
def inflated(monkeypatch) -> list[int]:
    """Every byte zipfile hands over, counted where it leaves the decompressor."""
    counted = [0]
    read = zipfile.ZipExtFile.read

    def counting(self, n=-1):
        data = read(self, n)
        counted[0] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    return counted


def test_a_zip_bomb_is_refused_from_its_directory_unread(zip_bomb, inflated):
    """The directory says 300 MB from 300 KB: over the ratio, refused before a byte is
    inflated."""
    compressed = zipfile.ZipFile(zip_bomb).getinfo("ceros.csv").compress_size
    assert zip_bomb.stat().st_size < 2 * MIB
    assert refusal(zip_bomb) == (
        f"bomba.zip: 'ceros.csv' would unpack to more than {size_text(compressed * 200)} "
        "(MIGRATION_MAX_ZIP_RATIO); it is not unpacked"
    )
    assert inflated[0] == 0


@pytest.mark.parametrize(
    ("limits", "setting"),
    [
        ({"max_unpacked_bytes": 10 * MIB, "max_zip_ratio": 10**6}, "MIGRATION_MAX_UNPACKED_BYTES"),
        ({"max_member_bytes": 10 * MIB, "max_zip_ratio": 10**6}, "MIGRATION_MAX_MEMBER_BYTES"),
        ({"max_zip_ratio": 100}, "MIGRATION_MAX_ZIP_RATIO"),
    ],
)
def test_a_zip_bomb_is_stopped_at_the_cap_while_it_inflates(
    zip_bomb, inflated, monkeypatch, limits, setting
):
    """Were the directory to lie (or its check be skipped), the bytes themselves are counted:
    the copy stops one block past the cap, in memory that does not grow with the member."""
    monkeypatch.setattr("migration.read.archives._check_directory", lambda *args: None)
    tracemalloc.start()
    try:
        message = refusal(zip_bomb, **limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message.startswith("bomba.zip: ") and f"({setting}); it is not unpacked" in message
    compressed = zipfile.ZipFile(zip_bomb).getinfo("ceros.csv").compress_size
    caps = SourceLimits(**limits)
    cap = min(caps.member_cap(compressed), caps.max_unpacked_bytes)
    assert cap <= 40 * MIB and inflated[0] <= cap + MIB  # not 300 MB
    assert peak < 16 * MIB


def test_a_total_cap_counts_the_bytes_not_the_headers(tmp_path, inflated):
    archive = tmp_path / "grande.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        for year in range(5):
            z.writestr(f"{year}/propietarios.csv", OWNERS * 20_000)  # 680 KB each, stored
    message = refusal(archive, max_unpacked_bytes=2 * MIB)
    assert message == (
        "grande.zip: the ZIP file would unpack to more than 2 MB "
        "(MIGRATION_MAX_UNPACKED_BYTES); it is not unpacked"
    )
    assert inflated[0] == 0  # the headers already sum to more than the cap
    with unpacked(archive, limits=SourceLimits(max_unpacked_bytes=4 * MIB)) as folder:
        assert len(list(folder.rglob("*.csv"))) == 5


def test_a_member_over_its_cap(tmp_path):
    archive = tmp_path / "uno.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr("propietarios.csv", OWNERS * 40_000)
    assert refusal(archive, max_member_bytes=MIB) == (
        "uno.zip: 'propietarios.csv' would unpack to more than 1 MB "
        "(MIGRATION_MAX_MEMBER_BYTES); it is not unpacked"
    )


def test_too_many_members(tmp_path):
    archive = tmp_path / "muchos.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for n in range(6):
            z.writestr(f"VetFiles/{n}.jpg", b"x")
    assert refusal(archive, max_zip_members=5) == (
        "muchos.zip: the ZIP file holds 6 files, more than 5 (MIGRATION_MAX_ZIP_MEMBERS)"
    )


def test_a_header_claiming_terabytes_is_refused_unread(tmp_path, inflated):
    archive = tmp_path / "miente.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr("propietarios.csv", OWNERS)
    data = bytearray(archive.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    assert "'propietarios.csv' would unpack to more than" in refusal(archive)
    assert inflated[0] == 0


def test_nested_zips_are_kept_under_vetfiles_and_in_an_attachments_zip(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("propietarios.csv", OWNERS)
        z.writestr("VetFiles/3/estudios.zip", b"PK\x05\x06" + bytes(18))
    with unpacked(archive) as folder:
        assert (folder / "VetFiles" / "3" / "estudios.zip").read_bytes().startswith(b"PK")
    other = tmp_path / "adjuntos.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("3/estudios.zip", b"PK\x05\x06" + bytes(18))
    with (
        pytest.raises(SourceError, match="holds another ZIP file, '3/estudios.zip'"),
        unpacked(other),
    ):
        pass
    with unpacked(other, nested=True) as folder:
        assert (folder / "3" / "estudios.zip").exists()
    check_archive(other)  # an attachments ZIP may hold ZIPs


def test_windows_paths_become_folders(tmp_path):
    archive = tmp_path / "windows.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("2023\\propietarios.csv", OWNERS)
    with unpacked(archive) as folder:
        assert (folder / "2023" / "propietarios.csv").read_bytes() == OWNERS


def test_a_member_named_like_a_file_already_there(tmp_path):
    archive = tmp_path / "choque.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("2023", b"x")
        z.writestr("2023/propietarios.csv", OWNERS)
    assert refusal(archive) == (
        "choque.zip: '2023/propietarios.csv' in the ZIP file has the name of a folder or file "
        "also in it"
    )


@pytest.mark.parametrize("name", ["/etc/cron.d/x", "..\\x.csv", "C:x.csv", "a/../../x.csv"])
def test_unsafe_member_paths(tmp_path, name):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(name, OWNERS)
    assert refusal(archive) == f"evil.zip: unsafe path in the ZIP file: {name!r}"


def test_a_folder_is_used_as_it_is(tmp_path):
    with unpacked(tmp_path, limits=SourceLimits(max_zip_members=0)) as folder:
        assert folder == tmp_path
    check_archive(tmp_path)


def test_the_caps_are_django_settings():
    assert source_limits() == SourceLimits()
    with override_settings(MIGRATION_MAX_ZIP_MEMBERS=7, MIGRATION_MAX_SHEET_CELLS=9):
        limits = source_limits()
    assert (limits.max_zip_members, limits.max_sheet_cells) == (7, 9)
