"""Writing owners: a user account (no usable password) plus an owner profile per OkVet owner."""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection

from clinic.models import OwnerProfile
from migration.load.base import OKVET
from migration.load.writer import TableWriter, rows_where_in

USER_COLUMNS = (
    "id",
    "password",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
)
PROFILE_FIELDS = (
    "full_name",
    "ident_type",
    "ident_number",
    "ident_number_normalized",
    "mobile",
    "mobile_raw",
    "phone",
    "phone_raw",
    "phone2",
    "phone2_raw",
    "address",
    "city",
    "region",
    "country",
    "country_code",
    "authorized_contact",
    "person_kind",
    "tax_regime",
    "habeas_at",
    "created_at",
    "updated_at",
)
NULLABLE = frozenset({"habeas_at", "created_at", "updated_at"})
_PROFILE_DEFAULTS = tuple((name, None if name in NULLABLE else "") for name in PROFILE_FIELDS)
PROFILE_COLUMNS = (
    "id",
    "user_id",
    *PROFILE_FIELDS,
    "notes",
    "is_active",
    "is_contactable",
    "source_system",
    "legacy_id",
    "legacy_extras",
    "alternate_contacts",
)
PROFILE_MODEL = "clinic.OwnerProfile"
_every_profile_value = itemgetter(*PROFILE_FIELDS)


def _profile_values(fields: dict[str, Any]) -> tuple:
    """A converted owner has every profile field; a placeholder owner only some."""
    try:
        return _every_profile_value(fields)
    except KeyError:
        return tuple(fields.get(name, default) for name, default in _PROFILE_DEFAULTS)


class OwnerWriter:
    """Collects owners of a chunk and writes users then profiles, two statements in all."""

    def __init__(self) -> None:
        self.users = TableWriter(get_user_model(), USER_COLUMNS)
        self.profiles = TableWriter(OwnerProfile, PROFILE_COLUMNS)
        self._users: list[tuple] = []
        self._profiles: list[tuple] = []

    def reserve(self) -> tuple[int, int]:
        """Allocate a (user id, profile id) pair."""
        return self.users.next_id(), self.profiles.next_id()

    def add(self, ids: tuple[int, int], fields: dict[str, Any], meta: dict[str, Any]) -> None:
        user_id, profile_id = ids
        self._users.append(
            (
                user_id,
                UNUSABLE_PASSWORD_PREFIX,
                False,
                meta["username"],
                fields.get("first_name", ""),
                fields.get("last_name", ""),
                fields.get("email", ""),
                False,
                meta.get("is_active", True),
                meta["now"],
            )
        )
        self._profiles.append(
            (
                profile_id,
                user_id,
                *_profile_values(fields),
                meta.get("notes", ""),
                meta.get("is_active", True),
                meta.get("is_contactable", True),
                OKVET,
                meta.get("legacy_id", ""),
                meta.get("extras", {}),
                meta.get("alternates", []),
            )
        )

    def flush(self) -> None:
        self.users.write(self._users)
        self.profiles.write(self._profiles)
        self._users.clear()
        self._profiles.clear()


def taken_usernames(candidates: Iterable[str]) -> set[str]:
    table = connection.ops.quote_name(get_user_model()._meta.db_table)
    sql = f"SELECT username FROM {table} WHERE username IN ({{marks}})"
    return {name for (name,) in rows_where_in(sql, sorted(set(candidates)))}
