"""Files served through a view that checks who asks; never through a public /media/ URL."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from clinic.files import content_type, download_name
from clinic.models import Document
from tests.clinic import chart_data as data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def day():
    found = data.clinic_day()
    found["owner"].user.is_active = True
    found["owner"].user.save()
    return found


def url(document: Document, **query) -> str:
    link = reverse("clinic:file", args=[document.pk])
    return f"{link}?descargar=1" if query else link


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def as_staff(client):
    client.force_login(get_user_model().objects.create_user("vet", is_staff=True))


def test_staff_see_every_file_inline_when_a_browser_can_show_it(client, day):
    as_staff(client)
    response = client.get(url(day["xray"]))
    assert response.status_code == 200 and body(response) == data.PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="rx Luna.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    pdf = client.get(url(day["secret"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline;")
    assert "Content-Security-Policy" not in pdf  # Chromium shows no sandboxed PDF
    download = client.get(url(day["xray"], descargar=1))
    assert download["Content-Disposition"] == 'attachment; filename="rx Luna.png"'


def test_other_files_are_downloaded_never_shown(client, day):
    as_staff(client)
    svg = data.stored(day["pet"], "dibujo.svg", b"<svg onload='alert(1)'/>")
    page = data.stored(day["pet"], "informe", b"<html><script>alert(1)</script>", kind="other")
    response = client.get(url(svg))
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    named = client.get(url(page))
    assert named["Content-Type"] == "application/octet-stream"
    assert named["Content-Disposition"] == 'attachment; filename="informe"'


def test_the_owner_sees_their_own_pets_files_but_not_internal_ones(client, day):
    client.force_login(day["owner"].user)
    assert client.get(url(day["xray"])).status_code == 200
    assert client.get(url(day["secret"])).status_code == 404  # the file of an internal note
    own = data.stored(None, "factura.pdf", data.PDF, owner=day["owner"])
    assert client.get(url(own)).status_code == 200


def test_anyone_else_is_told_the_file_does_not_exist(client, day):
    stranger = data.owner("beto")
    stranger.user.is_active = True
    stranger.user.save()
    client.force_login(stranger.user)
    missing = Document.objects.order_by("-pk").first().pk + 100
    for link in (url(day["xray"]), url(day["secret"]), f"/archivos/{missing}/"):
        assert client.get(link).status_code == 404, link
    client.force_login(get_user_model().objects.create_user("nadie"))
    assert client.get(url(day["xray"])).status_code == 404  # signed in, owner of nothing
    client.logout()
    response = client.get(url(day["xray"]))
    assert response.status_code == 302 and "/cuenta/login/" in response["Location"]
    assert client.post(url(day["xray"])).status_code in (302, 405)


def test_a_file_gone_from_the_storage_or_never_stored_is_not_found(client, day, media):
    as_staff(client)
    (media / day["xray"].file.name).unlink()
    assert client.get(url(day["xray"])).status_code == 404
    assert client.get(url(day["consent"])).status_code == 404  # a form with no file
    Document.objects.filter(pk=day["secret"].pk).update(file="../../etc/passwd")
    assert client.get(url(day["secret"])).status_code == 404


def test_media_is_never_public_and_pages_never_link_there(client, day):
    as_staff(client)
    assert client.get(f"/media/{day['xray'].file.name}").status_code == 404
    page = client.get(f"/historia/mascota/{day['pet'].pk}/").content.decode()
    assert "/media/" not in page and url(day["xray"]) in page


def test_the_pet_photo_in_the_header(client, day):
    photo = data.stored(day["pet"], "foto.png", data.PNG, kind="photo")
    as_staff(client)
    page = client.get(f"/historia/mascota/{day['pet'].pk}/").content.decode()
    assert f'class="photo" src="{url(photo)}" alt="Foto de Luna"' in page


def test_names_and_types():
    assert content_type("okvet/ab/abc.JPG") == "image/jpeg"
    assert content_type("okvet/ab/abc") == "application/octet-stream"
    document = Document(name="rx Firulais", file="okvet/ab/abc.jpg")
    assert download_name(document) == "rx Firulais.jpg"
    assert download_name(Document(original_path="VetFiles/3/rx.pdf", file="x/y.pdf")) == "rx.pdf"


def test_a_file_of_an_unknown_okvet_pet_names_it_to_staff(client, day):
    orphan = data.stored(
        day["pet"], "consentimiento.pdf", data.PDF, kind="consent", legacy_extras={"pet_id": "77"}
    )
    as_staff(client)
    page = client.get(f"/historia/mascota/{day['pet'].pk}/").content.decode()
    assert url(orphan) in page and "Mascota de OkVet n.º 77" in page
    client.force_login(day["owner"].user)
    mine = client.get(f"/mis-mascotas/{day['pet'].pk}/").content.decode()
    assert url(orphan) in mine and "n.º 77" not in mine
    form = Document.objects.create(
        pet=day["pet"], kind="consent", name="Autorización", legacy_extras={"pet_id": "78"}
    )
    client.force_login(get_user_model().objects.get(username="vet"))
    page = client.get(f"/historia/mascota/{day['pet'].pk}/").content.decode()
    assert "Autorización" in page and "Mascota de OkVet n.º 78" in page and form.pk
