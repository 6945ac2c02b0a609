import pytest
from django.contrib.auth import get_user_model

from clinic.models import ChangeLog, OwnerProfile

pytestmark = pytest.mark.django_db


def test_editing_an_imported_owner_leaves_a_trail(client, run, fixtures):
    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    user = get_user_model().objects.create_superuser("owner", "o@example.com", "x")
    client.force_login(user)
    maria = OwnerProfile.objects.get(legacy_id="101")
    url = f"/admin/clinic/ownerprofile/{maria.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update({"city": "Chía", "user": maria.user_id})
    data = {k: v for k, v in data.items() if v is not False}
    for prefix in ("pets",):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    log = ChangeLog.objects.get()
    assert log.changes["city"] == ["Bogotá", "Chía"]
    assert (log.model, log.object_id, log.changed_by) == ("clinic.OwnerProfile", maria.pk, user)
    assert client.get("/admin/clinic/changelog/").status_code == 200


def test_imported_history_and_its_lines_are_read_only(rf, run, fixtures):
    from django.contrib import admin

    from clinic.models import MedicalRecord, MedicalRecordItem

    run("import_okvet_clients", f"--file={fixtures / 'engine' / 'propietarios.csv'}")
    run("import_okvet_pets", f"--file={fixtures / 'engine' / 'mascotas.csv'}")
    records = fixtures / "records"
    run(
        "import_okvet_records",
        f"--file={records / 'formulas_cabecera.csv'}",
        f"--file={records / 'formulas_items.csv'}",
    )
    request = rf.get("/")
    request.user = get_user_model().objects.create_superuser("o", "o@example.com", "x")
    for obj in (MedicalRecord.objects.first(), MedicalRecordItem.objects.first()):
        model_admin = admin.site._registry[type(obj)]
        assert not model_admin.has_change_permission(request, obj)
        assert not model_admin.has_delete_permission(request, obj)
        assert model_admin.has_change_permission(request, None)
