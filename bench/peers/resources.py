"""django-import-export resources for OkVet's owners file: what a Django developer would write.

An owner is two rows, as ``import_okvet_clients`` writes it: a user account (``accounts.User``,
user name ``okvet-<OkVet id>``, no usable password, the name split at its first space) and an
owner profile (``clinic.OwnerProfile``) pointing at it. django-import-export imports one model a
resource, so the file is imported twice, users first, inside one transaction: a failed row
rolls both back (``raise_errors``). Each column is copied as written: no phone in E.164, no
document normalised, no email checked, no duplicate looked for, soft-deleted rows imported
like the others; the profile's ``legacy_id`` is OkVet's id. Dates are parsed by the library's
widget, in the clinic's time zone. Nothing is tracked: no records, issues or id mappings.

``UserResource``/``OwnerResource`` keep the library's defaults: each row looked up before it
is saved (the user by user name, the profile by its user), saved on its own in a savepoint,
and compared with what it was (a diff kept for the report of every row).
``Tuned…`` follow the library's "Performance tuning" advice: ``use_bulk`` (``bulk_create`` per
``batch_size`` = 1,000 rows), ``force_init_instance`` (every row is new: no lookup),
``skip_diff``, and a foreign-key widget that reads the users once instead of once a row.
"""

from __future__ import annotations

from pathlib import Path

import tablib
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from import_export import fields, resources, widgets

from clinic.models import OwnerProfile
from clinic.models.base import Origin

User = get_user_model()
USERNAME = "okvet-{}"
"""The user name ``import_okvet_clients`` gives an owner's account."""


class Username(widgets.CharWidget):
    """OkVet's id → the account's user name."""

    def clean(self, value, row=None, **kwargs):
        return USERNAME.format(value)


class NamePart(widgets.CharWidget):
    """One half of the name (``"Rocío Ayala Ruiz"`` → ``"Rocío"`` and ``"Ayala Ruiz"``)."""

    def __init__(self, part: int) -> None:
        super().__init__()
        self.part = part

    def clean(self, value, row=None, **kwargs):
        first, _, rest = (value or "").strip().partition(" ")
        return (first, rest.strip())[self.part]


class OwnerUser(widgets.ForeignKeyWidget):
    """The owner's account, found by the user name made from OkVet's id: a query a row."""

    def __init__(self) -> None:
        super().__init__(User, field="username")

    def clean(self, value, row=None, **kwargs):
        return super().clean(USERNAME.format(value) if value else value, row, **kwargs)


class CachedOwnerUser(OwnerUser):
    """The same, from one query for every account (the library's advice for bulk imports)."""

    def __init__(self) -> None:
        super().__init__()
        self.users: dict[str, User] | None = None

    def clean(self, value, row=None, **kwargs):
        if self.users is None:
            accounts = self.get_queryset(value, row).only("id", "username")
            self.users = {user.username: user for user in accounts}
        return self.users[USERNAME.format(value)]


def _column(attribute: str, column: str, widget: widgets.Widget | None = None) -> fields.Field:
    return fields.Field(
        attribute=attribute, column_name=column, widget=widget or widgets.CharWidget()
    )


class UserResource(resources.ModelResource):
    username = _column("username", "id", Username())
    first_name = _column("first_name", "name", NamePart(0))
    last_name = _column("last_name", "name", NamePart(1))

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")
        import_id_fields = ("username",)

    def init_instance(self, row=None):
        return User(password=UNUSABLE_PASSWORD_PREFIX)


class OwnerResource(resources.ModelResource):
    user = _column("user", "id", OwnerUser())
    full_name = _column("full_name", "name")
    ident_number = _column("ident_number", "number_doc")
    mobile_raw = _column("mobile_raw", "mobile")
    phone_raw = _column("phone_raw", "phone")
    phone2_raw = _column("phone2_raw", "phone2")
    authorized_contact = _column("authorized_contact", "conctact")
    person_kind = _column("person_kind", "kind_person")
    tax_regime = _column("tax_regime", "regime")
    legacy_id = _column("legacy_id", "id")

    class Meta:
        model = OwnerProfile
        fields = (
            *("user", "full_name", "ident_type", "ident_number"),
            *("mobile_raw", "phone_raw", "phone2_raw"),
            *("address", "city", "region", "country", "authorized_contact"),
            *("person_kind", "tax_regime", "habeas_at", "created_at", "updated_at", "legacy_id"),
        )
        import_id_fields = ("user",)

    def init_instance(self, row=None):
        return OwnerProfile(source_system=Origin.OKVET)


class TunedUserResource(UserResource):
    class Meta(UserResource.Meta):
        use_bulk = True
        force_init_instance = True
        skip_diff = True


class TunedOwnerResource(OwnerResource):
    user = _column("user", "id", CachedOwnerUser())

    class Meta(OwnerResource.Meta):
        use_bulk = True
        force_init_instance = True
        skip_diff = True


def read_dataset(path: Path) -> tablib.Dataset:
    """The owners file as tablib reads CSV; UTF-8 (with or without its mark), else Windows-1252."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    return tablib.Dataset().load(text, format="csv")


def import_owners(path: Path, *, tuned: bool) -> dict[str, dict[str, int]]:
    """Import the owners file's users, then its profiles, in one transaction; each
    resource's totals (``new``, ``update``, ``skip``, ``error``, ``invalid``…)."""
    dataset = read_dataset(path)
    steps = (TunedUserResource, TunedOwnerResource) if tuned else (UserResource, OwnerResource)
    totals = {}
    with transaction.atomic():
        for resource in steps:
            result = resource().import_data(dataset, raise_errors=True)
            totals[resource._meta.model._meta.label] = dict(result.totals)
    return totals
