import re
import smtplib

import pytest
from django.utils import translation

from accounts.invitations import Site, invitation_message, invitation_send, password_link
from tests.accounts.people import make_owner

pytestmark = pytest.mark.django_db
SITE = Site("clinica.example.co", "https")
LINK = re.compile(r"https://clinica\.example\.co(/cuenta/contrasena/[^/\s]+/[^/\s]+/)")


def invite(*owners):
    with translation.override("es"):
        return invitation_send(users=[o.user for o in owners], site=SITE)


def test_an_imported_owner_gets_an_invitation_in_spanish(mailoutbox, settings):
    settings.CLINIC_NAME = "Clínica Veterinaria Pet & Friends"
    ana = make_owner()
    result = invite(ana)
    assert result.sent == [ana.user] and len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ana.torres@example.co"]
    assert mail.subject == (
        "Clínica Veterinaria Pet & Friends le invita a ver la historia de sus mascotas"
    )
    assert "Hola, Ana Torres:" in mail.body and "Pet & Friends" in mail.body  # not &amp;
    assert LINK.search(mail.body)
    assert "con este correo o su número de documento" in mail.body
    assert "https://clinica.example.co/cuenta/login/" in mail.body
    assert "durante 7 días" in mail.body
    ana.user.refresh_from_db()
    assert ana.user.invited_at is not None and not ana.user.has_usable_password()


def test_the_invitation_link_sets_the_first_password_and_signs_in(client, mailoutbox):
    ana = make_owner()
    invite(ana)
    path = LINK.search(mailoutbox[0].body).group(1)
    with translation.override("es"):
        form = client.get(path, follow=True)
        assert "Elija su contraseña" in form.content.decode()
        done = client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "Perro-Firulais-2026", "new_password2": "Perro-Firulais-2026"},
            follow=True,
        )
    assert done.redirect_chain[-1][0] == "/mis-mascotas/"
    assert "Su contraseña quedó guardada" in done.content.decode()
    assert int(client.session["_auth_user_id"]) == ana.user.pk
    ana.user.refresh_from_db()
    assert ana.user.check_password("Perro-Firulais-2026")
    client.logout()
    with translation.override("es"):  # the link worked once
        again = client.get(path, follow=True).content.decode()
    assert "Este enlace ya no sirve" in again and "/cuenta/olvide-mi-contrasena/" in again
    response = client.post(
        "/cuenta/login/", {"username": "1020304050", "password": "Perro-Firulais-2026"}
    )
    assert response.status_code == 302


def test_a_weak_password_is_refused_with_the_reason(client, mailoutbox):
    ana = make_owner()
    invite(ana)
    path = LINK.search(mailoutbox[0].body).group(1)
    with translation.override("es"):
        form = client.get(path, follow=True)
        page = client.post(
            form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
        ).content.decode()
    assert "demasiado común" in page and "_auth_user_id" not in client.session


def test_owners_without_an_email_or_inactive_are_listed_not_sent(mailoutbox):
    ana = make_owner()
    juan = make_owner("Juan", email="", document="3104445566")
    gone = make_owner("Pedro", email="pedro@example.co", document="80111222", active=False)
    result = invite(ana, juan, gone)
    assert result.sent == [ana.user]
    assert result.without_email == [juan.user] and result.inactive == [gone.user]
    assert [m.to for m in mailoutbox] == [["ana.torres@example.co"]]
    juan.user.refresh_from_db()
    assert juan.user.invited_at is None


def test_a_refused_message_is_failed_and_the_others_still_go(mailoutbox, monkeypatch):
    ana = make_owner()
    luis = make_owner("Luis", email="luis@example.co", document="80111222")
    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages

    def refuse_luis(self, messages):
        if messages[0].to == ["luis@example.co"]:
            raise smtplib.SMTPRecipientsRefused({"luis@example.co": (550, b"no")})
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_luis)
    result = invite(ana, luis)
    assert result.sent == [ana.user] and result.failed == [luis.user]
    luis.user.refresh_from_db()
    assert luis.user.invited_at is None


def test_a_mail_server_out_of_reach_fails_every_invitation(mailoutbox, monkeypatch):
    ana = make_owner()
    from django.core.mail.backends.locmem import EmailBackend

    def unreachable(self):
        raise ConnectionRefusedError("no server")

    monkeypatch.setattr(EmailBackend, "open", unreachable, raising=False)
    result = invite(ana)
    assert result.failed == [ana.user] and result.sent == [] and mailoutbox == []


def test_the_link_stops_working_when_the_email_changes(client):
    ana = make_owner()
    link = password_link(ana.user, SITE)
    ana.user.email = "otra@example.co"
    ana.user.save()
    path = LINK.search(link).group(1)
    with translation.override("es"):
        assert "Este enlace ya no sirve" in client.get(path, follow=True).content.decode()


def test_an_owner_without_a_document_is_told_to_use_the_email(settings):
    settings.PASSWORD_RESET_TIMEOUT = 86400
    owner = make_owner(document="")
    with translation.override("es"):
        body = invitation_message(owner.user, SITE).body
    assert "ingrese con este correo y su contraseña" in body
    assert "durante un día" in body
    owner.user.refresh_from_db()
    assert owner.user.invited_at is None
