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
