import re

import pytest
from django.utils import translation

from tests.accounts.people import make_owner

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://testserver(/cuenta/contrasena/[^/\s]+/[^/\s]+/)")


def ask(client, name):
    with translation.override("es"):
        return client.post("/cuenta/olvide-mi-contrasena/", {"email": name}, follow=True)


def test_the_page_is_linked_from_sign_in_and_labels_its_field(client):
    with translation.override("es"):
        page = client.get("/cuenta/olvide-mi-contrasena/").content.decode()
    assert "<h1>¿Olvidó su contraseña?</h1>" in page
    assert '<label for="id_email">Correo o número de documento' in page


def test_an_imported_owner_without_a_password_gets_the_link(client, mailoutbox, settings):
    settings.CLINIC_NAME = "Clínica Kanú"
    ana = make_owner()
    assert not ana.user.has_usable_password()  # Django's own form would skip her
    page = ask(client, "Ana.Torres@example.co").content.decode()
    assert "Revise su correo" in page
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ana.torres@example.co"]
    assert mailoutbox[0].subject == "Clínica Kanú: elija una contraseña nueva"
    path = LINK.search(mailoutbox[0].body).group(1)
    with translation.override("es"):
        form = client.get(path, follow=True)
        client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "Gato-Michi-2026!", "new_password2": "Gato-Michi-2026!"},
        )
    ana.user.refresh_from_db()
    assert ana.user.check_password("Gato-Michi-2026!")


def test_the_document_number_finds_the_account_and_mails_its_email(client, mailoutbox):
    make_owner(password="Vieja-Clave-2020")
    ask(client, "1.020.304.050")
    assert [m.to for m in mailoutbox] == [["ana.torres@example.co"]]


def test_the_page_says_the_same_when_nobody_is_found(client, mailoutbox):
    make_owner("Juan", email="", document="3104445566")
    found_nobody = ask(client, "nadie@example.co").content.decode()
    no_email = ask(client, "3104445566").content.decode()
    assert "Revise su correo" in found_nobody and "Revise su correo" in no_email
    assert mailoutbox == []


def test_an_inactive_account_gets_no_link(client, mailoutbox):
    make_owner(active=False)
    ask(client, "ana.torres@example.co")
    assert mailoutbox == []
