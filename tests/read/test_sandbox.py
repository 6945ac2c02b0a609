"""The source is a sandbox: only regular files inside the export folder are read; a link out
of it, a pipe, a device, a folder or a loop is refused with its own line, and nothing read
from a refused file is ever shown."""

from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from migration.errors import SourceError
from migration.read.archives import unpacked
from migration.read.sources import export_files, open_table

OWNERS = "id,name,number_doc\n1,Ana,79123456\n"


@contextmanager
def at_most(seconds: int):
    """A reader that blocks on a FIFO fails the test instead of hanging it."""

    def timeout(*_):
        raise AssertionError("the reader blocked")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def export(tmp_path) -> Path:
    folder = tmp_path / "export"
    (folder / "2023").mkdir(parents=True)
    (folder / "2023" / "propietarios.csv").write_text(OWNERS)
    return folder


def refusal(call) -> str:
    with at_most(5), pytest.raises(SourceError) as caught:
        call()
    return str(caught.value)


def test_a_link_to_a_file_outside_is_refused_unread(export):
    (export / "mascotas.csv").symlink_to("/etc/passwd")
    message = refusal(lambda: export_files(export))
    assert message == (
        "mascotas.csv: a symbolic link leading outside the folder 'export'; it is not read"
    )
    assert "root" not in message and "passwd" not in message


def test_a_link_out_is_refused_by_open_table_too(export, tmp_path):
    (tmp_path / "secret.csv").write_text("id,name,number_doc\n9,Secreto,1\n")
    (export / "propietarios2.csv").symlink_to(tmp_path / "secret.csv")
    message = refusal(lambda: open_table(export / "propietarios2.csv", root=export))
    assert message.startswith("propietarios2.csv: a symbolic link leading outside")
    assert "Secreto" not in message


def test_a_link_to_a_folder_outside_is_refused(export, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "mascotas.csv").write_text("id,owner_id,name\n1,1,Kiwi\n")
    (export / "more").symlink_to(tmp_path / "elsewhere")
    assert refusal(lambda: export_files(export)).startswith(
        "more: a symbolic link leading outside the folder 'export'"
    )


def test_a_link_that_stays_inside_is_followed(export):
    (export / "copia.csv").symlink_to(export / "2023" / "propietarios.csv")
    found = export_files(export)
    assert [name for _, name in found] == ["2023/propietarios.csv", "copia.csv"]
    table = open_table(found[1][0], display_name="copia.csv", root=export)
    assert [r.values["name"] for r in table.rows] == ["Ana"]


def test_a_relative_link_climbing_out_is_refused(export):
    (export / "2023" / "x.csv").symlink_to("../../outside.csv")
    (export.parent / "outside.csv").write_text(OWNERS)
    assert refusal(lambda: export_files(export)).startswith("2023/x.csv: a symbolic link")


def test_a_fifo_is_not_a_regular_file(export):
    os.mkfifo(export / "mascotas.csv")
    assert refusal(lambda: export_files(export)) == (
        "mascotas.csv: not a regular file (a device, a pipe or a socket); it is not read"
    )
    assert refusal(lambda: open_table(export / "mascotas.csv")).startswith(
        "mascotas.csv: not a regular file"
    )


def test_dev_null_is_not_a_regular_file():
    assert refusal(lambda: open_table("/dev/null")) == (
        "null: not a regular file (a device, a pipe or a socket); it is not read"
    )


def test_a_folder_given_as_a_file(export):
    assert refusal(lambda: open_table(export / "2023")) == "2023: is a folder, not a file"


def test_a_link_loop(export):
    (export / "a.csv").symlink_to(export / "b.csv")
    (export / "b.csv").symlink_to(export / "a.csv")
    assert refusal(lambda: export_files(export)) == (
        "a.csv: a symbolic link that leads back to itself (a loop)"
    )


def test_a_broken_link_and_a_missing_file(export):
    (export / "gone.csv").symlink_to(export / "nothing.csv")
    assert refusal(lambda: open_table(export / "gone.csv")) == (
        "gone.csv: a symbolic link to a file that does not exist"
    )
    assert refusal(lambda: open_table(export / "nothing.csv")) == "nothing.csv: file not found"


def test_a_path_through_a_file(export):
    path = export / "2023" / "propietarios.csv" / "x.csv"
    assert refusal(lambda: open_table(path)) == "x.csv: the file cannot be read: Not a directory"


def test_hidden_and_lock_files_and_other_names_are_left_out(export):
    (export / ".propietarios.csv").write_text(OWNERS)
    (export / "~$propietarios.csv").write_text(OWNERS)
    (export / "manifest.json").write_text("{}")
    os.mkfifo(export / "notes.pipe")  # not named like a data file: not opened either
    assert [name for _, name in export_files(export)] == ["2023/propietarios.csv"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: os.mkfifo(p), "source.zip: not a regular file"),
        (lambda p: None, "source.zip: file not found"),
        (lambda p: p.write_text("id\n"), "source.zip: neither a folder nor a ZIP file"),
    ],
)
def test_the_source_given_as_a_file(tmp_path, make, message):
    source = tmp_path / "source.zip"
    make(source)

    def enter():
        with unpacked(source):
            pass

    assert refusal(enter).startswith(message)


def test_a_mapping_file_that_is_a_pipe_or_a_device(tmp_path):
    from migration.read.mapping import load_mapping

    os.mkfifo(tmp_path / "mapping.toml")
    assert refusal(lambda: load_mapping(tmp_path / "mapping.toml")).startswith(
        "mapping.toml: not a regular file"
    )
    assert refusal(lambda: load_mapping("/dev/zero")) == (
        "zero: not a regular file (a device, a pipe or a socket); it is not read"
    )
