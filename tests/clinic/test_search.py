"""The staff's patient search: every key, accents and case aside, counted and paged."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from clinic.display import age
from clinic.models import DatePrecision, OwnerProfile, Pet, Species
from clinic.search import PAGE_SIZE, age_of, pets_matching, species_of, terms_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pets(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    return {pet.legacy_id: pet for pet in Pet.objects.all()}


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user("vet", password="x", is_staff=True)
    client.force_login(user)
    return user


def found(query: str) -> set[str]:
    """The OkVet ids of the pets ``query`` finds."""
    return set(pets_matching(query).values_list("legacy_id", flat=True))


MARIA = {"201", "202", "204", "207"}  # Kiwi came with María Pérez, merged into her


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("firulais", {"201", "207"}),
        ("FIRULÁIS", {"201", "207"}),
        ("huerfano", {"205"}),
        ("HUÉRFANO", {"205"}),
        ("juan rodriguez", {"203"}),
        ("JUAN RODRÍGUEZ", {"203"}),
        ("rodríg", {"203"}),
        ("maría pérez", MARIA),
        ("firulais perez", {"201", "207"}),
        ("michi gomez", {"202"}),
        ("michi rodriguez", set()),
    ],
)
def test_names_of_pets_and_owners_whatever_their_accents_and_case(pets, query, expected):
    assert found(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("52.123.456", MARIA),
        ("52123456", MARIA),
        ("e-12345", set()),  # Luis Díaz has no pet, but the document is his
        ("5212", set()),  # a document is matched whole
        ("300 111 2233", MARIA),
        ("+57 300-111-2233", MARIA),
        ("(601) 123 4567", {"208"}),
        ("maria.perez@MAIL.com", MARIA),
        ("982000123456789", {"201"}),
        ("982 000 123 456 789", {"201"}),
        ("203", {"203"}),
        ("#203", {"203"}),
        ("102", {"203"}),  # the OkVet id of Rocky's owner
    ],
)
def test_documents_phones_emails_chips_and_okvet_ids(pets, query, expected):
    assert found(query) == expected


def test_an_empty_query_finds_nothing(pets):
    assert not pets_matching("   ").exists()
    assert terms_of(" ") is None


def test_what_a_query_may_be():
    terms = terms_of("  María   300-111-2233 ")
    assert terms.words == ("maria", "300-111-2233")
    assert terms.document == "MARIA3001112233"
    assert terms.phones == ()  # letters and digits together are no phone
    assert terms_of("3001112233").phones == ("+573001112233",)
    assert terms_of("+52 55 1234 5678").phones == ("+525512345678",)
    assert terms_of("12345").phones == ()


def test_results_are_counted_and_paged(pets, client, staff):
    owner = OwnerProfile.objects.get(legacy_id="102")
    Pet.objects.bulk_create(
        Pet(owner=owner, name=f"Pelusa {n:02d}", species=Species.CAT) for n in range(45)
    )
    with translation.override("es"):
        first = client.get("/historia/", {"q": "pelusa"})
        page = first.content.decode()
        assert "Pacientes encontrados: 45" in page
        assert page.count('class="card"') == PAGE_SIZE
        assert "Página 1 de 3" in page and 'rel="next"' in page and 'rel="prev"' not in page
        last = client.get("/historia/", {"q": "pelusa", "page": "3"}).content.decode()
        assert last.count('class="card"') == 45 - 2 * PAGE_SIZE
        assert "Pelusa 44" in last and "Pelusa 00" not in last and 'rel="prev"' in last
        beyond = client.get("/historia/", {"q": "pelusa", "page": "99"}).content.decode()
        assert "Pelusa 44" in beyond
        one = client.get("/historia/", {"q": "michi"}).content.decode()
        assert "Pacientes encontrados: 1" in one and "Página" not in one


def test_each_result_shows_species_breed_age_and_owner(pets, client, staff):
    with translation.override("es"):
        page = client.get("/historia/", {"q": "52123456"}).content.decode()
        firulais = pets["201"]
        assert age(firulais.birth_date, date.today()) in page
        assert "Perro · mestizo" in page or "Perro · Mestizo" in page
        assert "Maria Perez Gomez" in page and "+573001112233" in page
        assert "982000123456789" in page
        assert page.count("<h2>") == len(MARIA)


def test_the_age_is_as_precise_as_the_birth_date(pets):
    rocky = pets["203"]  # deceased on 2022-08-01
    rocky.birth_date, rocky.birth_date_precision = date(2020, 8, 1), DatePrecision.EXACT
    assert age_of(rocky, date(2030, 1, 1)) == "2 years"
    rocky.birth_date_precision = DatePrecision.YEAR
    assert age_of(rocky, date(2030, 1, 1)) == "about 2 years"
    rocky.birth_date = None
    assert age_of(rocky, date(2030, 1, 1)) == ""


def test_another_species_says_what_okvet_called_it(pets):
    kiwi = pets["204"]
    kiwi.species, kiwi.species_original = Species.OTHER, "Guacamaya"
    assert species_of(kiwi) == "Other (Guacamaya)"
    assert species_of(pets["201"]) == "Dog"


def test_the_form_is_labelled_and_results_are_a_list_of_headings(pets, client, staff):
    page = client.get("/historia/", {"q": "firulais"}).content.decode()
    assert '<label for="search-q">' in page and 'id="search-q"' in page
    assert "<ol" in page and page.count("<h2>") == 2
    assert 'role="status"' in page
    nothing = client.get("/historia/", {"q": "zzz"}).content.decode()
    assert "Ningún paciente coincide." in nothing and "Pacientes encontrados: 0" in nothing


def test_only_staff_reach_the_search(pets, client):
    response = client.get("/historia/", {"q": "firulais"})
    assert response.status_code == 302 and "login" in response["Location"]
    owner = OwnerProfile.objects.get(legacy_id="101")
    client.force_login(owner.user)
    response = client.get("/historia/", {"q": "firulais"})
    assert response.status_code == 302 and "Firulais" not in response.content.decode()


def test_a_phone_of_an_unknown_country_is_kept_as_typed():
    assert terms_of("+999 123 4567").phones == ("+9991234567",)


def test_the_empty_search_page_asks_without_counting(client, staff):
    page = client.get("/historia/").content.decode()
    assert 'id="search-q"' in page and 'role="status"' not in page


def test_clinic_codes_are_found_whole(pets):
    Pet.objects.filter(legacy_id="202").update(clinic_code="H-77")
    Pet.objects.filter(legacy_id="208").update(clinic_code="4512")
    assert found("H-77") == {"202"} and found("h-77") == set()  # a code is matched as written
    assert found("4512") == {"208"}
    assert found("45") == set()
