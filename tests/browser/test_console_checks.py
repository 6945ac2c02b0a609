"""What the browser tests check on every page finds what it should, and only that: markup and
JSON shown as text, English and bare issue codes in the Spanish UI; and a known defect of a
page is accepted only while it is seen."""

import pytest

from tests.browser.site import Looker, shown_wrong


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Nombre: Maria &lt;script&gt;", "raw HTML '&lt;'"),
        ("El informe: <div class='report'>", "raw HTML '<div'"),
        ('Abiertos: {"critical": 2}', "raw JSON '{\"c'"),
        ("Archivo: [{'name': 'a.pdf'}]", 'raw JSON "{\'n"'),
        ("Estado: completed", "'completed' in «Estado: completed»"),
        ("Ejecución 2 · dry run", "'dry run' in «Ejecución 2 · dry run»"),
        ("Issues: 3", "'Issues' in «Issues: 3»"),
        ("Problema: DataQualityIssue object (3792)", "'object' in «"),
        ("Problema invalid-date en la fila 3", "'invalid-date' in «"),
    ],
)
def test_what_a_clinic_user_should_not_read_is_found(text, found):
    assert any(problem.startswith(found) for problem in shown_wrong(text)), shown_wrong(text)


def test_spanish_sentences_pass():
    text = (
        "Pet-Friendly · Migración\nEjecución 2 · Completada\nFilas leídas: 2.000, en 23 tablas. "
        "Peso 18,8 kg el 02/12/2026. Fecha no válida: escriba la fecha correcta. Sí, no."
    )
    assert shown_wrong(text) == []


class Page:
    url = "http://127.0.0.1/migracion/"

    def on(self, event, handler):
        pass


def looked(problems: dict[str, list[str]]) -> Looker:
    looker = Looker(Page())
    looker.problems = problems
    looker.seen = list(problems) + ["history"]
    return looker


def test_a_known_defect_is_accepted_only_while_it_is_seen():
    known = {"comparison": (r"^'True' in «",), "history": (r"^raw JSON",)}
    looker = looked({"comparison": ["at /c/", "'True' in «x»", "raw HTML '<div'"]})
    assert looker.unexplained(known) == {
        "comparison": ["at /c/", "raw HTML '<div'"],
        "history": ["fixed, take it off the list: ^raw JSON"],
    }
    fine = looked({"comparison": ["at /c/", "'True' in «x»"], "history": ["at /h/", "raw JSON"]})
    assert fine.unexplained(known) == {}
