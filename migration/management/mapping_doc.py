"""``docs/mapping.md``: every declared OkVet table, column by column, in Spanish and English.

Written from the declarations (``migration.read.declarations``) by ``manage.py mapping_doc``;
a test regenerates it and fails when the file in the repository is stale.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from migration.read.declarations import DECLARATIONS, RULES, Column, Table

PATH = "docs/mapping.md"
HEADER = """\
# OkVet → Pet-Friendly: where every column goes / a dónde va cada columna

Generated from `migration/read/declarations/` by `manage.py mapping_doc`: do not edit by hand.
Generado a partir de las declaraciones: no se edita a mano.

For every OkVet table: the record each row becomes, then every column: the Pet-Friendly field
it lands in and the rule `verify_migration` reads it back with (Spanish, then English). A
column not listed in a table's declaration is kept verbatim in the record's legacy extras
(`legacy_extras`). Fields: `user__email` is a field of the owner's user account,
`details.dx` a key of a JSON field; *raw* holds the text as typed, *derived* fields are also
computed from the column.
"""


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def _field(column: Column) -> str:
    if not column.target:
        return "—"
    found = [f"`{column.target}`"]
    if column.raw:
        found.append(f"raw `{column.raw}`")
    if column.derived:
        found.append("derived " + ", ".join(f"`{name}`" for name in column.derived))
    return "; ".join(found)


def _rule(column: Column, language: str) -> str:
    text = _in(language, RULES[column.rule])
    if column.how:
        text += f" (`{column.how}`)"
    if column.reason:
        text += ": " + _in(language, column.reason)
    return text.replace("|", "\\|")


def _synonyms(table: Table, name: str) -> str:
    spec = table.spec
    labels = spec.synonyms.get(name, ()) if spec else ()
    return ", ".join(labels).replace("|", "\\|")


def table_section(table: Table) -> list[str]:
    lines = [
        "",
        f"## {_in('es', table.label)} / {_in('en', table.label)} (`{table.name}`)",
        "",
        f"`{table.model}` · batch type `{table.batch_type}` · ID map `{table.id_type}`",
        "",
    ]
    if not table.read:
        return [
            *lines,
            "Not read from a file: harvested from the imported records' file references.",
        ]
    lines += [
        "| OkVet | Pet-Friendly | Regla | Rule | Encabezados / headers |",
        "|---|---|---|---|---|",
    ]
    for name, column in table.rules.items():
        lines.append(
            f"| `{name}` | {_field(column)} | {_rule(column, 'es')} | {_rule(column, 'en')} "
            f"| {_synonyms(table, name)} |"
        )
    return lines


def mapping_markdown() -> str:
    lines = [HEADER.rstrip("\n")]
    for table in DECLARATIONS.values():
        lines += table_section(table)
    return "\n".join(lines) + "\n"
