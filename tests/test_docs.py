"""The README is the engineer's manual: it must name every issue code and every command. The
clinic's guide (``docs/guia-migracion.md``) must name only console pages that exist."""

import os
import re
from pathlib import Path
from types import SimpleNamespace

from django.urls import resolve, reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from console.views.signoff import confirmation_words
from migration.issues import CATALOG
from migration.models import MigrationBatch, MigrationRun

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_issue_code_with_its_severity():
    for code, issue_type in CATALOG.items():
        assert f"| `{code}` | {issue_type.severity} |" in README, code


def test_readme_documents_every_command():
    commands = Path(__file__).parent.parent / "migration" / "management" / "commands"
    for path in commands.glob("*.py"):
        if not path.name.startswith("_"):
            assert path.stem in README, path.stem


ROOT = Path(__file__).parent.parent
GUIDE_FILE = ROOT / "docs" / "guia-migracion.md"
GUIDE = GUIDE_FILE.read_text(encoding="utf-8") if GUIDE_FILE.is_file() else ""
CONSOLE_PATH = re.compile(r"/migracion/[\w\-/]*")
FLAG = re.compile(r"(?<![\w-])--[a-z]")
BIN_COMMAND = re.compile(r"(?<![\w./])bin/[a-z][\w-]*")  # not .venv/bin/python
LINK = re.compile(r"\]\(#([^)]+)\)")
HEADING = re.compile(r"^#+ (.+)$", re.MULTILINE)


def test_the_clinic_guide_exists_and_the_readme_links_it():
    assert GUIDE_FILE.is_file()
    assert "](docs/guia-migracion.md)" in README


def test_every_console_path_the_guide_names_is_a_console_page():
    paths = set(CONSOLE_PATH.findall(GUIDE))
    assert "/migracion/" in paths
    for path in sorted(paths):
        assert resolve(path).namespace == "console", path


def test_the_guide_names_the_pages_the_owner_goes_through():
    """Its example run is number 12; a page renamed in the console must be renamed here."""
    pages = [reverse(f"console:{name}") for name in ("home", "upload", "history", "merge")]
    pages += [
        reverse(f"console:{name}", args=[12])
        for name in ("report", "comparison", "issues", "signoff")
    ]
    for page in pages:
        assert f"`{page}`" in GUIDE, page


def test_the_guide_speaks_to_the_clinic_without_command_line_flags():
    assert not FLAG.findall(GUIDE)


def test_the_guides_links_inside_it_lead_to_its_headings():
    anchors = {_anchor(heading) for heading in HEADING.findall(GUIDE)}
    links = LINK.findall(GUIDE)
    assert links
    for link in links:
        assert link in anchors, link


def test_every_bin_command_the_readme_and_the_guide_name_exists():
    named = set(BIN_COMMAND.findall(README)) | set(BIN_COMMAND.findall(GUIDE))
    assert {"bin/demo", "bin/test", "bin/console"} <= named
    for command in sorted(named):
        path = ROOT / command
        assert path.is_file() and os.access(path, os.X_OK), command


def test_the_readme_says_how_to_start_the_console():
    section = README.split("## The migration console", 1)[1].split("\n## ", 1)[0]
    for needed in ("bin/console", "db_worker", "runserver", "Ctrl-C", "createsuperuser"):
        assert needed in section, needed


def _anchor(heading: str) -> str:
    """A heading's anchor as GitHub builds it: ``## 1. Cómo pedir`` → ``1-cómo-pedir``."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


SCREEN_WORDS = {
    "New migration": "console/templates/console/upload.html",
    "Start a trial": "console/templates/console/upload_detail.html",
    "I have reviewed the trial's report": "console/forms.py",
    "Import for real": "console/templates/console/upload_detail.html",
    "Undo (rollback)": "migration/admin/runs.py",
}
"""The buttons and boxes the guide names, by their msgid → where the console shows them."""


def test_the_buttons_the_guide_names_are_the_consoles():
    for msgid, source in SCREEN_WORDS.items():
        assert msgid in (ROOT / source).read_text(encoding="utf-8"), msgid
        with translation.override("es"):
            assert gettext(msgid) in " ".join(GUIDE.split()), msgid  # across line breaks


def test_the_admin_lists_the_guide_names_are_the_admins():
    with translation.override("es"):
        for model in (MigrationRun, MigrationBatch):
            assert f"*{capfirst(model._meta.verbose_name_plural)}*" in GUIDE, model


def test_the_confirmation_the_guide_asks_for_signs():
    words = confirmation_words(SimpleNamespace(pk=12))
    assert "FIRMAR" in words and "**FIRMAR**" in GUIDE
