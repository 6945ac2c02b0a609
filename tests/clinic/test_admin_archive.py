"""The invoice archive, products, documents, owners' merged contacts and the audit trail in the
admin: amounts the Colombian way, dates in Bogotá time, every value in words."""

import re
from datetime import date

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth import get_user_model

from clinic.admin.base import plain
from clinic.models import (
    ChangeLog,
    Document,
    DocumentKind,
    Invoice,
    OwnerProfile,
    Pet,
    Product,
    Staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    run("import_okvet_products", f"--file={fixtures / 'billing' / 'productos.csv'}")
    run("import_okvet_invoices", f"--file={fixtures / 'billing' / 'facturas.csv'}")


@pytest.fixture
def admin_user(client):
    user = get_user_model().objects.create_superuser("admin", "a@example.com", "x")
    client.force_login(user)
    return user


def text_of(response) -> str:
    html = re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_invoices_show_amounts_and_dates_the_colombian_way(client, admin_user, archive):
    page = text_of(client.get("/admin/clinic/invoice/"))
    assert "62.500 COP" in page and "05/04/2023" in page
    invoice = Invoice.objects.get(number="1001")
    detail = client.get(f"/admin/clinic/invoice/{invoice.pk}/change/")
    assert "Vacuna Rabia" in text_of(detail)
    assert '{"' not in detail.content.decode()
    lines = text_of(client.get("/admin/clinic/invoiceline/"))
    assert "12.500 COP" in lines and "Vacuna Rabia" in lines
    request = detail.wsgi_request
    inline = site._registry[Invoice].get_inline_instances(request, invoice)[0]
    assert not inline.has_add_permission(request, invoice)


def test_products_show_their_price(client, admin_user, archive):
    product = Product.objects.exclude(price=None).first()
    assert product.name in text_of(client.get("/admin/clinic/product/"))


def test_documents_without_a_date_say_so(client, admin_user, archive):
    Document.objects.create(
        pet=Pet.objects.get(legacy_id="201"), kind=DocumentKind.CONSENT, name="Consentimiento"
    )
    page = text_of(client.get("/admin/clinic/document/"))
    assert "Consentimiento" in page and "sin fecha" in page


def test_merged_contacts_are_sentences(client, admin_user, archive):
    maria = OwnerProfile.objects.get(legacy_id="101")
    maria.alternate_contacts = [
        {"field": "mobile", "value": "+573005550000", "source_id": "104", "batch": 1},
        {"field": "email", "value": "otra@mail.com", "source_id": "104", "batch": 1},
        {"field": "fax", "value": "123", "source_id": "104", "batch": 1},
    ]
    maria.save()
    page = text_of(client.get(f"/admin/clinic/ownerprofile/{maria.pk}/change/"))
    assert "+573005550000 — del registro 104 de OkVet (lote 1)" in page
    assert "Correo electrónico: otra@mail.com" in page or "otra@mail.com" in page
    assert "fax: 123" in page
    ana = OwnerProfile.objects.get(legacy_id="106")
    assert "—" in text_of(client.get(f"/admin/clinic/ownerprofile/{ana.pk}/change/"))


def test_the_audit_trail_names_what_it_can(client, admin_user, archive):
    pet = Pet.objects.get(legacy_id="201")
    logs = [
        ChangeLog.objects.create(
            model="clinic.Pet",
            object_id=pet.pk,
            object_repr=str(pet),
            changes={"sex": ["male", "female"], "owner": [None, 999999], "gone": ["a", "b"]},
        ),
        ChangeLog.objects.create(model="old.Thing", object_id=1, changes={"x": "1"}),
    ]
    pet_page = text_of(client.get(f"/admin/clinic/changelog/{logs[0].pk}/change/"))
    assert "Sexo: Macho → Hembra" in pet_page
    assert "Propietario: — → #999999" in pet_page and "Gone: a → b" in pet_page
    other = text_of(client.get(f"/admin/clinic/changelog/{logs[1].pk}/change/"))
    assert "old.Thing" in other and "X: — → 1" in other
    assert str(ChangeLog(model="clinic.Pet", object_id=3)) == "clinic.Pet #3"
    assert plain(date(2026, 12, 2)) == "2026-12-02" and plain(pet) == pet.pk


def test_a_staff_member_created_here_says_so(client, admin_user, archive):
    Staff.objects.create(name="Dra. Ana Gómez")
    assert "Creado en Pet-Friendly" in text_of(client.get("/admin/clinic/staff/"))


def test_a_documents_file_opens_through_the_checked_view_never_its_storage(
    client, admin_user, archive, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path / "media"
    document = Document(pet=Pet.objects.get(legacy_id="201"), kind="photo", name="Rx tórax.png")
    document.file.save("rx.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"\0" * 64), save=True)
    page = client.get(f"/admin/clinic/document/{document.pk}/change/").content.decode()
    assert f'href="/archivos/{document.pk}/"' in page and "/media/" not in page
    assert client.get(f"/archivos/{document.pk}/").status_code == 200
    assert client.get("/admin/clinic/document/add/").status_code == 200  # a new one is uploaded
