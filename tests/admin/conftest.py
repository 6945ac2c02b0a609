"""The admin as the clinic owner sees it: Spanish (the site's language), logged in as staff."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from migration.models import MigrationRun


@pytest.fixture
def owner_user(db):
    return get_user_model().objects.create_superuser(
        "pablo", "p@example.com", "x", first_name="Pablo", last_name="Ruiz"
    )


@pytest.fixture
def staff(client, owner_user):
    client.force_login(owner_user)
    return client


@pytest.fixture
def clinical(run, tmp_path) -> int:
    """A generated export with every table (owners, pets, their history, invoices, files),
    imported for real in the clinic's language (the issues' descriptions are stored in it):
    the run's id."""
    out = tmp_path / "generated"
    run(
        "generate_okvet_export",
        f"--output={out}",
        "--owners=16",
        "--pets=24",
        "--clinical",
        "--seed=5",
    )
    with translation.override("es"):
        run("import_okvet", f"--source={out}", "--no-progress")
    return MigrationRun.objects.get().pk
