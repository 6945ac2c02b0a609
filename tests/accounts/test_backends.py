import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from accounts.backends import MAX_CANDIDATES, accounts_for, normalized_document
from tests.accounts.people import make_owner

pytestmark = pytest.mark.django_db
PASSWORD = "Perro-Firulais-2026"


@pytest.fixture
def ana():
    return make_owner(password=PASSWORD)


def sign_in(name, password=PASSWORD):
    return authenticate(RequestFactory().post("/cuenta/login/"), username=name, password=password)


def test_the_document_is_compared_as_the_profile_keeps_it():
    assert normalized_document(" 1.020.304-050 ") == "1020304050"
    assert normalized_document("e-12345 ñ") == "E12345N"


@pytest.mark.parametrize(
    "name",
    [
        "ana.torres@example.co",
        "ANA.Torres@Example.CO",
        " ana.torres@example.co ",
        "1020304050",
        "1.020.304.050",
        "1 020 304 050",
    ],
)
def test_an_owner_signs_in_with_their_email_or_document(ana, name):
    assert sign_in(name) == ana.user


def test_the_generated_username_still_works(ana):
    assert ana.user.username.startswith("okvet-")
    assert sign_in(ana.user.username) == ana.user


def test_a_wrong_password_or_an_unknown_name_signs_nobody_in(ana):
    assert sign_in("ana.torres@example.co", "wrong-password") is None
    assert sign_in("nobody@example.co") is None
    assert sign_in("") is None
    assert authenticate(RequestFactory().post("/"), username="1020304050", password=None) is None


def test_an_imported_owner_has_no_password_to_guess():
    imported = make_owner("Juan Rodríguez", email="juan@example.co", document="3104445566")
    assert not imported.user.has_usable_password()
    assert sign_in("juan@example.co", "") is None
    assert sign_in("3104445566", "!") is None


def test_an_inactive_account_cannot_sign_in():
    make_owner(password=PASSWORD, active=False)
    assert sign_in("ana.torres@example.co") is None


def test_a_short_number_is_not_taken_for_a_document():
    make_owner(password=PASSWORD, document="123")
    assert sign_in("123") is None


def test_a_shared_email_signs_in_whoever_the_password_is_theirs():
    ana = make_owner(password=PASSWORD, email="familia@example.co")
    luis = make_owner(
        "Luis Torres", email="familia@example.co", document="80111222", password="Gato-Michi-2026"
    )
    assert sign_in("familia@example.co") == ana.user
    assert sign_in("familia@example.co", "Gato-Michi-2026") == luis.user


def test_two_accounts_with_one_email_and_one_password_sign_nobody_in():
    make_owner(password=PASSWORD, email="familia@example.co")
    make_owner("Luis Torres", email="familia@example.co", document="80111222", password=PASSWORD)
    assert sign_in("familia@example.co") is None


def test_more_accounts_than_a_family_for_one_name_sign_nobody_in():
    owners = [
        make_owner(f"Owner {n}", email="shared@example.co", document=f"5000{n}", password=PASSWORD)
        for n in range(MAX_CANDIDATES + 1)
    ]
    assert accounts_for("shared@example.co").count() == len(owners)
    assert sign_in("shared@example.co") is None


def test_staff_sign_in_with_their_username_and_keep_their_permissions(django_user_model):
    vet = django_user_model.objects.create_user(
        "laura", email="laura@clinica.co", password=PASSWORD, is_staff=True
    )
    assert sign_in("laura") == vet and sign_in("laura@clinica.co") == vet
    assert not vet.has_perm("clinic.view_pet")
    from django.contrib.auth.models import Permission

    vet.user_permissions.add(Permission.objects.get(codename="view_pet"))
    assert sign_in("laura").has_perm("clinic.view_pet")


def test_blank_names_match_no_account(ana):
    assert list(accounts_for("   ")) == []
