"""Every issue code says, in a few words and in plain Spanish, what it is and what to do."""

import pytest
from django.utils import translation

from migration.issues import CATALOG


def spanish(text: str) -> str:
    with translation.override("es"):
        return translation.gettext(text)


@pytest.mark.parametrize("code", list(CATALOG))
def test_every_code_has_a_label_and_an_advice_translated_to_spanish(code):
    issue_type = CATALOG[code]
    for text in (issue_type.label, issue_type.advice):
        assert text and spanish(text) != text, (code, text)
    assert len(issue_type.label) <= 50, code


@pytest.mark.parametrize("code", list(CATALOG))
def test_nothing_the_clinic_reads_names_a_command_line_option(code):
    issue_type = CATALOG[code]
    for text in (issue_type.label, issue_type.advice, issue_type.template):
        assert "--" not in text and "--" not in spanish(text), (code, text)


def test_the_label_and_advice_are_what_the_console_shows():
    with translation.override("es"):
        assert translation.gettext(CATALOG["invalid-date"].label) == "Fecha no válida"
        assert translation.gettext(CATALOG["invalid-email"].advice) == (
            "Pida al propietario su correo electrónico y escríbalo en su ficha."
        )
