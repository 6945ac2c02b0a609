import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from tests.accounts.people import make_owner

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/accounts/user/"


@pytest.fixture
def admin_client_es(client):
    boss = get_user_model().objects.create_superuser("direccion", password="x")
    client.force_login(boss)
    return client


@pytest.fixture
def owners():
    return {
        "ana": make_owner(),
        "juan": make_owner("Juan Rodríguez", email="", document="3104445566"),
        "luis": make_owner("Luis Díaz", email="", document="E-12345", password="Clave-2026-x"),
    }


def changelist(client, **query):
    with translation.override("es"):
        response = client.get(CHANGELIST, query)
    assert response.status_code == 200
    return response


def test_owners_without_an_email_are_listed_for_the_clinic(admin_client_es, owners):
    response = changelist(admin_client_es, tipo="propietario", correo="sin")
    shown = {u.pk for u in response.context["cl"].result_list}
    assert shown == {owners["juan"].user.pk, owners["luis"].user.pk}
    page = response.content.decode()
    assert "Juan Rodríguez" in page and "3104445566" in page and "Ana Torres" not in page
    assert "sin correo" in page and "Enviar invitación" in page
    with_email = changelist(admin_client_es, correo="con").context["cl"].result_list
    assert [u.pk for u in with_email] == [owners["ana"].user.pk]  # the superuser has none


def test_access_says_who_can_sign_in(admin_client_es, owners, mailoutbox):
    assert {
        u.pk for u in changelist(admin_client_es, acceso="sin-invitar").context["cl"].result_list
    } == {owners["ana"].user.pk, owners["juan"].user.pk}
    admin_client_es.post(
        CHANGELIST,
        {"action": "send_invitation", "_selected_action": [owners["ana"].user.pk]},
    )
    invited = changelist(admin_client_es, acceso="invitada").context["cl"].result_list
    assert [u.pk for u in invited] == [owners["ana"].user.pk]
    with_password = changelist(admin_client_es, acceso="contrasena").context["cl"].result_list
    assert owners["luis"].user.pk in {u.pk for u in with_password}
    page = changelist(admin_client_es, tipo="propietario").content.decode()
    assert "invitada, aún sin contraseña" in page and "tiene contraseña" in page
    staff = changelist(admin_client_es, tipo="equipo").context["cl"].result_list
    assert [u.username for u in staff] == ["direccion"]


def test_the_action_sends_invitations_and_says_what_it_did(admin_client_es, owners, mailoutbox):
    selected = [o.user.pk for o in owners.values()]
    with translation.override("es"):
        response = admin_client_es.post(
            CHANGELIST,
            {"action": "send_invitation", "_selected_action": selected},
            follow=True,
        )
    said = [str(m) for m in response.context["messages"]]
    assert "Invitaciones enviadas: 1." in said
    assert "Sin invitar por no tener correo (agréguelo y envíe de nuevo): 2." in said
    assert [m.to for m in mailoutbox] == [["ana.torres@example.co"]]
    assert "http://testserver/cuenta/contrasena/" in mailoutbox[0].body


def test_the_search_finds_an_owner_by_name_or_document(admin_client_es, owners):
    found = changelist(admin_client_es, q="3104445566").context["cl"].result_list
    assert [u.pk for u in found] == [owners["juan"].user.pk]
    found = changelist(admin_client_es, q="Rodríguez").context["cl"].result_list
    assert [u.pk for u in found] == [owners["juan"].user.pk]


def test_messages_for_every_outcome():
    from django.contrib import messages

    from accounts.admin import invitation_messages
    from accounts.invitations import InvitationResult

    with translation.override("es"):
        lines = invitation_messages(InvitationResult(sent=[1, 2], inactive=[3], failed=[4]))
    assert lines == [
        (messages.SUCCESS, "Invitaciones enviadas: 2."),
        (messages.WARNING, "Sin invitar por estar inactivas: 1."),
        (messages.ERROR, "Rechazadas por el servidor de correo (inténtelo más tarde): 1."),
    ]
    assert invitation_messages(InvitationResult()) == []


def test_the_account_page_shows_when_it_was_invited(admin_client_es, owners):
    with translation.override("es"):
        page = admin_client_es.get(f"{CHANGELIST}{owners['ana'].user.pk}/change/")
    assert page.status_code == 200 and "Invitación enviada el" in page.content.decode()


def test_the_owners_admin_invites_its_owners_too(admin_client_es, owners, mailoutbox):
    selected = [o.pk for o in owners.values()]
    with translation.override("es"):
        response = admin_client_es.post(
            "/admin/clinic/ownerprofile/",
            {"action": "send_invitation", "_selected_action": selected},
            follow=True,
        )
    said = [str(m) for m in response.context["messages"]]
    assert "Invitaciones enviadas: 1." in said
    assert [m.to for m in mailoutbox] == [["ana.torres@example.co"]]
