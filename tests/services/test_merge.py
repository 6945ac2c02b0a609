import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from clinic.models import OwnerProfile, Pet
from migration.errors import MergeError
from migration.models import ExternalIdMapping, MigrationBatch, OwnerMerge
from migration.services.merge import owners_merge, owners_merge_undo

pytestmark = pytest.mark.django_db


@pytest.fixture
def owners(run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    return OwnerProfile.objects.get(legacy_id="101"), OwnerProfile.objects.get(legacy_id="106")


def test_merge_moves_pets_and_ids_and_can_be_undone(owners):
    maria, ana = owners
    Pet.objects.filter(legacy_id="203").update(owner=ana)
    merge = owners_merge(survivor_id=maria.pk, merged_id=ana.pk)
    assert Pet.objects.get(legacy_id="203").owner == maria
    mapping = ExternalIdMapping.objects.get(source_type="client", source_id="106")
    assert (mapping.target_id, mapping.is_alias) == (maria.pk, True)
    assert OwnerProfile.objects.get(pk=ana.pk).is_active is False
    owners_merge_undo(merge_id=merge.pk)
    assert Pet.objects.get(legacy_id="203").owner == ana
    mapping.refresh_from_db()
    assert (mapping.target_id, mapping.is_alias) == (ana.pk, False)
    assert OwnerProfile.objects.get(pk=ana.pk).is_active is True
    with pytest.raises(MergeError):
        owners_merge_undo(merge_id=merge.pk)
    with pytest.raises(MergeError):
        owners_merge(survivor_id=maria.pk, merged_id=maria.pk)


def test_an_import_with_merged_owners_can_still_be_rolled_back(run, owners):
    maria, ana = owners
    owners_merge(survivor_id=maria.pk, merged_id=ana.pk)
    clients = MigrationBatch.objects.get(batch_type="clients")
    with pytest.raises(CommandError, match="dependents"):
        run("rollback_migration", f"--batch-id={clients.pk}", "--no-input")
    pets = MigrationBatch.objects.get(batch_type="pets")
    run("rollback_migration", f"--batch-id={pets.pk}", "--no-input")
    run("rollback_migration", f"--batch-id={clients.pk}", "--no-input")
    assert not OwnerProfile.objects.filter(source_system="okvet").exists()
    assert not OwnerMerge.objects.exists()


def test_admin_merge_and_undo(client, owners):
    maria, ana = owners
    client.force_login(get_user_model().objects.create_superuser("o", "o@example.com", "x"))
    client.post(
        "/admin/clinic/ownerprofile/",
        {
            "action": "merge_owners",
            "_selected_action": [str(maria.pk), str(ana.pk)],
            "survivor": str(maria.pk),
            "confirm": "1",
        },
    )
    merge = OwnerMerge.objects.get()
    assert (merge.survivor, merge.merged) == (maria, ana)
    client.post(
        "/admin/migration/ownermerge/", {"action": "undo", "_selected_action": [str(merge.pk)]}
    )
    merge.refresh_from_db()
    assert merge.undone_at is not None
    client.post(
        "/admin/clinic/ownerprofile/",
        {"action": "merge_owners", "_selected_action": [str(maria.pk)]},
    )
    assert OwnerMerge.objects.count() == 1


def _merge_form(*owners, **more):
    return {"action": "merge_owners", "_selected_action": [str(o.pk) for o in owners], **more}


def test_admin_merge_shows_a_preview_first(client, owners):
    from django.utils import translation

    maria, ana = owners
    client.force_login(get_user_model().objects.create_superuser("o", "o@example.com", "x"))
    with translation.override("es"):
        page = client.post("/admin/clinic/ownerprofile/", _merge_form(maria, ana))
    text = page.content.decode()
    assert page.status_code == 200 and not OwnerMerge.objects.exists()
    # side by side: fields, pets, history counts; the oldest chosen by default
    assert "Maria Perez Gomez" in text and "Ana Torres" in text
    assert "+573001112233" in text and "Conservar este propietario" in text
    assert "Firulais (OkVet 201)<br>Michi (OkVet 202)" in text
    assert "<th>Facturas</th><td>0</td><td>0</td>" in text
    assert f'value="{maria.pk}" checked' in text
    assert "Mascotas" in text and "Facturas" in text
    # a survivor that is not among the selected owners only shows the preview again
    page = client.post(
        "/admin/clinic/ownerprofile/", _merge_form(maria, ana, survivor="999999", confirm="1")
    )
    assert page.status_code == 200 and not OwnerMerge.objects.exists()


def test_admin_merge_into_the_chosen_owner(client, owners):
    maria, ana = owners
    client.force_login(get_user_model().objects.create_superuser("o", "o@example.com", "x"))
    client.post(
        "/admin/clinic/ownerprofile/", _merge_form(maria, ana, survivor=str(ana.pk), confirm="1")
    )
    merge = OwnerMerge.objects.get()
    assert (merge.survivor, merge.merged) == (ana, maria)
    assert set(
        Pet.objects.filter(legacy_id__in=["201", "202"]).values_list("owner", flat=True)
    ) == {ana.pk}
    owners_merge_undo(merge_id=merge.pk)
    assert Pet.objects.get(legacy_id="201").owner == maria


def test_owner_page_shows_alternate_contacts_in_spanish(client, owners):
    from django.utils import translation

    maria, _ana = owners
    maria.alternate_contacts = [
        {"batch": 7, "source_id": "104", "field": "mobile", "value": "+573005550000"},
        {"batch": 7, "source_id": "104", "field": "email", "value": "m@mail.com"},
        {"batch": 7, "source_id": "104", "field": "phone2", "value": "+576011234567"},
        {"batch": 8, "source_id": "105", "field": "fax", "value": "601 555"},
    ]
    maria.save(update_fields=["alternate_contacts"])
    client.force_login(get_user_model().objects.create_superuser("o", "o@example.com", "x"))
    with translation.override("es"):
        text = client.get(f"/admin/clinic/ownerprofile/{maria.pk}/change/").content.decode()
    assert "Celular (E.164): +573005550000 — del registro 104 de OkVet (lote 7)" in text
    assert "Correo: m@mail.com" in text and "Contactos alternos" in text
    assert "+576011234567" in text
    assert "fax: 601 555 — del registro 105 de OkVet (lote 8)" in text
    assert '"field"' not in text  # not raw JSON
    empty = client.get(f"/admin/clinic/ownerprofile/{_ana.pk}/change/").content.decode()
    assert "Contactos alternos" in empty and "del registro" not in empty
