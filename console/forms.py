"""The runs side's forms: the column mapping of an upload, and the real run's confirmation.

The upload itself is read by its own handler (``console.uploading``) as it arrives; its page
names the fields (``export``, several files; ``attachments``, one ZIP).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, gettext_lazy

from console.mapping import NOT_IMPORTED, MappingRow, column_label

NOT_IMPORTED_TEXT = gettext_lazy("Do not import (kept with the record as it came)")


def _option(row: MappingRow, choice) -> tuple[str, str]:
    return choice.column, column_label(row.table, choice.column)


class MappingForm(forms.Form):
    """One select per header to map: "do not import", the suggested columns, the others."""

    def __init__(self, rows: list[MappingRow], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            suggested = [_option(row, c) for c in row.choices if c.suggested]
            others = [_option(row, c) for c in row.choices if not c.suggested]
            choices: list = [(NOT_IMPORTED, NOT_IMPORTED_TEXT)]
            if suggested:
                choices.append((gettext_lazy("Suggested columns"), suggested))
            if others:
                choices.append((gettext_lazy("Other columns"), others))
            self.fields[row.key] = forms.ChoiceField(
                label=row.header, choices=choices, initial=row.initial, required=False
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        seen: dict[tuple[str, str], str] = {}
        for row in self.rows:
            column = cleaned.get(row.key) or NOT_IMPORTED
            if column == NOT_IMPORTED:
                continue
            other = seen.get((row.table, column))
            if other is not None:
                self.add_error(
                    row.key,
                    gettext("«{other}» already goes to this column.").format(other=other),
                )
            seen[(row.table, column)] = row.header
        return cleaned

    def chosen(self) -> dict[tuple[str, str], str]:
        return {
            (row.table, row.header): self.cleaned_data.get(row.key) or NOT_IMPORTED
            for row in self.rows
        }

    def pairs(self):
        """Each row with its bound field, for the template."""
        return [(row, self[row.key]) for row in self.rows]


class RealRunForm(forms.Form):
    reviewed = forms.BooleanField(
        label=gettext_lazy("I have reviewed the trial's report"), required=False
    )
