"""The README is the clinic's manual: it must name every issue code and every command."""

from pathlib import Path

from migration.issues import CATALOG

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_issue_code_with_its_severity():
    for code, issue_type in CATALOG.items():
        assert f"| `{code}` | {issue_type.severity} |" in README, code


def test_readme_documents_every_command():
    commands = Path(__file__).parent.parent / "migration" / "management" / "commands"
    for path in commands.glob("*.py"):
        if not path.name.startswith("_"):
            assert path.stem in README, path.stem
