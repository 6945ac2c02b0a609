"""``manage.py COMMAND --help`` works for every command of the project, in both languages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.utils import translation

PROJECT_APPS = {"accounts", "clinic", "migration"}
COMMANDS = sorted(name for name, app in get_commands().items() if app in PROJECT_APPS)
ROOT = Path(__file__).resolve().parents[2]


def test_the_project_has_commands_to_check():
    assert {"import_okvet", "verify_migration", "rollback_migration"} <= set(COMMANDS)


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("name", COMMANDS)
def test_help_prints_and_exits_0(name, language, capsys):
    with translation.override(language), pytest.raises(SystemExit) as exited:
        call_command(name, "--help")
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert f"manage.py {name}" in out or name in out
    assert "Traceback" not in out


def test_help_is_translated():
    with translation.override("es"):
        spanish = _help("import_okvet")
    with translation.override("en"):
        english = _help("import_okvet")
    assert "Import a whole OkVet export" in english
    assert "Import a whole OkVet export" not in spanish
    assert "exportación" in spanish


def _help(name: str) -> str:
    from django.core.management import load_command_class

    command = load_command_class(get_commands()[name], name)
    return command.create_parser("manage.py", name).format_help()


def test_help_from_the_command_line():
    """The real entry point, in the default language (Spanish): no traceback, exit 0."""
    done = subprocess.run(
        [sys.executable, "manage.py", "verify_migration", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "verify_migration" in done.stdout
