import pytest

from migration.errors import MappingFileError
from migration.read.mapping import load_mapping


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_keys_are_normalised(tmp_path):
    path = write(tmp_path, "m.toml", '[pets]\n"Nº Chip" = "code"\n')
    assert load_mapping(path) == {"pets": {"nochip": "code"}}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "m.toml",
            '[clientes]\n"X" = "id"\n',
            "m.toml: unknown table 'clientes'; known tables: owners",
        ),
        (
            "m.toml",
            '[owners]\n"Cel." = "celular"\n',
            "m.toml, column 'Cel.': 'celular' is not a column of owners",
        ),
        ("m.toml", "owners = 3\n", "m.toml: table 'owners' must map source headers to columns"),
        ("m.json", "[1, 2]", "m.json: expected a table of tables"),
        ("m.json", "{nope", "m.json: the mapping file is not valid JSON"),
        ("m.toml", "[owners\n", "m.toml: the mapping file is not valid TOML"),
    ],
)
def test_bad_mapping_files_are_one_line(tmp_path, name, text, message):
    with pytest.raises(MappingFileError) as caught:
        load_mapping(write(tmp_path, name, text))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_unreadable_mapping_file(tmp_path):
    with pytest.raises(MappingFileError, match="cannot read the mapping file"):
        load_mapping(tmp_path / "absent.toml")
