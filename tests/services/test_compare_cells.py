"""The comparison shows each cell in words: a rule's note by its label, file references by
their names (never JSON or a Python list)."""

from django.utils import translation

from migration.services.compare import _note, _shown

FILES = [
    {"name": "antes Maya.png", "path": "VetFiles/1/a.png", "column": "file_before"},
    {"name": "despues Maya.pdf", "path": "VetFiles/1/b.pdf", "column": "file_after"},
]


def test_a_note_reads_as_words():
    with translation.override("es"):
        assert _note("True") == "sí" and _note("False") == "no"
        assert _note("orphan-owner") != "orphan-owner" and "-" not in _note("orphan-owner")
        assert _note("#12") == "#12"


def test_file_references_are_shown_by_their_names_each_in_its_column():
    assert _shown(FILES, "file_before") == "antes Maya.png"
    assert _shown(str(FILES), "file_after") == "despues Maya.pdf"  # read back as Python wrote it
    okvet = '[{"name": "antes Maya.png", "path": "VetFiles/1/a.png"}]'
    assert _shown(okvet, "file_before") == "antes Maya.png"
    assert _shown("[{not json", "file_before") == "[{not json"
    assert _shown("Firulais", "name") == "Firulais" and _shown([], "x") == []
