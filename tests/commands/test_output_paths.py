"""Exit codes tell the truth: every output option of every command is checked before anything
is written. A path whose folder does not exist, that is a folder, whose folder is a file, that
cannot be written or is empty: one line, exit code 2, and indeed nothing written — no batch, no
run, no sign-off, no clinic row, no file. Wrong arguments too. Once the work is saved, a report
that still cannot be written (its folder removed meanwhile, a full disk) exits 1, not 2."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from django.core.management.base import CommandError

from clinic.models import OwnerProfile, Pet, Product
from migration.management import outputs
from migration.models import MigrationBatch, MigrationRecord, MigrationRun, MigrationSignoff

pytestmark = pytest.mark.django_db

OUTPUT_WORDS = ("output", "json", "report", "export", "csv", "html", "xlsx")


def migration_commands() -> list[str]:
    return sorted(name for name, app in get_commands().items() if app == "migration")


def test_every_output_option_of_every_command_is_checked():
    """An option naming a file or folder to write is in the command's ``outputs``."""
    for name in migration_commands():
        command = load_command_class("migration", name)
        parser = command.create_parser("manage.py", name)
        checked = set(command.outputs) | set(command.output_folders)
        for action in parser._actions:
            flags = " ".join(action.option_strings)
            if action.nargs == 0 or not any(word in flags for word in OUTPUT_WORDS):
                continue
            assert action.dest in checked, (name, flags)


def counts() -> dict[str, int]:
    models = (MigrationBatch, MigrationRecord, MigrationRun, MigrationSignoff)
    return {m.__name__: m.objects.count() for m in (*models, OwnerProfile, Pet, Product)}


@pytest.fixture
def imported(run, export):
    run("import_okvet", f"--source={export}", "--no-progress")
    return MigrationRun.objects.get().pk


@pytest.fixture
def retry_args(run, fixtures, tmp_path):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}", "--require-owner")
    batch = MigrationBatch.objects.get(batch_type="pets")
    corrected = tmp_path / "corregido.csv"
    run("export_migration_errors", f"--batch-id={batch.pk}", f"--output={corrected}")
    return [f"--batch-id={batch.pk}", f"--file={corrected}"]


def invocation(name: str, request, fixtures) -> list[str]:
    """Arguments with which the command would run and write, given a writable output."""
    engine = fixtures / "engine"
    if name == "import_okvet":
        return [name, f"--source={request.getfixturevalue('export')}", "--no-progress"]
    if name == "import_okvet_clients":
        return [name, f"--file={engine / 'propietarios.csv'}", "--no-progress"]
    if name == "import_okvet_pets":
        return [name, f"--file={engine / 'mascotas.csv'}", "--no-progress"]
    if name == "import_okvet_products":
        return [name, f"--file={fixtures / 'billing' / 'productos.csv'}", "--no-progress"]
    if name == "retry_migration":
        return [name, *request.getfixturevalue("retry_args"), "--no-progress"]
    if name == "signoff_migration":
        run_id = request.getfixturevalue("imported")
        return [name, f"--run-id={run_id}", "--by=Dr. Pablo", "--accept-critical"]
    if name == "export_migration_errors":
        request.getfixturevalue("retry_args")
        batch = MigrationBatch.objects.get(batch_type="pets")
        return [name, f"--batch-id={batch.pk}"]
    if name == "compare_migration":
        request.getfixturevalue("imported")
        return [name, f"--output={request.getfixturevalue('tmp_path') / 'ok.html'}"]
    return [name]  # verify_migration, mapping_doc


OPTIONS = [
    ("import_okvet", "--report-json"),
    ("import_okvet_clients", "--report-json"),
    ("import_okvet_pets", "--report-json"),
    ("import_okvet_products", "--report-json"),
    ("retry_migration", "--report-json"),
    ("signoff_migration", "--output"),
    ("export_migration_errors", "--output"),
    ("verify_migration", "--json"),
    ("verify_migration", "--report"),
    ("compare_migration", "--output"),
    ("compare_migration", "--json"),
    ("mapping_doc", "--output"),
]


def unwritable(tmp_path: Path, monkeypatch) -> dict[str, tuple[str, str]]:
    """Paths a file cannot be written at, and why (as the message says it)."""
    (tmp_path / "a-file.txt").write_text("x")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        outputs.os,
        "access",
        lambda path, mode: False if Path(path) == locked else real_access(path, mode),
    )
    return {
        "missing folder": (str(tmp_path / "no" / "r.json"), f"the folder {tmp_path / 'no'} "
                           "does not exist"),
        "a folder": (str(tmp_path), "it is a folder"),
        "folder is a file": (str(tmp_path / "a-file.txt" / "r.json"),
                             f"{tmp_path / 'a-file.txt'} is not a folder"),
        "permission denied": (str(locked / "r.json"), "permission denied"),
        "empty": ("", "no file name"),
    }  # fmt: skip


@pytest.mark.parametrize("problem", ["missing folder", "a folder", "folder is a file",
                                     "permission denied", "empty"])  # fmt: skip
@pytest.mark.parametrize(("name", "option"), OPTIONS)
def test_an_output_that_cannot_be_written_stops_the_command_before_it_writes(
    run, request, fixtures, tmp_path, monkeypatch, name, option, problem
):
    args = invocation(name, request, fixtures)
    path, reason = unwritable(tmp_path, monkeypatch)[problem]
    before, files_before = counts(), sorted(tmp_path.rglob("*"))
    with pytest.raises(CommandError) as caught:
        run(*args, f"{option}={path}")
    assert caught.value.returncode == 2
    assert str(caught.value) == f"cannot write {path}: {reason}; nothing was written"
    assert counts() == before
    assert sorted(tmp_path.rglob("*")) == files_before


def test_the_message_is_spanish_by_default(run, tmp_path):
    from django.utils import translation

    with translation.override("es"), pytest.raises(CommandError) as caught:
        run("verify_migration", f"--json={tmp_path / 'no' / 'r.json'}")
    assert str(caught.value) == (
        f"no se puede escribir {tmp_path / 'no' / 'r.json'}: la carpeta {tmp_path / 'no'} "
        "no existe; no se escribió nada"
    )


@pytest.mark.parametrize(
    ("problem", "reason"),
    [("is a file", "it is not a folder"), ("under a file", "{file} is not a folder"),
     ("permission denied", "permission denied"), ("empty", "no folder name")],
)  # fmt: skip
def test_the_export_generator_checks_its_folder(run, tmp_path, monkeypatch, problem, reason):
    file = tmp_path / "a-file.txt"
    file.write_text("x")
    monkeypatch.setattr(outputs.os, "access", lambda path, mode: problem != "permission denied")
    path = {"is a file": file, "under a file": file / "out", "empty": ""}.get(
        problem, tmp_path / "new" / "out"
    )
    with pytest.raises(CommandError) as caught:
        run("generate_okvet_export", f"--output={path}", "--owners=1", "--pets=1")
    assert caught.value.returncode == 2
    assert str(caught.value) == (
        f"cannot write {path}: {reason.format(file=file)}; nothing was written"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file.txt"]


def test_a_writable_output_is_written(run, export, tmp_path):
    report = tmp_path / "new.json"
    run("import_okvet", f"--source={export}", "--no-progress", f"--report-json={report}")
    assert report.read_text(encoding="utf-8").startswith("{")


def test_mapping_doc_check_writes_nothing_and_needs_no_writable_path(run, tmp_path):
    with pytest.raises(CommandError) as caught:
        run("mapping_doc", "--check", f"--output={tmp_path / 'no' / 'mapping.md'}")
    assert caught.value.returncode == 1 and "is stale" in str(caught.value)


def test_a_report_that_fails_after_the_import_was_saved_exits_1(run, fixtures, monkeypatch):
    def full_disk(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_text", full_disk)
    with pytest.raises(CommandError) as caught:
        run(
            "import_okvet_clients",
            f"--file={fixtures / 'engine' / 'propietarios.csv'}",
            "--no-progress",
            "--report-json=report.json",
        )
    assert caught.value.returncode == 1
    assert str(caught.value) == (
        "cannot write report.json: No space left on device; the rest was saved"
    )
    assert MigrationBatch.objects.get().status == "completed" and OwnerProfile.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--batch-size=0"], "--batch-size must be at least 1"),
     (["--time-zone=Nowhere/Land"], "unknown time zone 'Nowhere/Land'"),
     (["--region=ZZ"], "unknown region 'ZZ': a country code such as CO or MX"),
     (["--mapping=/nonexistent/mapping.toml"], "mapping.toml"),
     (["--file=/nonexistent/owners.csv"], "owners.csv")],
)  # fmt: skip
@pytest.mark.parametrize("name", ["import_okvet_clients", "import_okvet"])
def test_wrong_arguments_exit_2_and_write_nothing(run, request, fixtures, name, args, message):
    base = invocation(name, request, fixtures)
    if name == "import_okvet" and args[0].startswith("--file="):
        base, args = [name, "--no-progress"], ["--source=/nonexistent/owners.csv"]
    before = counts()
    with pytest.raises(CommandError) as caught:
        run(*base, *args)
    assert caught.value.returncode == 2 and "\n" not in str(caught.value)
    assert message in str(caught.value)
    assert counts() == before
