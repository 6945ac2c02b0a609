"""How an OkVet table is read: canonical columns, required columns, header synonyms.

Canonical column names are the table-dump names (``number_doc``, ``conctact`` sic). Screen
exports label the same columns in Spanish ("Número de documento"); each table's declaration
(``migration.read.declarations``) lists those synonyms, matched after normalisation (case,
accents, spaces and punctuation ignored), so "NUMERO DE DOCUMENTO", "número_de_documento"
and "Número de documento:" are one header.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from migration.read.headers import normalize_header

TRAILER = ("created_at", "updated_at", "deleted_at")
TRAILER_SYNONYMS = {
    "created_at": ("Fecha de registro", "Fecha de creación", "Creado", "Creado el"),
    "updated_at": ("Fecha de actualización", "Actualizado", "Actualizado el"),
    "deleted_at": ("Fecha de eliminación", "Eliminado el", "Eliminado"),
}
VITALS = (
    "temperature",
    "temperature_unit",
    "weight",
    "weight_unit",
    "bcs",
    "crt",
    "heart_rate",
    "breathing_rate",
    "reflexes",
    "heartbeat",
    "saturation",
    "blood_pressure",
    "mucous_membrane",
    "glycemia",
    "palpation",
)
BODY_SYSTEMS = (
    "attitude",
    "hydration",
    "nutritional",
    "lymph_nodes",
    "mucous",
    "cardiovascular",
    "respiratory",
    "digestive",
    "urinary",
    "reproductive",
    "muscle",
    "nervous",
    "skin",
    "eyes",
    "ears",
)


@dataclass(frozen=True)
class TableSpec:
    """One OkVet table: its columns in dump order, the ones a file must have, Spanish labels."""

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...] = ("id",)
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dates: frozenset[str] = frozenset()
    screen_columns: tuple[str, ...] = ()

    @property
    def known(self) -> tuple[str, ...]:
        """The dump's columns, then columns only screen exports have (a vaccine's name)."""
        return (*self.columns, *self.screen_columns)

    def aliases(self) -> dict[str, str]:
        """Normalised header → canonical column: the column names first, then synonyms."""
        found = {normalize_header(column): column for column in self.known}
        for column, labels in self.synonyms.items():
            for label in labels:
                found.setdefault(normalize_header(label), column)
        return found


def reading(
    columns: str,
    *,
    name: str = "",
    required: tuple[str, ...] = ("id",),
    synonyms: dict[str, tuple[str, ...]] | None = None,
    dates: tuple[str, ...] = (),
    screen: tuple[str, ...] = (),
    trailer: bool = True,
) -> TableSpec:
    """How one table is read: ``columns`` in dump order as one space-separated string; a table
    of the dump also has the trailer columns (``created_at`` …) and their Spanish labels. The
    name is the table's declaration's (``migration.read.declarations``) unless given."""
    labels = dict(TRAILER_SYNONYMS) if trailer else {}
    labels.update(synonyms or {})
    ending = TRAILER if trailer else ()
    return TableSpec(
        name=name,
        columns=(*columns.split(), *ending),
        required=required,
        synonyms=labels,
        dates=frozenset((*dates, *ending)),
        screen_columns=tuple(screen),
    )


CLINICAL = "id pet_id vet_id user_id"
"""The columns every clinical table of the dump starts with."""
