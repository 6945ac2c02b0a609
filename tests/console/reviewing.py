"""What the review side's tests share: an imported export, a staff user's and a plain user's
browser, the console's pages read back as text."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model

from migration.models import MigrationRun


@pytest.fixture
def imported(run, export) -> MigrationRun:
    """The engine's owners and pets imported as one run; pets without a known owner are
    skipped (a critical issue each), so the run has rows to correct."""
    run("import_okvet", f"--source={export}", "--require-owner", "--no-progress")
    return MigrationRun.objects.get()


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user(
        "dra", "dra@clinica.co", "x", is_staff=True, first_name="Laura", last_name="Ríos"
    )
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def plain(client):
    client.force_login(get_user_model().objects.create_user("cliente", "c@mail.co", "x"))
    return client


def text(response) -> str:
    """The page's visible text, tags dropped, white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def hrefs(response) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', response.content.decode())]
