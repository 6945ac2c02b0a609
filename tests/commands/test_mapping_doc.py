"""docs/mapping.md is generated from the table declarations and kept up to date."""

from pathlib import Path

import pytest
from django.core.management.base import CommandError

from migration.management.mapping_doc import mapping_markdown
from migration.read.declarations import DECLARATIONS

DOC = Path(__file__).resolve().parents[2] / "docs" / "mapping.md"


def test_the_mapping_doc_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == mapping_markdown(), "run: manage.py mapping_doc"


def test_every_column_of_every_table_is_in_the_doc_in_both_languages():
    text = mapping_markdown()
    for table in DECLARATIONS.values():
        assert f"(`{table.name}`)" in text
        for name in table.rules:
            assert f"| `{name}` |" in text, (table.name, name)
    assert "| `mobile` | `mobile`; raw `mobile_raw` | teléfono en formato E.164" in text
    assert "phone in E.164 form" in text


def test_check_fails_on_a_stale_file_and_the_command_rewrites_it(run, tmp_path):
    path = tmp_path / "mapping.md"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("mapping_doc", f"--output={path}", "--check")
    assert caught.value.returncode == 1
    assert "mapping_doc" in str(caught.value)
    run("mapping_doc", f"--output={path}")
    assert path.read_text(encoding="utf-8") == mapping_markdown()
    assert "up to date" in run("mapping_doc", f"--output={path}", "--check").out


def test_an_unwritable_place_is_one_line(run, tmp_path):
    with pytest.raises(CommandError) as caught:
        run("mapping_doc", f"--output={tmp_path / 'missing' / 'mapping.md'}")
    assert caught.value.returncode == 2
