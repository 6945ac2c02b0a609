import pytest
from django.utils import translation

from accounts.throttle import LoginThrottle
from tests.accounts.people import make_owner, make_staff

pytestmark = pytest.mark.django_db
PASSWORD = "Perro-Firulais-2026"
LOCKED = "Demasiados intentos fallidos"


@pytest.fixture
def ana():
    return make_owner(password=PASSWORD)


def post(client, name, password, address="10.0.0.1"):
    with translation.override("es"):
        return client.post(
            "/cuenta/login/", {"username": name, "password": password}, REMOTE_ADDR=address
        )


def test_the_page_speaks_to_owners_and_labels_its_fields(client):
    with translation.override("es"):
        page = client.get("/cuenta/login/").content.decode()
    assert '<label for="id_username">Correo o número de documento' in page
    assert '<label for="id_password">Contraseña' in page
    assert 'href="/cuenta/olvide-mi-contrasena/">¿Olvidó su contraseña?</a>' in page
    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page
    assert '<main id="content"' in page and 'href="#content"' in page


def test_an_owner_signs_in_with_their_email_and_lands_on_their_pets(client, ana):
    response = post(client, "ANA.TORRES@example.co", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").url == "/mis-mascotas/"
    assert client.get("/mis-mascotas/").context["owner"] == ana


def test_a_document_number_and_a_next_page_too(client, ana):
    with translation.override("es"):
        response = client.post(
            "/cuenta/login/?next=/mis-mascotas/citas/",
            {"username": "1020304050", "password": PASSWORD, "next": "/mis-mascotas/citas/"},
        )
    assert response["Location"] == "/mis-mascotas/citas/"


def test_a_wrong_password_is_said_in_spanish_without_telling_which_part(client, ana):
    page = post(client, "ana.torres@example.co", "wrong").content.decode()
    assert "El correo, el número de documento o la contraseña no son correctos" in page
    unknown = post(client, "nadie@example.co", "wrong").content.decode()
    assert "El correo, el número de documento o la contraseña no son correctos" in unknown
    assert 'role="alert"' in page


def test_five_failures_lock_the_name_on_that_address_with_a_clear_message(client, ana):
    for _ in range(5):
        assert LOCKED not in post(client, "ana.torres@example.co", "wrong").content.decode()
    page = post(client, "ana.torres@example.co", PASSWORD).content.decode()
    assert LOCKED in page and "espere 15 minutos" in page
    assert "_auth_user_id" not in client.session  # not even the right password gets in
    # the same person elsewhere, and another name here, are not locked out
    assert post(client, "ana.torres@example.co", PASSWORD, address="10.0.0.2").status_code == 302
    client.logout()
    make_owner("Luis", email="luis@example.co", document="80111222", password=PASSWORD)
    assert post(client, "luis@example.co", PASSWORD).status_code == 302


def test_the_lock_ends_with_its_window(client, ana, settings):
    settings.LOGIN_FAILURE_WINDOW = 1
    for _ in range(5):
        post(client, "ana.torres@example.co", "wrong")
    assert LOCKED in post(client, "ana.torres@example.co", PASSWORD).content.decode()
    import time

    time.sleep(1.1)
    assert post(client, "ana.torres@example.co", PASSWORD).status_code == 302


def test_one_address_trying_many_names_is_stopped(client, ana, settings):
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 3
    for n in range(3):
        post(client, f"guess{n}@example.co", "wrong")
    assert LOCKED in post(client, "ana.torres@example.co", PASSWORD).content.decode()
    assert post(client, "ana.torres@example.co", PASSWORD, address="10.9.9.9").status_code == 302


def test_a_success_clears_the_names_failures(client, ana):
    for _ in range(4):
        post(client, "ana.torres@example.co", "wrong")
    assert post(client, "ana.torres@example.co", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        post(client, "ana.torres@example.co", "wrong")
    assert post(client, "ana.torres@example.co", PASSWORD).status_code == 302


def test_the_minutes_in_the_message_follow_the_window():
    assert LoginThrottle(5, 20, 900).minutes == 15
    assert LoginThrottle(5, 20, 61).minutes == 2
    assert LoginThrottle(5, 20, 1).minutes == 1


def test_the_admin_sign_in_is_counted_too(client):
    make_staff("laura")
    for _ in range(5):
        client.post("/admin/login/", {"username": "laura", "password": "wrong"})
    with translation.override("es"):
        page = client.post(
            "/admin/login/", {"username": "laura", "password": "Clave-de-prueba-9"}
        ).content.decode()
    assert LOCKED in page and "_auth_user_id" not in client.session


def test_signing_out_goes_back_to_the_sign_in_page(client, ana):
    client.force_login(ana.user)
    response = client.post("/cuenta/logout/")
    assert response.status_code == 302 and response["Location"] == "/cuenta/login/"
    assert "_auth_user_id" not in client.session


def test_a_signed_in_visitor_is_not_asked_to_sign_in_again(client, ana):
    client.force_login(ana.user)
    assert client.get("/cuenta/login/")["Location"] == "/"


def test_an_empty_field_is_asked_for_and_not_counted(client, ana):
    with translation.override("es"):
        page = client.post("/cuenta/login/", {"username": "", "password": ""}).content.decode()
    assert "Este campo es obligatorio." in page
    throttle = LoginThrottle.from_settings()
    assert not throttle.blocked("", "127.0.0.1")


def test_a_counter_that_expires_while_counting_starts_again(monkeypatch):
    from django.core.cache import cache

    throttle = LoginThrottle(2, 20, 900)
    throttle.failed("ana", "10.0.0.1")

    def expired(key, delta=1):
        raise ValueError(key)

    monkeypatch.setattr(cache, "incr", expired)
    throttle.failed("ana", "10.0.0.1")  # counted as the first failure of a new window
    assert not throttle.blocked("ana", "10.0.0.1")
    monkeypatch.undo()
    throttle.failed("ana", "10.0.0.1")
    assert throttle.blocked("ana", "10.0.0.1")


def test_an_owner_changes_their_password(client, ana):
    client.force_login(ana.user)
    with translation.override("es"):
        page = client.get("/cuenta/cambiar-contrasena/").content.decode()
        assert '<label for="id_old_password">' in page
        response = client.post(
            "/cuenta/cambiar-contrasena/",
            {
                "old_password": PASSWORD,
                "new_password1": "Gato-Michi-2027!",
                "new_password2": "Gato-Michi-2027!",
            },
            follow=True,
        )
    assert "Su nueva contraseña quedó guardada." in response.content.decode()
    ana.user.refresh_from_db()
    assert ana.user.check_password("Gato-Michi-2027!")
    assert int(client.session["_auth_user_id"]) == ana.user.pk  # still signed in
