"""Two owners merged from the console: found by name or document, shown side by side, merged
into the one kept, the merge listed and undone."""

import pytest
from django.urls import reverse

from clinic.models import OwnerProfile, Pet
from migration.models import OwnerMerge
from tests.console.reviewing import imported, staff, text  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/migracion/propietarios/fusionar/"


@pytest.fixture
def marias(imported):  # noqa: F811
    """María (OkVet 101, and 104 merged into her by the import: same document) and Juan."""
    return OwnerProfile.objects.get(legacy_id="101"), OwnerProfile.objects.get(legacy_id="102")


def test_owners_found_by_name_and_by_document(staff, marias):  # noqa: F811
    assert reverse("console:merge") == URL
    maria, juan = marias
    by_name = staff.get(URL, {"q": "rodríguez"}).content.decode()
    assert f'value="{juan.pk}"' in by_name and f'value="{maria.pk}"' not in by_name
    by_document = staff.get(URL, {"q": "52.123.456"}).content.decode()
    assert f'value="{maria.pk}"' in by_document and f'value="{juan.pk}"' not in by_document
    assert "Ningún propietario activo coincide" in text(staff.get(URL, {"q": "zzzz"}))


def test_merge_after_the_preview_then_undo(staff, marias):  # noqa: F811
    kept, other = marias
    preview = staff.get(URL, {"propietario": [kept.pk, other.pk]})
    shown = text(preview)
    assert "Lado a lado" in shown and "Rocky" in shown and "Kiwi" in shown
    assert f'value="{kept.pk}" checked' in preview.content.decode()
    done = staff.post(URL, {"propietario": [kept.pk, other.pk], "sobrevive": kept.pk}, follow=True)
    assert "se fusionó" in text(done)
    merge = OwnerMerge.objects.get()
    assert (merge.survivor_id, merge.merged_id, merge.merged_by) == (kept.pk, other.pk, staff.user)
    assert Pet.objects.get(legacy_id="203").owner_id == kept.pk
    undo = reverse("console:merge_undo", args=[merge.pk])
    assert undo in done.content.decode()
    undone = staff.post(undo, follow=True)
    assert "Fusión deshecha" in text(undone) and "Deshecha el" in text(undone)
    assert Pet.objects.get(legacy_id="203").owner_id == other.pk
    again = staff.post(undo, follow=True)
    assert "no hay una fusión" in text(again)
    assert staff.get(undo).status_code == 405


def test_a_merge_asks_for_two_owners_and_the_one_kept(staff, marias):  # noqa: F811
    kept, other = marias
    assert "exactamente dos" in text(staff.get(URL, {"propietario": [kept.pk]}))
    refused = staff.post(
        URL, {"propietario": [kept.pk, other.pk], "sobrevive": "9999"}, follow=True
    )
    assert "el que se conserva" in text(refused)
    missing = staff.post(URL, {"propietario": [kept.pk, 9999], "sobrevive": kept.pk}, follow=True)
    assert "el que se conserva" in text(missing)
    assert not OwnerMerge.objects.exists()


def test_a_merge_the_service_refuses_is_a_sentence(staff, marias, monkeypatch):  # noqa: F811
    from console.views import merge
    from migration.errors import MergeError

    def refuse(**kwargs):
        raise MergeError("an owner cannot be merged into itself")

    monkeypatch.setattr(merge, "owners_merge", refuse)
    kept, other = marias
    page = staff.post(URL, {"propietario": [kept.pk, other.pk], "sobrevive": kept.pk}, follow=True)
    assert "no se puede fusionar consigo mismo" in text(page)
    assert "Lado a lado" in text(page)
