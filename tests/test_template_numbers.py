"""With es-CO's thousand separator on, a number put into a URL or a form value must stay a
number: 2025 and 1234, never 2.025 or 1.234."""

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


def test_a_year_filter_keeps_the_year_as_its_value():
    year = SimpleNamespace(value=2025, label="2025", selected=False, count=1)
    page = SimpleNamespace(kinds=[], years=[year], filtered=False)
    html = render_to_string(
        "clinic/chart/_filters.html",
        {"page": page, "request": RequestFactory().get("/historia/mascota/1/")},
    )
    assert 'value="2025"' in html and "2.025" not in html


def test_the_history_pages_link_to_page_numbers_over_a_thousand():
    page = SimpleNamespace(
        has_previous=True, has_next=True, has_other_pages=True, object_list=[],
        previous_page_number=1233, next_page_number=1235,
        number=1234, paginator=SimpleNamespace(num_pages=2000),
    )  # fmt: skip
    html = render_to_string("console/history.html", {"page": page, "rows": []})
    assert "pagina=1233" in html and "pagina=1235" in html and "1.23" not in html
