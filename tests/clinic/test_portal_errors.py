"""Error pages in Spanish with the clinic's name: 404, 403, the expired form, 400 and 500."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import include, path
from django.utils import translation

from petfriendly import errors
from tests.accounts.people import make_owner


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("bad")


urlpatterns = [
    path("prohibido/", forbidden),
    path("roto/", broken),
    path("sospechoso/", suspicious),
    path("", include("petfriendly.urls")),
]
handler500 = "petfriendly.errors.server_error"

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.clinic.test_portal_errors")]


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def clinic_name(settings):
    settings.CLINIC_NAME = "Clínica Kanú"


def get(client, path):
    with translation.override("es"):
        return client.get(path)


def test_a_missing_page_or_pet_is_a_spanish_404(visitor):
    visitor.force_login(make_owner().user)
    for page_path in ("/no-existe/", "/mis-mascotas/999999/"):
        response = get(visitor, page_path)
        page = response.content.decode()
        assert response.status_code == 404, page_path
        assert "<h1>Página no encontrada</h1>" in page and "Clínica Kanú" in page
        assert "Not Found" not in page and 'lang="es"' in page


def test_a_refused_page_is_a_spanish_403(visitor):
    response = get(visitor, "/prohibido/")
    assert response.status_code == 403
    assert "<h1>Acceso no permitido</h1>" in response.content.decode()


def test_a_form_sent_without_its_token_is_a_spanish_403(settings):
    browser = Client(enforce_csrf_checks=True)
    with translation.override("es"):
        response = browser.post("/cuenta/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "<h1>La página caducó</h1>" in response.content.decode()


def test_a_bad_request_is_a_spanish_400(visitor):
    response = get(visitor, "/sospechoso/")
    assert response.status_code == 400
    assert "No se pudo leer la solicitud" in response.content.decode()


def test_a_server_error_is_a_spanish_500_without_a_traceback(visitor):
    response = get(visitor, "/roto/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Algo falló</h1>" in page and "Clínica Kanú" in page
    assert "RuntimeError" not in page and "a bug" not in page and "Traceback" not in page


def test_the_500_page_falls_back_to_a_sentence(monkeypatch, rf):
    def no_template(name):
        raise OSError("disk gone")

    monkeypatch.setattr(errors.loader, "get_template", no_template)
    with translation.override("es"):
        response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Algo falló de nuestro lado" in response.content.decode()
